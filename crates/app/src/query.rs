//! A screening query, checked once: what every surface turns its input into before screening.
//!
//! The command line and the HTTP API used to check their queries each in their own way, so a
//! name refused by one could pass the other. [`Query::new`] is the one check: a name that is
//! not empty, holds no control characters and is not absurdly long; a schema users can write;
//! bounded lists of countries and identifiers; a limit and a threshold in range. A [`Query`]
//! exists only checked (its fields are private), so `screen` takes it without checking again.

use chrono::NaiveDate;
use interdict_index::Gender;
use interdict_model::{parse_schema, PartialDate, Schema, SourceId};
use interdict_screening::{Floor, Threshold};

/// Longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 1000;
/// Most results per query a surface asks for on a caller's behalf (`POST /v1/screen`'s
/// `limit`, yente's `limit`).
pub const MAX_LIMIT: usize = 500;
/// Most results one screening returns (yente's `/search` pages down to 10,000).
pub const MAX_RESULTS: usize = 10_000;
/// Most countries or identifiers per query.
pub const MAX_LIST_ITEMS: usize = 50;
/// Most names of one query (a yente example with its aliases).
pub const MAX_NAMES: usize = 20;
/// Longest country, identifier or reference accepted, in characters.
pub const MAX_ITEM_CHARS: usize = 200;
/// Results per query when the caller names no limit.
pub const DEFAULT_LIMIT: usize = 10;

/// Why a query (or a field of another request) was refused. The message names the field.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The name is empty or only whitespace.
    #[error("name is empty")]
    EmptyName,
    /// A query without any name.
    #[error("no name: interdict matches on names")]
    NoName,
    /// More names than [`MAX_NAMES`].
    #[error("more than {MAX_NAMES} names")]
    TooManyNames,
    /// A text longer than its field allows.
    #[error("{field} is longer than {max} characters")]
    TooLong {
        /// The field.
        field: &'static str,
        /// Its most characters.
        max: usize,
    },
    /// A text with control characters (NUL included): no name has them.
    #[error("{field} contains control characters")]
    ControlCharacters {
        /// The field.
        field: &'static str,
    },
    /// A list with more items than [`MAX_LIST_ITEMS`].
    #[error("{field} has more than {MAX_LIST_ITEMS} items")]
    TooManyItems {
        /// The field.
        field: &'static str,
    },
    /// A type no party has.
    #[error(transparent)]
    Schema(#[from] interdict_model::UnknownSchema),
    /// A threshold outside `[0, 1]`.
    #[error(transparent)]
    Threshold(#[from] interdict_screening::ThresholdError),
    /// A limit outside `1..=max`.
    #[error("limit must be between 1 and {max}")]
    Limit {
        /// The largest limit.
        max: usize,
    },
    /// A field that does not parse as what it must be.
    #[error("{field} {text:?}: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What was given.
        text: String,
        /// Why it is refused.
        reason: String,
    },
    /// A date that is not `YYYY-MM-DD`.
    #[error("{field} {text:?} is not a YYYY-MM-DD date")]
    NotADate {
        /// The field.
        field: &'static str,
        /// What was given.
        text: String,
    },
    /// A source name no source has.
    #[error("{text:?} is not a source: want one of {known}")]
    UnknownSource {
        /// What was given.
        text: String,
        /// The source names.
        known: String,
    },
    /// A decision without a comment saying why.
    #[error("a decision needs a comment saying why")]
    EmptyComment,
    /// A purpose that is neither `screening` nor `lookup`.
    #[error("purpose {0:?} is neither \"screening\" nor \"lookup\"")]
    Purpose(String),
}

/// Refuses text no name, country or reference has: control characters (NUL included) and,
/// past `max` characters, sheer length.
pub fn check_text(field: &'static str, text: &str, max: usize) -> Result<(), QueryError> {
    if text.chars().count() > max {
        return Err(QueryError::TooLong { field, max });
    }
    if text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err(QueryError::ControlCharacters { field });
    }
    Ok(())
}

/// Parses a partial date (`1957`, `1957-03`, `1957-03-11`), naming the field on error.
pub fn parse_partial_date(field: &'static str, text: &str) -> Result<PartialDate, QueryError> {
    text.trim()
        .parse::<PartialDate>()
        .map_err(|e| QueryError::Invalid {
            field,
            text: text.to_string(),
            reason: e.to_string(),
        })
}

