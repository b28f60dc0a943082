//! The UN Security Council Consolidated List (`consolidated.xml`).
//!
//! The UN list is the root of most national lists: the EU, UK and others
//! implement its listings and cite its reference numbers (`IRi.039`). This
//! module reads the published XML into one entity per `INDIVIDUAL` (Person) or
//! `ENTITY` (Organization), keyed by the reference number so the id is stable
//! across versions, and keeps everything the record says:
//!
//! - name parts (`FIRST_NAME`..`FOURTH_NAME` → firstName, secondName, middleName,
//!   lastName; `name` is the parts joined), `NAME_ORIGINAL_SCRIPT` (originalName
//!   and alias), aliases by `QUALITY` (`Good`/`a.k.a.` → alias, `Low` →
//!   weakAlias, `f.k.a.` → previousName; `;`-separated lists are split);
//! - birth dates (`EXACT`, `APPROXIMATELY`, `BETWEEN`: every year of a range) and
//!   places, nationality, title, designation (position), gender, addresses;
//! - documents as [`Identifier`]s (expiry read from the note where it says so);
//! - the listing: `UN_LIST_TYPE` (programme), `LIST_TYPE`, reference number,
//!   `LISTED_ON`, the `LAST_DAY_UPDATED` amendment history, `COMMENTS1`.
//!
//! Text that no rule structures (comments, notes on dates, places, aliases and
//! addresses, elements the 2018 schema does not know) goes to `notes` and is
//! counted in the report; nothing is dropped. The XML handling and the refusal
//! of damaged files live in the private `un::xml` module, shared with the EU
//! parser.

pub(crate) mod dates;
pub(crate) mod xml;

use std::collections::{BTreeMap, HashSet};

use interdict_model::{
    Entity, EntityId, IdKind, Identifier, PartialDate, Prop, Sanction, Schema, SourceId,
};

use crate::common;
use crate::{ImportReport, Input, ListKind, Location, ParseError, ParseIssue, ParsedList};
use xml::{Item, Node, XmlRecords};

/// Root element of the UN list.
const ROOT: &str = "CONSOLIDATED_LIST";

/// Parses one `consolidated.xml` of the UN Security Council list.
///
/// Refuses, with a located [`ParseError`], a file that is not this format
/// (`WrongFormat`), not UTF-8 (`Encoding`), not well-formed (`Malformed`, with
/// the line) or cut short (`Truncated`); and more than one file (`FileSet`).
pub fn parse(inputs: &[Input]) -> Result<ParsedList, ParseError> {
    let input = common::single_input(SourceId::UnSc, inputs, "a un-sc publication")?;
    let text = xml::open(SourceId::UnSc, input, ROOT, known_root)?;
    let mut reader = XmlRecords::new(&input.name, &text, 2);
    let mut parser = UnParser::new(&input.name);
    while let Some(item) = reader.next_item()? {
        parser.item(item);
    }
    Ok(parser.finish())
}

/// Names the list format a root element belongs to, for `WrongFormat` errors.
pub(crate) fn known_root(root: &str) -> Option<&'static str> {
    match root {
        "CONSOLIDATED_LIST" => Some("the UN Security Council consolidated list"),
        "export" => Some("an EU Financial Sanctions File"),
        "sdnList" => Some("an OFAC sdnList XML file"),
        "Sanctions" => Some("an OFAC Enhanced or Advanced XML file"),
        _ => None,
    }
}

/// Collects elements the parser does not know, to report each kind once.
#[derive(Default)]
pub(crate) struct UnknownElements {
    seen: BTreeMap<String, (Location, usize)>,
}

impl UnknownElements {
    /// Keeps `node`'s content in the entity's notes and remembers the path.
    /// Returns whether a note was written.
    pub(crate) fn keep(
        &mut self,
        entity: &mut Entity,
        report: &mut ImportReport,
        path: &str,
        node: &Node,
        location: Location,
    ) {
        let entry = self
            .seen
            .entry(path.to_string())
            .or_insert_with(|| (location, 0));
        entry.1 += 1;
        let content = node.describe();
        if !content.is_empty() && entity.add(Prop::Notes, &format!("{path}: {content}")) {
            report.unstructured += 1;
        }
    }

