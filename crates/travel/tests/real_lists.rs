//! Travel checks on the real lists: the UN file we hold starts in 2018, the
//! OFAC SDN file in 2019, the UK HMT file in 2016.

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::NaiveDate;
use interdict_model::SourceId;
use interdict_regimes::Regimes;
use interdict_store::{Store, VersionInfo};
use interdict_travel::{check, load_travel_set, Outcome, TravelReport, TravelRequest};

fn lists_dir() -> PathBuf {
    std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("lists")
}

/// One store for every test, imported once: UN 2018, 2020, 2026; OFAC SDN
/// 2019-01-04 and 2023-12-28; UK HMT 2016-03-23.
fn data_dir() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        for (source, file) in [
            (SourceId::UnSc, "un-sc/consolidated_2018-10-29.xml"),
            (SourceId::UnSc, "un-sc/consolidated_2020-11-24.xml"),
            (SourceId::UnSc, "un-sc/consolidated_2026-02-27.xml"),
            (SourceId::OfacSdn, "ofac-sdn/2019-01-04"),
            (SourceId::OfacSdn, "ofac-sdn/2023-12-28"),
            (SourceId::UkHmt, "uk-hmt/ConList_2016-03-23.csv"),
        ] {
            interdict_lists::import_paths(&mut store, source, &[lists_dir().join(file)], None)
                .unwrap_or_else(|e| panic!("{file}: {e}"));
        }
        dir
    })
    .path()
}

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The report and the versions screened.
fn travel(name: &str, to: &str, date: &str) -> (TravelReport, Vec<VersionInfo>) {
    let store = Store::open(data_dir()).unwrap();
    let set = load_travel_set(&store, d(date)).unwrap();
    let request = TravelRequest::new(name, to, d(date));
    let report = check(&set, Regimes::embedded(), &request);
    (report, set.versions)
}

fn has_reason(report: &TravelReport, reason: &str) -> bool {
    report.reasons.iter().any(|r| r == reason)
}

fn binding(report: &TravelReport) -> Vec<(&str, &str)> {
    report
        .bans
        .iter()
        .filter(|b| b.binds_destination)
        .map(|b| (b.regime.as_str(), b.entity_id.as_str()))
        .collect()
}

#[test]
fn soleimani_in_moscow_july_2015_violates_the_un_ban() {
    let (report, versions) = travel("Qasem Soleimani", "RU", "2015-07-24");
    assert_eq!(report.outcome, Outcome::Violation);
    assert_eq!(binding(&report), [("un-iran", "un-sc:IRi.039")]);
    let un = report.bans.iter().find(|b| b.regime == "un-iran").unwrap();
    assert!(
        un.basis.starts_with("UNSCR 1929 (2010) para 10"),
        "{}",
        un.basis
    );
    assert_eq!(un.citation, "https://undocs.org/S/RES/1929(2010)");
    assert_eq!(un.in_force_from, d("2010-06-09"));
    assert_eq!(un.until, Some(d("2016-01-16")));
    assert!(un.inference, "the UN file we hold starts in 2018");
    // The EU ban (known from the UK list's pre-2021 regime) does not bind Russia.
    let eu = report.bans.iter().find(|b| b.regime == "eu-iran").unwrap();
    assert_eq!(eu.entity_id, "uk-hmt:9062");
    assert!(!eu.binds_destination);
    assert!(report.inference());
    assert!(has_reason(&report, "un-sc:IRi.039 (QASEM SOLEIMANI): no version of un-sc held on 2015-07-24; the listing date written in the record is 2007-03-24"));
    // OFAC's record states no listing date and its first file is of 2019.
    assert!(report.reasons.iter().any(|r| r
        .starts_with("ofac-sdn:10481 (SOLEIMANI, Qasem): not counted: no version of ofac-sdn held on 2015-07-24 (first: 2019-01-04)")));
    let published: Vec<(&str, String)> = versions
        .iter()
        .map(|v| (v.source.as_str(), v.published.to_string()))
        .collect();
    assert_eq!(
        published,
        [
            ("ofac-sdn", "2019-01-04".to_string()),
            ("un-sc", "2018-10-29".to_string()),
            ("uk-hmt", "2016-03-23".to_string())
        ]
    );
    let un_match = report
        .matches
        .iter()
        .find(|m| m.hit.hit.entity_id.as_str() == "un-sc:IRi.039")
        .unwrap();
    assert_eq!(
        un_match.listing_date.map(|d| d.to_string()).as_deref(),
        Some("2007-03-24")
    );
    assert!(un_match.inference.is_some());
    assert!(un_match.hit.is_match);
}