/// Parses a `YYYY-MM-DD` date, naming the field on error.
pub fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate, QueryError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| QueryError::NotADate {
        field,
        text: text.to_string(),
    })
}

/// Parses a source name (`ofac-sdn`, `un-sc`, ...).
pub fn parse_source(text: &str) -> Result<SourceId, QueryError> {
    text.parse::<SourceId>().map_err(|_| {
        let known: Vec<&str> = SourceId::ALL.iter().map(|s| s.as_str()).collect();
        QueryError::UnknownSource {
            text: text.to_string(),
            known: known.join(", "),
        }
    })
}

/// Checks a limit against `1..=max`; `None` is `default`.
pub fn check_limit(limit: Option<usize>, default: usize, max: usize) -> Result<usize, QueryError> {
    match limit.unwrap_or(default) {
        limit @ 1.. if limit <= max => Ok(limit),
        _ => Err(QueryError::Limit { max }),
    }
}

/// Through which door a screening came: recorded with it in the audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    /// `interdict screen`.
    Cli,
    /// `POST /v1/screen`.
    Api,
    /// An analyst looking a party up (`"purpose": "lookup"`, the web UI's search): recorded,
    /// raising no alert.
    Lookup,
    /// The yente-compatible endpoints.
    Yente,
    /// A batch of records (`POST /v1/screen/batch`).
    Batch,
    /// A payment message.
    Message,
    /// A text or web page.
    Text,
}

impl Channel {
    /// The name the audit log records.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Cli => "cli",
            Channel::Api => "api",
            Channel::Lookup => interdict_audit::LOOKUP_CHANNEL,
            Channel::Yente => "yente",
            Channel::Batch => "batch",
            Channel::Message => "message",
            Channel::Text => "text",
        }
    }

    /// The channel of an API `purpose`: `screening` (the default) or `lookup`.
    pub fn of_purpose(purpose: Option<&str>) -> Result<Channel, QueryError> {
        match purpose {
            None | Some("screening") => Ok(Channel::Api),
            Some("lookup") => Ok(Channel::Lookup),
            Some(other) => Err(QueryError::Purpose(other.to_string())),
        }
    }
}

/// What a surface received, before checking: the fields of `POST /v1/screen`, of
/// `interdict screen`, of a yente example. Dates and sources a surface parses itself (the
/// command line through its argument parser, the API with [`parse_date`] and friends).
#[derive(Clone, Debug, PartialEq)]
pub struct QueryInput {
    /// The names, in any script: the first is the name screened and shown; the others (a yente
    /// example's aliases) are screened too, each entity keeping its best hit.
    pub names: Vec<String>,
    /// The type of party, as users write it (`person`, `Vessel`); `None` for any.
    pub schema: Option<String>,
    /// Birth date, possibly partial.
    pub birth_date: Option<PartialDate>,
    /// Countries (names or ISO codes).
    pub countries: Vec<String>,
    /// Identifiers (passport, registration, IMO, ...).
    pub identifiers: Vec<String>,
    /// Gender values as given; the first one understood is used.
    pub genders: Vec<String>,
    /// Only these sources; `None` for all.
    pub sources: Option<Vec<SourceId>>,
    /// Screen against the versions in force on this date.
    pub as_of: Option<NaiveDate>,
    /// At most this many results; `None` for [`DEFAULT_LIMIT`].
    pub limit: Option<usize>,
    /// The alert threshold; `None` for the matcher's default.
    pub threshold: Option<f64>,
    /// The lowest score returned (near misses unless a surface says otherwise).
    pub floor: Floor,
    /// Entity ids never to return (yente's `exclude_entity_ids`).
    pub exclude_entities: Vec<String>,
    /// Schemata never to return, by FtM name (yente's `exclude_schema`).
    pub exclude_schemas: Vec<String>,
    /// The caller's stable reference for the subject; decisions follow it.
    pub subject_ref: Option<String>,
    /// The door it came through.
    pub channel: Channel,
}