    /// One issue per unknown element path, at its first occurrence.
    pub(crate) fn report(self, report: &mut ImportReport) {
        for (path, (location, count)) in self.seen {
            report.issues.push(ParseIssue {
                location,
                message: format!(
                    "unknown element {path} ({count} occurrence{}); its content is kept in notes",
                    if count == 1 { "" } else { "s" }
                ),
            });
        }
    }
}

/// Assigns ids, keeps file order and refuses nothing: the per-file state.
struct UnParser<'f> {
    file: &'f str,
    published: Option<chrono::NaiveDate>,
    entities: Vec<Entity>,
    ids: HashSet<EntityId>,
    report: ImportReport,
    unknown: UnknownElements,
}

impl<'f> UnParser<'f> {
    fn new(file: &'f str) -> Self {
        UnParser {
            file,
            published: None,
            entities: Vec::new(),
            ids: HashSet::new(),
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

    fn item(&mut self, item: Item) {
        match item {
            Item::Root(root) => match root.attr("dateGenerated") {
                Some(generated) => {
                    self.published = dates::date_of_datetime(generated);
                    if self.published.is_none() {
                        self.issue(
                            root.line,
                            None,
                            format!("unreadable dateGenerated {generated:?}"),
                        );
                    }
                }
                None => self.issue(root.line, None, "no dateGenerated on the root".into()),
            },
            Item::Frame(frame) => {
                if !matches!(frame.name.as_str(), "INDIVIDUALS" | "ENTITIES") {
                    self.issue(
                        frame.line,
                        None,
                        format!("unknown element <{}> in the list", frame.name),
                    );
                }
            }
            Item::StrayText { text, line } => {
                self.issue(line, None, format!("text outside any record: {text:?}"));
            }
            Item::Record { parent, node } => match (parent.as_str(), node.name.as_str()) {
                ("INDIVIDUALS", "INDIVIDUAL") => self.record(&node, Schema::Person),
                ("ENTITIES", "ENTITY") => self.record(&node, Schema::Organization),
                _ => {
                    let content = node.describe();
                    self.issue(
                        node.line,
                        None,
                        format!(
                            "unknown element {parent}/{} (not read as a listed party): {content}",
                            node.name
                        ),
                    );
                }
            },
        }
    }

    fn record(&mut self, node: &Node, schema: Schema) {
        self.report.records += 1;
        let index = self.report.records;
        let mut record = Record::default();
        let mut entity = Entity::new(EntityId::new(SourceId::UnSc, "pending"), schema);
        let mut cx = RecordContext {
            file: self.file,
            report: &mut self.report,
            unknown: &mut self.unknown,
            native: String::new(),
            issues: Vec::new(),
        };
        read_record(node, &mut entity, &mut record, &mut cx);
        let issues = std::mem::take(&mut cx.issues);

        // The id: reference number, else DATAID, else the record's position.
        let reference = record.reference.clone().unwrap_or_default();
        let dataid = record.dataid.clone().unwrap_or_default();
        let mut id_issues = Vec::new();
        let mut id = None;
        if !reference.is_empty() {
            let candidate = EntityId::new(SourceId::UnSc, &reference);
            if self.ids.contains(&candidate) {
                id_issues.push(format!("duplicate REFERENCE_NUMBER {reference}"));
            } else {
                id = Some(candidate);
            }
        } else {
            id_issues.push("no REFERENCE_NUMBER".to_string());
        }
        if id.is_none() && !dataid.is_empty() {
            let candidate = EntityId::new(SourceId::UnSc, &dataid);
            if !self.ids.contains(&candidate) {
                id_issues.push(format!("id falls back to DATAID: {candidate}"));
                id = Some(candidate);
            }
        }
        let id = id.unwrap_or_else(|| {
            let candidate = EntityId::new(SourceId::UnSc, &format!("record-{index}"));
            id_issues.push(format!("no usable id; named {candidate} by position"));
            candidate
        });
        let native = id.native().to_string();
        for message in id_issues.into_iter().chain(issues) {
            self.issue(node.line, Some(&native), message);
        }
        entity.id = id.clone();
        self.ids.insert(id);

        finish_record(&mut entity, record, &native, &mut self.report);
        if entity.first(Prop::Name).is_none() {
            self.issue(node.line, Some(&native), "record without a name".into());
        }
        self.entities.push(entity);
    }

    fn finish(mut self) -> ParsedList {
        if self.entities.is_empty() {
            self.issue(1, None, "the list holds no INDIVIDUAL or ENTITY".into());
        }
        self.unknown.report(&mut self.report);
        ParsedList {
            source: SourceId::UnSc,
            format: "un-xml",
            kind: ListKind::Full,
            published: self.published,
            entities: self.entities,
            deletions: Vec::new(),
            report: self.report,
        }
    }
}

/// What a record says that is only assembled at its end.
#[derive(Default)]
struct Record {
    dataid: Option<String>,
    reference: Option<String>,
    name_parts: [Option<String>; 4],
    programs: Vec<String>,
    list_types: Vec<String>,
    listed_on: Option<PartialDate>,
    updated: Vec<PartialDate>,
    comments: Option<String>,
    summary: Vec<String>,
}

/// Where a record's observations go while it is read.
pub(crate) struct RecordContext<'a> {
    /// The file, for locations.
    pub file: &'a str,
    /// The report being filled.
    pub report: &'a mut ImportReport,
    /// Unknown elements seen so far in the file.
    pub unknown: &'a mut UnknownElements,
    /// The record's native id, once known, for locations.
    pub native: String,
    /// Issues about this record, located by the caller once the id is final.
    pub issues: Vec<String>,
}

impl RecordContext<'_> {
    /// Keeps free text in notes and counts it.
    pub(crate) fn note(&mut self, entity: &mut Entity, text: &str) {
        if entity.add(Prop::Notes, text) {
            self.report.unstructured += 1;
        }
    }

