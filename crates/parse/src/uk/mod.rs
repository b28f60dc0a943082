//! The UK HM Treasury / OFSI Consolidated List ("ConList").
//!
//! OFSI publishes one row per *name*: a party with five aliases and three
//! regimes fills fifteen rows, scattered through the file, tied together by
//! their `Group ID`. This module folds the rows of a group back into one
//! entity, `uk-hmt:<Group ID>` (the id OFSI keeps across versions, and the one
//! OpenSanctions cites as `gb-hmt-<Group ID>`), with one [`Sanction`] per
//! regime.
//!
//! Formats read (recognised from the bytes, not the file name):
//! - `ConList.csv`: Windows-1252 before 2022 (29 columns), UTF-8 since (36
//!   columns); the encoding is detected and undecodable bytes are refused;
//! - the same CSV gzipped;
//! - the official `.xlsx` download (first sheet), read with `calamine`.
//!
//! Columns are found by header name, so both layouts (and column reorders)
//! work; a column this module does not know is kept in `notes` and reported.
//! The first line `Last Updated,<dd/mm/yyyy>` gives the publication date when
//! present.
//!
//! Mapping choices worth knowing:
//! - Alias Type `Prime Alias`/`Primary name` → `name` (and, for persons, the
//!   name parts: Name 1 → firstName, Name 2–5 → middleName, Name 6 →
//!   lastName); `AKA`/`Primary name variation` → `alias`, or `weakAlias` when
//!   Alias Quality is `Low quality`; `FKA` → `previousName`.
//! - `Name Non-Latin Script` → `originalName`; its script and language, which
//!   no property holds, go to `notes`.
//! - DOB `dd/mm/yyyy` with `00` for unknown parts → partial `birthDate`.
//! - Numbered cells (`(1) Saudi Arabia (2) Qatar`) → one value per item.
//! - Identity documents: since 2022 the number and details columns are paired
//!   item by item; before, the number is picked out of the free-text
//!   description, which is kept as the identifier's note.
//! - `(UK Sanctions List Ref):RUS0001` → an [`Identifier`] of kind
//!   [`IdKind::Other`] labelled `UK Sanctions List Ref`: it is the FCDO's id
//!   of the designation, the key that joins this list to the FCDO's UK
//!   Sanctions List, so it belongs with the searchable identifiers; the
//!   sanction's `authority_id` stays the OFSI Group ID the entity id uses.
//! - The UN reference (`UN Ref QDe.004`, or `(UN Ref):QDe.004` since 2022) →
//!   `Sanction.unsc_id`; the statement of reasons → `Sanction.reason`; `UK
//!   Sanctions List Date Designated` → a `Sanction.summary` line (the model has
//!   no second date); Listed On → `listing_date`; Last Updated → `modified_at`.
//! - `Financial sanctions imposed in addition to an asset freeze: ...` (with
//!   its dated sentences) → `Sanction.provisions`.
//! - The labelled ship fields (IMO number, flag, type, tonnage, owners, year
//!   built, previous flags as FtM `pastFlags`) → the vessel's properties;
//!   contact details, business registration numbers, parent companies and
//!   subsidiaries → phone/email/website, identifiers and ownership [`Link`]s.
//! - Everything else in Other Information (the whole text, in the pre-2022
//!   layout, where only the UN reference is picked out) → `notes`.

pub(crate) mod table;
pub mod text;

use std::collections::HashMap;

use chrono::NaiveDate;
use interdict_model::{
    Entity, EntityId, IdKind, Identifier, Link, PartialDate, Prop, Relation, Sanction, Schema,
    SourceId,
};

use crate::common;
use crate::{ImportReport, Input, ListKind, Location, ParseError, ParseIssue, ParsedList};
use table::Row;
use text::{
    find_measures, find_un_ref, id_tokens, is_un_ref, leading_token, normalize_un_ref,
    other_info_segments, parse_dmy, split_numbered, uk_list_refs,
};

