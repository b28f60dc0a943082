//! Payment messages screened against the real UN and OFAC lists.

mod common;

use chrono::NaiveDate;
use interdict_messages::{screen_message, MentionPlace, MessageConfig, MessageReport};

fn screen(name: &str, bytes: &[u8]) -> MessageReport {
    let (set, dictionary) = common::set();
    let config = MessageConfig {
        threshold: interdict_screening::Threshold::DEFAULT,
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
                h.hit.hit.entity_id.to_string(),
                h.hit.is_match,
            )
        })
        .collect()
}

fn hit(field: &str, kind: &'static str, id: &str) -> (String, &'static str, String, bool) {
    (field.to_owned(), kind, id.to_owned(), true)
}

#[test]
fn pacs008_with_listed_creditor_agent_and_vessel() {
    let (name, bytes) = common::fixture("pacs008_listed_parties.xml");
    let report = screen(&name, &bytes);
    assert!(report.alert);
    let tx = "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]";
    let found = hits(&report);
    for expected in [
        hit(&format!("{tx}/Cdtr/Nm"), "party", "ofac-sdn:12927"),
        hit(
            &format!("{tx}/CdtrAgt/FinInstnId/Nm"),
            "agent",
            "ofac-sdn:25019",
        ),
        hit(&format!("{tx}/RmtInf/Ustrd[1]"), "text", "ofac-sdn:27304"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:#?}");
    }
    // The creditor agent's name hit is lifted by its BIC, a listed identifier.
    let agent = report
        .hits
        .iter()
        .find(|h| h.hit.hit.entity_id.as_str() == "ofac-sdn:25019")
        .unwrap();
    assert_eq!(agent.hit.hit.explanation.identifiers, ["BKMTIRTH"]);
    assert_eq!(agent.transaction, Some(1));
    assert_eq!(agent.message_id.as_deref(), Some("HTG-20260115-0042"));
    let vessel = report.hits.iter().find(|h| h.kind == "text").unwrap();
    assert_eq!(
        vessel.mention,
        Some(MentionPlace {
            start: 28,
            end: 42,
            text: "ADRIAN DARYA 1".into()
        })
    );
    let embargoes: Vec<(String, &str, &str)> = report
        .embargoes
        .iter()
        .map(|e| (e.field.clone(), e.via, e.embargo.country.as_str()))
        .collect();
    assert_eq!(
        embargoes,
        [
            (format!("{tx}/CdtrAgt/FinInstnId/BICFI"), "bic", "IR"),
            (format!("{tx}/Cdtr/PstlAdr/Ctry"), "country", "IR"),
            (format!("{tx}/Cdtr/PstlAdr/TwnNm"), "town", "IR"),
        ]
    );
    assert_eq!(report.messages[0].embargo_date.to_string(), "2026-01-15");
    assert_eq!(report.hits[0].field.split('/').next(), Some("Document"));
    assert_eq!(
        report.messages[0].format,
        interdict_messages::Format::Pacs008
    );
}

#[test]
fn mt103_rje_with_listed_beneficiaries() {
    let (name, bytes) = common::fixture("mt103_listed_parties.rje");
    let report = screen(&name, &bytes);
    assert!(report.alert);
    let first: Vec<_> = report
        .hits
        .iter()
        .filter(|h| h.message == 1)
        .map(|h| (h.field.as_str(), h.kind, h.hit.hit.entity_id.as_str()))
        .collect();
    assert_eq!(
        first,
        [
            ("MT103 {2:} receiver", "bic", "ofac-sdn:25019"),
            ("MT103 :57A:", "bic", "ofac-sdn:25019"),
            ("MT103 :59:", "party", "ofac-sdn:12927"),
            ("MT103 :70:", "text", "ofac-sdn:27304"),
        ]
    );
    let second = report
        .hits
        .iter()
        .find(|h| h.message == 2 && h.kind == "party")
        .unwrap();
    assert_eq!(second.field, "MT103 :59F:");
    assert_eq!(second.value, "KIM JONG UN");
    assert_eq!(second.hit.hit.entity_id.as_str(), "ofac-sdn:20157");
    let embargoes: Vec<(usize, &str, &str, &str)> = report
        .embargoes
        .iter()
        .map(|e| {
            (
                e.message,
                e.field.as_str(),
                e.place.as_str(),
                e.embargo.country.as_str(),
            )
        })
        .collect();
    assert_eq!(
        embargoes,
        [
            (1, "MT103 {2:} receiver", "IR", "IR"),
            (1, "MT103 :57A:", "IR", "IR"),
            (1, "MT103 :59: line 3", "TEHRAN", "IR"),
            (1, "MT103 :59: line 3", "IRAN", "IR"),
            (2, "MT103 {2:} receiver", "IR", "IR"),
            (2, "MT103 :59F: line 4", "KP", "KP"),
            (2, "MT103 :59F: line 4", "PYONGYANG", "KP"),
        ]
    );
    assert_eq!(report.messages[1].id.as_deref(), Some("HTG-2026-0043"));
    assert_eq!(report.messages[1].embargo_date.to_string(), "2026-01-16");
}

#[test]
fn shared_samples_do_not_alert() {
    let mut near_misses = Vec::new();
    let mut invalid = 0;
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
            assert!(!report.alert, "{name}: {:#?}", hits(&report));
            assert!(report.embargoes.is_empty(), "{name}");
            near_misses.extend(hits(&report).into_iter().map(|h| (h.0, h.2)));
            for bic in report.bics.iter().filter(|b| !b.valid) {
                assert!(bic.bic.starts_with("BICFOOYY"), "{name}: {}", bic.bic);
                invalid += 1;
            }
        }
    }
    // Shown below the line, never alerting.
    assert_eq!(
        near_misses,
        [
            (
                "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/DbtrAgt/FinInstnId/Nm".to_owned(),
                "ofac-sdn:7195".to_owned()
            ),
            (
                "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm".to_owned(),
                "ofac-sdn:4108".to_owned()
            ),
            ("MT103 :59:".to_owned(), "ofac-sdn:15059".to_owned()),
        ]
    );
    // The "BICFOO..." placeholders of the FIN samples: "OO" is no country.
    assert_eq!(invalid, 25);
}
