//! The real sample messages of `$INTERDICT_SHARED/payments` and the broken fixtures, read
//! without screening.

mod common;

use interdict_messages::{parse, Format, Message};

fn read(relative: &str) -> Vec<Message> {
    let path = common::shared_file(relative);
    let bytes = std::fs::read(&path).unwrap();
    parse(relative, &bytes).unwrap_or_else(|err| panic!("{err}"))
}

fn refused(fixture: &str) -> String {
    let (name, bytes) = common::fixture(fixture);
    parse(&name, &bytes).unwrap_err().to_string()
}

#[test]
fn iso20022_samples() {
    let six = read("payments/iso20022/six_musterfile_pain.001_Nov2020.xml");
    assert_eq!(six.len(), 1);
    let six = &six[0];
    assert_eq!(six.format, Format::Pain001);
    assert_eq!(six.id.as_deref(), Some("MsgId-001"));
    assert_eq!(six.transactions, 8);
    assert_eq!(six.parties.len(), 20);
    assert_eq!(six.texts.len(), 5);
    let creditor = six
        .parties
        .iter()
        .find(|p| p.role == "Cdtr" && p.transaction == Some(6))
        .unwrap();
    assert_eq!(creditor.names[0].value, "Maria Bernasconi");
    assert_eq!(
        creditor.names[0].field,
        "Document/CstmrCdtTrfInitn/PmtInf[4]/CdtTrfTxInf[1]/Cdtr/Nm"
    );
    assert_eq!(creditor.countries[0].value, "IT");

    let prowide = &read("payments/iso20022/prowide_pacs.008.001.07_with_AppHdr.xml")[0];
    assert_eq!(prowide.format, Format::Pacs008);
    assert_eq!(prowide.id.as_deref(), Some("823823423"));
    let roles: Vec<&str> = prowide.parties.iter().map(|p| p.role.as_str()).collect();
    assert_eq!(
        roles,
        [
            "AppHdr/Fr",
            "AppHdr/To",
            "InstgAgt",
            "InstdAgt",
            "Dbtr",
            "DbtrAgt",
            "CdtrAgt",
            "Cdtr"
        ]
    );
    let instructing = &prowide.parties[2];
    assert_eq!(instructing.bic.as_ref().unwrap().value, "CITTGB2LPBG");
    assert_eq!(
        instructing.bic.as_ref().unwrap().field,
        "Document/FIToFICstmrCdtTrf/GrpHdr/InstgAgt/FinInstnId/BICFI"
    );
    assert_eq!(prowide.parties[4].towns[0].value, "Buenos Aires");

    // Namespace prefixes (pacs:, head:) and a comment with U+FFFD in it.
    let a_to_b = &read("payments/iso20022/cbprplus_pacs.008_AtoB.xml")[0];
    assert_eq!(a_to_b.id.as_deref(), Some("pcs008bzmsgidr-1"));
    assert_eq!(a_to_b.parties[4].bic.as_ref().unwrap().value, "MINDROBU");

    let max = &read("payments/iso20022/cbprplus_pacs.008.max_2026.xml")[0];
    assert_eq!(max.parties.len(), 17);
    assert_eq!(
        max.texts[0].text.field,
        "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/InstrForCdtrAgt/InstrInf[1]"
    );
    for file in [
        "cbprplus_pacs008_2026.xml",
        "cbprplus_pain001_sample_2026.xml",
        "gs_pain_001_ach_credit.xml",
        "pain.001_international_USD.xml",
        "swift_pain_001_v3.xml",
    ] {
        assert_eq!(
            read(&format!("payments/iso20022/{file}")).len(),
            1,
            "{file}"
        );
    }
}

#[test]
fn fin_samples() {
    let bulk = read("payments/swift-mt/MT103-bulk-with-ack.rje");
    let ids: Vec<&str> = bulk.iter().map(|m| m.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["234234233", "C4772342333", "201904250034434"]);
    let ordering = bulk[2].parties.iter().find(|p| p.role == "50K").unwrap();
    assert_eq!(ordering.names[0].value, "OLD MUTUAL GENERAL INSURAN");
    assert_eq!(ordering.address_lines[1].value, "LAGOS NIGERIA");
    assert_eq!(ordering.address_lines[1].field, "MT103 :50K: line 3");
    assert_eq!(
        bulk[0].texts[1].text.value,
        "/INS/DEUTSCHE BANK TRUST CO.\n//AMERICAS NEW YORK, NY 10015"
    );

    let out = read("payments/swift-mt/MT103-out-ack.rje");
    // SOURCES.md says 19 MT103 messages; the two files hold 13 and 3 (13 `{2:O103` headers).
    assert_eq!(out.len(), 13);
    let warned: Vec<&String> = out.iter().flat_map(|m| &m.warnings).collect();
    assert_eq!(
        warned,
        ["message 11: a lone '{' after the last block was ignored"]
    );

    let mt101 = &read("payments/swift-mt/MT101.fin")[0];
    assert_eq!(mt101.format, Format::Mt101);
    assert_eq!(mt101.transactions, 1);
    let beneficiary = mt101.parties.iter().find(|p| p.role == "59").unwrap();
    assert_eq!(beneficiary.names[0].value, "CASH CUSTOMER I");
    assert_eq!(beneficiary.transaction, Some(1));
}

#[test]
fn broken_messages_are_refused_with_their_place() {
    assert_eq!(
        refused("truncated.xml"),
        "truncated.xml:42:5: unexpected end of file: <Cdtr> opened at line 40 is not closed (truncated?)"
    );
    assert_eq!(
        refused("wrong_namespace.xml"),
        "wrong_namespace.xml:14:3: <Document> namespace \"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\" is not a pacs.008 or pain.001 message definition"
    );
    assert_eq!(
        refused("non_utf8.xml"),
        "non_utf8.xml:34:16: not UTF-8 (byte 0xfc); payment messages must be UTF-8"
    );
    assert_eq!(
        refused("mt103_no_block4.fin"),
        "mt103_no_block4.fin: message 1 (line 1), field {4:}: the text block {4:} is missing"
    );
    assert_eq!(
        refused("mt103_bad_tag.fin"),
        "mt103_bad_tag.fin: message 1 (line 6): bad field tag :5Z: (want two digits and an optional letter, as :59A:)"
    );
}

mod properties {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Any bytes: a message or a located error, never a panic.
        #[test]
        fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = interdict_messages::parse("p", &bytes);
        }

        /// Damaged FIN: cut anywhere, a field tag changed.
        #[test]
        fn damaged_fin(cut in 0usize..400, tag in "[0-9A-Z:]{1,4}") {
            let (_, bytes) = super::common::fixture("mt103_listed_parties.rje");
            let text = String::from_utf8(bytes).unwrap();
            let cut = cut.min(text.len());
            let _ = interdict_messages::parse("p", &text.as_bytes()[..cut]);
            let replaced = text.replacen(":59:", &format!(":{tag}:"), 1);
            let _ = interdict_messages::parse("p", replaced.as_bytes());
        }

        /// Damaged XML: cut anywhere; every error names the file and a line.
        #[test]
        fn truncated_xml(cut in 0usize..2600) {
            let (_, bytes) = super::common::fixture("pacs008_listed_parties.xml");
            let cut = cut.min(bytes.len());
            if let Err(err) = interdict_messages::parse("p.xml", &bytes[..cut]) {
                prop_assert!(err.to_string().starts_with("p.xml"), "{}", err);
            }
        }
    }
}
