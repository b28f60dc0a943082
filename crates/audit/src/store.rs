//! The SQLite side of the log: the schema, the writer thread (group commit),
//! the alert rules applied at append time, the side tables derived from the
//! chain, and the verification walk.

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde_json::{json, Value};

use crate::chain::{self, canonical_json, StoredEntry, Walker, GENESIS};
use crate::head::{self, Anchor, Head};
use crate::{
    AlertFilter, AlertOutcome, AlertPage, AlertStatus, AlertView, AnchorCheck, AuditError,
    Decision, DecisionView, Job, NewScreening, RecordedScreening, VerifyReport, HEAD_FILE,
};

/// The most entries committed in one transaction.
const MAX_BATCH: usize = 2048;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY NOT NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    body TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries are never changed'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries are never deleted'); END;

CREATE TABLE IF NOT EXISTS head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS head_only_forward BEFORE UPDATE ON head
WHEN NEW.seq <= OLD.seq
BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END;
CREATE TRIGGER IF NOT EXISTS head_no_delete BEFORE DELETE ON head
BEGIN SELECT RAISE(ABORT, 'the audit head is never deleted'); END;

-- Derived from the chain (rebuild_views); never the source of truth.
CREATE TABLE IF NOT EXISTS alerts (
    id INTEGER PRIMARY KEY NOT NULL,
    screening_seq INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    channel TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    query TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    caption TEXT NOT NULL,
    score REAL NOT NULL,
    entity_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX IF NOT EXISTS alerts_by_status ON alerts (status, id);
CREATE TABLE IF NOT EXISTS decisions (
    seq INTEGER PRIMARY KEY NOT NULL,
    alert_id INTEGER NOT NULL,
    decision TEXT NOT NULL,
    comment TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_by_alert ON decisions (alert_id, seq);
CREATE TABLE IF NOT EXISTS latest_decisions (
    subject_key TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    alert_id INTEGER NOT NULL,
    decision TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    comment TEXT NOT NULL,
    entity_hash TEXT NOT NULL,
    PRIMARY KEY (subject_key, entity_id)
) WITHOUT ROWID;
";

fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> AuditError + '_ {
    move |source| AuditError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

fn damaged(path: &Path, reason: impl Into<String>) -> AuditError {
    AuditError::Damaged {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn open(path: &Path) -> Result<Connection, AuditError> {
    let conn = Connection::open(path).map_err(sql(path))?;
    conn.busy_timeout(Duration::from_secs(30))
        .map_err(sql(path))?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(sql(path))?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sql(path))?;
    Ok(conn)
}

/// A connection that writes: creates the schema.
pub(crate) fn open_writer(path: &Path) -> Result<Connection, AuditError> {
    let conn = open(path)?;
    conn.execute_batch(SCHEMA).map_err(sql(path))?;
    // Checkpoints are the anchor thread's job (off the commit path).
    conn.pragma_update(None, "wal_autocheckpoint", 0)
        .map_err(sql(path))?;
    Ok(conn)
}

/// Whether the chain has no entry yet.
pub(crate) fn is_empty(path: &Path, conn: &Connection) -> Result<bool, AuditError> {
    conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM entries)", [], |row| {
        row.get(0)
    })
    .map_err(sql(path))
}

/// A connection that reads.
pub(crate) fn open_reader(path: &Path) -> Result<Connection, AuditError> {
    open(path)
}

pub(crate) fn timestamp(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_time(path: &Path, text: &str) -> Result<DateTime<Utc>, AuditError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| damaged(path, format!("timestamp {text:?}: {e}")))
}

/// A screening with its query and versions already written as canonical JSON
/// (by the caller's thread).
pub(crate) struct Prepared {
    s: NewScreening,
    query: String,
    versions: String,
}

impl Prepared {
    pub(crate) fn new(s: NewScreening) -> Prepared {
        let query = canonical_json(&s.query);
        let versions = canonical_json(&Value::Array(s.versions.clone()));
        Prepared { s, query, versions }
    }
}

/// The single writer: commits queued jobs in batches.
pub(crate) struct Writer {
    path: PathBuf,
    anchor: Arc<Anchor>,
    conn: Connection,
}

