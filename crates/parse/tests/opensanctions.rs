//! The OpenSanctions parser on the real delta stream of 2024-05-30, on full
//! exports built from its lines, and on damaged input.

mod common;

use std::collections::BTreeMap;
use std::io::Write;

use common::{lists_dir, parse_shared};
use interdict_model::{Entity, Prop, Schema, SourceId};
use interdict_parse::{opensanctions, Input, ListKind, ParseError, ParsedList};
use proptest::prelude::*;
use serde_json::Value;

const DELTA: &str = "opensanctions/sanctions_2024-05-30.delta.ftm.json";

fn delta_bytes() -> Vec<u8> {
    std::fs::read(lists_dir().join(DELTA)).expect("the shared delta file is readable")
}

fn delta_lines() -> Vec<String> {
    String::from_utf8(delta_bytes())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn parse_text(name: &str, text: &str) -> Result<ParsedList, ParseError> {
    opensanctions::parse(&[Input::new(name, text.as_bytes().to_vec())])
}

fn other(entity: &Entity, name: &str) -> Vec<String> {
    entity.get(Prop::Other(name.into())).to_vec()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn delta_operations_are_counted_as_in_the_file() {
    // The file's own operations, counted independently of the parser.
    let mut ops: BTreeMap<String, usize> = BTreeMap::new();
    for line in delta_lines() {
        let value: Value = serde_json::from_str(&line).unwrap();
        *ops.entry(value["op"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(
        ops,
        BTreeMap::from([
            ("ADD".into(), 90),
            ("DEL".into(), 571),
            ("MOD".into(), 1039)
        ])
    );

    let list = parse_shared(SourceId::OpenSanctions, &[DELTA]);
    assert_eq!(list.source, SourceId::OpenSanctions);
    assert_eq!(list.kind, ListKind::Delta);
    assert_eq!(list.format, "ftm-delta-jsonl");
    assert_eq!(list.published, None);
    assert_eq!(list.report.records, 1700);
    assert_eq!(list.report.unstructured, 0);
    assert!(list.report.issues.is_empty(), "{:?}", list.report.issues);
    // No id occurs twice in this file, so last-op-wins keeps every line:
    // 90 + 1039 upserts, 571 deletions.
    assert_eq!(list.entities.len(), 1129);
    assert_eq!(list.deletions.len(), 571);

    let mut schemas: BTreeMap<&str, usize> = BTreeMap::new();
    for entity in &list.entities {
        *schemas.entry(entity.schema.as_str()).or_default() += 1;
    }
    assert_eq!(
        schemas,
        BTreeMap::from([
            ("Address", 2),
            ("Company", 1),
            ("LegalEntity", 27),
            ("Organization", 97),
            ("Ownership", 1),
            ("Passport", 1),
            ("Person", 451),
            ("Sanction", 547),
            ("UnknownLink", 2),
        ])
    );
    assert_eq!(
        list.entities.iter().filter(|e| e.schema.is_party()).count(),
        451 + 97 + 27 + 1
    );

    // File order, and ids prefixed with the source.
    assert_eq!(
        list.entities[0].id.as_str(),
        "opensanctions:NK-2T3S8Hu29ktYnKSTgQp2wL"
    );
    assert_eq!(list.entities[0].schema, Schema::Organization);
    assert_eq!(
        list.entities[1128].id.as_str(),
        "opensanctions:ua-nsdc-f107c2e3bddebc94aa771b51aa91139bbcaae0c0"
    );
    assert_eq!(
        list.deletions[0].as_str(),
        "opensanctions:NK-3MDjERC9RyRHv3wEq9xWe4"
    );
    assert_eq!(
        list.deletions[570].as_str(),
        "opensanctions:ua-nazk-company-10411"
    );
    let ids: std::collections::HashSet<_> = list.entities.iter().map(|e| &e.id).collect();
    assert_eq!(ids.len(), 1129);

    // Every metadata field is kept on every upsert; `referents` is an empty
    // list on all but 485 of them.
    for entity in &list.entities {
        for field in interdict_ftm::METADATA_FIELDS {
            if field == "referents" {
                continue;
            }
            assert!(
                !other(entity, field).is_empty(),
                "{} lacks {field}",
                entity.id
            );
        }
    }
    let with_referents = list
        .entities
        .iter()
        .filter(|e| !other(e, "referents").is_empty())
        .count();
    assert_eq!(with_referents, 485);
    let targets = list
        .entities
        .iter()
        .filter(|e| other(e, "target") == ["true"])
        .count();
    assert_eq!(targets, 576);
}

#[test]
fn a_person_keeps_its_properties_and_referents() {
    let list = parse_shared(SourceId::OpenSanctions, &[DELTA]);
    // Line 456 of the file, a MOD: the 454th upsert.
    let person = &list.entities[453];
    assert_eq!(person.id.as_str(), "opensanctions:Q4670365");
    assert_eq!(person.id.native(), "Q4670365");
    assert_eq!(person.schema, Schema::Person);
    assert_eq!(person.get(Prop::BirthDate), ["1959-06-26"]);
    assert_eq!(person.get(Prop::Nationality), ["ly"]);
    assert_eq!(person.get(Prop::BirthCountry), ["ly"]);
    assert_eq!(
        person.get(Prop::Position),
        ["dirigeant de Ansar al Charia Derna"]
    );
    assert_eq!(person.get(Prop::Name).len(), 10);
    assert_eq!(person.get(Prop::Name)[1], "Sufyan bin Qumu");
    assert_eq!(person.get(Prop::Alias).len(), 6);
    assert_eq!(person.get(Prop::WeakAlias).len(), 5);
    assert_eq!(person.get(Prop::FirstName).len(), 8);
    assert_eq!(person.get(Prop::Notes).len(), 6);
    // "Derna\nLibya": whitespace collapsed like every source's values.
    assert_eq!(
        person.get(Prop::BirthPlace),
        [
            "Derna, LIBYA",
            "Darnah, Libya",
            "Derna",
            "Derna Libya",
            "Derna, Libya",
            "Derna,Libya"
        ]
    );
    assert_eq!(person.get(Prop::Topics), ["sanction", "crime.terror"]);
    assert_eq!(other(person, "createdAt"), ["2015-09-03"]);
    assert_eq!(
        other(person, "description"),
        ["Pemimpin Ansar al Charia Derna"]
    );
    assert_eq!(
        other(person, "addressEntity"),
        [
            "NK-3BWc2pWSVNDaukL2A8kFyN",
            "addr-33358f5e842ad8a2fd0b27de71a87369a52b4006",
            "addr-3cf960834d290098945060f02a613eb067ccefae"
        ]
    );

    let referents = other(person, "referents");
    assert_eq!(referents.len(), 22);
    for expected in [
        "ofac-16480",
        "unsc-6908468",
        "gb-hmt-13275",
        "eu-fsf-eu-3093-1",
        "ch-seco-31803",
        "au-dfat-3104-sofiane-ben-goumo",
    ] {
        assert!(referents.iter().any(|r| r == expected), "{expected}");
    }
    assert_eq!(other(person, "datasets").len(), 20);
    assert_eq!(other(person, "caption"), ["Sofiane Ben Goumo"]);
    assert_eq!(other(person, "first_seen"), ["2022-04-27T18:12:14"]);
    assert_eq!(other(person, "last_seen"), ["2024-05-30T06:59:01"]);
    assert_eq!(other(person, "last_change"), ["2024-05-28T15:51:35"]);
    assert_eq!(other(person, "target"), ["true"]);

    // Persons that OpenSanctions matched across OFAC and the UN.
    let both = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .filter(|e| {
            let referents = other(e, "referents");
            referents.iter().any(|r| r.starts_with("ofac-"))
                && referents.iter().any(|r| r.starts_with("unsc-"))
        })
        .count();
    assert_eq!(both, 271);
}

#[test]
fn other_schemata_stay_one_to_one() {
    let list = parse_shared(SourceId::OpenSanctions, &[DELTA]);
    // Line 492: a Sanction of the person above, from Indonesia's list.
    let sanction = &list.entities[486];
    assert_eq!(
        sanction.id.as_str(),
        "opensanctions:id-dttot-00028f471c8ca004a48d18abaa342cc0fc445d5c"
    );
    assert_eq!(sanction.schema, Schema::Other("Sanction".into()));
    assert_eq!(other(sanction, "entity"), ["Q4670365"]);
    assert_eq!(sanction.get(Prop::Program), ["DTTOT"]);
    assert_eq!(sanction.get(Prop::Country), ["id"]);
    assert_eq!(
        other(sanction, "authority"),
        ["The Indonesian Financial Transaction Reports and Analysis Center (PPATK)"]
    );
    assert_eq!(other(sanction, "target"), ["false"]);

    let ownership = list
        .entities
        .iter()
        .find(|e| e.schema.as_str() == "Ownership")
        .unwrap();
    assert_eq!(
        ownership.id.as_str(),
        "opensanctions:ofac-c673cb52404225c398e048935d9524e3e5786737"
    );
    assert_eq!(other(ownership, "owner"), ["NK-kNULoiM7XfTYeWLtTZ4UHg"]);
    assert_eq!(other(ownership, "asset"), ["NK-NSWaHofFyh2DLnmr5aaemb"]);
    assert_eq!(other(ownership, "role"), ["Owned or Controlled By"]);

    let passport = list
        .entities
        .iter()
        .find(|e| e.schema.as_str() == "Passport")
        .unwrap();
    assert_eq!(other(passport, "number"), ["B 4286562"]);
    assert_eq!(other(passport, "holder"), ["NK-Ld5SyGNpr7mmysNh4czCXJ"]);
}

#[test]
fn no_property_value_is_dropped() {
    // Counted from the file: 50,156 property values in the upserts, of which
    // 104 repeat another value of the same property once whitespace is
    // collapsed ("Derna\nLibya" / "Derna Libya"); none is empty.
    let list = parse_shared(SourceId::OpenSanctions, &[DELTA]);
    let kept: usize = list
        .entities
        .iter()
        .flat_map(|e| e.props.iter())
        .filter(|(prop, _)| !interdict_ftm::METADATA_FIELDS.contains(&prop.as_str()))
        .map(|(_, values)| values.len())
        .sum();
    assert_eq!(kept, 50_156 - 104);
}

#[test]
fn last_operation_wins() {
    let lines = delta_lines();
    let entity = |line: usize| -> Value {
        let value: Value = serde_json::from_str(&lines[line - 1]).unwrap();
        value["entity"].clone()
    };
    let op = |op: &str, entity: &Value| serde_json::json!({"op": op, "entity": entity}).to_string();
    let (a, b, c) = (entity(1), entity(456), entity(492));
    let del = |e: &Value| op("DEL", &serde_json::json!({"id": e["id"]}));
    let text = [
        op("ADD", &a),    // 1: replaced by line 4
        op("ADD", &b),    // 2: replaced by line 3
        del(&b),          // 3: b deleted
        op("MOD", &a),    // 4: a upserted here
        del(&c),          // 5: replaced by line 6
        op("MOD", &c),    // 6: c upserted
        String::new(),    // blank lines are skipped
        lines[4].clone(), // 8: the file's DEL of NK-3MDjERC9RyRHv3wEq9xWe4
    ]
    .join("\n");
    let list = parse_text("ops.json", &text).unwrap();
    assert_eq!(list.kind, ListKind::Delta);
    assert_eq!(list.report.records, 7);
    let ids: Vec<&str> = list.entities.iter().map(|e| e.id.native()).collect();
    assert_eq!(
        ids,
        [
            "NK-2T3S8Hu29ktYnKSTgQp2wL",
            "id-dttot-00028f471c8ca004a48d18abaa342cc0fc445d5c"
        ]
    );
    let deleted: Vec<&str> = list.deletions.iter().map(|id| id.native()).collect();
    assert_eq!(deleted, ["Q4670365", "NK-3MDjERC9RyRHv3wEq9xWe4"]);
    assert!(list.report.issues.is_empty());
}

/// The entity objects of the first `n` upserts of the delta file, one a line.
fn full_export(n: usize) -> String {
    delta_lines()
        .iter()
        .filter_map(|line| {
            let value: Value = serde_json::from_str(line).unwrap();
            (value["op"] != "DEL").then(|| value["entity"].to_string())
        })
        .take(n)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_full_export_parses_as_full() {
    let text = full_export(200);
    let list = parse_text("entities.ftm.json", &text).unwrap();
    assert_eq!(list.kind, ListKind::Full);
    assert_eq!(list.format, "ftm-jsonl");
    assert_eq!(list.report.records, 200);
    assert!(list.deletions.is_empty());
    assert!(list.report.issues.is_empty());
    let delta = parse_shared(SourceId::OpenSanctions, &[DELTA]);
    assert_eq!(list.entities, delta.entities[..200]);

    // The same, gzipped, with Windows line ends and a byte-order mark.
    let windows = format!("\u{feff}{}\r\n\r\n", text.replace('\n', "\r\n"));
    let gz = opensanctions::parse(&[Input::new("entities.ftm.json.gz", gzip(windows.as_bytes()))])
        .unwrap();
    assert_eq!(gz.kind, ListKind::Full);
    assert_eq!(gz.entities, list.entities);

    // A full export that lists an id twice: the later record wins, reported.
    let first = text.lines().next().unwrap();
    let twice = format!("{text}\n{first}");
    let list = parse_text("twice.json", &twice).unwrap();
    assert_eq!(list.entities.len(), 200);
    assert_eq!(
        list.entities[199].id.as_str(),
        "opensanctions:NK-2T3S8Hu29ktYnKSTgQp2wL"
    );
    assert_eq!(list.report.issues.len(), 1);
    assert_eq!(list.report.issues[0].location.line, Some(201));
    assert!(
        list.report.issues[0]
            .message
            .contains("already listed at twice.json:1;"),
        "{:?}",
        list.report.issues
    );
}

#[test]
fn parsed_entities_written_back_as_ftm_read_the_same() {
    let delta = parse_shared(SourceId::OpenSanctions, &[DELTA]);
    let text: Vec<String> = delta
        .entities
        .iter()
        .map(|entity| {
            let values = interdict_ftm::to_ftm(entity);
            assert_eq!(values.len(), 1, "FtM entities carry no typed records");
            values[0].to_string()
        })
        .collect();
    let back = parse_text("export.ftm.json", &text.join("\n")).unwrap();
    assert_eq!(back.kind, ListKind::Full);
    assert_eq!(back.entities, delta.entities);
}

#[test]
fn nested_entities_are_kept_as_ids_and_as_entities() {
    // The shape of FtM "nested" exports: a Sanction inside the person's
    // `sanctions`, an Address inside `addressEntity` (twice).
    let address = r#"{"id":"addr-1","schema":"Address","properties":{"full":["Derna"]}}"#;
    let text = [
        format!(
            r#"{{"id":"p1","schema":"Person","properties":{{"name":["A"],"addressEntity":[{address}],"sanctions":[{{"id":"s1","schema":"Sanction","properties":{{"program":["SDGT"]}}}}]}}}}"#
        ),
        format!(r#"{{"id":"p2","schema":"Person","properties":{{"addressEntity":[{address}]}}}}"#),
        r#"{"id":"s1","schema":"Sanction","properties":{"program":["SDGT","IRGC"]}}"#.to_string(),
    ]
    .join("\n");
    let list = parse_text("nested.json", &text).unwrap();
    let ids: Vec<&str> = list.entities.iter().map(|e| e.id.native()).collect();
    // The nested address once, at its first place; the nested sanction is
    // replaced by the later top-level record of the same id.
    assert_eq!(ids, ["p1", "addr-1", "p2", "s1"]);
    assert_eq!(other(&list.entities[0], "addressEntity"), ["addr-1"]);
    assert_eq!(other(&list.entities[0], "sanctions"), ["s1"]);
    assert_eq!(list.entities[3].get(Prop::Program), ["SDGT", "IRGC"]);
    assert_eq!(other(&list.entities[1], "full"), ["Derna"]);
    // One issue per nested value, at its line; no duplicate-id issue for a
    // nested copy.
    let lines: Vec<Option<u64>> = list
        .report
        .issues
        .iter()
        .map(|issue| issue.location.line)
        .collect();
    assert_eq!(lines, [Some(1), Some(1), Some(2)]);
    assert!(list.report.issues[0].message.contains("nested entity"));
}

fn location(err: &ParseError) -> (String, Option<u64>) {
    let location = err.location().expect("located");
    (location.file.clone(), location.line)
}

#[test]
fn a_broken_line_is_refused_with_its_line_number() {
    let mut lines = delta_lines();
    let broken = &lines[999];
    lines[999] = broken[..broken.len() / 2].to_string();
    let err = parse_text("cut.json", &lines.join("\n")).unwrap_err();
    assert!(matches!(err, ParseError::Malformed { .. }), "{err}");
    assert_eq!(location(&err), ("cut.json".into(), Some(1000)));
    assert!(
        err.to_string().starts_with("cut.json:1000: malformed"),
        "{err}"
    );

    let mut lines = delta_lines();
    lines[6] = lines[6].replacen("\"op\":\"MOD\"", "\"op\":\"UPSERT\"", 1);
    let err = parse_text("op.json", &lines.join("\n")).unwrap_err();
    assert_eq!(location(&err), ("op.json".into(), Some(7)));
    assert!(
        err.to_string().contains("unknown operation \"UPSERT\""),
        "{err}"
    );

    let mut lines = delta_lines();
    let mut value: Value = serde_json::from_str(&lines[2]).unwrap();
    value["entity"].as_object_mut().unwrap().remove("schema");
    lines[2] = value.to_string();
    let err = parse_text("schema.json", &lines.join("\n")).unwrap_err();
    assert_eq!(location(&err), ("schema.json".into(), Some(3)));
    assert!(err.to_string().contains("\"schema\""), "{err}");

    let mut lines = delta_lines();
    lines[4] = r#"{"op":"DEL","entity":{}}"#.into();
    let err = parse_text("del.json", &lines.join("\n")).unwrap_err();
    assert_eq!(location(&err), ("del.json".into(), Some(5)));

    let mut lines = delta_lines();
    lines[10] = r#"{"id":"x","schema":"Person"}"#.into();
    let err = parse_text("mixed.json", &lines.join("\n")).unwrap_err();
    assert_eq!(location(&err), ("mixed.json".into(), Some(11)));

    let text = format!("{}\n{}", full_export(3), delta_lines()[0]);
    let err = parse_text("mixed-full.json", &text).unwrap_err();
    assert_eq!(location(&err), ("mixed-full.json".into(), Some(4)));

    let text = format!("{}\n[1, 2]", full_export(3));
    let err = parse_text("array.json", &text).unwrap_err();
    assert_eq!(location(&err), ("array.json".into(), Some(4)));
}

#[test]
fn other_formats_are_refused_as_wrong_format() {
    for path in [
        "un-sc/consolidated_2018-10-29.xml",
        "ofac-sdn/2023-12-28/sdn.csv",
    ] {
        let inputs = interdict_parse::load_inputs(&[lists_dir().join(path)]).unwrap();
        let err = interdict_parse::parse(SourceId::OpenSanctions, &inputs).unwrap_err();
        assert!(
            matches!(
                err,
                ParseError::WrongFormat {
                    list: SourceId::OpenSanctions,
                    ..
                }
            ),
            "{path}: {err}"
        );
        assert!(err.location().unwrap().file.ends_with(path));
        assert_eq!(err.location().unwrap().line, Some(1));
    }
    let err = parse_text("sdn.xml", "\n\n  <?xml version=\"1.0\"?>\n<x/>").unwrap_err();
    assert!(matches!(err, ParseError::WrongFormat { .. }), "{err}");
    assert_eq!(location(&err), ("sdn.xml".into(), Some(3)));
    assert!(err.to_string().contains("<?xml"), "{err}");

    let pretty = "{\n  \"id\": \"x\",\n  \"schema\": \"Person\"\n}\n";
    let err = parse_text("pretty.json", pretty).unwrap_err();
    assert!(matches!(err, ParseError::WrongFormat { .. }), "{err}");

    let err = parse_text("other.json", r#"{"name": "x"}"#).unwrap_err();
    assert!(matches!(err, ParseError::WrongFormat { .. }), "{err}");

    let err = parse_text("empty.json", " \n\n").unwrap_err();
    assert!(matches!(err, ParseError::WrongFormat { .. }), "{err}");
}

#[test]
fn damaged_bytes_are_refused() {
    let gz = gzip(full_export(50).as_bytes());
    let cut = opensanctions::parse(&[Input::new("cut.json.gz", gz[..gz.len() / 2].to_vec())])
        .unwrap_err();
    assert!(matches!(cut, ParseError::Truncated { .. }), "{cut}");
    assert_eq!(location(&cut), ("cut.json.gz".into(), None));

    let mut bytes = full_export(5).into_bytes();
    let third_line = bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(1)
        .unwrap()
        .0;
    bytes[third_line + 20] = 0xff;
    let err = opensanctions::parse(&[Input::new("latin.json", bytes)]).unwrap_err();
    assert!(matches!(err, ParseError::Encoding { .. }), "{err}");
    assert_eq!(location(&err), ("latin.json".into(), Some(3)));

    let full = Input::new("full.json", full_export(2).into_bytes());
    let delta = Input::new("delta.json", delta_lines()[..2].join("\n").into_bytes());
    let err = opensanctions::parse(&[full, delta]).unwrap_err();
    assert!(matches!(err, ParseError::FileSet { .. }), "{err}");
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = opensanctions::parse(&[Input::new("x", bytes)]);
    }

    #[test]
    fn arbitrary_json_lines_never_panic(
        lines in prop::collection::vec(
            prop_oneof![
                Just(r#"{"op":"ADD","entity":{"id":"a","schema":"Person"}}"#.to_string()),
                Just(r#"{"op":"DEL","entity":{"id":"a"}}"#.to_string()),
                Just(r#"{"id":"a","schema":"Person","properties":{"name":["x"]}}"#.to_string()),
                "\\{[ -~]{0,40}",
                "\\{\"(op|id|schema|entity|properties)\":[ -~]{0,30}\\}",
            ],
            0..8,
        )
    ) {
        if let Ok(list) = parse_text("x", &lines.join("\n")) {
            // Ids stay unique whatever the order of operations.
            let ids: std::collections::HashSet<_> = list
                .entities
                .iter()
                .map(|e| &e.id)
                .chain(list.deletions.iter())
                .collect();
            prop_assert_eq!(ids.len(), list.entities.len() + list.deletions.len());
        }
    }
}
