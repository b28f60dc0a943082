//! The BIS Denied Persons List as BIS publishes it (`dpl.txt`): tab-separated,
//! quoted, one row per address of a denial order.
//!
//! The CSL builds its DPL records from these rows: rows with the same `Name`
//! and `FR_Citation` become one record whose `_id` is the SHA-1 (hex) of the
//! raw name followed by the raw citation. This module does the same, so that
//! `us-csl:<sha1>` names the same party whichever of the two files it came
//! from.

use std::collections::HashMap;

use interdict_model::{Entity, EntityId, PartialDate, Prop, Sanction, Schema};
use sha1::{Digest, Sha1};

use super::{add_address, summary, Reader, SOURCE};
use crate::uk::table::{self, Row};
use crate::{ImportReport, ListKind, Location, ParseError, ParsedList};

const LIST: &str = "Denied Persons List (DPL)";
const AUTHORITY: &str = "Bureau of Industry and Security";

/// Whether the first line is the DPL header (`"Name"<TAB>"Street_Address"...`).
pub fn is_dpl_header(line: &[u8]) -> bool {
    let contains = |needle: &[u8]| line.windows(needle.len()).any(|w| w == needle);
    line.contains(&b'\t') && contains(b"Name") && contains(b"FR_Citation")
}

/// The CSL `_id` of a DPL order: SHA-1 of the raw name and citation.
pub fn csl_id(name: &str, citation: &str) -> String {
    let mut hasher = Sha1::new();
    hasher.update(name.as_bytes());
    hasher.update(citation.as_bytes());
    hex::encode(hasher.finalize())
}

#[derive(Clone, Copy)]
enum Col {
    Name,
    Street,
    City,
    State,
    Country,
    PostalCode,
    EffectiveDate,
    ExpirationDate,
    StandardOrder,
    LastUpdate,
    Action,
    Citation,
}

const COLUMNS: [(Col, &str); 12] = [
    (Col::Name, "name"),
    (Col::Street, "street_address"),
    (Col::City, "city"),
    (Col::State, "state"),
    (Col::Country, "country"),
    (Col::PostalCode, "postal_code"),
    (Col::EffectiveDate, "effective_date"),
    (Col::ExpirationDate, "expiration_date"),
    (Col::StandardOrder, "standard_order"),
    (Col::LastUpdate, "last_update"),
    (Col::Action, "action"),
    (Col::Citation, "fr_citation"),
];

