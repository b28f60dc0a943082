//! Recording screenings whose results are not matcher hits of one query: a
//! payment message (hits of many fields), a text (mentions). The audit log
//! takes the same entry; the results are given already reduced to what it
//! keeps.

use interdict_audit::{RecordedScreening, ScreenedResult};
use interdict_engine::{error_chain, ScreeningSet};
use serde_json::Value;

use crate::error::ApiError;
use crate::guard::{Guard, Principal};

/// A screening whose results are given as audit results.
pub struct ResultScreening<'a> {
    /// The caller.
    pub principal: &'a Principal,
    /// `message`, `text`, ...
    pub channel: &'a str,
    /// The subject's stable key.
    pub subject_key: String,
    /// The request as received (or a digest of it).
    pub query: Value,
    /// The set screened.
    pub set: &'a ScreeningSet,
    /// The results, one per entity.
    pub results: Vec<ScreenedResult>,
}

impl Guard {
    /// Appends a screening given by its results. Blocking.
    pub fn record_results(&self, s: ResultScreening<'_>) -> Result<RecordedScreening, ApiError> {
        let versions = s.set.versions.iter().map(interdict_json::version).collect();
        self.audit
            .record_screening(interdict_audit::NewScreening {
                actor: s.principal.id.clone(),
                channel: s.channel.to_string(),
                subject_key: s.subject_key,
                query: s.query,
                versions,
                results: s.results,
            })
            .map_err(|e| ApiError::internal(format!("audit log: {}", error_chain(&e))))
    }
}
