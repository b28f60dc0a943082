//! FollowTheMoney (FtM) JSON for interdict entities, both ways.
//!
//! OpenSanctions and the tools around it (yente, nomenklatura, the `ftm` command
//! line) exchange entities as FtM JSON objects: `{"id", "schema", "properties":
//! {name: [values]}}`, one object a line. This crate lets users move data between
//! interdict and that ecosystem:
//!
//! - [`from_ftm`] (and [`decode`], which also returns what it noticed) reads one
//!   FtM entity object into an [`Entity`].
//! - [`to_ftm`] writes an [`Entity`] as FtM objects: the entity itself, and the
//!   separate FtM entities that interdict keeps as typed records on it (a
//!   `Sanction` per [`interdict_model::Sanction`], a `Passport` or
//!   `Identification` per [`interdict_model::Identifier`], an interval entity per
//!   [`interdict_model::Link`]).
//!
//! # Reading
//!
//! Properties map by [`Prop::from_ftm`]; names interdict does not know are kept
//! as [`Prop::Other`], so nothing is dropped. Values go through
//! [`Entity::add`], like those of every other source: whitespace is trimmed and
//! collapsed, empty values and exact duplicates are skipped. No text is lost by
//! that, but a value with a line break comes back with a space.
//!
//! Top-level metadata other than `id`, `schema` and `properties` is kept as
//! [`Prop::Other`] properties named after the field ([`METADATA_FIELDS`]:
//! `caption`, `referents`, `datasets`, `first_seen`, `last_seen`,
//! `last_change`, `target`; `target` becomes `"true"`/`"false"`). FtM has no
//! property of any of those names (its property names are camelCase, these
//! are snake_case or not schema properties), so they cannot clash with real
//! properties; a property map that nevertheless uses one of these names is
//! merged and reported. Any other top-level field is kept the same way, and
//! reported.
//!
//! Values that FtM does not allow are kept and reported, never dropped:
//! numbers and booleans become their JSON text; a nested entity (FtM "nested"
//! exports put entity objects inside properties) becomes its id, and the nested
//! entity itself is decoded and returned in [`Decoded::nested`]; any other
//! object or list becomes its compact JSON text.
//!
//! Ids: the FtM id `X` becomes `EntityId::new(id_source, X)`. An FtM id that
//! already reads `<id_source>:<native>` (as [`to_ftm`] writes them) is not
//! prefixed a second time. Ids inside properties (`entity`, `holder`,
//! `addressEntity`, ...) are kept exactly as the file writes them.
//!
//! # Writing
//!
//! The main object has `id` = the interdict id string, `schema`, `properties`,
//! and the metadata fields the entity carries (see above) at the top level. The
//! generated entities have deterministic ids derived from the entity id:
//! `<id>-sanction-<n>`, `<id>-identifier-<n>`, `<id>-link-<n>` (and
//! `<id>-link-<n>-target` for a link whose other party is only named), `n`
//! counting from 1 in the order of the entity's records.
//!
//! The crate has no I/O; it works on [`serde_json::Value`]s.
//!
//! ```
//! use interdict_ftm::{from_ftm, to_ftm};
//! use interdict_model::{Prop, Schema, SourceId};
//!
//! let line = r#"{"id": "Q4670365", "schema": "Person",
//!     "properties": {"name": ["Sofiane Ben Goumo"], "birthDate": ["1959-06-26"]},
//!     "referents": ["ofac-16480", "unsc-6908468"], "target": true}"#;
//! let value: serde_json::Value = serde_json::from_str(line).unwrap();
//! let entity = from_ftm(&value, SourceId::OpenSanctions).unwrap();
//! assert_eq!(entity.id.as_str(), "opensanctions:Q4670365");
//! assert_eq!(entity.schema, Schema::Person);
//! assert_eq!(entity.get(Prop::Other("referents".into())), ["ofac-16480", "unsc-6908468"]);
//!
//! let written = to_ftm(&entity);
//! assert_eq!(written[0]["id"], "opensanctions:Q4670365");
//! assert_eq!(written[0]["target"], true);
//! assert_eq!(from_ftm(&written[0], SourceId::OpenSanctions).unwrap(), entity);
//! ```
//!
//! [`Entity`]: interdict_model::Entity
//! [`Entity::add`]: interdict_model::Entity::add
//! [`Prop::from_ftm`]: interdict_model::Prop::from_ftm
//! [`Prop::Other`]: interdict_model::Prop::Other

mod decode;
mod encode;

use std::fmt;

pub use decode::{decode, entity_id, from_ftm, Decoded};
pub use encode::to_ftm;

/// The top-level fields of an FtM entity object, other than `id`, `schema` and
/// `properties`, that OpenSanctions exports carry. [`from_ftm`] keeps them as
/// [`Prop::Other`] properties of these names, and [`to_ftm`] writes them back at
/// the top level.
///
/// [`Prop::Other`]: interdict_model::Prop::Other
pub const METADATA_FIELDS: [&str; 7] = [
    "caption",
    "referents",
    "datasets",
    "first_seen",
    "last_seen",
    "last_change",
    "target",
];

/// Why an FtM object could not be read as an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FtmError {
    /// The value is not a JSON object.
    NotAnObject {
        /// The JSON type found instead (`array`, `string`, ...).
        found: &'static str,
    },
    /// `id` or `schema` is missing, empty or not a string.
    MissingField {
        /// The field: `id` or `schema`.
        field: &'static str,
    },
    /// `properties` is present but not an object.
    BadProperties {
        /// The JSON type found instead.
        found: &'static str,
    },
    /// A nested entity inside a property could not be read.
    Nested {
        /// The property holding it.
        prop: String,
        /// Why the nested entity was refused.
        error: Box<FtmError>,
    },
}

impl fmt::Display for FtmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FtmError::NotAnObject { found } => {
                write!(f, "an FtM entity is a JSON object, found {found}")
            }
            FtmError::MissingField { field } => {
                write!(f, "the entity has no {field:?} (a non-empty string)")
            }
            FtmError::BadProperties { found } => {
                write!(f, "\"properties\" must be an object, found {found}")
            }
            FtmError::Nested { prop, error } => {
                write!(f, "nested entity in property {prop:?}: {error}")
            }
        }
    }
}

impl std::error::Error for FtmError {}

/// The JSON type name of a value, for messages.
fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
