//! Bulk screening: a customer file in, one result per record out.
//!
//! A bank screens its whole customer base every time a list changes, so this
//! crate reads CSV or JSON lines of any size record by record
//! ([`RecordReader`]), screens them in parallel in ordered chunks, and writes
//! the results as they come ([`run`]), in constant memory. A run writing to a
//! file keeps a checkpoint beside it so a killed run resumes where it stopped
//! and produces the same bytes as one that never stopped ([`run_file`]).
//! The server's batch endpoint is [`ndjson_stream`].

mod reader;
mod record;

pub use reader::{
    ColumnRef, ColumnSpec, InputFormat, Layout, LayoutError, Position, ReaderOptions, RecordReader,
};
pub use record::{Field, Record, RowError, MAX_FIELD_BYTES};
mod output;
mod run;

pub use output::{
    csv_header, error_json, query_json, render, result_json, screen_record, write_error,
    BatchConfig, OutputFormat, RecordResult, CSV_COLUMNS,
};
pub use run::{
    ndjson_stream, run, run_file, BatchError, Checkpoint, Counts, FileJob, Sink, Summary,
    DEFAULT_CHUNK,
};
