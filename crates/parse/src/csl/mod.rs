//! The US Consolidated Screening List (trade.gov) and the BIS Denied Persons
//! List.
//!
//! The CSL merges eleven US export-control and sanctions lists (OFAC's SDN,
//! SSI, CAPTA, ...; Commerce's Entity List, Denied Persons, Unverified and
//! Military End User lists; State's ITAR debarments and nonproliferation
//! sanctions) into one CSV. Each row is one party on one of those lists; its
//! `source` column names the list and the agency, which become the
//! [`Sanction`]'s `list_name` and `authority`.
//!
//! Ids: `us-csl:<_id>`, the CSL's own record id (the OFAC entity number for
//! Treasury lists, a SHA-1 for the others). A party on several Treasury lists
//! (SDN and CAPTA, SDN and SSI) appears in several rows with the same `_id`:
//! those rows become one entity with one sanction per list, so that ids stay
//! unique and a party's id does not change when it leaves one of the lists.
//!
//! The BIS Denied Persons List text file (`dpl.txt`, tab-separated) is read
//! too: the CSL derives its DPL records from it, and its `_id` for them is the
//! SHA-1 of the raw `Name` followed by the raw `FR_Citation`. This module
//! computes the same id, so a party read from `dpl.txt` has the id it has in
//! the CSL, and rows that share it (one per address) are one entity, as in the
//! CSL.
//!
//! Mapping: `name` → name, `alt_names` → alias, `title` → position,
//! `addresses` → address (and the trailing country code → country),
//! `dates_of_birth`/`places_of_birth`/`nationalities`/`citizenships` → the
//! person properties, vessel columns → vessel properties, `ids` → identifiers
//! and more (see [`ids`]), `remarks` → `(Linked To: ...)` links and notes,
//! `programs` → programs, `start_date` → listing date, `federal_register_notice`,
//! `end_date`, `standard_order` → sanction summary lines,
//! `license_requirement`/`license_policy` → provisions, the two URLs →
//! `sourceUrl`.

mod dpl;
pub mod ids;

use std::collections::HashMap;

use interdict_model::{
    Entity, EntityId, IdKind, Identifier, Link, PartialDate, Prop, Relation, Sanction, Schema,
    SourceId,
};

use crate::common;
use crate::uk::table::{self, Row};
use crate::{ImportReport, Input, ListKind, Location, ParseError, ParseIssue, ParsedList};
use ids::{classify, read_record, split_records, LayoutVotes, Target};

const SOURCE: SourceId = SourceId::UsCsl;

/// Parses a CSL CSV (plain or gzipped, UTF-8), or a BIS `dpl.txt`.
pub fn parse(inputs: &[Input]) -> Result<ParsedList, ParseError> {
    let input = common::single_input(SOURCE, inputs, "the CSL")?;
    let name = input.name.as_str();
    let bytes = common::gunzip(name, &input.bytes)?;
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let first_line = first_line
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(first_line);
    if dpl::is_dpl_header(first_line) {
        let text = table::decode_utf8(name, &bytes)?;
        return dpl::parse(name, text);
    }
    if !first_line.starts_with(b"_id,") && !first_line.starts_with(b"\"_id\",") {
        let shown: String = String::from_utf8_lossy(first_line)
            .chars()
            .take(80)
            .collect();
        return Err(ParseError::WrongFormat {
            list: SOURCE,
            location: Location::line(name, 1),
            reason: format!(
                "neither a CSL CSV header (`_id,source,...`) nor a BIS DPL header; \
                 the file starts {shown:?}"
            ),
        });
    }
    let text = table::decode_utf8(name, &bytes)?;
    let (rows, complete) = table::read_delimited(name, text, b',')?;
    read_rows(name, rows, complete)
}

/// The CSL columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Id,
    Source,
    EntityNumber,
    Type,
    Programs,
    Name,
    Title,
    Addresses,
    FederalRegisterNotice,
    StartDate,
    EndDate,
    StandardOrder,
    LicenseRequirement,
    LicensePolicy,
    CallSign,
    VesselType,
    GrossTonnage,
    GrossRegisteredTonnage,
    VesselFlag,
    VesselOwner,
    Remarks,
    SourceListUrl,
    AltNames,
    Citizenships,
    DatesOfBirth,
    Nationalities,
    PlacesOfBirth,
    SourceInformationUrl,
    Ids,
}

