//! Text output for people.

use interdict_engine::store::{Diff, History, ImportOutcome, VersionInfo};
use interdict_engine::{EngineError, ImportSummary, UpdateOutcome};
use interdict_model::{EntityId, SourceId};

use crate::Lookup;

pub fn import_summary(summary: &ImportSummary) {
    let (verb, info) = match &summary.outcome {
        ImportOutcome::Added(info) => ("added", info),
        ImportOutcome::Unchanged(info) => ("unchanged: same content as", info),
    };
    println!(
        "{} {verb} version {} published {} ({} entities, format {}, {} records, {} unstructured fragments kept in notes, {} issues)",
        info.source,
        info.seq,
        info.published,
        info.entities,
        summary.format,
        summary.report.records,
        summary.report.unstructured,
        summary.report.issues.len()
    );
    for issue in summary.report.issues.iter().take(20) {
        println!("  {}: {}", issue.location, issue.message);
    }
    if summary.report.issues.len() > 20 {
        println!(
            "  ... and {} more issues (use --json for all)",
            summary.report.issues.len() - 20
        );
    }
}

pub fn update_results(results: &[(SourceId, Result<UpdateOutcome, EngineError>)]) {
    for (source, result) in results {
        match result {
            Ok(UpdateOutcome::NotModified) => println!("{source}: not modified"),
            Ok(UpdateOutcome::Imported(summary)) => import_summary(summary),
            Err(err) => println!("{source}: FAILED, nothing stored: {err}"),
        }
    }
}

pub fn versions(versions: &[VersionInfo]) {
    if versions.is_empty() {
        println!("no versions held");
    }
    for v in versions {
        println!(
            "{:<14} v{:<3} published {}  imported {}  {:>6} entities  sha256 {}",
            v.source.as_str(),
            v.seq,
            v.published,
            v.imported_at.format("%Y-%m-%dT%H:%M:%SZ"),
            v.entities,
            &v.sha256[..16.min(v.sha256.len())]
        );
    }
}

pub fn show(id: &EntityId, lookup: &Lookup) {
    match lookup {
        Lookup::Found(version, entity) => {
            println!("{} [{}] {}", entity.id, entity.schema, entity.caption());
            println!(
                "  in {} v{} published {}",
                version.source, version.seq, version.published
            );
            for (prop, values) in &entity.props {
                println!("  {prop}: {}", values.join(" | "));
            }
            for identifier in &entity.identifiers {
                let country = identifier
                    .country
                    .as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default();
                println!("  id: {} {}{country}", identifier.label, identifier.number);
            }
            for sanction in &entity.sanctions {
                let listed = sanction
                    .listing_date
                    .map(|d| format!(" listed {d}"))
                    .unwrap_or_default();
                println!(
                    "  sanction: {} [{}]{listed}",
                    sanction.authority,
                    sanction.programs.join(", ")
                );
                for flag in &sanction.flags {
                    println!("    flag: {flag}");
                }
            }
            for link in &entity.links {
                let target = link
                    .target_id
                    .as_ref()
                    .map(|id| id.to_string())
                    .or_else(|| link.target_name.clone())
                    .unwrap_or_default();
                println!("  link: {} {target}", link.relation.as_str());
            }
        }
        Lookup::NotListed(version) => println!(
            "{id}: not on {} version {} (published {})",
            version.source, version.seq, version.published
        ),
        Lookup::BeforeFirst { date, first } => println!(
            "{id}: unknown on {date}: the first version of {} held was published {}",
            first.source, first.published
        ),
        Lookup::NoVersions => println!("{id}: unknown: no version of {} is held", id.source()),
    }
}

pub fn diff(from: &VersionInfo, to: &VersionInfo, diff: &Diff) {
    println!(
        "{} v{} ({}) -> v{} ({}): {} added, {} removed, {} changed",
        to.source,
        from.seq,
        from.published,
        to.seq,
        to.published,
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len()
    );
    for id in &diff.added {
        println!("+ {id}");
    }
    for id in &diff.removed {
        println!("- {id}");
    }
    for change in &diff.changed {
        println!("~ {}", change.id);
        for field in &change.fields {
            println!(
                "    {}: {:?} -> {:?}",
                field.field, field.before, field.after
            );
        }
    }
}

pub fn history(id: &EntityId, history: &History) {
    println!("{id}");
    for entry in &history.versions {
        let mark = if entry.hash.is_some() {
            "listed    "
        } else {
            "not listed"
        };
        println!(
            "  v{:<3} {}  {mark}",
            entry.version.seq, entry.version.published
        );
    }
    for interval in &history.intervals {
        match interval.until {
            Some(until) => println!("  on the list from {} until {}", interval.from, until),
            None => println!(
                "  on the list from {} (still in the latest version)",
                interval.from
            ),
        }
    }
}
