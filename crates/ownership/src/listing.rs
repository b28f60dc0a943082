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
//! Information"), read from the record; and the regime table
//! (`interdict_regimes`) says which programs carry a `secondary_sanctions`
//! measure, with its legal basis and the period it applies.

use chrono::NaiveDate;
use interdict_model::{Entity, Prop, SourceId};
use interdict_regimes::{Classified, MeasureKind, Regime, Regimes};
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

/// What the lists say of one entity under a jurisdiction today; `None` when
/// it is neither blocked there nor a secondary-sanctions target.
pub fn listing(entity: &Entity, jurisdiction: Jurisdiction) -> Option<Blocked> {
    listing_on(entity, jurisdiction, chrono::Utc::now().date_naive())
}

/// [`listing`] on a given day (the secondary-sanctions measures in force then).
pub fn listing_on(entity: &Entity, jurisdiction: Jurisdiction, on: NaiveDate) -> Option<Blocked> {
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
            let mut by_regime: Vec<(&Regime, Vec<String>)> = Vec::new();
            for classified in Regimes::embedded().classify(sanction) {
                let Classified::Mapped { code, regime } = classified else {
                    continue;
                };
                let in_force = regime
                    .measure(MeasureKind::SecondarySanctions)
                    .and_then(|m| m.period_on(on))
                    .is_some();
                if !in_force {
                    continue;
                }
                match by_regime.iter_mut().find(|(r, _)| r.id == regime.id) {
                    Some((_, codes)) => codes.push(code),
                    None => by_regime.push((regime, vec![code])),
                }
            }
            for (regime, codes) in by_regime {
                let period = regime
                    .measure(MeasureKind::SecondarySanctions)
                    .and_then(|m| m.period_on(on))
                    .expect("kept only when in force");
                push(
                    &mut blocked.secondary_sanctions,
                    format!(
                        "regime {} ({}): secondary sanctions, {}",
                        regime.id,
                        codes.join(", "),
                        period.basis
                    ),
                );
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
