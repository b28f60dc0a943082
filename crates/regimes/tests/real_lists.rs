//! Every code on every real list in `$INTERDICT_SHARED/lists` has a row, except
//! the ones decided on below. A new code on a list makes this fail, so it is
//! looked at, never silently mapped.

use std::collections::BTreeMap;
use std::path::PathBuf;

use interdict_model::SourceId;
use interdict_parse::{load_inputs, parse};
use interdict_regimes::{Classified, Regimes};

fn lists_dir() -> PathBuf {
    std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("lists")
}

/// Every publication held in the shared lists, as (source, files).
const PUBLICATIONS: &[(SourceId, &[&str])] = &[
    (SourceId::OfacSdn, &["ofac-sdn/2019-01-04"]),
    (SourceId::OfacSdn, &["ofac-sdn/2021-07-07"]),
    (SourceId::OfacSdn, &["ofac-sdn/2021-08-18"]),
    (SourceId::OfacSdn, &["ofac-sdn/2022-02-23"]),
    (SourceId::OfacSdn, &["ofac-sdn/2022-03-07"]),
    (SourceId::OfacSdn, &["ofac-sdn/2023-06-29"]),
    (SourceId::OfacSdn, &["ofac-sdn/2023-12-28"]),
    (SourceId::OfacSdn, &["ofac-sdn/2024-05-02"]),
    (SourceId::OfacSdn, &["ofac-sdn/2024-05-03"]),
    (SourceId::OfacCons, &["ofac-cons/2018-05"]),
    (SourceId::OfacCons, &["ofac-cons/2025-12"]),
    (
        SourceId::OfacCons,
        &["ofac-cons/consolidated_2018-04-06.xml"],
    ),
    (
        SourceId::OfacCons,
        &["ofac-cons/consolidated_2020-03-17.xml"],
    ),
    (
        SourceId::OfacCons,
        &["ofac-cons/enhanced-2025-01-10/CONS_ENHANCED.XML"],
    ),
    (SourceId::UnSc, &["un-sc/consolidated_2018-10-29.xml"]),
    (SourceId::UnSc, &["un-sc/consolidated_2020-11-24.xml"]),
    (SourceId::UnSc, &["un-sc/consolidated_2026-02-27.xml"]),
    (SourceId::UkHmt, &["uk-hmt/ConList_2016-03-23.csv"]),
    (SourceId::UkHmt, &["uk-hmt/ConList_2020-04-27.csv"]),
    (
        SourceId::UkHmt,
        &["uk-hmt/ConList_2023-06-05_resaved-in-excel.xlsx"],
    ),
    (SourceId::UkHmt, &["uk-hmt/ConList_2025-04-10.xlsx"]),
    (SourceId::UkHmt, &["uk-hmt/ConList_2025-04-14.xlsx"]),
    (SourceId::EuFsf, &["eu-fsf/sample-a_2020-04-15.xml"]),
    (SourceId::EuFsf, &["eu-fsf/sample-b_2020-04-15.xml"]),
    (SourceId::UsCsl, &["us-csl/consolidated_2022-05-06.csv.gz"]),
    (SourceId::UsCsl, &["us-csl/dpl_2021-07.txt"]),
    (
        SourceId::OpenSanctions,
        &["opensanctions/sanctions_2024-05-30.delta.ftm.json"],
    ),
];

#[test]
fn every_code_on_the_real_lists_is_mapped() {
    let table = Regimes::embedded();
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let mut mapped: BTreeMap<&str, usize> = BTreeMap::new();
    for (source, files) in PUBLICATIONS {
        let paths: Vec<PathBuf> = files.iter().map(|f| lists_dir().join(f)).collect();
        let inputs = load_inputs(&paths).expect("shared lists are readable");
        let list = parse(*source, &inputs).unwrap_or_else(|e| panic!("{files:?}: {e}"));
        for entity in &list.entities {
            for sanction in &entity.sanctions {
                for classified in table.classify(sanction) {
                    match classified {
                        Classified::Mapped { regime, .. } => {
                            *mapped.entry(regime.id.as_str()).or_default() += 1
                        }
                        Classified::Unmapped { source, code } => {
                            *unmapped.entry(format!("{source} {code}")).or_default() += 1
                        }
                    }
                }
            }
        }
    }
    // Decided: no code is left unmapped.
    assert_eq!(unmapped, BTreeMap::new());
    // A few real counts over all the publications above.
    assert_eq!(mapped["un-iran"], 84 + 84 + 121);
    assert_eq!(mapped["eu-iraq"], 7);
}
