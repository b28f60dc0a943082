//! OFAC parsers against the real publications in the shared lists directory:
//! counts and spot checks per format, the refusal of damaged or foreign
//! files, and properties of the remarks and date readers.

mod common;

use std::path::PathBuf;

use common::{date, entity, lists_dir, parse_shared, read};
use interdict_model::{Entity, IdKind, PartialDate, Prop, Relation, Schema, SourceId};
use interdict_parse::ofac::dates::{format_date, parse_date, parse_date_statement};
use interdict_parse::ofac::remarks::{apply_remarks, split_clauses};
use interdict_parse::ofac::{parse_cons, parse_sdn};
use interdict_parse::{load_inputs, parse, Input, ParseError, ParsedList};
use proptest::prelude::*;

/// The full 2023-12-28 set, parsed once for all tests.
fn set_2023() -> &'static ParsedList {
    static SET: std::sync::OnceLock<ParsedList> = std::sync::OnceLock::new();
    SET.get_or_init(|| parse_shared(SourceId::OfacSdn, &["ofac-sdn/2023-12-28"]))
}

#[test]
fn sdn_2023_12_28_full_set() {
    let list = set_2023();
    assert_eq!(list.format, "ofac-csv-set");
    assert_eq!(list.published, None);
    assert_eq!(list.entities.len(), 13_821);
    // sdn 13,821 + alt 17,091 + add 18,990 + comments 13 rows.
    assert_eq!(list.report.records, 49_915);
    let mut ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids[0], "ofac-sdn:36", "file order");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 13_821, "unique ids");
    // Three comment rows continue remarks of entities no longer listed.
    let orphans = list
        .report
        .issues
        .iter()
        .filter(|i| i.message.contains("no primary row"))
        .count();
    assert_eq!(orphans, 3);
}

#[test]
fn soleimani() {
    let list = set_2023();
    let qasem = entity(list, "10481");
    assert_eq!(qasem.id.as_str(), "ofac-sdn:10481");
    assert_eq!(qasem.schema, Schema::Person);
    assert_eq!(qasem.get(Prop::Name), ["SOLEIMANI, Qasem"]);
    assert_eq!(qasem.get(Prop::LastName), ["SOLEIMANI"]);
    assert_eq!(qasem.get(Prop::BirthDate), ["1957-03-11"]);
    assert_eq!(qasem.get(Prop::BirthPlace), ["Qom, Iran"]);
    assert_eq!(qasem.get(Prop::Nationality), ["Iran"]);
    assert_eq!(qasem.get(Prop::Citizenship), ["Iran"]);
    assert_eq!(qasem.get(Prop::Alias).len(), 8);
    assert_eq!(qasem.get(Prop::Alias)[0], "SOLEYMANI, Ghasem");
    assert!(qasem.get(Prop::Notes).is_empty());
    let passport = &qasem.identifiers[0];
    assert_eq!(qasem.identifiers.len(), 1);
    assert_eq!(passport.kind, IdKind::Passport);
    assert_eq!(passport.label, "Diplomatic Passport");
    assert_eq!(passport.number, "008827");
    assert_eq!(passport.country.as_deref(), Some("Iran"));
    assert_eq!(passport.issued, Some(date("1999")));
    let sanction = &qasem.sanctions[0];
    assert_eq!(sanction.authority_id, "10481");
    assert_eq!(
        sanction.programs,
        ["SDGT", "SYRIA", "NPWMD", "IRGC", "IFSR"]
    );
    assert_eq!(sanction.flags, ["Subject to Secondary Sanctions"]);
}