enum Outcome {
    Screening(Result<RecordedScreening, AuditError>),
    Decision(Result<Box<AlertView>, AuditError>),
}

/// The end of the chain while a batch is appended.
struct Tip {
    seq: u64,
    hash: String,
    next_alert: u64,
}

impl Writer {
    pub(crate) fn new(path: PathBuf, anchor: Arc<Anchor>, conn: Connection) -> Writer {
        Writer { path, anchor, conn }
    }

    /// Takes jobs until the queue closes: waits for one, then takes whatever
    /// else is queued (up to [`MAX_BATCH`]) and commits them together.
    pub(crate) fn run(mut self, queue: mpsc::Receiver<Job>) {
        while let Ok(first) = queue.recv() {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match queue.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            self.commit(batch);
        }
        self.anchor.close();
    }

    fn commit(&mut self, batch: Vec<Job>) {
        match self.try_commit(&batch) {
            Ok((outcomes, head)) => {
                if let Some(head) = head {
                    self.anchor.set(head);
                }
                for (job, outcome) in batch.into_iter().zip(outcomes) {
                    match (job, outcome) {
                        (Job::Screening(_, done), Outcome::Screening(result)) => done(result),
                        (Job::Decision { reply, .. }, Outcome::Decision(result)) => {
                            let _ = reply.send(result.map(|view| *view));
                        }
                        _ => unreachable!("one outcome per job, in order"),
                    }
                }
            }
            Err(err) => {
                let message = err.to_string();
                for job in batch {
                    let err = AuditError::NotWritten(message.clone());
                    match job {
                        Job::Screening(_, done) => done(Err(err)),
                        Job::Decision { reply, .. } => {
                            let _ = reply.send(Err(err));
                        }
                    }
                }
            }
        }
    }

    fn try_commit(&mut self, batch: &[Job]) -> Result<(Vec<Outcome>, Option<Head>), AuditError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql(&path))?;
        // Read the tip inside the write lock: another process may have
        // appended since our last batch.
        let (seq, hash) = tx
            .query_row(
                "SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1",
                [],
                |row| Ok((row.get::<_, i64>(0)? as u64, row.get::<_, String>(1)?)),
            )
            .optional()
            .map_err(sql(&path))?
            .unwrap_or((0, GENESIS.to_string()));
        let next_alert: i64 = tx
            .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM alerts", [], |row| {
                row.get(0)
            })
            .map_err(sql(&path))?;
        let start = seq;
        let mut tip = Tip {
            seq,
            hash,
            next_alert: next_alert as u64,
        };
        let mut outcomes = Vec::with_capacity(batch.len());
        for job in batch {
            let at = Utc::now();
            match job {
                Job::Screening(s, _) => {
                    let recorded = append_screening(&path, &tx, &mut tip, s, at)?;
                    outcomes.push(Outcome::Screening(Ok(recorded)));
                }
                Job::Decision {
                    alert_id,
                    decision,
                    comment,
                    actor,
                    ..
                } => {
                    match append_decision(
                        &path, &tx, &mut tip, *alert_id, *decision, comment, actor, at,
                    ) {
                        Ok(view) => outcomes.push(Outcome::Decision(Ok(Box::new(view)))),
                        Err(AuditError::UnknownAlert(id)) => {
                            outcomes.push(Outcome::Decision(Err(AuditError::UnknownAlert(id))))
                        }
                        Err(err) => return Err(err),
                    }
                }
            }
        }
        let head = if tip.seq > start {
            tx.execute(
                "INSERT INTO head (id, seq, hash) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                params![tip.seq as i64, tip.hash],
            )
            .map_err(sql(&path))?;
            Some(Head {
                seq: tip.seq,
                hash: tip.hash.clone(),
            })
        } else {
            None
        };
        tx.commit().map_err(sql(&path))?;
        Ok((outcomes, head))
    }
}