    /// Keeps an element the parser does not know in notes and reports it.
    pub(crate) fn unknown(&mut self, entity: &mut Entity, path: &str, node: &Node) {
        let location = Location::line(self.file, node.line);
        let location = if self.native.is_empty() {
            location
        } else {
            location.with_record(&self.native)
        };
        self.unknown.keep(entity, self.report, path, node, location);
    }

    /// A date that could not be read: an issue, and the text in notes.
    pub(crate) fn bad_date(&mut self, entity: &mut Entity, what: &str, text: &str) {
        self.issues.push(format!("unreadable {what} {text:?}"));
        self.note(entity, &format!("{what}: {text}"));
    }
}

/// The `VALUE` children of a list-valued element such as `DESIGNATION`.
fn values<'n>(
    node: &'n Node,
    entity: &mut Entity,
    cx: &mut RecordContext<'_>,
    parent: &str,
) -> Vec<&'n str> {
    let mut out = Vec::new();
    for child in &node.children {
        if child.name == "VALUE" {
            out.extend(child.value());
        } else {
            cx.unknown(entity, &format!("{parent}/{}", child.name), child);
        }
    }
    if let Some(text) = node.value() {
        // Text directly in the list element, outside VALUE: keep it too.
        out.push(text);
    }
    out
}

