//! TEMPORARY stand-ins for `interdict-keys` and `interdict-audit` (branch
//! `audit`) with the contract's signatures, deleted at the merge.
#![allow(missing_docs, dead_code)]

pub mod keys {
    use std::path::Path;
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
    pub enum Role {
        Screener,
        Analyst,
        Admin,
    }
    impl Role {
        pub fn allows(self, needed: Role) -> bool {
            self >= needed
        }
        pub fn as_str(self) -> &'static str {
            match self {
                Role::Screener => "screener",
                Role::Analyst => "analyst",
                Role::Admin => "admin",
            }
        }
    }
    pub struct KeyInfo {
        pub id: String,
        pub role: Role,
    }
    pub struct KeyStore;
    impl KeyStore {
        pub fn open(_: &Path) -> Result<KeyStore, String> {
            Ok(KeyStore)
        }
        pub fn authenticate(&self, presented: &str) -> Result<Option<KeyInfo>, String> {
            Ok(presented.starts_with("idk_").then(|| KeyInfo {
                id: "stub".into(),
                role: Role::Admin,
            }))
        }
    }
    pub fn key_id(presented: &str) -> Option<&str> {
        presented.strip_prefix("idk_")?.split('_').next()
    }
}

pub mod audit {
    use std::path::Path;
    use std::sync::atomic::{AtomicU64, Ordering};
    #[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum AlertStatus {
        Open,
        Suppressed,
        Reraised,
        Decided,
    }
    impl AlertStatus {
        pub fn as_str(self) -> &'static str {
            match self {
                AlertStatus::Open => "open",
                AlertStatus::Suppressed => "suppressed",
                AlertStatus::Reraised => "reraised",
                AlertStatus::Decided => "decided",
            }
        }
    }
    impl std::str::FromStr for AlertStatus {
        type Err = String;
        fn from_str(s: &str) -> Result<Self, String> {
            match s {
                "open" => Ok(AlertStatus::Open),
                "suppressed" => Ok(AlertStatus::Suppressed),
                "reraised" => Ok(AlertStatus::Reraised),
                "decided" => Ok(AlertStatus::Decided),
                _ => Err(format!("{s:?} is not an alert status")),
            }
        }
    }
    #[derive(Clone, Copy, Debug, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Decision {
        FalsePositive,
        ConfirmedMatch,
    }
    pub struct ScreenedResult {
        pub entity_id: String,
        pub caption: String,
        pub score: f64,
        pub is_match: bool,
        pub entity_hash: String,
    }
    pub struct NewScreening {
        pub actor: String,
        pub channel: String,
        pub subject_key: String,
        pub query: serde_json::Value,
        pub versions: Vec<serde_json::Value>,
        pub results: Vec<ScreenedResult>,
    }
    pub struct AlertOutcome {
        pub alert_id: u64,
        pub entity_id: String,
        pub status: AlertStatus,
        pub reason: Option<String>,
    }
    pub struct RecordedScreening {
        pub seq: u64,
        pub alerts: Vec<AlertOutcome>,
    }
    #[derive(serde::Serialize)]
    pub struct AlertView {
        pub id: u64,
    }
    #[derive(serde::Serialize)]
    pub struct AlertPage {
        pub alerts: Vec<AlertView>,
        pub total: u64,
    }
    pub struct AlertFilter {
        pub status: Option<AlertStatus>,
        pub limit: u64,
        pub offset: u64,
    }
    #[derive(Debug)]
    pub enum AuditError {
        UnknownAlert(u64),
        EmptyComment,
    }
    impl std::fmt::Display for AuditError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{self:?}")
        }
    }
    impl std::error::Error for AuditError {}
    pub struct AuditLog(AtomicU64);
    impl AuditLog {
        pub fn open(_: &Path) -> Result<AuditLog, String> {
            Ok(AuditLog(AtomicU64::new(0)))
        }
        pub fn record_screening(&self, s: NewScreening) -> Result<RecordedScreening, AuditError> {
            let seq = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            let alerts = s
                .results
                .iter()
                .filter(|r| r.is_match)
                .enumerate()
                .map(|(i, r)| AlertOutcome {
                    alert_id: seq * 100 + i as u64,
                    entity_id: r.entity_id.clone(),
                    status: AlertStatus::Open,
                    reason: None,
                })
                .collect();
            Ok(RecordedScreening { seq, alerts })
        }
        pub fn alerts(&self, _: &AlertFilter) -> Result<AlertPage, AuditError> {
            Ok(AlertPage {
                alerts: vec![],
                total: 0,
            })
        }
        pub fn alert(&self, _: u64) -> Result<Option<AlertView>, AuditError> {
            Ok(None)
        }
        pub fn decide(
            &self,
            id: u64,
            _: Decision,
            c: &str,
            _: &str,
        ) -> Result<AlertView, AuditError> {
            if c.is_empty() {
                return Err(AuditError::EmptyComment);
            }
            Err(AuditError::UnknownAlert(id))
        }
    }
    pub fn subject_key_for_ref(r: &str) -> String {
        format!("ref:{}", r.trim())
    }
    pub fn subject_key_for_query(
        name: &str,
        _: Option<&str>,
        _: Option<&str>,
        _: &[String],
        _: &[String],
    ) -> String {
        format!("query:{name}")
    }
}
