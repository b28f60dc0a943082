//! The UN Security Council consolidated list, read from the real published files.

mod common;

use chrono::NaiveDate;
use common::{date, entity, parse_shared, read};
use interdict_model::{IdKind, Prop, Schema, SourceId};
use interdict_parse::{parse, un, Input, ParseError, ParsedList};
use proptest::prelude::*;

const UN_2018: &str = "un-sc/consolidated_2018-10-29.xml";
const UN_2020: &str = "un-sc/consolidated_2020-11-24.xml";
const UN_2026: &str = "un-sc/consolidated_2026-02-27.xml";
const BAD: &str = "bad/un-sc_consolidated_2024-10-16_reformatted_unescaped_ampersands.xml";

fn count(list: &ParsedList, schema: Schema) -> usize {
    list.entities.iter().filter(|e| e.schema == schema).count()
}

#[test]
fn counts_and_publication_dates() {
    for (file, persons, organizations, published, unstructured) in [
        (UN_2018, 703, 390, (2018, 10, 29), 1230),
        (UN_2020, 713, 305, (2020, 11, 24), 1244),
        (UN_2026, 730, 273, (2026, 2, 27), 1288),
    ] {
        let list = parse_shared(SourceId::UnSc, &[file]);
        assert_eq!(list.source, SourceId::UnSc);
        assert_eq!(list.format, "un-xml");
        assert_eq!(count(&list, Schema::Person), persons, "{file}");
        assert_eq!(count(&list, Schema::Organization), organizations, "{file}");
        assert_eq!(list.entities.len(), persons + organizations, "{file}");
        assert_eq!(list.report.records, persons + organizations, "{file}");
        let (y, m, d) = published;
        assert_eq!(list.published, NaiveDate::from_ymd_opt(y, m, d), "{file}");
        assert_eq!(list.report.unstructured, unstructured, "{file}");
        // The real files hold nothing the parser does not know.
        assert_eq!(list.report.issues, [], "{file}");
        // Ids are unique and every entity carries its UN listing.
        let mut ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), list.entities.len(), "{file}");
        assert!(list.entities.iter().all(|e| e.sanctions.len() == 1
            && e.sanctions[0].unsc_id.as_deref() == Some(e.id.native())
            && e.first(Prop::Name).is_some()));
    }
}

#[test]
fn entities_come_out_in_file_order() {
    let list = parse_shared(SourceId::UnSc, &[UN_2026]);
    let first: Vec<&str> = list
        .entities
        .iter()
        .take(2)
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(first, ["un-sc:CDi.001", "un-sc:CDi.002"]);
    // Individuals first, then entities, as in the file.
    let first_org = list
        .entities
        .iter()
        .position(|e| e.schema == Schema::Organization)
        .unwrap();
    assert_eq!(first_org, 730);
    assert_eq!(list.entities[first_org].id.as_str(), "un-sc:CDe.001");
}

/// Qasem Soleimani (IRi.039) is on all three lists with the same record; the
/// 2018 and 2020 files only differ in how COMMENTS1 is wrapped, which must not
/// show as a change.
#[test]
fn soleimani_in_every_version() {
    let mut reasons = Vec::new();
    for file in [UN_2018, UN_2020, UN_2026] {
        let list = parse_shared(SourceId::UnSc, &[file]);
        let e = entity(&list, "un-sc:IRi.039");
        assert_eq!(e.schema, Schema::Person);
        assert_eq!(e.get(Prop::Name), ["QASEM SOLEIMANI"]);
        assert_eq!(e.get(Prop::FirstName), ["QASEM"]);
        assert_eq!(e.get(Prop::SecondName), ["SOLEIMANI"]);
        assert_eq!(
            e.get(Prop::Alias),
            [
                "Qasim Soleimani",
                "Qasem Sulaimani",
                "Qasim Sulaimani",
                "Qasim Sulaymani",
                "Qasem Sulaymani",
                "Kasim Soleimani",
                "Kasim Sulaimani",
                "Kasim Sulaymani"
            ]
        );
        assert_eq!(
            e.get(Prop::WeakAlias),
            ["Haj Qasem", "Haji Qassem", "Sardar Soleimani"]
        );
        assert_eq!(e.get(Prop::BirthDate), ["1957-03-11"]);
        assert_eq!(e.get(Prop::BirthPlace), ["Qom, Iran (Islamic Republic of)"]);
        assert_eq!(
            e.get(Prop::Position),
            ["Brigadier General", "Commander of Qods force"]
        );
        assert_eq!(e.get(Prop::PassportNumber), ["008827"]);
        assert_eq!(e.identifiers.len(), 1);
        let passport = &e.identifiers[0];
        assert_eq!(passport.kind, IdKind::Passport);
        assert_eq!(passport.label, "Passport");
        assert_eq!(
            passport.country.as_deref(),
            Some("Iran (Islamic Republic of)")
        );
        let s = &e.sanctions[0];
        assert_eq!(s.authority, "United Nations Security Council");
        assert_eq!(s.authority_id, "IRi.039");
        assert_eq!(s.unsc_id.as_deref(), Some("IRi.039"));
        assert_eq!(s.programs, ["Iran"]);
        assert_eq!(s.list_name.as_deref(), Some("UN List"));
        assert_eq!(s.listing_date, Some(date("2007-03-24")));
        assert_eq!(s.modified_at, [date("2014-12-17")]);
        assert_eq!(e.get(Prop::ModifiedAt), ["2014-12-17"]);
        assert_eq!(s.summary, ["DATAID 110408"]);
        reasons.push(s.reason.clone());
    }
    let expected = Some(
        "Promoted to Major General, retaining his position as Commander of Qods force. [Old Reference # I.47.D.6]"
            .to_string(),
    );
    assert_eq!(reasons, [expected.clone(), expected.clone(), expected]);
}