fn read_record(node: &Node, entity: &mut Entity, record: &mut Record, cx: &mut RecordContext<'_>) {
    let kind = node.name.clone();
    // The reference number names the record in issue locations; find it first.
    if let Some(reference) = node
        .children_named("REFERENCE_NUMBER")
        .find_map(Node::value)
    {
        cx.native = reference.to_string();
    }
    for child in &node.children {
        let name = child.name.as_str();
        match name {
            "DATAID" => record.dataid = child.value().map(str::to_string),
            "VERSIONNUM" => {
                if let Some(version) = child.value().filter(|v| *v != "1") {
                    record.summary.push(format!("VERSIONNUM {version}"));
                }
            }
            "FIRST_NAME" | "SECOND_NAME" | "THIRD_NAME" | "FOURTH_NAME" => {
                let slot = match name {
                    "FIRST_NAME" => 0,
                    "SECOND_NAME" => 1,
                    "THIRD_NAME" => 2,
                    _ => 3,
                };
                if let Some(value) = child.value() {
                    record.name_parts[slot] = Some(value.to_string());
                }
            }
            "UN_LIST_TYPE" => record.programs.extend(child.value().map(str::to_string)),
            "REFERENCE_NUMBER" => record.reference = child.value().map(str::to_string),
            "LISTED_ON" => {
                if let Some(text) = child.value() {
                    match dates::iso_date(text) {
                        Some(date) => record.listed_on = Some(date),
                        None => cx.bad_date(entity, "LISTED_ON", text),
                    }
                }
            }
            "GENDER" => {
                if let Some(text) = child.value() {
                    match text.to_ascii_lowercase().as_str() {
                        "male" => {
                            entity.add(Prop::Gender, "male");
                        }
                        "female" => {
                            entity.add(Prop::Gender, "female");
                        }
                        _ => cx.note(entity, &format!("GENDER: {text}")),
                    }
                }
            }
            "SUBMITTED_BY" => {
                if let Some(text) = child.value() {
                    record.summary.push(format!("Submitted by {text}"));
                }
            }
            "SUBMITTED_ON" => {
                if let Some(text) = child.value() {
                    record.summary.push(format!("Submitted on {text}"));
                }
            }
            "DELISTED_ON" => {
                if let Some(text) = child.value() {
                    record.summary.push(format!("Delisted on {text}"));
                    cx.issues.push(format!("record carries DELISTED_ON {text}"));
                }
            }
            "NAME_ORIGINAL_SCRIPT" => {
                if let Some(text) = child.value() {
                    entity.add(Prop::OriginalName, text);
                    entity.add(Prop::Alias, text);
                }
            }
            "COMMENTS1" => record.comments = child.value().map(str::to_string),
            "NATIONALITY2" => {
                entity.add(Prop::Nationality, child.value().unwrap_or_default());
            }
            "TITLE" => {
                for value in values(child, entity, cx, name) {
                    entity.add(Prop::Title, value);
                }
            }
            "DESIGNATION" => {
                for value in values(child, entity, cx, name) {
                    entity.add(Prop::Position, value);
                }
            }
            "NATIONALITY" => {
                for value in values(child, entity, cx, name) {
                    entity.add(Prop::Nationality, value);
                }
            }
            "LIST_TYPE" => {
                for value in values(child, entity, cx, name) {
                    if !record.list_types.iter().any(|known| known == value) {
                        record.list_types.push(value.to_string());
                    }
                }
            }
            "LAST_DAY_UPDATED" => {
                for value in values(child, entity, cx, name) {
                    match dates::iso_date(value) {
                        Some(date) => record.updated.push(date),
                        None => cx.bad_date(entity, "LAST_DAY_UPDATED", value),
                    }
                }
            }
            "INDIVIDUAL_ALIAS" | "ENTITY_ALIAS" => alias(child, entity, cx),
            "INDIVIDUAL_ADDRESS" | "ENTITY_ADDRESS" => address(child, entity, cx),
            "INDIVIDUAL_DATE_OF_BIRTH" => birth_date(child, entity, cx),
            "INDIVIDUAL_PLACE_OF_BIRTH" => birth_place(child, entity, cx),
            "INDIVIDUAL_DOCUMENT" => document(child, entity, cx),
            "SORT_KEY" | "SORT_KEY_LAST_MOD" => {
                if let Some(text) = child.value() {
                    cx.note(entity, &format!("{name}: {text}"));
                }
            }
            _ => cx.unknown(entity, &format!("{kind}/{name}"), child),
        }
    }
    if let Some(text) = node.value() {
        cx.note(entity, text);
    }
}

/// Sets the name and the sanction once the whole record is read.
fn finish_record(entity: &mut Entity, record: Record, native: &str, report: &mut ImportReport) {
    let parts: Vec<&str> = record
        .name_parts
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let full = parts.join(" ");
    if entity.schema == Schema::Person {
        let props = [
            Prop::FirstName,
            Prop::SecondName,
            Prop::MiddleName,
            Prop::LastName,
        ];
        for (part, prop) in record.name_parts.iter().zip(props) {
            if let Some(part) = part {
                entity.add(prop, part);
            }
        }
    }
    entity.add(Prop::Name, &full);

    let mut sanction = Sanction::new(
        SourceId::UnSc,
        record.reference.as_deref().unwrap_or(native),
    );
    sanction.unsc_id = record.reference.clone();
    sanction.programs = record.programs;
    sanction.list_name = (!record.list_types.is_empty()).then(|| record.list_types.join("; "));
    sanction.listing_date = record.listed_on;
    let mut updated = record.updated;
    updated.sort();
    updated.dedup();
    if let Some(latest) = updated.last() {
        entity.add_date(Prop::ModifiedAt, *latest);
    }
    sanction.modified_at = updated;
    if let Some(dataid) = &record.dataid {
        sanction.summary.push(format!("DATAID {dataid}"));
    }
    sanction.summary.extend(record.summary);
    if let Some(comments) = record.comments {
        // COMMENTS1 is the committee's narrative on the listing: the reason,
        // and free text the screener should see.
        let comments = clean(&comments);
        sanction.reason = Some(comments.clone());
        if entity.add(Prop::Notes, &comments) {
            report.unstructured += 1;
        }
    }
    entity.sanctions.push(sanction);
}