const SOURCE: SourceId = SourceId::UkHmt;

/// Parses one ConList publication: CSV (UTF-8 or Windows-1252), gzipped CSV,
/// or `.xlsx`. Entities come out in the order their group first appears.
pub fn parse(inputs: &[Input]) -> Result<ParsedList, ParseError> {
    let input = common::single_input(SOURCE, inputs, "the ConList")?;
    let name = input.name.as_str();
    let mut issues = Vec::new();
    let (rows, complete, format) = if common::is_zip(&input.bytes) {
        check_is_xlsx(name, &input.bytes)?;
        let table::Sheet { rows, errors } = table::read_xlsx(name, &input.bytes)?;
        for (line, error) in errors {
            issues.push(ParseIssue {
                location: Location::line(name, line),
                message: format!("Excel error cell {error}, kept as text"),
            });
        }
        (rows, true, "uk-conlist-xlsx")
    } else {
        let bytes = common::gunzip(name, &input.bytes)?;
        // Recognise the format before judging the encoding, so that a file of
        // another kind is called that, not badly encoded. The header words are
        // ASCII; UTF-16 must be decoded first.
        let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
        if !utf16 {
            let head = &bytes[..bytes.len().min(64 * 1024)];
            let (head, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(head);
            check_is_conlist_text(name, &head)?;
        }
        let (text, _encoding) = table::decode_text(name, &bytes)?;
        if utf16 {
            check_is_conlist_text(name, &text)?;
        }
        let (rows, complete) = table::read_delimited(name, &text, b',')?;
        (rows, complete, "uk-conlist-csv")
    };
    let mut list = read_rows(name, format, rows, complete)?;
    issues.append(&mut list.report.issues);
    list.report.issues = issues;
    Ok(list)
}

/// Refuses a zip archive that is not an Excel workbook (an `.ods`, a `.docx`).
fn check_is_xlsx(name: &str, bytes: &[u8]) -> Result<(), ParseError> {
    let needle = b"xl/workbook.xml";
    if bytes.windows(needle.len()).any(|window| window == needle) {
        return Ok(());
    }
    Err(ParseError::WrongFormat {
        list: SOURCE,
        location: Location::file(name),
        reason: "a zip archive without xl/workbook.xml: not an Excel workbook".to_string(),
    })
}

/// Refuses text whose first lines are neither `Last Updated,...` nor a
/// ConList header, before reading it as CSV.
fn check_is_conlist_text(name: &str, text: &str) -> Result<(), ParseError> {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let first = lines.next().unwrap_or("");
    let second = lines.next().unwrap_or("");
    let starts = |line: &str| {
        line.trim_start_matches(['"', '\u{feff}', 'ï', '»', '¿'])
            .get(..12)
            .is_some_and(|head| head.eq_ignore_ascii_case("last updated"))
    };
    let header = |line: &str| line.contains("Group ID") && line.contains("Name 6");
    if starts(first) || header(first) || header(second) {
        return Ok(());
    }
    let shown: String = first.chars().take(80).collect();
    Err(ParseError::WrongFormat {
        list: SOURCE,
        location: Location::line(name, 1),
        reason: format!(
            "neither `Last Updated,<date>` nor a ConList header (with Name 6 and Group ID) \
             on the first lines; the file starts {shown:?}"
        ),
    })
}

/// The ConList columns this module knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Name1,
    Name2,
    Name3,
    Name4,
    Name5,
    Name6,
    Title,
    NonLatinName,
    NonLatinType,
    NonLatinLanguage,
    Dob,
    TownOfBirth,
    CountryOfBirth,
    Nationality,
    PassportNumber,
    PassportDetails,
    NationalIdNumber,
    NationalIdDetails,
    NiNumber,
    Position,
    Address1,
    Address2,
    Address3,
    Address4,
    Address5,
    Address6,
    PostCode,
    Country,
    OtherInformation,
    GroupType,
    AliasType,
    AliasQuality,
    Regime,
    ListedOn,
    DateDesignated,
    LastUpdated,
    GroupId,
}