/// Appends one entry to the chain (the tip moves) and returns its seq and hash.
fn append_entry(
    path: &Path,
    tx: &Transaction<'_>,
    tip: &mut Tip,
    at: &str,
    kind: &str,
    actor: &str,
    body: &str,
) -> Result<(u64, String), AuditError> {
    let seq = tip.seq + 1;
    let hash = chain::entry_hash(&tip.hash, seq, at, kind, actor, body);
    tx.prepare_cached(
        "INSERT INTO entries (seq, at, kind, actor, body, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut stmt| stmt.execute(params![seq as i64, at, kind, actor, body, tip.hash, hash]))
    .map_err(sql(path))?;
    tip.seq = seq;
    tip.hash = hash.clone();
    Ok((seq, hash))
}

/// The latest decision on a subject and entity.
struct Prior {
    decision: Decision,
    actor: String,
    at: String,
    comment: String,
    alert_id: u64,
    entity_hash: String,
}

/// The state of a new alert on `entity_id` for `subject_key`, from the latest
/// decision on the pair. The listing is unchanged when the decision's hash is one
/// of `entity_hashes` (the content hash, and the hash of the same listing before
/// content hashes).
fn alert_state(
    path: &Path,
    tx: &Transaction<'_>,
    subject_key: &str,
    entity_id: &str,
    entity_hashes: &[Option<&str>],
) -> Result<(AlertStatus, Option<String>), AuditError> {
    let prior = tx
        .prepare_cached(
            "SELECT decision, actor, at, comment, alert_id, entity_hash FROM latest_decisions
             WHERE subject_key = ?1 AND entity_id = ?2",
        )
        .and_then(|mut stmt| {
            stmt.query_row(params![subject_key, entity_id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get::<_, i64>(4)?,
                    row.get(5)?,
                ))
            })
            .optional()
        })
        .map_err(sql(path))?;
    let Some((decision, actor, at, comment, alert_id, hash)) = prior else {
        return Ok((AlertStatus::Open, None));
    };
    let prior = Prior {
        decision: decision.parse().map_err(|e: String| damaged(path, e))?,
        actor,
        at,
        comment,
        alert_id: alert_id as u64,
        entity_hash: hash,
    };
    Ok(match prior.decision {
        Decision::FalsePositive if entity_hashes.contains(&Some(prior.entity_hash.as_str())) => (
            AlertStatus::Suppressed,
            Some(format!(
                "suppressed by the false-positive decision of {} by {} on alert {} ({:?}); the listing of {entity_id} is unchanged since",
                prior.at, prior.actor, prior.alert_id, prior.comment
            )),
        ),
        Decision::FalsePositive => (
            AlertStatus::Reraised,
            Some(format!(
                "the listing of {entity_id} changed since the false-positive decision of {} by {} on alert {} ({:?})",
                prior.at, prior.actor, prior.alert_id, prior.comment
            )),
        ),
        Decision::ConfirmedMatch => (
            AlertStatus::Open,
            Some(format!(
                "{entity_id} was confirmed a match for this subject on {} by {} (alert {}); a confirmed match is never suppressed",
                prior.at, prior.actor, prior.alert_id
            )),
        ),
    })
}

fn append_screening(
    path: &Path,
    tx: &Transaction<'_>,
    tip: &mut Tip,
    p: &Prepared,
    at: DateTime<Utc>,
) -> Result<RecordedScreening, AuditError> {
    let s = &p.s;
    let mut alerts = Vec::new();
    let mut results = Vec::with_capacity(s.results.len());
    let raises_alerts = s.channel != crate::LOOKUP_CHANNEL;
    for r in &s.results {
        let alert = if r.is_match && raises_alerts {
            let hashes = [
                Some(r.entity_hash.as_str()),
                r.earlier_entity_hash.as_deref(),
            ];
            let (status, reason) = alert_state(path, tx, &s.subject_key, &r.entity_id, &hashes)?;
            let id = tip.next_alert;
            tip.next_alert += 1;
            let alert = json!({"id": id, "status": status, "reason": reason});
            alerts.push(AlertOutcome {
                alert_id: id,
                entity_id: r.entity_id.clone(),
                status,
                reason,
            });
            alert
        } else {
            Value::Null
        };
        let mut result = json!({
            "entity_id": r.entity_id,
            "caption": r.caption,
            "score": r.score,
            "is_match": r.is_match,
            "entity_hash": r.entity_hash,
            "alert": alert,
        });
        if let Some(name) = &r.matched_name {
            result["matched_name"] = json!(name);
        }
        if let Some(explanation) = &r.explanation {
            result["explanation"] = explanation.clone();
        }
        results.push(result);
    }
    let string = |text: &str| Value::String(text.to_string()).to_string();
    // The canonical JSON of {channel, query, results, subject_key, versions}:
    // keys in byte order, parts already canonical.
    let body_text = format!(
        "{{\"channel\":{},\"query\":{},\"results\":{},\"subject_key\":{},\"versions\":{}}}",
        string(&s.channel),
        p.query,
        canonical_json(&Value::Array(results.clone())),
        string(&s.subject_key),
        p.versions
    );
    let at_text = timestamp(at);
    let (seq, hash) = append_entry(path, tx, tip, &at_text, "screening", &s.actor, &body_text)?;
    let screening = ScreeningRow {
        seq,
        at: &at_text,
        actor: &s.actor,
        channel: &s.channel,
        subject_key: &s.subject_key,
        query: &p.query,
    };
    for result in &results {
        insert_alert(path, tx, &screening, result)?;
    }
    Ok(RecordedScreening {
        seq,
        hash,
        at,
        alerts,
    })
}

