//! Scale and threads.
//!
//! `cargo run --release -p interdict-matcher --example scale [-- --names N]`
//!
//! 1. A synthetic index of one million names (default; `--names N` for another size), made by
//!    recombining the tokens of real list names: given and family names from the persons, and
//!    words from the organisations, of the UN (2026-02-27), OFAC SDN (2023-12-28) and UK
//!    (2020-04-27) lists, drawn by a seeded generator, so every run builds the same index.
//!    Reported: build time, peak RSS (VmHWM, the whole process: the generated entities too),
//!    and the latency of 2,000 positives (generated names with one letter dropped and the
//!    order turned) and 2,000 negatives (`negatives_global.csv`), single thread.
//! 2. Throughput over the combined real index (the six lists of `un_positives.rs`): the
//!    100,000 negatives of both fixture files, with birth date and nationality, screened on 1
//!    and on 2 threads (`std::thread::scope`, queries split in equal parts).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use interdict_index::Index;
use interdict_matcher::{screen, MatchConfig, Query, DEFAULT_THRESHOLD};
use interdict_model::{Entity, EntityId, PartialDate, Prop, Schema, SourceId};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// SplitMix64: a tiny, well-distributed, seeded generator; enough to draw tokens.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[self.below(items.len())]
    }
}

fn main() -> Result<()> {
    let shared = PathBuf::from(
        std::env::var("INTERDICT_SHARED").unwrap_or_else(|_| "/work/shared".to_owned()),
    );
    let args: Vec<String> = std::env::args().collect();
    let n_names: usize = args
        .iter()
        .position(|a| a == "--names")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let lists = shared.join("lists");
    let fixtures = shared.join("bench/screening_fixtures");

    // Token pools from real list names.
    let mut given = Vec::new();
    let mut family = Vec::new();
    let mut org = Vec::new();
    for (source, path) in [
        (SourceId::UnSc, "un-sc/consolidated_2026-02-27.xml"),
        (SourceId::OfacSdn, "ofac-sdn/2023-12-28"),
        (SourceId::UkHmt, "uk-hmt/ConList_2020-04-27.csv"),
    ] {
        for entity in load(&lists, source, path)? {
            for name in entity.get(Prop::Name) {
                let words: Vec<String> = name
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic))
                    .map(str::to_owned)
                    .collect();
                match (&entity.schema, words.as_slice()) {
                    (Schema::Person, [first, .., last]) => {
                        given.push(first.clone());
                        family.push(last.clone());
                    }
                    (Schema::Organization | Schema::Company, words) if !words.is_empty() => {
                        org.extend(words.iter().cloned());
                    }
                    _ => {}
                }
            }
        }
    }
    for pool in [&mut given, &mut family, &mut org] {
        pool.sort_unstable();
        pool.dedup();
    }
    println!(
        "token pools: {} given, {} family, {} organisation words",
        given.len(),
        family.len(),
        org.len()
    );

    // 1. The synthetic index: 70% persons (given [given] family), 30% organisations (two or
    // three words and a legal form).
    const FORMS: [&str; 6] = ["LLC", "Ltd", "JSC", "GmbH", "S.A.", "Co."];
    let mut rng = SplitMix(0x1d7e_4d1c);
    let start = Instant::now();
    let mut entities = Vec::with_capacity(n_names);
    for i in 0..n_names {
        let person = rng.below(10) < 7;
        let (schema, name) = if person {
            let name = if rng.below(3) == 0 {
                format!(
                    "{} {} {}",
                    rng.pick(&given),
                    rng.pick(&given),
                    rng.pick(&family)
                )
            } else {
                format!("{} {}", rng.pick(&given), rng.pick(&family))
            };
            (Schema::Person, name)
        } else {
            let words = 2 + rng.below(2);
            let mut name: Vec<&str> = (0..words).map(|_| rng.pick(&org)).collect();
            name.push(FORMS[rng.below(FORMS.len())]);
            (Schema::Company, name.join(" "))
        };
        let mut entity = Entity::new(
            EntityId::new(SourceId::OpenSanctions, &format!("synth-{i}")),
            schema,
        );
        entity.add(Prop::Name, &name);
        entities.push(entity);
    }
    let generated = start.elapsed();
    let start = Instant::now();
    let index = Index::build(&entities);
    let build = start.elapsed();
    println!(
        "synthetic index: {} entities, {} names, {} keys, {} postings; generated in {:.2} s, built in {:.2} s; peak RSS (VmHWM) {} MiB",
        index.entities().len(),
        index.names().len(),
        index.n_keys(),
        index.n_postings(),
        generated.as_secs_f64(),
        build.as_secs_f64(),
        status_kib("VmHWM:") / 1024
    );
    // Positives: generated names, order turned and one letter dropped from the last word.
    let mut positives = Vec::new();
    for _ in 0..2000 {
        let entity = &entities[rng.below(entities.len())];
        let name = entity.get(Prop::Name).first().map_or("", String::as_str);
        let mut words: Vec<String> = name.split(' ').map(str::to_owned).collect();
        if entity.schema == Schema::Person {
            words.rotate_left(1);
            let last = words.len() - 1;
            let chars: Vec<char> = words[last].chars().collect();
            if chars.len() >= 6 {
                let drop = 1 + rng.below(chars.len() - 2);
                words[last] = chars
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != drop)
                    .map(|(_, c)| c)
                    .collect();
            }
        }
        let mut query = Query::name(&words.join(" "));
        query.schema = Some(entity.schema.clone());
        positives.push((query, entity.id.clone()));
    }
    drop(entities);
    let negatives: Vec<Query> = read_people(&fixtures.join("negatives_global.csv"))?
        .into_iter()
        .take(2000)
        .map(|p| p.query())
        .collect();
    let config = MatchConfig {
        threshold: DEFAULT_THRESHOLD,
        limit: 10,
        sources: None,
    };
    let mut found = 0;
    let mut latencies = Vec::new();
    for (query, expected) in &positives {
        let start = Instant::now();
        let hits = screen(&index, query, &config);
        latencies.push(start.elapsed());
        // Names can repeat in a million draws: any hit with the expected name counts.
        if hits.iter().any(|h| &h.entity_id == expected)
            || hits.first().is_some_and(|h| h.score >= 0.99)
        {
            found += 1;
        }
    }
    let positive_latencies = percentiles(&mut latencies.clone());
    let mut alerts = 0;
    for query in &negatives {
        let start = Instant::now();
        if !screen(&index, query, &config).is_empty() {
            alerts += 1;
        }
        latencies.push(start.elapsed());
    }
    println!(
        "  positives: {found} / {} found at the default threshold; latency {}",
        positives.len(),
        positive_latencies
    );
    println!(
        "  negatives: {alerts} / {} alert (name + birth date + nationality against names without facts)",
        negatives.len()
    );
    println!(
        "  all {} queries (single thread): {}",
        latencies.len(),
        percentiles(&mut latencies)
    );
    println!(
        "  peak RSS (VmHWM) after queries: {} MiB",
        status_kib("VmHWM:") / 1024
    );
    drop(index);

    // 2. Throughput over the combined real index.
    let mut all: Vec<Entity> = Vec::new();
    for (source, path) in [
        (SourceId::OfacSdn, "ofac-sdn/2023-12-28"),
        (SourceId::UnSc, "un-sc/consolidated_2026-02-27.xml"),
        (SourceId::UkHmt, "uk-hmt/ConList_2020-04-27.csv"),
        (SourceId::UsCsl, "us-csl/consolidated_2022-05-06.csv.gz"),
        (SourceId::EuFsf, "eu-fsf/sample-a_2020-04-15.xml"),
        (
            SourceId::OpenSanctions,
            "opensanctions/sanctions_2024-05-30.delta.ftm.json",
        ),
    ] {
        all.extend(load(&lists, source, path)?);
    }
    let index = Index::build(&all);
    drop(all);
    let mut queries: Vec<Query> = Vec::new();
    for file in ["negatives_global.csv", "negatives_us.csv"] {
        queries.extend(
            read_people(&fixtures.join(file))?
                .into_iter()
                .map(|p| p.query()),
        );
    }
    println!(
        "combined real index: {} names; throughput over {} queries:",
        index.names().len(),
        queries.len()
    );
    for threads in [1, 2] {
        let chunk = queries.len().div_ceil(threads);
        let start = Instant::now();
        let alerts: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = queries
                .chunks(chunk)
                .map(|part| {
                    let index = &index;
                    let config = &config;
                    scope.spawn(move || {
                        part.iter()
                            .filter(|q| !screen(index, q, config).is_empty())
                            .count()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("screening thread"))
                .sum()
        });
        let elapsed = start.elapsed().as_secs_f64();
        println!(
            "  {threads} thread(s): {:.0} queries/s ({:.2} s, {alerts} alerts)",
            queries.len() as f64 / elapsed,
            elapsed
        );
    }
    Ok(())
}