const COLUMNS: &[(Col, &str)] = &[
    (Col::Id, "_id"),
    (Col::Source, "source"),
    (Col::EntityNumber, "entity_number"),
    (Col::Type, "type"),
    (Col::Programs, "programs"),
    (Col::Name, "name"),
    (Col::Title, "title"),
    (Col::Addresses, "addresses"),
    (Col::FederalRegisterNotice, "federal_register_notice"),
    (Col::StartDate, "start_date"),
    (Col::EndDate, "end_date"),
    (Col::StandardOrder, "standard_order"),
    (Col::LicenseRequirement, "license_requirement"),
    (Col::LicensePolicy, "license_policy"),
    (Col::CallSign, "call_sign"),
    (Col::VesselType, "vessel_type"),
    (Col::GrossTonnage, "gross_tonnage"),
    (Col::GrossRegisteredTonnage, "gross_registered_tonnage"),
    (Col::VesselFlag, "vessel_flag"),
    (Col::VesselOwner, "vessel_owner"),
    (Col::Remarks, "remarks"),
    (Col::SourceListUrl, "source_list_url"),
    (Col::AltNames, "alt_names"),
    (Col::Citizenships, "citizenships"),
    (Col::DatesOfBirth, "dates_of_birth"),
    (Col::Nationalities, "nationalities"),
    (Col::PlacesOfBirth, "places_of_birth"),
    (Col::SourceInformationUrl, "source_information_url"),
    (Col::Ids, "ids"),
];

/// The CSL's columns, by header name (lower-cased, trimmed).
type Columns = table::Columns<Col>;

impl From<Col> for usize {
    fn from(col: Col) -> usize {
        col as usize
    }
}

fn columns(header: &csv::StringRecord) -> Columns {
    let names: Vec<&str> = COLUMNS.iter().map(|(_, name)| *name).collect();
    Columns::from_header(header, &names, |cell| cell.trim().to_ascii_lowercase())
}

/// Collects the report while rows are read.
pub(crate) struct Reader<'a> {
    pub(crate) file: &'a str,
    pub(crate) report: ImportReport,
}

impl Reader<'_> {
    pub(crate) fn issue(&mut self, line: u64, record: &str, message: String) {
        self.report.issues.push(ParseIssue {
            location: Location::line(self.file, line).with_record(record),
            message,
        });
    }

    pub(crate) fn note(&mut self, entity: &mut Entity, text: &str) {
        if entity.add(Prop::Notes, text) {
            self.report.unstructured += 1;
        }
    }
}

