//! `interdict regimes` and `interdict travel`: the sanctions semantics on the
//! command line (regime table, unmapped codes in held versions, travel-ban
//! checks). Shapes are documented in `docs/regimes.md`.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context};
use interdict_app::DataDir;
use interdict_json as json;
use interdict_model::SourceId;
use interdict_regimes::{Classified, Regimes};
use interdict_travel::{Outcome, TravelRequest};
use serde_json::json;

use crate::args::Command;
use crate::{print_json, threshold_or_default, ALERT_EXIT_CODE};

/// Runs `regimes` or `travel`.
pub fn run(command: Command, data: &DataDir, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let data_dir = data.path();
    match command {
        Command::Regimes { unmapped, json } => regimes(data, unmapped, json, out),
        Command::Travel {
            name,
            to,
            date,
            birth_date,
            nationalities,
            threshold,
            json,
        } => {
            let mut request = TravelRequest::new(&name, &to, date);
            let destination = request.destination.clone();
            if !(destination.len() == 2 && destination.bytes().all(|b| b.is_ascii_uppercase())) {
                bail!("--to {to:?}: want an ISO 3166-1 alpha-2 code or a country name");
            }
            request.birth_date = birth_date;
            request.nationalities = nationalities;
            request.threshold = threshold_or_default(threshold)?;
            let Some(lists) = data
                .existing_lists()
                .with_context(|| format!("opening the data directory {}", data_dir.display()))?
            else {
                bail!(
                    "no list versions held in {}: import or update some lists first",
                    data_dir.display()
                );
            };
            let world = lists.travel_world(date)?;
            if world.versions().is_empty() {
                bail!("no list versions held: import or update some lists first");
            }
            let report = interdict_app::travel_check(&world, &request);
            if json {
                print_json(out, &json::domain::travel_report(world.set(), &report))?;
            } else {
                writeln!(
                    out,
                    "{}: {} to {} on {}",
                    outcome_text(report.outcome),
                    name,
                    destination,
                    date
                )?;
                for ban in &report.bans {
                    writeln!(
                        out,
                        "  ban {} {} ({}): {}{} [{}]",
                        if ban.binds_destination {
                            "BINDING"
                        } else {
                            "not binding"
                        },
                        ban.regime,
                        ban.entity_id,
                        ban.basis,
                        if ban.inference {
                            " (inferred from the listing date)"
                        } else {
                            ""
                        },
                        ban.citation
                    )?;
                }
                for reason in &report.reasons {
                    writeln!(out, "  - {reason}")?;
                }
                for version in world.versions() {
                    writeln!(
                        out,
                        "  screened: {} v{} published {}",
                        version.source, version.seq, version.published
                    )?;
                }
            }
            Ok(if report.outcome == Outcome::Violation {
                ExitCode::from(ALERT_EXIT_CODE)
            } else {
                ExitCode::SUCCESS
            })
        }
        _ => unreachable!("main dispatches only regimes and travel here"),
    }
}

fn outcome_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Violation => "VIOLATION",
        Outcome::NoBindingBan => "no binding ban",
        Outcome::NotListed => "not listed",
        Outcome::Unknown => "unknown",
    }
}

/// One code found in held versions without a row.
struct Unmapped {
    count: usize,
    example: String,
}

fn regimes(
    data: &DataDir,
    only_unmapped: bool,
    as_json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let data_dir = data.path();
    let table = Regimes::embedded();
    // Only look at the data directory if it holds a store; never create one.
    let lists = data
        .existing_lists()
        .with_context(|| format!("opening the data directory {}", data_dir.display()))?;
    let held = if let Some(store) = lists {
        let versions = store.versions(None)?;
        let mut unmapped: BTreeMap<(SourceId, String), Unmapped> = BTreeMap::new();
        for version in &versions {
            for entity in store.entities(version)? {
                for sanction in &entity.sanctions {
                    for classified in table.classify(sanction) {
                        if let Classified::Unmapped { source, code } = classified {
                            unmapped
                                .entry((source, code))
                                .or_insert_with(|| Unmapped {
                                    count: 0,
                                    example: entity.id.as_str().to_string(),
                                })
                                .count += 1;
                        }
                    }
                }
            }
        }
        Some((versions, unmapped))
    } else {
        None
    };
    if as_json {
        let unmapped = held.as_ref().map(|(versions, unmapped)| {
            json!({
                "versions": versions.iter().map(json::version).collect::<Vec<_>>(),
                "codes": unmapped.iter().map(|((source, code), u)| json!({
                    "source": source.as_str(), "code": code, "count": u.count, "example": u.example,
                })).collect::<Vec<_>>(),
            })
        });
        let document = if only_unmapped {
            json!({ "unmapped": unmapped })
        } else {
            json!({
                "regimes": table.regimes(),
                "codes": table.codes(),
                "embargoes": table.embargoes(),
                "unmapped": unmapped,
            })
        };
        print_json(out, &document)?;
        return Ok(ExitCode::SUCCESS);
    }
    if !only_unmapped {
        for regime in table.regimes() {
            let measures: Vec<&str> = regime.measures.iter().map(|m| m.kind.as_str()).collect();
            let binds: Vec<&str> = regime.binds.iter().map(|b| b.as_str()).collect();
            let periods: Vec<String> = regime
                .in_force
                .iter()
                .map(|p| match p.until {
                    Some(until) => format!("{}..{until}", p.from),
                    None => format!("{}..", p.from),
                })
                .collect();
            let codes: Vec<String> = table
                .codes()
                .iter()
                .filter(|c| c.regime == regime.id)
                .map(|c| format!("{}:{}", c.source, c.code))
                .collect();
            writeln!(out, "{}  {} [{}]", regime.id, regime.name, regime.authority)?;
            writeln!(
                out,
                "    in force {}; binds {}; measures {}",
                periods.join(", "),
                binds.join(", "),
                measures.join(", ")
            )?;
            if !codes.is_empty() {
                writeln!(out, "    codes {}", codes.join(", "))?;
            }
        }
        for embargo in table.embargoes() {
            writeln!(
                out,
                "embargo {}  {} [{}]",
                embargo.id, embargo.name, embargo.authority
            )?;
        }
    }
    match &held {
        None => writeln!(
            out,
            "no versions held in {}: no unmapped codes to report",
            data_dir.display()
        )?,
        Some((versions, unmapped)) => {
            writeln!(
                out,
                "{} versions held; {} codes without a row",
                versions.len(),
                unmapped.len()
            )?;
            for ((source, code), u) in unmapped {
                writeln!(
                    out,
                    "  unmapped {source} {code:?}: {} listings, e.g. {}",
                    u.count, u.example
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
