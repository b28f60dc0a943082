//! Evaluation harness: how well screening separates matches from non-matches.
//!
//! Compliance teams must show a regulator how their screening behaves above
//! and below the line before it is accepted, so this is a user feature, not a
//! developer tool. Two inputs are read:
//! - name pairs in the layout of OpenSanctions' name_bench
//!   (`schema,name1,name2,is_match`, any other columns kept for slicing), scored
//!   by [`interdict_matcher::score_pair`];
//! - screening rows (`name,schema,birth_date,country,expected`) screened against
//!   a [`ScreeningSet`], where `expected` lists the entity ids that must be found
//!   (`|`-separated) and an empty `expected` means the row must not alert.

use std::collections::BTreeMap;
use std::path::Path;

use interdict_index::{name_kind, PreparedName};
use interdict_matcher::{score_pair, MatchConfig, Query, MAX_CANDIDATES};
use interdict_model::{parse_schema, EntityId, PartialDate, Schema};
use interdict_text::NameKind;

// The crate's error is still called `EngineError` in this file: the evaluation harness moved
// here from `interdict-engine` unchanged.
use crate::{ScreeningError as EngineError, ScreeningSet};

/// Precision and recall counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Confusion {
    /// Matches scored at or above the threshold.
    pub true_positives: usize,
    /// Non-matches scored at or above the threshold.
    pub false_positives: usize,
    /// Non-matches scored below the threshold.
    pub true_negatives: usize,
    /// Matches scored below the threshold.
    pub false_negatives: usize,
}

impl Confusion {
    fn add(&mut self, is_match: bool, predicted: bool) {
        match (is_match, predicted) {
            (true, true) => self.true_positives += 1,
            (false, true) => self.false_positives += 1,
            (false, false) => self.true_negatives += 1,
            (true, false) => self.false_negatives += 1,
        }
    }

    /// Precision; 1 when nothing was predicted (no false alert was raised).
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// Recall; 1 when there was nothing to find.
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (precision, recall) = (self.precision(), self.recall());
        if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        }
    }

    /// Number of cases counted.
    pub fn total(&self) -> usize {
        self.true_positives + self.false_positives + self.true_negatives + self.false_negatives
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        1.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// One labelled name pair.
#[derive(Clone, Debug, PartialEq)]
pub struct PairCase {
    /// 1-based line in the file.
    pub line: u64,
    /// The FtM schema named in the file.
    pub schema: String,
    /// First name.
    pub name1: String,
    /// Second name.
    pub name2: String,
    /// The label.
    pub is_match: bool,
    /// Every other column, by header, for slicing (`case_group`, `category`, ...).
    pub extra: BTreeMap<String, String>,
}

/// A pair with its score.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredPair {
    /// The case.
    pub case: PairCase,
    /// The score in `[0, 1]`.
    pub score: f64,
}

/// The result of [`eval_pairs`].
#[derive(Clone, Debug, PartialEq)]
pub struct PairsReport {
    /// The threshold applied.
    pub threshold: f64,
    /// Over every case.
    pub overall: Confusion,
    /// Per value of each extra column that has few distinct values
    /// (`case_group`, `category`, `quality`, `schema`): column → value → counts.
    pub slices: BTreeMap<String, BTreeMap<String, Confusion>>,
    /// Every pair with its score, in file order.
    pub scored: Vec<ScoredPair>,
}

/// Columns with more distinct values than this are not sliced on (free text
/// such as `notes`), except those in [`ALWAYS_SLICED`].
const MAX_SLICE_VALUES: usize = 60;

/// The name_bench columns a compliance team slices on, whatever their size.
const ALWAYS_SLICED: [&str; 3] = ["case_group", "category", "schema"];

