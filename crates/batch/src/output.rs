//! Screening one record and writing its result: JSON lines (one line per
//! record, hits in the shared `interdict_json::hit` shape) or CSV (one row per
//! hit, one row for a record without hits). Bad rows are written as JSON lines
//! `{"line", "ref", "error"}`.

use std::io::{self, Write};
use std::str::FromStr;

use interdict_json::{explanation, hit, round};
use interdict_screening::{screen, ScoredHit, ScreenOptions, ScreeningSet, Threshold};
use serde_json::{json, Value};

use crate::record::{Record, RowError};

/// The output's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// One row per hit, plus one row for each record without hits; columns
    /// [`CSV_COLUMNS`].
    Csv,
    /// One JSON object per record.
    Jsonl,
}

impl OutputFormat {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Csv => "csv",
            OutputFormat::Jsonl => "jsonl",
        }
    }
}

impl FromStr for OutputFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "csv" => Ok(OutputFormat::Csv),
            "jsonl" | "ndjson" => Ok(OutputFormat::Jsonl),
            _ => Err(format!("{text:?}: want csv or jsonl")),
        }
    }
}

/// How to screen each record. No `Default`: the threshold is a compliance
/// decision and is always passed.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchConfig {
    /// Alert threshold; results down to `NEAR_MISS_SHARE` of it are listed too.
    pub threshold: Threshold,
    /// At most this many results per record.
    pub limit: usize,
}

/// What screening one record gave.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordResult {
    /// The record's line.
    pub line: u64,
    /// The user's reference.
    pub reference: Option<String>,
    /// Alerts and near misses, best first, each judged.
    pub hits: Vec<ScoredHit>,
    /// Whether any hit reaches the threshold.
    pub alert: bool,
}

/// Screens one record as `interdict screen` would: alerts and near misses,
/// best first, at most `cfg.limit`.
pub fn screen_record(set: &ScreeningSet, rec: &Record, cfg: &BatchConfig) -> RecordResult {
    let options = ScreenOptions::near_misses(cfg.threshold, cfg.limit);
    let hits = screen(set, &rec.query(), &options);
    let alert = hits.iter().any(|h| h.is_match);
    RecordResult {
        line: rec.line,
        reference: rec.reference.clone(),
        hits,
        alert,
    }
}

/// The record as screened, in the shape of `interdict screen --json`'s
/// `query` (without `as_of`, which is the run's), plus `gender`.
pub fn query_json(rec: &Record) -> Value {
    json!({
        "name": rec.name,
        "schema": rec.schema.as_ref().map(|s| s.as_str()),
        "birth_date": rec.birth_date.map(|d| d.to_string()),
        "countries": rec.countries,
        "ids": rec.ids,
        "gender": rec.gender.map(|g| format!("{g:?}").to_ascii_lowercase()),
    })
}

/// One output line: `{"line", "ref", "query", "alert", "results"}`.
pub fn result_json(set: &ScreeningSet, rec: &Record, result: &RecordResult) -> Value {
    json!({
        "line": result.line,
        "ref": result.reference,
        "query": query_json(rec),
        "alert": result.alert,
        "results": result.hits.iter().map(|h| hit(set, h)).collect::<Vec<_>>(),
    })
}

/// A bad row: `{"line", "ref", "error"}`.
pub fn error_json(err: &RowError) -> Value {
    json!({"line": err.line, "ref": err.reference, "error": err.reason})
}

/// The CSV output's columns. `rank` counts a record's hits from 1 (empty when
/// it has none); `programs` are joined by `|`; `explanation` is the
/// explanation's JSON (the shape of `interdict screen --json`).
pub const CSV_COLUMNS: [&str; 14] = [
    "line",
    "ref",
    "name",
    "alert",
    "rank",
    "id",
    "caption",
    "schema",
    "source",
    "score",
    "match",
    "matched_name",
    "programs",
    "explanation",
];

/// The CSV header line.
pub fn csv_header() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(CSV_COLUMNS).expect("writing to memory");
        writer.flush().expect("writing to memory");
    }
    out
}

/// Appends a record's output (a JSON line, or its CSV rows) to `out`.
pub fn render(
    format: OutputFormat,
    set: &ScreeningSet,
    rec: &Record,
    result: &RecordResult,
    out: &mut Vec<u8>,
) {
    match format {
        OutputFormat::Jsonl => {
            serde_json::to_writer(&mut *out, &result_json(set, rec, result))
                .expect("writing to memory");
            out.push(b'\n');
        }
        OutputFormat::Csv => write_csv_rows(out, set, rec, result).expect("writing to memory"),
    }
}

fn write_csv_rows(
    out: &mut Vec<u8>,
    set: &ScreeningSet,
    rec: &Record,
    result: &RecordResult,
) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(1024)
        .from_writer(out);
    let line = result.line.to_string();
    let reference = result.reference.as_deref().unwrap_or("");
    let alert = result.alert.to_string();
    if result.hits.is_empty() {
        writer.write_record([
            line.as_str(),
            reference,
            &rec.name,
            &alert,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ])?;
    }
    for (rank, scored) in result.hits.iter().enumerate() {
        let h = &scored.hit;
        let entity = set.entity(h);
        let programs: Vec<&str> = entity
            .sanctions
            .iter()
            .flat_map(|s| s.programs.iter().map(String::as_str))
            .collect();
        writer.write_record([
            line.as_str(),
            reference,
            &rec.name,
            &alert,
            &(rank + 1).to_string(),
            h.entity_id.as_str(),
            entity.caption(),
            entity.schema.as_str(),
            h.entity_id.source().as_str(),
            &round(h.score).to_string(),
            &scored.is_match.to_string(),
            &h.matched_name,
            &programs.join("|"),
            &explanation(&h.explanation).to_string(),
        ])?;
    }
    writer.flush()
}

/// Writes a bad row's JSON line.
pub fn write_error(out: &mut dyn Write, err: &RowError) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &error_json(err))?;
    out.write_all(b"\n")
}
