//! The UK HMT/OFSI ConList parser against the real publications in
//! `shared/lists/uk-hmt`, and against damaged or foreign input.

mod common;

use std::collections::HashSet;
use std::io::Read;

use chrono::NaiveDate;
use common::{parse_shared, shared_bytes};
use interdict_model::{Entity, IdKind, Prop, Relation, Schema, SourceId};
use interdict_parse::{parse, uk, Input, ParseError, ParsedList};

const CSV_2016: &str = "uk-hmt/ConList_2016-03-23.csv";
const CSV_2020: &str = "uk-hmt/ConList_2020-04-27.csv";
const XLSX_2023: &str = "uk-hmt/ConList_2023-06-05_resaved-in-excel.xlsx";
const XLSX_2025_04_10: &str = "uk-hmt/ConList_2025-04-10.xlsx";
const XLSX_2025_04_14: &str = "uk-hmt/ConList_2025-04-14.xlsx";
const CSV_GZ_2025_04_14: &str = "uk-hmt/ConList_2025-04-14_DERIVED-cells-from-xlsx.csv.gz";

fn find<'a>(list: &'a ParsedList, group: &str) -> Option<&'a Entity> {
    list.entities.iter().find(|e| e.id.native() == group)
}

fn get<'a>(list: &'a ParsedList, group: &str) -> &'a Entity {
    find(list, group).unwrap_or_else(|| panic!("group {group} is on the list"))
}

fn date(text: &str) -> Option<interdict_model::PartialDate> {
    Some(text.parse().unwrap())
}

fn ids_are_unique(list: &ParsedList) {
    let ids: HashSet<_> = list.entities.iter().map(|e| &e.id).collect();
    assert_eq!(ids.len(), list.entities.len());
    assert!(list
        .entities
        .iter()
        .all(|e| e.id.as_str().starts_with("uk-hmt:")));
}

#[test]
fn conlist_2020_csv_windows_1252() {
    let list = parse_shared(SourceId::UkHmt, &[CSV_2020]);
    assert_eq!(list.format, "uk-conlist-csv");
    assert_eq!(list.published, NaiveDate::from_ymd_opt(2020, 4, 27));
    assert_eq!(list.entities.len(), 2_114);
    assert_eq!(list.report.records, 9_492);
    assert_eq!(list.report.issues, []);
    ids_are_unique(&list);
    // Entities in the order their group first appears: the first data row is
    // group 13349.
    assert_eq!(list.entities[0].id.as_str(), "uk-hmt:13349");

    // A UN Ref, a partial DOB, two nationalities from `1) Saudi Arabia 2) Qatar`.
    let hababi = get(&list, "13349");
    assert_eq!(hababi.schema, Schema::Person);
    assert_eq!(
        hababi.get(Prop::Name),
        ["Nayef Salam Muhammad Ujaym AL-HABABI"]
    );
    assert_eq!(hababi.get(Prop::FirstName), ["Nayef"]);
    assert_eq!(hababi.get(Prop::MiddleName), ["Salam", "Muhammad", "Ujaym"]);
    assert_eq!(hababi.get(Prop::LastName), ["AL-HABABI"]);
    assert!(hababi
        .get(Prop::Alias)
        .contains(&"Sheikh Farooq AL-QAHTANI".to_string()));
    assert_eq!(hababi.get(Prop::BirthDate), ["1980", "1981"]);
    assert_eq!(hababi.get(Prop::Nationality), ["Saudi Arabia", "Qatar"]);
    assert_eq!(hababi.get(Prop::Country), ["Afghanistan (since 2009)"]);
    assert_eq!(hababi.get(Prop::PassportNumber), ["592667"]);
    assert_eq!(
        hababi.identifiers[0].note.as_deref(),
        Some("Passport No: 592667 (Qatari passport issued on 3 May 2007)")
    );
    assert_eq!(hababi.sanctions.len(), 1);
    let sanction = &hababi.sanctions[0];
    assert_eq!(sanction.unsc_id.as_deref(), Some("QDe.004"));
    assert_eq!(sanction.authority_id, "13349");
    assert_eq!(
        sanction.programs,
        ["The ISIL (Da'esh) and Al-Qaida organisations"]
    );
    assert_eq!(sanction.listing_date, date("2016-04-01"));
    assert_eq!(sanction.modified_at, [date("2016-04-01").unwrap()]);
    assert_eq!(
        hababi.get(Prop::Notes),
        ["UN Ref QDe.004. Emir for the eastern zone of Afghanistan. Has led an Al-Qaida battalion in Afghanistan since at least mid-2010."]
    );

    // Windows-1252 punctuation decoded (0x92, 0x91, 0xB4).
    let battalion = get(&list, "13222");
    assert_eq!(battalion.schema, Schema::Organization);
    assert!(battalion.get(Prop::Notes)[0]
        .contains("so-called ’2nd Army Corps’ of the ‘Lugansk People´s Republic’"));
}