/// Text with whitespace runs (including line breaks inside a value) collapsed
/// to single spaces, so that reformatting a file does not change values.
pub(crate) fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a `;`-separated alias list (`Qasim Soleimani; Qasem Sulaimani`).
fn split_names(text: &str) -> impl Iterator<Item = &str> {
    text.split(';')
        .map(str::trim)
        .filter(|name| !name.is_empty())
}

fn alias(node: &Node, entity: &mut Entity, cx: &mut RecordContext<'_>) {
    let quality = node
        .children_named("QUALITY")
        .find_map(Node::value)
        .unwrap_or_default();
    let names: Vec<String> = node
        .children_named("ALIAS_NAME")
        .filter_map(Node::value)
        .flat_map(split_names)
        .map(str::to_string)
        .collect();
    let prop = match quality.to_ascii_lowercase().as_str() {
        "good" | "a.k.a." => Prop::Alias,
        "low" => Prop::WeakAlias,
        "f.k.a." => Prop::PreviousName,
        _ => {
            if !names.is_empty() {
                cx.issues.push(format!(
                    "alias of unknown QUALITY {quality:?}, taken as a.k.a."
                ));
            }
            Prop::Alias
        }
    };
    for name in &names {
        entity.add(prop.clone(), name);
    }
    let label = names.join("; ");
    let mut place = Vec::new();
    for child in &node.children {
        match child.name.as_str() {
            "QUALITY" | "ALIAS_NAME" => {}
            "DATE_OF_BIRTH" => {
                if let Some(text) = child.value() {
                    match dates::iso_date(text) {
                        Some(date) => {
                            entity.add_date(Prop::BirthDate, date);
                        }
                        None => {
                            cx.bad_date(entity, &format!("date of birth of alias {label}"), text)
                        }
                    }
                }
            }
            "CITY_OF_BIRTH" => place.extend(child.value()),
            "COUNTRY_OF_BIRTH" => {
                place.extend(child.value());
                entity.add(Prop::BirthCountry, child.value().unwrap_or_default());
            }
            "NOTE" => {
                if let Some(text) = child.value() {
                    cx.note(entity, &format!("alias {label}: {text}"));
                }
            }
            other => cx.unknown(entity, &format!("{}/{other}", node.name), child),
        }
    }
    if !place.is_empty() {
        entity.add(Prop::BirthPlace, &place.join(", "));
    }
}

fn address(node: &Node, entity: &mut Entity, cx: &mut RecordContext<'_>) {
    let mut parts = Vec::new();
    let mut country = None;
    let mut note = None;
    for child in &node.children {
        match child.name.as_str() {
            "STREET" | "CITY" | "STATE_PROVINCE" | "ZIP_CODE" => parts.extend(child.value()),
            "COUNTRY" => country = child.value(),
            "NOTE" => note = child.value(),
            other => cx.unknown(entity, &format!("{}/{other}", node.name), child),
        }
    }
    if let Some(country) = country {
        entity.add(Prop::Country, country);
    }
    let line = parts
        .iter()
        .copied()
        .chain(country)
        .collect::<Vec<_>>()
        .join(", ");
    if !parts.is_empty() {
        entity.add(Prop::Address, &line);
    }
    if let Some(note) = note {
        if line.is_empty() {
            cx.note(entity, &format!("address: {note}"));
        } else {
            cx.note(entity, &format!("address {line}: {note}"));
        }
    }
}

fn birth_place(node: &Node, entity: &mut Entity, cx: &mut RecordContext<'_>) {
    let mut parts = Vec::new();
    let mut note = None;
    for child in &node.children {
        match child.name.as_str() {
            "STREET" | "CITY" | "STATE_PROVINCE" => parts.extend(child.value()),
            "COUNTRY" => {
                parts.extend(child.value());
                entity.add(Prop::BirthCountry, child.value().unwrap_or_default());
            }
            "NOTE" => note = child.value(),
            other => cx.unknown(entity, &format!("{}/{other}", node.name), child),
        }
    }
    // The 2026 file repeats the city as the street in one record; say it once.
    parts.dedup();
    if !parts.is_empty() {
        entity.add(Prop::BirthPlace, &parts.join(", "));
    }
    if let Some(note) = note {
        cx.note(entity, &format!("place of birth: {note}"));
    }
}

