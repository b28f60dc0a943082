//! `screen` and `eval`: output for screening results and evaluation reports.
//!
//! JSON shapes are documented in `docs/cli-json.md`.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::bail;
use interdict_app::eval::{Confusion, PairsReport, ScreenReport};
use interdict_app::{cli_actor, Channel, DataDir, Query, QueryInput, Screening, ScreeningSet};
use serde_json::{json, Map, Value};

use interdict_json::{agreement, round, snake, version};

use crate::args::{EvalCommand, ScreenArgs};
use crate::{lists, print_json, threshold_or_default, ALERT_EXIT_CODE};

/// `interdict screen`: one query screened through the application (as `POST /v1/screen`
/// screens it), recorded in the audit log (channel `cli`), printed; exits 3 on an alert.
pub fn run_screen(
    out: &mut dyn Write,
    data: &DataDir,
    args: ScreenArgs,
) -> anyhow::Result<ExitCode> {
    let lists = lists::open(data)?;
    let mut input = QueryInput::name(&args.name, Channel::Cli);
    input.schema = args.kind;
    input.birth_date = args.birth_date;
    input.countries = args.countries;
    input.identifiers = args.ids;
    input.sources = (!args.sources.is_empty()).then(|| args.sources.clone());
    input.as_of = args.as_of;
    input.limit = Some(args.limit);
    input.threshold = Some(threshold_or_default(args.threshold)?.value());
    let query = Query::new(input)?;
    let world = Arc::new(lists.world(&args.sources, args.as_of)?);
    let screening = interdict_app::screen(&world, query);
    let received = serde_json::to_value(screening.echo())?;
    let audit = data.audit()?;
    let recorded = interdict_app::record(&audit, &screening, &cli_actor(), received)?;
    if args.json {
        print_json(out, &screening.answer(Some(&recorded)))?;
    } else {
        screen_text(out, &screening)?;
        crate::audit::recorded_text(out, &recorded)?;
    }
    Ok(if screening.alerts() {
        ExitCode::from(ALERT_EXIT_CODE)
    } else {
        ExitCode::SUCCESS
    })
}

