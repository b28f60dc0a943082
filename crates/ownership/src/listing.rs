//! Which listings block a party under which jurisdiction, and which carry
//! US secondary-sanctions exposure for non-US persons.
//!
//! Blocking: the US blocks the property of parties on OFAC's SDN list (the
//! non-SDN lists of `ofac-cons` impose other measures, not blocking); the EU
//! freezes the assets of parties on its Financial Sanctions File and of UN
//! listings (which EU regulations transpose); the UK those on OFSI's
//! Consolidated List and UN listings (which UK regulations implement).
//! OpenSanctions entities count by the datasets they cite.
//!
//! Secondary sanctions are a US policy aimed at non-US persons who deal with
//! certain listed parties. OFAC marks those records with the flag
//! "Subject to Secondary Sanctions" (in the remarks' "Additional Sanctions
//! Information"); some programs carry the exposure by statute or executive
//! order. The regimes layer (`crates/regimes`, in progress) will own the
//! program table; until it lands the short table here is used, and the flag
//! is read from the record.

use interdict_model::{Entity, Prop, SourceId};
use serde::Serialize;

use crate::rules::Jurisdiction;

/// What the lists say of one party for exposure: why it is blocked under the
/// jurisdiction asked about, and why it carries US secondary-sanctions
/// exposure. Either may be empty; a party with neither is `None` in
/// [`crate::exposure`]'s callback.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Blocked {
    /// The listings that block it under the jurisdiction (`ofac-sdn:10481
    /// (SDGT, IRGC)`). Empty: not blocked there.
    pub basis: Vec<String>,
    /// Why dealing with it exposes a non-US person to US secondary sanctions.
    pub secondary_sanctions: Vec<String>,
}

impl Blocked {
    /// Whether the party is blocked under the jurisdiction.
    pub fn is_blocked(&self) -> bool {
        !self.basis.is_empty()
    }
}

/// OFAC programs whose listings carry secondary-sanctions exposure, with the
/// authority that provides it.
pub const SECONDARY_PROGRAMS: &[(&str, &str)] = &[
    (
        "IRGC",
        "IRGC-related: Iranian Financial Sanctions Regulations (31 CFR 561) and CISADA s.104 \
         reach foreign financial institutions",
    ),
    (
        "IFSR",
        "Iranian Financial Sanctions Regulations (31 CFR 561): foreign financial institutions",
    ),
    (
        "IRAN-EO13846",
        "E.O. 13846: sanctions on non-US persons for significant transactions",
    ),
    ("IFCA", "Iran Freedom and Counter-Proliferation Act of 2012"),
    (
        "RUSSIA-EO14024",
        "E.O. 14024 as amended by E.O. 14114: foreign financial institutions that conduct or \
         facilitate significant transactions",
    ),
    ("CAATSA - RUSSIA", "CAATSA (Russia) secondary sanctions"),
    ("CAATSA - IRAN", "CAATSA (Iran) secondary sanctions"),
    (
        "HIFPAA",
        "Hizballah International Financing Prevention Act: foreign financial institutions",
    ),
    (
        "DPRK3",
        "E.O. 13810 (North Korea): foreign financial institutions",
    ),
    (
        "DPRK4",
        "E.O. 13810 (North Korea): foreign financial institutions",
    ),
    (
        "DPRK-NKSPEA",
        "North Korea Sanctions and Policy Enhancement Act",
    ),
    (
        "SYRIA-CAESAR",
        "Caesar Syria Civilian Protection Act of 2019",
    ),
];

/// What the lists say of one entity under a jurisdiction; `None` when it is
/// neither blocked there nor a secondary-sanctions target.
pub fn listing(entity: &Entity, jurisdiction: Jurisdiction) -> Option<Blocked> {
    let mut blocked = Blocked::default();
    for sanction in &entity.sanctions {
        let blocks = match (jurisdiction, sanction.source) {
            (Jurisdiction::Us, SourceId::OfacSdn) => true,
            (Jurisdiction::Us, SourceId::UsCsl) => sanction
                .list_name
                .as_deref()
                .is_some_and(|l| l.contains("Specially Designated Nationals")),
            (Jurisdiction::Eu, SourceId::EuFsf | SourceId::UnSc) => true,
            (Jurisdiction::Uk, SourceId::UkHmt | SourceId::UnSc) => true,
            _ => false,
        };
        if blocks {
            let programs = if sanction.programs.is_empty() {
                String::new()
            } else {
                format!(" ({})", sanction.programs.join(", "))
            };
            push(
                &mut blocked.basis,
                format!("{}:{}{programs}", sanction.source, sanction.authority_id),
            );
        }
        if matches!(sanction.source, SourceId::OfacSdn) {
            for flag in &sanction.flags {
                if flag.to_ascii_lowercase().contains("secondary sanctions") {
                    push(&mut blocked.secondary_sanctions, format!("OFAC: {flag}"));
                }
            }
            for program in &sanction.programs {
                if let Some((_, why)) = SECONDARY_PROGRAMS.iter().find(|(p, _)| p == program) {
                    push(
                        &mut blocked.secondary_sanctions,
                        format!("program {program}: {why}"),
                    );
                }
            }
        }
    }
    if entity.id.source() == SourceId::OpenSanctions {
        let datasets = entity.get(Prop::Other("datasets".into()));
        let wanted: &[&str] = match jurisdiction {
            Jurisdiction::Us => &["us_ofac_sdn"],
            Jurisdiction::Eu => &["eu_fsf", "un_sc_sanctions"],
            Jurisdiction::Uk => &["gb_hmt_sanctions", "gb_fcdo_sanctions", "un_sc_sanctions"],
        };
        for dataset in datasets {
            if wanted.contains(&dataset.as_str()) {
                push(
                    &mut blocked.basis,
                    format!("opensanctions dataset {dataset}"),
                );
            }
        }
    }
    (blocked.is_blocked() || !blocked.secondary_sanctions.is_empty()).then_some(blocked)
}

fn push(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}
