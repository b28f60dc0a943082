//! What can go wrong in a use case, classified for the surfaces: the caller's mistake, a
//! thing not found, not ready yet, or ours. Each adapter maps [`AppError::kind`] to its own
//! terms once (an HTTP status, an exit code) and prints the chain of causes.

use crate::QueryError;

/// Why a use case failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// The query or a request field was refused.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// No screening index is loaded yet (a server just started).
    #[error("no screening index is loaded yet; retry shortly")]
    NotReady,
    /// No list version is held at all.
    #[error("no list versions held: import or update some lists first")]
    NothingHeld,
    /// A thing asked for does not exist (an alert, an entity in the versions read).
    #[error("{0}")]
    NotFound(String),
    /// Importing, updating or reading a version failed.
    #[error(transparent)]
    Lists(#[from] interdict_lists::ListsError),
    /// The store failed.
    #[error("store")]
    Store(#[from] interdict_store::StoreError),
    /// Loading a screening set failed.
    #[error(transparent)]
    Screening(#[from] interdict_screening::ScreeningError),
    /// The audit log failed: a screening that cannot be recorded must not be answered.
    #[error("audit log")]
    Audit(#[from] interdict_audit::AuditError),
    /// The key store failed.
    #[error("key store")]
    Keys(#[from] interdict_keys::KeyError),
    /// Linking records across lists failed.
    #[error("linkage")]
    Linkage(#[from] interdict_linkage::LinkageError),
    /// The ownership data failed, or a file of it was refused.
    #[error(transparent)]
    Ownership(#[from] interdict_ownership::OwnershipError),
    /// Reading the ownership graph failed.
    #[error(transparent)]
    Snapshot(#[from] interdict_ownership::SnapshotError),
    /// A payment message was refused (damaged, not a payment message).
    #[error(transparent)]
    Message(#[from] interdict_messages::MessageError),
    /// Reading or writing a file the caller named failed.
    #[error("{path}")]
    File {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// What kind of failure, for an adapter to map to its own terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The caller asked for something invalid.
    BadInput,
    /// The caller sent a file or message that was refused whole.
    Refused,
    /// What was asked for does not exist.
    NotFound,
    /// Not ready yet; retry.
    NotReady,
    /// Ours: the details are for the log, not the caller.
    Internal,
}

impl AppError {
    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        use interdict_store::StoreError;
        match self {
            AppError::Query(_) => ErrorKind::BadInput,
            AppError::NotReady => ErrorKind::NotReady,
            AppError::NotFound(_) => ErrorKind::NotFound,
            AppError::NothingHeld => ErrorKind::NotFound,
            AppError::Store(StoreError::NotFound { .. })
            | AppError::Store(StoreError::BeforeFirstVersion { .. })
            | AppError::Lists(interdict_lists::ListsError::Store(StoreError::NotFound {
                ..
            }))
            | AppError::Lists(interdict_lists::ListsError::Store(
                StoreError::BeforeFirstVersion { .. },
            )) => ErrorKind::NotFound,
            AppError::Audit(interdict_audit::AuditError::UnknownAlert(_)) => ErrorKind::NotFound,
            AppError::Audit(interdict_audit::AuditError::EmptyComment) => ErrorKind::BadInput,
            AppError::Ownership(interdict_ownership::OwnershipError::Row { .. })
            | AppError::Ownership(interdict_ownership::OwnershipError::File { .. })
            | AppError::Message(_) => ErrorKind::Refused,
            _ => ErrorKind::Internal,
        }
    }
}

/// An error and its sources, joined with ": ", each said once.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    interdict_lists::error_chain(err)
}
