//! The name benchmark: precision, recall and F1 of `score_pair` at the default threshold on
//! the labelled pairs of `$INTERDICT_SHARED/bench/name_bench/cases.csv` (default
//! `/work/shared`), overall, per case group, per schema and per category.
//!
//! `cargo run --release -p interdict-matcher --example name_bench [-- --errors] [-- --sweep]`
//! `--errors` lists every misclassified pair with its score; `--sweep` prints F1 at other
//! thresholds (to check the default, not to tune on single cases).

use std::collections::BTreeMap;
use std::path::PathBuf;

use interdict_matcher::{score_pair, DEFAULT_THRESHOLD};
use interdict_model::Schema;

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
    tn: u32,
}

impl Counts {
    fn add(&mut self, predicted: bool, actual: bool) {
        match (predicted, actual) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    fn line(&self, label: &str) -> String {
        if self.tp + self.fp + self.fn_ == 0 {
            return format!(
                "{label:<32} n={:>4}  all negatives, all rejected (tn {})",
                self.tn, self.tn
            );
        }
        let precision = ratio(self.tp, self.tp + self.fp);
        let recall = ratio(self.tp, self.tp + self.fn_);
        let f1 = self.f1();
        format!(
            "{label:<32} n={:>4}  P={precision:.3}  R={recall:.3}  F1={f1:.3}  (tp {} fp {} fn {} tn {})",
            self.tp + self.fp + self.fn_ + self.tn,
            self.tp,
            self.fp,
            self.fn_,
            self.tn
        )
    }

    fn f1(&self) -> f64 {
        let precision = ratio(self.tp, self.tp + self.fp);
        let recall = ratio(self.tp, self.tp + self.fn_);
        if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        }
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

struct Case {
    group: String,
    schema: String,
    category: String,
    name1: String,
    name2: String,
    is_match: bool,
    score: f64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let shared = std::env::var("INTERDICT_SHARED").unwrap_or_else(|_| "/work/shared".to_owned());
    let path = PathBuf::from(shared).join("bench/name_bench/cases.csv");
    let show_errors = std::env::args().any(|a| a == "--errors");
    let sweep = std::env::args().any(|a| a == "--sweep");
    let mut reader = csv::Reader::from_path(&path)?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (c_group, c_schema, c_name1, c_name2, c_match, c_category) = (
        column("case_group"),
        column("schema"),
        column("name1"),
        column("name2"),
        column("is_match"),
        column("category"),
    );
    let mut cases = Vec::new();
    let start = std::time::Instant::now();
    for record in reader.records() {
        let record = record?;
        let schema = Schema::from_ftm(&record[c_schema]);
        let (score, _) = score_pair(&schema, &record[c_name1], &record[c_name2]);
        cases.push(Case {
            group: record[c_group].to_owned(),
            schema: record[c_schema].to_owned(),
            category: record[c_category].to_owned(),
            name1: record[c_name1].to_owned(),
            name2: record[c_name2].to_owned(),
            is_match: &record[c_match] == "true",
            score,
        });
    }
    let elapsed = start.elapsed();
    println!(
        "name_bench: {} cases from {} in {:.1} ms (threshold {DEFAULT_THRESHOLD})",
        cases.len(),
        path.display(),
        elapsed.as_secs_f64() * 1e3
    );
    let mut overall = Counts::default();
    let mut by_group: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_schema: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_category: BTreeMap<String, Counts> = BTreeMap::new();
    for case in &cases {
        let predicted = case.score >= DEFAULT_THRESHOLD;
        overall.add(predicted, case.is_match);
        by_group
            .entry(case.group.clone())
            .or_default()
            .add(predicted, case.is_match);
        by_schema
            .entry(case.schema.clone())
            .or_default()
            .add(predicted, case.is_match);
        let category = if case.category.is_empty() {
            "(none)".to_owned()
        } else {
            case.category.clone()
        };
        by_category
            .entry(category)
            .or_default()
            .add(predicted, case.is_match);
    }
    println!("{}", overall.line("OVERALL"));
    println!("-- by case_group");
    for (group, counts) in &by_group {
        println!("{}", counts.line(group));
    }
    println!("-- by schema");
    for (schema, counts) in &by_schema {
        println!("{}", counts.line(schema));
    }
    println!("-- by category (n >= 3)");
    for (category, counts) in &by_category {
        if counts.tp + counts.fp + counts.fn_ + counts.tn >= 3 {
            println!("{}", counts.line(category));
        }
    }
    // Side by side with logic-v2 on the cases its frozen scores cover.
    let frozen_path = path.with_file_name("logicv2-frozen.csv");
    if let Ok(mut frozen) = csv::Reader::from_path(&frozen_path) {
        let headers = frozen.headers()?.clone();
        let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
        let (f_group, f_schema, f_name1, f_name2, f_match, f_predicted) = (
            column("case_group"),
            column("schema"),
            column("name1"),
            column("name2"),
            column("is_match"),
            column("predicted_match"),
        );
        let (mut theirs, mut ours) = (Counts::default(), Counts::default());
        for record in frozen.records() {
            let record = record?;
            let case = cases.iter().find(|c| {
                c.group == record[f_group]
                    && c.schema == record[f_schema]
                    && c.name1 == record[f_name1]
                    && c.name2 == record[f_name2]
            });
            if let Some(case) = case {
                let actual = &record[f_match] == "true";
                theirs.add(&record[f_predicted] == "true", actual);
                ours.add(case.score >= DEFAULT_THRESHOLD, actual);
            }
        }
        println!("-- on the cases of logicv2-frozen.csv");
        println!("{}", theirs.line("logic-v2 (frozen, at 0.70)"));
        println!("{}", ours.line("interdict"));
    }
    if sweep {
        println!("-- threshold sweep");
        for step in 50..=90 {
            let threshold = f64::from(step) / 100.0;
            let mut counts = Counts::default();
            for case in &cases {
                counts.add(case.score >= threshold, case.is_match);
            }
            println!("{threshold:.2}  F1={:.3}", counts.f1());
        }
    }
    if show_errors {
        println!("-- errors");
        for case in &cases {
            let predicted = case.score >= DEFAULT_THRESHOLD;
            if predicted != case.is_match {
                let (_, explanation) =
                    score_pair(&Schema::from_ftm(&case.schema), &case.name1, &case.name2);
                let pairs: Vec<String> = explanation
                    .name
                    .pairs
                    .iter()
                    .map(|p| format!("{}={}:{:?}{:.2}", p.query, p.list, p.kind, p.similarity))
                    .collect();
                println!(
                    "{} {:.3} {:<12} {} | {} || {} -{:?} +{:?} {:?}",
                    if case.is_match { "FN" } else { "FP" },
                    case.score,
                    case.schema,
                    case.name1,
                    case.name2,
                    pairs.join(" "),
                    explanation.name.missing,
                    explanation.name.extra,
                    explanation.name.rules
                );
            }
        }
    }
    Ok(())
}
