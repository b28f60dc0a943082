//! The audit trail: every screening and every alert decision, in one
//! append-only, hash-chained log (`<data>/audit.sqlite`), so that what was
//! screened, against which list versions, what alerted and who decided what
//! can be shown to a regulator and checked for tampering.
//!
//! - The chain ([`chain`]) is the source of truth: entries `(seq, at, kind,
//!   actor, body)`, each hashed with the previous entry's hash. SQL triggers
//!   refuse UPDATE and DELETE on it; [`AuditLog::verify`] recomputes it and
//!   compares its end with two head anchors (a table in the same file and the
//!   `<data>/audit.head` file), so edits, reordering and deletion, including
//!   deletion of the newest entries, are found.
//! - Alerts: each matched result of a screening is an alert. Whether it is
//!   open, suppressed by an earlier false-positive decision on the same
//!   subject and entity, or reraised because the listing changed since, is
//!   decided when the screening is appended and written into the entry.
//! - The review queue ([`AuditLog::alerts`]) reads side tables derived from
//!   the chain in the same transaction; [`AuditLog::rebuild_views`] derives
//!   them again from the chain alone.
//! - Writes go through one writer thread that commits many entries per
//!   transaction (group commit, WAL, `synchronous=FULL`); each call returns
//!   once its entry is durable.

pub mod chain;
mod export;
mod head;
mod store;
mod subject;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::mpsc;
use std::sync::Mutex;
use std::thread::JoinHandle;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::export::verify_export;
pub use crate::subject::{subject_key_for_query, subject_key_for_ref};

/// The file name of the log inside the data directory.
pub const AUDIT_FILE: &str = "audit.sqlite";
/// The file name of the head anchor inside the data directory.
pub const HEAD_FILE: &str = "audit.head";

/// What went wrong in the audit log.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The SQLite file could not be opened, read or written.
    #[error("audit log {path}: {source}")]
    Sqlite {
        /// The log file.
        path: PathBuf,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// No alert has this id.
    #[error("no alert has the id {0}")]
    UnknownAlert(u64),
    /// A decision needs a comment saying why.
    #[error("a decision needs a comment saying why")]
    EmptyComment,
    /// A stored row is not what this program writes.
    #[error("audit log {path}: {reason}")]
    Damaged {
        /// The log file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The batch this call was part of could not be committed; nothing of it
    /// was written.
    #[error("audit log: the entry was not written: {0}")]
    NotWritten(String),
    /// A line of an export file is not an export entry.
    #[error("{path}: line {line}: {reason}")]
    BadExport {
        /// The export file (or `-`).
        path: String,
        /// The line, from 1.
        line: u64,
        /// What is wrong.
        reason: String,
    },
}

/// The channel of lookups: an analyst looking a party up (the web UI's search as one types).
/// A lookup is recorded like any screening (who looked up what, against which versions, with
/// which results) but raises no alert: alerts are for screening customers, payments and
/// documents, and a name searched letter by letter would otherwise fill the review queue with
/// alerts on no subject.
pub const LOOKUP_CHANNEL: &str = "lookup";

/// One screening to append.
#[derive(Clone, Debug, PartialEq)]
pub struct NewScreening {
    /// Who: an API key id, or `cli:<user>`.
    pub actor: String,
    /// Through what: `api`, `yente`, `cli`, `batch`, ..., or [`LOOKUP_CHANNEL`] (then no
    /// result raises an alert).
    pub channel: String,
    /// The stable key of the subject: [`subject_key_for_ref`] of the caller's
    /// reference if it gave one, else [`subject_key_for_query`].
    pub subject_key: String,
    /// The query as received.
    pub query: serde_json::Value,
    /// `interdict_json::version(..)` of each version screened.
    pub versions: Vec<serde_json::Value>,
    /// Every result returned, matched or not.
    pub results: Vec<ScreenedResult>,
}

/// One result of a screening.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreenedResult {
    /// The entity id, `<source>:<native id>`.
    pub entity_id: String,
    /// Its caption.
    pub caption: String,
    /// The score.
    pub score: f64,
    /// Whether it reached the threshold (only these become alerts).
    pub is_match: bool,
    /// The listing's content hash (`Entity::content_hash`, hex) as screened: recorded, and
    /// what a false-positive decision on the alert is kept against.
    pub entity_hash: String,
    /// The hash the same listing had before content hashes (the SHA-256 of its JSON shape;
    /// `interdict_app::listing`), so that decisions recorded with it keep suppressing. Compared
    /// with the latest decision's hash at append time, never written into the entry.
    #[serde(default, skip)]
    pub earlier_entity_hash: Option<String>,
    /// For a match: the list name that matched (`Hit::matched_name`), so that
    /// the alert keeps what it was raised on.
    pub matched_name: Option<String>,
    /// For a match: why it matched (`interdict_json::explanation`), as it was
    /// when the alert was raised; later versions of the matcher may explain
    /// the same pair otherwise.
    pub explanation: Option<serde_json::Value>,
}

