//! Screening figures on real lists and the shared fixtures.
//!
//! `cargo run --release -p interdict-matcher --example un_positives`
//!
//! 1. Recall: the index is built from the UN list of 2026-02-27, and each row of
//!    `positives_un_treated.csv` (names with typos and reshuffles) is screened with its birth date
//!    and nationality. The expected entity is the UN entity bearing the untreated row's name
//!    exactly (the files are row-aligned); rows whose name is on no UN entity are not mappable.
//!    Reported: recall@1 (expected entity ranked first and at or above the default threshold),
//!    recall@10 (among the first ten at any score).
//! 2. False alerts: every row of `negatives_global.csv` and `negatives_us.csv` is screened
//!    against all of ofac-sdn 2023-12-28, un-sc 2026-02-27, uk-hmt 2020-04-27, us-csl, eu-fsf and
//!    opensanctions, with birth date and nationality, and by name only; a row alerts when any hit
//!    reaches the default threshold.
//! 3. Latency per query (single thread) over that combined index, and its build time and memory.
//!
//! `--misses` lists the positives not found at rank 1; `--alerts` the negatives that alerted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use interdict_index::{Gender, Index};
use interdict_matcher::{screen, Hit, MatchConfig, Query, DEFAULT_THRESHOLD};
use interdict_model::{Entity, PartialDate, Prop, Schema, SourceId};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let shared = PathBuf::from(
        std::env::var("INTERDICT_SHARED").unwrap_or_else(|_| "/work/shared".to_owned()),
    );
    let show_misses = std::env::args().any(|a| a == "--misses");
    let show_alerts = std::env::args().any(|a| a == "--alerts");
    let lists = shared.join("lists");
    let fixtures = shared.join("bench/screening_fixtures");

    // 1. Recall on the UN list.
    let un = load(&lists, SourceId::UnSc, "un-sc/consolidated_2026-02-27.xml")?;
    let un_index = Index::build(&un);
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (pos, entity) in un.iter().enumerate() {
        for prop in [Prop::Name, Prop::Alias, Prop::WeakAlias, Prop::PreviousName] {
            for name in entity.get(prop) {
                let list = by_name.entry(exact_key(name)).or_default();
                if !list.contains(&pos) {
                    list.push(pos);
                }
            }
        }
    }
    let treated = read_people(&fixtures.join("positives_un_treated.csv"))?;
    let untreated = read_people(&fixtures.join("positives_un_untreated.csv"))?;
    let wide = MatchConfig {
        threshold: 0.0,
        limit: 10,
        sources: None,
    };
    let (mut mappable, mut at1, mut at10, mut top1_any) = (0, 0, 0, 0);
    for (row, original) in treated.iter().zip(&untreated) {
        let Some(expected) = by_name.get(&exact_key(&original.name)) else {
            continue;
        };
        mappable += 1;
        let hits = screen(&un_index, &row.query(true), &wide);
        let expected_ids: Vec<&str> = expected.iter().map(|&i| un[i].id.as_str()).collect();
        let is_expected = |hit: &Hit| expected_ids.contains(&hit.entity_id.as_str());
        if hits.first().is_some_and(is_expected) {
            top1_any += 1;
            if hits[0].score >= DEFAULT_THRESHOLD {
                at1 += 1;
            }
        }
        if hits.iter().any(is_expected) {
            at10 += 1;
        }
        if show_misses
            && !hits
                .first()
                .is_some_and(|h| is_expected(h) && h.score >= DEFAULT_THRESHOLD)
        {
            let found = hits.iter().position(is_expected);
            println!(
                "miss: {:?} (untreated {:?}, {:?}) rank {:?} top {:?}",
                row.name,
                original.name,
                expected_ids,
                found,
                hits.first().map(|h| (
                    h.entity_id.as_str(),
                    &h.matched_name,
                    (h.score * 1000.0).round() / 1000.0
                ))
            );
            if let Some(pos) = found {
                println!(
                    "      expected scored {:.3} via {:?}",
                    hits[pos].score, hits[pos].matched_name
                );
            }
        }
    }
    println!(
        "UN positives (treated, with birth date + nationality), index = un-sc 2026-02-27 ({} entities)",
        un_index.entities().len()
    );
    println!(
        "  rows {}  mappable {}  recall@1 {:.4} ({} / {}, top-1 at any score {})  recall@10 {:.4} ({})",
        treated.len(),
        mappable,
        ratio(at1, mappable),
        at1,
        mappable,
        top1_any,
        ratio(at10, mappable),
        at10
    );
    drop(un_index);

    // 2 and 3. The combined index.
    let sources: [(SourceId, &str); 6] = [
        (SourceId::OfacSdn, "ofac-sdn/2023-12-28"),
        (SourceId::UnSc, "un-sc/consolidated_2026-02-27.xml"),
        (SourceId::UkHmt, "uk-hmt/ConList_2020-04-27.csv"),
        (SourceId::UsCsl, "us-csl/consolidated_2022-05-06.csv.gz"),
        (SourceId::EuFsf, "eu-fsf/sample-a_2020-04-15.xml"),
        (
            SourceId::OpenSanctions,
            "opensanctions/sanctions_2024-05-30.delta.ftm.json",
        ),
    ];
    let mut all: Vec<Entity> = Vec::new();
    for (source, path) in sources {
        let entities = load(&lists, source, path)?;
        println!("  loaded {source}: {} entities", entities.len());
        all.extend(entities);
    }
    let rss_before = rss_kib();
    let start = Instant::now();
    let index = Index::build(&all);
    let build = start.elapsed();
    let rss_after = rss_kib();
    println!(
        "combined index: {} entities, {} names, {} keys, {} postings; built in {:.2} s; RSS {} MiB before, {} MiB after (+{} MiB)",
        index.entities().len(),
        index.names().len(),
        index.n_keys(),
        index.n_postings(),
        build.as_secs_f64(),
        rss_before / 1024,
        rss_after / 1024,
        rss_after.saturating_sub(rss_before) / 1024
    );
    drop(all);
    let config = MatchConfig {
        threshold: DEFAULT_THRESHOLD,
        limit: 10,
        sources: None,
    };
    let mut latencies = Vec::new();
    for file in ["negatives_global.csv", "negatives_us.csv"] {
        let people = read_people(&fixtures.join(file))?;
        for with_facts in [true, false] {
            let mut alerts = 0;
            for person in &people {
                let query = person.query(with_facts);
                let start = Instant::now();
                let hits = screen(&index, &query, &config);
                latencies.push(start.elapsed().as_nanos() as u64);
                if !hits.is_empty() {
                    alerts += 1;
                    if show_alerts && with_facts {
                        println!(
                            "alert: {:?} {:?} {:?} -> {} {:?} {:.3} {:?} {:?} {:?}",
                            person.name,
                            person.birth_date,
                            person.nationality,
                            hits[0].entity_id,
                            hits[0].matched_name,
                            hits[0].score,
                            hits[0].explanation.birth_date,
                            hits[0].explanation.country,
                            hits[0]
                                .explanation
                                .name
                                .pairs
                                .iter()
                                .map(|p| format!("{}={}:{:?}", p.query, p.list, p.kind))
                                .collect::<Vec<_>>()
                        );
                    }
                }
            }
            println!(
                "{file} ({}): false-alert rate {:.4} ({alerts} / {})",
                if with_facts {
                    "name + birth date + nationality"
                } else {
                    "name only"
                },
                ratio(alerts, people.len()),
                people.len()
            );
        }
    }
    latencies.sort_unstable();
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize] as f64 / 1000.0;
    println!(
        "latency over {} queries (single thread, combined index): p50 {:.1} µs  p90 {:.1} µs  p99 {:.1} µs  max {:.1} µs",
        latencies.len(),
        pct(0.5),
        pct(0.9),
        pct(0.99),
        pct(1.0)
    );
    Ok(())
}