#[test]
fn soleimani_2016_and_2020_then_2023_but_not_2025() {
    let list_2016 = parse_shared(SourceId::UkHmt, &[CSV_2016]);
    let list_2020 = parse_shared(SourceId::UkHmt, &[CSV_2020]);
    for list in [&list_2016, &list_2020] {
        let soleimani = get(list, "9062");
        assert_eq!(soleimani.get(Prop::Name), ["Qasem SOLEIMANI"]);
        assert_eq!(soleimani.get(Prop::Alias).len(), 10);
        assert_eq!(soleimani.get(Prop::BirthDate), ["1957-03-11"]);
        assert_eq!(soleimani.get(Prop::BirthPlace), ["Qom"]);
        assert_eq!(soleimani.get(Prop::PassportNumber), ["008827"]);
        let mut programs: Vec<_> = soleimani
            .sanctions
            .iter()
            .map(|s| s.programs[0].as_str())
            .collect();
        programs.sort();
        assert_eq!(
            programs,
            [
                "Iran (nuclear proliferation)",
                "Syria",
                "Terrorism and Terrorist Financing"
            ]
        );
    }
    // The old UN reference in 2016, the current one in 2020.
    assert_eq!(
        get(&list_2016, "9062").sanctions[0].unsc_id.as_deref(),
        Some("I.47.D.6")
    );
    assert_eq!(
        get(&list_2020, "9062").sanctions[0].unsc_id.as_deref(),
        Some("IRi.039")
    );
    // Contrary to SOURCES.md, group 9062 is still on the 2023-06-05 list
    // (under Iran (Nuclear), UK ref INU0212); it is gone by April 2025.
    let list_2023 = parse_shared(SourceId::UkHmt, &[XLSX_2023]);
    let soleimani = get(&list_2023, "9062");
    assert_eq!(soleimani.get(Prop::Name), ["QASEM SOLEIMANI"]);
    assert_eq!(soleimani.sanctions.len(), 1);
    assert_eq!(soleimani.sanctions[0].programs, ["Iran (Nuclear)"]);
    assert!(soleimani
        .get(Prop::IdNumber)
        .contains(&"INU0212".to_string()));
    assert_eq!(
        soleimani.get(Prop::WeakAlias),
        ["Haj QASEM", "Haji QASSEM", "Sardar SOLEIMANI"]
    );
    for file in [XLSX_2025_04_10, XLSX_2025_04_14] {
        let list = parse_shared(SourceId::UkHmt, &[file]);
        assert!(find(&list, "9062").is_none(), "{file}");
        assert!(list
            .entities
            .iter()
            .all(|e| !e.get(Prop::Name).contains(&"QASEM SOLEIMANI".to_string())));
    }
}

#[test]
fn conlist_2016_csv() {
    let list = parse_shared(SourceId::UkHmt, &[CSV_2016]);
    assert_eq!(list.published, NaiveDate::from_ymd_opt(2016, 3, 23));
    assert_eq!(list.entities.len(), 1_924);
    assert_eq!(list.report.records, 8_746);
    ids_are_unique(&list);
    // `(1)-(2) Tunisia (3) Libya ...`: a range marker, then one country each.
    let counted = list
        .entities
        .iter()
        .find(|e| e.get(Prop::BirthCountry).first().map(String::as_str) == Some("Tunisia"))
        .filter(|e| e.get(Prop::BirthCountry).len() == 5)
        .expect("a party born in five countries");
    assert_eq!(
        counted.get(Prop::BirthCountry),
        ["Tunisia", "Libya", "Algeria", "Morocco", "Lebanon"]
    );
}

