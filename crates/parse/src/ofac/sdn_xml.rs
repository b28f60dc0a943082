//! OFAC's `sdnList` XML (`sdn.xml`, `consolidated.xml`).
//!
//! The XML carries the same records as the legacy CSV set, with some of the
//! remarks already broken out: identity documents and flags in `idList`,
//! aliases with their strength (`category` strong/weak), structured
//! addresses, birth dates and places, nationalities. What is left in
//! `remarks` is read by the same remarks parser as the CSV's.

use chrono::NaiveDate;
use interdict_model::{Entity, Prop, Sanction, Schema, SourceId};

use super::dates::{parse_date, parse_date_statement};
use super::remarks::{apply_fact, apply_remarks, classify_labelled, Fact};
use super::xml::{Node, XmlReader};
use super::{add_primary_name, finish, new_entity, schema_for, Builder};
use crate::{ImportReport, ListKind, Location, ParseError, ParseIssue, ParsedList};

/// Parses the records after the `<sdnList>` root.
pub(super) fn parse(source: SourceId, mut reader: XmlReader<'_>) -> Result<ParsedList, ParseError> {
    let file = reader.file();
    let mut report = ImportReport::default();
    let mut builder = Builder::new();
    let mut published: Option<NaiveDate> = None;
    let mut record_count: Option<(usize, Location)> = None;
    while let Some(node) = reader.next()? {
        let location = Location::line(file, node.line);
        match node.name.as_str() {
            "publshInformation" | "publishInformation" => {
                let date = node.text_of("Publish_Date");
                published = parse_date(date).filter(|d| d.is_full()).and_then(|d| {
                    NaiveDate::from_ymd_opt(
                        d.get_year().into(),
                        d.get_month()?.into(),
                        d.get_day()?.into(),
                    )
                });
                if published.is_none() && !date.is_empty() {
                    report.issues.push(ParseIssue {
                        location: location.clone(),
                        message: format!("unreadable Publish_Date {date:?}"),
                    });
                }
                if let Ok(count) = node.text_of("Record_Count").parse::<usize>() {
                    record_count = Some((count, location));
                }
            }
            "sdnEntry" => {
                report.records += 1;
                let (entity, sanction, location) = entry(source, file, &node, &mut report)?;
                builder.push(entity, sanction, location, &mut report);
            }
            other => report.issues.push(ParseIssue {
                location,
                message: format!("unknown element <{other}> skipped"),
            }),
        }
    }
    if let Some((count, location)) = record_count {
        if count != report.records {
            report.issues.push(ParseIssue {
                location,
                message: format!(
                    "Record_Count says {count}, the file has {} sdnEntry records",
                    report.records
                ),
            });
        }
    }
    Ok(finish(
        source,
        "ofac-sdnlist-xml",
        ListKind::Full,
        published,
        builder,
        report,
    ))
}

/// `lastName, firstName`, as the CSV writes names.
fn full_name(node: &Node) -> String {
    let (last, first) = (node.text_of("lastName"), node.text_of("firstName"));
    match (last.is_empty(), first.is_empty()) {
        (false, false) => format!("{last}, {first}"),
        (false, true) => last.to_string(),
        _ => first.to_string(),
    }
}

fn entry(
    source: SourceId,
    file: &str,
    node: &Node,
    report: &mut ImportReport,
) -> Result<(Entity, Sanction, Location), ParseError> {
    let uid = node.text_of("uid");
    let location = Location::line(file, node.line);
    if uid.is_empty() {
        return Err(ParseError::Malformed {
            location,
            reason: "sdnEntry without uid".into(),
        });
    }
    let location = location.with_record(uid);
    let kind = node.text_of("sdnType");
    let schema = schema_for(kind).unwrap_or_else(|| {
        report.issues.push(ParseIssue {
            location: location.clone(),
            message: format!("unknown sdnType {kind:?}; read as LegalEntity"),
        });
        Schema::LegalEntity
    });
    let (mut entity, mut sanction) = new_entity(source, uid, schema);
    add_primary_name(&mut entity, &full_name(node));
    let mut issues: Vec<String> = Vec::new();
    for child in &node.children {
        match child.name.as_str() {
            "uid" | "lastName" | "firstName" | "sdnType" => {}
            "title" => {
                entity.add(Prop::Position, child.text.trim());
            }
            "remarks" => {
                let outcome = apply_remarks(&mut entity, &mut sanction, &child.text);
                report.unstructured += outcome.unstructured;
                issues.extend(outcome.issues);
            }
            "programList" => {
                for program in child.all("program") {
                    let program = program.text.trim();
                    if !program.is_empty() && !sanction.programs.iter().any(|p| p == program) {
                        sanction.programs.push(program.to_string());
                    }
                }
            }
            "idList" => {
                for id in child.all("id") {
                    add_id(&mut entity, &mut sanction, id, report, &mut issues);
                }
            }
            "akaList" => {
                for aka in child.all("aka") {
                    let prop = if aka.text_of("category").eq_ignore_ascii_case("weak") {
                        Prop::WeakAlias
                    } else if aka.text_of("type").eq_ignore_ascii_case("f.k.a.") {
                        Prop::PreviousName
                    } else {
                        Prop::Alias
                    };
                    entity.add(prop, &full_name(aka));
                }
            }
            "addressList" => {
                for address in child.all("address") {
                    let parts: Vec<&str> = [
                        "address1",
                        "address2",
                        "address3",
                        "city",
                        "stateOrProvince",
                        "postalCode",
                        "country",
                    ]
                    .iter()
                    .map(|name| address.text_of(name))
                    .filter(|part| !part.is_empty())
                    .collect();
                    entity.add(Prop::Address, &parts.join(", "));
                    entity.add(Prop::Country, address.text_of("country"));
                }
            }
            "nationalityList" => {
                for item in child.all("nationality") {
                    entity.add(Prop::Nationality, item.text_of("country"));
                }
            }
            "citizenshipList" => {
                for item in child.all("citizenship") {
                    entity.add(Prop::Citizenship, item.text_of("country"));
                }
            }
            "dateOfBirthList" => {
                for item in child.all("dateOfBirthItem") {
                    let text = item.text_of("dateOfBirth");
                    match parse_date_statement(text) {
                        Some(statement) => {
                            apply_fact(
                                Fact::BirthDate(statement),
                                &mut entity,
                                &mut sanction,
                                &mut issues,
                            );
                        }
                        None => {
                            entity.add(Prop::Notes, &format!("DOB {text}"));
                            report.unstructured += 1;
                        }
                    }
                }
            }
            "placeOfBirthList" => {
                for item in child.all("placeOfBirthItem") {
                    entity.add(Prop::BirthPlace, item.text_of("placeOfBirth"));
                }
            }
            "vesselInfo" => {
                for (name, prop) in [
                    ("callSign", Prop::CallSign),
                    ("vesselType", Prop::Type),
                    ("vesselFlag", Prop::Flag),
                    ("vesselOwner", Prop::OwnerName),
                    ("tonnage", Prop::Tonnage),
                    ("grossRegisteredTonnage", Prop::GrossRegisteredTonnage),
                ] {
                    entity.add(prop, child.text_of(name));
                }
            }
            other => {
                if !child.is_empty() {
                    entity.add(Prop::Notes, &format!("{other}: {}", flatten(child)));
                    report.unstructured += 1;
                }
            }
        }
    }
    for message in issues {
        report.issues.push(ParseIssue {
            location: location.clone(),
            message,
        });
    }
    Ok((entity, sanction, location))
}

