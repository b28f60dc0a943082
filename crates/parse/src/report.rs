//! What a parse returns: entities, a report, or a located error.

use std::fmt;

use chrono::NaiveDate;
use interdict_model::{Entity, EntityId, SourceId};

/// Whether a parsed publication is a whole list or changes to the previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    /// Every entity on the list.
    Full,
    /// Upserts (`entities`) and removals (`deletions`) against the previous
    /// version of the same source, as in OpenSanctions delta files.
    Delta,
}

/// A parsed publication.
#[derive(Clone, Debug)]
pub struct ParsedList {
    /// The source it belongs to.
    pub source: SourceId,
    /// A short name of the format recognised, e.g. `ofac-csv-set`, `un-xml`.
    pub format: &'static str,
    /// Whole list or delta.
    pub kind: ListKind,
    /// The publication date the file itself states, if it states one.
    pub published: Option<NaiveDate>,
    /// The entities, in file order, with unique ids.
    pub entities: Vec<Entity>,
    /// For deltas: the ids removed.
    pub deletions: Vec<EntityId>,
    /// Counts and per-record remarks.
    pub report: ImportReport,
}

/// What a parse noticed without refusing the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Records read (rows, XML records, JSON lines), before grouping.
    pub records: usize,
    /// Text fragments kept verbatim in `notes` because no rule structured them.
    pub unstructured: usize,
    /// Per-record observations: unreadable dates, unknown fields, duplicates.
    pub issues: Vec<ParseIssue>,
}

/// Where in the input something is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// The file (path or URL).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// The record: its native id, or its index, when known.
    pub record: Option<String>,
}

impl Location {
    /// A location in `file` only.
    pub fn file(file: &str) -> Location {
        Location {
            file: file.to_string(),
            line: None,
            record: None,
        }
    }

    /// A location at a line of `file`.
    pub fn line(file: &str, line: u64) -> Location {
        Location {
            file: file.to_string(),
            line: Some(line),
            record: None,
        }
    }

    /// Adds the record id.
    pub fn with_record(mut self, record: &str) -> Location {
        self.record = Some(record.to_string());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(record) = &self.record {
            write!(f, " (record {record})")?;
        }
        Ok(())
    }
}

/// A per-record observation that did not stop the parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseIssue {
    /// Where.
    pub location: Location,
    /// What.
    pub message: String,
}

/// Why a publication was refused. Every variant says where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// No files were given.
    #[error("no input files for {list}")]
    NoInput {
        /// The source named.
        list: SourceId,
    },
    /// The file is not in a format of the named source.
    #[error("{location}: not a {list} publication: {reason}")]
    WrongFormat {
        /// The source named.
        list: SourceId,
        /// Where it was noticed.
        location: Location,
        /// What was found instead.
        reason: String,
    },
    /// The file is in the right format but damaged: malformed XML, a bad CSV
    /// row, a broken JSON line.
    #[error("{location}: malformed: {reason}")]
    Malformed {
        /// Where.
        location: Location,
        /// Why.
        reason: String,
    },
    /// The file ends in the middle of a record.
    #[error("{location}: truncated: {reason}")]
    Truncated {
        /// Where.
        location: Location,
        /// Why.
        reason: String,
    },
    /// The bytes are not in the encoding the format uses.
    #[error("{location}: wrong encoding: {reason}")]
    Encoding {
        /// Where.
        location: Location,
        /// Why.
        reason: String,
    },
    /// A file a set needs is missing, or an unexpected file is present.
    #[error("{list}: {reason}")]
    FileSet {
        /// The source named.
        list: SourceId,
        /// What is wrong with the set.
        reason: String,
    },
}

impl ParseError {
    /// The location, where the error has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            ParseError::WrongFormat { location, .. }
            | ParseError::Malformed { location, .. }
            | ParseError::Truncated { location, .. }
            | ParseError::Encoding { location, .. } => Some(location),
            ParseError::NoInput { .. } | ParseError::FileSet { .. } => None,
        }
    }
}