/// Header names (lower case) of each column.
const COLUMNS: &[(Col, &str)] = &[
    (Col::Name1, "name 1"),
    (Col::Name2, "name 2"),
    (Col::Name3, "name 3"),
    (Col::Name4, "name 4"),
    (Col::Name5, "name 5"),
    (Col::Name6, "name 6"),
    (Col::Title, "title"),
    (Col::NonLatinName, "name non-latin script"),
    (Col::NonLatinType, "non-latin script type"),
    (Col::NonLatinLanguage, "non-latin script language"),
    (Col::Dob, "dob"),
    (Col::TownOfBirth, "town of birth"),
    (Col::CountryOfBirth, "country of birth"),
    (Col::Nationality, "nationality"),
    (Col::PassportNumber, "passport number"),
    (Col::PassportDetails, "passport details"),
    (Col::NationalIdNumber, "national identification number"),
    (Col::NationalIdDetails, "national identification details"),
    (Col::NiNumber, "ni number"),
    (Col::Position, "position"),
    (Col::Address1, "address 1"),
    (Col::Address2, "address 2"),
    (Col::Address3, "address 3"),
    (Col::Address4, "address 4"),
    (Col::Address5, "address 5"),
    (Col::Address6, "address 6"),
    (Col::PostCode, "post/zip code"),
    (Col::Country, "country"),
    (Col::OtherInformation, "other information"),
    (Col::GroupType, "group type"),
    (Col::AliasType, "alias type"),
    (Col::AliasQuality, "alias quality"),
    (Col::Regime, "regime"),
    (Col::ListedOn, "listed on"),
    (Col::DateDesignated, "uk sanctions list date designated"),
    (Col::LastUpdated, "last updated"),
    (Col::GroupId, "group id"),
];

/// The ConList's columns, by header name (lower-cased, whitespace collapsed).
type Columns = table::Columns<Col>;

impl From<Col> for usize {
    fn from(col: Col) -> usize {
        col as usize
    }
}

fn columns(header: &csv::StringRecord) -> Columns {
    let names: Vec<&str> = COLUMNS.iter().map(|(_, name)| *name).collect();
    Columns::from_header(header, &names, |cell| {
        cell.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    })
}

/// A group being assembled.
struct Party {
    entity: Entity,
    group_type: String,
    /// The regime of each sanction, parallel to `entity.sanctions`.
    regimes: Vec<String>,
    /// Other Information texts already read.
    other_info: Vec<String>,
    reason: Option<String>,
    unsc_id: Option<String>,
    /// Measures beyond the asset freeze, for every sanction of the party.
    provisions: Vec<String>,
}

/// Collects the report while rows are read.
struct Reader<'a> {
    file: &'a str,
    report: ImportReport,
    /// Alias types and group types already reported as unknown.
    reported: Vec<String>,
}

impl Reader<'_> {
    fn issue(&mut self, row: &Row, group: &str, message: String) {
        self.report.issues.push(ParseIssue {
            location: Location::line(self.file, row.line).with_record(group),
            message,
        });
    }

    /// Reports `message` once per distinct `key`.
    fn issue_once(&mut self, row: &Row, group: &str, key: String, message: String) {
        if !self.reported.contains(&key) {
            self.reported.push(key);
            self.issue(row, group, message);
        }
    }

    fn note(&mut self, entity: &mut Entity, text: &str) {
        if entity.add(Prop::Notes, text) {
            self.report.unstructured += 1;
        }
    }
}