impl QueryInput {
    /// One name, every other field empty or default: near misses, channel `channel`.
    pub fn name(name: &str, channel: Channel) -> QueryInput {
        QueryInput {
            names: vec![name.to_string()],
            schema: None,
            birth_date: None,
            countries: Vec::new(),
            identifiers: Vec::new(),
            genders: Vec::new(),
            sources: None,
            as_of: None,
            limit: None,
            threshold: None,
            floor: Floor::NearMisses,
            exclude_entities: Vec::new(),
            exclude_schemas: Vec::new(),
            subject_ref: None,
            channel,
        }
    }
}

/// A checked query (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    names: Vec<String>,
    /// The name as given (untrimmed), for echoing.
    given_name: String,
    matcher: interdict_matcher::Query,
    sources: Option<Vec<SourceId>>,
    as_of: Option<NaiveDate>,
    limit: usize,
    threshold: Threshold,
    floor: Floor,
    exclude_entities: Vec<String>,
    exclude_schemas: Vec<String>,
    subject_key: String,
    channel: Channel,
}

impl Query {
    /// Checks every field; the first problem is the error.
    pub fn new(input: QueryInput) -> Result<Query, QueryError> {
        let given_name = input.names.first().cloned().ok_or(QueryError::NoName)?;
        if input.names.len() > MAX_NAMES {
            return Err(QueryError::TooManyNames);
        }
        let mut names: Vec<String> = Vec::with_capacity(input.names.len());
        for name in &input.names {
            check_text("name", name, MAX_NAME_CHARS)?;
            let name = name.trim();
            if !name.is_empty() && !names.iter().any(|held| held == name) {
                names.push(name.to_string());
            }
        }
        if given_name.trim().is_empty() {
            return Err(QueryError::EmptyName);
        }
        let schema: Option<Schema> = match &input.schema {
            Some(text) => {
                check_text("schema", text, 64)?;
                parse_schema(text)?
            }
            None => None,
        };
        for (field, items) in [("countries", &input.countries), ("ids", &input.identifiers)] {
            if items.len() > MAX_LIST_ITEMS {
                return Err(QueryError::TooManyItems { field });
            }
            for item in items {
                check_text(field, item, MAX_ITEM_CHARS)?;
            }
        }
        let limit = check_limit(input.limit, DEFAULT_LIMIT, MAX_RESULTS)?;
        let threshold = Threshold::or_default(input.threshold)?;
        if let Some(reference) = &input.subject_ref {
            check_text("subject_ref", reference, MAX_ITEM_CHARS)?;
        }
        let gender = input.genders.iter().find_map(|g| Gender::parse(g));
        let matcher = interdict_matcher::Query {
            name: names[0].clone(),
            schema,
            birth_date: input.birth_date,
            countries: input.countries,
            identifiers: input.identifiers,
            gender,
        };
        let subject_key = subject_key(input.subject_ref.as_deref(), &matcher);
        Ok(Query {
            names,
            given_name,
            matcher,
            sources: input.sources,
            as_of: input.as_of,
            limit,
            threshold,
            floor: input.floor,
            exclude_entities: input.exclude_entities,
            exclude_schemas: input.exclude_schemas,
            subject_key,
            channel: input.channel,
        })
    }

    /// The name as given (the first name, untrimmed).
    pub fn name(&self) -> &str {
        &self.given_name
    }

    /// Every name screened, trimmed, without repeats.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The schema asked for, if any.
    pub fn schema(&self) -> Option<&Schema> {
        self.matcher.schema.as_ref()
    }

    /// The birth date given, if any.
    pub fn birth_date(&self) -> Option<PartialDate> {
        self.matcher.birth_date
    }

    /// The countries given.
    pub fn countries(&self) -> &[String] {
        &self.matcher.countries
    }

    /// The identifiers given.
    pub fn identifiers(&self) -> &[String] {
        &self.matcher.identifiers
    }

    /// Only these sources, if the caller narrowed them.
    pub fn sources(&self) -> Option<&[SourceId]> {
        self.sources.as_deref()
    }

