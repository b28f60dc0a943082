//! `check` with the set loaded must answer in ≤ 1 ms. Loads the real lists
//! (UN 2026-02-27, OFAC SDN 2023-12-28, UK HMT 2025-04-14) into a temporary
//! store, loads the travel set once, and times `check` alone.
//!
//! `CARGO_TARGET_DIR=... cargo bench -p interdict-travel --bench travel`

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use interdict_model::SourceId;
use interdict_regimes::Regimes;
use interdict_store::Store;
use interdict_travel::{check, load_travel_set, TravelRequest};

fn lists_dir() -> PathBuf {
    std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("lists")
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    for (source, file) in [
        (SourceId::UnSc, "un-sc/consolidated_2026-02-27.xml"),
        (SourceId::OfacSdn, "ofac-sdn/2023-12-28"),
        (SourceId::UkHmt, "uk-hmt/ConList_2025-04-14.xlsx"),
    ] {
        interdict_lists::import_paths(&mut store, source, &[lists_dir().join(file)], None).unwrap();
    }
    let date = "2026-03-01".parse().unwrap();
    let set = load_travel_set(&store, date).unwrap();
    let regimes = Regimes::embedded();
    let listed = TravelRequest::new("Qasem Soleimani", "RU", date);
    let unlisted = TravelRequest::new("Marguerite Villeneuve-Okafor", "FR", date);
    let mut group = c.benchmark_group("travel_check");
    group.bench_function("listed_violation", |b| {
        b.iter(|| check(&set, regimes, &listed))
    });
    group.bench_function("not_listed", |b| b.iter(|| check(&set, regimes, &unlisted)));
    // The screening part alone, for comparison.
    let query = interdict_matcher::Query {
        schema: Some(interdict_model::Schema::Person),
        ..interdict_matcher::Query::name("Qasem Soleimani")
    };
    group.bench_function("screen_only_listed", |b| {
        let options = interdict_screening::ScreenOptions::near_misses(listed.threshold, 10);
        b.iter(|| interdict_screening::screen(&set, &query, &options))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