fn birth_date(node: &Node, entity: &mut Entity, cx: &mut RecordContext<'_>) {
    let mut kind = None;
    let mut date = None;
    let mut year = None;
    let mut from = None;
    let mut to = None;
    let mut note = None;
    for child in &node.children {
        match child.name.as_str() {
            "TYPE_OF_DATE" => kind = child.value(),
            "DATE" => date = child.value(),
            "YEAR" => year = child.value(),
            "FROM_YEAR" => from = child.value(),
            "TO_YEAR" => to = child.value(),
            "NOTE" => note = child.value(),
            other => cx.unknown(entity, &format!("{}/{other}", node.name), child),
        }
    }
    if let Some(kind) = kind {
        if !matches!(kind, "EXACT" | "APPROXIMATELY" | "BETWEEN") {
            cx.issues.push(format!("unknown TYPE_OF_DATE {kind:?}"));
        }
    }
    let mut found = false;
    if let Some(text) = date {
        match dates::iso_date(text) {
            Some(value) => {
                entity.add_date(Prop::BirthDate, value);
                found = true;
            }
            None => cx.bad_date(entity, "date of birth", text),
        }
    }
    if let Some(text) = year {
        match dates::year(text) {
            Some(value) => {
                // `YEAR 1958` with the note `Sep.` is September 1958.
                let month = note.and_then(dates::month);
                let value = month
                    .and_then(|m| PartialDate::year_month(value, m))
                    .or_else(|| PartialDate::year(value));
                if let Some(value) = value {
                    entity.add_date(Prop::BirthDate, value);
                    found = true;
                    if month.is_some() {
                        note = None;
                    }
                }
            }
            None => cx.bad_date(entity, "year of birth", text),
        }
    }
    match (from, to) {
        (None, None) => {}
        (Some(from_text), Some(to_text)) => match (dates::year(from_text), dates::year(to_text)) {
            (Some(a), Some(b)) => match dates::year_range(a, b) {
                Some(years) => {
                    for value in years {
                        entity.add_date(Prop::BirthDate, value);
                    }
                    found = true;
                }
                None => cx.bad_date(
                    entity,
                    "birth year range",
                    &format!("{from_text} to {to_text}"),
                ),
            },
            _ => cx.bad_date(
                entity,
                "birth year range",
                &format!("{from_text} to {to_text}"),
            ),
        },
        (Some(text), None) | (None, Some(text)) => {
            cx.bad_date(entity, "birth year range with one end", text);
        }
    }
    if let Some(text) = note {
        // A note alone may be the date itself (`Nov. 1973`).
        match (!found).then(|| dates::text_date(text)).flatten() {
            Some(value) => {
                entity.add_date(Prop::BirthDate, value);
            }
            None => cx.note(entity, &format!("date of birth: {text}")),
        }
    }
}

fn document(node: &Node, entity: &mut Entity, cx: &mut RecordContext<'_>) {
    let mut kind_text = None;
    let mut label2 = None;
    let mut number = None;
    let mut issuing = None;
    let mut country_of_issue = None;
    let mut city = None;
    let mut issued_text = None;
    let mut note = None;
    for child in &node.children {
        match child.name.as_str() {
            "TYPE_OF_DOCUMENT" => kind_text = child.value(),
            "TYPE_OF_DOCUMENT2" => label2 = child.value(),
            "NUMBER" => number = child.value(),
            "ISSUING_COUNTRY" => issuing = child.value(),
            "COUNTRY_OF_ISSUE" => country_of_issue = child.value(),
            "CITY_OF_ISSUE" => city = child.value(),
            "DATE_OF_ISSUE" => issued_text = child.value(),
            "NOTE" => note = child.value(),
            other => cx.unknown(entity, &format!("{}/{other}", node.name), child),
        }
    }
    let label = label2.or(kind_text).map(clean).unwrap_or_default();
    let kind = document_kind(kind_text.or(label2).unwrap_or_default());
    let country = issuing.or(country_of_issue);
    let issued = issued_text.and_then(dates::iso_date);
    let mut notes = Vec::new();
    if let Some(text) = note {
        notes.push(text.to_string());
    }
    if let Some(city) = city {
        notes.push(format!("issued in {city}"));
    }
    if let (Some(issuing), Some(place)) = (issuing, country_of_issue) {
        if issuing != place {
            notes.push(format!("country of issue {place}"));
        }
    }
    if let (Some(text), None) = (issued_text, issued) {
        cx.issues.push(format!("unreadable DATE_OF_ISSUE {text:?}"));
        notes.push(format!("date of issue {text}"));
    }
    match number {
        Some(number) => {
            let mut identifier = Identifier::new(kind, &label, &clean(number));
            identifier.country = country.map(clean);
            identifier.issued = issued;
            identifier.expires = note.and_then(dates::expiry_in_note);
            identifier.note = (!notes.is_empty()).then(|| clean(&notes.join("; ")));
            entity.add_identifier(identifier);
        }
        None => {
            // No number: nothing to identify by, but keep what it says.
            let mut parts: Vec<String> = Vec::new();
            parts.extend(kind_text.map(str::to_string));
            parts.extend(label2.map(str::to_string));
            parts.extend(country.map(str::to_string));
            parts.extend(issued.map(|date| format!("issued {date}")));
            parts.extend(notes);
            if !parts.is_empty() {
                cx.note(entity, &format!("document: {}", parts.join("; ")));
            }
        }
    }
}

