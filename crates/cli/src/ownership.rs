//! `interdict ownership import|list` and `interdict exposure`: the user's
//! ownership data and the exposure of a party through ownership and stated
//! links. The rules and shapes are documented in `docs/ownership.md`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::{Args as ClapArgs, Subcommand};
use interdict_app::DataDir;
use interdict_ownership::{ExposureReport, ExposureRequest, Jurisdiction, Snapshot, Step};

use crate::print_json;

/// The `ownership` subcommands.
#[derive(Debug, Subcommand)]
pub enum OwnershipCommand {
    /// Import a CSV file owner,owned,percent,as_of (header required). The whole
    /// file is checked first: a bad row refuses it, naming the line and reason.
    Import {
        /// The CSV file.
        file: PathBuf,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// The imports held and their rows.
    List {
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

/// The `exposure` arguments.
#[derive(Debug, ClapArgs)]
pub struct ExposureArgs {
    /// An entity id (ofac-sdn:12345) or a name.
    pub party: String,
    /// Whose rules: us (OFAC 50% rule), eu, uk.
    #[arg(long, default_value = "us", value_name = "us|eu|uk")]
    pub jurisdiction: Jurisdiction,
    /// You are not a US person: report US secondary-sanctions exposure.
    #[arg(long)]
    pub non_us: bool,
    /// Use the list versions and ownership rows in force on this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// Longest path searched, in links.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub depth: usize,
    /// Most paths shown.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub max_paths: usize,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Runs `ownership ...`.
pub fn run_ownership(
    command: OwnershipCommand,
    data: &DataDir,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let owners = || {
        data.ownership()
            .with_context(|| format!("opening the data directory {}", data.path().display()))
    };
    match command {
        OwnershipCommand::Import { file, json } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let name = file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let info = owners()?.import(&name, &bytes)?;
            if json {
                print_json(out, &serde_json::to_value(&info)?)?;
            } else if info.already_imported {
                writeln!(
                    out,
                    "{name}: these bytes were imported before as import {} ({}, {} rows); nothing changed",
                    info.id, info.file_name, info.rows
                )?;
            } else {
                writeln!(
                    out,
                    "import {}: {} rows from {} (sha256 {})",
                    info.id, info.rows, info.file_name, info.sha256
                )?;
            }
        }
        OwnershipCommand::List { json } => {
            let store = owners()?;
            let imports = store.imports()?;
            let rows = store.rows()?;
            if json {
                print_json(out, &serde_json::json!({"imports": imports, "rows": rows}))?;
            } else {
                for import in &imports {
                    writeln!(
                        out,
                        "import {}  {}  {} rows  {}  sha256 {}",
                        import.id, import.file_name, import.rows, import.imported_at, import.sha256
                    )?;
                }
                for row in &rows {
                    writeln!(
                        out,
                        "  {}:{}  {} owns {} of {} as of {}",
                        row.file_name,
                        row.row.line,
                        row.row.owner,
                        row.row.percent,
                        row.row.owned,
                        row.row.as_of
                    )?;
                }
                if imports.is_empty() {
                    writeln!(out, "no ownership data imported")?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `exposure ...`: exits `alert` when the party is listed, blocked by ownership, or a
/// secondary-sanctions exposure.
pub fn run_exposure(
    args: ExposureArgs,
    data: &DataDir,
    out: &mut dyn Write,
    alert: u8,
) -> anyhow::Result<ExitCode> {
    let lists = data
        .lists()
        .with_context(|| format!("opening the data directory {}", data.path().display()))?;
    let owners = data
        .ownership()
        .with_context(|| format!("opening the data directory {}", data.path().display()))?;
    let snapshot = lists.ownership(&owners, args.as_of)?;
    if snapshot.versions.is_empty() && snapshot.user_rows == 0 {
        bail!("no list versions or ownership data held: import some first");
    }
    let mut request = ExposureRequest::new(&args.party, args.jurisdiction);
    request.non_us = args.non_us;
    request.max_depth = args.depth;
    request.max_paths = args.max_paths;
    if let Some(day) = args.as_of {
        request.on = day;
    }
    let report = interdict_app::exposure(&snapshot, &request)?;
    if args.json {
        print_json(out, &interdict_json::domain::exposure(&snapshot, &report))?;
    } else {
        text(out, &snapshot, &report)?;
    }
    if report.listed || report.blocked_by_ownership || !report.secondary_sanctions.is_empty() {
        return Ok(ExitCode::from(alert));
    }
    Ok(ExitCode::SUCCESS)
}
fn step_text(step: &Step) -> String {
    let percent = step.percent.map(|p| format!(" {p}")).unwrap_or_default();
    format!(
        "{} —{}{} ({})→ {}",
        step.from.name, step.relation, percent, step.source, step.to.name
    )
}

fn text(out: &mut dyn Write, snapshot: &Snapshot, report: &ExposureReport) -> std::io::Result<()> {
    writeln!(
        out,
        "Exposure of {:?} under {} rules: {} ({}{})",
        report.party,
        report.jurisdiction.as_str().to_uppercase(),
        report.rule.id,
        report.rule.threshold,
        if report.rule.aggregates {
            ", owners' shares added up"
        } else {
            ", one designated person at a time"
        }
    )?;
    if report.matches.is_empty() {
        writeln!(
            out,
            "No party of that name in the lists' links or the ownership data: no known exposure."
        )?;
    }
    for party in &report.matches {
        let listed = if party.listed.is_empty() {
            "not listed".to_string()
        } else {
            format!("listed: {}", party.listed.join("; "))
        };
        writeln!(
            out,
            "Party: {} {} ({listed})",
            party.party.id, party.party.name
        )?;
    }
    writeln!(
        out,
        "Blocked by ownership: {} (aggregate {})",
        if report.blocked_by_ownership {
            "YES"
        } else {
            "no"
        },
        report.aggregate_percent
    )?;
    if let Some(arithmetic) = &report.ownership {
        if let Some(person) = &arithmetic.person {
            writeln!(out, "  holdings of {} {}:", person.id, person.name)?;
        }
        for c in &arithmetic.contributors {
            let percent = c.percent.map(|p| p.to_string()).unwrap_or_default();
            writeln!(
                out,
                "  + {percent:>8}  {} {}  [{}]  {}",
                c.owner.id, c.owner.name, c.source, c.why
            )?;
        }
        for c in &arithmetic.control {
            writeln!(
                out,
                "  control   {} {}  [{}]  {}",
                c.owner.id, c.owner.name, c.source, c.why
            )?;
        }
        for c in &arithmetic.not_counted {
            let percent = c
                .percent
                .map(|p| p.to_string())
                .unwrap_or_else(|| "-".into());
            writeln!(
                out,
                "  ({percent:>7})  {} {}  [{}]  not counted: {}",
                c.owner.id, c.owner.name, c.source, c.why
            )?;
        }
        writeln!(out, "  = {}", arithmetic.result)?;
    }
    if let Some(comparison) = &report.comparison {
        writeln!(
            out,
            "Under OFAC's rule: {} ({}): {}",
            if comparison.blocked_by_ownership {
                "blocked"
            } else {
                "not blocked"
            },
            comparison.aggregate_percent,
            comparison.why
        )?;
    }
    writeln!(
        out,
        "Paths to listed or blocked parties (up to {} links): {}{}",
        report.max_depth,
        report.paths.len(),
        if report.truncated {
            " (more left out)"
        } else {
            ""
        }
    )?;
    for (i, path) in report.paths.iter().enumerate() {
        let status = if !path.to.listed.is_empty() {
            format!("listed: {}", path.to.listed.join("; "))
        } else if path.to.blocked_by_ownership {
            "blocked by ownership".to_string()
        } else {
            "secondary-sanctions target".to_string()
        };
        writeln!(
            out,
            "  {}. {} {} ({status})",
            i + 1,
            path.to.party.id,
            path.to.party.name
        )?;
        for step in &path.steps {
            writeln!(out, "       {}", step_text(step))?;
        }
    }
    if report.non_us {
        writeln!(
            out,
            "US secondary sanctions (non-US person): {}",
            report.secondary_sanctions.len()
        )?;
        for exposure in &report.secondary_sanctions {
            let via = exposure.path.map_or("the party itself".to_string(), |i| {
                format!("path {}", i + 1)
            });
            writeln!(
                out,
                "  {} {} ({via}): {}",
                exposure.party.id,
                exposure.party.name,
                exposure.basis.join("; ")
            )?;
        }
    }
    let versions: Vec<String> = snapshot
        .versions
        .iter()
        .map(|v| format!("{} v{} ({})", v.source, v.seq, v.published))
        .collect();
    writeln!(out, "Lists read: {}", versions.join(", "))?;
    for (source, first) in &snapshot.unknown {
        writeln!(
            out,
            "Unknown on that date: {source} (first version published {})",
            first.published
        )?;
    }
    if !snapshot.imports.is_empty() {
        writeln!(
            out,
            "Ownership data: {} rows in force from {}",
            snapshot.user_rows,
            snapshot
                .imports
                .iter()
                .map(|i| format!("{} (sha256 {})", i.file_name, &i.sha256[..12]))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    writeln!(out, "Rule: {}", report.rule.citation)?;
    Ok(())
}
