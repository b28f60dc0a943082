//! `record`: a screening written to the audit log, where each match raises an alert or is
//! suppressed by an earlier decision.
//!
//! The audit log is reached through [`AuditTrail`], so a second backend (a shared database
//! for several servers) can take the place of the SQLite log without the surfaces changing.
//! What an entry holds is decided here once: who, through which door, about which subject,
//! against which versions, and each result with its listing hashes (see
//! [`crate::listing`]) and, for a match, the name that matched and why.

use std::collections::BTreeMap;

use interdict_audit::{
    AlertFilter, AlertPage, AlertView, AuditError, AuditLog, Decision, NewScreening,
    RecordedScreening, ScreenedResult, ScreeningDone,
};
use interdict_screening::ScoredHit;
use serde_json::Value;

use crate::{AppError, Channel, Screening, World};

/// Where screenings and decisions are recorded: the hash-chained log of the data directory,
/// or another backend with the same guarantees (an entry is durable before its call returns
/// or its callback runs; alert states are decided at append time).
pub trait AuditTrail: Send + Sync {
    /// Appends a screening and returns once it is durable.
    fn record(&self, entry: NewScreening) -> Result<RecordedScreening, AuditError>;
    /// Queues a screening; `done` gets the outcome once it is durable (or failed).
    fn submit(&self, entry: NewScreening, done: ScreeningDone) -> Result<(), AuditError>;
    /// A page of the review queue.
    fn alerts(&self, filter: &AlertFilter) -> Result<AlertPage, AuditError>;
    /// One alert.
    fn alert(&self, id: u64) -> Result<Option<AlertView>, AuditError>;
    /// Records a decision on an alert.
    fn decide(
        &self,
        id: u64,
        decision: Decision,
        comment: &str,
        actor: &str,
    ) -> Result<AlertView, AuditError>;
}

impl AuditTrail for AuditLog {
    fn record(&self, entry: NewScreening) -> Result<RecordedScreening, AuditError> {
        self.record_screening(entry)
    }

    fn submit(&self, entry: NewScreening, done: ScreeningDone) -> Result<(), AuditError> {
        self.submit_screening(entry, done)
    }

    fn alerts(&self, filter: &AlertFilter) -> Result<AlertPage, AuditError> {
        AuditLog::alerts(self, filter)
    }

    fn alert(&self, id: u64) -> Result<Option<AlertView>, AuditError> {
        AuditLog::alert(self, id)
    }

    fn decide(
        &self,
        id: u64,
        decision: Decision,
        comment: &str,
        actor: &str,
    ) -> Result<AlertView, AuditError> {
        AuditLog::decide(self, id, decision, comment, actor)
    }
}

/// The actor the command line records: `cli:$USER`.
pub fn cli_actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

/// Records `screening` (by `actor`; `received` is the query as the surface received it) and
/// returns once the entry is durable, with each match's alert.
pub fn record(
    trail: &dyn AuditTrail,
    screening: &Screening,
    actor: &str,
    received: Value,
) -> Result<RecordedScreening, AppError> {
    Ok(trail.record(entry(screening, actor, received))?)
}

/// [`record`] without waiting: `done` gets the outcome once the entry is durable.
pub fn submit(
    trail: &dyn AuditTrail,
    screening: &Screening,
    actor: &str,
    received: Value,
    done: ScreeningDone,
) -> Result<(), AppError> {
    Ok(trail.submit(entry(screening, actor, received), done)?)
}

/// The audit entry of a screening.
pub fn entry(screening: &Screening, actor: &str, received: Value) -> NewScreening {
    let world = screening.world();
    let query = screening.query();
    NewScreening {
        actor: actor.to_string(),
        channel: query.channel().as_str().to_string(),
        subject_key: query.subject_key().to_string(),
        query: received,
        versions: world.recorded_versions().to_vec(),
        results: screening
            .results()
            .iter()
            .map(|scored| result(world, scored))
            .collect(),
    }
}

