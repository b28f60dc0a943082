//! The US CSL (and BIS DPL) parser against the real files in
//! `shared/lists/us-csl` and the damaged one in `shared/lists/bad`.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::io::Read;

use common::{parse_shared, shared_bytes};
use interdict_model::{Entity, IdKind, Prop, Relation, Schema, SourceId};
use interdict_parse::{csl, parse, Input, ParseError, ParsedList};

const CSL_2022: &str = "us-csl/consolidated_2022-05-06.csv.gz";
const DPL_2021: &str = "us-csl/dpl_2021-07.txt";
const TRUNCATED: &str = "bad/us-csl_consolidated_2023-11_truncated_mid_record.csv";

fn get<'a>(list: &'a ParsedList, id: &str) -> &'a Entity {
    list.entities
        .iter()
        .find(|e| e.id.native() == id)
        .unwrap_or_else(|| panic!("{id} is on the list"))
}

fn date(text: &str) -> Option<interdict_model::PartialDate> {
    Some(text.parse().unwrap())
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

#[test]
fn csl_2022_counts() {
    let list = parse_shared(SourceId::UsCsl, &[CSL_2022]);
    assert_eq!(list.format, "csl-csv");
    assert_eq!(list.published, None);
    assert_eq!(list.report.records, 14_160);
    // 112 rows repeat the _id of a party already read (a party on SDN and
    // CAPTA, SDN and SSI, ...): they become further sanctions of one entity.
    assert_eq!(list.entities.len(), 14_048);
    assert_eq!(list.report.issues, []);
    let ids: HashSet<_> = list.entities.iter().map(|e| &e.id).collect();
    assert_eq!(ids.len(), list.entities.len());
    assert_eq!(
        list.entities[0].id.as_str(),
        "us-csl:deb7a1d5743a85c354ca1a2c7f2664e2104b32d7"
    );

    let mut per_list: BTreeMap<&str, usize> = BTreeMap::new();
    for entity in &list.entities {
        for sanction in &entity.sanctions {
            *per_list
                .entry(sanction.list_name.as_deref().unwrap())
                .or_default() += 1;
        }
    }
    // CAPTA has 53 rows; two of them (_id 15268) are identical but for their
    // source_list_url, so they are one listing.
    let expected = [
        ("Capta List (CAP)", 52),
        ("Denied Persons List (DPL)", 462),
        ("Entity List (EL)", 2_001),
        ("Foreign Sanctions Evaders (FSE)", 3),
        ("ITAR Debarred (DTC)", 727),
        ("Military End User (MEU) List", 71),
        (
            "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC)",
            68,
        ),
        ("Non-SDN Menu-Based Sanctions List (NS-MBS List)", 17),
        ("Nonproliferation Sanctions (ISN)", 163),
        ("Palestinian Legislative Council List (PLC)", 78),
        ("Sectoral Sanctions Identifications List (SSI)", 290),
        ("Specially Designated Nationals (SDN)", 10_026),
        ("Unverified List (UVL)", 201),
    ];
    assert_eq!(per_list.into_iter().collect::<Vec<_>>(), expected);
    let schemas = |schema: Schema| list.entities.iter().filter(|e| e.schema == schema).count();
    assert_eq!(schemas(Schema::Vessel), 433);
    assert_eq!(schemas(Schema::Airplane), 283);
}

#[test]
fn csl_2022_sdn_records() {
    let list = parse_shared(SourceId::UsCsl, &[CSL_2022]);

    let razziq = get(&list, "9935");
    assert_eq!(razziq.schema, Schema::Person);
    assert_eq!(
        razziq.get(Prop::Name),
        ["'ABD AL-RAZZIQ, Abu Sufian al-Salamabi Muhammed Ahmed"]
    );
    assert_eq!(razziq.get(Prop::Alias).len(), 14);
    assert_eq!(razziq.get(Prop::Alias)[0], "ABDELRAZIK, Sofian");
    assert_eq!(razziq.get(Prop::BirthDate), ["1962-08-06"]);
    assert_eq!(
        razziq.get(Prop::BirthPlace),
        ["Al-Bawgah, Sudan", "Albaouga, Sudan"]
    );
    assert_eq!(razziq.get(Prop::Nationality), ["CA", "SD"]);
    let passport = &razziq.identifiers[0];
    assert_eq!(
        (
            passport.kind,
            passport.number.as_str(),
            passport.country.as_deref()
        ),
        (IdKind::Passport, "BC166787", Some("CA"))
    );
    let sanction = &razziq.sanctions[0];
    assert_eq!(sanction.authority, "Treasury Department");
    assert_eq!(sanction.authority_id, "9935");
    assert_eq!(
        sanction.list_name.as_deref(),
        Some("Specially Designated Nationals (SDN)")
    );
    assert_eq!(sanction.programs, ["SDGT"]);
    assert_eq!(
        razziq.get(Prop::SourceUrl),
        ["http://bit.ly/1I7ipyR", "http://bit.ly/1MLgpye"]
    );

    // Linked To, secondary sanctions, several programs.
    let asadi = get(&list, "26860");
    assert_eq!(asadi.sanctions[0].programs, ["IFSR", "IRGC", "SDGT"]);
    assert_eq!(asadi.sanctions[0].flags, ["Subject to Secondary Sanctions"]);
    assert_eq!(asadi.links.len(), 1);
    assert_eq!(asadi.links[0].relation, Relation::LinkedTo);
    assert_eq!(
        asadi.links[0].target_name.as_deref(),
        Some("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE")
    );
    assert_eq!(asadi.get(Prop::Address), ["Basrah, IQ"]);
    assert_eq!(asadi.get(Prop::Country), ["IQ"]);
    assert_eq!(asadi.get(Prop::Notes), Vec::<String>::new());

    // One party on CAPTA and SDN: one entity, two sanctions.
    let arimero = get(&list, "34616");
    let lists: Vec<_> = arimero
        .sanctions
        .iter()
        .map(|s| s.list_name.as_deref().unwrap())
        .collect();
    assert_eq!(
        lists,
        ["Capta List (CAP)", "Specially Designated Nationals (SDN)"]
    );
    assert_eq!(arimero.get(Prop::RegistrationNumber), ["C146742"]);
    assert!(arimero.sanctions[1]
        .provisions
        .contains(&"Listing Date (EO 14024 Directive 2): 24 Feb 2022".to_string()));

    // Passport with both dates (country, expiry, issue, number, type) and
    // with one date that the CSV does not qualify.
    let passport = get(&list, "17291")
        .identifiers
        .iter()
        .find(|i| i.number == "K475336")
        .unwrap();
    assert_eq!(passport.country.as_deref(), Some("JO"));
    assert_eq!(passport.issued, date("2009-08-31"));
    assert_eq!(passport.expires, date("2014-08-30"));
    let passport = get(&list, "8596")
        .identifiers
        .iter()
        .find(|i| i.number == "562605")
        .unwrap();
    assert_eq!((passport.issued, passport.expires), (None, None));
    assert_eq!(
        passport.note.as_deref(),
        Some("1998-10-28 (issue or expiry date: the CSV does not say which)")
    );

    // A vessel.
    let amber = get(&list, "15052");
    assert_eq!(amber.schema, Schema::Vessel);
    assert_eq!(amber.get(Prop::Alias), ["HARAZ", "FREEDOM"]);
    assert_eq!(amber.get(Prop::CallSign), ["5IM 597"]);
    assert_eq!(amber.get(Prop::Type), ["Crude Oil Tanker"]);
    assert_eq!(amber.get(Prop::Tonnage), ["317356"]);
    assert_eq!(amber.get(Prop::GrossRegisteredTonnage), ["163660"]);
    assert_eq!(amber.get(Prop::Flag), ["Panama"]);
    assert_eq!(amber.get(Prop::ImoNumber), ["9357406"]);
    assert_eq!(amber.get(Prop::Mmsi), ["677049700"]);
    assert_eq!(
        amber.get(Prop::Other("pastFlags".into())),
        ["Cyprus", "Tanzania"]
    );

    // A range of birth years.
    let dawud = get(&list, "19810");
    assert_eq!(dawud.get(Prop::BirthDate), ["1958", "1959", "1960"]);
    assert_eq!(dawud.get(Prop::Notes), ["Date of birth: 1958 to 1960"]);
}

#[test]
fn csl_2022_entity_list_record() {
    let list = parse_shared(SourceId::UsCsl, &[CSL_2022]);
    let plant = get(&list, "4398d33e9e93c7477af39f1e0bfffc13ddd47bcc");
    assert_eq!(plant.schema, Schema::LegalEntity);
    assert_eq!(plant.get(Prop::Name), ["140 Repair Plant JSC"]);
    assert_eq!(
        plant.get(Prop::Alias),
        [
            "Open Joint Stock Company 140 Repair Plant",
            "JSC 140 Repair Plant"
        ]
    );
    assert_eq!(
        plant.get(Prop::Address),
        ["19 Luysi Chalovskoy St., Borisov, 222512, BY"]
    );
    assert_eq!(plant.get(Prop::Country), ["BY"]);
    let sanction = &plant.sanctions[0];
    assert_eq!(sanction.authority, "Bureau of Industry and Security");
    assert_eq!(sanction.list_name.as_deref(), Some("Entity List (EL)"));
    assert_eq!(
        sanction.authority_id,
        "4398d33e9e93c7477af39f1e0bfffc13ddd47bcc"
    );
    assert_eq!(sanction.listing_date, date("2022-04-07"));
    assert_eq!(
        sanction.summary,
        strings(&["Federal Register notice: 87 FR 20299"])
    );
    assert_eq!(
        sanction.provisions,
        strings(&[
            "License requirement: For all items subject to the EAR. (See §§734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR.)",
            "License policy: Policy of denial.",
        ])
    );
}

#[test]
fn truncated_csl_is_refused_at_the_cut_record() {
    let err = parse(
        SourceId::UsCsl,
        &[Input::new(TRUNCATED, shared_bytes(TRUNCATED))],
    )
    .expect_err("a truncated file is refused");
    assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
    let location = err.location().unwrap();
    assert_eq!(location.file, TRUNCATED);
    // The file has 4,232 line breaks; the cut record (SDN 11476, BERMUDEZ
    // SUAZA) starts on the last line.
    assert_eq!(location.line, Some(4_233));
}

#[test]
fn wrong_and_damaged_inputs() {
    for relative in [
        "uk-hmt/ConList_2020-04-27.csv",
        "uk-hmt/ConList_2025-04-14.xlsx",
        "ofac-sdn/2023-12-28/sdn.csv",
        "opensanctions/sanctions_2024-05-30.delta.ftm.json",
    ] {
        let err = csl::parse(&[Input::new(relative, shared_bytes(relative))]).expect_err(relative);
        assert!(
            matches!(
                err,
                ParseError::WrongFormat {
                    list: SourceId::UsCsl,
                    ..
                }
            ),
            "{relative}: {err}"
        );
        assert_eq!(err.location().unwrap().line, Some(1));
    }
    let header = "_id,source,name,ids\n";
    // Not UTF-8 on line 3.
    let mut bytes =
        format!("{header}1,Specially Designated Nationals (SDN) - Treasury Department,A,\n")
            .into_bytes();
    bytes.extend_from_slice(b"2,Entity List (EL) - Bureau of Industry and Security,B\xe9,\n");
    let err = csl::parse(&[Input::new("enc.csv", bytes)]).unwrap_err();
    assert!(matches!(err, ParseError::Encoding { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(3));
    // A record with a field too many.
    let extra = format!("{header}1,S - T,A,,\n2,S - T,B,\n");
    let err = csl::parse(&[Input::new("extra.csv", extra.into_bytes())]).unwrap_err();
    assert!(matches!(err, ParseError::Malformed { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(2));
    // A short last record without a line break.
    let short = format!("{header}1,S - T,A,\n2,S - T");
    let err = csl::parse(&[Input::new("short.csv", short.into_bytes())]).unwrap_err();
    assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
    assert_eq!(err.location().unwrap().line, Some(3));
    // A repeated header line is skipped and reported.
    let repeated = format!("{header}{header}1,S - T,A,\n");
    let list = csl::parse(&[Input::new("rep.csv", repeated.into_bytes())]).unwrap();
    assert_eq!(list.entities.len(), 1);
    assert_eq!(list.report.records, 1);
    assert_eq!(list.report.issues[0].location.line, Some(2));
}

#[test]
fn gzip_and_plain_give_the_same_list() {
    let gz = shared_bytes(CSL_2022);
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_end(&mut plain)
        .unwrap();
    let from_gz = csl::parse(&[Input::new("c.csv.gz", gz)]).unwrap();
    let from_plain = csl::parse(&[Input::new("c.csv", plain)]).unwrap();
    assert!(from_gz.entities == from_plain.entities);
}

#[test]
fn dpl_txt_gets_the_csl_ids() {
    let dpl = parse_shared(SourceId::UsCsl, &[DPL_2021]);
    assert_eq!(dpl.format, "bis-dpl-txt");
    assert_eq!(dpl.report.records, 546);
    // Rows of one order (same name and citation, one per address) are one
    // party, as in the CSL.
    assert_eq!(dpl.entities.len(), 433);
    assert_eq!(dpl.report.issues, []);
    let ash = get(&dpl, "deb7a1d5743a85c354ca1a2c7f2664e2104b32d7");
    assert_eq!(ash.get(Prop::Name), ["I. ASH"]);
    assert_eq!(
        ash.get(Prop::Address),
        ["UPON THE DATE OF THE ORDER INCARCERATED AT USM NO: 26265-177, FCI SEAGOVILLE, 2113 NORTH HIGHWAY 175, SEAGOVILLE, TX, 75159, US"]
    );
    let sanction = &ash.sanctions[0];
    assert_eq!(sanction.listing_date, date("2003-06-19"));
    assert_eq!(sanction.modified_at, [date("2007-01-31").unwrap()]);
    assert_eq!(
        sanction.list_name.as_deref(),
        Some("Denied Persons List (DPL)")
    );
    assert_eq!(sanction.authority, "Bureau of Industry and Security");
    let two_addresses = dpl
        .entities
        .iter()
        .find(|e| e.get(Prop::Name) == ["ADVANCED TECH SOLUTIONS"])
        .unwrap();
    assert_eq!(
        two_addresses.get(Prop::Address),
        [
            "MOASA SQUARE, TAKRITI BUILDING, FOURTH FLOOR, DAMASCUS, SY",
            "P.O. BOX 25858, DAMASCUS, SY"
        ]
    );

    // The same party read from the CSL a year later has the same id and
    // the same name, address and listing date.
    let csl = parse_shared(SourceId::UsCsl, &[CSL_2022]);
    let from_csl = get(&csl, "deb7a1d5743a85c354ca1a2c7f2664e2104b32d7");
    for prop in [Prop::Name, Prop::Address, Prop::Country] {
        assert_eq!(from_csl.get(prop.clone()), ash.get(prop));
    }
    assert_eq!(from_csl.sanctions[0].listing_date, sanction.listing_date);
    let csl_dpl: HashSet<_> = csl
        .entities
        .iter()
        .filter(|e| e.sanctions[0].list_name.as_deref() == Some("Denied Persons List (DPL)"))
        .map(|e| &e.id)
        .collect();
    let shared = dpl
        .entities
        .iter()
        .filter(|e| csl_dpl.contains(&e.id))
        .count();
    assert_eq!(shared, 301);
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const SMALL: &str = "_id,source,type,name,alt_names,dates_of_birth,ids,remarks\n\
1,Specially Designated Nationals (SDN) - Treasury Department,Individual,\"DOE, John\",\"DOE, Jon; and J. DOE\",circa 1960,\"CA, BC1, Passport; Male, Gender\",(Linked To: ACME (X))\n\
1,Capta List (CAP) - Treasury Department,Individual,\"DOE, John\",,1958 to 1960,\"Passport, X2, TN, 19 Jun 1987\",\n";

    #[test]
    fn small_file() {
        let list = csl::parse(&[Input::new("s.csv", SMALL.as_bytes().to_vec())]).unwrap();
        assert_eq!(list.entities.len(), 1);
        let doe = &list.entities[0];
        assert_eq!(doe.get(Prop::Alias), ["DOE, Jon", "J. DOE"]);
        assert_eq!(doe.get(Prop::BirthDate), ["1960", "1958", "1959"]);
        assert_eq!(doe.get(Prop::PassportNumber), ["BC1", "X2"]);
        assert_eq!(doe.get(Prop::Gender), ["male"]);
        assert_eq!(doe.links[0].target_name.as_deref(), Some("ACME (X)"));
        assert_eq!(doe.sanctions.len(), 2);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Arbitrary bytes are parsed or refused, never a panic.
        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = csl::parse(&[Input::new("fuzz.csv", bytes.clone())]);
            let mut dpl = b"\"Name\"\t\"FR_Citation\"\n".to_vec();
            dpl.extend(bytes);
            let _ = csl::parse(&[Input::new("fuzz.txt", dpl)]);
        }

        /// A real-shaped CSL with bytes overwritten somewhere.
        #[test]
        fn damaged_csl(at in 0usize..SMALL.len(), bytes in proptest::collection::vec(any::<u8>(), 1..8)) {
            let mut damaged = SMALL.as_bytes().to_vec();
            let end = (at + bytes.len()).min(damaged.len());
            damaged.splice(at..end, bytes);
            if let Ok(list) = csl::parse(&[Input::new("fuzz.csv", damaged)]) {
                let ids: HashSet<_> = list.entities.iter().map(|e| &e.id).collect();
                prop_assert_eq!(ids.len(), list.entities.len());
            }
        }
    }
}
