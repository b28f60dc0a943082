//! `interdict`: the command-line surface.
//!
//! This crate only knows argv and output formats. It validates what the user
//! typed, calls `interdict_engine`, and prints text for people or JSON (the
//! shapes are documented in `docs/cli-json.md`) for programs.

mod args;
mod audit;
mod batch;
mod keys;
mod linkage;
mod messages;
mod ownership;
mod regimes;
mod screening;
mod serve;
mod text;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Parser;
use interdict_engine::eval::parse_schema;
use interdict_engine::matcher::{Query, DEFAULT_THRESHOLD};
use interdict_engine::store::{Store, VersionInfo, VersionSelector};
use interdict_json as json;
use interdict_model::{EntityId, SourceId};

use crate::args::{Args, Command, EvalCommand, VersionArg};

/// mimalloc: screening allocates many small, short-lived strings across
/// threads; glibc's malloc took about a fifth of the CPU in the batch and
/// server profiles (bench/batch.sh, bench/serve.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Args::parse();
    init_tracing(args.verbose);
    match run(args) {
        Ok(code) => code,
        // A closed pipe (`interdict diff ... | head`) means the reader has
        // what it wanted: not an error, as in ripgrep.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("interdict: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn init_tracing(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("INTERDICT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn run(args: Args) -> anyhow::Result<ExitCode> {
    let data_dir = args.data_dir();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let open = || {
        Store::open(&data_dir)
            .with_context(|| format!("opening the data directory {}", data_dir.display()))
    };
    match args.command {
        Command::Import {
            source,
            paths,
            published,
            json,
        } => {
            let mut store = open()?;
            let summary = interdict_engine::import_paths(&mut store, source, &paths, published)?;
            if json {
                print_json(&mut out, &json::import_summary(&summary))?;
            } else {
                text::import_summary(&mut out, &summary)?;
            }
        }
        Command::Update {
            sources,
            config,
            json,
        } => {
            let mut store = open()?;
            let config = match config {
                Some(path) => interdict_engine::fetch::Config::load(&path)?,
                None => interdict_engine::fetch::Config::default_official(),
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
            let results = interdict_engine::update_sources(&mut store, &config, &sources, today);
            let failed = results.iter().filter(|(_, result)| result.is_err()).count();
            if json {
                print_json(&mut out, &json::update_results(&results))?;
            } else {
                text::update_results(&mut out, &results)?;
            }
            if failed > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Lists { source, json } => {
            let store = open()?;
            let versions = store.versions(source)?;
            if json {
                let versions = versions.iter().map(json::version).collect();
                print_json(&mut out, &serde_json::Value::Array(versions))?;
            } else {
                text::versions(&mut out, &versions)?;
            }
        }
        Command::Show {
            id,
            as_of,
            version,
            json,
        } => {
            let store = open()?;
            let id = parse_id(&id)?;
            let arg = match (as_of, version) {
                (Some(_), Some(_)) => bail!("give --as-of or --version, not both"),
                (Some(date), None) => VersionArg::Date(date),
                (None, Some(seq)) => VersionArg::Seq(seq),
                (None, None) => VersionArg::Latest,
            };
            let lookup = interdict_engine::lookup(&store, &id, &selector(arg))
                .with_context(|| format!("{}: no version matches {arg}", id.source()))?;
            if json {
                let mut value = json::lookup(&id, &lookup);
                linkage::show_json(&mut value, &store, &data_dir, &id, as_of)?;
                print_json(&mut out, &value)?;
            } else {
                text::show(&mut out, &id, &lookup)?;
                linkage::show_text(&mut out, &store, &data_dir, &id, as_of)?;
            }
        }
        Command::Diff {
            source,
            from,
            to,
            json,
        } => {
            let store = open()?;
            let to_version = resolve_version(&store, source, to.unwrap_or(VersionArg::Latest))?;
            let from_version = match from {
                Some(arg) => resolve_version(&store, source, arg)?,
                None => interdict_engine::previous_version(&store, &to_version)?,
            };
            let diff = store.diff(&from_version, &to_version)?;
            if json {
                print_json(&mut out, &json::diff(&from_version, &to_version, &diff))?;
            } else {
                text::diff(&mut out, &from_version, &to_version, &diff)?;
            }
        }
        Command::Screen {
            name,
            kind,
            birth_date,
            countries,
            ids,
            sources,
            as_of,
            limit,
            threshold,
            json,
        } => {
            let store = open()?;
            let threshold = threshold_or_default(threshold)?;
            let mut query = Query::name(&name);
            query.schema =
                parse_schema(kind.as_deref().unwrap_or("")).map_err(anyhow::Error::msg)?;
            query.birth_date = birth_date;
            query.countries = countries;
            query.identifiers = ids;
            let set = interdict_engine::load_screening_set(&store, &sources, as_of)?;
            if set.versions.is_empty() && set.unknown.is_empty() {
                bail!("no list versions held: import or update some lists first");
            }
            let hits = set.screen_with_near_misses(&query, threshold, limit);
            let query_json = serde_json::json!({
                "name": name, "schema": query.schema.as_ref().map(|s| s.as_str().to_string()),
                "birth_date": birth_date.map(|d| d.to_string()), "countries": query.countries,
                "ids": query.identifiers, "as_of": as_of.map(|d| d.to_string()),
            });
            let recorded = audit::record_screen(&data_dir, &set, &hits, threshold, &query_json)?;
            if json {
                let mut answer = json::screen(&set, &hits, threshold, query_json);
                audit::annotate(&mut answer, &recorded);
                print_json(&mut out, &answer)?;
            } else {
                screening::screen_text(&mut out, &set, &hits, threshold)?;
                audit::recorded_text(&mut out, &recorded)?;
            }
            if hits.iter().any(|hit| hit.score >= threshold) {
                return Ok(ExitCode::from(ALERT_EXIT_CODE));
            }
        }
        Command::Eval(EvalCommand::Pairs {
            file,
            threshold,
            scores,
            json,
        }) => {
            let threshold = threshold_or_default(threshold)?;
            let cases = interdict_engine::eval::read_pairs(&file)?;
            let report = interdict_engine::eval::eval_pairs(&cases, threshold);
            let scores = scores.unwrap_or_else(|| {
                let stem = file
                    .file_stem()
                    .map_or("pairs".into(), |s| s.to_string_lossy());
                std::path::PathBuf::from(format!("{stem}.scores.csv"))
            });
            screening::write_scores(&scores, &report)?;
            if json {
                print_json(&mut out, &screening::pairs_json(&report, &scores))?;
            } else {
                screening::pairs_text(&mut out, &report, &scores)?;
            }
        }
        Command::Eval(EvalCommand::Screen {
            file,
            threshold,
            sources,
            as_of,
            json,
        }) => {
            let store = open()?;
            let threshold = threshold_or_default(threshold)?;
            let cases = interdict_engine::eval::read_screen_cases(&file)?;
            let set = interdict_engine::load_screening_set(&store, &sources, as_of)?;
            if set.versions.is_empty() {
                bail!("no list versions held: import or update some lists first");
            }
            let report = interdict_engine::eval::eval_screen(&set, &cases, threshold);
            if json {
                print_json(&mut out, &screening::eval_screen_json(&set, &report))?;
            } else {
                screening::eval_screen_text(&mut out, &report)?;
            }
        }
        Command::History { id, json } => {
            let store = open()?;
            let id = parse_id(&id)?;
            let history = store.history(&id)?;
            if json {
                print_json(&mut out, &json::history(&id, &history))?;
            } else {
                text::history(&mut out, &id, &history)?;
            }
        }
        Command::Message {
            file,
            threshold,
            sources,
            as_of,
            json,
        } => {
            return messages::run_message(
                &mut out,
                &open()?,
                &file,
                threshold_or_default(threshold)?,
                &sources,
                as_of,
                json,
            );
        }
        Command::Text {
            file,
            html,
            threshold,
            sources,
            as_of,
            json,
        } => {
            return messages::run_text(
                &mut out,
                &open()?,
                &file,
                html,
                threshold_or_default(threshold)?,
                &sources,
                as_of,
                json,
            );
        }
        command @ (Command::Regimes { .. } | Command::Travel { .. }) => {
            return regimes::run(command, &data_dir, &mut out);
        }
        Command::Serve(serve_args) => serve::run(&data_dir, serve_args)?,
        Command::Keys(command) => return keys::run(&data_dir, command, &mut out),
        Command::Audit(command) => return audit::run_audit(&data_dir, command, &mut out),
        Command::Alerts(alerts) => return audit::run_alerts(&data_dir, alerts, &mut out),
        Command::Batch(batch) => return batch::run(batch, &open()?),
        command @ (Command::Ownership(_) | Command::Exposure(_)) => {
            return ownership::run(command, &data_dir, &mut out, ALERT_EXIT_CODE);
        }
        Command::Links(command) => linkage::run(&mut out, &open()?, &data_dir, command)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `screen` exits with this code when a result reaches the threshold, so scripts
/// can tell "alert" (3) from "no alert" (0) and from errors (1, 2).
const ALERT_EXIT_CODE: u8 = 3;

/// Results down to this share of the threshold are shown as near misses.
fn threshold_or_default(threshold: Option<f64>) -> anyhow::Result<f64> {
    let threshold = threshold.unwrap_or(DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        bail!("--threshold must be in [0, 1], not {threshold}");
    }
    Ok(threshold)
}

fn selector(arg: VersionArg) -> VersionSelector {
    match arg {
        VersionArg::Latest => VersionSelector::Latest,
        VersionArg::Seq(seq) => VersionSelector::Seq(seq),
        VersionArg::Date(date) => VersionSelector::AsOf(date),
    }
}

fn resolve_version(
    store: &Store,
    source: SourceId,
    arg: VersionArg,
) -> anyhow::Result<VersionInfo> {
    interdict_engine::resolve_version(store, source, &selector(arg))
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

fn print_json(out: &mut dyn Write, value: &serde_json::Value) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