#[test]
fn vessel_link_dates_aliases_and_ids() {
    let list = set_2023();
    let tifon = entity(list, "4249");
    assert_eq!(tifon.schema, Schema::Vessel);
    assert_eq!(tifon.get(Prop::ImoNumber), ["7206512"]);
    assert_eq!(tifon.get(Prop::CallSign), ["CL2059"]);
    assert_eq!(tifon.get(Prop::Flag), ["Cuba"]);
    assert_eq!(tifon.get(Prop::Type), ["Tug"]);
    assert_eq!(tifon.get(Prop::GrossRegisteredTonnage), ["189"]);
    assert_eq!(tifon.identifiers[0].kind, IdKind::Imo);

    // `Linked To: HIZBALLAH.`: the remark's final period is not part of the
    // name, and the name resolves to the listed party.
    let markazi = entity(list, "4632");
    let hizballah = markazi
        .links
        .iter()
        .find(|l| l.target_name.as_deref() == Some("HIZBALLAH"))
        .expect("link to HIZBALLAH");
    assert_eq!(hizballah.relation, Relation::LinkedTo);
    assert_eq!(
        hizballah.target_id.as_ref().unwrap().as_str(),
        "ofac-sdn:4697"
    );
    assert_eq!(markazi.links.len(), 2);

    let circa = entity(list, "7782");
    assert_eq!(circa.get(Prop::BirthDate), ["1951"]);
    let ranges = entity(list, "12057");
    assert_eq!(
        ranges.get(Prop::BirthDate),
        ["1951", "1952", "1953", "1960", "1961", "1962", "1961-04"]
    );
    // Titles joined by `; ` in the Title column, repeated in the remarks.
    assert_eq!(ranges.get(Prop::Position).len(), 4);

    let bnc = entity(list, "306");
    assert_eq!(bnc.get(Prop::Alias), ["NATIONAL BANK OF CUBA"]);
    assert_eq!(bnc.get(Prop::WeakAlias), ["BNC"]);
    assert_eq!(bnc.get(Prop::Address).len(), 4);
    assert_eq!(
        bnc.get(Prop::Address)[0],
        "Zweierstrasse 35, Zurich CH-8022, Switzerland"
    );

    let bermudez = entity(list, "11476");
    let kinds: Vec<(IdKind, &str, &str)> = bermudez
        .identifiers
        .iter()
        .map(|i| (i.kind, i.label.as_str(), i.number.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (IdKind::National, "Cedula No.", "70123377"),
            (IdKind::Passport, "Passport", "05400005349"),
            (IdKind::Tax, "R.F.C.", "VELD580310"),
            (IdKind::Other, "Credencial electoral", "AGBSMR59033015H800"),
        ]
    );
    assert_eq!(bermudez.get(Prop::WeakAlias), ["EL ARQUITECTO"]);
    assert_eq!(bermudez.get(Prop::BirthDate).len(), 4);
}

#[test]
fn comments_continue_remarks() {
    let list = set_2023();
    // Sberbank's remarks are cut mid-clause at 1,000 characters; the
    // comments file carries the tax and registration numbers.
    let sberbank = entity(list, "17018");
    assert_eq!(sberbank.get(Prop::TaxNumber), ["7707083893"]);
    assert_eq!(sberbank.get(Prop::InnCode), ["7707083893"]);
    assert_eq!(sberbank.get(Prop::OgrnCode), ["1027700132195"]);
    assert_eq!(sberbank.get(Prop::SwiftBic), ["SABRRUMM"]);
    let sanction = &sberbank.sanctions[0];
    assert!(sanction
        .summary
        .contains(&"Listing Date (EO 14024 Directive 3): 24 Feb 2022".to_string()));
    assert_eq!(sanction.flags.len(), 3);
    assert!(sberbank.get(Prop::Notes).is_empty());
    // LAZARUS GROUP: the continuation completes a weak alias cut in half.
    let lazarus = entity(list, "27307");
    assert!(lazarus
        .get(Prop::WeakAlias)
        .contains(&"WHOIS HACKING TEAM".to_string()));
    assert_eq!(
        lazarus
            .identifiers
            .iter()
            .filter(|i| i.label == "Digital Currency Address - ETH")
            .count(),
        8
    );
}