fn read_rows(
    file: &str,
    format: &'static str,
    rows: Vec<Row>,
    complete: bool,
) -> Result<ParsedList, ParseError> {
    let mut rows = rows.into_iter().filter(|row| !row.is_blank()).peekable();
    let wrong = |line: u64, reason: String| ParseError::WrongFormat {
        list: SOURCE,
        location: Location::line(file, line),
        reason,
    };
    let first = rows
        .next()
        .ok_or_else(|| wrong(1, "the file has no rows".to_string()))?;
    let mut reader = Reader {
        file,
        report: ImportReport::default(),
        reported: Vec::new(),
    };
    let first_cell = first.cells.get(0).map_or("", |c| c.trim());
    let (published, header) = if first_cell.eq_ignore_ascii_case("last updated") {
        let date = first.cells.get(1).map_or("", |c| c.trim());
        let published = parse_dmy(date).and_then(|d| {
            NaiveDate::from_ymd_opt(
                i32::from(d.get_year()),
                u32::from(d.get_month()?),
                u32::from(d.get_day()?),
            )
        });
        if published.is_none() {
            reader.issue(
                &first,
                "",
                format!("the Last Updated line has no readable date: {date:?}"),
            );
        }
        let header = rows
            .next()
            .ok_or_else(|| wrong(first.line, "no header after Last Updated".to_string()))?;
        (published, header)
    } else {
        (None, first)
    };
    let columns = columns(&header.cells);
    let missing: Vec<&str> = [
        (Col::GroupId, "Group ID"),
        (Col::GroupType, "Group Type"),
        (Col::Name6, "Name 6"),
        (Col::AliasType, "Alias Type"),
    ]
    .iter()
    .filter(|(col, _)| !columns.has(*col))
    .map(|(_, name)| *name)
    .collect();
    if !missing.is_empty() {
        return Err(wrong(
            header.line,
            format!(
                "the header lacks the ConList columns {}; it reads {:?}",
                missing.join(", "),
                header.cells.iter().take(6).collect::<Vec<_>>()
            ),
        ));
    }
    for (_, name) in &columns.unknown {
        reader.issue(
            &header,
            "",
            format!("unknown column {name:?}: its values are kept in notes"),
        );
    }

    let mut parties: Vec<Party> = Vec::new();
    let mut by_group: HashMap<String, usize> = HashMap::new();
    while let Some(row) = rows.next() {
        let is_last = rows.peek().is_none();
        if row.cells.len() != columns.width {
            let location = Location::line(file, row.line);
            let reason = format!(
                "the row has {} fields, the header {}",
                row.cells.len(),
                columns.width
            );
            return Err(if is_last && !complete && row.cells.len() < columns.width {
                ParseError::Truncated { location, reason }
            } else {
                ParseError::Malformed { location, reason }
            });
        }
        reader.report.records += 1;
        let group = columns.get(&row, Col::GroupId);
        if group.is_empty() {
            return Err(ParseError::Malformed {
                location: Location::line(file, row.line),
                reason: "a row without Group ID".to_string(),
            });
        }
        let index = match by_group.get(group) {
            Some(&index) => index,
            None => {
                let group_type = columns.get(&row, Col::GroupType);
                let schema = match group_type.to_ascii_lowercase().as_str() {
                    "individual" => Schema::Person,
                    "entity" => Schema::Organization,
                    "ship" => Schema::Vessel,
                    _ => {
                        reader.issue_once(
                            &row,
                            group,
                            format!("group type {group_type}"),
                            format!("unknown Group Type {group_type:?}: read as LegalEntity"),
                        );
                        Schema::LegalEntity
                    }
                };
                parties.push(Party {
                    entity: Entity::new(EntityId::new(SOURCE, group), schema),
                    group_type: group_type.to_string(),
                    regimes: Vec::new(),
                    other_info: Vec::new(),
                    reason: None,
                    unsc_id: None,
                    provisions: Vec::new(),
                });
                by_group.insert(group.to_string(), parties.len() - 1);
                parties.len() - 1
            }
        };
        add_row(&mut reader, &mut parties[index], &columns, &row, group);
    }

    let entities = parties.into_iter().map(finish).collect();
    Ok(ParsedList {
        source: SOURCE,
        format,
        kind: ListKind::Full,
        published,
        entities,
        deletions: Vec::new(),
        report: reader.report,
    })
}

