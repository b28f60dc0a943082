//! The entity model every other interdict crate speaks.
//!
//! Official lists disagree on almost everything: field names, date formats, how a
//! name is split, whether an alias is "weak". This crate is the one shape they are
//! all read into, so that the store, the index and the matcher never need to know
//! which authority a record came from.
//!
//! The shape follows [FollowTheMoney](https://followthemoney.tech) (FtM): an
//! [`Entity`] has a [`Schema`] (Person, Organization, Company, Vessel, ...) and a
//! multimap of FtM-named properties ([`Prop`]). FtM is what the OpenSanctions
//! ecosystem exchanges, so keeping its names lets users move data both ways.
//! Where FtM would model something as a separate entity (a passport, a sanction),
//! interdict keeps a typed record on the entity instead ([`Identifier`],
//! [`Sanction`], [`Link`]); the `ftm` crate converts.
//!
//! Architecture invariant: no I/O, no serde, no clock. Values are plain data with
//! the invariants enforced by their constructors. The one digest computed here,
//! [`Entity::content_hash`], is of the model's own canonical form, so no output
//! or storage format can change it.
//!
//! ```
//! use interdict_model::{Entity, EntityId, Prop, Schema, SourceId};
//! let mut entity = Entity::new(EntityId::new(SourceId::OfacSdn, "10481"), Schema::Person);
//! entity.add(Prop::Name, "SOLEIMANI, Qasem");
//! entity.add(Prop::BirthDate, "1957-03-11");
//! assert_eq!(entity.first(Prop::Name), Some("SOLEIMANI, Qasem"));
//! assert_eq!(entity.id.as_str(), "ofac-sdn:10481");
//! ```

mod content;
mod date;
mod entity;
mod prop;
mod schema;
mod source;

pub use content::{ContentHash, CONTENT_LAYOUT};
pub use date::{PartialDate, PartialDateError};
pub use entity::{Entity, EntityId, IdKind, Identifier, Link, Relation, Sanction};
pub use prop::Prop;
pub use schema::{parse_schema, Schema, UnknownSchema};
pub use source::{SourceId, UnknownSource};
