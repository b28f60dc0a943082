//! OFAC's legacy CSV set: one file of primary records and three of details.
//!
//! `sdn.csv` (or `cons_prim.csv`) holds one row per listed party: ent_num,
//! name, type, programs, title, vessel details, remarks. `alt.csv` adds
//! names, `add.csv` addresses, and `sdn_comments.csv` the rest of remarks
//! too long for their field. The files share `ent_num`; this module joins
//! them into one entity per primary row, in file order.

use std::collections::HashMap;

use interdict_model::{Entity, Prop, Sanction, SourceId};

use super::remarks::{apply_remarks, strip_terminal_period};
use super::text::{decode, rows, Row};
use super::{finish, new_entity, schema_for, split_programs, Builder};
use crate::{ImportReport, Input, ListKind, Location, ParseError, ParseIssue, ParsedList};

/// The size of the Remarks field; longer remarks continue in the comments
/// file.
const REMARKS_FIELD_SIZE: usize = 1000;

/// The part a file plays in the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Role {
    /// `sdn.csv`, `cons_prim.csv`.
    Primary,
    /// `add.csv`, `cons_add.csv`.
    Address,
    /// `alt.csv`, `cons_alt.csv`.
    Alt,
    /// `sdn_comments.csv`, `cons_comments.csv`.
    Comments,
}

impl Role {
    /// Fields per row.
    fn width(self) -> usize {
        match self {
            Role::Primary => 12,
            Role::Address => 6,
            Role::Alt => 5,
            Role::Comments => 2,
        }
    }

    /// The file's role from its name, for `source`.
    pub(super) fn from_name(source: SourceId, name: &str) -> Option<Role> {
        let names = match source {
            SourceId::OfacCons => [
                "cons_prim.csv",
                "cons_add.csv",
                "cons_alt.csv",
                "cons_comments.csv",
            ],
            _ => ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"],
        };
        let roles = [Role::Primary, Role::Address, Role::Alt, Role::Comments];
        names.iter().position(|n| *n == name).map(|i| roles[i])
    }

    /// The file names of the set of `source`, for messages.
    pub(super) fn names(source: SourceId) -> &'static str {
        match source {
            SourceId::OfacCons => "cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv",
            _ => "sdn.csv, add.csv, alt.csv, sdn_comments.csv",
        }
    }
}

/// A decoded, split file.
struct Table<'a> {
    input: &'a Input,
    rows: Vec<Row<'a>>,
}

fn read<'a>(
    source: SourceId,
    role: Role,
    input: &'a Input,
    text: &'a str,
) -> Result<Table<'a>, ParseError> {
    let first_line = text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0) as u64 + 1;
    let wrong_format = |location: Location, reason: String| ParseError::WrongFormat {
        list: source,
        location,
        reason,
    };
    let rows = rows(text, &input.name, role.width()).map_err(|err| match err {
        ParseError::Malformed { location, reason } if location.line == Some(first_line) => {
            wrong_format(
                Location::line(&input.name, first_line),
                format!(
                    "first row is not an OFAC {} row: {reason}",
                    input.file_name()
                ),
            )
        }
        other => other,
    })?;
    for (index, row) in rows.iter().enumerate() {
        let ent_num = row.get(0);
        if ent_num.is_empty() || !ent_num.bytes().all(|b| b.is_ascii_digit()) {
            let location = Location::line(&input.name, row.line);
            let reason = format!("ent_num {ent_num:?} is not a number");
            return Err(if index == 0 {
                wrong_format(location, reason)
            } else {
                ParseError::Malformed { location, reason }
            });
        }
    }
    Ok(Table { input, rows })
}

/// Parses a CSV set. `files` has exactly one primary file and at most one
/// file of each other role (the caller checks).
pub(super) fn parse(source: SourceId, files: &[(Role, &Input)]) -> Result<ParsedList, ParseError> {
    let mut report = ImportReport::default();
    let decoded: Vec<_> = files
        .iter()
        .map(|(role, input)| decode(input).map(|d| (*role, *input, d)))
        .collect::<Result<_, _>>()?;
    let mut tables: HashMap<Role, Table<'_>> = HashMap::new();
    for (role, input, decoded) in &decoded {
        if decoded.utf8 {
            report.issues.push(ParseIssue {
                location: Location::file(&input.name),
                message: "file is UTF-8, not Windows-1252; read as UTF-8".into(),
            });
        }
        tables.insert(*role, read(source, *role, input, &decoded.text)?);
    }
    report.records = tables.values().map(|t| t.rows.len()).sum();

    let mut comments = tables
        .remove(&Role::Comments)
        .map(|t| collect_comments(&t))
        .unwrap_or_default();
    let comment_index: HashMap<String, usize> = comments
        .iter()
        .enumerate()
        .map(|(i, (ent_num, _))| (ent_num.clone(), i))
        .collect();
    let primary = tables.remove(&Role::Primary).expect("the caller checks");
    let mut builder = Builder::new();
    for row in &primary.rows {
        let location = Location::line(&primary.input.name, row.line).with_record(row.get(0));
        let mut remarks = row.get(11).to_string();
        if let Some(&i) = comment_index.get(row.get(0)) {
            remarks.push_str(&comments[i].1.text);
            comments[i].1.used = true;
        } else if row.get(11).chars().count() >= REMARKS_FIELD_SIZE {
            report.issues.push(ParseIssue {
                location: location.clone(),
                message: format!(
                    "remarks fill the whole {REMARKS_FIELD_SIZE}-character field and no \
                     continuation was given (comments file); the last clause may be cut"
                ),
            });
        }
        let (entity, sanction) = primary_entity(source, row, &remarks, &location, &mut report);
        builder.push(entity, sanction, location, &mut report);
    }
    for (ent_num, comment) in comments.into_iter().filter(|(_, c)| !c.used) {
        report.issues.push(ParseIssue {
            location: comment.location,
            message: format!(
                "remarks continuation for ent_num {ent_num}, which has no primary row: {:?}",
                comment.text
            ),
        });
    }
    if let Some(alt) = tables.remove(&Role::Alt) {
        for row in &alt.rows {
            let location = Location::line(&alt.input.name, row.line).with_record(row.get(0));
            match builder.get_mut(row.get(0)) {
                Some((entity, _)) => add_alt(entity, row, &location, &mut report),
                None => orphan(&mut report, location, "alt", row),
            }
        }
    }
    if let Some(add) = tables.remove(&Role::Address) {
        for row in &add.rows {
            let location = Location::line(&add.input.name, row.line).with_record(row.get(0));
            match builder.get_mut(row.get(0)) {
                Some((entity, _)) => add_address(entity, row, &mut report),
                None => orphan(&mut report, location, "address", row),
            }
        }
    }
    Ok(finish(
        source,
        "ofac-csv-set",
        ListKind::Full,
        None,
        builder,
        report,
    ))
}