/// `interdict eval pairs` and `interdict eval screen`.
pub fn run_eval(
    out: &mut dyn Write,
    data: &DataDir,
    command: EvalCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        EvalCommand::Pairs {
            file,
            threshold,
            scores,
            json,
        } => {
            let threshold = threshold_or_default(threshold)?.value();
            let cases = interdict_app::eval::read_pairs(&file)?;
            let report = interdict_app::eval::eval_pairs(&cases, threshold);
            let scores = scores.unwrap_or_else(|| {
                let stem = file
                    .file_stem()
                    .map_or("pairs".into(), |s| s.to_string_lossy());
                std::path::PathBuf::from(format!("{stem}.scores.csv"))
            });
            write_scores(&scores, &report)?;
            if json {
                print_json(out, &pairs_json(&report, &scores))?;
            } else {
                pairs_text(out, &report, &scores)?;
            }
        }
        EvalCommand::Screen {
            file,
            threshold,
            sources,
            as_of,
            json,
        } => {
            let lists = lists::open(data)?;
            let threshold = threshold_or_default(threshold)?.value();
            let cases = interdict_app::eval::read_screen_cases(&file)?;
            let world = lists.world(&sources, as_of)?;
            if world.versions().is_empty() {
                bail!("no list versions held: import or update some lists first");
            }
            let report = interdict_app::eval::eval_screen(world.set(), &cases, threshold);
            if json {
                print_json(out, &eval_screen_json(world.set(), &report))?;
            } else {
                eval_screen_text(out, &report)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A screening for people: the versions screened, then each result with its explanation.
pub fn screen_text(out: &mut dyn Write, screening: &Screening) -> io::Result<()> {
    let world = screening.world();
    let versions: Vec<String> = world
        .versions()
        .iter()
        .map(|v| format!("{} v{} ({})", v.source, v.seq, v.published))
        .collect();
    writeln!(out, "screened against: {}", versions.join(", "))?;
    for (source, first) in world.unknown() {
        writeln!(
            out,
            "unknown for {source}: the date is before its first version held ({})",
            first.published
        )?;
    }
    if screening.results().is_empty() {
        writeln!(out, "no hits")?;
    }
    for (scored, entity) in screening.results_with_entities() {
        let hit = &scored.hit;
        let mark = if scored.is_match { "ALERT" } else { "below" };
        writeln!(
            out,
            "{mark} {:.3} {} [{}] {} (matched {:?})",
            hit.score,
            hit.entity_id,
            entity.schema,
            entity.caption(),
            hit.matched_name
        )?;
        let name = &hit.explanation.name;
        let pairs: Vec<String> = name
            .pairs
            .iter()
            .map(|p| format!("{}~{} ({})", p.query, p.list, snake(&p.kind)))
            .collect();
        writeln!(out, "    name {:.3}: {}", name.score, pairs.join(", "))?;
        if !name.dropped_titles.is_empty() {
            writeln!(
                out,
                "    titles ignored: {}",
                name.dropped_titles.join(", ")
            )?;
        }
        if !name.missing.is_empty() || !name.extra.is_empty() {
            writeln!(
                out,
                "    unmatched: query {:?}, list {:?}",
                name.missing, name.extra
            )?;
        }
        if !name.rules.is_empty() {
            let rules: Vec<String> = name.rules.iter().map(|r| snake(r)).collect();
            writeln!(out, "    rules: {}", rules.join(", "))?;
        }
        let e = &hit.explanation;
        writeln!(
            out,
            "    birth date {}, country {}, gender {}{}{}",
            agreement(e.birth_date),
            agreement(e.country),
            agreement(e.gender),
            if e.identifiers.is_empty() {
                String::new()
            } else {
                format!(", ids {:?}", e.identifiers)
            },
            if e.weak_alias { ", weak alias" } else { "" }
        )?;
    }
    Ok(())
}

fn confusion(c: &Confusion) -> Value {
    json!({
        "precision": round(c.precision()), "recall": round(c.recall()), "f1": round(c.f1()),
        "tp": c.true_positives, "fp": c.false_positives, "tn": c.true_negatives, "fn": c.false_negatives,
    })
}

pub fn pairs_json(report: &PairsReport, scores_file: &Path) -> Value {
    let mut slices = Map::new();
    for (column, values) in &report.slices {
        let table: Map<String, Value> = values
            .iter()
            .map(|(value, c)| (value.clone(), confusion(c)))
            .collect();
        slices.insert(column.clone(), Value::Object(table));
    }
    let overall = &report.overall;
    json!({
        "threshold": report.threshold,
        "cases": overall.total(),
        "precision": round(overall.precision()),
        "recall": round(overall.recall()),
        "f1": round(overall.f1()),
        "confusion": confusion(overall),
        "slices": slices,
        "scores_file": scores_file.display().to_string(),
    })
}

pub fn pairs_text(out: &mut dyn Write, report: &PairsReport, scores_file: &Path) -> io::Result<()> {
    let o = &report.overall;
    writeln!(
        out,
        "{} pairs at threshold {}: precision {:.3}, recall {:.3}, F1 {:.3} (tp {}, fp {}, tn {}, fn {})",
        o.total(), report.threshold, o.precision(), o.recall(), o.f1(),
        o.true_positives, o.false_positives, o.true_negatives, o.false_negatives
    )?;
    for (column, values) in &report.slices {
        writeln!(out, "\nby {column}:")?;
        writeln!(
            out,
            "  {:<40} {:>5} {:>9} {:>7} {:>6}",
            "value", "n", "precision", "recall", "F1"
        )?;
        for (value, c) in values {
            let label = if value.is_empty() {
                "(empty)"
            } else {
                value.as_str()
            };
            writeln!(
                out,
                "  {:<40} {:>5} {:>9.3} {:>7.3} {:>6.3}",
                label,
                c.total(),
                c.precision(),
                c.recall(),
                c.f1()
            )?;
        }
    }
    writeln!(out, "\nper-pair scores: {}", scores_file.display())
}

/// Writes `line,score,predicted,is_match,<original columns>` per pair.
pub fn write_scores(path: &Path, report: &PairsReport) -> anyhow::Result<()> {
    let mut writer = csv_writer(path)?;
    let extra_columns: Vec<String> = report
        .scored
        .first()
        .map(|first| first.case.extra.keys().cloned().collect())
        .unwrap_or_default();
    let mut header = vec![
        "line",
        "schema",
        "name1",
        "name2",
        "is_match",
        "score",
        "predicted_match",
    ];
    header.extend(extra_columns.iter().map(String::as_str));
    writeln!(writer, "{}", header.join(","))?;
    for pair in &report.scored {
        let case = &pair.case;
        let mut cells = vec![
            case.line.to_string(),
            quote(&case.schema),
            quote(&case.name1),
            quote(&case.name2),
            case.is_match.to_string(),
            format!("{:.4}", pair.score),
            report.predicted(pair).to_string(),
        ];
        cells.extend(
            extra_columns
                .iter()
                .map(|c| quote(case.extra.get(c).map_or("", String::as_str))),
        );
        writeln!(writer, "{}", cells.join(","))?;
    }
    writer.flush()?;
    Ok(())
}

fn csv_writer(path: &Path) -> anyhow::Result<io::BufWriter<std::fs::File>> {
    use anyhow::Context;
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    Ok(io::BufWriter::new(file))
}

fn quote(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

pub fn eval_screen_json(set: &ScreeningSet, report: &ScreenReport) -> Value {
    let rows: Vec<Value> = report
        .rows
        .iter()
        .map(|row| {
            json!({
                "line": row.line,
                "name": row.name,
                "expected": row.expected.iter().map(|id| id.as_str()).collect::<Vec<_>>(),
                "hits": row.hits.iter().map(|(id, score)| json!({"id": id.as_str(), "score": round(*score)})).collect::<Vec<_>>(),
                "rank": row.rank,
            })
        })
        .collect();
    json!({
        "threshold": report.threshold,
        "versions": set.versions.iter().map(version).collect::<Vec<_>>(),
        "positives": report.positives,
        "negatives": report.negatives,
        "recall_at_1": report.recall_at_1,
        "recall_at_10": report.recall_at_10,
        "retrieval_recall": report.retrieval_recall,
        "false_alert_rate": report.false_alert_rate,
        "latency": {"p50_us": round(report.latency.p50_us), "p99_us": round(report.latency.p99_us),
                    "max_us": round(report.latency.max_us), "mean_us": round(report.latency.mean_us)},
        "queries_per_second": if report.latency.mean_us > 0.0 { round(1e6 / report.latency.mean_us) } else { 0.0 },
        "warnings": report.warnings,
        "index": {"entities": set.index.entities().len(), "names": set.index.names().len(),
                  "load_seconds": round(set.load_seconds), "build_seconds": round(set.build_seconds)},
        "rows": rows,
    })
}

pub fn eval_screen_text(out: &mut dyn Write, report: &ScreenReport) -> io::Result<()> {
    writeln!(
        out,
        "threshold {}: {} positives, recall@1 {:.4}, recall@10 {:.4}, retrieval recall {:.4}; {} negatives, false-alert rate {:.4}",
        report.threshold, report.positives, report.recall_at_1, report.recall_at_10, report.retrieval_recall,
        report.negatives, report.false_alert_rate
    )?;
    writeln!(
        out,
        "latency per query (one thread): p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        report.latency.p50_us, report.latency.p99_us, report.latency.max_us
    )?;
    let misses = report
        .rows
        .iter()
        .filter(|r| !r.expected.is_empty() && r.rank != Some(1));
    for row in misses.take(20) {
        let top = row
            .hits
            .first()
            .map(|(id, s)| format!("{id} {s:.3}"))
            .unwrap_or_else(|| "no hit".into());
        writeln!(
            out,
            "  miss line {}: {:?} expected {:?}, got {top}",
            row.line,
            row.name,
            row.expected
                .iter()
                .map(|id| id.as_str())
                .collect::<Vec<_>>()
        )?;
    }
    let alerts = report
        .rows
        .iter()
        .filter(|r| r.expected.is_empty() && !r.hits.is_empty());
    for row in alerts.take(20) {
        let (id, score) = &row.hits[0];
        writeln!(
            out,
            "  false alert line {}: {:?} -> {id} {score:.3}",
            row.line, row.name
        )?;
    }
    Ok(())
}