/// Share of remark clauses left unstructured on 2023-12-28. The notes are
/// mostly free-text statuses (`ICTY indictee`, `Member ETA`).
#[test]
fn remarks_unstructured_share() {
    let dir = lists_dir().join("ofac-sdn/2023-12-28");
    let read = |name: &str| {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        String::from_utf8(bytes.into_iter().filter(|&b| b != 0x1a).collect()).unwrap()
    };
    let mut comments = std::collections::HashMap::<String, String>::new();
    for record in csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(read("sdn_comments.csv").as_bytes())
        .records()
    {
        let record = record.unwrap();
        comments
            .entry(record[0].to_string())
            .or_default()
            .push_str(&record[1]);
    }
    let mut clauses = 0;
    for record in csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(read("sdn.csv").as_bytes())
        .records()
    {
        let record = record.unwrap();
        let mut remarks = record[11].trim().to_string();
        if remarks == "-0-" {
            continue;
        }
        remarks.push_str(comments.get(&record[0]).map_or("", String::as_str));
        clauses += split_clauses(&remarks).len();
    }
    let list = set_2023();
    assert_eq!(clauses, 56_500);
    assert_eq!(list.report.unstructured, 367);
    let notes: usize = list.entities.iter().map(|e| e.get(Prop::Notes).len()).sum();
    assert!(notes <= 367 && notes > 300, "{notes}");
    let share = list.report.unstructured as f64 / clauses as f64;
    assert!(share < 0.007, "{share}");
}

#[test]
fn sdn_counts_across_versions() {
    for (folder, count) in [
        ("2019-01-04", 7_379),
        ("2021-07-07", 8_976),
        ("2021-08-18", 9_083),
        ("2022-02-23", 9_121),
        ("2022-03-07", 9_321),
        ("2023-06-29", 12_631),
        ("2024-05-02", 14_973),
        ("2024-05-03", 14_965),
    ] {
        let list = parse_shared(SourceId::OfacSdn, &[&format!("ofac-sdn/{folder}")]);
        assert_eq!(list.entities.len(), count, "{folder}");
        assert_eq!(list.entities[0].id.as_str(), "ofac-sdn:36", "{folder}");
    }
    // sdn.csv alone: remarks cut at the field size are reported.
    let alone = parse_shared(SourceId::OfacSdn, &["ofac-sdn/2024-05-03/sdn.csv"]);
    let cut = alone
        .report
        .issues
        .iter()
        .filter(|i| i.message.contains("1000-character"))
        .count();
    assert_eq!(cut, 18);
    // The 2019 copy has no 0x1A and its add.csv ends with `-0` instead of `-0-`.
    let old = parse_shared(SourceId::OfacSdn, &["ofac-sdn/2019-01-04"]);
    let last = old.entities.last().unwrap();
    assert_eq!(last.id.as_str(), "ofac-sdn:26235");
    assert_eq!(
        last.get(Prop::Name),
        ["MALKEVICH, Alexander Aleksandrovich"]
    );
    assert_eq!(last.get(Prop::Address), ["St. Petersburg, Russia"]);
    assert!(last.get(Prop::Notes).is_empty());
}

#[test]
fn cons_csv_sets() {
    let old = parse_shared(SourceId::OfacCons, &["ofac-cons/2018-05"]);
    assert_eq!(old.entities.len(), 639);
    assert_eq!(old.format, "ofac-csv-set");
    let markazi = entity(&old, "4632");
    assert_eq!(markazi.id.as_str(), "ofac-cons:4632");
    assert_eq!(markazi.schema, Schema::LegalEntity);
    assert_eq!(markazi.get(Prop::Alias).len(), 3);
    assert_eq!(
        markazi.get(Prop::Address)[0],
        "PO Box 15875/7177, 144 Mirdamad Blvd, Tehran, Iran"
    );
    assert_eq!(
        markazi.sanctions[0].flags,
        [
            "Not on the SDN List and Not Subject to Secondary Sanctions",
            "U.S. Persons Must Continue to Block the Property and Interests in Property of this Person Pursuant to Executive Order 13599",
        ]
    );

    let new = parse_shared(SourceId::OfacCons, &["ofac-cons/2025-12"]);
    assert_eq!(new.entities.len(), 442);
    let haniya = entity(&new, "9639");
    assert_eq!(haniya.get(Prop::Name), ["HANIYA, Ismail Abdul Salah"]);
    assert_eq!(haniya.get(Prop::BirthDate), ["1962"]);
    assert_eq!(haniya.get(Prop::BirthPlace), ["Shati"]);
    assert_eq!(haniya.sanctions[0].programs, ["NS-PLC"]);
    // From cons_comments.csv.
    let sberbank = entity(&new, "17018");
    assert_eq!(
        sberbank.get(Prop::WeakAlias),
        ["SBERBANK INDIA", "SBERBANK MUMBAI"]
    );
}

