//! The streaming run: read a chunk of records, screen it in parallel, write
//! the results in input order, repeat. Memory holds one chunk whatever the
//! input's size. [`run_file`] adds the checkpoint that makes a run resumable.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use interdict_screening::ScreeningSet;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::output::{csv_header, render, screen_record, write_error, BatchConfig, OutputFormat};
use crate::reader::{InputFormat, LayoutError, Position, ReaderOptions, RecordReader};
use crate::record::{Record, RowError};

/// Records per chunk: enough to keep every core busy between the serial
/// read and write phases, small enough to be nothing in memory.
pub const DEFAULT_CHUNK: usize = 4096;

/// How much of the input's head the checkpoint hashes to recognise it.
const HEAD_HASH_BYTES: u64 = 1024 * 1024;

/// What a run has done. `records == screened + errors` always.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Records read (good and bad).
    pub records: u64,
    /// Records screened.
    pub screened: u64,
    /// Records with at least one result at or above the threshold.
    pub alerts: u64,
    /// Bad rows, skipped.
    pub errors: u64,
}

/// Why a run stopped before the end of its input.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What failed.
        source: io::Error,
    },
    /// The input's layout could not be decided.
    #[error("{path}: {source}")]
    Layout {
        /// The input.
        path: String,
        /// Why.
        source: LayoutError,
    },
    /// `--resume` was refused.
    #[error("cannot resume: {0}")]
    Resume(String),
    /// The job itself is wrong (output over input, ...).
    #[error("{0}")]
    Job(String),
}

fn io_at(path: &Path) -> impl Fn(io::Error) -> BatchError + '_ {
    move |source| BatchError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Where a run's results go, in input order.
pub trait Sink {
    /// A screened record's rendered output.
    fn record(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// A bad row.
    fn error(&mut self, err: &RowError) -> io::Result<()>;
    /// A chunk is done: the counts so far and the reader's position (where a
    /// resumed run starts once this chunk's output is durable).
    fn chunk_done(&mut self, counts: &Counts, position: Position) -> io::Result<()>;
}

/// Streams `reader` through the screening set into `sink`, chunk by chunk:
/// read a chunk, screen and render it in parallel, hand it over in input
/// order. Memory holds one chunk.
pub fn run<R: Read>(
    set: &ScreeningSet,
    reader: &mut RecordReader<R>,
    sink: &mut dyn Sink,
    format: OutputFormat,
    cfg: &BatchConfig,
    chunk_size: usize,
    counts: &mut Counts,
) -> io::Result<()> {
    let chunk_size = chunk_size.max(1);
    let mut items: Vec<Result<Record, RowError>> = Vec::with_capacity(chunk_size);
    loop {
        items.clear();
        let mut failure = None;
        while items.len() < chunk_size {
            match reader.read_record() {
                Ok(Some(item)) => items.push(item),
                Ok(None) => break,
                Err(err) => {
                    failure = Some(err);
                    break;
                }
            }
        }
        if items.is_empty() && failure.is_none() {
            return Ok(());
        }
        let screened: Vec<Option<(Vec<u8>, bool)>> = items
            .par_iter()
            .map(|item| {
                item.as_ref().ok().map(|rec| {
                    let result = screen_record(set, rec, cfg);
                    let mut bytes = Vec::with_capacity(512);
                    render(format, set, rec, &result, &mut bytes);
                    (bytes, result.alert)
                })
            })
            .collect();
        for (item, done) in items.iter().zip(&screened) {
            counts.records += 1;
            match (item, done) {
                (Ok(_), Some((bytes, alert))) => {
                    sink.record(bytes)?;
                    counts.screened += 1;
                    counts.alerts += u64::from(*alert);
                }
                (Err(err), _) => {
                    counts.errors += 1;
                    sink.error(err)?;
                }
                (Ok(_), None) => unreachable!("every good record is screened"),
            }
        }
        if let Some(err) = failure {
            return Err(err);
        }
        sink.chunk_done(counts, reader.resume_point())?;
    }
}

/// Results and bad rows as JSON lines into one writer, flushed per chunk.
struct NdjsonSink<W>(W);

impl<W: Write> Sink for NdjsonSink<W> {
    fn record(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.0.write_all(bytes)
    }
    fn error(&mut self, err: &RowError) -> io::Result<()> {
        write_error(&mut self.0, err)
    }
    fn chunk_done(&mut self, _: &Counts, _: Position) -> io::Result<()> {
        self.0.flush()
    }
}

/// The server's batch screening: JSON lines in, one JSON line out per record
/// in input order (`{"line", "ref", "query", "alert", "results"}`, or
/// `{"line", "ref", "error"}` for a bad row), flushed after every chunk so a
/// client sees results while it is still sending.
pub fn ndjson_stream<R: Read, W: Write>(
    set: &ScreeningSet,
    input: R,
    mut output: W,
    cfg: &BatchConfig,
) -> io::Result<Counts> {
    let options = ReaderOptions {
        format: Some(InputFormat::Jsonl),
        columns: None,
    };
    let mut reader = RecordReader::new(input, &options).map_err(|err| match err {
        LayoutError::Io(err) => err,
        LayoutError::Bad(reason) => io::Error::new(io::ErrorKind::InvalidData, reason),
    })?;
    let mut counts = Counts::default();
    let mut sink = NdjsonSink(&mut output);
    // Small chunks: a client waits for each.
    run(
        set,
        &mut reader,
        &mut sink,
        OutputFormat::Jsonl,
        cfg,
        256,
        &mut counts,
    )?;
    output.flush()?;
    Ok(counts)
}

/// A run from a file to a file, resumable.
#[derive(Clone, Debug)]
pub struct FileJob {
    /// The input file.
    pub input: PathBuf,
    /// The output file; the checkpoint is `<output>.checkpoint`.
    pub output: PathBuf,
    /// Where bad rows are written as JSON lines, if anywhere.
    pub errors: Option<PathBuf>,
    /// What is known of the input.
    pub reader: ReaderOptions,
    /// The output format.
    pub format: OutputFormat,
    /// How to screen.
    pub config: BatchConfig,
    /// Records per chunk (a checkpoint after each).
    pub chunk_size: usize,
    /// Continue from the checkpoint instead of starting over.
    pub resume: bool,
    /// Whatever else a resumed run must share with the first (the list
    /// versions screened, the as-of date): compared as is.
    pub context: Value,
}

impl FileJob {
    /// Where the checkpoint is kept.
    pub fn checkpoint_path(&self) -> PathBuf {
        let mut name = self.output.as_os_str().to_owned();
        name.push(".checkpoint");
        PathBuf::from(name)
    }