/// What the alerts of one screening entry share.
struct ScreeningRow<'a> {
    seq: u64,
    at: &'a str,
    actor: &'a str,
    channel: &'a str,
    subject_key: &'a str,
    query: &'a str,
}

/// Inserts the alert of one result of a screening entry, if it has one.
fn insert_alert(
    path: &Path,
    tx: &Transaction<'_>,
    screening: &ScreeningRow<'_>,
    result: &Value,
) -> Result<(), AuditError> {
    let seq = screening.seq;
    let alert = &result["alert"];
    if alert.is_null() {
        return Ok(());
    }
    let id = alert["id"]
        .as_u64()
        .ok_or_else(|| damaged(path, format!("entry {seq}: an alert without an id")))?;
    tx.prepare_cached(
        "INSERT INTO alerts (id, screening_seq, created_at, actor, channel, subject_key,
             query, entity_id, caption, score, entity_hash, status, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )
    .and_then(|mut stmt| {
        stmt.execute(params![
            id as i64,
            seq as i64,
            screening.at,
            screening.actor,
            screening.channel,
            screening.subject_key,
            screening.query,
            result["entity_id"].as_str(),
            result["caption"].as_str(),
            result["score"].as_f64(),
            result["entity_hash"].as_str(),
            alert["status"].as_str(),
            alert["reason"].as_str(),
        ])
    })
    .map_err(sql(path))?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn append_decision(
    path: &Path,
    tx: &Transaction<'_>,
    tip: &mut Tip,
    alert_id: u64,
    decision: Decision,
    comment: &str,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<AlertView, AuditError> {
    let alert = tx
        .query_row(
            "SELECT subject_key, entity_id, entity_hash FROM alerts WHERE id = ?1",
            [alert_id as i64],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            },
        )
        .optional()
        .map_err(sql(path))?;
    let Some((subject_key, entity_id, entity_hash)) = alert else {
        return Err(AuditError::UnknownAlert(alert_id));
    };
    let body = json!({
        "alert_id": alert_id,
        "decision": decision,
        "comment": comment,
        "subject_key": subject_key,
        "entity_id": entity_id,
        "entity_hash": entity_hash,
    });
    let at_text = timestamp(at);
    let body_text = canonical_json(&body);
    let (seq, _) = append_entry(path, tx, tip, &at_text, "decision", actor, &body_text)?;
    apply_entry(path, tx, seq, &at_text, "decision", actor, &body)?;
    read_alert(path, tx, alert_id)?
        .ok_or_else(|| damaged(path, format!("alert {alert_id} vanished")))
}

fn text<'a>(path: &Path, seq: u64, body: &'a Value, field: &str) -> Result<&'a str, AuditError> {
    body[field].as_str().ok_or_else(|| {
        damaged(
            path,
            format!("entry {seq}: the body has no text field {field:?}"),
        )
    })
}

