//! OFAC's "Enhanced XML" (`SDN_ENHANCED.XML`, `CONS_ENHANCED.XML`), the format
//! of the Sanctions List Service since 2024.
//!
//! The Enhanced XML structures what the legacy formats kept in remarks: every
//! birth date, registration number or flag is a typed `feature` or
//! `identityDocument`, names come with their parts and scripts, relationships
//! name the related entity's id, and each entity states the lists, programs,
//! sanction types and legal authorities it is listed under. Feature types use
//! the same labels as the legacy remarks, so one table reads both.

use chrono::NaiveDate;
use interdict_model::{Entity, EntityId, IdKind, Link, Prop, Relation, Sanction, Schema, SourceId};

use super::dates::parse_date_statement;
use super::remarks::{apply_fact, apply_remarks, classify_labelled, Fact};
use super::xml::{Node, XmlReader};
use super::{add_primary_name, finish, new_entity, schema_for, Builder};
use crate::{ImportReport, ListKind, Location, ParseError, ParseIssue, ParsedList};

/// The list filter of an SDN publication.
const SDN_LIST: &str = "SDN List";

/// Parses the content after the `<sanctionsData>` root.
pub(super) fn parse(source: SourceId, reader: XmlReader<'_>) -> Result<ParsedList, ParseError> {
    let mut reader = reader.with_containers(&["entities"]);
    let file = reader.file();
    let mut report = ImportReport::default();
    let mut builder = Builder::new();
    let mut published: Option<NaiveDate> = None;
    while let Some(node) = reader.next()? {
        let location = Location::line(file, node.line);
        match node.name.as_str() {
            "publicationInfo" => {
                let as_of = node.text_of("dataAsOf");
                published = as_of
                    .get(..10)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                if published.is_none() {
                    report.issues.push(ParseIssue {
                        location: location.clone(),
                        message: format!("unreadable dataAsOf {as_of:?}"),
                    });
                }
                check_filter(source, &node, location)?;
            }
            "referenceValues" | "featureTypes" => {}
            "entity" => {
                report.records += 1;
                let (entity, sanction, location) = entity(source, file, &node, &mut report)?;
                builder.push(entity, sanction, location, &mut report);
            }
            other => report.issues.push(ParseIssue {
                location,
                message: format!("unknown element <{other}> skipped"),
            }),
        }
    }
    Ok(finish(
        source,
        "ofac-enhanced-xml",
        ListKind::Full,
        published,
        builder,
        report,
    ))
}

/// Refuses an SDN-only file given as `ofac-cons`, and a file of other lists
/// given as `ofac-sdn`.
fn check_filter(source: SourceId, info: &Node, location: Location) -> Result<(), ParseError> {
    let lists: Vec<&str> = info
        .child("filters")
        .and_then(|f| f.child("sanctionsLists"))
        .map(|l| l.all("sanctionsList").map(|n| n.text.trim()).collect())
        .unwrap_or_default();
    if lists.is_empty() {
        return Ok(());
    }
    let has_sdn = lists.contains(&SDN_LIST);
    let only_sdn = lists.iter().all(|l| *l == SDN_LIST);
    let wrong = match source {
        SourceId::OfacSdn => !has_sdn,
        _ => only_sdn,
    };
    if wrong {
        return Err(ParseError::WrongFormat {
            list: source,
            location,
            reason: format!("the file is filtered to {}", lists.join(", ")),
        });
    }
    Ok(())
}

