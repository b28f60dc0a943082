//! OpenSanctions publications: FollowTheMoney (FtM) JSON lines.
//!
//! OpenSanctions republishes dozens of national lists as one FtM entity graph,
//! and states which official records are the same party (`referents` such as
//! `ofac-16480`, `unsc-6908468`). Reading it lets interdict compare its own
//! parses against that ground truth and screen against lists interdict does not
//! read itself. It publishes two shapes, both one JSON object a line, optionally
//! gzipped:
//!
//! - a full export (`entities.ftm.json`): one FtM entity object a line
//!   → [`ListKind::Full`];
//! - a delta stream (`entities.delta.json`): `{"op": "ADD"|"MOD"|"DEL",
//!   "entity": {...}}` a line, where a `DEL` entity may carry only its id
//!   → [`ListKind::Delta`]: `ADD`/`MOD` are upserts in `entities`, `DEL`s are
//!   `deletions`; when an id appears several times the last operation wins, and
//!   takes the place of that last line in the output order.
//!
//! The shape is recognised from the first non-empty line. Every FtM schema is
//! kept, 1:1 (Sanction, Address, Passport, Ownership... become
//! [`interdict_model::Schema::Other`] entities); entity ids are
//! `opensanctions:<ftm id>`. The entity conversion itself is
//! [`interdict_ftm::decode`]: its remarks (non-string values, nested entities,
//! unknown top-level fields) become [`ImportReport::issues`], and entities
//! nested inside properties are emitted as entities of their own, after their
//! parent, unless an entity of that id is already known (a later top-level
//! record of that id replaces the nested copy).
//!
//! The files do not state a publication date, so `published` is `None`.

use std::collections::HashMap;

use interdict_ftm::FtmError;
use interdict_model::{Entity, EntityId, SourceId};
use serde_json::{Map, Value};

use crate::common;
use crate::{ImportReport, Input, ListKind, Location, ParseError, ParseIssue, ParsedList};

const SOURCE: SourceId = SourceId::OpenSanctions;

/// Parses OpenSanctions FtM JSON lines: one full export or one delta stream,
/// plain or gzipped. Several inputs are read in order as one publication and
/// must all be of the same shape.
pub fn parse(inputs: &[Input]) -> Result<ParsedList, ParseError> {
    if inputs.is_empty() {
        return Err(ParseError::NoInput { list: SOURCE });
    }
    let mut state = State::default();
    let mut first_kind: Option<(ListKind, &str)> = None;
    for input in inputs {
        let bytes = common::gunzip(&input.name, &input.bytes)?;
        let kind = read_file(&input.name, &bytes, &mut state)?;
        match first_kind {
            None => first_kind = Some((kind, &input.name)),
            Some((first, first_name)) if first != kind => {
                return Err(ParseError::FileSet {
                    list: SOURCE,
                    reason: format!(
                        "{first_name} is {} but {} is {}",
                        describe(first),
                        input.name,
                        describe(kind)
                    ),
                });
            }
            Some(_) => {}
        }
    }
    let kind = first_kind.map_or(ListKind::Full, |(kind, _)| kind);
    let mut entities = Vec::new();
    let mut deletions = Vec::new();
    for slot in state.slots.into_iter().flatten() {
        match slot.op {
            Op::Upsert(entity) => entities.push(entity),
            Op::Delete(id) => deletions.push(id),
        }
    }
    Ok(ParsedList {
        source: SOURCE,
        format: match kind {
            ListKind::Full => "ftm-jsonl",
            ListKind::Delta => "ftm-delta-jsonl",
        },
        kind,
        published: None,
        entities,
        deletions,
        report: state.report,
    })
}

fn describe(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Full => "a full FtM export",
        ListKind::Delta => "an FtM delta stream",
    }
}

/// One operation of the publication: an entity to upsert or an id to delete.
enum Op {
    Upsert(Entity),
    Delete(EntityId),
}

struct Slot {
    op: Op,
    /// Whether the entity came from inside another entity's properties.
    nested: bool,
    /// Where it was read, for messages: the file (index into
    /// `State::files`) and line.
    file: usize,
    line: u64,
}