fn finish(party: Party) -> Entity {
    let mut entity = party.entity;
    for sanction in &mut entity.sanctions {
        sanction.reason.clone_from(&party.reason);
        sanction.unsc_id.clone_from(&party.unsc_id);
        for provision in &party.provisions {
            if !sanction.provisions.contains(provision) {
                sanction.provisions.push(provision.clone());
            }
        }
        sanction.modified_at.sort();
    }
    entity
}

/// Folds one row into its party.
fn add_row(reader: &mut Reader, party: &mut Party, columns: &Columns, row: &Row, group: &str) {
    let get = |col: Col| columns.get(row, col);
    let group_type = get(Col::GroupType);
    if !group_type.eq_ignore_ascii_case(&party.group_type) {
        reader.issue(
            row,
            group,
            format!(
                "Group Type {group_type:?} differs from the group's first row ({:?})",
                party.group_type
            ),
        );
    }
    add_names(reader, party, columns, row, group);
    let entity = &mut party.entity;

    for title in split_numbered(get(Col::Title)) {
        entity.add(Prop::Title, title);
    }
    let dob = get(Col::Dob);
    if !dob.is_empty() {
        match parse_dmy(dob) {
            Some(date) => {
                entity.add_date(Prop::BirthDate, date);
            }
            None => {
                reader.issue(row, group, format!("unreadable DOB {dob:?}, kept in notes"));
                reader.note(entity, &format!("DOB: {dob}"));
            }
        }
    }
    for place in split_numbered(get(Col::TownOfBirth)) {
        entity.add(Prop::BirthPlace, place);
    }
    for country in split_numbered(get(Col::CountryOfBirth)) {
        entity.add(Prop::BirthCountry, country);
    }
    for nationality in split_numbered(get(Col::Nationality)) {
        entity.add(Prop::Nationality, nationality);
    }
    for position in split_numbered(get(Col::Position)) {
        entity.add(Prop::Position, position);
    }

    // Identity documents.
    if columns.has(Col::PassportNumber) {
        paired_ids(
            reader,
            entity,
            IdKind::Passport,
            ("Passport", "Passport Details"),
            get(Col::PassportNumber),
            get(Col::PassportDetails),
        );
    } else {
        free_text_ids(
            reader,
            entity,
            IdKind::Passport,
            ("Passport", "Passport Details"),
            get(Col::PassportDetails),
        );
    }
    if columns.has(Col::NationalIdNumber) {
        paired_ids(
            reader,
            entity,
            IdKind::National,
            (
                "National Identification Number",
                "National Identification Details",
            ),
            get(Col::NationalIdNumber),
            get(Col::NationalIdDetails),
        );
    }
    free_text_ids(
        reader,
        entity,
        IdKind::National,
        ("NI Number", "NI Number"),
        get(Col::NiNumber),
    );

    // Address.
    let lines: Vec<&str> = [
        Col::Address1,
        Col::Address2,
        Col::Address3,
        Col::Address4,
        Col::Address5,
        Col::Address6,
        Col::PostCode,
    ]
    .iter()
    .map(|&col| get(col))
    .filter(|line| !line.is_empty())
    .collect();
    let country = get(Col::Country);
    if !lines.is_empty() {
        let mut address = lines.join(", ");
        if !country.is_empty() {
            address.push_str(", ");
            address.push_str(country);
        }
        entity.add(Prop::Address, &address);
    }
    entity.add(Prop::Country, country);

    let other = get(Col::OtherInformation);
    if !other.is_empty() && !party.other_info.iter().any(|seen| seen == other) {
        party.other_info.push(other.to_string());
        add_other_information(reader, party, other, row, group);
    }

    for (index, header) in &columns.unknown {
        let value = row.cells.get(*index).map_or("", |c| c.trim());
        if !value.is_empty() {
            reader.note(&mut party.entity, &format!("{header}: {value}"));
        }
    }

    add_listing(reader, party, columns, row, group);
}

