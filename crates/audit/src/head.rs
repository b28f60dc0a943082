//! The head anchor file `<data>/audit.head`: the seq and hash of the newest
//! committed entry, outside the SQLite file, rewritten atomically (write a
//! temporary file, sync it, rename it over) after each committed batch. It
//! only ever moves forward, so two processes appending to one log cannot move
//! it back.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::AuditError;

/// What the head file records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The newest entry's seq.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
}

/// Reads the head file; `None` when there is none.
pub fn read(path: &Path) -> Result<Option<Head>, AuditError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(AuditError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    serde_json::from_str(text.trim())
        .map(Some)
        .map_err(|err| AuditError::Damaged {
            path: path.to_path_buf(),
            reason: format!("the head anchor is not {{\"seq\": N, \"hash\": \"..\"}}: {err}"),
        })
}

/// Records `head` unless the file already records a later entry.
pub fn advance(path: &Path, head: &Head) -> Result<(), AuditError> {
    if let Ok(Some(current)) = read(path) {
        if current.seq >= head.seq {
            return Ok(());
        }
    }
    let io = |source| AuditError::Io {
        path: path.to_path_buf(),
        source,
    };
    let tmp = path.with_extension(format!("head.{}.tmp", std::process::id()));
    let mut file = std::fs::File::create(&tmp).map_err(io)?;
    let text = serde_json::to_string(head).expect("a head serializes");
    writeln!(file, "{text}").map_err(io)?;
    file.sync_all().map_err(io)?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(io)
}