#[test]
fn original_script_name_and_low_quality_alias() {
    let list = parse_shared(SourceId::UnSc, &[UN_2026]);
    let saddam = entity(&list, "un-sc:IQi.001");
    assert_eq!(saddam.get(Prop::Name), ["SADDAM HUSSEIN AL-TIKRITI"]);
    assert_eq!(saddam.get(Prop::MiddleName), ["AL-TIKRITI"]);
    assert_eq!(saddam.get(Prop::OriginalName), ["صدام حسين التكريتي"]);
    assert_eq!(saddam.get(Prop::Alias), ["صدام حسين التكريتي"]);
    assert_eq!(saddam.get(Prop::WeakAlias), ["Abu Ali"]);
    assert_eq!(saddam.get(Prop::Nationality), ["Iraq"]);
    assert_eq!(saddam.sanctions[0].listing_date, Some(date("2003-06-27")));
    assert_eq!(saddam.sanctions[0].modified_at, []);
}

#[test]
fn document_with_issuing_country_and_amendment_history() {
    let list = parse_shared(SourceId::UnSc, &[UN_2026]);
    let aisha = entity(&list, "un-sc:LYi.009");
    assert_eq!(
        aisha.get(Prop::Name),
        ["AISHA MUAMMAR MUHAMMED ABU MINYAR QADHAFI"]
    );
    assert_eq!(aisha.get(Prop::LastName), ["QADHAFI"]);
    assert_eq!(aisha.get(Prop::BirthDate), ["1978-01-01"]);
    assert_eq!(aisha.get(Prop::Alias), ["Aisha Muhammed Abdul Salam"]);
    assert_eq!(aisha.get(Prop::Country), ["Oman"]);
    assert_eq!(
        aisha.get(Prop::Notes),
        [
            "alias Aisha Muhammed Abdul Salam: Libya Passport number: 215215",
            "address Oman: Believed status/location: Sultanate of Oman",
            "Listed pursuant to paragraph 17 of resolution 1970 ( Asset Freeze). INTERPOL-UN Security Council Special Notice web link:https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Individuals"
        ]
    );
    assert_eq!(aisha.identifiers.len(), 4);
    let oman = &aisha.identifiers[0];
    assert_eq!(oman.kind, IdKind::Passport);
    assert_eq!(oman.number, "03824970");
    assert_eq!(oman.country.as_deref(), Some("Oman"));
    assert_eq!(oman.issued, Some(date("2014-05-04")));
    assert_eq!(oman.expires, Some(date("2024-05-03")));
    assert_eq!(
        oman.note.as_deref(),
        Some("Date of expiration: 3 May 2024; issued in Muscat")
    );
    assert_eq!(
        aisha.get(Prop::PassportNumber),
        ["03824970", "Libya 428720", "B/011641"]
    );
    assert_eq!(aisha.get(Prop::IdNumber), ["98606612"]);
    assert_eq!(aisha.identifiers[3].kind, IdKind::National);
    let s = &aisha.sanctions[0];
    assert_eq!(s.programs, ["Libya"]);
    assert_eq!(s.listing_date, Some(date("2011-02-26")));
    let history: Vec<String> = s.modified_at.iter().map(ToString::to_string).collect();
    assert_eq!(
        history,
        [
            "2012-04-02",
            "2013-03-21",
            "2014-09-26",
            "2016-11-11",
            "2020-02-25",
            "2023-10-16"
        ]
    );

    // In 2018 the file lists the same history newest first; it comes out
    // oldest first.
    let old = parse_shared(SourceId::UnSc, &[UN_2018]);
    let history: Vec<String> = entity(&old, "un-sc:LYi.009").sanctions[0]
        .modified_at
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        history,
        ["2012-04-02", "2013-03-21", "2014-09-26", "2016-11-11"]
    );
}

