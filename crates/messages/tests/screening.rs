//! Payment messages screened against the real UN and OFAC lists.

mod common;

use chrono::NaiveDate;
use interdict_messages::{screen_message, MessageConfig, MessageReport};
use serde_json::Value;

fn screen(name: &str, bytes: &[u8]) -> MessageReport {
    let (set, dictionary) = common::set();
    let config = MessageConfig {
        threshold: interdict_engine::matcher::DEFAULT_THRESHOLD,
        date: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
        limit: 5,
    };
    screen_message(set, dictionary, &config, name, bytes).unwrap()
}

/// (field, kind, id, match) of every hit.
fn hits(report: &MessageReport) -> Vec<(String, &'static str, String, bool)> {
    report
        .hits
        .iter()
        .map(|h| {
            (
                h.field.clone(),
                h.kind,
                h.hit["id"].as_str().unwrap().to_owned(),
                h.hit["match"] == Value::Bool(true),
            )
        })
        .collect()
}

#[test]
fn explore() {
    for name in ["pacs008_listed_parties.xml", "mt103_listed_parties.rje"] {
        let (name, bytes) = common::fixture(name);
        let report = screen(&name, &bytes);
        eprintln!("{name}: alert {} {:#?}", report.alert, hits(&report));
        for h in report.hits.iter().filter(|h| h.kind == "text") {
            eprintln!(
                "  TEXT {:?} {:?} {:?}",
                h.value,
                h.mention,
                h.hit.get("matched_name")
            );
        }
        for e in &report.embargoes {
            eprintln!(
                "  EMB {} {} {} {}",
                e.field, e.via, e.place, e.embargo.territory
            );
        }
    }
    for dir in ["payments/iso20022", "payments/swift-mt"] {
        let mut files: Vec<_> = std::fs::read_dir(common::shared().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let report = screen(&name, &bytes);
            eprintln!(
                "{name}: alert {} {:?} invalid bics {:?}",
                report.alert,
                hits(&report),
                report
                    .bics
                    .iter()
                    .filter(|b| !b.valid)
                    .map(|b| (&b.bic, &b.problem))
                    .collect::<Vec<_>>()
            );
            for h in report.hits.iter().filter(|h| h.kind == "text") {
                eprintln!(
                    "  TEXT {:?} {:?} {:?}",
                    h.value,
                    h.mention,
                    h.hit.get("matched_name")
                );
            }
            for e in &report.embargoes {
                eprintln!(
                    "  EMB {} {} {} {}",
                    e.field, e.via, e.place, e.embargo.territory
                );
            }
        }
    }
}