/// An analyst's decision on an alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Not the listed party: later screenings of the same subject against the
    /// same listing are suppressed.
    FalsePositive,
    /// The listed party: never suppressed.
    ConfirmedMatch,
}

impl Decision {
    /// `false_positive` or `confirmed_match`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::FalsePositive => "false_positive",
            Decision::ConfirmedMatch => "confirmed_match",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Decision {
    type Err = String;

    /// Accepts `false_positive` / `false-positive` and `confirmed_match` /
    /// `confirmed-match`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.replace('-', "_").as_str() {
            "false_positive" => Ok(Decision::FalsePositive),
            "confirmed_match" => Ok(Decision::ConfirmedMatch),
            _ => Err(format!(
                "{text:?} is not a decision: want false_positive or confirmed_match"
            )),
        }
    }
}

/// The state of an alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    /// Waiting for a decision.
    Open,
    /// Not shown for review: an earlier false-positive decision on the same
    /// subject and entity covers the same listing.
    Suppressed,
    /// Waiting for a decision again: a false-positive decision covered this
    /// subject and entity, but the listing changed since.
    Reraised,
    /// An analyst decided it.
    Decided,
}

impl AlertStatus {
    /// Every status.
    pub const ALL: [AlertStatus; 4] = [
        AlertStatus::Open,
        AlertStatus::Suppressed,
        AlertStatus::Reraised,
        AlertStatus::Decided,
    ];

    /// `open`, `suppressed`, `reraised` or `decided`.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::Open => "open",
            AlertStatus::Suppressed => "suppressed",
            AlertStatus::Reraised => "reraised",
            AlertStatus::Decided => "decided",
        }
    }
}

impl fmt::Display for AlertStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AlertStatus {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        AlertStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| {
                format!(
                    "{text:?} is not an alert status: want open, suppressed, reraised or decided"
                )
            })
    }
}

/// A screening once appended.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordedScreening {
    /// Its sequence number in the chain (the `screening_id` of the API).
    pub seq: u64,
    /// Its entry hash.
    pub hash: String,
    /// When it was committed.
    pub at: DateTime<Utc>,
    /// One alert per matched result, in the order of the results.
    pub alerts: Vec<AlertOutcome>,
}

/// The alert made of one matched result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AlertOutcome {
    /// The alert id.
    pub alert_id: u64,
    /// The entity matched.
    pub entity_id: String,
    /// Open, suppressed or reraised.
    pub status: AlertStatus,
    /// For suppressed and reraised alerts (and open ones after a confirmed
    /// match): which earlier decision, and why it applies or not.
    pub reason: Option<String>,
}

/// One decision on an alert.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionView {
    /// False positive or confirmed match.
    pub decision: Decision,
    /// Why.
    pub comment: String,
    /// Who.
    pub actor: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Its sequence number in the chain.
    pub seq: u64,
}

/// An alert as the review queue shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlertView {
    /// The alert id.
    pub id: u64,
    /// The screening that raised it.
    pub screening_seq: u64,
    /// When that screening was committed.
    pub created_at: DateTime<Utc>,
    /// Who screened.
    pub actor: String,
    /// Through what.
    pub channel: String,
    /// The subject's stable key.
    pub subject_key: String,
    /// The query as received.
    pub query: serde_json::Value,
    /// The entity matched.
    pub entity_id: String,
    /// Its caption.
    pub caption: String,
    /// The score.
    pub score: f64,
    /// The content hash of the listing screened (see [`ScreenedResult::entity_hash`]).
    pub entity_hash: String,
    /// The current state.
    pub status: AlertStatus,
    /// Why it was suppressed or reraised, if it was.
    pub reason: Option<String>,
    /// The decisions taken on it, oldest first.
    pub decisions: Vec<DecisionView>,
    /// The list name that matched, as recorded with the screening (one alert
    /// read by [`AuditLog::alert`] only; entries written before it was
    /// recorded have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_name: Option<String>,
    /// Why the result matched, as recorded with the screening (as
    /// `matched_name`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<serde_json::Value>,
}