#[test]
fn birth_year_ranges_and_low_aliases() {
    let list = parse_shared(SourceId::UnSc, &[UN_2026]);
    let ntaganda = entity(&list, "un-sc:CDi.030");
    assert_eq!(ntaganda.get(Prop::BirthDate), ["1973", "1974"]);
    assert_eq!(ntaganda.get(Prop::Gender), ["male"]);
    assert_eq!(
        ntaganda.get(Prop::WeakAlias),
        ["Lydia", "Terminator", "Tango Romeo", "Romeo", "Major"]
    );
    assert_eq!(
        ntaganda.get(Prop::Alias),
        ["Bosco Ntaganda", "Bosco Ntagenda", "General Taganda"]
    );
    assert_eq!(ntaganda.get(Prop::Country), ["Belgium"]);
    assert_eq!(
        ntaganda.get(Prop::Notes)[..4],
        [
            "alias Lydia: When he was part of APR.",
            "alias Tango Romeo: Call sign",
            "alias Romeo: Call sign",
            "address Belgium: As of 14 December 2022"
        ]
    );

    let akhund = entity(&list, "un-sc:TAi.002");
    let years: Vec<&str> = akhund
        .get(Prop::BirthDate)
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(
        years,
        ["1955", "1956", "1957", "1958", "1945", "1946", "1947", "1948", "1949", "1950"]
    );
    assert_eq!(akhund.get(Prop::Title), ["Mullah", "Haji"]);
    assert_eq!(akhund.get(Prop::Position).len(), 4);
    assert_eq!(
        akhund.get(Prop::BirthPlace),
        ["Pashmul village, Panjwai District, Kandahar Province, Afghanistan"]
    );
    assert!(akhund
        .get(Prop::Notes)
        .contains(&"date of birth: Approximately".to_string()));
}

#[test]
fn organizations_and_former_names() {
    let list = parse_shared(SourceId::UnSc, &[UN_2026]);
    let bank = entity(&list, "un-sc:KPe.003");
    assert_eq!(bank.schema, Schema::Organization);
    assert_eq!(bank.get(Prop::Name), ["TANCHON COMMERCIAL BANK"]);
    assert_eq!(
        bank.get(Prop::PreviousName),
        ["CHANGGWANG CREDIT BANK", "KOREA CHANGGWANG CREDIT BANK"]
    );
    assert!(bank.get(Prop::FirstName).is_empty());
    // Reference numbers with a trailing space in the file give clean ids.
    assert_eq!(
        entity(&list, "un-sc:KPe.023").sanctions[0].authority_id,
        "KPe.023"
    );
}

#[test]
fn the_damaged_file_is_refused_at_the_first_unescaped_ampersand() {
    let input = read(BAD);
    let err = parse(SourceId::UnSc, std::slice::from_ref(&input)).unwrap_err();
    let ParseError::Malformed { location, reason } = &err else {
        panic!("expected Malformed, got {err}");
    };
    assert_eq!(location.file, input.name);
    assert!(location.file.ends_with(BAD));
    // Line 39788: <FIRST_NAME>AL-HARAMAIN & AL MASJED AL-AQSA CHARITY FOUNDATION</FIRST_NAME>
    assert_eq!(location.line, Some(39788));
    assert!(reason.contains('&'), "{reason}");
    assert!(err.to_string().contains(":39788: malformed"), "{err}");
}