/// Reads a name_bench-layout CSV. Errors name the file and line.
pub fn read_pairs(path: &Path) -> Result<Vec<PairCase>, EngineError> {
    let (file, mut reader, headers) = open_csv(path)?;
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| EngineError::BadInput {
                location: format!("{file}:1"),
                reason: format!("missing column {name:?}; want schema,name1,name2,is_match"),
            })
    };
    let (schema, name1, name2, is_match) = (
        column("schema")?,
        column("name1")?,
        column("name2")?,
        column("is_match")?,
    );
    let mut cases = Vec::new();
    for record in reader.records() {
        let (record, line) = located(&file, record)?;
        let label = match record[is_match].trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => true,
            "false" | "0" | "no" => false,
            other => {
                return Err(EngineError::BadInput {
                    location: format!("{file}:{line}"),
                    reason: format!("is_match must be true or false, not {other:?}"),
                })
            }
        };
        let extra = headers
            .iter()
            .enumerate()
            .filter(|(i, _)| ![schema, name1, name2, is_match].contains(i))
            .map(|(i, header)| (header.to_string(), record[i].to_string()))
            .collect();
        cases.push(PairCase {
            line,
            schema: record[schema].to_string(),
            name1: record[name1].to_string(),
            name2: record[name2].to_string(),
            is_match: label,
            extra,
        });
    }
    Ok(cases)
}

/// Opens a CSV file with a header row; returns its name for messages, the
/// reader, and the header.
fn open_csv(
    path: &Path,
) -> Result<(String, csv::Reader<std::fs::File>, csv::StringRecord), EngineError> {
    let file = path.display().to_string();
    let mut reader = csv::Reader::from_path(path).map_err(|err| bad_input(&file, 0, &err))?;
    let headers = reader
        .headers()
        .map_err(|err| bad_input(&file, 1, &err))?
        .clone();
    Ok((file, reader, headers))
}

/// A record with its 1-based line, or the reader's error located in `file`.
fn located(
    file: &str,
    record: Result<csv::StringRecord, csv::Error>,
) -> Result<(csv::StringRecord, u64), EngineError> {
    let record = record.map_err(|err| {
        let line = err.position().map_or(0, |p| p.line());
        bad_input(file, line, &err)
    })?;
    let line = record.position().map_or(0, |p| p.line());
    Ok((record, line))
}

fn bad_input(file: &str, line: u64, err: &dyn std::fmt::Display) -> EngineError {
    EngineError::BadInput {
        location: format!("{file}:{line}"),
        reason: err.to_string(),
    }
}

/// Scores every pair and counts the outcomes at `threshold`.
pub fn eval_pairs(cases: &[PairCase], threshold: f64) -> PairsReport {
    let mut overall = Confusion::default();
    let mut slices: BTreeMap<String, BTreeMap<String, Confusion>> = BTreeMap::new();
    let mut scored = Vec::with_capacity(cases.len());
    for case in cases {
        let schema = Schema::from_ftm(&case.schema);
        let (score, _) = score_pair(&schema, &case.name1, &case.name2);
        let predicted = score >= threshold;
        overall.add(case.is_match, predicted);
        let schema_slice = std::iter::once(("schema", case.schema.as_str()));
        let extra = case.extra.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        for (column, value) in schema_slice.chain(extra) {
            slices
                .entry(column.to_string())
                .or_default()
                .entry(value.to_string())
                .or_default()
                .add(case.is_match, predicted);
        }
        scored.push(ScoredPair {
            case: case.clone(),
            score,
        });
    }
    slices.retain(|column, values| {
        ALWAYS_SLICED.contains(&column.as_str()) || values.len() <= MAX_SLICE_VALUES
    });
    PairsReport {
        threshold,
        overall,
        slices,
        scored,
    }
}

/// One screening row to evaluate.
#[derive(Clone, Debug, PartialEq)]
pub struct ScreenCase {
    /// 1-based line in the file.
    pub line: u64,
    /// The query.
    pub query: Query,
    /// The entity ids that must be found; empty: the row must not alert.
    pub expected: Vec<EntityId>,
}

