//! `interdict batch`: screen a whole customer file. The work is done by
//! `interdict_batch`; this module turns flags into a job, shows progress on a
//! terminal, prints the summary and picks the exit code (docs/batch.md).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use interdict_app::{Lists, ScreeningSet};
use interdict_batch::{
    BatchConfig, ColumnSpec, Counts, FileJob, InputFormat, OutputFormat, ReaderOptions,
    RecordReader, RowError, Sink, DEFAULT_CHUNK,
};
use interdict_model::SourceId;
use serde_json::json;

/// Exit code of a run that finished but skipped bad rows. It wins over the
/// alert code 3: the summary tells both counts.
const BAD_ROWS_EXIT_CODE: u8 = 4;

/// Bad rows shown on stderr before only counting them (the errors file has all).
const ERRORS_SHOWN: u64 = 100;

/// `interdict batch` arguments.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The input: CSV (header or --columns) or JSON lines.
    input: PathBuf,
    /// Where results go (default: stdout). Needed for --resume and --json.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format: csv (a row per hit) or jsonl (a line per record).
    /// Default: csv if the output file ends in .csv, else jsonl.
    #[arg(long, value_name = "csv|jsonl")]
    format: Option<OutputFormat>,
    /// Input format (default: JSON lines if the file starts with '{', else CSV).
    #[arg(long, value_name = "csv|jsonl")]
    input_format: Option<InputFormat>,
    /// Which column holds which field: by header (name=Full Name,birth_date=DOB)
    /// or by 1-based position for files without header (ref=1,name=2).
    #[arg(long, value_name = "FIELD=COLUMN,...")]
    columns: Option<ColumnSpec>,
    /// Alert threshold in [0,1] (default: the matcher's documented default).
    #[arg(long, value_name = "T")]
    threshold: Option<f64>,
    /// At most this many results per record.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Continue an interrupted run from <output>.checkpoint.
    #[arg(long, requires = "output")]
    resume: bool,
    /// Write bad rows here as JSON lines ({"line", "ref", "error"}).
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Only these sources. Repeatable.
    #[arg(long = "source", value_name = "S")]
    sources: Vec<SourceId>,
    /// Screen against the versions in force on this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<NaiveDate>,
    /// Print the summary as JSON on stdout (needs --output).
    #[arg(long, requires = "output")]
    json: bool,
    /// Records per chunk: screened in parallel, then written and checkpointed.
    #[arg(long, default_value_t = DEFAULT_CHUNK, hide = true)]
    chunk_size: usize,
}

/// Runs `interdict batch`.
pub fn run(args: BatchArgs, lists: &Lists) -> anyhow::Result<ExitCode> {
    let threshold = crate::threshold_or_default(args.threshold)?;
    let started = Instant::now();
    let world = lists.world(&args.sources, args.as_of)?;
    let set = world.set();
    let index_seconds = started.elapsed().as_secs_f64();
    let format = args.format.unwrap_or_else(|| match &args.output {
        Some(path)
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv")) =>
        {
            OutputFormat::Csv
        }
        _ => OutputFormat::Jsonl,
    });
    let config = BatchConfig {
        threshold,
        limit: args.limit,
    };
    let reader_options = ReaderOptions {
        format: args.input_format,
        columns: args.columns.clone(),
    };
    let input_name = args.input.display().to_string();
    let size = std::fs::metadata(&args.input)
        .with_context(|| format!("reading {input_name}"))?
        .len();
    let bar = progress_bar(size);
    let mut shown = 0u64;
    let mut report = |err: &RowError| {
        shown += 1;
        if shown <= ERRORS_SHOWN {
            bar.suspend(|| eprintln!("interdict: batch: {input_name}:{}", describe(err)));
        } else if shown == ERRORS_SHOWN + 1 {
            bar.suspend(|| {
                eprintln!("interdict: batch: further bad rows are counted, not shown here (--errors FILE lists every one)")
            });
        }
    };
    let context = json!({
        "versions": set.versions.iter().map(|v| json!([v.source.as_str(), v.seq, v.sha256])).collect::<Vec<_>>(),
        "unknown": set.unknown.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(),
        "as_of": args.as_of.map(|d| d.to_string()),
    });
    let (counts, session_records, elapsed, resumed, layout) = match &args.output {
        Some(output) => {
            let job = FileJob {
                input: args.input.clone(),
                output: output.clone(),
                errors: args.errors.clone(),
                reader: reader_options,
                format,
                config,
                chunk_size: args.chunk_size,
                resume: args.resume,
                context,
            };
            let summary = interdict_batch::run_file(set, &job, &mut report, &mut |done| {
                bar.set_position(done)
            })?;
            (
                summary.counts,
                summary.session_records,
                summary.elapsed,
                summary.resumed_after_line,
                summary.layout,
            )
        }
        None => {
            let (counts, layout) = to_stdout(
                set,
                &args,
                reader_options,
                format,
                &config,
                &mut report,
                &bar,
            )?;
            (counts, counts.records, started.elapsed(), None, layout)
        }
    };
    bar.finish_and_clear();
    let rate = if elapsed.as_secs_f64() > 0.0 {
        session_records as f64 / elapsed.as_secs_f64()
    } else {
        0.0
    };
    eprintln!(
        "interdict: batch: {} records read, {} screened, {} alerts, {} bad rows; {:.1} s, {:.0} records/s{}",
        counts.records,
        counts.screened,
        counts.alerts,
        counts.errors,
        elapsed.as_secs_f64(),
        rate,
        resumed.map_or(String::new(), |line| format!(" (resumed after line {line})")),
    );
    if args.json {
        let (versions, unknown) = interdict_json::screened_versions(set);
        let summary = json!({
            "input": args.input.display().to_string(),
            "output": args.output.as_ref().map(|p| p.display().to_string()),
            "errors_file": args.errors.as_ref().map(|p| p.display().to_string()),
            "format": format.as_str(),
            "layout": layout,
            "threshold": threshold.value(),
            "records": counts.records,
            "screened": counts.screened,
            "alerts": counts.alerts,
            "errors": counts.errors,
            "resumed_after_line": resumed,
            "elapsed_seconds": interdict_json::round(elapsed.as_secs_f64()),
            "records_per_second": rate.round(),
            "index_seconds": interdict_json::round(index_seconds),
            "versions": versions,
            "unknown_sources": unknown,
        });
        let stdout = io::stdout();
        let mut out = stdout.lock();
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    }
    Ok(exit_code(&counts))
}