#[test]
fn other_formats_are_wrong_format() {
    let eu = read("eu-fsf/sample-a_2020-04-15.xml");
    let err = un::parse(&[eu]).unwrap_err();
    assert!(
        matches!(&err, ParseError::WrongFormat { list: SourceId::UnSc, reason, .. }
            if reason.contains("<export>") && reason.contains("EU Financial Sanctions File")),
        "{err}"
    );
    // An OFAC CSV (Windows-1252, not even XML) is the wrong format, not an
    // encoding error.
    let csv = read("ofac-sdn/2023-12-28/sdn.csv");
    let err = un::parse(&[csv]).unwrap_err();
    assert!(
        matches!(&err, ParseError::WrongFormat { reason, .. } if reason.starts_with("not XML")),
        "{err}"
    );
    let ofac_xml = read("ofac-cons/consolidated_2020-03-17.xml");
    let err = un::parse(&[ofac_xml]).unwrap_err();
    assert!(
        matches!(&err, ParseError::WrongFormat { reason, .. } if reason.contains("sdnList")),
        "{err}"
    );
}

#[test]
fn non_utf8_bytes_are_located() {
    let mut input = read(UN_2026);
    // Put a Latin-1 "é" at the start of the line of the first DATAID that
    // starts with 1.
    let at = input
        .bytes
        .windows(9)
        .position(|w| w == b"<DATAID>1")
        .unwrap();
    let line_start = input.bytes[..at].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    let line = 1 + input.bytes[..line_start]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64;
    input.bytes.insert(line_start, 0xE9);
    let err = un::parse(&[input]).unwrap_err();
    assert!(
        matches!(&err, ParseError::Encoding { location, .. } if location.line == Some(line)),
        "{err}"
    );
}

#[test]
fn a_cut_file_is_truncated() {
    let mut input = read(UN_2026);
    input.bytes.truncate(input.bytes.len() / 2);
    let err = un::parse(&[input]).unwrap_err();
    assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
}

#[test]
fn parse_time_of_the_2026_file() {
    let input = read(UN_2026);
    let start = std::time::Instant::now();
    let list = un::parse(&[input]).unwrap();
    let elapsed = start.elapsed();
    eprintln!(
        "un-sc 2026-02-27: {} entities parsed in {elapsed:?}",
        list.entities.len()
    );
    assert_eq!(list.entities.len(), 1003);
}

/// A small but complete record, for mutation.
const SMALL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:09.554Z\">\n<INDIVIDUALS><INDIVIDUAL><DATAID>110408</DATAID><FIRST_NAME>QASEM</FIRST_NAME><SECOND_NAME>SOLEIMANI</SECOND_NAME><UN_LIST_TYPE>Iran</UN_LIST_TYPE><REFERENCE_NUMBER>IRi.039</REFERENCE_NUMBER><LISTED_ON>2007-03-24</LISTED_ON><LAST_DAY_UPDATED><VALUE>2014-12-17</VALUE></LAST_DAY_UPDATED><INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Haj Qasem; Haji Qassem</ALIAS_NAME></INDIVIDUAL_ALIAS><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1955</FROM_YEAR><TO_YEAR>1958</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>008827</NUMBER><NOTE>expires 1 Jan. 2020</NOTE></INDIVIDUAL_DOCUMENT></INDIVIDUAL></INDIVIDUALS>\n<ENTITIES><ENTITY><FIRST_NAME>X &amp; Y</FIRST_NAME><REFERENCE_NUMBER>XXe.001</REFERENCE_NUMBER></ENTITY></ENTITIES>\n</CONSOLIDATED_LIST>\n";

#[test]
fn the_small_record_parses() {
    let list = un::parse(&[Input::new("small.xml", SMALL.as_bytes().to_vec())]).unwrap();
    assert_eq!(list.entities.len(), 2);
    assert_eq!(
        list.entities[0].get(Prop::BirthDate),
        ["1955", "1956", "1957", "1958"]
    );
    assert_eq!(list.entities[1].get(Prop::Name), ["X & Y"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = un::parse(&[Input::new("fuzz.xml", bytes)]);
    }

    #[test]
    fn damaged_documents_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8)
    ) {
        let mut bytes = SMALL.as_bytes().to_vec();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len() + 1);
            match op {
                0 => bytes.insert(i, byte),
                1 if i < bytes.len() => { bytes.remove(i); }
                _ if i < bytes.len() => bytes[i] = byte,
                _ => {}
            }
        }
        match un::parse(&[Input::new("fuzz.xml", bytes)]) {
            Ok(list) => {
                // Whatever parses keeps its invariants.
                let mut ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
                ids.sort_unstable();
                ids.dedup();
                prop_assert_eq!(ids.len(), list.entities.len());
            }
            Err(err) => prop_assert!(err.location().is_some()),
        }
    }
}