/// `<id>`: a document, or a flag or property OFAC files among documents.
fn add_id(
    entity: &mut Entity,
    sanction: &mut Sanction,
    id: &Node,
    report: &mut ImportReport,
    issues: &mut Vec<String>,
) {
    let (kind, number) = (id.text_of("idType"), id.text_of("idNumber"));
    let country = id.text_of("idCountry");
    let mut fact = classify_labelled(kind, number, true);
    match &mut fact {
        Fact::Identifier(identifier, _) => {
            if identifier.country.is_none() && !country.is_empty() {
                identifier.country = Some(country.to_string());
            }
            for (name, slot) in [
                ("issueDate", &mut identifier.issued),
                ("expirationDate", &mut identifier.expires),
            ] {
                let text = id.text_of(name);
                if text.is_empty() {
                    continue;
                }
                match parse_date(text) {
                    Some(date) => *slot = Some(date),
                    None => {
                        let note = format!("{name} {text}");
                        identifier.note = Some(match identifier.note.take() {
                            Some(old) => format!("{old}; {note}"),
                            None => note,
                        });
                    }
                }
            }
        }
        Fact::Note(text) if !country.is_empty() => text.push_str(&format!(" ({country})")),
        _ => {}
    }
    if !apply_fact(fact, entity, sanction, issues) {
        report.unstructured += 1;
    }
}

/// An unknown element's content as one line of text.
fn flatten(node: &Node) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !node.text.trim().is_empty() {
        parts.push(node.text.trim().to_string());
    }
    for child in &node.children {
        if !child.is_empty() {
            parts.push(format!("{}: {}", child.name, flatten(child)));
        }
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Input;

    #[test]
    fn reads_an_entry() {
        let xml = r#"<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="http://tempuri.org/sdnList.xsd">
  <publshInformation><Publish_Date>04/06/2018</Publish_Date><Record_Count>1</Record_Count></publshInformation>
  <sdnEntry>
    <uid>4632</uid><lastName>BANK</lastName><sdnType>Entity</sdnType>
    <programList><program>IRAN</program></programList>
    <idList><id><uid>1</uid><idType>Registration ID</idType><idNumber>86936</idNumber><idCountry>Iran</idCountry><issueDate>10 Jul 1991</issueDate></id>
    <id><uid>2</uid><idType>Additional Sanctions Information -</idType><idNumber>Subject to Secondary Sanctions</idNumber></id></idList>
    <akaList><aka><uid>3</uid><type>a.k.a.</type><category>weak</category><lastName>BMJII</lastName></aka></akaList>
    <addressList><address><uid>4</uid><city>Tehran</city><country>Iran</country></address></addressList>
  </sdnEntry>
</sdnList>"#;
        let parsed =
            super::super::parse_cons(&[Input::new("c.xml", xml.as_bytes().to_vec())]).unwrap();
        assert_eq!(parsed.published, NaiveDate::from_ymd_opt(2018, 4, 6));
        let entity = &parsed.entities[0];
        assert_eq!(entity.schema, Schema::LegalEntity);
        assert_eq!(entity.get(Prop::WeakAlias), ["BMJII"]);
        assert_eq!(entity.get(Prop::Address), ["Tehran, Iran"]);
        assert_eq!(entity.identifiers[0].country.as_deref(), Some("Iran"));
        assert_eq!(
            entity.identifiers[0].issued.unwrap().to_string(),
            "1991-07-10"
        );
        assert_eq!(
            entity.sanctions[0].flags,
            ["Subject to Secondary Sanctions"]
        );
        assert!(
            parsed.report.issues.is_empty(),
            "{:?}",
            parsed.report.issues
        );
    }
}
