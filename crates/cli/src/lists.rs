//! `import`, `update`, `lists`, `show`, `diff`, `history`: the list versions held, through the
//! application's [`Lists`]. Output shapes are `interdict-json`'s (`docs/cli-json.md`) or the
//! text of [`crate::text`].

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use interdict_app::{DataDir, FetchConfig, Lists, VersionInfo, VersionSelector};
use interdict_json as json;
use interdict_model::{EntityId, SourceId};

use crate::args::VersionArg;
use crate::{linkage, print_json, text};

/// Opens the list store of the data directory.
pub fn open(data: &DataDir) -> anyhow::Result<Lists> {
    data.lists()
        .with_context(|| format!("opening the data directory {}", data.path().display()))
}

/// `interdict import`.
pub fn import(
    out: &mut dyn Write,
    data: &DataDir,
    source: SourceId,
    paths: &[PathBuf],
    published: Option<NaiveDate>,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let summary = open(data)?.import(source, paths, published)?;
    if as_json {
        print_json(out, &json::import_summary(&summary))?;
    } else {
        text::import_summary(out, &summary)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `interdict update`: exits 1 when a source failed.
pub fn update(
    out: &mut dyn Write,
    data: &DataDir,
    sources: Vec<SourceId>,
    config: Option<PathBuf>,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let mut lists = open(data)?;
    let config = match config {
        Some(path) => FetchConfig::load(&path)?,
        None => FetchConfig::default_official(),
    };
    let sources = if sources.is_empty() {
        config
            .sources
            .iter()
            .filter(|(_, c)| c.enabled)
            .map(|(&s, _)| s)
            .collect()
    } else {
        sources
    };
    let today = chrono::Utc::now().date_naive();
    let results = lists.update(&config, &sources, today);
    let failed = results.iter().filter(|(_, result)| result.is_err()).count();
    if as_json {
        print_json(out, &json::update_results(&results))?;
    } else {
        text::update_results(out, &results)?;
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `interdict lists`.
pub fn versions(
    out: &mut dyn Write,
    data: &DataDir,
    source: Option<SourceId>,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let versions = open(data)?.versions(source)?;
    if as_json {
        let versions = versions.iter().map(json::version).collect();
        print_json(out, &serde_json::Value::Array(versions))?;
    } else {
        text::versions(out, &versions)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `interdict show`: the entity in the version asked for, and its party across the lists.
pub fn show(
    out: &mut dyn Write,
    data: &DataDir,
    id: &str,
    as_of: Option<NaiveDate>,
    version: Option<u32>,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let lists = open(data)?;
    let id = parse_id(id)?;
    let arg = match (as_of, version) {
        (Some(_), Some(_)) => bail!("give --as-of or --version, not both"),
        (Some(date), None) => VersionArg::Date(date),
        (None, Some(seq)) => VersionArg::Seq(seq),
        (None, None) => VersionArg::Latest,
    };
    let lookup = lists
        .lookup(&id, &selector(arg))
        .with_context(|| format!("{}: no version matches {arg}", id.source()))?;
    if as_json {
        let mut value = json::lookup(&id, &lookup);
        linkage::show_json(&mut value, &lists, data, &id, as_of)?;
        print_json(out, &value)?;
    } else {
        text::show(out, &id, &lookup)?;
        linkage::show_text(out, &lists, data, &id, as_of)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `interdict diff`.
pub fn diff(
    out: &mut dyn Write,
    data: &DataDir,
    source: SourceId,
    from: Option<VersionArg>,
    to: Option<VersionArg>,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let lists = open(data)?;
    let to_version = resolve_version(&lists, source, to.unwrap_or(VersionArg::Latest))?;
    let from_version = match from {
        Some(arg) => resolve_version(&lists, source, arg)?,
        None => lists.previous(&to_version)?,
    };
    let diff = lists.diff(&from_version, &to_version)?;
    if as_json {
        print_json(out, &json::diff(&from_version, &to_version, &diff))?;
    } else {
        text::diff(out, &from_version, &to_version, &diff)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `interdict history`.
pub fn history(
    out: &mut dyn Write,
    data: &DataDir,
    id: &str,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let lists = open(data)?;
    let id = parse_id(id)?;
    let history = lists.history(&id)?;
    if as_json {
        print_json(out, &json::history(&id, &history))?;
    } else {
        text::history(out, &id, &history)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn selector(arg: VersionArg) -> VersionSelector {
    match arg {
        VersionArg::Latest => VersionSelector::Latest,
        VersionArg::Seq(seq) => VersionSelector::Seq(seq),
        VersionArg::Date(date) => VersionSelector::AsOf(date),
    }
}

fn resolve_version(
    lists: &Lists,
    source: SourceId,
    arg: VersionArg,
) -> anyhow::Result<VersionInfo> {
    lists
        .version(source, &selector(arg))
        .with_context(|| format!("{source}: no version matches {arg}"))
}

fn parse_id(text: &str) -> anyhow::Result<EntityId> {
    EntityId::parse(text).with_context(|| {
        let sources: Vec<&str> = SourceId::ALL.iter().map(|s| s.as_str()).collect();
        format!(
            "{text:?} is not an entity id: want <source>:<native id>, with source one of {}",
            sources.join(", ")
        )
    })
}