/// The name of a row, by its Alias Type.
fn add_names(reader: &mut Reader, party: &mut Party, columns: &Columns, row: &Row, group: &str) {
    let get = |col: Col| columns.get(row, col);
    let given = [Col::Name1, Col::Name2, Col::Name3, Col::Name4, Col::Name5].map(get);
    let family = get(Col::Name6);
    let full = given
        .iter()
        .chain(std::iter::once(&family))
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let alias_type = get(Col::AliasType);
    let low_quality = get(Col::AliasQuality).eq_ignore_ascii_case("low quality");
    let alias = if low_quality {
        Prop::WeakAlias
    } else {
        Prop::Alias
    };
    let entity = &mut party.entity;
    let prop = match alias_type.to_ascii_lowercase().as_str() {
        "prime alias" | "primary name" => {
            if entity.schema == Schema::Person {
                entity.add(Prop::FirstName, given[0]);
                for middle in &given[1..] {
                    entity.add(Prop::MiddleName, middle);
                }
                entity.add(Prop::LastName, family);
            }
            Prop::Name
        }
        "aka" | "alias" | "primary name variation" => alias,
        "fka" => Prop::PreviousName,
        _ => {
            reader.issue_once(
                row,
                group,
                format!("alias type {alias_type}"),
                format!("unknown Alias Type {alias_type:?}: the name is read as an alias"),
            );
            alias
        }
    };
    let entity = &mut party.entity;
    entity.add(prop, &full);
    let original = get(Col::NonLatinName);
    if !original.is_empty() {
        entity.add(Prop::OriginalName, original);
        let script: Vec<&str> = [get(Col::NonLatinType), get(Col::NonLatinLanguage)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !script.is_empty() {
            reader.note(
                entity,
                &format!("Non-Latin script ({}): {original}", script.join(", ")),
            );
        }
    }
    if full.is_empty() && original.is_empty() {
        reader.issue(row, group, "a row without any name".to_string());
    }
}

/// Identity documents of the 2022+ layout: a numbered list of numbers and a
/// parallel numbered list of details.
fn paired_ids(
    reader: &mut Reader,
    entity: &mut Entity,
    kind: IdKind,
    (label, details_label): (&str, &str),
    numbers: &str,
    details: &str,
) {
    if numbers.is_empty() && details.is_empty() {
        return;
    }
    let number_items = text::split_numbered_raw(numbers);
    let detail_items = text::split_numbered_raw(details);
    let paired = number_items.len() == detail_items.len();
    for (i, number) in number_items.iter().enumerate() {
        let note = if paired { detail_items[i] } else { "" };
        if number.is_empty() || *number == "-" {
            if !note.is_empty() && note != "-" {
                reader.note(entity, &format!("{details_label}: {note}"));
            }
            continue;
        }
        add_id(reader, entity, kind, label, number, note, details_label);
    }
    if !paired && !details.is_empty() {
        reader.note(entity, &format!("{details_label}: {details}"));
    }
}

/// Identity documents of the pre-2022 layout: free text per numbered item,
/// the numbers picked out of it.
fn free_text_ids(
    reader: &mut Reader,
    entity: &mut Entity,
    kind: IdKind,
    (label, details_label): (&str, &str),
    text: &str,
) {
    for item in split_numbered(text) {
        let tokens = id_tokens(item);
        if tokens.is_empty() {
            reader.note(entity, &format!("{details_label}: {item}"));
        }
        for token in tokens {
            let note = if token == item { "" } else { item };
            add_identifier(entity, kind, label, token, note);
        }
    }
}

/// One number cell item of the 2022+ layout; an item that is more than a
/// number has its numbers picked out, the text kept as note.
fn add_id(
    reader: &mut Reader,
    entity: &mut Entity,
    kind: IdKind,
    label: &str,
    number: &str,
    note: &str,
    details_label: &str,
) {
    if !number.contains(char::is_whitespace) {
        add_identifier(entity, kind, label, number, note);
        return;
    }
    let tokens = id_tokens(number);
    if tokens.is_empty() {
        reader.note(entity, &format!("{label}: {number}"));
        if !note.is_empty() && note != "-" {
            reader.note(entity, &format!("{details_label}: {note}"));
        }
    }
    for token in tokens {
        let note = [number, note]
            .iter()
            .filter(|s| !s.is_empty() && **s != "-")
            .copied()
            .collect::<Vec<_>>()
            .join("; ");
        add_identifier(entity, kind, label, token, &note);
    }
}

fn add_identifier(entity: &mut Entity, kind: IdKind, label: &str, number: &str, note: &str) {
    let mut identifier = Identifier::new(kind, label, number);
    let note = note.trim();
    if !note.is_empty() && note != "-" {
        identifier.note = Some(note.to_string());
    }
    entity.add_identifier(identifier);
}

/// The Other Information cell: labelled fields since 2022, free text before.
fn add_other_information(
    reader: &mut Reader,
    party: &mut Party,
    text: &str,
    row: &Row,
    group: &str,
) {
    let segments = other_info_segments(text);
    if segments.iter().all(|segment| segment.label.is_none()) {
        if party.unsc_id.is_none() {
            party.unsc_id = find_un_ref(text);
        }
        reader.note(&mut party.entity, text);
        return;
    }
    for segment in segments {
        let value = segment.value;
        let Some(label) = segment.label else {
            add_free_text(reader, party, value);
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let entity = &mut party.entity;
        match label {
            "UK Sanctions List Ref" => {
                let (refs, rest) = uk_list_refs(value);
                for reference in &refs {
                    add_identifier(entity, IdKind::Other, label, reference, "");
                }
                if refs.is_empty() {
                    let shown: String = value.chars().take(40).collect();
                    reader.issue(
                        row,
                        group,
                        format!("{label} {shown:?} is not of the form ABC0123; kept in notes"),
                    );
                    reader.note(entity, &format!("{label}: {value}"));
                } else {
                    add_free_text(reader, party, rest);
                }
            }
            "UK Statement of Reasons" => match &mut party.reason {
                Some(reason) => {
                    reason.push_str("\n\n");
                    reason.push_str(value);
                }
                None => party.reason = Some(value.to_string()),
            },
            "UN Ref" => {
                let (token, rest) = leading_token(value);
                if is_un_ref(token) {
                    party.unsc_id.get_or_insert_with(|| normalize_un_ref(token));
                    if !rest.is_empty() {
                        reader.note(entity, rest);
                    }
                } else {
                    reader.note(entity, &format!("{label}: {value}"));
                }
            }
            "Gender" => match value.trim_end_matches('.').to_ascii_lowercase().as_str() {
                "male" => {
                    entity.add(Prop::Gender, "male");
                }
                "female" => {
                    entity.add(Prop::Gender, "female");
                }
                _ => reader.note(entity, &format!("{label}: {value}")),
            },
            "Phone number" => add_items(entity, Prop::Phone, value),
            "Email address" => add_items(entity, Prop::Email, value),
            "Website" => add_items(entity, Prop::Website, value),
            "Type of entity" => add_items(entity, Prop::LegalForm, value),
            "Business Reg No" => {
                for item in split_numbered(value) {
                    add_id(reader, entity, IdKind::Registration, label, item, "", label);
                }
            }
            "Parent company" | "Subsidiaries" => {
                let role = if label == "Parent company" {
                    "parent company"
                } else {
                    "subsidiary"
                };
                let items = split_numbered(value);
                let items = items.iter().flat_map(|item| item.split("; "));
                for item in items.map(str::trim).filter(|item| !item.is_empty()) {
                    entity.links.push(Link {
                        relation: Relation::Ownership,
                        target_id: None,
                        target_name: Some(item.to_string()),
                        note: Some(role.to_string()),
                    });
                }
            }
            "IMO number" => {
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                if digits.len() == 7 {
                    let note = if digits == value { "" } else { value };
                    add_identifier(entity, IdKind::Imo, label, &digits, note);
                } else {
                    reader.note(entity, &format!("{label}: {value}"));
                }
            }
            "Hull identification number (HIN)" => {
                add_identifier(entity, IdKind::Other, label, value, "");
            }
            "Current owners" => add_items(entity, Prop::OwnerName, value),
            "Flag of ship" => add_items(entity, Prop::Flag, value),
            "Previous flags" => add_items(entity, Prop::Other("pastFlags".to_string()), value),
            "Type of ship" => add_items(entity, Prop::Type, value),
            "Tonnage of ship" => add_items(entity, Prop::Tonnage, value),
            "Year built" => match parse_dmy(value.trim_end_matches('.')) {
                Some(date) => {
                    entity.add_date(Prop::BuildDate, date);
                }
                None => reader.note(entity, &format!("{label}: {value}")),
            },
            _ => reader.note(entity, &format!("{label}: {value}")),
        }
    }
}

/// Free text of Other Information: the statement of measures beyond the
/// asset freeze becomes a provision, the rest goes to notes.
fn add_free_text(reader: &mut Reader, party: &mut Party, text: &str) {
    let (before, after) = match find_measures(text) {
        Some((start, end)) => {
            let measures = text[start..end].trim().to_string();
            if !party.provisions.contains(&measures) {
                party.provisions.push(measures);
            }
            (&text[..start], &text[end..])
        }
        None => (text, ""),
    };
    for part in [before, after] {
        let part = part.trim();
        if !part.is_empty() {
            reader.note(&mut party.entity, part);
        }
    }
}

fn add_items(entity: &mut Entity, prop: Prop, value: &str) {
    for item in split_numbered(value) {
        entity.add(prop.clone(), item);
    }
}

/// The row's regime: one sanction per regime, with its dates.
fn add_listing(reader: &mut Reader, party: &mut Party, columns: &Columns, row: &Row, group: &str) {
    let get = |col: Col| columns.get(row, col);
    let regime = get(Col::Regime);
    let index = match party.regimes.iter().position(|r| r == regime) {
        Some(index) => index,
        None => {
            let mut sanction = Sanction::new(SOURCE, group);
            if !regime.is_empty() {
                sanction.programs.push(regime.to_string());
            }
            party.entity.sanctions.push(sanction);
            party.regimes.push(regime.to_string());
            party.regimes.len() - 1
        }
    };
    let mut date = |col: Col, label: &str| -> Option<PartialDate> {
        let text = get(col);
        if text.is_empty() {
            return None;
        }
        let date = parse_dmy(text);
        if date.is_none() {
            reader.issue(row, group, format!("unreadable {label} {text:?}"));
            let summary = format!("{label}: {text}");
            let sanction = &mut party.entity.sanctions[index];
            if !sanction.summary.contains(&summary) {
                sanction.summary.push(summary);
            }
        }
        date
    };
    let listed = date(Col::ListedOn, "Listed On");
    let designated = date(Col::DateDesignated, "UK Sanctions List Date Designated");
    let updated = date(Col::LastUpdated, "Last Updated");
    let sanction = &mut party.entity.sanctions[index];
    if let Some(listed) = listed {
        match sanction.listing_date {
            None => sanction.listing_date = Some(listed),
            Some(known) if known != listed => {
                let message = format!(
                    "regime {regime:?} listed on both {known} and {listed}; the first is kept"
                );
                reader.issue(row, group, message);
            }
            Some(_) => {}
        }
    }
    if let Some(designated) = designated {
        let line = format!("UK Sanctions List Date Designated: {designated}");
        if !sanction.summary.contains(&line) {
            sanction.summary.push(line);
        }
    }
    if let Some(updated) = updated {
        if !sanction.modified_at.contains(&updated) {
            sanction.modified_at.push(updated);
        }
    }
}