#[test]
fn cons_sdnlist_xml() {
    let old = parse_shared(
        SourceId::OfacCons,
        &["ofac-cons/consolidated_2018-04-06.xml"],
    );
    assert_eq!(old.format, "ofac-sdnlist-xml");
    assert_eq!(old.published, chrono::NaiveDate::from_ymd_opt(2018, 4, 6));
    assert_eq!(old.entities.len(), 639);
    assert!(old.report.issues.is_empty(), "Record_Count agrees");
    let markazi = entity(&old, "4632");
    assert_eq!(markazi.get(Prop::Alias).len(), 3);
    assert_eq!(
        markazi.get(Prop::Address),
        [
            "PO Box 15875/7177, 144 Mirdamad Blvd, Tehran, Iran",
            "213 Ferdowsi Avenue, Tehran, 11365, Iran"
        ]
    );
    assert_eq!(
        markazi.sanctions[0].summary,
        ["For more information, please see: https://www.treasury.gov/resource-center/sanctions/Programs/Documents/jcpoa_faqs.pdf"]
    );

    let new = parse_shared(
        SourceId::OfacCons,
        &["ofac-cons/consolidated_2020-03-17.xml"],
    );
    assert_eq!(new.published, chrono::NaiveDate::from_ymd_opt(2020, 3, 17));
    assert_eq!(new.entities.len(), 375);
    let haniya = entity(&new, "9639");
    assert_eq!(haniya.get(Prop::Name), ["HANIYA, Ismail Abdul Salah"]);
    assert_eq!(
        haniya.get(Prop::Alias),
        ["HANIYA, Ismail", "HANIYYA, Ismaeel"]
    );
    assert_eq!(haniya.get(Prop::BirthDate), ["1962"]);
    assert_eq!(haniya.get(Prop::BirthPlace), ["Shati"]);
}

#[test]
fn cons_enhanced_xml() {
    let list = parse_shared(
        SourceId::OfacCons,
        &["ofac-cons/enhanced-2025-01-10/CONS_ENHANCED.XML"],
    );
    assert_eq!(list.format, "ofac-enhanced-xml");
    assert_eq!(list.published, chrono::NaiveDate::from_ymd_opt(2025, 1, 10));
    assert_eq!(list.entities.len(), 443);
    assert!(list.report.issues.is_empty(), "{:?}", list.report.issues);

    let bank = entity(&list, "17017");
    assert_eq!(bank.schema, Schema::LegalEntity);
    assert_eq!(bank.get(Prop::Name), ["BM BANK JSC"]);
    assert_eq!(bank.get(Prop::PreviousName).len(), 3);
    assert_eq!(bank.get(Prop::SwiftBic), ["MOSWRUMM"]);
    assert_eq!(
        bank.get(Prop::RegistrationNumber),
        ["1027700159497", "29292940"]
    );
    assert_eq!(
        bank.get(Prop::Address)[0],
        "8/15 Korp. 3 ul. Rozhdestvenka, Moscow, 107996, Russia"
    );
    assert_eq!(
        bank.get(Prop::Other("classification".into())),
        ["Financial Institution"]
    );
    let owner = &bank.links[0];
    assert_eq!(owner.relation, Relation::Ownership);
    assert_eq!(
        owner.target_id.as_ref().unwrap().as_str(),
        "ofac-cons:17013"
    );
    assert_eq!(owner.note.as_deref(), Some("Owned or Controlled By"));
    let sanction = &bank.sanctions[0];
    assert_eq!(sanction.programs, ["UKRAINE-EO13662", "RUSSIA-EO14024"]);
    assert_eq!(
        sanction.list_name.as_deref(),
        Some("Sectoral Sanctions Identifications List; SDN List")
    );
    assert_eq!(sanction.listing_date, Some(date("2014-07-29")));
    assert_eq!(sanction.provisions, ["13662 Sectoral Directive 1", "Block"]);
    assert!(sanction.flags.contains(
        &"Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201 and/or 589.209"
            .to_string()
    ));

    // Names in another script: the primary name's is the original name.
    let baltech = entity(&list, "19992");
    assert_eq!(baltech.get(Prop::Name), ["LLC BALTECH"]);
    assert_eq!(baltech.get(Prop::OriginalName), ["ООО БАЛТЕХ"]);
    assert!(baltech
        .get(Prop::Alias)
        .contains(&"ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ БАЛТЕХ".to_string()));

    let haniya = entity(&list, "9639");
    assert_eq!(haniya.get(Prop::Name), ["HANIYA, Ismail Abdul Salah"]);
    assert_eq!(haniya.get(Prop::FirstName), ["Ismail Abdul Salah"]);
    assert_eq!(haniya.get(Prop::BirthDate), ["1962"]);
    assert_eq!(haniya.get(Prop::BirthPlace), ["Shati"]);
}