fn read_rows(file: &str, rows: Vec<Row>, complete: bool) -> Result<ParsedList, ParseError> {
    let mut rows = rows.into_iter().filter(|row| !row.is_blank()).peekable();
    let header = rows.next().ok_or_else(|| ParseError::WrongFormat {
        list: SOURCE,
        location: Location::file(file),
        reason: "the file is empty".to_string(),
    })?;
    let columns = columns(&header.cells);
    for (col, name) in [
        (Col::Id, "_id"),
        (Col::Source, "source"),
        (Col::Name, "name"),
    ] {
        if !columns.has(col) {
            return Err(ParseError::WrongFormat {
                list: SOURCE,
                location: Location::line(file, header.line),
                reason: format!("the header has no {name} column"),
            });
        }
    }
    let mut reader = Reader {
        file,
        report: ImportReport::default(),
    };
    for (_, name) in &columns.unknown {
        reader.issue(
            header.line,
            "",
            format!("unknown column {name:?}: its values are kept in notes"),
        );
    }
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut votes = LayoutVotes::default();
    while let Some(row) = rows.next() {
        let is_last = rows.peek().is_none();
        if row.cells.len() != columns.width {
            let location = Location::line(file, row.line);
            let reason = format!(
                "the record has {} fields, the header {}",
                row.cells.len(),
                columns.width
            );
            return Err(if is_last && !complete && row.cells.len() < columns.width {
                ParseError::Truncated { location, reason }
            } else {
                ParseError::Malformed { location, reason }
            });
        }
        if row.cells == header.cells {
            reader.issue(
                row.line,
                "",
                "the header line is repeated here; skipped".to_string(),
            );
            continue;
        }
        reader.report.records += 1;
        let id = columns.get(&row, Col::Id);
        if id.is_empty() {
            return Err(ParseError::Malformed {
                location: Location::line(file, row.line),
                reason: "a record without _id".to_string(),
            });
        }
        let schema = schema_of(&mut reader, &row, id, columns.get(&row, Col::Type));
        let index = match by_id.get(id) {
            Some(&index) => {
                let entity = &entities[index];
                if entity.schema != schema {
                    reader.issue(
                        row.line,
                        id,
                        format!(
                            "a second record with this _id has type {:?}, the first {}",
                            columns.get(&row, Col::Type),
                            entity.schema
                        ),
                    );
                }
                index
            }
            None => {
                entities.push(Entity::new(EntityId::new(SOURCE, id), schema));
                by_id.insert(id.to_string(), entities.len() - 1);
                entities.len() - 1
            }
        };
        add_row(
            &mut reader,
            &mut entities[index],
            &columns,
            &row,
            id,
            &mut votes,
        );
    }
    Ok(ParsedList {
        source: SOURCE,
        format: "csl-csv",
        kind: ListKind::Full,
        published: None,
        entities,
        deletions: Vec::new(),
        report: reader.report,
    })
}

fn schema_of(reader: &mut Reader, row: &Row, id: &str, kind: &str) -> Schema {
    match kind.to_ascii_lowercase().as_str() {
        "individual" => Schema::Person,
        "entity" => Schema::Organization,
        "vessel" => Schema::Vessel,
        "aircraft" => Schema::Airplane,
        // The BIS and State lists do not say.
        "" => Schema::LegalEntity,
        _ => {
            reader.issue(
                row.line,
                id,
                format!("unknown type {kind:?}: read as LegalEntity"),
            );
            Schema::LegalEntity
        }
    }
}

/// Splits a `; `-separated cell.
fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

/// Splits the CSL `source` into the list and the agency:
/// `Entity List (EL) - Bureau of Industry and Security`.
fn list_and_authority(source: &str) -> (&str, &str) {
    match source.rsplit_once(" - ") {
        Some((list, authority)) => (list.trim(), authority.trim()),
        None => (source.trim(), ""),
    }
}

/// Adds an address; a trailing two-letter country code also becomes
/// `country`. A lone code is only a country.
pub(crate) fn add_address(entity: &mut Entity, address: &str) {
    let address = address.trim().trim_end_matches(',').trim();
    let code = match address.rsplit_once(", ") {
        Some((_, last)) => last,
        None => address,
    };
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        entity.add(Prop::Country, code);
        if code == address {
            return;
        }
    }
    entity.add(Prop::Address, address);
}

/// Adds a summary line once.
pub(crate) fn summary(sanction: &mut Sanction, line: String) {
    if !sanction.summary.contains(&line) {
        sanction.summary.push(line);
    }
}

