//! The EU Financial Sanctions File (XML 1.1), read from the real excerpts.

mod common;

use chrono::NaiveDate;
use common::{date, entity, lists_dir, parse_shared, read};
use interdict_model::{IdKind, Prop, Schema, SourceId};
use interdict_parse::{eu, Input, ParseError};
use proptest::prelude::*;

const SAMPLE_A: &str = "eu-fsf/sample-a_2020-04-15.xml";
const SAMPLE_B: &str = "eu-fsf/sample-b_2020-04-15.xml";

#[test]
fn sample_a_counts_and_saddam_hussein() {
    let list = parse_shared(SourceId::EuFsf, &[SAMPLE_A]);
    assert_eq!(list.format, "eu-fsf-xml");
    assert_eq!(list.published, NaiveDate::from_ymd_opt(2020, 4, 15));
    assert_eq!(list.report.records, 7);
    assert_eq!(list.entities.len(), 7);
    assert_eq!(list.report.issues, []);
    // Five entity-level remarks, kept in notes.
    assert_eq!(list.report.unstructured, 5);
    let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "eu-fsf:13",
            "eu-fsf:20",
            "eu-fsf:23",
            "eu-fsf:25",
            "eu-fsf:29",
            "eu-fsf:33",
            "eu-fsf:39"
        ]
    );
    assert!(list.entities.iter().all(|e| e.schema == Schema::Person));
    // Every name in the excerpts is strong.
    assert!(list
        .entities
        .iter()
        .all(|e| e.get(Prop::WeakAlias).is_empty()));

    let saddam = entity(&list, "eu-fsf:13");
    // The first strong nameAlias is the name, whatever its language.
    assert_eq!(saddam.get(Prop::Name), ["Abou Ali"]);
    assert_eq!(
        saddam.get(Prop::Alias),
        ["Abu Ali", "Saddam Hussein Al-Tikriti"]
    );
    assert_eq!(saddam.get(Prop::FirstName), ["Saddam"]);
    assert_eq!(saddam.get(Prop::LastName), ["Hussein Al-Tikriti"]);
    assert_eq!(saddam.get(Prop::Gender), ["male"]);
    assert_eq!(saddam.get(Prop::BirthDate), ["1937-04-28"]);
    assert_eq!(saddam.get(Prop::BirthPlace), ["al-Awja, near Tikrit, IRAQ"]);
    assert_eq!(saddam.get(Prop::BirthCountry), ["IRAQ"]);
    assert_eq!(saddam.get(Prop::Citizenship), ["IRAQ"]);
    assert_eq!(saddam.get(Prop::Notes), ["UNSC RESOLUTION 1483"]);
    assert!(saddam.identifiers.is_empty());
    let s = &saddam.sanctions[0];
    assert_eq!(s.authority, "European Union");
    assert_eq!(s.authority_id, "EU.27.28");
    assert_eq!(s.unsc_id, None, "unitedNationId is empty in the file");
    assert_eq!(s.reason, None);
    assert_eq!(s.programs, ["IRQ"]);
    assert_eq!(s.list_name.as_deref(), Some("1210/2003 (OJ L169)"));
    assert_eq!(s.listing_date, Some(date("2003-07-07")));
    assert_eq!(s.modified_at, []);
    assert_eq!(
        s.summary,
        ["Regulation 1210/2003 (OJ L169) (regulation, commission, programme IRQ, published 2003-07-08, in force 2003-07-07): http://eur-lex.europa.eu/LexUriServ/LexUriServ.do?uri=OJ:L:2003:169:0006:0023:EN:PDF"]
    );

    // Two birth years, a title and a function.
    let qusay = entity(&list, "eu-fsf:20");
    assert_eq!(qusay.get(Prop::BirthDate), ["1965", "1966"]);
    assert_eq!(qusay.get(Prop::BirthPlace), ["Baghdad"]);
    assert_eq!(qusay.get(Prop::FirstName), ["Qusay", "Qoussaï"]);
    let secretary = entity(&list, "eu-fsf:25");
    assert_eq!(secretary.get(Prop::Title), ["Col"]);
    assert_eq!(secretary.get(Prop::BirthDate), ["1957"]);
    assert_eq!(secretary.get(Prop::Alias).len(), 6);
}