#[test]
fn xlsx_2025_consecutive_publications() {
    let before = parse_shared(SourceId::UkHmt, &[XLSX_2025_04_10]);
    let after = parse_shared(SourceId::UkHmt, &[XLSX_2025_04_14]);
    assert_eq!(before.format, "uk-conlist-xlsx");
    assert_eq!(before.published, NaiveDate::from_ymd_opt(2025, 4, 10));
    assert_eq!(after.published, NaiveDate::from_ymd_opt(2025, 4, 14));
    assert_eq!(before.entities.len(), 4_686);
    assert_eq!(before.report.records, 18_796);
    assert_eq!(after.entities.len(), 4_688);
    assert_eq!(after.report.records, 18_798);
    ids_are_unique(&before);
    ids_are_unique(&after);
    let old: HashSet<_> = before.entities.iter().map(|e| e.id.native()).collect();
    let new: HashSet<_> = after.entities.iter().map(|e| e.id.native()).collect();
    let mut added: Vec<_> = new.difference(&old).copied().collect();
    added.sort();
    assert_eq!(added, ["16856", "16857"]);
    assert_eq!(get(&after, "16856").get(Prop::Name), ["FOXTROT NETWORK"]);
    assert!(old.is_subset(&new));
    for group in &added {
        let entity = get(&after, group);
        assert_eq!(
            entity.sanctions[0].listing_date,
            date("2025-04-14"),
            "{group}"
        );
    }
}

#[test]
fn xlsx_2023_resaved() {
    let list = parse_shared(SourceId::UkHmt, &[XLSX_2023]);
    assert_eq!(list.published, NaiveDate::from_ymd_opt(2023, 6, 5));
    assert_eq!(list.entities.len(), 3_993);
    assert_eq!(list.report.records, 16_823);
    assert_eq!(list.report.issues, []);
    ids_are_unique(&list);
}

#[test]
fn derived_csv_gz_equals_the_xlsx() {
    let xlsx = parse_shared(SourceId::UkHmt, &[XLSX_2025_04_14]);
    let gz = parse_shared(SourceId::UkHmt, &[CSV_GZ_2025_04_14]);
    assert_eq!(gz.format, "uk-conlist-csv");
    assert_eq!(gz.published, xlsx.published);
    assert_eq!(gz.report.records, xlsx.report.records);
    assert_eq!(gz.report.unstructured, xlsx.report.unstructured);
    // The same issues, about the same groups; lines differ, as CSV cells
    // span lines.
    let issues = |list: &ParsedList| -> Vec<(Option<String>, String)> {
        list.report
            .issues
            .iter()
            .map(|i| (i.location.record.clone(), i.message.clone()))
            .collect()
    };
    assert_eq!(issues(&gz), issues(&xlsx));
    assert_eq!(xlsx.report.issues[0].location.line, Some(754));
    assert_eq!(gz.report.issues[0].location.line, Some(776));
    assert_eq!(gz.entities.len(), 4_688);
    assert!(gz.entities == xlsx.entities, "same parties, same values");
}