fn add_row(
    reader: &mut Reader,
    entity: &mut Entity,
    columns: &Columns,
    row: &Row,
    id: &str,
    votes: &mut LayoutVotes,
) {
    let get = |col: Col| columns.get(row, col);
    entity.add(Prop::Name, get(Col::Name));
    for alias in list(get(Col::AltNames)) {
        // `A; and B` joins the last alias with a conjunction.
        entity.add(Prop::Alias, alias.strip_prefix("and ").unwrap_or(alias));
    }
    entity.add(Prop::Position, get(Col::Title));
    for address in list(get(Col::Addresses)) {
        add_address(entity, address);
    }
    for (col, prop) in [
        (Col::Citizenships, Prop::Citizenship),
        (Col::Nationalities, Prop::Nationality),
        (Col::PlacesOfBirth, Prop::BirthPlace),
    ] {
        for value in list(get(col)) {
            entity.add(prop.clone(), value);
        }
    }
    for text in list(get(Col::DatesOfBirth)) {
        add_birth_date(reader, entity, row.line, id, text);
    }
    for (col, prop) in [
        (Col::CallSign, Prop::CallSign),
        (Col::VesselType, Prop::Type),
        (Col::GrossTonnage, Prop::Tonnage),
        (Col::GrossRegisteredTonnage, Prop::GrossRegisteredTonnage),
        (Col::VesselFlag, Prop::Flag),
        (Col::VesselOwner, Prop::OwnerName),
        (Col::SourceListUrl, Prop::SourceUrl),
        (Col::SourceInformationUrl, Prop::SourceUrl),
    ] {
        entity.add(prop, get(col));
    }
    add_remarks(reader, entity, get(Col::Remarks));

    // The listing.
    let (list_name, authority) = list_and_authority(get(Col::Source));
    let number = get(Col::EntityNumber);
    let mut sanction = Sanction::new(SOURCE, if number.is_empty() { id } else { number });
    if !authority.is_empty() {
        sanction.authority = authority.to_string();
    }
    sanction.list_name = (!list_name.is_empty()).then(|| list_name.to_string());
    sanction.programs = list(get(Col::Programs)).map(str::to_string).collect();
    let start = get(Col::StartDate);
    if !start.is_empty() {
        match ids::parse_date(start) {
            Some(date) => sanction.listing_date = Some(date),
            None => {
                reader.issue(row.line, id, format!("unreadable start_date {start:?}"));
                summary(&mut sanction, format!("Start date: {start}"));
            }
        }
    }
    let notice = get(Col::FederalRegisterNotice);
    if !notice.is_empty() {
        summary(&mut sanction, format!("Federal Register notice: {notice}"));
    }
    let end = get(Col::EndDate);
    if !end.is_empty() {
        let end = ids::parse_date(end).map_or_else(|| end.to_string(), |d| d.to_string());
        summary(&mut sanction, format!("End date: {end}"));
    }
    let order = get(Col::StandardOrder);
    if !order.is_empty() {
        summary(&mut sanction, format!("Standard order: {order}"));
    }
    for (col, label) in [
        (Col::LicenseRequirement, "License requirement"),
        (Col::LicensePolicy, "License policy"),
    ] {
        let value = get(col);
        if !value.is_empty() {
            sanction.provisions.push(format!("{label}: {value}"));
        }
    }
    for record in split_records(get(Col::Ids)) {
        add_id_record(reader, entity, &mut sanction, record, votes);
    }
    for (index, header) in &columns.unknown {
        let value = row.cells.get(*index).map_or("", |c| c.trim());
        if !value.is_empty() {
            reader.note(entity, &format!("{header}: {value}"));
        }
    }
    if !entity.sanctions.contains(&sanction) {
        entity.sanctions.push(sanction);
    }
}

/// `1962-08-06`, `1967`, `circa 1967`, `1958 to 1960`.
fn add_birth_date(reader: &mut Reader, entity: &mut Entity, line: u64, id: &str, text: &str) {
    if let Ok(date) = text.parse::<PartialDate>() {
        entity.add_date(Prop::BirthDate, date);
        return;
    }
    let years: Vec<PartialDate> = match text.strip_prefix("circa ") {
        Some(year) => year.trim().parse().ok().into_iter().collect(),
        None => match text.split_once(" to ") {
            Some((from, to)) => match (from.trim().parse::<u16>(), to.trim().parse::<u16>()) {
                (Ok(from), Ok(to)) if from <= to && to - from <= 20 => {
                    (from..=to).filter_map(PartialDate::year).collect()
                }
                _ => Vec::new(),
            },
            None => Vec::new(),
        },
    };
    if years.is_empty() {
        reader.issue(
            line,
            id,
            format!("unreadable date of birth {text:?}, kept in notes"),
        );
    }
    for year in years {
        entity.add_date(Prop::BirthDate, year);
    }
    // The approximation itself is not structured.
    reader.note(entity, &format!("Date of birth: {text}"));
}

