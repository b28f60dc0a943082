//! Real pairs: the UN consolidated list gives many entries' names in their original script
//! (`NAME_ORIGINAL_SCRIPT`) beside the Latin names of the same record. Transliterating the
//! original and taking skeletons must meet the Latin spellings.

use std::collections::HashSet;
use std::path::PathBuf;

use interdict_text::{detect_script, skeleton, tokenize, variant_group, NameKind, Role, Script};

fn lists_dir() -> PathBuf {
    let shared = std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("lists")
}

/// One UN record: its original-script name and all its Latin names.
struct Record {
    reference: String,
    kind: NameKind,
    original: String,
    latin: Vec<String>,
}

/// A deliberately small reader: the parse crate sits above this one, and these tests only
/// need a few tags of a file whose shape the parse crate's own tests pin down.
fn un_records() -> Vec<Record> {
    let path = lists_dir().join("un-sc/consolidated_2026-02-27.xml");
    let xml = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut records = Vec::new();
    for (open, close, kind) in [
        ("<INDIVIDUAL>", "</INDIVIDUAL>", NameKind::Person),
        ("<ENTITY>", "</ENTITY>", NameKind::Organization),
    ] {
        let mut rest = xml.as_str();
        while let Some(start) = rest.find(open) {
            let end = rest[start..].find(close).expect("record closes") + start;
            let body = &rest[start..end];
            rest = &rest[end..];
            let original = tags(body, "NAME_ORIGINAL_SCRIPT");
            let Some(original) = original.into_iter().next() else {
                continue;
            };
            let parts: Vec<String> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
                .iter()
                .flat_map(|t| tags(body, t))
                .collect();
            let mut latin = vec![parts.join(" ")];
            latin.extend(tags(body, "ALIAS_NAME"));
            records.push(Record {
                reference: tags(body, "REFERENCE_NUMBER").concat(),
                kind,
                original,
                latin,
            });
        }
    }
    records
}

fn tags(body: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find(&open) {
        let from = start + open.len();
        let end = rest[from..].find(&close).expect("tag closes") + from;
        let text = rest[from..end]
            .replace("&apos;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        if !text.trim().is_empty() {
            out.push(text.trim().to_owned());
        }
        rest = &rest[end..];
    }
    out
}

/// The keys a Latin name offers: skeletons and variant groups of its body words.
fn keys(names: &[String], kind: NameKind) -> (HashSet<String>, HashSet<u32>, Vec<String>) {
    let mut skeletons = HashSet::new();
    let mut groups = HashSet::new();
    let mut compacts = Vec::new();
    for name in names {
        let tokens = tokenize(name, kind);
        for token in tokens.body() {
            skeletons.insert(skeleton(&token.text));
            groups.extend(variant_group(&token.text));
        }
        compacts.push(skeleton(&tokens.compact()));
    }
    (skeletons, groups, compacts)
}

struct Agreement {
    names: usize,
    names_agreeing: usize,
    tokens: usize,
    tokens_agreeing: usize,
    misses: Vec<String>,
}

fn agreement(records: &[Record]) -> Agreement {
    let mut result = Agreement {
        names: 0,
        names_agreeing: 0,
        tokens: 0,
        tokens_agreeing: 0,
        misses: Vec::new(),
    };
    for record in records {
        if detect_script(&record.original) == Script::Latin {
            continue;
        }
        let (skeletons, groups, compacts) = keys(&record.latin, record.kind);
        let original = tokenize(&record.original, record.kind);
        let body: Vec<_> = original.body().collect();
        // Two neighbours joined, for "X allah" / "X al-din" against "Xullah" / "Xuddin".
        let in_compact = |key: &str| key.len() >= 2 && compacts.iter().any(|c| c.contains(key));
        let joined_ok: Vec<bool> = (0..body.len())
            .map(|i| {
                let with_prev = i > 0
                    && in_compact(&skeleton(&format!("{}{}", body[i - 1].text, body[i].text)));
                let with_next = i + 1 < body.len()
                    && in_compact(&skeleton(&format!("{}{}", body[i].text, body[i + 1].text)));
                with_prev || with_next
            })
            .collect();
        let mut all = true;
        let mut missed = Vec::new();
        for (i, token) in body.iter().enumerate() {
            if token.role != Role::Word {
                continue;
            }
            let key = skeleton(&token.text);
            // Arabic writes theophoric names apart (نصیر الدین, عبد الله) where the Latin
            // spelling joins them (Nasiruddin, Abdullah); a word then meets a part of the
            // joined Latin skeleton.
            let ok = skeletons.contains(&key)
                || variant_group(&token.text).is_some_and(|g| groups.contains(&g))
                || in_compact(&key)
                || joined_ok[i];
            result.tokens += 1;
            if ok {
                result.tokens_agreeing += 1;
            } else {
                all = false;
                missed.push(format!("{}={key}", token.text));
            }
        }
        result.names += 1;
        if all {
            result.names_agreeing += 1;
        } else {
            result.misses.push(format!(
                "{} {} | {} | missed {}",
                record.reference,
                record.original,
                record.latin[0],
                missed.join(" ")
            ));
        }
    }
    result
}

#[test]
fn original_script_names_meet_their_latin_names() {
    let records = un_records();
    assert!(records.len() > 300, "{} records", records.len());
    let result = agreement(&records);
    let name_rate = result.names_agreeing as f64 / result.names as f64;
    let token_rate = result.tokens_agreeing as f64 / result.tokens as f64;
    eprintln!(
        "UN original-script pairs: {}/{} names agree ({:.1}%), {}/{} tokens ({:.1}%)",
        result.names_agreeing,
        result.names,
        name_rate * 100.0,
        result.tokens_agreeing,
        result.tokens,
        token_rate * 100.0
    );
    if std::env::var_os("SHOW_MISSES").is_some() {
        for miss in &result.misses {
            eprintln!("{miss}");
        }
    }
    let people: Vec<Record> = records
        .into_iter()
        .filter(|r| r.kind == NameKind::Person)
        .collect();
    let people = agreement(&people);
    let people_rate = people.names_agreeing as f64 / people.names as f64;
    eprintln!(
        "  of which individuals: {}/{} names agree ({:.1}%), {}/{} tokens",
        people.names_agreeing,
        people.names,
        people_rate * 100.0,
        people.tokens_agreeing,
        people.tokens
    );
    // Measured on consolidated_2026-02-27.xml: 87.5% of names, 95.3% of tokens, 92.6% of
    // individuals (entities' Latin names are often translations, not transliterations). A
    // drop means a table change broke real names.
    assert!(name_rate >= 0.87, "name agreement {name_rate}");
    assert!(token_rate >= 0.95, "token agreement {token_rate}");
    assert!(people_rate >= 0.92, "individuals' agreement {people_rate}");
}

#[test]
fn real_pairs_agree() {
    let records = un_records();
    // Records whose every original-script word must meet a Latin spelling.
    for reference in ["IQi.001", "IQi.002", "IQi.004", "IQi.005"] {
        let record = records
            .iter()
            .find(|r| r.reference == reference)
            .unwrap_or_else(|| panic!("{reference} on the list"));
        let result = agreement(std::slice::from_ref(record));
        assert_eq!(result.misses, Vec::<String>::new(), "{reference}");
    }
}