/// The kind of a UN document type (`Passport`, `National Identification
/// Number`, and the free-text second type).
fn document_kind(text: &str) -> IdKind {
    let lower = text.to_lowercase();
    if ["passport", "passeport", "pasaporte"]
        .iter()
        .any(|word| lower.contains(word))
    {
        IdKind::Passport
    } else if ["national", "identity", "identification"]
        .iter()
        .any(|word| lower.contains(word))
    {
        IdKind::National
    } else {
        IdKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<ParsedList, ParseError> {
        parse(&[Input::new("test.xml", text.as_bytes().to_vec())])
    }

    fn wrap(individuals: &str, entities: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2020-01-02T03:04:05Z\">\n<INDIVIDUALS>{individuals}</INDIVIDUALS>\n<ENTITIES>{entities}</ENTITIES>\n</CONSOLIDATED_LIST>\n"
        )
    }

    #[test]
    fn missing_and_duplicate_references_fall_back_to_dataid() {
        let list = parse_text(&wrap(
            "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER></INDIVIDUAL>\
             <INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>B</FIRST_NAME><REFERENCE_NUMBER/></INDIVIDUAL>\
             <INDIVIDUAL><DATAID>3</DATAID><FIRST_NAME>C</FIRST_NAME><REFERENCE_NUMBER>XXi.001 </REFERENCE_NUMBER></INDIVIDUAL>\
             <INDIVIDUAL><FIRST_NAME>D</FIRST_NAME></INDIVIDUAL>",
            "",
        ))
        .unwrap();
        let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            ["un-sc:XXi.001", "un-sc:2", "un-sc:3", "un-sc:record-4"]
        );
        assert_eq!(list.report.records, 4);
        assert_eq!(list.published, chrono::NaiveDate::from_ymd_opt(2020, 1, 2));
        let messages: Vec<&str> = list
            .report
            .issues
            .iter()
            .map(|i| i.message.as_str())
            .collect();
        assert!(messages.contains(&"no REFERENCE_NUMBER"), "{messages:?}");
        assert!(
            messages.contains(&"duplicate REFERENCE_NUMBER XXi.001"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"id falls back to DATAID: un-sc:2"),
            "{messages:?}"
        );
    }

    #[test]
    fn unknown_elements_are_kept_and_reported_once() {
        let list = parse_text(&wrap(
            "<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER><NEW_THING>x <B>y</B></NEW_THING><INDIVIDUAL_ADDRESS><COUNTRY>Z</COUNTRY><GPS>1,2</GPS></INDIVIDUAL_ADDRESS></INDIVIDUAL>\
             <INDIVIDUAL><FIRST_NAME>B</FIRST_NAME><REFERENCE_NUMBER>XXi.002</REFERENCE_NUMBER><NEW_THING>z</NEW_THING></INDIVIDUAL>",
            "",
        ))
        .unwrap();
        let a = &list.entities[0];
        assert_eq!(
            a.get(Prop::Notes),
            [
                "INDIVIDUAL/NEW_THING: x; B: y",
                "INDIVIDUAL_ADDRESS/GPS: 1,2"
            ]
        );
        assert_eq!(a.get(Prop::Country), ["Z"]);
        assert_eq!(list.report.unstructured, 3);
        let unknown: Vec<&str> = list
            .report
            .issues
            .iter()
            .map(|i| i.message.as_str())
            .filter(|m| m.starts_with("unknown element"))
            .collect();
        assert_eq!(
            unknown,
            [
                "unknown element INDIVIDUAL/NEW_THING (2 occurrences); its content is kept in notes",
                "unknown element INDIVIDUAL_ADDRESS/GPS (1 occurrence); its content is kept in notes"
            ]
        );
    }

    #[test]
    fn birth_dates_of_every_kind() {
        let list = parse_text(&wrap(
            "<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>\
             <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1958</YEAR><NOTE>Sep.</NOTE></INDIVIDUAL_DATE_OF_BIRTH>\
             <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973 </NOTE></INDIVIDUAL_DATE_OF_BIRTH>\
             <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><NOTE>Approximately</NOTE><FROM_YEAR>1955</FROM_YEAR><TO_YEAR>1957</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>\
             <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1960-01-01-05:00</DATE></INDIVIDUAL_DATE_OF_BIRTH>\
             <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><NOTE>30-35 years old</NOTE></INDIVIDUAL_DATE_OF_BIRTH>\
             <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1990</FROM_YEAR><TO_YEAR>1980</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>\
             </INDIVIDUAL>",
            "",
        ))
        .unwrap();
        let a = &list.entities[0];
        assert_eq!(
            a.get(Prop::BirthDate),
            ["1958-09", "1973-11", "1955", "1956", "1957", "1960-01-01"]
        );
        assert_eq!(
            a.get(Prop::Notes),
            [
                "date of birth: Approximately",
                "date of birth: 30-35 years old",
                "birth year range: 1990 to 1980"
            ]
        );
        assert_eq!(list.report.unstructured, 3);
    }

    #[test]
    fn documents_become_identifiers() {
        let list = parse_text(&wrap(
            "<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>\
             <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><TYPE_OF_DOCUMENT2>Service passport </TYPE_OF_DOCUMENT2><NUMBER>SA0020249 </NUMBER><ISSUING_COUNTRY>Congo</ISSUING_COUNTRY><DATE_OF_ISSUE>2019-01-22</DATE_OF_ISSUE><CITY_OF_ISSUE>Brazzaville</CITY_OF_ISSUE><NOTE>expires on 21 January 2022</NOTE></INDIVIDUAL_DOCUMENT>\
             <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT><NOTE>SSN 156-92-9858 (United States of America)</NOTE></INDIVIDUAL_DOCUMENT>\
             </INDIVIDUAL>",
            "",
        ))
        .unwrap();
        let a = &list.entities[0];
        assert_eq!(a.identifiers.len(), 1);
        let passport = &a.identifiers[0];
        assert_eq!(passport.kind, IdKind::Passport);
        assert_eq!(passport.label, "Service passport");
        assert_eq!(passport.number, "SA0020249");
        assert_eq!(passport.country.as_deref(), Some("Congo"));
        assert_eq!(passport.issued, Some("2019-01-22".parse().unwrap()));
        assert_eq!(passport.expires, Some("2022-01-21".parse().unwrap()));
        assert_eq!(
            passport.note.as_deref(),
            Some("expires on 21 January 2022; issued in Brazzaville")
        );
        assert_eq!(a.get(Prop::PassportNumber), ["SA0020249"]);
        assert_eq!(
            a.get(Prop::Notes),
            ["document: National Identification Number; SSN 156-92-9858 (United States of America)"]
        );
    }

    #[test]
    fn wrong_roots_are_named() {
        let err = parse_text(
            "<?xml version=\"1.0\"?><export xmlns=\"http://eu.europa.ec/fpi/fsd/export\"/>",
        )
        .unwrap_err();
        assert!(
            matches!(&err, ParseError::WrongFormat { reason, .. } if reason.contains("EU Financial Sanctions File")),
            "{err}"
        );
        assert!(matches!(parse(&[]), Err(ParseError::NoInput { .. })));
        let two = [
            Input::new("a.xml", Vec::new()),
            Input::new("b.xml", Vec::new()),
        ];
        assert!(matches!(parse(&two), Err(ParseError::FileSet { .. })));
    }
}