/// Which alerts to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlertFilter {
    /// Only alerts in this state (`None`: all).
    pub status: Option<AlertStatus>,
    /// At most this many.
    pub limit: u64,
    /// Skip this many first.
    pub offset: u64,
}

impl Default for AlertFilter {
    fn default() -> Self {
        AlertFilter {
            status: None,
            limit: 50,
            offset: 0,
        }
    }
}

/// One page of the review queue, oldest alert first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlertPage {
    /// The alerts of the page.
    pub alerts: Vec<AlertView>,
    /// How many alerts the filter selects in all.
    pub total: u64,
}

/// What [`AuditLog::verify`] (or [`verify_export`]) found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Whether the whole chain checks out and matches its anchors.
    pub ok: bool,
    /// Entries checked and found good (up to the first bad one).
    pub entries: u64,
    /// The last good entry's seq (0 when none).
    pub last_seq: u64,
    /// The last good entry's hash ([`chain::GENESIS`] when none): compare it
    /// with a head recorded elsewhere.
    pub last_hash: String,
    /// The first entry that is missing, moved or changed.
    pub first_bad_seq: Option<u64>,
    /// Why it is bad.
    pub reason: Option<String>,
    /// The head anchors compared with the chain's end.
    pub anchors: Vec<AnchorCheck>,
}

/// One head anchor and what the chain says about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnchorCheck {
    /// `audit.head` (the file) or `head table` (in the SQLite file).
    pub anchor: String,
    /// The seq it records.
    pub seq: u64,
    /// The hash it records.
    pub hash: String,
    /// Entries after the anchor's seq (the file anchor lags the chain only if
    /// the process stopped between a commit and the anchor's rewrite).
    pub entries_after: u64,
}

/// What the writer calls with a screening's outcome once its batch is
/// committed (or could not be).
pub type ScreeningDone = Box<dyn FnOnce(Result<RecordedScreening, AuditError>) + Send>;

enum Job {
    Screening(store::Prepared, ScreeningDone),
    Decision {
        alert_id: u64,
        decision: Decision,
        comment: String,
        actor: String,
        reply: mpsc::SyncSender<Result<AlertView, AuditError>>,
    },
}

/// The audit log: `<data>/audit.sqlite` and `<data>/audit.head`. `Send + Sync`.
/// Appends are serialized through one writer thread; reads use their own
/// connection. Appending calls block until the entry is durable: call them
/// from a blocking context (`tokio::task::spawn_blocking`).
pub struct AuditLog {
    path: PathBuf,
    head_path: PathBuf,
    jobs: Option<mpsc::Sender<Job>>,
    writer: Option<JoinHandle<()>>,
    reader: Mutex<rusqlite::Connection>,
}

impl AuditLog {
    /// Opens (creating if needed) the log of a data directory and starts its
    /// writer thread.
    pub fn open(data_dir: &Path) -> Result<AuditLog, AuditError> {
        std::fs::create_dir_all(data_dir).map_err(|source| AuditError::Io {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(AUDIT_FILE);
        let head_path = data_dir.join(HEAD_FILE);
        let writer_conn = store::open_writer(&path)?;
        // A new log gets its head file at once (seq 0), so that from the
        // first entry on a missing file means a deleted one.
        if !head_path.exists() && store::is_empty(&path, &writer_conn)? {
            head::advance(
                &head_path,
                &head::Head {
                    seq: 0,
                    hash: chain::GENESIS.to_string(),
                },
            )?;
        }
        let reader = store::open_reader(&path)?;
        let (jobs, queue) = mpsc::channel();
        let anchor = std::sync::Arc::new(head::Anchor::default());
        let checkpointer = store::open_reader(&path)?;
        // A truncating checkpoint holds new writers back while it waits for
        // readers (a long verify): give up soon and retry a second later.
        checkpointer
            .busy_timeout(std::time::Duration::from_millis(200))
            .map_err(|source| AuditError::Sqlite {
                path: path.clone(),
                source,
            })?;
        let anchor_thread = {
            let anchor = std::sync::Arc::clone(&anchor);
            let head_path = head_path.clone();
            std::thread::Builder::new()
                .name("audit-anchor".into())
                .spawn(move || anchor.run(&head_path, checkpointer))
                .map_err(|source| AuditError::Io {
                    path: path.clone(),
                    source,
                })?
        };
        let writer = store::Writer::new(path.clone(), anchor, writer_conn);
        let handle = std::thread::Builder::new()
            .name("audit-writer".into())
            .spawn(move || {
                writer.run(queue);
                // The writer closed the anchor: wait for its last rewrite.
                let _ = anchor_thread.join();
            })
            .map_err(|source| AuditError::Io {
                path: path.clone(),
                source,
            })?;
        Ok(AuditLog {
            path,
            head_path,
            jobs: Some(jobs),
            writer: Some(handle),
            reader: Mutex::new(reader),
        })
    }

    /// The log file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn send(&self, job: Job) -> Result<(), AuditError> {
        self.jobs
            .as_ref()
            .and_then(|jobs| jobs.send(job).ok())
            .ok_or_else(|| AuditError::NotWritten("the writer thread has stopped".into()))
    }

    /// Appends one screening, decides each matched result's alert state (open;
    /// suppressed by an earlier false-positive decision on the same
    /// `(subject_key, entity_id)` while the entity's listing hash is unchanged;
    /// reraised because the listing changed since that decision, with the
    /// reason), and returns the entry's sequence number, hash and the alerts.
    /// Returns once the entry is durable.
    pub fn record_screening(&self, s: NewScreening) -> Result<RecordedScreening, AuditError> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.submit_screening(
            s,
            Box::new(move |outcome| {
                let _ = reply.send(outcome);
            }),
        )?;
        answer.recv().unwrap_or_else(|_| {
            Err(AuditError::NotWritten(
                "the writer thread has stopped".into(),
            ))
        })
    }

