//! `message` and `text`: payment messages and documents screened against the lists.
//!
//! JSON shapes are documented in `docs/messages.md` and `docs/mentions.md`.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use std::sync::Arc;

use anyhow::Context;
use chrono::NaiveDate;
use interdict_app::{Lists, Threshold};
use interdict_messages::{MessageConfig, MessageReport};
use interdict_model::SourceId;

use crate::{print_json, ALERT_EXIT_CODE};

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
    lists: &Lists,
    file: &Path,
    threshold: Threshold,
    sources: &[SourceId],
    as_of: Option<NaiveDate>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let world = lists.world(sources, as_of)?;
    let config = MessageConfig {
        threshold,
        date: as_of.unwrap_or_else(|| chrono::Utc::now().date_naive()),
        limit: 5,
    };
    let name = file.display().to_string();
    let report = interdict_app::screen_message(&world, &config, &name, &bytes)?;
    if json {
        print_json(
            out,
            &interdict_json::domain::message_report(world.set(), &report),
        )?;
    } else {
        message_text(out, world.set(), &report)?;
    }
    Ok(exit(report.alert))
}

fn message_text(
    out: &mut dyn Write,
    set: &interdict_app::ScreeningSet,
    report: &MessageReport,
) -> std::io::Result<()> {
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
            writeln!(
                out,
                "  {} {:.3} {} {} [{}] in {} = {:?}",
                if hit.hit.is_match { "ALERT" } else { "below" },
                interdict_json::round(hit.hit.hit.score),
                hit.hit.hit.entity_id,
                set.entity(&hit.hit.hit).caption(),
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
    lists: &Lists,
    file: &Path,
    html: bool,
    threshold: Threshold,
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
    let world = Arc::new(lists.world(sources, as_of)?);
    let screened = interdict_app::screen_text(&world, &input, html, threshold);
    let mentions = &screened.mentions;
    if json {
        print_json(
            out,
            &interdict_json::domain::mentions(world.set(), mentions, threshold, &screened.text),
        )?;
    } else {
        if mentions.is_empty() {
            writeln!(out, "no mentions")?;
        }
        for mention in mentions {
            writeln!(
                out,
                "{}..{} {:?} {:.3} {} {}",
                mention.start,
                mention.end,
                mention.text,
                mention.score,
                mention.entity_id,
                world.set().entity(&mention.hit.hit).caption()
            )?;
        }
    }
    Ok(exit(!mentions.is_empty()))
}