/// `(Linked To: NAME)` → links; the rest → notes.
fn add_remarks(reader: &mut Reader, entity: &mut Entity, remarks: &str) {
    const LINKED: &str = "(Linked To: ";
    let mut rest = String::new();
    let mut text = remarks;
    while let Some(start) = text.find(LINKED) {
        let after = &text[start + LINKED.len()..];
        let Some(end) = closing_paren(after) else {
            break;
        };
        let target = after[..end].trim();
        rest.push_str(&text[..start]);
        if !target.is_empty() {
            let link = Link {
                relation: Relation::LinkedTo,
                target_id: None,
                target_name: Some(target.to_string()),
                note: None,
            };
            if !entity.links.contains(&link) {
                entity.links.push(link);
            }
        }
        text = &after[end + 1..];
    }
    rest.push_str(text);
    let rest = rest.trim().trim_end_matches(';').trim();
    if !rest.is_empty() {
        reader.note(entity, rest);
    }
}

/// The byte index of the `)` that closes a parenthesis already open at the
/// start of `text`, counting nested pairs (`IRGC (QODS) FORCE)`).
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 1usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn add_id_record(
    reader: &mut Reader,
    entity: &mut Entity,
    sanction: &mut Sanction,
    record: &str,
    votes: &mut LayoutVotes,
) {
    let read = read_record(record, votes);
    let label = read.label.trim().trim_end_matches([':', '-', ' ']);
    let value = read.value.trim();
    if read.label.is_empty() {
        reader.note(entity, record);
        return;
    }
    match classify(read.label) {
        Target::Prop(prop) => {
            entity.add(prop, value);
        }
        Target::Gender => match value.to_ascii_lowercase().as_str() {
            "male" => {
                entity.add(Prop::Gender, "male");
            }
            "female" => {
                entity.add(Prop::Gender, "female");
            }
            _ => reader.note(entity, &format!("{label}: {value}")),
        },
        Target::Date(prop) => match ids::parse_date(value) {
            Some(date) => {
                entity.add_date(prop, date);
            }
            None => match value.parse::<PartialDate>() {
                Ok(year) => {
                    entity.add_date(prop, year);
                }
                Err(_) => reader.note(entity, &format!("{label}: {value}")),
            },
        },
        Target::Flag => {
            let flag = if label.eq_ignore_ascii_case("Additional Sanctions Information") {
                value.to_string()
            } else {
                format!("{label}: {value}")
            };
            if !sanction.flags.contains(&flag) {
                sanction.flags.push(flag);
            }
        }
        Target::Provision => {
            let provision = format!("{label}: {value}");
            if !sanction.provisions.contains(&provision) {
                sanction.provisions.push(provision);
            }
        }
        Target::Note => reader.note(entity, &format!("{label}: {value}")),
        Target::Link => {
            let link = Link {
                relation: Relation::UnknownLink,
                target_id: None,
                target_name: Some(value.to_string()),
                note: Some(label.to_string()),
            };
            if !entity.links.contains(&link) {
                entity.links.push(link);
            }
        }
        Target::Id(kind) => {
            let (number, written) = if kind == IdKind::Imo {
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                if digits.len() == 7 {
                    (digits, Some(value))
                } else {
                    (value.to_string(), None)
                }
            } else {
                (value.to_string(), None)
            };
            if number.is_empty() {
                reader.note(entity, record);
                return;
            }
            let mut identifier = Identifier::new(kind, label, &number);
            identifier.country = read.country.map(str::to_string);
            identifier.issued = read.issued;
            identifier.expires = read.expires;
            let mut notes = Vec::new();
            if let Some(written) = written.filter(|w| *w != number) {
                notes.push(format!("written {written}"));
            }
            if let Some(date) = read.undetermined_date {
                notes.push(format!(
                    "{date} (issue or expiry date: the CSV does not say which)"
                ));
            }
            identifier.note = (!notes.is_empty()).then(|| notes.join("; "));
            entity.add_identifier(identifier);
        }
    }
}