/// The same consolidated record in the CSV of 2025-12 and the Enhanced XML of
/// 2025-01 reads the same where the record did not change.
#[test]
fn formats_agree() {
    let csv = parse_shared(SourceId::OfacCons, &["ofac-cons/2025-12"]);
    let xml = parse_shared(
        SourceId::OfacCons,
        &["ofac-cons/enhanced-2025-01-10/CONS_ENHANCED.XML"],
    );
    let (a, b) = (entity(&csv, "9640"), entity(&xml, "9640"));
    for prop in [Prop::Name, Prop::Alias, Prop::BirthDate, Prop::BirthPlace] {
        assert_eq!(a.get(prop.clone()), b.get(prop.clone()), "{prop}");
    }
}

// ---- refusals ------------------------------------------------------------

fn sdn_csv_2023() -> Vec<u8> {
    std::fs::read(lists_dir().join("ofac-sdn/2023-12-28/sdn.csv")).unwrap()
}

/// Byte offset of the start of 1-based `line`.
fn line_start(bytes: &[u8], line: usize) -> usize {
    if line == 1 {
        return 0;
    }
    bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(line - 2)
        .unwrap()
        .0
        + 1
}

#[test]
fn truncated_file_is_refused() {
    let mut bytes = sdn_csv_2023();
    // Cut line 5000 (BIKE CENTER) in the middle of its quoted remarks.
    let start = line_start(&bytes, 5000);
    bytes.truncate(start + 120);
    let err = parse_sdn(&[Input::new("cut/sdn.csv", bytes)]).unwrap_err();
    let ParseError::Truncated { location, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(location.file, "cut/sdn.csv");
    assert_eq!(location.line, Some(5000));
    assert_eq!(location.record.as_deref(), Some("22553"));
}

#[test]
fn bad_row_is_refused() {
    let mut bytes = sdn_csv_2023();
    // Line 10 loses an empty field: one field short.
    let start = line_start(&bytes, 10);
    let marker = start
        + bytes[start..]
            .windows(5)
            .position(|w| w == b"-0- ,")
            .unwrap();
    bytes.drain(marker..marker + 5);
    let err = parse_sdn(&[Input::new("sdn.csv", bytes)]).unwrap_err();
    let ParseError::Malformed { location, reason } = &err else {
        panic!("{err}")
    };
    assert_eq!(location.line, Some(10));
    assert!(reason.contains("expected 12 fields, found 11"), "{reason}");
}

#[test]
fn invalid_bytes_are_refused() {
    let mut bytes = sdn_csv_2023();
    let start = line_start(&bytes, 100);
    bytes[start + 8] = 0x81; // undefined in Windows-1252
    let err = parse_sdn(&[Input::new("x/sdn.csv", bytes.clone())]).unwrap_err();
    let ParseError::Encoding { location, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(
        (location.file.as_str(), location.line),
        ("x/sdn.csv", Some(100))
    );
    bytes[start + 8] = 0x00;
    let err = parse_sdn(&[Input::new("x/sdn.csv", bytes)]).unwrap_err();
    assert!(matches!(err, ParseError::Encoding { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(100));
}

#[test]
fn other_lists_are_refused() {
    let un = read("un-sc/consolidated_2020-11-24.xml");
    let err = parse_sdn(&[un]).unwrap_err();
    let ParseError::WrongFormat {
        list,
        location,
        reason,
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(*list, SourceId::OfacSdn);
    assert!(location.file.ends_with("consolidated_2020-11-24.xml"));
    assert_eq!(location.line, Some(1));
    assert!(reason.contains("CONSOLIDATED_LIST"), "{reason}");

    let csl = read("us-csl/consolidated_2022-05-06.csv.gz");
    let err = parse_sdn(&[csl]).unwrap_err();
    assert!(matches!(err, ParseError::WrongFormat { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(1));

    // A CSL file under the name sdn.csv: its header row is not an OFAC row.
    let csl_as_sdn = Input::new(
        "sdn.csv",
        b"_id,source,entity_number,type,programs,name,title\r\n1,x,2,y,z,n,t\r\n".to_vec(),
    );
    let err = parse_sdn(&[csl_as_sdn]).unwrap_err();
    assert!(matches!(err, ParseError::WrongFormat { .. }), "{err}");

    let dpl = read("us-csl/dpl_2021-07.txt");
    assert!(matches!(
        parse_sdn(&[dpl]),
        Err(ParseError::WrongFormat { .. })
    ));

    // The consolidated list given as the SDN list, both formats.
    let enhanced = read("ofac-cons/enhanced-2025-01-10/CONS_ENHANCED.XML");
    let err = parse_sdn(&[enhanced]).unwrap_err();
    assert!(matches!(err, ParseError::WrongFormat { .. }), "{err}");
    let prim = read("ofac-cons/2025-12/cons_prim.csv");
    let err = parse_sdn(&[prim]).unwrap_err();
    assert!(matches!(err, ParseError::WrongFormat { .. }), "{err}");

    // The damaged UN file is refused for its root, before its ampersands.
    let bad = read("bad/un-sc_consolidated_2024-10-16_reformatted_unescaped_ampersands.xml");
    assert!(matches!(
        parse_cons(&[bad]),
        Err(ParseError::WrongFormat { .. })
    ));
}

#[test]
fn damaged_xml_is_refused() {
    let mut bytes = read("ofac-cons/consolidated_2020-03-17.xml").bytes;
    bytes.truncate(300_000);
    let err = parse_cons(&[Input::new("c.xml", bytes)]).unwrap_err();
    assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
    let text = String::from_utf8(read("ofac-cons/consolidated_2020-03-17.xml").bytes)
        .unwrap()
        .replacen(
            "<lastName>ABU TEIR</lastName>",
            "<lastName>ABU & TEIR</lastName>",
            1,
        );
    let line = text.lines().position(|l| l.contains("ABU & TEIR")).unwrap() as u64 + 1;
    let mut bytes = text.into_bytes();
    let err = parse_cons(&[Input::new("c.xml", bytes.clone())]).unwrap_err();
    assert!(matches!(err, ParseError::Malformed { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(line));
    // A byte that is not UTF-8 in the same name.
    let at = bytes.windows(3).position(|w| w == b"ABU").unwrap();
    bytes[at] = 0xFF;
    let err = parse_cons(&[Input::new("c.xml", bytes)]).unwrap_err();
    assert!(matches!(err, ParseError::Encoding { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(line));
}

#[test]
fn incomplete_sets_are_refused() {
    let partial: Vec<PathBuf> = vec![lists_dir().join("ofac-sdn/partial-2025-02")];
    let inputs = load_inputs(&partial).unwrap();
    let err = parse(SourceId::OfacSdn, &inputs).unwrap_err();
    assert!(matches!(err, ParseError::FileSet { .. }), "{err}");
    let twice = [
        read("ofac-sdn/2024-05-02/sdn.csv"),
        read("ofac-sdn/2024-05-03/sdn.csv"),
    ];
    assert!(matches!(parse_sdn(&twice), Err(ParseError::FileSet { .. })));
    let mixed = [
        read("ofac-cons/2025-12/cons_prim.csv"),
        read("ofac-cons/consolidated_2020-03-17.xml"),
    ];
    assert!(matches!(
        parse_cons(&mixed),
        Err(ParseError::FileSet { .. })
    ));
}

#[test]
fn orphan_rows_are_reported() {
    let sdn = Input::new(
        "sdn.csv",
        b"1,\"A, B\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1957.\"\r\n\x1a"
            .to_vec(),
    );
    let alt = Input::new(
        "alt.csv",
        b"1,10,\"aka\",\"C, D\",-0- \r\n2,11,\"fka\",\"E\",-0- \r\n".to_vec(),
    );
    let add = Input::new(
        "add.csv",
        b"3,12,-0- ,\"Paris\",\"France\",-0- \r\n".to_vec(),
    );
    let list = parse_sdn(&[sdn, alt, add]).unwrap();
    assert_eq!(list.entities.len(), 1);
    assert_eq!(list.entities[0].get(Prop::Alias), ["C, D"]);
    let issues: Vec<(Option<u64>, &str)> = list
        .report
        .issues
        .iter()
        .map(|i| (i.location.line, i.location.file.as_str()))
        .collect();
    assert_eq!(issues, [(Some(2), "alt.csv"), (Some(1), "add.csv")]);
    assert!(list.report.issues[1].message.contains("Paris"));
}

// ---- properties ----------------------------------------------------------

proptest! {
    #[test]
    fn remarks_never_panic(text in "\\PC{0,300}") {
        let mut entity = Entity::new(
            interdict_model::EntityId::new(SourceId::OfacSdn, "1"),
            Schema::Person,
        );
        let mut sanction = interdict_model::Sanction::new(SourceId::OfacSdn, "1");
        let outcome = apply_remarks(&mut entity, &mut sanction, &text);
        prop_assert!(outcome.unstructured <= outcome.clauses);
    }

    #[test]
    fn remarks_of_ofac_words_never_panic(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("DOB "), Just("circa "), Just(" to "), Just("alt. "), Just("a.k.a. '"),
                Just("'"), Just("; "), Just("("), Just(")"), Just("Passport "), Just(" issued "),
                Just(" expires "), Just("Linked To: "), Just("Mar "), Just("1957"), Just("."),
                Just("Digital Currency Address - "), Just("IMO "), Just("#"), Just(":"), Just("é"),
            ],
            0..40,
        )
    ) {
        let text: String = parts.concat();
        let mut entity = Entity::new(
            interdict_model::EntityId::new(SourceId::OfacSdn, "1"),
            Schema::LegalEntity,
        );
        let mut sanction = interdict_model::Sanction::new(SourceId::OfacSdn, "1");
        apply_remarks(&mut entity, &mut sanction, &text);
    }

    #[test]
    fn dates_never_panic(text in "\\PC{0,40}") {
        let _ = parse_date(&text);
        let _ = parse_date_statement(&text);
    }

    #[test]
    fn dob_formats_round_trip(year in 1u16..=9999, month in 0u8..=12, day in 0u8..=31) {
        let date = match (month, day) {
            (0, _) => PartialDate::year(year),
            (m, 0) => PartialDate::year_month(year, m),
            (m, d) => PartialDate::ymd(year, m, d),
        };
        if let Some(date) = date {
            let text = format_date(date);
            prop_assert_eq!(parse_date(&text), Some(date));
            let statement = parse_date_statement(&format!("circa {text}")).unwrap();
            prop_assert_eq!(statement.dates, vec![date]);
        }
    }

    #[test]
    fn year_ranges_expand(from in 1900u16..2000, span in 0u16..=30) {
        let statement = parse_date_statement(&format!("{from} to {}", from + span)).unwrap();
        prop_assert_eq!(statement.dates.len(), span as usize + 1);
        prop_assert!(!statement.widened);
    }

    #[test]
    fn csv_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_sdn(&[Input::new("sdn.csv", bytes.clone())]);
        let _ = parse_cons(&[Input::new("cons_alt.csv", bytes)]);
    }

    #[test]
    fn xml_bytes_never_panic(body in "[<>a-zA-Z/ =\"&;]{0,200}") {
        let xml = format!("<sdnList><sdnEntry>{body}</sdnEntry></sdnList>");
        let _ = parse_sdn(&[Input::new("sdn.xml", xml.into_bytes())]);
        let xml = format!("<sanctionsData><entities><entity id=\"1\">{body}</entity></entities></sanctionsData>");
        let _ = parse_cons(&[Input::new("c.xml", xml.into_bytes())]);
    }
}
