//! Text screening benchmark: speed, recall on inserted listed names, false mentions per MB.
//!
//! `cargo run --release -p interdict-mentions --example text_bench -- DATA_DIR news.txt truth.jsonl`
//! (see `bench/text.sh`, which generates the text and imports the lists). Prints one JSON
//! document.

use std::time::Instant;

use interdict_screening::Threshold;
use interdict_store::Store;
use serde_json::{json, Value};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, data, text_path, truth_path] = &args[..] else {
        eprintln!("usage: text_bench DATA_DIR TEXT TRUTH.jsonl");
        std::process::exit(2);
    };
    let store = Store::open(std::path::Path::new(data)).expect("data directory");
    let started = Instant::now();
    let set = interdict_screening::load_screening_set(&store, &[], None).expect("screening set");
    let set_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let dictionary = interdict_mentions::Dictionary::build(&set);
    let dictionary_seconds = started.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(text_path).expect("text");
    let truth: Vec<Value> = std::fs::read_to_string(truth_path)
        .expect("truth")
        .lines()
        .map(|line| serde_json::from_str(line).expect("truth line"))
        .collect();
    // Best of three runs.
    let mut seconds = f64::MAX;
    let mut mentions = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        mentions =
            interdict_mentions::find_mentions_in(&set, &dictionary, &text, Threshold::DEFAULT);
        seconds = seconds.min(started.elapsed().as_secs_f64());
    }
    let overlaps = |m: &interdict_mentions::Mention, t: &Value| {
        let (start, end) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        m.start < end && start < m.end
    };
    let mut recalled_id = 0;
    let mut recalled_any = 0;
    let mut missed = Vec::new();
    for t in &truth {
        let here: Vec<_> = mentions.iter().filter(|m| overlaps(m, t)).collect();
        if here
            .iter()
            .any(|m| m.entity_id.as_str() == t["id"].as_str().unwrap())
        {
            recalled_id += 1;
        }
        if !here.is_empty() {
            recalled_any += 1;
        } else if missed.len() < 15 {
            missed.push(t["name"].clone());
        }
    }
    // False mentions: distinct spans that overlap no inserted name.
    let mut false_spans: Vec<(usize, usize, String, String)> = mentions
        .iter()
        .filter(|m| !truth.iter().any(|t| overlaps(m, t)))
        .map(|m| {
            (
                m.start,
                m.end,
                m.text.clone(),
                m.entity_id.as_str().to_owned(),
            )
        })
        .collect();
    false_spans.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let mb = text.len() as f64 / 1_000_000.0;
    let mut false_examples: Vec<String> = false_spans
        .iter()
        .map(|(_, _, text, id)| format!("{text} -> {id}"))
        .collect();
    false_examples.sort();
    false_examples.dedup();
    false_examples.truncate(20);
    let report = json!({
        "bytes": text.len(),
        "chars": text.chars().count(),
        "entities_indexed": set.index.entities().len(),
        "names_indexed": set.index.names().len(),
        "set_load_seconds": set_seconds,
        "dictionary_seconds": dictionary_seconds,
        "seconds": seconds,
        "mb_per_second": mb / seconds,
        "mentions": mentions.len(),
        "inserted": truth.len(),
        "recall_expected_id": recalled_id as f64 / truth.len() as f64,
        "recall_any_mention": recalled_any as f64 / truth.len() as f64,
        "false_mention_spans": false_spans.len(),
        "false_mentions_per_mb": false_spans.len() as f64 / mb,
        "false_examples": false_examples,
        "missed_examples": missed,
    });
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
}