fn load(lists: &Path, source: SourceId, path: &str) -> Result<Vec<Entity>> {
    let inputs = interdict_parse::load_inputs(&[lists.join(path)])?;
    Ok(interdict_parse::parse(source, &inputs)?.entities)
}

fn exact_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

struct Person {
    name: String,
    gender: Option<Gender>,
    birth_date: Option<PartialDate>,
    nationality: String,
}

impl Person {
    fn query(&self, with_facts: bool) -> Query {
        let mut query = Query::name(&self.name);
        query.schema = Some(Schema::Person);
        if with_facts {
            query.birth_date = self.birth_date;
            query.countries = if self.nationality.is_empty() {
                Vec::new()
            } else {
                vec![self.nationality.clone()]
            };
            query.gender = self.gender;
        }
        query
    }
}

fn read_people(path: &Path) -> Result<Vec<Person>> {
    let mut reader = csv::Reader::from_path(path)?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (c_name, c_gender, c_dob, c_nat) = (
        column("full_name"),
        column("gender"),
        column("date_of_birth"),
        column("nationality"),
    );
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        out.push(Person {
            name: record[c_name].to_owned(),
            gender: Gender::parse(&record[c_gender]),
            birth_date: lenient_date(&record[c_dob]),
            nationality: record[c_nat].to_owned(),
        });
    }
    Ok(out)
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, with or without zero padding ("1969-7-16").
fn lenient_date(text: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let year: u16 = parts.first()?.parse().ok()?;
    match parts.len() {
        1 => PartialDate::year(year),
        2 => PartialDate::year_month(year, parts[1].parse().ok()?),
        3 => PartialDate::ymd(year, parts[1].parse().ok()?, parts[2].parse().ok()?),
        _ => None,
    }
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}
