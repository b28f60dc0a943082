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

/// The shortest time between two rewrites of the head file. Each rewrite syncs a file, which
/// under load competes with the writer's own syncs for the disk; ten milliseconds keeps the
/// file at most that far behind the chain (plus one rewrite) while sparing most of that work.
pub(crate) const ANCHOR_INTERVAL: std::time::Duration = std::time::Duration::from_millis(10);

/// The WAL size past which the anchor thread restarts it.
const WAL_RESTART_BYTES: u64 = 64 << 20;

/// Rewrites the head file off the writer's path: the writer hands over each
/// new head and goes on committing; this thread writes the newest one it was
/// given (skipping heads overtaken meanwhile), at most every [`ANCHOR_INTERVAL`]. The
/// file therefore lags the chain by at most the batches committed during that interval and
/// one rewrite, which
/// [`crate::AuditLog::verify`] reports as entries after the anchor.
#[derive(Default)]
pub(crate) struct Anchor {
    state: std::sync::Mutex<AnchorState>,
    wake: std::sync::Condvar,
}

#[derive(Default)]
struct AnchorState {
    pending: Option<Head>,
    closed: bool,
}

impl Anchor {
    /// Hands over a new head.
    pub(crate) fn set(&self, head: Head) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.pending = Some(head);
        self.wake.notify_one();
    }

    /// No more heads will come: write the last one and stop.
    pub(crate) fn close(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.closed = true;
        self.wake.notify_one();
    }

    /// The thread's loop. It also checkpoints the WAL into the database
    /// (at most once a second, PASSIVE: it never blocks the writer), so that
    /// the writer's commits never pay for a checkpoint.
    pub(crate) fn run(&self, path: &Path, db: rusqlite::Connection) {
        let mut checkpointed = std::time::Instant::now();
        let now = std::time::Instant::now();
        let mut rewritten = now.checked_sub(ANCHOR_INTERVAL).unwrap_or(now);
        loop {
            let head = {
                let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
                while state.pending.is_none() && !state.closed {
                    state = self.wake.wait(state).unwrap_or_else(|e| e.into_inner());
                }
                // Under steady appends, heads come faster than a synced rewrite: take the
                // newest one at most every ANCHOR_INTERVAL (closing does not wait).
                while !state.closed && rewritten.elapsed() < ANCHOR_INTERVAL {
                    let left = ANCHOR_INTERVAL.saturating_sub(rewritten.elapsed());
                    state = self
                        .wake
                        .wait_timeout(state, left)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
                rewritten = std::time::Instant::now();
                match state.pending.take() {
                    Some(head) => head,
                    None => return,
                }
            };
            // A failed rewrite leaves the file lagging, which verify reports;
            // the entries themselves are durable already.
            let _ = advance(path, &head);
            if checkpointed.elapsed() >= std::time::Duration::from_secs(1) {
                // A checkpoint that could not finish is retried next time.
                let _ = db.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                // Under steady appends a passive checkpoint never catches up
                // with the writer, so the WAL would only grow: past a size,
                // copy the rest (little, after the passive pass) and restart
                // it, holding the writer back for that short while.
                let wal = path.with_file_name(format!("{}-wal", crate::AUDIT_FILE));
                if std::fs::metadata(&wal).is_ok_and(|m| m.len() > WAL_RESTART_BYTES) {
                    let _ = db.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
                }
                checkpointed = std::time::Instant::now();
            }
        }
    }
}