/// A remarks continuation: text and where it came from.
struct Comment {
    text: String,
    location: Location,
    used: bool,
}

fn collect_comments(table: &Table<'_>) -> Vec<(String, Comment)> {
    let mut comments: Vec<(String, Comment)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let ent_num = row.get(0);
        let i = *index.entry(ent_num.to_string()).or_insert_with(|| {
            comments.push((
                ent_num.to_string(),
                Comment {
                    text: String::new(),
                    location: Location::line(&table.input.name, row.line).with_record(ent_num),
                    used: false,
                },
            ));
            comments.len() - 1
        });
        comments[i].1.text.push_str(row.get(1));
    }
    comments
}

fn orphan(report: &mut ImportReport, location: Location, what: &str, row: &Row<'_>) {
    let fields: Vec<&str> = row.fields.iter().map(|f| f.as_ref()).collect();
    report.issues.push(ParseIssue {
        location,
        message: format!(
            "{what} row for ent_num {}, which has no primary row: {:?}",
            row.get(0),
            &fields[1..]
        ),
    });
}

/// Builds the entity of a primary row. `remarks` already has its
/// continuation appended.
fn primary_entity(
    source: SourceId,
    row: &Row<'_>,
    remarks: &str,
    location: &Location,
    report: &mut ImportReport,
) -> (Entity, Sanction) {
    let ent_num = row.get(0);
    let schema = schema_for(row.get(2)).unwrap_or_else(|| {
        report.issues.push(ParseIssue {
            location: location.clone(),
            message: format!("unknown SDN_Type {:?}; read as LegalEntity", row.get(2)),
        });
        interdict_model::Schema::LegalEntity
    });
    let (mut entity, mut sanction) = new_entity(source, ent_num, schema);
    super::add_primary_name(&mut entity, row.get(1));
    sanction.programs = split_programs(row.get(3));
    // Several titles are joined with `; `.
    for title in row.get(4).split("; ") {
        entity.add(Prop::Position, strip_terminal_period(title));
    }
    entity.add(Prop::CallSign, row.get(5));
    entity.add(Prop::Type, row.get(6));
    entity.add(Prop::Tonnage, row.get(7));
    entity.add(Prop::GrossRegisteredTonnage, row.get(8));
    entity.add(Prop::Flag, row.get(9));
    entity.add(Prop::OwnerName, row.get(10));
    let outcome = apply_remarks(&mut entity, &mut sanction, remarks);
    report.unstructured += outcome.unstructured;
    for message in outcome.issues {
        report.issues.push(ParseIssue {
            location: location.clone(),
            message,
        });
    }
    (entity, sanction)
}

/// `ent_num, alt_num, alt_type, alt_name, alt_remarks`.
fn add_alt(entity: &mut Entity, row: &Row<'_>, location: &Location, report: &mut ImportReport) {
    let (kind, name, remarks) = (row.get(2), row.get(3), row.get(4));
    let lower_remarks = remarks.to_ascii_lowercase();
    let weak = lower_remarks.contains("weak") || lower_remarks.contains("low quality");
    let prop = match kind.to_ascii_lowercase().as_str() {
        _ if weak => Prop::WeakAlias,
        "aka" | "nka" => Prop::Alias,
        "fka" => Prop::PreviousName,
        other => {
            report.issues.push(ParseIssue {
                location: location.clone(),
                message: format!("unknown alt_type {other:?}; read as a.k.a."),
            });
            Prop::Alias
        }
    };
    entity.add(prop, name);
    if !remarks.is_empty() && !weak {
        entity.add(Prop::Notes, &format!("{name}: {remarks}"));
        report.unstructured += 1;
    }
}

/// `ent_num, add_num, address, city/state/postal, country, add_remarks`.
fn add_address(entity: &mut Entity, row: &Row<'_>, report: &mut ImportReport) {
    let parts: Vec<&str> = [row.get(2), row.get(3), row.get(4)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    entity.add(Prop::Address, &parts.join(", "));
    entity.add(Prop::Country, row.get(4));
    let remarks = row.get(5);
    if !remarks.is_empty() {
        entity.add(Prop::Notes, &format!("{}: {remarks}", parts.join(", ")));
        report.unstructured += 1;
    }
}