/// Screening rows and what was noticed reading them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScreenCases {
    /// The rows.
    pub cases: Vec<ScreenCase>,
    /// Fields ignored, with file and line: a birth date that is not a date is
    /// dropped from its row (the name is still screened) rather than stopping
    /// an evaluation of thousands of rows.
    pub warnings: Vec<String>,
}

/// Reads `name,schema,birth_date,country,expected` rows (`schema`,
/// `birth_date`, `country` may be empty or absent). Errors name file and line.
pub fn read_screen_cases(path: &Path) -> Result<ScreenCases, EngineError> {
    let (file, mut reader, headers) = open_csv(path)?;
    let find = |name: &str| headers.iter().position(|h| h == name);
    let name = find("name").ok_or_else(|| EngineError::BadInput {
        location: format!("{file}:1"),
        reason: "missing column \"name\"; want name,schema,birth_date,country,expected".into(),
    })?;
    let (schema, birth_date, country, expected) = (
        find("schema"),
        find("birth_date"),
        find("country"),
        find("expected"),
    );
    let mut cases = Vec::new();
    let mut warnings = Vec::new();
    for record in reader.records() {
        let (record, line) = located(&file, record)?;
        let cell = |column: Option<usize>| column.map(|i| record[i].trim()).unwrap_or("");
        let mut query = Query::name(&record[name]);
        query.schema = parse_schema(cell(schema)).map_err(|reason| EngineError::BadInput {
            location: format!("{file}:{line}"),
            reason: reason.to_string(),
        })?;
        let date = cell(birth_date);
        if !date.is_empty() {
            match date.parse::<PartialDate>() {
                Ok(parsed) => query.birth_date = Some(parsed),
                Err(err) => warnings.push(format!("{file}:{line}: birth date ignored: {err}")),
            }
        }
        let country = cell(country);
        if !country.is_empty() {
            query.countries.push(country.to_string());
        }
        let mut ids = Vec::new();
        for id in cell(expected)
            .split('|')
            .map(str::trim)
            .filter(|id| !id.is_empty())
        {
            ids.push(EntityId::parse(id).ok_or_else(|| EngineError::BadInput {
                location: format!("{file}:{line}"),
                reason: format!("expected id {id:?} is not <source>:<native id>"),
            })?);
        }
        cases.push(ScreenCase {
            line,
            query,
            expected: ids,
        });
    }
    Ok(ScreenCases { cases, warnings })
}

/// What screening one row gave.
#[derive(Clone, Debug, PartialEq)]
pub struct ScreenRow {
    /// The row's line.
    pub line: u64,
    /// The query name.
    pub name: String,
    /// The expected ids.
    pub expected: Vec<EntityId>,
    /// The hits at or above the threshold, best first (at most 10): id and score.
    pub hits: Vec<(EntityId, f64)>,
    /// 1-based rank of the first expected id among the hits.
    pub rank: Option<usize>,
}

/// The result of [`eval_screen`].
#[derive(Clone, Debug, PartialEq)]
pub struct ScreenReport {
    /// The threshold applied.
    pub threshold: f64,
    /// Rows with expected ids.
    pub positives: usize,
    /// Rows that must not alert.
    pub negatives: usize,
    /// Share of positives whose best hit is expected.
    pub recall_at_1: f64,
    /// Share of positives with an expected id among the first 10 hits.
    pub recall_at_10: f64,
    /// Share of positives with an expected entity among the index's candidates,
    /// before any scoring: what the retrieval step alone can still find.
    pub retrieval_recall: f64,
    /// Share of negatives with any hit.
    pub false_alert_rate: f64,
    /// Per-query screening latency, in microseconds, one thread.
    pub latency: Latency,
    /// Fields ignored while reading the rows (see [`ScreenCases::warnings`]).
    pub warnings: Vec<String>,
    /// Per row.
    pub rows: Vec<ScreenRow>,
}

