//! `message` and `text`: payment messages and documents screened against the lists.
//!
//! JSON shapes are documented in `docs/messages.md` and `docs/mentions.md`.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use interdict_engine::store::Store;
use interdict_engine::ScreeningSet;
use interdict_messages::{MessageConfig, MessageReport};
use interdict_model::SourceId;

use crate::{print_json, ALERT_EXIT_CODE};

fn load(
    store: &Store,
    sources: &[SourceId],
    as_of: Option<NaiveDate>,
) -> anyhow::Result<ScreeningSet> {
    let set = interdict_engine::load_screening_set(store, sources, as_of)?;
    if set.versions.is_empty() && set.unknown.is_empty() {
        bail!("no list versions held: import or update some lists first");
    }
    Ok(set)
}

fn exit(alert: bool) -> ExitCode {
    if alert {
        ExitCode::from(ALERT_EXIT_CODE)
    } else {
        ExitCode::SUCCESS
    }
}

/// `interdict message <file>`.
pub fn run_message(
    out: &mut dyn Write,
    store: &Store,
    file: &Path,
    threshold: f64,
    sources: &[SourceId],
    as_of: Option<NaiveDate>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let set = load(store, sources, as_of)?;
    let dictionary = interdict_mentions::Dictionary::build(&set);
    let config = MessageConfig {
        threshold,
        date: as_of.unwrap_or_else(|| chrono::Utc::now().date_naive()),
        limit: 5,
    };
    let name = file.display().to_string();
    let report = interdict_messages::screen_message(&set, &dictionary, &config, &name, &bytes)?;
    if json {
        print_json(out, &serde_json::to_value(&report)?)?;
    } else {
        message_text(out, &report)?;
    }
    Ok(exit(report.alert))
}

fn message_text(out: &mut dyn Write, report: &MessageReport) -> std::io::Result<()> {
    for message in &report.messages {
        writeln!(
            out,
            "message {} ({}, id {}, {} transaction(s)): {} item(s) screened",
            message.message,
            serde_json::to_value(message.format)
                .unwrap_or_default()
                .as_str()
                .unwrap_or(""),
            message.id.as_deref().unwrap_or("-"),
            message.transactions,
            message.items_screened
        )?;
        for warning in &message.warnings {
            writeln!(out, "    warning: {warning}")?;
        }
        for hit in report.hits.iter().filter(|h| h.message == message.message) {
            let matched = hit.hit.get("match").and_then(|m| m.as_bool()) == Some(true);
            writeln!(
                out,
                "  {} {:.3} {} {} [{}] in {} = {:?}",
                if matched { "ALERT" } else { "below" },
                hit.hit.get("score").and_then(|s| s.as_f64()).unwrap_or(0.0),
                hit.hit.get("id").and_then(|s| s.as_str()).unwrap_or(""),
                hit.hit
                    .get("caption")
                    .and_then(|s| s.as_str())
                    .unwrap_or(""),
                hit.kind,
                hit.field,
                hit.value,
            )?;
        }
        for flag in report
            .embargoes
            .iter()
            .filter(|e| e.message == message.message)
        {
            writeln!(
                out,
                "  EMBARGO {} ({}) via {} {:?} in {}",
                flag.embargo.name, flag.embargo.basis, flag.via, flag.place, flag.field
            )?;
        }
        for bic in report
            .bics
            .iter()
            .filter(|b| b.message == message.message && !b.valid)
        {
            writeln!(
                out,
                "  invalid BIC {:?} in {}: {}",
                bic.bic,
                bic.field,
                bic.problem.as_deref().unwrap_or("")
            )?;
        }
    }
    writeln!(out, "{}", if report.alert { "ALERT" } else { "no alert" })
}

/// `interdict text <file|->`.
#[allow(clippy::too_many_arguments)]
pub fn run_text(
    out: &mut dyn Write,
    store: &Store,
    file: &Path,
    html: bool,
    threshold: f64,
    sources: &[SourceId],
    as_of: Option<NaiveDate>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let mut input = String::new();
    if file == Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut input)
            .context("reading standard input")?;
    } else {
        input = std::fs::read_to_string(file)
            .with_context(|| format!("reading {} (text must be UTF-8)", file.display()))?;
    }
    let text = if html {
        interdict_mentions::html_to_text(&input)
    } else {
        input
    };
    let set = load(store, sources, as_of)?;
    let dictionary = interdict_mentions::Dictionary::build(&set);
    let mentions = interdict_mentions::find_mentions_in(&set, &dictionary, &text, threshold);
    if json {
        print_json(
            out,
            &interdict_mentions::mentions_json(&set, &mentions, threshold, &text),
        )?;
    } else {
        if mentions.is_empty() {
            writeln!(out, "no mentions")?;
        }
        for mention in &mentions {
            writeln!(
                out,
                "{}..{} {:?} {:.3} {} {}",
                mention.start,
                mention.end,
                mention.text,
                mention.score,
                mention.entity_id,
                mention
                    .hit
                    .get("caption")
                    .and_then(|c| c.as_str())
                    .unwrap_or("")
            )?;
        }
    }
    Ok(exit(!mentions.is_empty()))
}
