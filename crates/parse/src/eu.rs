//! The EU Financial Sanctions Files (FSF), XML format 1.1.
//!
//! The EU consolidated list is published by the Commission as one XML file
//! (`export` root, one `sanctionEntity` per listed party). This module reads it
//! into one entity per `sanctionEntity`, keyed by its `logicalId`
//! (`eu-fsf:13`), and keeps what the record says:
//!
//! - `nameAlias` elements: the first strong one is `name`, other strong ones
//!   `alias`, `strong="false"` ones `weakAlias`; their name parts, function
//!   (position), title and gender;
//! - citizenship, birth dates (full, partial, or every year of a range) and
//!   places, addresses (with contact information), identification documents as
//!   [`Identifier`]s with their flags (diplomatic, known false, ...);
//! - the listing: EU reference number, the UN reference it implements
//!   (`unitedNationId` → [`Sanction::unsc_id`], the cross-reference to the UN
//!   record), designation details (reason) and date, and every regulation
//!   (programme, number and title, dates, URL).
//!
//! Remarks and elements or attributes the format description does not list go
//! to `notes` and are counted. A `logicalId` that appears twice is one record
//! published twice: the second occurrence is merged into the first and reported,
//! so ids stay unique. XML handling and the refusal of damaged files are shared
//! with the UN parser (`un::xml`).

use std::collections::HashMap;

use interdict_model::{
    Entity, EntityId, IdKind, Identifier, PartialDate, Prop, Sanction, Schema, SourceId,
};

use crate::common;
use crate::un::xml::{self, Item, Node, XmlRecords};
use crate::un::{clean, dates, known_root, RecordContext, UnknownElements};
use crate::{ImportReport, Input, ListKind, Location, ParseError, ParseIssue, ParsedList};

/// Root element of an FSF file.
const ROOT: &str = "export";
/// The FSF XML namespace.
const NAMESPACE: &str = "http://eu.europa.ec/fpi/fsd/export";

/// Parses one EU Financial Sanctions File (XML 1.1).
///
/// Refuses, with a located [`ParseError`], a file that is not this format
/// (`WrongFormat`, also for another namespace), not in its declared encoding
/// (`Encoding`), not well-formed (`Malformed`, with the line) or cut short
/// (`Truncated`); and more than one file (`FileSet`).
pub fn parse(inputs: &[Input]) -> Result<ParsedList, ParseError> {
    let input = common::single_input(SourceId::EuFsf, inputs, "an eu-fsf publication")?;
    let text = xml::open(SourceId::EuFsf, input, ROOT, known_root)?;
    let mut reader = XmlRecords::new(&input.name, &text, 1);
    let mut parser = EuParser::new(&input.name);
    while let Some(item) = reader.next_item()? {
        parser.item(item)?;
    }
    Ok(parser.finish())
}

/// One `regulation` element.
#[derive(Default)]
struct Regulation {
    kind: Option<String>,
    organisation: Option<String>,
    published: Option<String>,
    in_force: Option<PartialDate>,
    number_title: Option<String>,
    programme: Option<String>,
    url: Option<String>,
}

impl Regulation {
    fn describe(&self) -> String {
        let mut text = format!(
            "Regulation {}",
            self.number_title.as_deref().unwrap_or("(no number)")
        );
        let mut details = Vec::new();
        details.extend(self.kind.as_deref().map(str::to_string));
        details.extend(self.organisation.as_deref().map(str::to_string));
        details.extend(self.programme.as_deref().map(|p| format!("programme {p}")));
        details.extend(self.published.as_deref().map(|d| format!("published {d}")));
        details.extend(self.in_force.map(|d| format!("in force {d}")));
        if !details.is_empty() {
            text.push_str(&format!(" ({})", details.join(", ")));
        }
        if let Some(url) = &self.url {
            text.push_str(&format!(": {url}"));
        }
        text
    }
}

/// What a record says about its listing, assembled at its end.
#[derive(Default)]
struct Listing {
    regulations: Vec<Regulation>,
    /// `regulationSummary` citations on the record's details, described.
    cited: Vec<String>,
    designated: Option<PartialDate>,
    summary: Vec<String>,
    has_strong_name: bool,
    has_subject_type: bool,
}

struct EuParser<'f> {
    file: &'f str,
    published: Option<chrono::NaiveDate>,
    entities: Vec<Entity>,
    index: HashMap<EntityId, usize>,
    report: ImportReport,
    unknown: UnknownElements,
}

impl<'f> EuParser<'f> {
    fn new(file: &'f str) -> Self {
        EuParser {
            file,
            published: None,
            entities: Vec::new(),
            index: HashMap::new(),
            report: ImportReport::default(),
            unknown: UnknownElements::default(),
        }
    }