fn percentiles(latencies: &mut [Duration]) -> String {
    latencies.sort_unstable();
    let at = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize].as_secs_f64() * 1e6;
    format!(
        "p50 {:.0} µs  p90 {:.0} µs  p99 {:.0} µs  max {:.0} µs",
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    )
}

fn load(lists: &Path, source: SourceId, path: &str) -> Result<Vec<Entity>> {
    let inputs = interdict_parse::load_inputs(&[lists.join(path)])?;
    Ok(interdict_parse::parse(source, &inputs)?.entities)
}

struct Person {
    name: String,
    birth_date: Option<PartialDate>,
    nationality: String,
}

impl Person {
    fn query(&self) -> Query {
        let mut query = Query::name(&self.name);
        query.schema = Some(Schema::Person);
        query.birth_date = self.birth_date;
        if !self.nationality.is_empty() {
            query.countries = vec![self.nationality.clone()];
        }
        query
    }
}

fn read_people(path: &Path) -> Result<Vec<Person>> {
    let mut reader = csv::Reader::from_path(path)?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (c_name, c_dob, c_nat) = (
        column("full_name"),
        column("date_of_birth"),
        column("nationality"),
    );
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        let dob: Vec<&str> = record[c_dob].trim().split('-').collect();
        let birth_date = match dob.as_slice() {
            [y, m, d] => y
                .parse()
                .ok()
                .and_then(|y| PartialDate::ymd(y, m.parse().ok()?, d.parse().ok()?)),
            [y] => y.parse().ok().and_then(PartialDate::year),
            _ => None,
        };
        out.push(Person {
            name: record[c_name].to_owned(),
            birth_date,
            nationality: record[c_nat].to_owned(),
        });
    }
    Ok(out)
}

/// A field of /proc/self/status in KiB (0 where it cannot be read).
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with(field))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}