/// Brings the side tables up to date with one entry of the chain.
fn apply_entry(
    path: &Path,
    tx: &Transaction<'_>,
    seq: u64,
    at: &str,
    kind: &str,
    actor: &str,
    body: &Value,
) -> Result<(), AuditError> {
    match kind {
        "screening" => {
            let query = canonical_json(&body["query"]);
            let screening = ScreeningRow {
                seq,
                at,
                actor,
                channel: text(path, seq, body, "channel")?,
                subject_key: text(path, seq, body, "subject_key")?,
                query: &query,
            };
            let results = body["results"]
                .as_array()
                .ok_or_else(|| damaged(path, format!("entry {seq}: no results array")))?;
            for result in results {
                insert_alert(path, tx, &screening, result)?;
            }
        }
        "decision" => {
            let alert_id = body["alert_id"].as_u64().ok_or_else(|| {
                damaged(path, format!("entry {seq}: a decision without an alert_id"))
            })?;
            let decision = text(path, seq, body, "decision")?;
            let comment = text(path, seq, body, "comment")?;
            let subject_key = text(path, seq, body, "subject_key")?;
            let entity_id = text(path, seq, body, "entity_id")?;
            let entity_hash = text(path, seq, body, "entity_hash")?;
            tx.prepare_cached(
                "INSERT INTO decisions (seq, alert_id, decision, comment, actor, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    seq as i64,
                    alert_id as i64,
                    decision,
                    comment,
                    actor,
                    at
                ])
            })
            .map_err(sql(path))?;
            tx.prepare_cached("UPDATE alerts SET status = 'decided' WHERE id = ?1")
                .and_then(|mut stmt| stmt.execute([alert_id as i64]))
                .map_err(sql(path))?;
            tx.prepare_cached(
                "INSERT INTO latest_decisions
                     (subject_key, entity_id, seq, alert_id, decision, actor, at, comment, entity_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (subject_key, entity_id) DO UPDATE SET
                     seq = excluded.seq, alert_id = excluded.alert_id, decision = excluded.decision,
                     actor = excluded.actor, at = excluded.at, comment = excluded.comment,
                     entity_hash = excluded.entity_hash",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    subject_key,
                    entity_id,
                    seq as i64,
                    alert_id as i64,
                    decision,
                    actor,
                    at,
                    comment,
                    entity_hash,
                ])
            })
            .map_err(sql(path))?;
        }
        other => {
            return Err(damaged(
                path,
                format!("entry {seq}: unknown kind {other:?}"),
            ))
        }
    }
    Ok(())
}

const ALERT_COLUMNS: &str = "id, screening_seq, created_at, actor, channel, subject_key, query,
    entity_id, caption, score, entity_hash, status, reason";

struct RawAlert {
    id: i64,
    screening_seq: i64,
    created_at: String,
    actor: String,
    channel: String,
    subject_key: String,
    query: String,
    entity_id: String,
    caption: String,
    score: f64,
    entity_hash: String,
    status: String,
    reason: Option<String>,
}

fn raw_alert(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawAlert> {
    Ok(RawAlert {
        id: row.get(0)?,
        screening_seq: row.get(1)?,
        created_at: row.get(2)?,
        actor: row.get(3)?,
        channel: row.get(4)?,
        subject_key: row.get(5)?,
        query: row.get(6)?,
        entity_id: row.get(7)?,
        caption: row.get(8)?,
        score: row.get(9)?,
        entity_hash: row.get(10)?,
        status: row.get(11)?,
        reason: row.get(12)?,
    })
}

fn alert_view(path: &Path, conn: &Connection, raw: RawAlert) -> Result<AlertView, AuditError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT decision, comment, actor, at, seq FROM decisions WHERE alert_id = ?1 ORDER BY seq",
        )
        .map_err(sql(path))?;
    let rows = stmt
        .query_map([raw.id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, i64>(4)?,
            ))
        })
        .map_err(sql(path))?;
    let mut decisions = Vec::new();
    for row in rows {
        let (decision, comment, actor, at, seq) = row.map_err(sql(path))?;
        decisions.push(DecisionView {
            decision: decision.parse().map_err(|e: String| damaged(path, e))?,
            comment,
            actor,
            at: parse_time(path, &at)?,
            seq: seq as u64,
        });
    }
    Ok(AlertView {
        id: raw.id as u64,
        screening_seq: raw.screening_seq as u64,
        created_at: parse_time(path, &raw.created_at)?,
        actor: raw.actor,
        channel: raw.channel,
        subject_key: raw.subject_key,
        query: serde_json::from_str(&raw.query)
            .map_err(|e| damaged(path, format!("alert {}: query: {e}", raw.id)))?,
        entity_id: raw.entity_id,
        caption: raw.caption,
        score: raw.score,
        entity_hash: raw.entity_hash,
        status: raw.status.parse().map_err(|e: String| damaged(path, e))?,
        reason: raw.reason,
        decisions,
        matched_name: None,
        explanation: None,
    })
}

