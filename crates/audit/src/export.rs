//! The export: the chain as JSON lines, one entry per line, with everything a
//! third party needs to re-verify it without interdict's database:
//! `{"seq", "at", "kind", "actor", "body", "prev_hash", "hash"}` where `body`
//! is the entry's body as a JSON object. Re-verifying means writing the body
//! as canonical JSON again ([`crate::chain::canonical_json`]), hashing as
//! [`crate::chain::entry_hash`] does, and checking the links.

use std::io::{BufRead, Write};
use std::path::Path;

use rusqlite::Connection;
use serde_json::Value;

use crate::chain::{canonical_json, StoredEntry, Walker};
use crate::store::for_each_entry;
use crate::{AuditError, VerifyReport};

/// Writes every entry as one JSON line; returns how many.
pub(crate) fn export(
    path: &Path,
    conn: &Connection,
    out: &mut dyn Write,
) -> Result<u64, AuditError> {
    let mut count = 0;
    let io = |source| AuditError::Io {
        path: "export".into(),
        source,
    };
    for_each_entry(path, conn, |entry| {
        let string = |text: &str| Value::String(text.to_string()).to_string();
        // The body is stored as canonical JSON text: written as is.
        writeln!(
            out,
            "{{\"seq\":{},\"at\":{},\"kind\":{},\"actor\":{},\"body\":{},\"prev_hash\":{},\"hash\":{}}}",
            entry.seq,
            string(&entry.at),
            string(&entry.kind),
            string(&entry.actor),
            entry.body,
            string(&entry.prev_hash),
            string(&entry.hash)
        )
        .map_err(io)?;
        count += 1;
        Ok(true)
    })?;
    out.flush().map_err(io)?;
    Ok(count)
}

/// Re-verifies an export read from `input` (`name` names it in errors): every
/// line must be an export entry, the chain must start at 1 with the genesis
/// hash and link without gaps. A line that is not an entry is an error naming
/// the line; a break in the chain is a report with `ok: false`. The export
/// has no anchor of its own: compare `last_seq`/`last_hash` with a head kept
/// elsewhere (`audit.head`, a printed receipt) to know that nothing was cut
/// off its end.
pub fn verify_export(input: &mut dyn BufRead, name: &str) -> Result<VerifyReport, AuditError> {
    let mut walker = Walker::default();
    let mut line_no = 0u64;
    let mut line = String::new();
    let bad = |line: u64, reason: String| AuditError::BadExport {
        path: name.to_string(),
        line,
        reason,
    };
    loop {
        line.clear();
        let read = input
            .read_line(&mut line)
            .map_err(|source| AuditError::Io {
                path: name.into(),
                source,
            })?;
        if read == 0 {
            break;
        }
        line_no += 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(&line).map_err(|e| bad(line_no, format!("not JSON: {e}")))?;
        let entry = parse_entry(&value).map_err(|reason| bad(line_no, reason))?;
        if let Err(brk) = walker.push(&entry) {
            return Ok(VerifyReport {
                ok: false,
                entries: walker.count,
                last_seq: walker.last_seq,
                last_hash: walker.last_hash,
                first_bad_seq: Some(brk.seq),
                reason: Some(format!("line {line_no}: {}", brk.reason)),
                anchors: Vec::new(),
            });
        }
    }
    Ok(VerifyReport {
        ok: true,
        entries: walker.count,
        last_seq: walker.last_seq,
        last_hash: walker.last_hash,
        first_bad_seq: None,
        reason: None,
        anchors: Vec::new(),
    })
}

fn parse_entry(value: &Value) -> Result<StoredEntry, String> {
    let object = value.as_object().ok_or("not a JSON object")?;
    let text = |field: &str| {
        object
            .get(field)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("no text field {field:?}"))
    };
    let seq = object
        .get("seq")
        .and_then(Value::as_u64)
        .ok_or("no whole-number field \"seq\"")?;
    let body = object.get("body").ok_or("no field \"body\"")?;
    if !body.is_object() {
        return Err("\"body\" is not an object".into());
    }
    Ok(StoredEntry {
        seq,
        at: text("at")?,
        kind: text("kind")?,
        actor: text("actor")?,
        body: canonical_json(body),
        prev_hash: text("prev_hash")?,
        hash: text("hash")?,
    })
}