/// The operations read so far, in output order, with the place of each id.
#[derive(Default)]
struct State {
    /// The names of the files read so far; the last is being read.
    files: Vec<String>,
    slots: Vec<Option<Slot>>,
    index: HashMap<EntityId, usize>,
    report: ImportReport,
}

impl State {
    /// Records the operation of a top-level line: it replaces any earlier one
    /// for the same id. Returns where the replaced top-level record was read
    /// (file name, line).
    fn record(&mut self, id: EntityId, op: Op, line: u64) -> Option<(String, u64)> {
        let position = self.slots.len();
        let replaced = match self.index.insert(id, position) {
            Some(previous) => self.slots[previous]
                .take()
                .filter(|slot| !slot.nested)
                .map(|slot| (self.files[slot.file].clone(), slot.line)),
            None => None,
        };
        self.slots.push(Some(Slot {
            op,
            nested: false,
            file: self.files.len() - 1,
            line,
        }));
        replaced
    }

    /// Records a nested entity unless its id is already known.
    fn record_nested(&mut self, entity: Entity, line: u64) {
        if self.index.contains_key(&entity.id) {
            return;
        }
        self.index.insert(entity.id.clone(), self.slots.len());
        self.slots.push(Some(Slot {
            op: Op::Upsert(entity),
            nested: true,
            file: self.files.len() - 1,
            line,
        }));
    }

    fn issue(&mut self, location: Location, message: String) {
        self.report.issues.push(ParseIssue { location, message });
    }

    /// Converts one FtM entity object and records it with its nested entities.
    fn upsert(
        &mut self,
        file: &str,
        line: u64,
        object: &Value,
        kind: ListKind,
    ) -> Result<(), ParseError> {
        let decoded = interdict_ftm::decode(object, SOURCE)
            .map_err(|err| malformed_entity(file, line, object, &err))?;
        let location = Location::line(file, line).with_record(decoded.entity.id.native());
        for remark in decoded.remarks {
            self.issue(location.clone(), remark);
        }
        self.report.unstructured += decoded.unstructured;
        let id = decoded.entity.id.clone();
        if let Some((previous_file, previous)) = self.record(id, Op::Upsert(decoded.entity), line) {
            if kind == ListKind::Full {
                self.issue(
                    location,
                    format!(
                        "the id was already listed at {previous_file}:{previous}; the later record replaces it"
                    ),
                );
            }
        }
        for nested in decoded.nested {
            self.record_nested(nested, line);
        }
        Ok(())
    }
}

fn malformed_entity(file: &str, line: u64, object: &Value, err: &FtmError) -> ParseError {
    let mut location = Location::line(file, line);
    if let Some(id) = object.get("id").and_then(Value::as_str) {
        location = location.with_record(id);
    }
    ParseError::Malformed {
        location,
        reason: format!("not an FtM entity: {err}"),
    }
}