/// Adds to an alert what its screening entry recorded of the matched result:
/// the list name that matched and the explanation.
fn with_recorded_reasons(
    path: &Path,
    conn: &Connection,
    mut view: AlertView,
) -> Result<AlertView, AuditError> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM entries WHERE seq = ?1")
        .and_then(|mut stmt| {
            stmt.query_row([view.screening_seq as i64], |row| row.get(0))
                .optional()
        })
        .map_err(sql(path))?;
    let Some(body) = body else {
        return Ok(view);
    };
    let body: Value = serde_json::from_str(&body)
        .map_err(|e| damaged(path, format!("entry {}: body: {e}", view.screening_seq)))?;
    let recorded = body["results"].as_array().and_then(|results| {
        results
            .iter()
            .find(|r| r["alert"]["id"].as_u64() == Some(view.id))
    });
    if let Some(result) = recorded {
        view.matched_name = result["matched_name"].as_str().map(str::to_owned);
        view.explanation = result.get("explanation").cloned();
    }
    Ok(view)
}

fn read_alert(
    path: &Path,
    conn: &Connection,
    alert_id: u64,
) -> Result<Option<AlertView>, AuditError> {
    let raw = conn
        .prepare_cached(&format!("SELECT {ALERT_COLUMNS} FROM alerts WHERE id = ?1"))
        .and_then(|mut stmt| stmt.query_row([alert_id as i64], raw_alert).optional())
        .map_err(sql(path))?;
    raw.map(|raw| alert_view(path, conn, raw)).transpose()
}

pub(crate) fn alert(
    path: &Path,
    conn: &Connection,
    alert_id: u64,
) -> Result<Option<AlertView>, AuditError> {
    read_alert(path, conn, alert_id)?
        .map(|view| with_recorded_reasons(path, conn, view))
        .transpose()
}

pub(crate) fn alerts(
    path: &Path,
    conn: &Connection,
    filter: &AlertFilter,
) -> Result<AlertPage, AuditError> {
    let status = filter.status.map(|s| s.as_str());
    let total: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM alerts WHERE ?1 IS NULL OR status = ?1",
            [status],
            |row| row.get(0),
        )
        .map_err(sql(path))?;
    let raws = {
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT {ALERT_COLUMNS} FROM alerts WHERE ?1 IS NULL OR status = ?1
                 ORDER BY id LIMIT ?2 OFFSET ?3"
            ))
            .map_err(sql(path))?;
        let limit = i64::try_from(filter.limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(filter.offset).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![status, limit, offset], raw_alert)
            .map_err(sql(path))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(sql(path))?
    };
    let alerts = raws
        .into_iter()
        .map(|raw| alert_view(path, conn, raw))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AlertPage {
        alerts,
        total: total as u64,
    })
}

/// Calls `each` on every entry, in seq order, until it returns false.
pub(crate) fn for_each_entry(
    path: &Path,
    conn: &Connection,
    mut each: impl FnMut(StoredEntry) -> Result<bool, AuditError>,
) -> Result<(), AuditError> {
    let mut stmt = conn
        .prepare("SELECT seq, at, kind, actor, body, prev_hash, hash FROM entries ORDER BY seq")
        .map_err(sql(path))?;
    let mut rows = stmt.query([]).map_err(sql(path))?;
    while let Some(row) = rows.next().map_err(sql(path))? {
        let entry = StoredEntry {
            seq: row.get::<_, i64>(0).map_err(sql(path))? as u64,
            at: row.get(1).map_err(sql(path))?,
            kind: row.get(2).map_err(sql(path))?,
            actor: row.get(3).map_err(sql(path))?,
            body: row.get(4).map_err(sql(path))?,
            prev_hash: row.get(5).map_err(sql(path))?,
            hash: row.get(6).map_err(sql(path))?,
        };
        if !each(entry)? {
            break;
        }
    }
    Ok(())
}