/// `mm/dd/yyyy`.
fn us_date(text: &str) -> Option<PartialDate> {
    let mut parts = text.trim().split('/');
    let (month, day, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    PartialDate::ymd(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// Parses the text of a `dpl.txt`.
pub fn parse(file: &str, text: &str) -> Result<ParsedList, ParseError> {
    let (rows, complete) = table::read_delimited(file, text, b'\t')?;
    let mut rows = rows.into_iter().filter(|row| !row.is_blank()).peekable();
    let header = rows.next().ok_or_else(|| ParseError::WrongFormat {
        list: SOURCE,
        location: Location::file(file),
        reason: "the file is empty".to_string(),
    })?;
    let mut index = [None; COLUMNS.len()];
    for (i, cell) in header.cells.iter().enumerate() {
        let normal = cell.trim().to_ascii_lowercase();
        if let Some(known) = COLUMNS.iter().position(|(_, name)| *name == normal) {
            index[known] = Some(i);
        }
    }
    let unknown: Vec<(usize, &str)> = header
        .cells
        .iter()
        .enumerate()
        .filter(|(i, cell)| !cell.trim().is_empty() && !index.contains(&Some(*i)))
        .map(|(i, cell)| (i, cell.trim()))
        .collect();
    if index[Col::Name as usize].is_none() || index[Col::Citation as usize].is_none() {
        return Err(ParseError::WrongFormat {
            list: SOURCE,
            location: Location::line(file, header.line),
            reason: "the DPL header has no Name or FR_Citation column".to_string(),
        });
    }
    let raw = |row: &Row, col: Col| -> String {
        index[col as usize]
            .and_then(|i| row.cells.get(i))
            .unwrap_or_default()
            .to_string()
    };
    let mut reader = Reader {
        file,
        report: ImportReport::default(),
    };
    for (_, name) in &unknown {
        reader.issue(
            header.line,
            "",
            format!("unknown column {name:?}: its values are kept in notes"),
        );
    }
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    while let Some(row) = rows.next() {
        let is_last = rows.peek().is_none();
        if row.cells.len() != header.cells.len() {
            let location = Location::line(file, row.line);
            let reason = format!(
                "the row has {} fields, the header {}",
                row.cells.len(),
                header.cells.len()
            );
            return Err(
                if is_last && !complete && row.cells.len() < header.cells.len() {
                    ParseError::Truncated { location, reason }
                } else {
                    ParseError::Malformed { location, reason }
                },
            );
        }
        reader.report.records += 1;
        let name = raw(&row, Col::Name);
        let citation = raw(&row, Col::Citation);
        let id = csl_id(&name, &citation);
        let get = |col: Col| raw(&row, col).trim().to_string();
        let index = *by_id.entry(id.clone()).or_insert_with(|| {
            let mut entity = Entity::new(EntityId::new(SOURCE, &id), Schema::LegalEntity);
            let mut sanction = Sanction::new(SOURCE, &id);
            sanction.authority = AUTHORITY.to_string();
            sanction.list_name = Some(LIST.to_string());
            entity.sanctions.push(sanction);
            entities.push(entity);
            entities.len() - 1
        });
        let entity = &mut entities[index];
        entity.add(Prop::Name, &name);
        let address: Vec<String> = [
            Col::Street,
            Col::City,
            Col::State,
            Col::PostalCode,
            Col::Country,
        ]
        .iter()
        .map(|&col| get(col))
        .filter(|part| !part.is_empty())
        .collect();
        if !address.is_empty() {
            add_address(entity, &address.join(", "));
        }
        let action = get(Col::Action);
        if !action.is_empty() {
            reader.note(entity, &action);
        }
        for (col, _) in &unknown {
            let value = row.cells.get(*col).map_or("", |c| c.trim());
            if !value.is_empty() {
                let header_name = header.cells.get(*col).unwrap_or_default().trim();
                reader.note(entity, &format!("{header_name}: {value}"));
            }
        }
        let mut dates = Vec::new();
        for (col, label) in [
            (Col::EffectiveDate, "Effective_Date"),
            (Col::ExpirationDate, "Expiration_Date"),
            (Col::LastUpdate, "Last_Update"),
        ] {
            let text = get(col);
            let date = us_date(&text).or_else(|| text.parse().ok());
            if date.is_none() && !text.is_empty() {
                reader.issue(row.line, &id, format!("unreadable {label} {text:?}"));
                summary(&mut entity.sanctions[0], format!("{label}: {text}"));
            }
            dates.push((date, text));
        }
        let sanction = &mut entity.sanctions[0];
        let (effective, effective_text) = &dates[0];
        match (sanction.listing_date, effective) {
            (None, Some(date)) => sanction.listing_date = Some(*date),
            (Some(known), Some(date)) if known != *date => summary(
                sanction,
                format!("Effective date of another row: {effective_text}"),
            ),
            _ => {}
        }
        if let (Some(date), _) = &dates[1] {
            summary(sanction, format!("End date: {date}"));
        }
        if let (Some(updated), _) = &dates[2] {
            if !sanction.modified_at.contains(updated) {
                sanction.modified_at.push(*updated);
                sanction.modified_at.sort();
            }
        }
        let order = get(Col::StandardOrder);
        if !order.is_empty() {
            summary(sanction, format!("Standard order: {order}"));
        }
        let notice = citation.trim();
        if !notice.is_empty() {
            summary(sanction, format!("Federal Register notice: {notice}"));
        }
    }
    Ok(ParsedList {
        source: SOURCE,
        format: "bis-dpl-txt",
        kind: ListKind::Full,
        published: None,
        entities,
        deletions: Vec::new(),
        report: reader.report,
    })
}
