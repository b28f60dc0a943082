//! Who may call, and the record of what they screened: the key store
//! (`interdict-keys`) and the audit log (`interdict-audit`), opened once and
//! shared. This is the only module that talks to them, so the rest of the
//! server speaks in principals, screenings and alerts.

mod results;

pub use results::ResultScreening;

use std::path::Path;

use interdict_engine::error_chain;
use interdict_engine::matcher::Hit;
use serde_json::Value;

use crate::error::ApiError;
use crate::state::SetRef;
use interdict_audit::{
    AlertFilter, AlertPage, AlertView, AuditError, AuditLog, Decision, NewScreening,
    RecordedScreening, ScreenedResult,
};
use interdict_keys::{KeyStore, Role};

/// The caller a key identifies.
#[derive(Clone, Debug)]
pub struct Principal {
    /// The key's public id (safe to log).
    pub id: String,
    /// What the key may do.
    pub role: Role,
}

/// The key store and the audit log of the data directory.
pub struct Guard {
    keys: KeyStore,
    audit: AuditLog,
}

/// One screening to record: who, through which door, about whom, and what
/// was found.
pub struct Screening<'a> {
    /// The caller.
    pub principal: &'a Principal,
    /// `api`, `yente`, `ui`, ...
    pub channel: &'a str,
    /// The subject's stable key (see [`subject_key`]).
    pub subject_key: String,
    /// The query as received.
    pub query: Value,
    /// The set screened.
    pub set: &'a SetRef,
    /// The results shown.
    pub hits: &'a [Hit],
    /// The alert threshold.
    pub threshold: f64,
}

impl Guard {
    /// Opens `<data>/keys.sqlite` and `<data>/audit.sqlite`.
    pub fn open(data_dir: &Path) -> Result<Guard, String> {
        let keys = KeyStore::open(data_dir).map_err(|e| format!("opening the key store: {e}"))?;
        let audit = AuditLog::open(data_dir).map_err(|e| format!("opening the audit log: {e}"))?;
        Ok(Guard { keys, audit })
    }

    /// The principal of a presented key; `None` for an unknown or revoked
    /// key. Never logs the key.
    pub fn authenticate(&self, presented: &str) -> Result<Option<Principal>, ApiError> {
        let info = self
            .keys
            .authenticate(presented)
            .map_err(|e| ApiError::internal(format!("key store: {e}")))?;
        Ok(info.map(|info| Principal {
            id: info.id,
            role: info.role,
        }))
    }

    /// Appends the screening to the audit log and returns once it is durable.
    /// Blocking: call on a blocking thread.
    pub fn record(&self, s: Screening<'_>) -> Result<RecordedScreening, ApiError> {
        self.audit
            .record_screening(new_screening(s))
            .map_err(audit_append_error)
    }

    /// Queues the screening for the audit log and returns at once; the
    /// answer (`Ok` once the entry is durable) arrives on the returned
    /// receiver, so the caller awaits it without holding a thread.
    pub fn submit(
        &self,
        s: Screening<'_>,
    ) -> Result<tokio::sync::oneshot::Receiver<Result<RecordedScreening, AuditError>>, ApiError>
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.audit
            .submit_screening(
                new_screening(s),
                Box::new(move |outcome| {
                    let _ = reply.send(outcome);
                }),
            )
            .map_err(audit_append_error)?;
        Ok(answer)
    }

    /// The review queue.
    pub fn alerts(&self, filter: &AlertFilter) -> Result<AlertPage, ApiError> {
        self.audit.alerts(filter).map_err(audit_error)
    }

    /// One alert.
    pub fn alert(&self, id: u64) -> Result<AlertView, ApiError> {
        self.audit
            .alert(id)
            .map_err(audit_error)?
            .ok_or_else(|| ApiError::not_found(format!("no alert has the id {id}")))
    }

    /// Records a decision on an alert.
    pub fn decide(
        &self,
        id: u64,
        decision: Decision,
        comment: &str,
        actor: &str,
    ) -> Result<AlertView, ApiError> {
        self.audit
            .decide(id, decision, comment, actor)
            .map_err(audit_error)
    }
}

/// The audit entry of a screening.
fn new_screening(s: Screening<'_>) -> NewScreening {
    let set = s.set.set();
    let versions = s.set.versions_json();
    let results = s
        .hits
        .iter()
        .map(|hit| {
            let entity = set.entity(hit);
            let is_match = hit.score >= s.threshold;
            ScreenedResult {
                entity_id: hit.entity_id.as_str().to_string(),
                caption: entity.caption().to_string(),
                score: interdict_json::round(hit.score),
                is_match,
                entity_hash: s.set.entity_hash(hit),
                matched_name: is_match.then(|| hit.matched_name.clone()),
                explanation: is_match.then(|| interdict_json::explanation(&hit.explanation)),
            }
        })
        .collect();
    NewScreening {
        actor: s.principal.id.clone(),
        channel: s.channel.to_string(),
        subject_key: s.subject_key,
        query: s.query,
        versions,
        results,
    }
}

/// An append that failed: the answer must not leave.
pub fn audit_append_error(error: AuditError) -> ApiError {
    ApiError::internal(format!("audit log: {}", error_chain(&error)))
}

fn audit_error(error: AuditError) -> ApiError {
    match error {
        AuditError::UnknownAlert(id) => ApiError::not_found(format!("no alert has the id {id}")),
        AuditError::EmptyComment => ApiError::bad_request(error.to_string()),
        #[allow(unreachable_patterns)]
        other => ApiError::internal(format!("audit log: {}", error_chain(&other))),
    }
}

/// The stable key of a screening's subject: the caller's reference when
/// given, else the normalized query (so a decision on "Qasem SOLEIMANI"
/// applies to "  qasem soleimani ").
pub fn subject_key(
    subject_ref: Option<&str>,
    name: &str,
    schema: Option<&str>,
    birth_date: Option<&str>,
    countries: &[String],
    ids: &[String],
) -> String {
    match subject_ref.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reference) => interdict_audit::subject_key_for_ref(reference),
        None => interdict_audit::subject_key_for_query(name, schema, birth_date, countries, ids),
    }
}