/// Latency percentiles of the queries of one evaluation, in microseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Latency {
    /// Median.
    pub p50_us: f64,
    /// 99th percentile.
    pub p99_us: f64,
    /// Slowest.
    pub max_us: f64,
    /// Mean.
    pub mean_us: f64,
}

impl Latency {
    fn from_samples(mut samples: Vec<f64>) -> Latency {
        if samples.is_empty() {
            return Latency::default();
        }
        samples.sort_by(f64::total_cmp);
        let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
        Latency {
            p50_us: at(0.5),
            p99_us: at(0.99),
            max_us: samples[samples.len() - 1],
            mean_us: samples.iter().sum::<f64>() / samples.len() as f64,
        }
    }
}

/// How many hits a row keeps for recall@10.
const EVAL_LIMIT: usize = 10;

/// Screens every row against `set` at `threshold`.
pub fn eval_screen(set: &ScreeningSet, input: &ScreenCases, threshold: f64) -> ScreenReport {
    let cases = &input.cases;
    let config = MatchConfig {
        threshold,
        limit: EVAL_LIMIT,
        sources: None,
    };
    let mut rows = Vec::with_capacity(cases.len());
    let mut samples = Vec::with_capacity(cases.len());
    let (mut positives, mut negatives, mut at_1, mut at_10, mut false_alerts) = (0, 0, 0, 0, 0);
    let mut retrieved = 0;
    for case in cases {
        let started = std::time::Instant::now();
        let found = set.screen(&case.query, &config);
        samples.push(started.elapsed().as_secs_f64() * 1e6);
        let hits: Vec<(EntityId, f64)> = found
            .into_iter()
            .map(|hit| (hit.entity_id, hit.score))
            .collect();
        let rank = hits
            .iter()
            .position(|(id, _)| case.expected.contains(id))
            .map(|i| i + 1);
        if case.expected.is_empty() {
            negatives += 1;
            false_alerts += usize::from(!hits.is_empty());
        } else {
            positives += 1;
            retrieved += usize::from(candidates_hold(set, case));
            at_1 += usize::from(rank == Some(1));
            at_10 += usize::from(rank.is_some());
        }
        rows.push(ScreenRow {
            line: case.line,
            name: case.query.name.clone(),
            expected: case.expected.clone(),
            hits,
            rank,
        });
    }
    let share = |count: usize, total: usize| {
        if total == 0 {
            0.0
        } else {
            count as f64 / total as f64
        }
    };
    ScreenReport {
        threshold,
        positives,
        negatives,
        recall_at_1: share(at_1, positives),
        recall_at_10: share(at_10, positives),
        retrieval_recall: share(retrieved, positives),
        false_alert_rate: share(false_alerts, negatives),
        latency: Latency::from_samples(samples),
        warnings: input.warnings.clone(),
        rows,
    }
}

/// Whether the index's candidate retrieval, as the matcher calls it, returns a
/// name of an expected entity for the case.
fn candidates_hold(set: &ScreeningSet, case: &ScreenCase) -> bool {
    let kind = case
        .query
        .schema
        .as_ref()
        .map_or(NameKind::Unknown, name_kind);
    let prepared = PreparedName::new(&case.query.name, kind);
    let index = &set.index;
    index
        .candidates(&prepared, MAX_CANDIDATES)
        .iter()
        .any(|candidate| {
            let entity = index.names()[candidate.name as usize].entity;
            case.expected
                .contains(&index.entities()[entity as usize].id)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusion_scores() {
        let mut confusion = Confusion::default();
        for (is_match, predicted) in [
            (true, true),
            (true, true),
            (true, false),
            (false, true),
            (false, false),
        ] {
            confusion.add(is_match, predicted);
        }
        assert_eq!(confusion.total(), 5);
        assert!((confusion.precision() - 2.0 / 3.0).abs() < 1e-12);
        assert!((confusion.recall() - 2.0 / 3.0).abs() < 1e-12);
        assert!((confusion.f1() - 2.0 / 3.0).abs() < 1e-12);
    }
}