    /// The options a resumed run must share with the first.
    fn options(&self) -> Value {
        json!({
            "output_format": self.format.as_str(),
            "input_format": self.reader.format.map(InputFormat::as_str),
            "columns": self.reader.columns.as_ref().map(|c| c.to_string()),
            "threshold": self.config.threshold.value(),
            "limit": self.config.limit,
            "errors": self.errors.as_ref().map(|p| p.display().to_string()),
            "context": self.context,
        })
    }
}

/// The state of an unfinished run, kept beside its output and replaced
/// atomically after each chunk whose output is on disk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The input's absolute path.
    pub input: String,
    /// The input's size in bytes.
    pub input_size: u64,
    /// SHA-256 of the input's first MiB.
    pub input_head_sha256: String,
    /// The options of the run ([`FileJob`]'s, with its context).
    pub options: Value,
    /// The last line done (0: none).
    pub line: u64,
    /// Bytes of input done.
    pub input_offset: u64,
    /// Bytes of output written for them.
    pub output_offset: u64,
    /// Bytes of the errors file written for them.
    pub errors_offset: u64,
    /// Counts so far.
    pub counts: Counts,
}

impl Checkpoint {
    fn load(path: &Path) -> Result<Checkpoint, BatchError> {
        let text = fs::read(path).map_err(|err| {
            BatchError::Resume(format!(
                "no checkpoint {} ({err}): the run finished, or never wrote to this output",
                path.display()
            ))
        })?;
        serde_json::from_slice(&text).map_err(|err| {
            BatchError::Resume(format!("{} is not a checkpoint: {err}", path.display()))
        })
    }

    fn save(&self, path: &Path) -> Result<(), BatchError> {
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let write = || -> io::Result<()> {
            let mut file = File::create(&tmp)?;
            serde_json::to_writer_pretty(&mut file, self)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            fs::rename(&tmp, path)
        };
        write().map_err(io_at(path))
    }
}

/// How a file run ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Counts over the whole run, resumed parts included.
    pub counts: Counts,
    /// The line a resumed run started after, if it was resumed.
    pub resumed_after_line: Option<u64>,
    /// Records read in this session (for the rate).
    pub session_records: u64,
    /// Time this session took.
    pub elapsed: Duration,
    /// The input's layout, described.
    pub layout: String,
}