fn exit_code(counts: &Counts) -> ExitCode {
    if counts.errors > 0 {
        ExitCode::from(BAD_ROWS_EXIT_CODE)
    } else if counts.alerts > 0 {
        ExitCode::from(crate::ALERT_EXIT_CODE)
    } else {
        ExitCode::SUCCESS
    }
}

fn describe(err: &RowError) -> String {
    match &err.reference {
        Some(reference) => format!("{} (ref {reference}): {}", err.line, err.reason),
        None => format!("{}: {}", err.line, err.reason),
    }
}

/// A bar over the input's bytes with an ETA, on a terminal only.
fn progress_bar(size: u64) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(size);
    bar.set_style(
        ProgressStyle::with_template("{wide_bar} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}")
            .expect("a valid template"),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Results on stdout, bad rows in the errors file: no checkpoint.
fn to_stdout(
    set: &ScreeningSet,
    args: &BatchArgs,
    options: ReaderOptions,
    format: OutputFormat,
    config: &BatchConfig,
    report: &mut dyn FnMut(&RowError),
    bar: &ProgressBar,
) -> anyhow::Result<(Counts, String)> {
    let file = std::fs::File::open(&args.input)
        .with_context(|| format!("opening {}", args.input.display()))?;
    let mut reader =
        RecordReader::new(file, &options).with_context(|| args.input.display().to_string())?;
    let layout = reader.layout().describe();
    let errors = match &args.errors {
        Some(path) => Some(io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => None,
    };
    let stdout = io::stdout();
    let mut sink = StdoutSink {
        out: io::BufWriter::new(stdout.lock()),
        errors,
        report,
        bar,
    };
    if format == OutputFormat::Csv {
        sink.out.write_all(&interdict_batch::csv_header())?;
    }
    let mut counts = Counts::default();
    interdict_batch::run(
        set,
        &mut reader,
        &mut sink,
        format,
        config,
        args.chunk_size,
        &mut counts,
    )
    .with_context(|| format!("screening {}", args.input.display()))?;
    sink.out.flush()?;
    if let Some(errors) = sink.errors.as_mut() {
        errors.flush()?;
    }
    Ok((counts, layout))
}

struct StdoutSink<'a, W: Write> {
    out: W,
    errors: Option<io::BufWriter<std::fs::File>>,
    report: &'a mut dyn FnMut(&RowError),
    bar: &'a ProgressBar,
}

impl<W: Write> Sink for StdoutSink<'_, W> {
    fn record(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    fn error(&mut self, err: &RowError) -> io::Result<()> {
        (self.report)(err);
        match self.errors.as_mut() {
            Some(errors) => interdict_batch::write_error(errors, err),
            None => Ok(()),
        }
    }

    fn chunk_done(&mut self, _: &Counts, position: interdict_batch::Position) -> io::Result<()> {
        self.out.flush()?;
        self.bar.set_position(position.offset);
        Ok(())
    }
}
