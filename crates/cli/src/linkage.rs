//! `interdict links ...` and the `party` section of `interdict show`: one party
//! across the lists of several authorities (see `docs/linkage.md`).

use std::io::Write;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Subcommand;
use interdict_app::{DataDir, Lists};
use interdict_linkage::eval::{EvalPair, EvalReport};
use interdict_linkage::{Declaration, DeclaredLinks, PartyView, RegimeView, Status, Verdict};
use interdict_model::EntityId;
use serde_json::{json, Value};

/// The `links` subcommands.
#[derive(Debug, Subcommand)]
pub enum LinksCommand {
    /// Declare two records one party. Wins over automatic evidence.
    Add {
        /// One record id.
        a: String,
        /// The other record id.
        b: String,
        /// Why (kept with the declaration).
        #[arg(long)]
        note: Option<String>,
    },
    /// Declare two records NOT one party. Wins over any automatic evidence.
    Remove {
        /// One record id.
        a: String,
        /// The other record id.
        b: String,
        /// Why (kept with the declaration).
        #[arg(long)]
        note: Option<String>,
    },
    /// Withdraw the declaration about two records; automatic evidence applies again.
    Forget {
        /// One record id.
        a: String,
        /// The other record id.
        b: String,
    },
    /// The declarations in force.
    List {
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Build the parties of the lists in force (or on --as-of) and say how many and how long.
    Build {
        /// The versions in force on this date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Every party of more than one record, one JSON object a line: members and evidence.
    Export {
        /// The versions in force on this date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
    /// Precision and recall of the links against the OpenSanctions referents held.
    Eval {
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

fn parse(text: &str) -> anyhow::Result<EntityId> {
    EntityId::parse(text).with_context(|| {
        format!("{text:?} is not an entity id (want <source>:<id>, e.g. un-sc:IRi.039)")
    })
}

/// Runs a `links` subcommand.
pub fn run(
    out: &mut dyn Write,
    lists: &Lists,
    data: &DataDir,
    command: LinksCommand,
) -> anyhow::Result<()> {
    let declared = || data.declared_links();
    match command {
        LinksCommand::Add { a, b, note } => {
            declare(out, &declared()?, &a, &b, note.as_deref(), Verdict::Same)?;
        }
        LinksCommand::Remove { a, b, note } => {
            declare(out, &declared()?, &a, &b, note.as_deref(), Verdict::NotSame)?;
        }
        LinksCommand::Forget { a, b } => {
            let (a, b) = (parse(&a)?, parse(&b)?);
            if declared()?.forget(&a, &b, None)? {
                writeln!(out, "withdrew the declaration about {a} and {b}")?;
            } else {
                writeln!(out, "no declaration about {a} and {b} is in force")?;
            }
        }
        LinksCommand::List { json } => {
            let list = declared()?.in_force()?;
            if json {
                let items: Vec<Value> = list.iter().map(declaration_json).collect();
                crate::print_json(out, &Value::Array(items))?;
            } else if list.is_empty() {
                writeln!(out, "no declared links")?;
            } else {
                for d in &list {
                    let verb = match d.verdict {
                        Verdict::Same => "=",
                        Verdict::NotSame => "≠",
                    };
                    writeln!(
                        out,
                        "{} {verb} {}  ({}){}",
                        d.a,
                        d.b,
                        d.declared_at.format("%Y-%m-%d %H:%M UTC"),
                        d.note
                            .as_deref()
                            .map(|n| format!(" {n}"))
                            .unwrap_or_default()
                    )?;
                }
            }
        }
        LinksCommand::Build { as_of, json } => {
            let started = std::time::Instant::now();
            let clusters = lists.clusters(data, as_of)?;
            let seconds = started.elapsed().as_secs_f64();
            let s = &clusters.stats;
            if json {
                let links: serde_json::Map<String, Value> = s
                    .links
                    .iter()
                    .map(|(kind, n)| (kind.as_str().to_string(), json!(n)))
                    .collect();
                crate::print_json(
                    out,
                    &json!({
                        "as_of": as_of.map(|d| d.to_string()),
                        "versions": clusters.versions.iter().map(interdict_json::version).collect::<Vec<_>>(),
                        "records_in_force": s.in_force,
                        "records_former": s.former,
                        "linked_parties": s.linked_parties,
                        "linked_records": s.linked_records,
                        "links": links,
                        "refused": s.refused,
                        "unresolved_declarations": s.unresolved_declarations,
                        "seconds": round(seconds),
                        "former_seconds": round(s.former_seconds),
                        "link_seconds": round(s.link_seconds),
                        "name_seconds": round(s.name_seconds),
                    }),
                )?;
            } else {
                writeln!(
                    out,
                    "{} records in force, {} former; {} parties join {} records",
                    s.in_force, s.former, s.linked_parties, s.linked_records
                )?;
                for (kind, n) in &s.links {
                    writeln!(out, "  {:<16} {n} links", kind.as_str())?;
                }
                writeln!(out, "  refused          {} links", s.refused)?;
                if s.unresolved_declarations > 0 {
                    writeln!(
                        out,
                        "  {} declarations name records not held",
                        s.unresolved_declarations
                    )?;
                }
                writeln!(
                    out,
                    "built in {seconds:.2} s (earlier versions {:.2} s, evidence and clustering {:.2} s, of which names {:.2} s)",
                    s.former_seconds, s.link_seconds, s.name_seconds
                )?;
            }
        }
        LinksCommand::Export { as_of } => {
            let clusters = lists.clusters(data, as_of)?;
            for party in clusters.parties.iter().filter(|p| p.members.len() > 1) {
                let members: Vec<&str> = party
                    .members
                    .iter()
                    .map(|&i| clusters.members[i as usize].id.as_str())
                    .collect();
                let links: Vec<Value> = party
                    .links
                    .iter()
                    .map(|l| {
                        json!({
                            "a": l.a.as_str(),
                            "b": l.b.as_str(),
                            "kind": l.evidence.kind.as_str(),
                            "detail": l.evidence.detail,
                            "score": round(l.evidence.score),
                        })
                    })
                    .collect();
                serde_json::to_writer(&mut *out, &json!({"members": members, "links": links}))?;
                writeln!(out)?;
            }
        }
        LinksCommand::Eval { json } => {
            let report = lists.evaluate_links()?;
            if json {
                crate::print_json(out, &eval_json(&report))?;
            } else {
                eval_text(out, &report)?;
            }
        }
    }
    Ok(())
}

/// Records a declaration. The ids must name a source we know; they need not
/// be held yet (a declaration may precede the import of the list).
fn declare(
    out: &mut dyn Write,
    declared: &DeclaredLinks,
    a: &str,
    b: &str,
    note: Option<&str>,
    verdict: Verdict,
) -> anyhow::Result<()> {
    let (a, b) = (parse(a)?, parse(b)?);
    let declaration = declared.declare(&a, &b, verdict, note)?;
    let said = match verdict {
        Verdict::Same => "one party",
        Verdict::NotSame => "NOT one party",
    };
    writeln!(
        out,
        "declared {} and {} {said}; this wins over automatic evidence",
        declaration.a, declaration.b
    )?;
    Ok(())
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn declaration_json(d: &Declaration) -> Value {
    json!({
        "a": d.a.as_str(),
        "b": d.b.as_str(),
        "verdict": d.verdict.as_str(),
        "note": d.note,
        "declared_at": d.declared_at.to_rfc3339(),
    })
}

fn pair_json(pair: &EvalPair) -> Value {
    json!({
        "a": pair.a.as_str(),
        "b": pair.b.as_str(),
        "opensanctions": pair.truth,
        "evidence": pair.evidence,
    })
}

fn eval_json(report: &EvalReport) -> Value {
    json!({
        "truth_version": report.truth_version,
        "truth_entities": report.truth_entities,
        "records": report.records,
        "truth_pairs": report.truth_pairs,
        "predicted_pairs": report.predicted_pairs,
        "true_positives": report.true_positives,
        "precision": round(report.precision),
        "recall": round(report.recall),
        "false_positives": report.false_positives.iter().map(pair_json).collect::<Vec<_>>(),
        "false_negatives": report.false_negatives.iter().map(pair_json).collect::<Vec<_>>(),
        "cluster_seconds": round(report.cluster_seconds),
    })
}

fn eval_text(out: &mut dyn Write, r: &EvalReport) -> std::io::Result<()> {
    writeln!(
        out,
        "answer key: OpenSanctions {} referents, {} entities naming 2+ of our {} records",
        r.truth_version, r.truth_entities, r.records
    )?;
    writeln!(
        out,
        "pairs: {} true, {} linked, {} both",
        r.truth_pairs, r.predicted_pairs, r.true_positives
    )?;
    writeln!(
        out,
        "precision {:.3}  recall {:.3}  (clusters built in {:.2} s)",
        r.precision, r.recall, r.cluster_seconds
    )?;
    for pair in &r.false_positives {
        writeln!(out, "  linked, not in the key: {} = {}", pair.a, pair.b)?;
        for line in &pair.evidence {
            writeln!(out, "      {line}")?;
        }
    }
    for pair in &r.false_negatives {
        writeln!(
            out,
            "  missed: {} = {} ({})",
            pair.a,
            pair.b,
            pair.truth.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

/// Adds `"party"` to the JSON of `show`, when some version held has the record.
pub fn show_json(
    value: &mut Value,
    lists: &Lists,
    data: &DataDir,
    id: &EntityId,
    as_of: Option<NaiveDate>,
) -> anyhow::Result<()> {
    // Only the party of `id`: the full build clusters every record (seconds).
    let Some(view) = lists.party(data, id, as_of)? else {
        return Ok(());
    };
    if let Value::Object(map) = value {
        map.insert("party".into(), interdict_json::domain::party_view(&view));
    }
    Ok(())
}

/// Writes the `party` section of `show`.
pub fn show_text(
    out: &mut dyn Write,
    lists: &Lists,
    data: &DataDir,
    id: &EntityId,
    as_of: Option<NaiveDate>,
) -> anyhow::Result<()> {
    let Some(view) = lists.party(data, id, as_of)? else {
        return Ok(());
    };
    party_text(out, &view)?;
    Ok(())
}

/// `[IRGC → us-iran: asset_freeze, secondary_sanctions; ...]`: each code with
/// its regime and the measures in force, or the bare programs without a table row.
fn regimes_text(regimes: &[RegimeView], programs: &[String]) -> String {
    if regimes.is_empty() {
        return if programs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", programs.join(", "))
        };
    }
    let parts: Vec<String> = regimes
        .iter()
        .map(|r| match &r.regime {
            Some(id) if r.measures.is_empty() => format!("{} → {id}: no measure in force", r.code),
            Some(id) => format!("{} → {id}: {}", r.code, r.measures.join(", ")),
            None => format!("{} (no regime row)", r.code),
        })
        .collect();
    format!(" [{}]", parts.join("; "))
}

fn party_text(out: &mut dyn Write, view: &PartyView) -> std::io::Result<()> {
    writeln!(out)?;
    let when = view
        .as_of
        .as_deref()
        .map(|d| format!(" as of {d}"))
        .unwrap_or_default();
    writeln!(
        out,
        "party{when}: {} record{} across the lists held",
        view.members.len(),
        if view.members.len() == 1 { "" } else { "s" }
    )?;
    for s in &view.status {
        let detail = match s.status {
            Status::Listed => match s.since_basis {
                Some("first_version_held") => {
                    format!("since ≤ {} (first held)", s.since.as_deref().unwrap_or("?"))
                }
                _ => format!("since {}", s.since.as_deref().unwrap_or("?")),
            },
            Status::Delisted => format!("gone from {}", s.delisted_on.as_deref().unwrap_or("?")),
            Status::NotListed => String::new(),
            Status::Unknown => format!(
                "no version held that early (first: {})",
                s.version.published
            ),
        };
        let label = match s.status {
            Status::Listed => "LISTED",
            Status::Delisted => "DELISTED",
            Status::NotListed => "not listed",
            Status::Unknown => "unknown",
        };
        writeln!(
            out,
            "  {:<9} {:<10} {:<32} {}{}",
            s.source,
            label,
            detail,
            s.records.join(", "),
            regimes_text(&s.regimes, &s.programs)
        )?;
    }
    writeln!(out, "  records:")?;
    for m in &view.members {
        let held = match (&m.first_held, &m.delisted_on) {
            (Some(first), Some(until)) => format!("held {first} .. {until}"),
            (Some(first), None) => format!("held since {first}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "    {} [{}] {}  listed {}; {}{}",
            m.id,
            m.schema,
            m.caption,
            m.listing_date.as_deref().unwrap_or("(not stated)"),
            held,
            if m.in_force { "" } else { " (delisted)" }
        )?;
    }
    if !view.links.is_empty() {
        writeln!(out, "  why one party:")?;
        for l in &view.links {
            writeln!(
                out,
                "    {} = {}  {} {:.2}: {}",
                l.a, l.b, l.kind, l.score, l.detail
            )?;
        }
    }
    if !view.refused.is_empty() {
        writeln!(out, "  evidence not applied:")?;
        for l in &view.refused {
            writeln!(
                out,
                "    {} = {}  {} {:.2}: {} ({})",
                l.a,
                l.b,
                l.kind,
                l.score,
                l.detail,
                l.refused.as_deref().unwrap_or("")
            )?;
        }
    }
    Ok(())
}