#[test]
fn sample_b_counts_duplicate_and_identifications() {
    let list = parse_shared(SourceId::EuFsf, &[SAMPLE_B]);
    assert_eq!(list.published, NaiveDate::from_ymd_opt(2020, 4, 15));
    // Seven sanctionEntity records, but logicalId 5468 appears twice (the
    // second is a "TestOneWord" entry): it is merged, so ids stay unique.
    assert_eq!(list.report.records, 7);
    assert_eq!(list.entities.len(), 6);
    assert_eq!(list.report.issues.len(), 1);
    let issue = &list.report.issues[0];
    assert_eq!(issue.location.line, Some(110));
    assert_eq!(issue.location.record.as_deref(), Some("5468"));
    assert_eq!(
        issue.message,
        "logicalId 5468 appears again (first at record 3); merged into it"
    );
    let hwang = entity(&list, "eu-fsf:5468");
    assert_eq!(hwang.get(Prop::Name), ["Sok-hwa Hwang", "TestOneWord"]);
    assert_eq!(hwang.sanctions.len(), 1);

    // Identification documents.
    let aouadi = entity(&list, "eu-fsf:927");
    assert_eq!(aouadi.get(Prop::Name), ["Mohamed Ben Belkacem Aouadi"]);
    assert_eq!(aouadi.get(Prop::MiddleName), ["Ben Belkacem"]);
    assert_eq!(aouadi.get(Prop::BirthDate), ["1974-12-11"]);
    assert_eq!(aouadi.get(Prop::Citizenship), ["TUNISIA"]);
    assert_eq!(
        aouadi.get(Prop::Address),
        ["23 50th Street, Zehrouni, Tunis, TUNISIA"]
    );
    assert_eq!(
        aouadi.get(Prop::Notes),
        ["address 23 50th Street, Zehrouni, Tunis, TUNISIA: Italian Fiscal Code: DAOMMD74T11Z352Z"]
    );
    assert_eq!(aouadi.identifiers.len(), 2);
    let id_card = &aouadi.identifiers[0];
    assert_eq!(id_card.kind, IdKind::National);
    assert_eq!(id_card.label, "National identification card");
    assert_eq!(id_card.number, "04643632");
    assert_eq!(id_card.country.as_deref(), Some("TUNISIA"));
    assert_eq!(aouadi.identifiers[1].kind, IdKind::Passport);
    assert_eq!(aouadi.get(Prop::PassportNumber), ["L191609"]);
    assert_eq!(aouadi.get(Prop::IdNumber), ["04643632"]);
    let s = &aouadi.sanctions[0];
    assert_eq!(s.programs, ["TAQA"]);
    assert_eq!(s.authority_id, "EU.3343.85");
    // Only an amending act is given and no designationDate: no listing date,
    // but the amendment is in the history.
    assert_eq!(s.listing_date, None);
    assert_eq!(s.modified_at, [date("2016-03-03")]);
    assert_eq!(s.summary.len(), 5);

    // A passport of unknown country.
    let mohammed = entity(&list, "eu-fsf:191");
    assert_eq!(mohammed.identifiers[0].country, None);
    assert_eq!(mohammed.identifiers[0].label, "National passport");
    assert_eq!(mohammed.get(Prop::Alias).len(), 4);
}

#[test]
fn sample_b_designation_date_circa_and_alias_remark() {
    let list = parse_shared(SourceId::EuFsf, &[SAMPLE_B]);
    let e = entity(&list, "eu-fsf:5295");
    assert_eq!(e.get(Prop::Name), ["Abid Hammadou"]);
    assert_eq!(
        e.get(Prop::Alias),
        [
            "Abdelhamid Abou Zeid",
            "Youcef Adel",
            "Amor Mohamed Ghedeir",
            "Abou Abdellah"
        ]
    );
    assert_eq!(e.get(Prop::BirthDate), ["1965-12-12", "1958"]);
    assert_eq!(
        e.get(Prop::BirthPlace),
        [
            "Touggourt, Wilaya (province) of Ouargla, ALGERIA",
            "Deb-Deb, Amenas, Wilaya (province) of Illizi, ALGERIA"
        ]
    );
    assert_eq!(e.get(Prop::Citizenship), ["ALGERIA"]);
    assert_eq!(
        e.get(Prop::Notes),
        ["name Amor Mohamed Ghedeir: (a) Mother's name is Benarouba Bachira; (b) Father's name is Mabrouk. Other information: Reportedly deceased as of 24 February 2013."]
    );
    let s = &e.sanctions[0];
    assert_eq!(s.authority_id, "EU.2026.82");
    assert_eq!(s.listing_date, Some(date("2008-07-03")), "designationDate");
    assert_eq!(s.modified_at, [date("2019-04-09")]);
    assert_eq!(s.list_name.as_deref(), Some("2019/555 (OJ L97)"));
    assert_eq!(
        e.get(Prop::SourceUrl),
        ["https://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=OJ:L:2019:097:FULL&from=EN"]
    );
    // The acts cited by the name and birth details are kept, once each.
    assert_eq!(
        s.summary[1..],
        [
            "Cited: amendment 598/2012 (OJ L176), published 2012-07-06: http://eur-lex.europa.eu/LexUriServ/LexUriServ.do?uri=OJ:L:2012:176:0059:0061:EN:PDF",
            "Cited: amendment 678/2008 (OJ L189), published 2008-07-17: http://eur-lex.europa.eu/LexUriServ/LexUriServ.do?uri=OJ:L:2008:189:0023:0024:EN:PDF",
            "Cited: amendment 1142/2012 (OJ L332), published 2012-12-04: http://eur-lex.europa.eu/LexUriServ/LexUriServ.do?uri=OJ:L:2012:332:0012:0015:EN:PDF"
        ]
    );
    let manzi = entity(&list, "eu-fsf:5807");
    assert_eq!(manzi.get(Prop::BirthDate), ["1954", "1953"]);
    assert_eq!(
        manzi.get(Prop::Address),
        ["Kikoma forest, Bogoyi, Walikale, North Kivu, CONGO, Democratic Republic of (was Zaire)"]
    );
    assert_eq!(manzi.sanctions[0].programs, ["COD"]);
}