    fn issue(&mut self, line: u64, record: Option<&str>, message: String) {
        let mut location = Location::line(self.file, line);
        if let Some(record) = record {
            location = location.with_record(record);
        }
        self.report.issues.push(ParseIssue { location, message });
    }

    fn item(&mut self, item: Item) -> Result<(), ParseError> {
        match item {
            Item::Root(root) => {
                if let Some(namespace) = root.attr("xmlns") {
                    if namespace != NAMESPACE {
                        return Err(ParseError::WrongFormat {
                            list: SourceId::EuFsf,
                            location: Location::line(self.file, root.line),
                            reason: format!(
                                "the root <export> is in namespace {namespace:?}, not the FSF namespace {NAMESPACE:?}"
                            ),
                        });
                    }
                }
                match root.attr("generationDate") {
                    Some(generated) => {
                        self.published = dates::date_of_datetime(generated);
                        if self.published.is_none() {
                            self.issue(
                                root.line,
                                None,
                                format!("unreadable generationDate {generated:?}"),
                            );
                        }
                    }
                    None => self.issue(root.line, None, "no generationDate on the root".into()),
                }
            }
            Item::Frame(frame) => {
                self.issue(
                    frame.line,
                    None,
                    format!("unknown element <{}> in the file", frame.name),
                );
            }
            Item::StrayText { text, line } => {
                self.issue(line, None, format!("text outside any record: {text:?}"));
            }
            Item::Record { node, .. } => {
                if node.name == "sanctionEntity" {
                    self.record(&node);
                } else {
                    let content = node.describe();
                    self.issue(
                        node.line,
                        None,
                        format!(
                            "unknown element export/{} (not read as a listed party): {content}",
                            node.name
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    fn record(&mut self, node: &Node) {
        self.report.records += 1;
        let position = self.report.records;
        let logical_id = node.attr("logicalId").map(str::to_string);
        let reference = node.attr("euReferenceNumber").map(str::to_string);
        let mut id_issue = None;
        let native = match (&logical_id, &reference) {
            (Some(id), _) => id.clone(),
            (None, Some(reference)) => {
                id_issue = Some(format!(
                    "no logicalId; id falls back to euReferenceNumber {reference}"
                ));
                reference.clone()
            }
            (None, None) => {
                let native = format!("record-{position}");
                id_issue = Some(format!(
                    "no logicalId nor euReferenceNumber; named {native} by position"
                ));
                native
            }
        };
        let id = EntityId::new(SourceId::EuFsf, &native);
        let mut entity = Entity::new(id.clone(), Schema::LegalEntity);
        let mut listing = Listing::default();
        let mut cx = RecordContext {
            file: self.file,
            report: &mut self.report,
            unknown: &mut self.unknown,
            native: native.clone(),
            issues: Vec::new(),
        };
        read_entity(node, &mut entity, &mut listing, &mut cx);
        let mut issues = std::mem::take(&mut cx.issues);
        if !listing.has_subject_type {
            issues.push("no subjectType; schema LegalEntity".into());
        }
        if !listing.has_strong_name {
            issues.push("no strong nameAlias, so no primary name".into());
        }
        issues.splice(0..0, id_issue);
        let sanction = make_sanction(node, &mut entity, listing, &native, &mut issues);
        entity.sanctions.push(sanction);
        match self.index.get(&id) {
            Some(&earlier) => {
                issues.push(format!(
                    "logicalId {native} appears again (first at record {}); merged into it",
                    earlier + 1
                ));
                merge(&mut self.entities[earlier], entity);
            }
            None => {
                self.index.insert(id, self.entities.len());
                self.entities.push(entity);
            }
        }
        for message in issues {
            self.issue(node.line, Some(&native), message);
        }
    }

    fn finish(mut self) -> ParsedList {
        if self.entities.is_empty() {
            self.issue(1, None, "the file holds no sanctionEntity".into());
        }
        self.unknown.report(&mut self.report);
        ParsedList {
            source: SourceId::EuFsf,
            format: "eu-fsf-xml",
            kind: ListKind::Full,
            published: self.published,
            entities: self.entities,
            deletions: Vec::new(),
            report: self.report,
        }
    }
}

/// Attributes read or deliberately ignored, per element (`regulationLanguage`
/// and the detail `logicalId`s are internal bookkeeping of the Commission).
const ENTITY_ATTRS: &[&str] = &[
    "logicalId",
    "euReferenceNumber",
    "unitedNationId",
    "designationDetails",
    "designationDate",
    "delistingDate",
];
const REGULATION_ATTRS: &[&str] = &[
    "regulationType",
    "organisationType",
    "publicationDate",
    "entryIntoForceDate",
    "numberTitle",
    "programme",
    "logicalId",
];
const NAME_ATTRS: &[&str] = &[
    "firstName",
    "middleName",
    "lastName",
    "wholeName",
    "function",
    "gender",
    "title",
    "nameLanguage",
    "strong",
    "regulationLanguage",
    "logicalId",
];
const CITIZENSHIP_ATTRS: &[&str] = &[
    "region",
    "countryIso2Code",
    "countryDescription",
    "regulationLanguage",
    "logicalId",
];
const BIRTH_ATTRS: &[&str] = &[
    "circa",
    "calendarType",
    "city",
    "zipCode",
    "birthdate",
    "dayOfMonth",
    "monthOfYear",
    "year",
    "yearRangeFrom",
    "yearRangeTo",
    "region",
    "place",
    "countryIso2Code",
    "countryDescription",
    "regulationLanguage",
    "logicalId",
];
const ADDRESS_ATTRS: &[&str] = &[
    "city",
    "street",
    "poBox",
    "zipCode",
    "region",
    "place",
    "asAtListingTime",
    "countryIso2Code",
    "countryDescription",
    "regulationLanguage",
    "logicalId",
];
const IDENTIFICATION_ATTRS: &[&str] = &[
    "diplomatic",
    "knownExpired",
    "knownFalse",
    "reportedLost",
    "revokedByIssuer",
    "issueDate",
    "issuedBy",
    "latinNumber",
    "nameOnDocument",
    "number",
    "validFrom",
    "validTo",
    "identificationTypeCode",
    "identificationTypeDescription",
    "region",
    "countryIso2Code",
    "countryDescription",
    "regulationLanguage",
    "logicalId",
];

/// Keeps attributes not in `known` in notes, as unknown `element@attribute`.
fn other_attrs(node: &Node, known: &[&str], entity: &mut Entity, cx: &mut RecordContext<'_>) {
    for (key, value) in &node.attrs {
        if known.contains(&key.as_str()) || key.starts_with("xmlns") || key.starts_with("xsi:") {
            continue;
        }
        let attr = Node {
            name: key.clone(),
            text: value.clone(),
            line: node.line,
            ..Node::default()
        };
        cx.unknown(entity, &format!("{}@{key}", node.name), &attr);
    }
}

/// Reads the content common to all detail elements: `remark`s (to notes,
/// prefixed with `context`), `regulationSummary` citations, and anything else
/// as unknown. `handled` names children the caller reads itself.
fn detail_children(
    node: &Node,
    handled: &[&str],
    context: &str,
    entity: &mut Entity,
    listing: &mut Listing,
    cx: &mut RecordContext<'_>,
) {
    for child in &node.children {
        match child.name.as_str() {
            name if handled.contains(&name) => {}
            "remark" => {
                if let Some(text) = child.value() {
                    let note = if context.is_empty() {
                        text.to_string()
                    } else {
                        format!("{context}: {text}")
                    };
                    cx.note(entity, &note);
                }
            }
            "regulationSummary" => cite(child, listing),
            "additionalInformation" => additional(child, entity, cx),
            name => cx.unknown(entity, &format!("{}/{name}", node.name), child),
        }
    }
}

fn cite(node: &Node, listing: &mut Listing) {
    let mut text = format!(
        "Cited: {} {}",
        node.attr("regulationType").unwrap_or("regulation"),
        node.attr("numberTitle").unwrap_or("(no number)")
    );
    if let Some(date) = node.attr("publicationDate") {
        text.push_str(&format!(", published {date}"));
    }
    if let Some(url) = node.attr("publicationUrl") {
        text.push_str(&format!(": {url}"));
    }
    if !listing.cited.contains(&text) {
        listing.cited.push(text);
    }
}

fn additional(node: &Node, entity: &mut Entity, cx: &mut RecordContext<'_>) {
    let content = node.describe();
    if !content.is_empty() {
        match (node.attr("key"), node.attr("value")) {
            (Some(key), Some(value)) => cx.note(entity, &format!("{key}: {value}")),
            _ => cx.note(entity, &content),
        }
    }
}

fn read_entity(
    node: &Node,
    entity: &mut Entity,
    listing: &mut Listing,
    cx: &mut RecordContext<'_>,
) {
    other_attrs(node, ENTITY_ATTRS, entity, cx);
    if let Some(date) = node.attr("designationDate") {
        match dates::iso_date(date) {
            Some(date) => listing.designated = Some(date),
            None => cx.bad_date(entity, "designationDate", date),
        }
    }
    if let Some(date) = node.attr("delistingDate") {
        listing.summary.push(format!("Delisted on {date}"));
        cx.issues
            .push(format!("record carries delistingDate {date}"));
    }
    for child in &node.children {
        match child.name.as_str() {
            "remark" => {
                if let Some(text) = child.value() {
                    cx.note(entity, text);
                }
            }
            "additionalInformation" => additional(child, entity, cx),
            "regulation" => regulation(child, entity, listing, cx),
            "subjectType" => subject_type(child, entity, listing, cx),
            "nameAlias" => name_alias(child, entity, listing, cx),
            "citizenship" => citizenship(child, entity, listing, cx),
            "birthdate" => birth(child, entity, listing, cx),
            "address" => address(child, entity, listing, cx),
            "identification" => identification(child, entity, listing, cx),
            name => cx.unknown(entity, &format!("sanctionEntity/{name}"), child),
        }
    }
    if let Some(text) = node.value() {
        cx.note(entity, text);
    }
}

fn regulation(node: &Node, entity: &mut Entity, listing: &mut Listing, cx: &mut RecordContext<'_>) {
    other_attrs(node, REGULATION_ATTRS, entity, cx);
    let mut regulation = Regulation {
        kind: node.attr("regulationType").map(str::to_string),
        organisation: node.attr("organisationType").map(str::to_string),
        published: node.attr("publicationDate").map(str::to_string),
        in_force: None,
        number_title: node.attr("numberTitle").map(clean),
        programme: node.attr("programme").map(str::to_string),
        url: None,
    };
    if let Some(date) = node.attr("entryIntoForceDate") {
        match dates::iso_date(date) {
            Some(date) => regulation.in_force = Some(date),
            None => cx.bad_date(entity, "entryIntoForceDate", date),
        }
    }
    for child in node.children_named("publicationUrl") {
        if let Some(url) = child.value() {
            entity.add(Prop::SourceUrl, url);
            regulation.url = Some(url.to_string());
        }
    }
    for child in node.children_named("corrigendum") {
        cite(child, listing);
    }
    detail_children(
        node,
        &["publicationUrl", "corrigendum"],
        "regulation",
        entity,
        listing,
        cx,
    );
    listing.regulations.push(regulation);
}

fn subject_type(
    node: &Node,
    entity: &mut Entity,
    listing: &mut Listing,
    cx: &mut RecordContext<'_>,
) {
    other_attrs(node, &["code", "classificationCode"], entity, cx);
    let code = node.attr("code").unwrap_or_default();
    let class = node.attr("classificationCode").unwrap_or_default();
    entity.schema = match (code, class) {
        ("person", _) | ("", "P") => Schema::Person,
        ("enterprise", _) | ("", "E") => Schema::Organization,
        _ => {
            cx.issues.push(format!(
                "unknown subjectType code {code:?} classificationCode {class:?}; schema LegalEntity"
            ));
            Schema::LegalEntity
        }
    };
    listing.has_subject_type = true;
    detail_children(node, &[], "subject type", entity, listing, cx);
}

fn name_alias(node: &Node, entity: &mut Entity, listing: &mut Listing, cx: &mut RecordContext<'_>) {
    other_attrs(node, NAME_ATTRS, entity, cx);
    let parts: Vec<&str> = ["firstName", "middleName", "lastName"]
        .iter()
        .filter_map(|key| node.attr(key))
        .collect();
    let whole = node
        .attr("wholeName")
        .map(str::to_string)
        .unwrap_or_else(|| parts.join(" "));
    let strong = match node.attr("strong") {
        None | Some("true") | Some("1") => true,
        Some("false") | Some("0") => false,
        Some(other) => {
            cx.issues.push(format!(
                "nameAlias strong={other:?} is not a boolean; taken as strong"
            ));
            true
        }
    };
    if whole.trim().is_empty() {
        cx.issues.push("nameAlias without a name".into());
    } else if !strong {
        entity.add(Prop::WeakAlias, &whole);
    } else if !listing.has_strong_name {
        entity.add(Prop::Name, &whole);
        listing.has_strong_name = true;
    } else if !entity.get(Prop::Name).contains(&clean(&whole)) {
        entity.add(Prop::Alias, &whole);
    }
    for (key, prop) in [
        ("firstName", Prop::FirstName),
        ("middleName", Prop::MiddleName),
        ("lastName", Prop::LastName),
        ("function", Prop::Position),
        ("title", Prop::Title),
    ] {
        if let Some(value) = node.attr(key) {
            entity.add(prop, value);
        }
    }
    match node.attr("gender") {
        Some("M") => {
            entity.add(Prop::Gender, "male");
        }
        Some("F") => {
            entity.add(Prop::Gender, "female");
        }
        // `?` is the format's "unknown".
        None | Some("?") => {}
        Some(other) => cx.note(entity, &format!("gender: {other}")),
    }
    detail_children(
        node,
        &[],
        &format!("name {}", clean(&whole)),
        entity,
        listing,
        cx,
    );
}

/// A country as the FSF writes it: the description, unless it is the
/// placeholder for an unknown country.
fn country(node: &Node) -> Option<&str> {
    let iso = node.attr("countryIso2Code");
    let description = node.attr("countryDescription");
    if iso == Some("00") || description.is_some_and(|d| d.eq_ignore_ascii_case("unknown")) {
        return None;
    }
    description.or(iso)
}

fn citizenship(
    node: &Node,
    entity: &mut Entity,
    listing: &mut Listing,
    cx: &mut RecordContext<'_>,
) {
    other_attrs(node, CITIZENSHIP_ATTRS, entity, cx);
    if let Some(country) = country(node) {
        entity.add(Prop::Citizenship, country);
    }
    if let Some(region) = node.attr("region") {
        cx.note(entity, &format!("citizenship region: {region}"));
    }
    detail_children(node, &[], "citizenship", entity, listing, cx);
}

fn birth(node: &Node, entity: &mut Entity, listing: &mut Listing, cx: &mut RecordContext<'_>) {
    other_attrs(node, BIRTH_ATTRS, entity, cx);
    let number = |key: &str| -> Option<u16> { node.attr(key).and_then(|v| v.parse().ok()) };
    let gregorian = node
        .attr("calendarType")
        .is_none_or(|calendar| calendar.eq_ignore_ascii_case("GREGORIAN"));
    let mut dates_found: Vec<PartialDate> = Vec::new();
    if let Some(text) = node.attr("birthdate") {
        match dates::iso_date(text) {
            Some(date) => dates_found.push(date),
            None => cx.bad_date(entity, "birthdate", text),
        }
    }
    if dates_found.is_empty() {
        if let Some(year) = number("year") {
            let month = number("monthOfYear").and_then(|m| u8::try_from(m).ok());
            let day = number("dayOfMonth").and_then(|d| u8::try_from(d).ok());
            let date = match (month, day) {
                (Some(m), Some(d)) => PartialDate::ymd(year, m, d),
                (Some(m), None) => PartialDate::year_month(year, m),
                _ => PartialDate::year(year),
            };
            match date {
                Some(date) => dates_found.push(date),
                None => cx.bad_date(
                    entity,
                    "birth date",
                    &format!("year {year} month {month:?} day {day:?}"),
                ),
            }
        }
    }
    if dates_found.is_empty() {
        match (number("yearRangeFrom"), number("yearRangeTo")) {
            (None, None) => {}
            (Some(from), Some(to)) => match dates::year_range(from, to) {
                Some(years) => dates_found.extend(years),
                None => cx.bad_date(entity, "birth year range", &format!("{from} to {to}")),
            },
            (from, to) => cx.bad_date(entity, "birth year range", &format!("{from:?} to {to:?}")),
        }
    }
    if gregorian {
        for date in dates_found {
            entity.add_date(Prop::BirthDate, date);
        }
    } else if !dates_found.is_empty() {
        // Dates of another calendar are not Gregorian dates: keep them as text.
        let calendar = node.attr("calendarType").unwrap_or_default();
        let list: Vec<String> = dates_found.iter().map(ToString::to_string).collect();
        cx.note(
            entity,
            &format!("date of birth ({calendar} calendar): {}", list.join(", ")),
        );
    }
    let place: Vec<&str> = ["place", "city", "region", "zipCode"]
        .iter()
        .filter_map(|key| node.attr(key))
        .filter(|value| *value != "-")
        .chain(country(node))
        .collect();
    if !place.is_empty() {
        entity.add(Prop::BirthPlace, &place.join(", "));
    }
    if let Some(country) = country(node) {
        entity.add(Prop::BirthCountry, country);
    }
    detail_children(node, &[], "birth", entity, listing, cx);
}

fn address(node: &Node, entity: &mut Entity, listing: &mut Listing, cx: &mut RecordContext<'_>) {
    other_attrs(node, ADDRESS_ATTRS, entity, cx);
    let parts: Vec<String> = ["street", "poBox", "place", "zipCode", "city", "region"]
        .iter()
        .filter_map(|key| {
            let value = node.attr(key)?;
            Some(if *key == "poBox" {
                format!("P.O. Box {value}")
            } else {
                value.to_string()
            })
        })
        .collect();
    let country = country(node);
    if let Some(country) = country {
        entity.add(Prop::Country, country);
    }
    let line = parts
        .iter()
        .map(String::as_str)
        .chain(country)
        .collect::<Vec<_>>()
        .join(", ");
    if !parts.is_empty() {
        entity.add(Prop::Address, &line);
    }
    for contact in node.children_named("contactInfo") {
        let key = contact.attr("key").unwrap_or_default().to_ascii_lowercase();
        let Some(value) = contact.attr("value") else {
            continue;
        };
        let prop = if key.contains("mail") {
            Some(Prop::Email)
        } else if key.contains("web") || key.contains("url") {
            Some(Prop::Website)
        } else if key.contains("phone") || key.contains("fax") || key.contains("tel") {
            Some(Prop::Phone)
        } else {
            None
        };
        match prop {
            Some(prop) => {
                entity.add(prop, value);
            }
            None => cx.note(entity, &format!("{key}: {value}")),
        }
    }
    let context = if line.is_empty() {
        "address".to_string()
    } else {
        format!("address {line}")
    };
    detail_children(node, &["contactInfo"], &context, entity, listing, cx);
}

/// The kind of an FSF identification type code (`passport`, `id`,
/// `fiscalcode`, `regnumber`, ...).
fn identification_kind(code: &str) -> IdKind {
    let code = code.to_ascii_lowercase();
    if code.contains("passport") {
        IdKind::Passport
    } else if code.contains("fiscal") || code.contains("tax") {
        IdKind::Tax
    } else if code.contains("regnumber") || code.contains("registration") {
        IdKind::Registration
    } else if code.contains("imo") {
        IdKind::Imo
    } else if code.contains("swift") || code.contains("bic") {
        IdKind::SwiftBic
    } else if code == "id" || code.contains("idcard") || code.contains("national") || code == "ssn"
    {
        IdKind::National
    } else {
        IdKind::Other
    }
}

fn identification(
    node: &Node,
    entity: &mut Entity,
    listing: &mut Listing,
    cx: &mut RecordContext<'_>,
) {
    other_attrs(node, IDENTIFICATION_ATTRS, entity, cx);
    let code = node.attr("identificationTypeCode").unwrap_or_default();
    let kind = identification_kind(code);
    let label = node
        .attr("identificationTypeDescription")
        .map(clean)
        .unwrap_or_else(|| code.to_string());
    let mut notes: Vec<String> = Vec::new();
    for (flag, text) in [
        ("diplomatic", "diplomatic"),
        ("knownExpired", "known to be expired"),
        ("knownFalse", "known to be false"),
        ("reportedLost", "reported lost"),
        ("revokedByIssuer", "revoked by issuer"),
    ] {
        if node.attr(flag) == Some("true") {
            notes.push(text.to_string());
        }
    }
    if let Some(issuer) = node.attr("issuedBy") {
        notes.push(format!("issued by {issuer}"));
    }
    if let Some(name) = node.attr("nameOnDocument") {
        notes.push(format!("name on document: {name}"));
    }
    if let Some(region) = node.attr("region") {
        notes.push(format!("region {region}"));
    }
    for remark in node.children_named("remark").filter_map(Node::value) {
        notes.push(remark.to_string());
    }
    let mut date = |key: &str, notes: &mut Vec<String>| -> Option<PartialDate> {
        let text = node.attr(key)?;
        let date = dates::iso_date(text);
        if date.is_none() {
            cx.issues.push(format!("unreadable {key} {text:?}"));
            notes.push(format!("{key} {text}"));
        }
        date
    };
    let issued = date("issueDate", &mut notes);
    let valid_from = date("validFrom", &mut notes);
    let expires = date("validTo", &mut notes);
    if let (Some(from), Some(issued)) = (valid_from, issued) {
        if from != issued {
            notes.push(format!("valid from {from}"));
        }
    }
    let country = country(node).map(str::to_string);
    let number = node.attr("number");
    let latin = node
        .attr("latinNumber")
        .filter(|latin| Some(*latin) != number);
    let note = (!notes.is_empty()).then(|| clean(&notes.join("; ")));
    let numbers: Vec<(&str, Option<String>)> = number
        .map(|n| (n, note.clone()))
        .into_iter()
        .chain(latin.map(|l| {
            let latin_note = format!("Latin form of {}", number.unwrap_or("the number"));
            (
                l,
                Some(
                    note.as_ref()
                        .map_or(latin_note.clone(), |n| format!("{n}; {latin_note}")),
                ),
            )
        }))
        .collect();
    if numbers.is_empty() {
        let mut parts = vec![label.clone()];
        parts.extend(country.clone());
        parts.extend(note);
        cx.note(
            entity,
            &format!("identification without number: {}", parts.join("; ")),
        );
    }
    for (number, note) in numbers {
        let mut identifier = Identifier::new(kind, &label, &clean(number));
        identifier.country = country.clone();
        identifier.issued = issued.or(valid_from);
        identifier.expires = expires;
        identifier.note = note;
        entity.add_identifier(identifier);
    }
    detail_children(node, &["remark"], "identification", entity, listing, cx);
}

/// Builds the listing from the record's attributes and regulations.
fn make_sanction(
    node: &Node,
    entity: &mut Entity,
    listing: Listing,
    native: &str,
    issues: &mut Vec<String>,
) -> Sanction {
    let reference = node.attr("euReferenceNumber");
    if reference.is_none() {
        issues.push("no euReferenceNumber".into());
    }
    let mut sanction = Sanction::new(SourceId::EuFsf, reference.unwrap_or(native));
    sanction.unsc_id = node.attr("unitedNationId").map(str::to_string);
    sanction.reason = node.attr("designationDetails").map(clean);
    for regulation in &listing.regulations {
        if let Some(programme) = &regulation.programme {
            if !sanction.programs.contains(programme) {
                sanction.programs.push(programme.clone());
            }
        }
    }
    sanction.list_name = listing
        .regulations
        .iter()
        .find_map(|regulation| regulation.number_title.clone());
    // Listing date: the designation date where stated, else the earliest
    // entry into force of an original (`regulationType="regulation"`) act. An
    // amending or repealing act's date is not the listing date, so a record
    // that cites only those has none.
    sanction.listing_date = listing.designated.or_else(|| {
        listing
            .regulations
            .iter()
            .filter(|r| r.kind.as_deref() == Some("regulation"))
            .filter_map(|r| r.in_force)
            .min()
    });
    // Amendment history: entry into force of every amending or repealing act.
    let mut amended: Vec<PartialDate> = listing
        .regulations
        .iter()
        .filter(|r| r.kind.as_deref().is_some_and(|kind| kind != "regulation"))
        .filter_map(|r| r.in_force)
        .collect();
    amended.sort();
    amended.dedup();
    if let Some(latest) = amended.last() {
        entity.add_date(Prop::ModifiedAt, *latest);
    }
    sanction.modified_at = amended;
    sanction.summary = listing
        .regulations
        .iter()
        .map(Regulation::describe)
        .chain(listing.cited.into_iter().filter(|cited| {
            // A citation of a regulation already listed adds nothing.
            !listing.regulations.iter().any(|r| {
                r.number_title
                    .as_deref()
                    .is_some_and(|title| cited.contains(&format!(" {title}")))
            })
        }))
        .chain(listing.summary)
        .collect();
    sanction
}

/// Folds a second occurrence of the same record into the first.
fn merge(into: &mut Entity, from: Entity) {
    for (prop, values) in from.props {
        for value in values {
            into.add(prop.clone(), &value);
        }
    }
    for identifier in from.identifiers {
        into.add_identifier(identifier);
    }
    for sanction in from.sanctions {
        match into
            .sanctions
            .iter_mut()
            .find(|existing| existing.authority_id == sanction.authority_id)
        {
            Some(existing) => merge_sanction(existing, sanction),
            None => into.sanctions.push(sanction),
        }
    }
    into.links.extend(from.links);
}

fn merge_sanction(into: &mut Sanction, from: Sanction) {
    fn union<T: PartialEq>(into: &mut Vec<T>, from: Vec<T>) {
        for value in from {
            if !into.contains(&value) {
                into.push(value);
            }
        }
    }
    union(&mut into.programs, from.programs);
    union(&mut into.provisions, from.provisions);
    union(&mut into.summary, from.summary);
    union(&mut into.flags, from.flags);
    union(&mut into.modified_at, from.modified_at);
    into.modified_at.sort();
    into.listing_date = match (into.listing_date, from.listing_date) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if into.reason.is_none() {
        into.reason = from.reason;
    }
    if into.unsc_id.is_none() {
        into.unsc_id = from.unsc_id;
    }
    if into.list_name.is_none() {
        into.list_name = from.list_name;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<ParsedList, ParseError> {
        parse(&[Input::new("test.xml", text.as_bytes().to_vec())])
    }

    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\" generationDate=\"2024-01-02T10:00:00.000+01:00\" globalFileId=\"1\">\n";

    #[test]
    fn enterprise_with_un_reference_and_weak_alias() {
        let list = parse_text(&format!(
            "{HEAD}<sanctionEntity designationDetails=\"Front company.\" unitedNationId=\"KPe.001\" euReferenceNumber=\"EU.1.2\" logicalId=\"77\">\
             <regulation regulationType=\"regulation\" organisationType=\"council\" publicationDate=\"2016-05-28\" entryIntoForceDate=\"2016-05-29\" numberTitle=\"2016/841 (OJ L141)\" programme=\"PRK\" logicalId=\"9\"><publicationUrl>http://x/a?b=1&amp;c=2</publicationUrl></regulation>\
             <regulation regulationType=\"amendment\" organisationType=\"council\" publicationDate=\"2017-08-31\" entryIntoForceDate=\"2017-09-01\" numberTitle=\"2017/1509 (OJ L224)\" programme=\"PRK\" logicalId=\"10\"/>\
             <subjectType code=\"enterprise\" classificationCode=\"E\"/>\
             <nameAlias wholeName=\"Korea Mining Development Trading Corporation\" strong=\"true\" logicalId=\"1\"><regulationSummary regulationType=\"regulation\" publicationDate=\"2016-05-28\" numberTitle=\"2016/841 (OJ L141)\"/></nameAlias>\
             <nameAlias wholeName=\"KOMID\" strong=\"false\" logicalId=\"2\"/>\
             <address city=\"Pyongyang\" street=\"Central District\" countryIso2Code=\"KP\" countryDescription=\"NORTH KOREA\" logicalId=\"3\"><contactInfo key=\"EMAIL\" value=\"a@b.kp\"/><remark>Head office</remark></address>\
             <identification number=\"123\" latinNumber=\"123\" identificationTypeCode=\"regnumber\" identificationTypeDescription=\"Registration Number\" countryIso2Code=\"00\" countryDescription=\"UNKNOWN\" knownFalse=\"true\" logicalId=\"4\"/>\
             <futureElement foo=\"bar\">baz</futureElement>\
             </sanctionEntity></export>"
        ))
        .unwrap();
        assert_eq!(list.entities.len(), 1);
        let e = &list.entities[0];
        assert_eq!(e.id.as_str(), "eu-fsf:77");
        assert_eq!(e.schema, Schema::Organization);
        assert_eq!(
            e.get(Prop::Name),
            ["Korea Mining Development Trading Corporation"]
        );
        assert_eq!(e.get(Prop::WeakAlias), ["KOMID"]);
        assert!(e.get(Prop::Alias).is_empty());
        assert_eq!(
            e.get(Prop::Address),
            ["Central District, Pyongyang, NORTH KOREA"]
        );
        assert_eq!(e.get(Prop::Email), ["a@b.kp"]);
        assert_eq!(e.get(Prop::SourceUrl), ["http://x/a?b=1&c=2"]);
        assert_eq!(
            e.get(Prop::Notes),
            [
                "address Central District, Pyongyang, NORTH KOREA: Head office",
                "sanctionEntity/futureElement: foo=bar; baz"
            ]
        );
        assert_eq!(e.identifiers.len(), 1);
        assert_eq!(e.identifiers[0].kind, IdKind::Registration);
        assert_eq!(e.identifiers[0].country, None);
        assert_eq!(e.identifiers[0].note.as_deref(), Some("known to be false"));
        let s = &e.sanctions[0];
        assert_eq!(s.authority_id, "EU.1.2");
        assert_eq!(s.unsc_id.as_deref(), Some("KPe.001"));
        assert_eq!(s.reason.as_deref(), Some("Front company."));
        assert_eq!(s.programs, ["PRK"]);
        assert_eq!(s.list_name.as_deref(), Some("2016/841 (OJ L141)"));
        assert_eq!(s.listing_date, Some("2016-05-29".parse().unwrap()));
        assert_eq!(s.modified_at, ["2017-09-01".parse().unwrap()]);
        assert_eq!(s.summary.len(), 2, "{:?}", s.summary);
        assert_eq!(list.report.unstructured, 2);
        assert!(list.report.issues.iter().any(|i| i.message
            == "unknown element sanctionEntity/futureElement (1 occurrence); its content is kept in notes"));
    }

    #[test]
    fn birth_dates_of_every_shape() {
        let list = parse_text(&format!(
            "{HEAD}<sanctionEntity euReferenceNumber=\"EU.1.3\" logicalId=\"78\"><subjectType code=\"person\" classificationCode=\"P\"/>\
             <nameAlias wholeName=\"A B\" strong=\"true\"/>\
             <birthdate calendarType=\"GREGORIAN\" year=\"1970\" monthOfYear=\"5\" countryIso2Code=\"00\" countryDescription=\"UNKNOWN\"/>\
             <birthdate calendarType=\"GREGORIAN\" yearRangeFrom=\"1980\" yearRangeTo=\"1982\" city=\"-\" countryIso2Code=\"IQ\" countryDescription=\"IRAQ\"/>\
             <birthdate calendarType=\"ISLAMIC\" year=\"1390\" countryIso2Code=\"00\" countryDescription=\"UNKNOWN\"/>\
             </sanctionEntity></export>"
        ))
        .unwrap();
        let e = &list.entities[0];
        assert_eq!(e.get(Prop::BirthDate), ["1970-05", "1980", "1981", "1982"]);
        assert_eq!(e.get(Prop::BirthPlace), ["IRAQ"]);
        assert_eq!(
            e.get(Prop::Notes),
            ["date of birth (ISLAMIC calendar): 1390"]
        );
    }

    #[test]
    fn foreign_namespace_is_refused() {
        let err =
            parse_text("<export xmlns=\"urn:other\" generationDate=\"2020-01-01T00:00:00Z\"/>")
                .unwrap_err();
        assert!(matches!(err, ParseError::WrongFormat { .. }), "{err}");
    }
}