#[test]
fn conlist_2025_fields() {
    let list = parse_shared(SourceId::UkHmt, &[XLSX_2025_04_14]);

    // A ship: the labelled fields of Other Information.
    let ship = get(&list, "13651");
    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(ship.get(Prop::Name), ["SAM JONG 2"]);
    assert!(ship.get(Prop::Alias).contains(&"AKTIVA".to_string()));
    assert_eq!(ship.get(Prop::ImoNumber), ["7408873"]);
    assert_eq!(ship.get(Prop::Flag), ["North Korea"]);
    assert_eq!(ship.get(Prop::Type), ["Oil tanker"]);
    assert_eq!(ship.get(Prop::Tonnage), ["1676"]);
    assert_eq!(ship.get(Prop::OwnerName), ["Korea Samjong Shipping"]);
    assert_eq!(ship.get(Prop::BuildDate), ["1975"]);
    assert_eq!(ship.get(Prop::Other("pastFlags".into())), ["Russia"]);
    assert!(ship
        .get(Prop::Notes)
        .contains(&"Length of ship: 80".to_string()));
    assert_eq!(
        ship.sanctions[0].programs,
        ["Democratic People's Republic of Korea"]
    );
    assert_eq!(
        ship.sanctions[0].summary,
        ["UK Sanctions List Date Designated: 2018-03-30"]
    );
    assert_eq!(
        list.entities
            .iter()
            .filter(|e| e.schema == Schema::Vessel)
            .count(),
        15
    );

    // Non-Latin script, gender, statement of reasons, measures, UK ref.
    let abramov = get(&list, "15610");
    assert_eq!(abramov.get(Prop::Name), ["Alexander Grigoryevich ABRAMOV"]);
    assert_eq!(
        abramov.get(Prop::OriginalName),
        ["АБРАМОВ Александр Григорьевич"]
    );
    assert_eq!(abramov.get(Prop::Gender), ["male"]);
    assert_eq!(abramov.get(Prop::BirthDate), ["1959-02-20"]);
    let reference = abramov
        .identifiers
        .iter()
        .find(|i| i.label == "UK Sanctions List Ref")
        .unwrap();
    assert_eq!(
        (reference.kind, reference.number.as_str()),
        (IdKind::Other, "RUS1656")
    );
    let sanction = &abramov.sanctions[0];
    assert!(sanction
        .reason
        .as_deref()
        .unwrap()
        .starts_with("Alexander Grigoryevich ABRAMOV (hereafter ABRAMOV) is an involved person"));
    assert_eq!(
        sanction.provisions,
        ["Financial sanctions imposed in addition to an asset freeze: Trust services. Date trust services sanctions imposed: 21/03/2023."]
    );
    assert_eq!(sanction.listing_date, date("2022-11-02"));
    assert_eq!(sanction.modified_at, [date("2023-03-21").unwrap()]);
    assert_eq!(
        abramov.get(Prop::Notes),
        ["Non-Latin script (Cyrillic, Russian): АБРАМОВ Александр Григорьевич"]
    );

    // Passport numbers paired with their details, item by item.
    let adam = get(&list, "12999");
    assert_eq!(adam.get(Prop::PassportNumber), ["D00001184", "P04838205"]);
    let passports: Vec<_> = adam
        .identifiers
        .iter()
        .filter(|i| i.kind == IdKind::Passport)
        .map(|i| i.note.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(passports[0], "Central African Republic number");
    assert!(passports[1].starts_with("Issued on 10 Jun. 2018. Issued in Bahri, Sudan."));
    assert_eq!(adam.sanctions[0].unsc_id.as_deref(), Some("CFi.002"));
    assert_eq!(
        adam.get(Prop::BirthDate),
        ["1970", "1969", "1971", "1970-01-01", "1971-01-01"]
    );

    // Low alias quality → weakAlias; `(1) to (6) Algeria (7) Morocco`.
    let moustfa = get(&list, "7860");
    assert_eq!(moustfa.get(Prop::WeakAlias), ["MUSTAFA"]);
    assert_eq!(moustfa.get(Prop::BirthCountry), ["Algeria", "Morocco"]);
    assert_eq!(moustfa.get(Prop::OriginalName), ["جمال مصطفى"]);

    // Company: registration numbers, contacts, ownership links.
    let salyut = get(&list, "16767");
    assert_eq!(salyut.schema, Schema::Organization);
    assert_eq!(
        salyut.get(Prop::RegistrationNumber),
        ["1125261000040", "5261079332", "526101001"]
    );
    assert_eq!(salyut.get(Prop::Website), ["https://nppsalut.ru/"]);
    assert_eq!(salyut.get(Prop::LegalForm), ["Joint-Stock Company"]);
    assert_eq!(salyut.get(Prop::Phone).len(), 3);
    let links: Vec<_> = salyut
        .links
        .iter()
        .map(|l| {
            (
                l.relation,
                l.target_name.as_deref().unwrap(),
                l.note.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            (
                Relation::Ownership,
                "AKTSIONERNOE OBSHCHESTVO NAUCHNO-PROIZVODSTVENNOE PREDPRIYATIE SALYUT-27",
                "subsidiary"
            ),
            (
                Relation::Ownership,
                "ZAKRYTOE AKTSIONERNOE OBSHCHESTVO GOSTINICHNYI KOMPLEKS KRONA",
                "subsidiary"
            ),
            (
                Relation::Ownership,
                "Joint-Stock Company “Russian Electronics” Ruselectronics",
                "parent company"
            ),
        ]
    );

    // Every party has a UK Sanctions List Ref but three: group 15878 has
    // none, and two groups carry the UN references SDi.005 and SDi.006 in
    // that field, which are kept in notes and reported.
    let without_ref: Vec<_> = list
        .entities
        .iter()
        .filter(|e| {
            !e.identifiers
                .iter()
                .any(|i| i.label == "UK Sanctions List Ref")
        })
        .map(|e| e.id.native())
        .collect();
    assert_eq!(without_ref.len(), 3);
    assert!(without_ref.contains(&"15878"));
    let odd: Vec<_> = list
        .report
        .issues
        .iter()
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(
        odd,
        [
            "UK Sanctions List Ref \"SDi.005.\" is not of the form ABC0123; kept in notes",
            "UK Sanctions List Ref \"SDi.006.\" is not of the form ABC0123; kept in notes"
        ]
    );
}

fn conlist_err(name: &str, bytes: Vec<u8>) -> ParseError {
    uk::parse(&[Input::new(name, bytes)]).expect_err("the input is refused")
}

#[test]
fn foreign_files_are_wrong_format() {
    for relative in [
        "ofac-sdn/2023-12-28/sdn.csv",
        "us-csl/consolidated_2022-05-06.csv.gz",
        "uk-fcdo/FCDO_UK-Sanctions-List_summary-export_2025-08-11.ods",
        "un-sc/consolidated_2020-11-24.xml",
        "eu-fsf/docs/FSF-CSV-attributes.pdf",
        "eu-fsf/docs/FSD-programme-abbreviations.xlsx",
    ] {
        let err = parse(
            SourceId::UkHmt,
            &[Input::new(relative, shared_bytes(relative))],
        )
        .expect_err(relative);
        assert!(
            matches!(
                err,
                ParseError::WrongFormat {
                    list: SourceId::UkHmt,
                    ..
                }
            ),
            "{relative}: {err}"
        );
        assert_eq!(err.location().unwrap().file, relative);
    }
    let err = conlist_err("sdn.csv", shared_bytes("ofac-sdn/2023-12-28/sdn.csv"));
    assert_eq!(err.location().unwrap().line, Some(1));
}

/// A small ConList in the 2022+ layout with its columns in another order and
/// one unknown column.
const SMALL: &str = "Last Updated,14/04/2025\n\
Group ID,Group Type,Name 6,Name 1,Alias Type,Alias Quality,DOB,Regime,Listed On,Favourite Colour,Nationality\n\
1,Individual,DOE,John,Primary name,,00/05/1970,Russia,01/02/2022,blue,(1) Russia (2) Belarus\n\
2,Entity,ACME,,Primary name,,,Syria,02/03/2021,,\n\
1,Individual,DOE,Jon,AKA,Low quality,,Russia,01/02/2022,,\n";

#[test]
fn columns_are_found_by_name() {
    let list = uk::parse(&[Input::new("small.csv", SMALL.as_bytes().to_vec())]).unwrap();
    assert_eq!(list.entities.len(), 2);
    assert_eq!(list.report.records, 3);
    let doe = &list.entities[0];
    assert_eq!(doe.id.as_str(), "uk-hmt:1");
    assert_eq!(doe.get(Prop::Name), ["John DOE"]);
    assert_eq!(doe.get(Prop::WeakAlias), ["Jon DOE"]);
    assert_eq!(doe.get(Prop::BirthDate), ["1970-05"]);
    assert_eq!(doe.get(Prop::Nationality), ["Russia", "Belarus"]);
    assert_eq!(doe.get(Prop::Notes), ["Favourite Colour: blue"]);
    assert_eq!(list.report.unstructured, 1);
    assert_eq!(list.report.issues.len(), 1);
    assert!(list.report.issues[0].message.contains("Favourite Colour"));
    assert_eq!(list.entities[1].get(Prop::Name), ["ACME"]);
    // Without the Last Updated line.
    let headless = SMALL.split_once('\n').unwrap().1;
    let list = uk::parse(&[Input::new("h.csv", headless.as_bytes().to_vec())]).unwrap();
    assert_eq!(list.published, None);
    assert_eq!(list.entities.len(), 2);
}

#[test]
fn damaged_files_are_refused_with_their_location() {
    // UTF-8 with a stray Windows-1252 byte on line 4.
    let mut bytes = SMALL.replace("ACME", "ACMÉ ’").into_bytes();
    let line4 = bytes.iter().rposition(|&b| b == b'\n').unwrap();
    bytes.splice(line4..line4, [b' ', 0x92]);
    let err = conlist_err("mixed.csv", bytes);
    assert!(matches!(err, ParseError::Encoding { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(5));

    // Bytes undefined in Windows-1252.
    let mut bytes = SMALL.as_bytes().to_vec();
    bytes.extend_from_slice(b"3,Entity,X\x81,,AKA,,,Syria,,,\n");
    let err = conlist_err("cp.csv", bytes);
    assert!(matches!(err, ParseError::Encoding { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(6));

    // A row with a field too many.
    let extra = SMALL.replace("2,Entity,ACME,,", "2,Entity,ACME,,,");
    let err = conlist_err("extra.csv", extra.into_bytes());
    assert!(matches!(err, ParseError::Malformed { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(4));

    // Cut in the middle of the last row.
    let cut = &SMALL[..SMALL.len() - 20];
    let err = conlist_err("cut.csv", cut.as_bytes().to_vec());
    assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(5));

    // Cut inside a quoted field.
    let quoted = format!("{SMALL}3,Entity,\"ACME\nHOLDING");
    let err = conlist_err("quoted.csv", quoted.into_bytes());
    assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(6));

    // A gzip stream cut short.
    let gz = shared_bytes(CSV_GZ_2025_04_14);
    let err = conlist_err("cut.csv.gz", gz[..gz.len() / 2].to_vec());
    assert!(matches!(err, ParseError::Truncated { .. }), "{err}");

    // An xlsx cut short.
    let xlsx = shared_bytes(XLSX_2025_04_14);
    let err = conlist_err("cut.xlsx", xlsx[..xlsx.len() / 2].to_vec());
    assert!(matches!(err, ParseError::Malformed { .. }), "{err}");

    // A row without its Group ID.
    let no_group = SMALL.replace("\n2,Entity", "\n,Entity");
    let err = conlist_err("nogroup.csv", no_group.into_bytes());
    assert!(matches!(err, ParseError::Malformed { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(4));

    // Two files.
    let two = [
        Input::new("a.csv", SMALL.as_bytes().to_vec()),
        Input::new("b.csv", SMALL.as_bytes().to_vec()),
    ];
    assert!(matches!(uk::parse(&two), Err(ParseError::FileSet { .. })));
}

#[test]
fn gzip_and_plain_give_the_same_list() {
    let gz = shared_bytes(CSV_GZ_2025_04_14);
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_end(&mut plain)
        .unwrap();
    let from_gz = uk::parse(&[Input::new("c.csv.gz", gz)]).unwrap();
    let from_plain = uk::parse(&[Input::new("c.csv", plain)]).unwrap();
    assert!(from_gz.entities == from_plain.entities);
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Arbitrary bytes are parsed or refused, never a panic.
        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = uk::parse(&[Input::new("fuzz.csv", bytes)]);
        }

        /// A real-shaped ConList with bytes overwritten somewhere.
        #[test]
        fn damaged_conlist(at in 0usize..SMALL.len(), bytes in proptest::collection::vec(any::<u8>(), 1..8)) {
            let mut damaged = SMALL.as_bytes().to_vec();
            let end = (at + bytes.len()).min(damaged.len());
            damaged.splice(at..end, bytes);
            if let Ok(list) = uk::parse(&[Input::new("fuzz.csv", damaged)]) {
                let ids: HashSet<_> = list.entities.iter().map(|e| &e.id).collect();
                prop_assert_eq!(ids.len(), list.entities.len());
            }
        }
    }
}
