//! Text output for people.

use std::io::{self, Write};

use interdict_app::{
    Diff, History, ImportOutcome, ImportSummary, ListsError, Lookup, UpdateOutcome, VersionInfo,
};
use interdict_model::{EntityId, SourceId};

pub fn import_summary(out: &mut dyn Write, summary: &ImportSummary) -> io::Result<()> {
    let (verb, info) = match &summary.outcome {
        ImportOutcome::Added(info) => ("added", info),
        ImportOutcome::Unchanged(info) => ("unchanged: same content as", info),
    };
    writeln!(
        out,
        "{} {verb} version {} published {} ({} entities, format {}, {} records, {} unstructured fragments kept in notes, {} issues)",
        info.source,
        info.seq,
        info.published,
        info.entities,
        summary.format,
        summary.report.records,
        summary.report.unstructured,
        summary.report.issues.len()
    )?;
    for issue in summary.report.issues.iter().take(20) {
        writeln!(out, "  {}: {}", issue.location, issue.message)?;
    }
    if summary.report.issues.len() > 20 {
        writeln!(
            out,
            "  ... and {} more issues (use --json for all)",
            summary.report.issues.len() - 20
        )?;
    }
    Ok(())
}

pub fn update_results(
    out: &mut dyn Write,
    results: &[(SourceId, Result<UpdateOutcome, ListsError>)],
) -> io::Result<()> {
    for (source, result) in results {
        match result {
            Ok(UpdateOutcome::NotModified) => writeln!(out, "{source}: not modified")?,
            Ok(UpdateOutcome::Imported(summary)) => import_summary(out, summary)?,
            Err(err) => writeln!(out, "{source}: FAILED: {}", interdict_app::error_chain(err))?,
        }
    }
    Ok(())
}

pub fn versions(out: &mut dyn Write, versions: &[VersionInfo]) -> io::Result<()> {
    if versions.is_empty() {
        writeln!(out, "no versions held")?;
    }
    for v in versions {
        writeln!(
            out,
            "{:<14} v{:<3} published {}  imported {}  {:>6} entities  sha256 {}",
            v.source.as_str(),
            v.seq,
            v.published,
            v.imported_at.format("%Y-%m-%dT%H:%M:%SZ"),
            v.entities,
            &v.sha256[..16.min(v.sha256.len())]
        )?;
    }
    Ok(())
}

pub fn show(out: &mut dyn Write, id: &EntityId, lookup: &Lookup) -> io::Result<()> {
    match lookup {
        Lookup::Found(version, entity) => {
            writeln!(
                out,
                "{} [{}] {}",
                entity.id,
                entity.schema,
                entity.caption()
            )?;
            writeln!(
                out,
                "  in {} v{} published {}",
                version.source, version.seq, version.published
            )?;
            for (prop, values) in &entity.props {
                writeln!(out, "  {prop}: {}", values.join(" | "))?;
            }
            for identifier in &entity.identifiers {
                let country = identifier
                    .country
                    .as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  id: {} {}{country}",
                    identifier.label, identifier.number
                )?;
            }
            for sanction in &entity.sanctions {
                let listed = sanction
                    .listing_date
                    .map(|d| format!(" listed {d}"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  sanction: {} [{}]{listed}",
                    sanction.authority,
                    sanction.programs.join(", ")
                )?;
                for flag in &sanction.flags {
                    writeln!(out, "    flag: {flag}")?;
                }
            }
            for link in &entity.links {
                let target = link
                    .target_id
                    .as_ref()
                    .map(|id| id.to_string())
                    .or_else(|| link.target_name.clone())
                    .unwrap_or_default();
                writeln!(out, "  link: {} {target}", link.relation.as_str())?;
            }
        }
        Lookup::NotListed(version) => writeln!(
            out,
            "{id}: not on {} version {} (published {})",
            version.source, version.seq, version.published
        )?,
        Lookup::BeforeFirst { date, first } => writeln!(
            out,
            "{id}: unknown on {date}: the first version of {} held was published {}",
            first.source, first.published
        )?,
        Lookup::NoVersions => {
            writeln!(out, "{id}: unknown: no version of {} is held", id.source())?
        }
    }
    Ok(())
}

pub fn diff(
    out: &mut dyn Write,
    from: &VersionInfo,
    to: &VersionInfo,
    diff: &Diff,
) -> io::Result<()> {
    writeln!(
        out,
        "{} v{} ({}) -> v{} ({}): {} added, {} removed, {} changed",
        to.source,
        from.seq,
        from.published,
        to.seq,
        to.published,
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len()
    )?;
    for id in &diff.added {
        writeln!(out, "+ {id}")?;
    }
    for id in &diff.removed {
        writeln!(out, "- {id}")?;
    }
    for change in &diff.changed {
        writeln!(out, "~ {}", change.id)?;
        for field in &change.fields {
            writeln!(
                out,
                "    {}: {:?} -> {:?}",
                field.field, field.before, field.after
            )?;
        }
    }
    Ok(())
}

pub fn history(out: &mut dyn Write, id: &EntityId, history: &History) -> io::Result<()> {
    writeln!(out, "{id}")?;
    for entry in &history.versions {
        let mark = if entry.hash.is_some() {
            "listed    "
        } else {
            "not listed"
        };
        writeln!(
            out,
            "  v{:<3} {}  {mark}",
            entry.version.seq, entry.version.published
        )?;
    }
    for interval in &history.intervals {
        match interval.until {
            Some(until) => writeln!(out, "  on the list from {} until {}", interval.from, until)?,
            None => writeln!(
                out,
                "  on the list from {} (still in the latest version)",
                interval.from
            )?,
        }
    }
    Ok(())
}
