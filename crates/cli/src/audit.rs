//! `interdict audit`, `interdict alerts`, and the audit record of `interdict
//! screen`: the command line writes to the same audit log as the HTTP API
//! (`<data>/audit.sqlite`), so both share one trail.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use interdict_app::{cli_actor, DataDir};
use interdict_audit::{
    AlertFilter, AlertStatus, AlertView, AuditLog, Decision, RecordedScreening, VerifyReport,
};

/// The `audit` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain and compare it with its head anchors; exit 1,
    /// naming the first bad entry, when it was tampered with.
    Verify {
        /// Verify an export file (JSON lines, `-` for stdin) instead of the
        /// log of the data directory.
        #[arg(long, value_name = "FILE")]
        export: Option<PathBuf>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Write every entry as JSON lines (seq, at, kind, actor, body, prev_hash, hash).
    Export {
        /// The file to write (default: stdout).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// `alerts`: list the review queue, or a subcommand.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AlertsArgs {
    /// What to do instead of listing.
    #[command(subcommand)]
    pub action: Option<AlertsAction>,
    /// Only alerts in this state: open, suppressed, reraised, decided, or all.
    #[arg(long, default_value = "all", value_parser = parse_status)]
    pub status: StatusArg,
    /// At most this many.
    #[arg(long, default_value_t = 50)]
    pub limit: u64,
    /// Skip this many first.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// JSON output: {"alerts": [...], "total": N}.
    #[arg(long)]
    pub json: bool,
}

/// A `--status` value.
#[derive(Clone, Copy, Debug)]
pub struct StatusArg(Option<AlertStatus>);

fn parse_status(text: &str) -> Result<StatusArg, String> {
    if text == "all" {
        return Ok(StatusArg(None));
    }
    text.parse().map(|s| StatusArg(Some(s)))
}

/// The `alerts` subcommands.
#[derive(Debug, Subcommand)]
pub enum AlertsAction {
    /// Record a decision on an alert.
    Decide {
        /// The alert id.
        id: u64,
        /// The decision.
        #[arg(long, value_enum)]
        decision: DecisionArg,
        /// Why (required).
        #[arg(long)]
        comment: String,
        /// JSON output: the alert as it now stands.
        #[arg(long)]
        json: bool,
    },
    /// Show one alert with its decisions.
    Show {
        /// The alert id.
        id: u64,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

/// A decision as typed.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DecisionArg {
    /// Not the listed party.
    FalsePositive,
    /// The listed party.
    ConfirmedMatch,
}

impl From<DecisionArg> for Decision {
    fn from(arg: DecisionArg) -> Decision {
        match arg {
            DecisionArg::FalsePositive => Decision::FalsePositive,
            DecisionArg::ConfirmedMatch => Decision::ConfirmedMatch,
        }
    }
}

fn open(data: &DataDir) -> anyhow::Result<AuditLog> {
    data.audit()
        .with_context(|| format!("opening the audit log of {}", data.path().display()))
}

/// The audit lines under a screen answer in text.
pub fn recorded_text(out: &mut dyn Write, recorded: &RecordedScreening) -> std::io::Result<()> {
    writeln!(
        out,
        "recorded as screening {} in the audit log",
        recorded.seq
    )?;
    for alert in &recorded.alerts {
        writeln!(
            out,
            "alert {} {} {}{}",
            alert.alert_id,
            alert.status,
            alert.entity_id,
            alert
                .reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        )?;
    }
    Ok(())
}

/// Runs an `audit` subcommand.
pub fn run_audit(
    data: &DataDir,
    command: AuditCommand,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    match command {
        AuditCommand::Verify { export, json } => {
            let report = match export {
                Some(path) if path.as_os_str() == "-" => {
                    let stdin = std::io::stdin();
                    interdict_audit::verify_export(&mut stdin.lock(), "-")?
                }
                Some(path) => {
                    let file =
                        File::open(&path).with_context(|| format!("opening {}", path.display()))?;
                    interdict_audit::verify_export(
                        &mut BufReader::new(file),
                        &path.display().to_string(),
                    )?
                }
                None => open(data)?.verify()?,
            };
            if json {
                crate::print_json(out, &serde_json::to_value(&report)?)?;
            } else {
                verify_text(out, &report)?;
            }
            Ok(if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        AuditCommand::Export { output } => {
            let log = open(data)?;
            let count = match &output {
                Some(path) => {
                    let file = File::create(path)
                        .with_context(|| format!("creating {}", path.display()))?;
                    let mut writer = BufWriter::new(file);
                    let count = log.export(&mut writer)?;
                    writer
                        .into_inner()
                        .map_err(|e| e.into_error())
                        .and_then(|f| f.sync_all())
                        .with_context(|| format!("writing {}", path.display()))?;
                    count
                }
                None => log.export(out)?,
            };
            if let Some(path) = output {
                eprintln!("exported {count} entries to {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn verify_text(out: &mut dyn Write, report: &VerifyReport) -> std::io::Result<()> {
    if report.ok {
        writeln!(
            out,
            "ok: {} entries, the chain is intact; head {} {}",
            report.entries, report.last_seq, report.last_hash
        )?;
    } else {
        writeln!(
            out,
            "TAMPERED: {}{}",
            report
                .first_bad_seq
                .map(|s| format!("first bad entry {s}: "))
                .unwrap_or_default(),
            report.reason.as_deref().unwrap_or("")
        )?;
        writeln!(
            out,
            "{} entries check out before it (last good {} {})",
            report.entries, report.last_seq, report.last_hash
        )?;
    }
    for anchor in &report.anchors {
        writeln!(
            out,
            "anchor {}: entry {} {}{}",
            anchor.anchor,
            anchor.seq,
            anchor.hash,
            if anchor.entries_after > 0 {
                format!(" ({} entries after it)", anchor.entries_after)
            } else {
                String::new()
            }
        )?;
    }
    Ok(())
}

/// Runs `alerts` (the queue) or one of its subcommands.
pub fn run_alerts(
    data: &DataDir,
    args: AlertsArgs,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let log = open(data)?;
    match args.action {
        None => {
            let page = log.alerts(&AlertFilter {
                status: args.status.0,
                limit: args.limit,
                offset: args.offset,
            })?;
            if args.json {
                crate::print_json(out, &serde_json::to_value(&page)?)?;
            } else {
                writeln!(out, "{} alerts", page.total)?;
                for alert in &page.alerts {
                    alert_line(out, alert)?;
                }
            }
        }
        Some(AlertsAction::Decide {
            id,
            decision,
            comment,
            json,
        }) => {
            let view = interdict_app::decide(&log, id, decision.into(), &comment, &cli_actor())?;
            if json {
                crate::print_json(out, &serde_json::to_value(&view)?)?;
            } else {
                alert_text(out, &view)?;
            }
        }
        Some(AlertsAction::Show { id, json }) => {
            let view = log
                .alert(id)?
                .with_context(|| format!("no alert has the id {id}"))?;
            if json {
                crate::print_json(out, &serde_json::to_value(&view)?)?;
            } else {
                alert_text(out, &view)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn alert_line(out: &mut dyn Write, alert: &AlertView) -> std::io::Result<()> {
    writeln!(
        out,
        "{} {:<10} {:.3} {} {} for {:?} (screening {}, {}, {})",
        alert.id,
        alert.status.as_str(),
        alert.score,
        alert.entity_id,
        alert.caption,
        alert.subject_key,
        alert.screening_seq,
        alert.actor,
        alert.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
    )
}

fn alert_text(out: &mut dyn Write, alert: &AlertView) -> std::io::Result<()> {
    alert_line(out, alert)?;
    if let Some(reason) = &alert.reason {
        writeln!(out, "    {reason}")?;
    }
    if let Some(name) = &alert.matched_name {
        // The token pairs of the explanation recorded with the screening.
        let pairs: Vec<String> = alert
            .explanation
            .as_ref()
            .and_then(|e| e["name"]["tokens"].as_array())
            .into_iter()
            .flatten()
            .map(|t| {
                format!(
                    "{} ~ {} ({})",
                    t["query"].as_str().unwrap_or_default(),
                    t["list"].as_str().unwrap_or_default(),
                    t["kind"].as_str().unwrap_or_default()
                )
            })
            .collect();
        writeln!(out, "    matched {name:?}: {}", pairs.join(", "))?;
    }
    for d in &alert.decisions {
        writeln!(
            out,
            "    {} by {} at {}: {}",
            d.decision,
            d.actor,
            d.at.format("%Y-%m-%d %H:%M:%S UTC"),
            d.comment
        )?;
    }
    Ok(())
}