pub(crate) fn verify(
    path: &Path,
    head_path: &Path,
    conn: &Connection,
) -> Result<VerifyReport, AuditError> {
    // The anchors, read before the walk: an append in between only adds
    // entries after them.
    let table: Option<Head> = conn
        .query_row("SELECT seq, hash FROM head WHERE id = 1", [], |row| {
            Ok(Head {
                seq: row.get::<_, i64>(0)? as u64,
                hash: row.get(1)?,
            })
        })
        .optional()
        .map_err(sql(path))?;
    let file = head::read(head_path)?;
    let mut anchors: Vec<(String, Head, Option<String>)> = Vec::new();
    if let Some(head) = table {
        anchors.push(("head table".into(), head, None));
    }
    if let Some(head) = file {
        anchors.push((HEAD_FILE.into(), head, None));
    }
    let mut walker = Walker::default();
    let mut broken = None;
    for_each_entry(path, conn, |entry| {
        if let Err(brk) = walker.push(&entry) {
            broken = Some(brk);
            return Ok(false);
        }
        for (_, head, seen) in anchors.iter_mut() {
            if head.seq == entry.seq {
                *seen = Some(entry.hash.clone());
            }
        }
        Ok(true)
    })?;
    let last_seq = walker.last_seq;
    let mut report = VerifyReport {
        ok: true,
        entries: walker.count,
        last_seq,
        last_hash: walker.last_hash.clone(),
        first_bad_seq: None,
        reason: None,
        anchors: anchors
            .iter()
            .map(|(name, head, _)| AnchorCheck {
                anchor: name.clone(),
                seq: head.seq,
                hash: head.hash.clone(),
                entries_after: last_seq.saturating_sub(head.seq),
            })
            .collect(),
    };
    let mut fail = |seq: Option<u64>, reason: String| {
        if report.ok {
            report.ok = false;
            report.first_bad_seq = seq;
            report.reason = Some(reason);
        }
    };
    if let Some(brk) = broken {
        fail(Some(brk.seq), brk.reason);
        return Ok(report);
    }
    for (name, head, seen) in &anchors {
        if head.seq > last_seq {
            fail(
                Some(last_seq + 1),
                format!(
                    "entries {} to {} are missing (deleted): the chain ends at {last_seq}, but the {name} records entry {}",
                    last_seq + 1,
                    head.seq,
                    head.seq
                ),
            );
        } else if head.seq > 0 && seen.as_deref() != Some(head.hash.as_str()) {
            fail(
                Some(head.seq),
                format!(
                    "entry {} has the hash {}, but the {name} records {}: the chain was rewritten",
                    head.seq,
                    seen.as_deref().unwrap_or("(none)"),
                    head.hash
                ),
            );
        } else if name == "head table" && head.seq < last_seq {
            fail(
                Some(head.seq + 1),
                format!(
                    "entries {} to {last_seq} are not counted by the head table: they were added outside interdict",
                    head.seq + 1
                ),
            );
        }
    }
    if last_seq > 0 {
        if !anchors.iter().any(|(name, ..)| name == "head table") {
            fail(
                None,
                "the head table is empty, but the chain has entries: it was emptied".into(),
            );
        }
        if !anchors.iter().any(|(name, ..)| name == HEAD_FILE) {
            fail(
                None,
                format!(
                    "{} is missing, but the chain has entries: it was deleted",
                    head_path.display()
                ),
            );
        }
    }
    Ok(report)
}

pub(crate) fn rebuild_views(path: &Path, conn: &mut Connection) -> Result<u64, AuditError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql(path))?;
    tx.execute_batch("DELETE FROM alerts; DELETE FROM decisions; DELETE FROM latest_decisions;")
        .map_err(sql(path))?;
    let mut count = 0;
    for_each_entry(path, &tx, |entry| {
        let body: Value = serde_json::from_str(&entry.body)
            .map_err(|e| damaged(path, format!("entry {}: body: {e}", entry.seq)))?;
        apply_entry(
            path,
            &tx,
            entry.seq,
            &entry.at,
            &entry.kind,
            &entry.actor,
            &body,
        )?;
        count += 1;
        Ok(true)
    })?;
    tx.commit().map_err(sql(path))?;
    Ok(count)
}