    /// [`AuditLog::record_screening`] without waiting: queues the screening
    /// and returns; the writer thread calls `done` with the outcome once the
    /// batch holding it is durable (or failed). For callers that wait
    /// asynchronously (the server) instead of holding a thread. The caller's
    /// thread writes the big parts of the body as canonical JSON, so the
    /// writer only links entries.
    pub fn submit_screening(&self, s: NewScreening, done: ScreeningDone) -> Result<(), AuditError> {
        self.send(Job::Screening(store::Prepared::new(s), done))
    }

    /// Appends a decision on an alert (the comment must say why) and returns
    /// the alert as it now stands.
    pub fn decide(
        &self,
        alert_id: u64,
        d: Decision,
        comment: &str,
        actor: &str,
    ) -> Result<AlertView, AuditError> {
        if comment.trim().is_empty() {
            return Err(AuditError::EmptyComment);
        }
        let (reply, answer) = mpsc::sync_channel(1);
        self.send(Job::Decision {
            alert_id,
            decision: d,
            comment: comment.to_string(),
            actor: actor.to_string(),
            reply,
        })?;
        answer.recv().unwrap_or_else(|_| {
            Err(AuditError::NotWritten(
                "the writer thread has stopped".into(),
            ))
        })
    }

    fn reader(&self) -> std::sync::MutexGuard<'_, rusqlite::Connection> {
        self.reader.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The review queue: alerts selected by `filter`, oldest first.
    pub fn alerts(&self, filter: &AlertFilter) -> Result<AlertPage, AuditError> {
        store::alerts(&self.path, &self.reader(), filter)
    }

    /// One alert.
    pub fn alert(&self, alert_id: u64) -> Result<Option<AlertView>, AuditError> {
        store::alert(&self.path, &self.reader(), alert_id)
    }

    /// Recomputes the whole chain and compares its end with the head anchors:
    /// any edit, reordering or deletion (also of the newest entries) gives a
    /// report with `ok: false`, the first bad seq and the reason.
    pub fn verify(&self) -> Result<VerifyReport, AuditError> {
        let conn = store::open_reader(&self.path)?;
        store::verify(&self.path, &self.head_path, &conn)
    }

    /// Writes every entry as JSON lines (seq, at, kind, actor, body,
    /// prev_hash, hash), oldest first; returns how many.
    pub fn export(&self, out: &mut dyn std::io::Write) -> Result<u64, AuditError> {
        let conn = store::open_reader(&self.path)?;
        export::export(&self.path, &conn, out)
    }

    /// Derives the alert tables again from the chain alone (they are never
    /// the source of truth); returns the number of entries replayed.
    pub fn rebuild_views(&self) -> Result<u64, AuditError> {
        // Rebuilding goes through a separate writer connection: SQLite's
        // write lock serializes it with the writer thread.
        let mut conn = store::open_writer(&self.path)?;
        store::rebuild_views(&self.path, &mut conn)
    }
}

impl Drop for AuditLog {
    fn drop(&mut self) {
        // Closing the queue lets the writer finish what was queued and stop.
        self.jobs.take();
        if let Some(handle) = self.writer.take() {
            let _ = handle.join();
        }
    }
}