/// A screening whose results are not the hits of one query: the hits of a payment message's
/// fields, the mentions in a text. Each entity is one result, with its best score; a match
/// keeps the reasons of its best matching hit.
pub struct Findings<'a> {
    /// The World screened.
    pub world: &'a World,
    /// `message` or `text`.
    pub channel: Channel,
    /// The subject's stable key (`interdict_audit::subject_key_for_ref`).
    pub subject_key: String,
    /// The request as received (or a digest of it).
    pub received: Value,
    /// Every hit found.
    pub hits: Vec<&'a ScoredHit>,
}

/// Records findings (see [`Findings`]) and returns once the entry is durable.
pub fn record_findings(
    trail: &dyn AuditTrail,
    findings: Findings<'_>,
    actor: &str,
) -> Result<RecordedScreening, AppError> {
    let mut best: BTreeMap<&str, ScreenedResult> = BTreeMap::new();
    for scored in &findings.hits {
        let fresh = result(findings.world, scored);
        match best.get_mut(scored.hit.entity_id.as_str()) {
            Some(held) => {
                if fresh.is_match && (!held.is_match || fresh.score > held.score) {
                    held.matched_name = fresh.matched_name;
                    held.explanation = fresh.explanation;
                    held.earlier_entity_hash = fresh.earlier_entity_hash;
                }
                held.is_match |= fresh.is_match;
                held.score = held.score.max(fresh.score);
            }
            None => {
                best.insert(scored.hit.entity_id.as_str(), fresh);
            }
        }
    }
    let entry = NewScreening {
        actor: actor.to_string(),
        channel: findings.channel.as_str().to_string(),
        subject_key: findings.subject_key,
        query: findings.received,
        versions: findings.world.recorded_versions().to_vec(),
        results: best.into_values().collect(),
    };
    Ok(trail.record(entry)?)
}

/// Records a decision on an alert: an unknown alert is [`AppError::NotFound`], a decision
/// without a comment the caller's mistake.
pub fn decide(
    trail: &dyn AuditTrail,
    id: u64,
    decision: Decision,
    comment: &str,
    actor: &str,
) -> Result<AlertView, AppError> {
    trail
        .decide(id, decision, comment, actor)
        .map_err(|error| match error {
            AuditError::UnknownAlert(id) => AppError::NotFound(format!("no alert has the id {id}")),
            AuditError::EmptyComment => AppError::Query(crate::QueryError::EmptyComment),
            other => AppError::Audit(other),
        })
}

/// Records the results of one screening that did not come from [`crate::screen`] (a record
/// of a batch file, screened by `interdict-batch`), in their order.
pub fn record_results(
    trail: &dyn AuditTrail,
    world: &World,
    subject: Subject,
    results: &[ScoredHit],
    actor: &str,
) -> Result<RecordedScreening, AppError> {
    let entry = NewScreening {
        actor: actor.to_string(),
        channel: subject.channel.as_str().to_string(),
        subject_key: subject.key,
        query: subject.received,
        versions: world.recorded_versions().to_vec(),
        results: results.iter().map(|scored| result(world, scored)).collect(),
    };
    Ok(trail.record(entry)?)
}

/// Who or what a screening was about, and how it came in.
pub struct Subject {
    /// The door it came through.
    pub channel: Channel,
    /// The subject's stable key.
    pub key: String,
    /// The request as received.
    pub received: Value,
}

/// One result as the audit log keeps it.
fn result(world: &World, scored: &ScoredHit) -> ScreenedResult {
    let hit = &scored.hit;
    let position = hit.entity as usize;
    let listing = world.listing(position);
    let is_match = scored.is_match;
    ScreenedResult {
        entity_id: hit.entity_id.as_str().to_string(),
        caption: world.set().entities[position].caption().to_string(),
        score: interdict_json::round(hit.score),
        is_match,
        entity_hash: listing.content.clone(),
        earlier_entity_hash: is_match.then(|| listing.json_shape.clone()),
        matched_name: is_match.then(|| hit.matched_name.clone()),
        explanation: is_match.then(|| interdict_json::explanation(&hit.explanation)),
    }
}