fn entity(
    source: SourceId,
    file: &str,
    node: &Node,
    report: &mut ImportReport,
) -> Result<(Entity, Sanction, Location), ParseError> {
    let location = Location::line(file, node.line);
    let Some(id) = node.attr("id").map(str::trim).filter(|id| !id.is_empty()) else {
        return Err(ParseError::Malformed {
            location,
            reason: "entity without id".into(),
        });
    };
    let location = location.with_record(id);
    let general = node.child("generalInfo");
    let kind = general.map_or("", |g| g.text_of("entityType"));
    let schema = schema_for(kind).unwrap_or_else(|| {
        report.issues.push(ParseIssue {
            location: location.clone(),
            message: format!("unknown entityType {kind:?}; read as LegalEntity"),
        });
        Schema::LegalEntity
    });
    let (mut entity, mut sanction) = new_entity(source, id, schema);
    let mut issues: Vec<String> = Vec::new();
    for child in &node.children {
        match child.name.as_str() {
            "generalInfo" => {
                let remarks = child.text_of("remarks");
                if !remarks.is_empty() {
                    let outcome = apply_remarks(&mut entity, &mut sanction, remarks);
                    report.unstructured += outcome.unstructured;
                    issues.extend(outcome.issues);
                }
            }
            "sanctionsLists" => lists(&mut sanction, child),
            "sanctionsPrograms" => {
                for program in child.all("sanctionsProgram") {
                    push_unique(&mut sanction.programs, program.text.trim());
                }
            }
            "sanctionsTypes" => {
                for kind in child.all("sanctionsType") {
                    push_unique(&mut sanction.provisions, kind.text.trim());
                }
            }
            "legalAuthorities" => {
                for authority in child.all("legalAuthority") {
                    let text = format!("Legal authority: {}", authority.text.trim());
                    push_unique(&mut sanction.summary, &text);
                }
            }
            "names" => {
                for name in child.all("name") {
                    add_name(&mut entity, name);
                }
            }
            "addresses" => {
                for address in child.all("address") {
                    add_address(&mut entity, address);
                }
            }
            "features" => {
                for feature in child.all("feature") {
                    add_feature(&mut entity, &mut sanction, feature, report, &mut issues);
                }
            }
            "identityDocuments" => {
                for document in child.all("identityDocument") {
                    add_document(&mut entity, &mut sanction, document, report, &mut issues);
                }
            }
            "relationships" => {
                for relationship in child.all("relationship") {
                    add_relationship(source, &mut entity, relationship);
                }
            }
            other => {
                if !child.is_empty() {
                    issues.push(format!("unknown element <{other}> skipped"));
                }
            }
        }
    }
    if entity.first(Prop::Name).is_none() {
        issues.push("entity without a primary name".into());
    }
    for message in issues {
        report.issues.push(ParseIssue {
            location: location.clone(),
            message,
        });
    }
    Ok((entity, sanction, location))
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !value.is_empty() && !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

/// The lists an entity is on: the specific ones name the listing, and the
/// earliest publication date on them is taken as the listing date.
fn lists(sanction: &mut Sanction, node: &Node) {
    let mut names: Vec<&str> = Vec::new();
    for list in node.all("sanctionsList") {
        let name = list.text.trim();
        if name != "Consolidated List" && !name.is_empty() {
            names.push(name);
        }
        let date = list
            .attr("datePublished")
            .and_then(|d| d.get(..10))
            .and_then(|d| d.parse::<interdict_model::PartialDate>().ok());
        if let Some(date) = date {
            if sanction.listing_date.is_none_or(|old| date < old) {
                sanction.listing_date = Some(date);
            }
        }
    }
    if !names.is_empty() {
        sanction.list_name = Some(names.join("; "));
    }
}

fn is_true(node: &Node, name: &str) -> bool {
    node.text_of(name).eq_ignore_ascii_case("true")
}

fn add_name(entity: &mut Entity, name: &Node) {
    let primary = is_true(name, "isPrimary");
    let prop = if is_true(name, "isLowQuality") {
        Prop::WeakAlias
    } else {
        match name.text_of("aliasType").to_ascii_uppercase().as_str() {
            "F.K.A." => Prop::PreviousName,
            _ => Prop::Alias,
        }
    };
    let Some(translations) = name.child("translations") else {
        return;
    };
    for translation in translations.all("translation") {
        let full = translation.text_of("formattedFullName");
        let latin_primary = is_true(translation, "isPrimary");
        if primary && latin_primary {
            add_primary_name(entity, full);
            if entity.schema == Schema::Person {
                add_name_parts(entity, translation);
            }
        } else if primary {
            entity.add(Prop::OriginalName, full);
        } else {
            entity.add(prop.clone(), full);
        }
    }
}

fn add_name_parts(entity: &mut Entity, translation: &Node) {
    let Some(parts) = translation.child("nameParts") else {
        return;
    };
    for part in parts.all("namePart") {
        let prop = match part.text_of("type") {
            "Last Name" => Prop::LastName,
            "First Name" => Prop::FirstName,
            "Middle Name" => Prop::MiddleName,
            "Patronymic" => Prop::FatherName,
            "Matronymic" => Prop::MotherName,
            "Nickname" => Prop::WeakAlias,
            _ => continue,
        };
        entity.add(prop, part.text_of("value"));
    }
}

fn add_address(entity: &mut Entity, address: &Node) {
    let country = address.text_of("country");
    let mut any = false;
    for translation in address
        .child("translations")
        .iter()
        .flat_map(|t| t.all("translation"))
    {
        let mut parts: Vec<&str> = translation
            .child("addressParts")
            .iter()
            .flat_map(|p| p.all("addressPart"))
            .map(|p| p.text_of("value"))
            .filter(|v| !v.is_empty())
            .collect();
        if parts.is_empty() {
            continue;
        }
        if !country.is_empty() {
            parts.push(country);
        }
        entity.add(Prop::Address, &parts.join(", "));
        any = true;
    }
    if !any && !country.is_empty() {
        entity.add(Prop::Address, country);
    }
    entity.add(Prop::Country, country);
}

/// A typed feature: birth date, place, nationality, website, flag, ...
fn add_feature(
    entity: &mut Entity,
    sanction: &mut Sanction,
    feature: &Node,
    report: &mut ImportReport,
    issues: &mut Vec<String>,
) {
    let kind = feature.text_of("type");
    let value = feature.text_of("value");
    let mut fact = match kind {
        "Birthdate" => parse_date_statement(value)
            .map_or_else(|| Fact::Note(format!("DOB {value}")), Fact::BirthDate),
        _ => classify_labelled(kind, value, false),
    };
    let mut extra: Vec<String> = Vec::new();
    let reliability = feature.text_of("reliability");
    if !reliability.is_empty() && reliability != "Confirmed" {
        extra.push(format!("reliability: {reliability}"));
    }
    let comments = feature.text_of("comments");
    if !comments.is_empty() {
        extra.push(comments.to_string());
    }
    if !extra.is_empty() {
        match &mut fact {
            Fact::Identifier(id, _) => id.note = Some(extra.join("; ")),
            Fact::Note(text) => text.push_str(&format!(" ({})", extra.join("; "))),
            _ => {
                entity.add(
                    Prop::Notes,
                    &format!("{kind} {value}: {}", extra.join("; ")),
                );
                report.unstructured += 1;
            }
        }
    }
    if !apply_fact(fact, entity, sanction, issues) {
        report.unstructured += 1;
    }
}

/// An identity document.
fn add_document(
    entity: &mut Entity,
    sanction: &mut Sanction,
    document: &Node,
    report: &mut ImportReport,
    issues: &mut Vec<String>,
) {
    let kind = document.text_of("type");
    let number = document.text_of("documentNumber");
    let mut fact = classify_labelled(kind, number, true);
    let Fact::Identifier(id, extra) = &mut fact else {
        if !apply_fact(fact, entity, sanction, issues) {
            report.unstructured += 1;
        }
        return;
    };
    // The document number is given on its own: do not read a parenthetical
    // in it as a country.
    id.number = number.to_string();
    if id.kind == IdKind::Imo {
        id.number = number.trim_start_matches("IMO").trim().to_string();
    }
    id.country = Some(document.text_of("issuingCountry"))
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    let mut notes: Vec<String> = Vec::new();
    match document.text_of("issuingAuthority") {
        "" => {}
        "INN" => *extra = Some(Prop::InnCode),
        "OGRN" => *extra = Some(Prop::OgrnCode),
        authority => notes.push(format!("issued by {authority}")),
    }
    let place = document.text_of("issuingLocation");
    if !place.is_empty() {
        notes.push(format!("issued in {place}"));
    }
    if document.text_of("isValid").eq_ignore_ascii_case("false") {
        notes.push("not valid".into());
    }
    for child in &document.children {
        let name = child.name.as_str();
        let slot = if name.contains("ssue") && name.contains("ate") {
            &mut id.issued
        } else if name.contains("xpir") {
            &mut id.expires
        } else {
            continue;
        };
        match super::dates::parse_date(child.text.trim().get(..10).unwrap_or(child.text.trim())) {
            Some(date) => *slot = Some(date),
            None => notes.push(format!("{name} {}", child.text.trim())),
        }
    }
    if !notes.is_empty() {
        id.note = Some(notes.join("; "));
    }
    apply_fact(fact, entity, sanction, issues);
}

fn add_relationship(source: SourceId, entity: &mut Entity, relationship: &Node) {
    let kind = relationship.text_of("type");
    let relation = match kind {
        "Owned or Controlled By" | "Owns, controls, or operates" => Relation::Ownership,
        "Acting for or on behalf of" => Relation::Associate,
        "Linked To" | "Linked To:" => Relation::LinkedTo,
        "Leader or official of" | "Principal Executive Officer" => Relation::Directorship,
        "Family member of" => Relation::Family,
        _ => Relation::UnknownLink,
    };
    let related = relationship.child("relatedEntity");
    let target_id = related
        .and_then(|r| r.attr("entityId"))
        .filter(|id| !id.trim().is_empty())
        .map(|id| EntityId::new(source, id));
    let target_name = related
        .map(|r| r.text.trim())
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let mut note = vec![kind.to_string()];
    let quality = relationship.text_of("quality");
    if !quality.is_empty() && quality != "High" {
        note.push(format!("quality: {quality}"));
    }
    let link = Link {
        relation,
        target_id,
        target_name,
        note: Some(note.join("; ")),
    };
    if !entity.links.contains(&link) {
        entity.links.push(link);
    }
}