#[test]
fn soleimani_in_paris_2015_is_under_un_and_eu_bans() {
    let (report, _) = travel("Qasem Soleimani", "FR", "2015-07-24");
    assert_eq!(report.outcome, Outcome::Violation);
    assert_eq!(
        binding(&report),
        [("un-iran", "un-sc:IRi.039"), ("eu-iran", "uk-hmt:9062")]
    );
    let eu = report.bans.iter().find(|b| b.regime == "eu-iran").unwrap();
    assert!(eu
        .basis
        .starts_with("Council Decision 2010/413/CFSP Art. 19(1)"));
}

#[test]
fn before_1929_the_un_asked_only_for_vigilance() {
    let (report, _) = travel("Qasem Soleimani", "RU", "2008-06-01");
    assert_eq!(report.outcome, Outcome::NoBindingBan);
    assert!(report.reasons.iter().any(|r| r
        .starts_with("un-sc:IRi.039: un-iran on 2008-06-01: travel vigilance/notification only, not a ban (UNSCR 1747 (2007) para 2")));
}

#[test]
fn in_the_2231_gap_the_un_ban_had_ended_while_ofac_kept_him() {
    let (report, _) = travel("Qasem Soleimani", "RU", "2024-01-15");
    assert_eq!(report.outcome, Outcome::NoBindingBan);
    assert!(report.bans.iter().all(|b| b.regime != "un-iran"));
    let ids: Vec<&str> = report
        .matches
        .iter()
        .map(|m| m.hit.hit.entity_id.as_str())
        .collect();
    assert!(ids.contains(&"ofac-sdn:10481"), "{ids:?}");
    assert!(
        ids.contains(&"un-sc:IRi.039"),
        "the 2020 UN file is the one in force: {ids:?}"
    );
    assert!(report.matches.iter().all(|m| m.inference.is_none()));
    assert!(has_reason(&report, "un-sc:IRi.039: un-iran travel ban not in force on 2024-01-15: the last period ended on 2020-10-18 (UNSCR 2231 (2015) Annex B para 6(e): travel ban on the 2231 list, until five years after JCPOA Adoption Day (2015-10-18))"));
}

#[test]
fn after_the_snapback_the_un_ban_applies_again() {
    let (report, _) = travel("Qasem Soleimani", "RU", "2026-03-01");
    assert_eq!(report.outcome, Outcome::Violation);
    let un = report.bans.iter().find(|b| b.regime == "un-iran").unwrap();
    assert_eq!(un.in_force_from, d("2025-09-28"));
    assert!(!un.inference);
}

#[test]
fn an_ofac_only_listing_does_not_bar_entry_to_russia() {
    // Mikheev (ofac-sdn:40911) is on the SDN list under GLOMAG only; EO 13818
    // sec. 2 suspends his entry into the United States, nowhere else.
    let (report, _) = travel("Danila Yurievich MIKHEEV", "RU", "2024-01-15");
    assert_eq!(report.outcome, Outcome::NoBindingBan);
    let ids: Vec<&str> = report
        .matches
        .iter()
        .map(|m| m.hit.hit.entity_id.as_str())
        .collect();
    assert_eq!(ids, ["ofac-sdn:40911"]);
    assert_eq!(report.bans.len(), 1);
    assert_eq!(report.bans[0].regime, "us-glomag");
    assert!(!report.bans[0].binds_destination);
    let (to_us, _) = travel("Danila Yurievich MIKHEEV", "US", "2024-01-15");
    assert_eq!(to_us.outcome, Outcome::Violation);
}

#[test]
fn an_unlisted_name_is_not_listed() {
    let (report, versions) = travel("Marguerite Villeneuve-Okafor", "FR", "2024-01-15");
    assert_eq!(report.outcome, Outcome::NotListed);
    assert!(report.bans.is_empty());
    assert!(!report.inference());
    assert_eq!(versions.len(), 3);
    assert!(has_reason(
        &report,
        "no listed person matched \"Marguerite Villeneuve-Okafor\" at threshold 0.7"
    ));
}