/// A byte-counting writer.
struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn head_sha256(path: &Path) -> io::Result<String> {
    let mut head = Vec::new();
    File::open(path)?
        .take(HEAD_HASH_BYTES)
        .read_to_end(&mut head)?;
    Ok(Sha256::digest(&head)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Opens `path` for writing at `offset`, cutting off what lies past it.
fn reopen_at(path: &Path, offset: u64, what: &str) -> Result<File, BatchError> {
    let mut file = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(io_at(path))?;
    let len = file.metadata().map_err(io_at(path))?.len();
    if len < offset {
        return Err(BatchError::Resume(format!(
            "the {what} {} holds {len} bytes, fewer than the {offset} the checkpoint says were written",
            path.display()
        )));
    }
    file.set_len(offset).map_err(io_at(path))?;
    file.seek(SeekFrom::Start(offset)).map_err(io_at(path))?;
    Ok(file)
}

fn differences(then: &Value, now: &Value) -> Vec<String> {
    let (Some(then), Some(now)) = (then.as_object(), now.as_object()) else {
        return vec![format!("{now} now, {then} then")];
    };
    let mut keys: Vec<&String> = then.keys().chain(now.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| then.get(*k) != now.get(*k))
        .map(|k| {
            let show = |v: Option<&Value>| v.map_or("none".to_string(), Value::to_string);
            format!("{k}: {} now, {} then", show(now.get(k)), show(then.get(k)))
        })
        .collect()
}

/// Runs a file job: a fresh run (output and errors file created, a
/// checkpoint written before the first record and after every chunk), or a
/// resumed one (input and options checked against the checkpoint, output cut
/// back to the checkpointed offset, input read on from there). The checkpoint
/// is removed when the run completes. `on_error` sees each bad row,
/// `progress` the input offset done after each chunk.
pub fn run_file(
    set: &ScreeningSet,
    job: &FileJob,
    on_error: &mut dyn FnMut(&RowError),
    progress: &mut dyn FnMut(u64),
) -> Result<Summary, BatchError> {
    let started = Instant::now();
    let input = job.input.as_path();
    if let (Ok(a), Ok(b)) = (input.canonicalize(), job.output.canonicalize()) {
        if a == b {
            return Err(BatchError::Job(format!(
                "the output {} is the input",
                job.output.display()
            )));
        }
    }
    let input_size = fs::metadata(input).map_err(io_at(input))?.len();
    // The input as the checkpoint names it: absolute, so a resume from
    // another directory finds it the same.
    let input_name = input
        .canonicalize()
        .map_err(io_at(input))?
        .display()
        .to_string();
    let head = head_sha256(input).map_err(io_at(input))?;
    let options = job.options();
    let checkpoint_path = job.checkpoint_path();
    let layout_error = |source| BatchError::Layout {
        path: input.display().to_string(),
        source,
    };
    let open_input = || File::open(input).map_err(io_at(input));

    let (mut reader, output, errors, checkpoint) = if job.resume {
        let checkpoint = Checkpoint::load(&checkpoint_path)?;
        if checkpoint.input != input_name {
            return Err(BatchError::Resume(format!(
                "the checkpoint is for the input {}, not {input_name}",
                checkpoint.input,
            )));
        }
        if checkpoint.input_size != input_size || checkpoint.input_head_sha256 != head {
            return Err(BatchError::Resume(format!(
                "{} changed since the run started (now {input_size} bytes, then {}{}); start \
                 again without --resume",
                input.display(),
                checkpoint.input_size,
                if checkpoint.input_head_sha256 != head {
                    ", and its first MiB differs"
                } else {
                    ""
                }
            )));
        }
        let changed = differences(&checkpoint.options, &options);
        if !changed.is_empty() {
            return Err(BatchError::Resume(format!(
                "the run started with other options ({}); resume with the same ones, or start \
                 again without --resume",
                changed.join("; ")
            )));
        }
        let layout = RecordReader::new(open_input()?, &job.reader)
            .map_err(layout_error)?
            .layout()
            .clone();
        let mut file = open_input()?;
        file.seek(SeekFrom::Start(checkpoint.input_offset))
            .map_err(io_at(input))?;
        let at = Position {
            offset: checkpoint.input_offset,
            line: checkpoint.line + 1,
        };
        let reader = RecordReader::resume(file, layout, at);
        let output = reopen_at(&job.output, checkpoint.output_offset, "output")?;
        let errors = match &job.errors {
            Some(path) => Some(reopen_at(path, checkpoint.errors_offset, "errors file")?),
            None => None,
        };
        (reader, output, errors, checkpoint)
    } else {
        let reader = RecordReader::new(open_input()?, &job.reader).map_err(layout_error)?;
        let mut output = File::create(&job.output).map_err(io_at(&job.output))?;
        let mut output_offset = 0;
        if job.format == OutputFormat::Csv {
            let header = csv_header();
            output.write_all(&header).map_err(io_at(&job.output))?;
            output_offset = header.len() as u64;
        }
        let errors = match &job.errors {
            Some(path) => Some(File::create(path).map_err(io_at(path))?),
            None => None,
        };
        let checkpoint = Checkpoint {
            input: input_name,
            input_size,
            input_head_sha256: head,
            options,
            line: reader.resume_point().line.saturating_sub(1),
            input_offset: reader.resume_point().offset,
            output_offset,
            errors_offset: 0,
            counts: Counts::default(),
        };
        output.sync_data().map_err(io_at(&job.output))?;
        checkpoint.save(&checkpoint_path)?;
        (reader, output, errors, checkpoint)
    };
    let resumed_after_line = job.resume.then_some(checkpoint.line);
    let layout = reader.layout().describe();
    let mut counts = checkpoint.counts;
    let before = counts.records;
    let mut sink = FileSink {
        output: Counting {
            bytes: checkpoint.output_offset,
            inner: BufWriter::with_capacity(1 << 20, output),
        },
        errors: errors.map(|file| Counting {
            bytes: checkpoint.errors_offset,
            inner: BufWriter::new(file),
        }),
        checkpoint,
        checkpoint_path: checkpoint_path.clone(),
        failure: None,
        on_error,
        progress,
    };
    let result = run(
        set,
        &mut reader,
        &mut sink,
        job.format,
        &job.config,
        job.chunk_size,
        &mut counts,
    );
    if let Some(err) = sink.failure.take() {
        return Err(err);
    }
    // `run` fails on reading the input or writing the output (the errors
    // file and the checkpoint report through `failure`).
    result.map_err(|source| BatchError::Io {
        path: format!("{} -> {}", input.display(), job.output.display()),
        source,
    })?;
    sink.durable().map_err(io_at(&job.output))?;
    fs::remove_file(&checkpoint_path).map_err(io_at(&checkpoint_path))?;
    Ok(Summary {
        counts,
        resumed_after_line,
        session_records: counts.records - before,
        elapsed: started.elapsed(),
        layout,
    })
}

/// The output file, the errors file and the checkpoint of a file run.
struct FileSink<'a> {
    output: Counting<BufWriter<File>>,
    errors: Option<Counting<BufWriter<File>>>,
    checkpoint: Checkpoint,
    checkpoint_path: PathBuf,
    failure: Option<BatchError>,
    on_error: &'a mut dyn FnMut(&RowError),
    progress: &'a mut dyn FnMut(u64),
}

impl FileSink<'_> {
    /// Flushes and syncs what was written, so a checkpoint may point past it.
    fn durable(&mut self) -> io::Result<()> {
        self.output.flush()?;
        self.output.inner.get_ref().sync_data()?;
        if let Some(errors) = self.errors.as_mut() {
            errors.flush()?;
            errors.inner.get_ref().sync_data()?;
        }
        Ok(())
    }
}

impl Sink for FileSink<'_> {
    fn record(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.output.write_all(bytes)
    }

    fn error(&mut self, err: &RowError) -> io::Result<()> {
        (self.on_error)(err);
        if let Some(errors) = self.errors.as_mut() {
            if let Err(source) = write_error(errors, err) {
                self.failure = Some(BatchError::Io {
                    path: self.checkpoint.options["errors"]
                        .as_str()
                        .unwrap_or("")
                        .into(),
                    source,
                });
                return Err(io::Error::other("writing the errors file failed"));
            }
        }
        Ok(())
    }

    fn chunk_done(&mut self, counts: &Counts, position: Position) -> io::Result<()> {
        self.durable()?;
        let checkpoint = &mut self.checkpoint;
        checkpoint.line = position.line.saturating_sub(1);
        checkpoint.input_offset = position.offset;
        checkpoint.output_offset = self.output.bytes;
        checkpoint.errors_offset = self.errors.as_ref().map_or(0, |e| e.bytes);
        checkpoint.counts = *counts;
        if let Err(err) = checkpoint.save(&self.checkpoint_path) {
            self.failure = Some(err);
            return Err(io::Error::other("writing the checkpoint failed"));
        }
        (self.progress)(position.offset);
        Ok(())
    }
}