#[test]
fn un_reference_is_the_cross_reference() {
    // The excerpts carry no unitedNationId; this is the real attribute layout
    // with one filled in, as the full file has for UN-derived listings.
    let text = std::fs::read_to_string(lists_dir().join(SAMPLE_A))
        .unwrap()
        .replacen(
            "unitedNationId=\"\" euReferenceNumber=\"EU.27.28\"",
            "unitedNationId=\"IQi.001\" euReferenceNumber=\"EU.27.28\"",
            1,
        );
    let list = eu::parse(&[Input::new("a.xml", text.into_bytes())]).unwrap();
    assert_eq!(
        list.entities[0].sanctions[0].unsc_id.as_deref(),
        Some("IQi.001")
    );
}

#[test]
fn other_formats_are_wrong_format() {
    let un = read("un-sc/consolidated_2020-11-24.xml");
    let err = eu::parse(&[un]).unwrap_err();
    assert!(
        matches!(&err, ParseError::WrongFormat { list: SourceId::EuFsf, reason, .. }
            if reason.contains("<CONSOLIDATED_LIST>") && reason.contains("UN Security Council")),
        "{err}"
    );
    let csv = read("ofac-sdn/2023-12-28/sdn.csv");
    assert!(matches!(
        eu::parse(&[csv]),
        Err(ParseError::WrongFormat { .. })
    ));
    let two = [read(SAMPLE_A), read(SAMPLE_B)];
    assert!(matches!(eu::parse(&two), Err(ParseError::FileSet { .. })));
}

#[test]
fn damage_is_located() {
    let text = std::fs::read_to_string(lists_dir().join(SAMPLE_A)).unwrap();
    // An unescaped & in an attribute on line 9.
    let broken = text.replacen("wholeName=\"Abou Ali\"", "wholeName=\"Abou & Ali\"", 1);
    let err = eu::parse(&[Input::new("a.xml", broken.into_bytes())]).unwrap_err();
    assert!(
        matches!(&err, ParseError::Malformed { location, .. } if location.file == "a.xml" && location.line == Some(9)),
        "{err}"
    );
    // Invalid UTF-8 on line 3.
    let mut bytes = text.clone().into_bytes();
    let at = bytes
        .windows(14)
        .position(|w| w == b"sanctionEntity")
        .unwrap();
    bytes.insert(at, 0xFF);
    let err = eu::parse(&[Input::new("a.xml", bytes)]).unwrap_err();
    assert!(
        matches!(&err, ParseError::Encoding { location, .. } if location.line == Some(3)),
        "{err}"
    );
    // Cut short.
    let cut = text.as_bytes()[..text.len() / 2].to_vec();
    let err = eu::parse(&[Input::new("a.xml", cut)]).unwrap_err();
    assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = eu::parse(&[Input::new("fuzz.xml", bytes)]);
    }

    #[test]
    fn damaged_samples_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8)
    ) {
        let mut bytes = std::fs::read(lists_dir().join(SAMPLE_B)).unwrap();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len() + 1);
            match op {
                0 => bytes.insert(i, byte),
                1 if i < bytes.len() => { bytes.remove(i); }
                _ if i < bytes.len() => bytes[i] = byte,
                _ => {}
            }
        }
        match eu::parse(&[Input::new("fuzz.xml", bytes)]) {
            Ok(list) => {
                let mut ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
                ids.sort_unstable();
                ids.dedup();
                prop_assert_eq!(ids.len(), list.entities.len());
            }
            Err(err) => prop_assert!(err.location().is_some()),
        }
    }
}