/// Reads one file into `state`; returns its shape.
fn read_file(file: &str, bytes: &[u8], state: &mut State) -> Result<ListKind, ParseError> {
    state.files.push(file.to_string());
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // A JSON-lines file starts with an object. Looking at the first byte first
    // tells an XML, a CSV or a spreadsheet apart before any encoding question.
    match bytes.iter().position(|b| !b.is_ascii_whitespace()) {
        None => {
            return Err(ParseError::WrongFormat {
                list: SOURCE,
                location: Location::file(file),
                reason: "the file is empty: no JSON lines".into(),
            })
        }
        Some(start) if bytes[start] != b'{' => {
            let line = 1 + count_newlines(&bytes[..start]);
            return Err(ParseError::WrongFormat {
                list: SOURCE,
                location: Location::line(file, line),
                reason: format!(
                    "FtM JSON lines start with a JSON object, found {}",
                    snippet(&bytes[start..])
                ),
            });
        }
        Some(_) => {}
    }
    let text = std::str::from_utf8(bytes).map_err(|err| ParseError::Encoding {
        location: Location::line(file, 1 + count_newlines(&bytes[..err.valid_up_to()])),
        reason: format!("not UTF-8: {err}"),
    })?;

    let mut kind = None;
    for (index, raw) in text.split('\n').enumerate() {
        let line_text = raw.trim();
        if line_text.is_empty() {
            continue;
        }
        let line = index as u64 + 1;
        let value: Value = match serde_json::from_str(line_text) {
            Ok(value) => value,
            Err(err) if kind.is_none() && serde_json::from_str::<Value>(text).is_ok() => {
                return Err(ParseError::WrongFormat {
                    list: SOURCE,
                    location: Location::line(file, line),
                    reason: format!(
                        "one JSON document over several lines, not one object a line ({err})"
                    ),
                });
            }
            Err(err) => {
                return Err(ParseError::Malformed {
                    location: Location::line(file, line),
                    reason: format!("not a JSON line: {err}"),
                })
            }
        };
        let Value::Object(object) = &value else {
            return Err(ParseError::Malformed {
                location: Location::line(file, line),
                reason: format!(
                    "a line must hold a JSON object, found {}",
                    json_type(&value)
                ),
            });
        };
        let is_op = object.contains_key("op");
        let is_first = kind.is_none();
        let line_kind = *kind.get_or_insert(if is_op {
            ListKind::Delta
        } else {
            ListKind::Full
        });
        state.report.records += 1;
        match line_kind {
            ListKind::Full => {
                if is_op {
                    return Err(ParseError::Malformed {
                        location: Location::line(file, line),
                        reason: "a delta operation (\"op\") inside a full export".into(),
                    });
                }
                if is_first && !object.contains_key("id") && !object.contains_key("schema") {
                    return Err(ParseError::WrongFormat {
                        list: SOURCE,
                        location: Location::line(file, line),
                        reason: "the first object is neither an FtM entity (\"id\", \"schema\") nor a delta operation (\"op\")".into(),
                    });
                }
                state.upsert(file, line, &value, ListKind::Full)?;
            }
            ListKind::Delta => read_op(file, line, object, state)?,
        }
    }
    kind.ok_or_else(|| ParseError::WrongFormat {
        list: SOURCE,
        location: Location::file(file),
        reason: "no JSON lines".into(),
    })
}

/// Reads one delta line: `{"op": ..., "entity": {...}}`.
fn read_op(
    file: &str,
    line: u64,
    object: &Map<String, Value>,
    state: &mut State,
) -> Result<(), ParseError> {
    let malformed = |reason: String| ParseError::Malformed {
        location: Location::line(file, line),
        reason,
    };
    let op = match object.get("op") {
        Some(Value::String(op)) => op.as_str(),
        Some(other) => {
            return Err(malformed(format!(
                "\"op\" must be a string, found {}",
                json_type(other)
            )))
        }
        None => {
            return Err(malformed(
                "a line without \"op\" inside a delta stream".into(),
            ))
        }
    };
    let entity = match object.get("entity") {
        Some(entity @ Value::Object(_)) => entity,
        Some(other) => {
            return Err(malformed(format!(
                "\"entity\" must be an object, found {}",
                json_type(other)
            )))
        }
        None => return Err(malformed(format!("the {op} operation has no \"entity\""))),
    };
    for key in object
        .keys()
        .filter(|key| !matches!(key.as_str(), "op" | "entity"))
    {
        state.issue(
            Location::line(file, line),
            format!("field {key:?} of the delta operation is not read"),
        );
    }
    match op {
        "ADD" | "MOD" => state.upsert(file, line, entity, ListKind::Delta),
        "DEL" => {
            let id = entity
                .get("id")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .ok_or_else(|| malformed("the DEL operation's entity has no \"id\"".into()))?;
            let id = interdict_ftm::entity_id(SOURCE, id);
            state.record(id.clone(), Op::Delete(id), line);
            Ok(())
        }
        other => Err(malformed(format!(
            "unknown operation {other:?} (want ADD, MOD or DEL)"
        ))),
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// The start of a line, for messages.
fn snippet(bytes: &[u8]) -> String {
    let end = bytes
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(bytes.len())
        .min(40);
    format!("{:?}", String::from_utf8_lossy(&bytes[..end]))
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