    /// The as-of date, if any.
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.as_of
    }

    /// Results wanted.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The alert threshold.
    pub fn threshold(&self) -> Threshold {
        self.threshold
    }

    /// The lowest score returned.
    pub fn floor(&self) -> Floor {
        self.floor
    }

    /// The subject's stable key: the caller's reference when given, else the normalized
    /// query, so a decision on "Qasem SOLEIMANI" applies to "  qasem soleimani ".
    pub fn subject_key(&self) -> &str {
        &self.subject_key
    }

    /// The door it came through.
    pub fn channel(&self) -> Channel {
        self.channel
    }

    /// The matcher's query for the first name.
    pub(crate) fn matcher(&self) -> &interdict_matcher::Query {
        &self.matcher
    }

    /// Entity ids and schemata never returned.
    pub(crate) fn exclusions(&self) -> (&[String], &[String]) {
        (&self.exclude_entities, &self.exclude_schemas)
    }
}

/// The stable key of a screening's subject (see [`Query::subject_key`]).
fn subject_key(subject_ref: Option<&str>, query: &interdict_matcher::Query) -> String {
    subject_key_of(
        subject_ref,
        &query.name,
        query.schema.as_ref(),
        query.birth_date,
        &query.countries,
        &query.identifiers,
    )
}

/// The stable key of a subject: `subject_ref` when given (not blank), else the normalized
/// facts, so a decision on "Qasem SOLEIMANI" applies to "  qasem soleimani ".
pub fn subject_key_of(
    subject_ref: Option<&str>,
    name: &str,
    schema: Option<&Schema>,
    birth_date: Option<PartialDate>,
    countries: &[String],
    ids: &[String],
) -> String {
    match subject_ref.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reference) => interdict_audit::subject_key_for_ref(reference),
        None => interdict_audit::subject_key_for_query(
            name,
            schema.map(Schema::as_str),
            birth_date.map(|d| d.to_string()).as_deref(),
            countries,
            ids,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str) -> QueryInput {
        QueryInput::name(name, Channel::Api)
    }

    #[test]
    fn a_query_is_checked_once_with_the_field_named() {
        let refused = |input: QueryInput| Query::new(input).unwrap_err().to_string();
        assert_eq!(refused(input("   ")), "name is empty");
        assert_eq!(
            refused(input("Qasem\u{0}Soleimani")),
            "name contains control characters"
        );
        assert_eq!(
            refused(input(&"x".repeat(MAX_NAME_CHARS + 1))),
            "name is longer than 1000 characters"
        );
        let mut robot = input("Qasem Soleimani");
        robot.schema = Some("robot".into());
        assert!(refused(robot).starts_with("unknown type \"robot\""));
        let mut high = input("Qasem Soleimani");
        high.threshold = Some(1.5);
        assert_eq!(refused(high), "threshold must be in [0, 1], not 1.5");
        let mut none = input("Qasem Soleimani");
        none.limit = Some(0);
        assert_eq!(refused(none), "limit must be between 1 and 10000");
        let mut many = input("Qasem Soleimani");
        many.countries = vec!["IR".into(); MAX_LIST_ITEMS + 1];
        assert_eq!(refused(many), "countries has more than 50 items");
    }

    #[test]
    fn the_subject_key_is_the_reference_or_the_normalized_query() {
        let mut plain = input("  Qasem SOLEIMANI ");
        plain.countries = vec!["ir".into()];
        let query = Query::new(plain).expect("a query");
        assert_eq!(query.name(), "  Qasem SOLEIMANI ");
        assert_eq!(query.names(), ["Qasem SOLEIMANI"]);
        assert_eq!(query.subject_key(), "query:qasem soleimani|countries=IR");
        let mut referenced = input("Qasem Soleimani");
        referenced.subject_ref = Some(" customer-17 ".into());
        assert_eq!(
            Query::new(referenced).expect("a query").subject_key(),
            "ref:customer-17"
        );
        assert_eq!(Query::new(input("x")).expect("a query").limit(), 10);
        assert_eq!(
            Query::new(input("x")).expect("a query").threshold(),
            Threshold::DEFAULT
        );
    }

    #[test]
    fn purposes_name_channels() {
        assert_eq!(Channel::of_purpose(None), Ok(Channel::Api));
        assert_eq!(Channel::of_purpose(Some("lookup")), Ok(Channel::Lookup));
        assert_eq!(Channel::Lookup.as_str(), "lookup");
        assert!(Channel::of_purpose(Some("audit")).is_err());
    }
}
