//! `interdict`: the command-line surface.
//!
//! An adapter over the application layer: this crate only knows argv and
//! output formats. It validates what the user typed, calls `interdict_app`
//! (the same use cases the HTTP service calls), and prints text for people or
//! JSON (the shapes are documented in `docs/cli-json.md`) for programs.

mod args;
mod audit;
mod batch;
mod keys;
mod linkage;
mod lists;
mod messages;
mod ownership;
mod regimes;
mod screening;
mod serve;
mod text;

use std::io::Write;
use std::process::ExitCode;

use anyhow::bail;
use clap::Parser;
use interdict_app::{DataDir, Threshold};

use crate::args::{Args, Command};

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

/// One command: argv parsed, the use case called through `interdict-app`, the answer
/// printed. Each arm hands its arguments to the module of its command.
fn run(args: Args) -> anyhow::Result<ExitCode> {
    let data = DataDir::new(args.data_dir());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let out: &mut dyn Write = &mut out;
    match args.command {
        Command::Import {
            source,
            paths,
            published,
            json,
        } => lists::import(out, &data, source, &paths, published, json),
        Command::Update {
            sources,
            config,
            json,
        } => lists::update(out, &data, sources, config, json),
        Command::Lists { source, json } => lists::versions(out, &data, source, json),
        Command::Show {
            id,
            as_of,
            version,
            json,
        } => lists::show(out, &data, &id, as_of, version, json),
        Command::Diff {
            source,
            from,
            to,
            json,
        } => lists::diff(out, &data, source, from, to, json),
        Command::History { id, json } => lists::history(out, &data, &id, json),
        Command::Screen(screen) => screening::run_screen(out, &data, screen),
        Command::Eval(command) => screening::run_eval(out, &data, command),
        Command::Message {
            file,
            threshold,
            sources,
            as_of,
            json,
        } => messages::run_message(
            out,
            &lists::open(&data)?,
            &file,
            threshold_or_default(threshold)?,
            &sources,
            as_of,
            json,
        ),
        Command::Text {
            file,
            html,
            threshold,
            sources,
            as_of,
            json,
        } => messages::run_text(
            out,
            &lists::open(&data)?,
            &file,
            html,
            threshold_or_default(threshold)?,
            &sources,
            as_of,
            json,
        ),
        command @ (Command::Regimes { .. } | Command::Travel { .. }) => {
            regimes::run(command, &data, out)
        }
        Command::Serve(serve_args) => {
            serve::run(data.path(), serve_args).map(|()| ExitCode::SUCCESS)
        }
        Command::Keys(command) => keys::run(&data, command, out),
        Command::Audit(command) => audit::run_audit(&data, command, out),
        Command::Alerts(alerts) => audit::run_alerts(&data, alerts, out),
        Command::Batch(batch) => batch::run(batch, &lists::open(&data)?),
        Command::Ownership(command) => ownership::run_ownership(command, &data, out),
        Command::Exposure(exposure) => {
            ownership::run_exposure(exposure, &data, out, ALERT_EXIT_CODE)
        }
        Command::Links(command) => {
            linkage::run(out, &lists::open(&data)?, &data, command).map(|()| ExitCode::SUCCESS)
        }
    }
}

/// `screen` exits with this code when a result reaches the threshold, so scripts
/// can tell "alert" (3) from "no alert" (0) and from errors (1, 2).
const ALERT_EXIT_CODE: u8 = 3;

/// The threshold given on the command line, else the matcher's documented default.
fn threshold_or_default(threshold: Option<f64>) -> anyhow::Result<Threshold> {
    match Threshold::or_default(threshold) {
        Ok(threshold) => Ok(threshold),
        Err(error) => bail!("--{error}"),
    }
}

fn print_json(out: &mut dyn Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
