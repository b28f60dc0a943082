//! Entities, their identifiers, sanctions and links.

use std::collections::BTreeMap;
use std::fmt;

use crate::{PartialDate, Prop, Schema, SourceId};

/// A stable entity id: `<source>:<native id>`, e.g. `ofac-sdn:10481`,
/// `un-sc:IRi.039`. The native id is the one the authority itself uses, so the
/// id is the same in every version of the list.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityId(String);

impl EntityId {
    /// Builds the id of the record `native` of `source`.
    pub fn new(source: SourceId, native: &str) -> EntityId {
        EntityId(format!("{}:{}", source.as_str(), native.trim()))
    }

    /// Reads an id as users type it. Returns `None` unless it has a known source
    /// prefix and a non-empty native part.
    pub fn parse(text: &str) -> Option<EntityId> {
        let (source, native) = text.split_once(':')?;
        let source: SourceId = source.parse().ok()?;
        (!native.trim().is_empty()).then(|| EntityId::new(source, native))
    }

    /// The whole id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The source prefix.
    pub fn source(&self) -> SourceId {
        let prefix = self.0.split_once(':').map_or("", |(prefix, _)| prefix);
        prefix
            .parse()
            .expect("EntityId always has a known source prefix")
    }

    /// The authority's own id.
    pub fn native(&self) -> &str {
        self.0.split_once(':').map_or("", |(_, native)| native)
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A listed party (or, for FtM sources, any FtM entity) as one version of one
/// list states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Stable id, `<source>:<native id>`.
    pub id: EntityId,
    /// FtM schema.
    pub schema: Schema,
    /// FtM properties. Values keep their insertion order; see [`Entity::add`].
    pub props: BTreeMap<Prop, Vec<String>>,
    /// Identity documents and registration numbers with their details. Every
    /// number here also appears in the matching FtM property.
    pub identifiers: Vec<Identifier>,
    /// The listings of this party on its source.
    pub sanctions: Vec<Sanction>,
    /// Relationships the list states, to other listed parties or to names.
    pub links: Vec<Link>,
}

impl Entity {
    /// An entity with no properties yet.
    pub fn new(id: EntityId, schema: Schema) -> Entity {
        Entity {
            id,
            schema,
            props: BTreeMap::new(),
            identifiers: Vec::new(),
            sanctions: Vec::new(),
            links: Vec::new(),
        }
    }

    /// Adds a property value. Whitespace is trimmed and collapsed; empty values
    /// and exact duplicates are skipped. Returns whether a value was added.
    pub fn add(&mut self, prop: Prop, value: &str) -> bool {
        let value = collapse_whitespace(value);
        if value.is_empty() {
            return false;
        }
        let values = self.props.entry(prop).or_default();
        if values.contains(&value) {
            return false;
        }
        values.push(value);
        true
    }

    /// Adds a date property in ISO form.
    pub fn add_date(&mut self, prop: Prop, date: PartialDate) -> bool {
        self.add(prop, &date.to_string())
    }

    /// Adds an identifier, and its number to the FtM property of its kind.
    pub fn add_identifier(&mut self, identifier: Identifier) {
        let number = identifier.number.clone();
        self.add(identifier.kind.prop(), &number);
        if !self.identifiers.contains(&identifier) {
            self.identifiers.push(identifier);
        }
    }

    /// All values of a property.
    pub fn get(&self, prop: Prop) -> &[String] {
        self.props.get(&prop).map_or(&[], Vec::as_slice)
    }

    /// The first value of a property.
    pub fn first(&self, prop: Prop) -> Option<&str> {
        self.get(prop).first().map(String::as_str)
    }

    /// A display name: the first `name`, else the first alias, else the id.
    pub fn caption(&self) -> &str {
        self.first(Prop::Name)
            .or_else(|| self.first(Prop::Alias))
            .unwrap_or(self.id.as_str())
    }
}

fn collapse_whitespace(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// What kind of number an [`Identifier`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdKind {
    /// A passport (including diplomatic and service passports).
    Passport,
    /// A national identity number or card.
    National,
    /// A tax number.
    Tax,
    /// A company registration number.
    Registration,
    /// An IMO number.
    Imo,
    /// A SWIFT/BIC code.
    SwiftBic,
    /// Any other identifier; the identifier's `label` says what it is.
    Other,
}

impl IdKind {
    /// The FtM property that carries numbers of this kind.
    pub fn prop(self) -> Prop {
        match self {
            IdKind::Passport => Prop::PassportNumber,
            IdKind::Tax => Prop::TaxNumber,
            IdKind::Registration => Prop::RegistrationNumber,
            IdKind::Imo => Prop::ImoNumber,
            IdKind::SwiftBic => Prop::SwiftBic,
            IdKind::National | IdKind::Other => Prop::IdNumber,
        }
    }

    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Passport => "passport",
            IdKind::National => "national",
            IdKind::Tax => "tax",
            IdKind::Registration => "registration",
            IdKind::Imo => "imo",
            IdKind::SwiftBic => "swiftBic",
            IdKind::Other => "other",
        }
    }

    /// Reads [`IdKind::as_str`] back.
    pub fn from_name(name: &str) -> Option<IdKind> {
        [
            IdKind::Passport,
            IdKind::National,
            IdKind::Tax,
            IdKind::Registration,
            IdKind::Imo,
            IdKind::SwiftBic,
            IdKind::Other,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == name)
    }
}

/// An identity document or registration number, with what the list says of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identifier {
    /// The kind of number.
    pub kind: IdKind,
    /// The label the list gives it ("Diplomatic Passport", "Cedula No.").
    pub label: String,
    /// The number as written.
    pub number: String,
    /// The issuing country, as written.
    pub country: Option<String>,
    /// Issue date.
    pub issued: Option<PartialDate>,
    /// Expiry date.
    pub expires: Option<PartialDate>,
    /// Anything else the list says of this document.
    pub note: Option<String>,
}

impl Identifier {
    /// An identifier with only kind, label and number.
    pub fn new(kind: IdKind, label: &str, number: &str) -> Identifier {
        Identifier {
            kind,
            label: label.trim().to_string(),
            number: number.trim().to_string(),
            country: None,
            issued: None,
            expires: None,
            note: None,
        }
    }
}

/// One listing of a party: who lists it, under what, since when. Follows FtM's
/// `Sanction` schema (authority, program, listingDate, provisions, reason, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sanction {
    /// The source list.
    pub source: SourceId,
    /// The listing authority, e.g. "United Nations Security Council".
    pub authority: String,
    /// The record's id at the authority (OFAC ent_num, UN reference number, ...).
    pub authority_id: String,
    /// Program or regime codes as the list writes them (`SDGT`, `IRGC`,
    /// `Iran`, ...). Mapping them to regimes is the semantics layer's job.
    pub programs: Vec<String>,
    /// The date the party was listed, if the list states it.
    pub listing_date: Option<PartialDate>,
    /// Dates the record was amended, oldest first, where the list states them.
    pub modified_at: Vec<PartialDate>,
    /// Measures, where the list states them (asset freeze, travel ban, ...).
    pub provisions: Vec<String>,
    /// The statement of reasons, if the list gives one.
    pub reason: Option<String>,
    /// Remarks about the listing that are not reasons.
    pub summary: Vec<String>,
    /// Flags the list attaches, e.g. "Subject to Secondary Sanctions".
    pub flags: Vec<String>,
    /// A UN reference this listing implements (`IRi.039`), if any.
    pub unsc_id: Option<String>,
    /// The name of the list or list type within the source (UN list type,
    /// CSL source list, EU regulation).
    pub list_name: Option<String>,
}

impl Sanction {
    /// A sanction with only source, authority and native id set.
    pub fn new(source: SourceId, authority_id: &str) -> Sanction {
        Sanction {
            source,
            authority: source.authority().to_string(),
            authority_id: authority_id.trim().to_string(),
            programs: Vec::new(),
            listing_date: None,
            modified_at: Vec::new(),
            provisions: Vec::new(),
            reason: None,
            summary: Vec::new(),
            flags: Vec::new(),
            unsc_id: None,
            list_name: None,
        }
    }
}

/// The kind of a relationship, named after FtM's interval schemata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// OFAC `Linked To:`: an unspecified link to another listed party.
    LinkedTo,
    /// Ownership (the target owns, or is owned by, this party; see the note).
    Ownership,
    /// Directorship.
    Directorship,
    /// Family tie.
    Family,
    /// Associate.
    Associate,
    /// Any other stated link.
    UnknownLink,
}

impl Relation {
    /// Stable name (FtM schema name where one exists).
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::LinkedTo => "LinkedTo",
            Relation::Ownership => "Ownership",
            Relation::Directorship => "Directorship",
            Relation::Family => "Family",
            Relation::Associate => "Associate",
            Relation::UnknownLink => "UnknownLink",
        }
    }

    /// Reads [`Relation::as_str`] back.
    pub fn from_name(name: &str) -> Option<Relation> {
        [
            Relation::LinkedTo,
            Relation::Ownership,
            Relation::Directorship,
            Relation::Family,
            Relation::Associate,
            Relation::UnknownLink,
        ]
        .into_iter()
        .find(|relation| relation.as_str() == name)
    }
}

/// A relationship a list states. Lists name the other party, and sometimes
/// give its id; resolving names to ids is left to the layers above.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// What kind of relationship.
    pub relation: Relation,
    /// The other party's id, when the list gives one.
    pub target_id: Option<EntityId>,
    /// The other party's name as written.
    pub target_name: Option<String>,
    /// Role, share or other detail.
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_source_and_native_parts() {
        let id = EntityId::parse("un-sc:IRi.039").unwrap();
        assert_eq!(id.source(), SourceId::UnSc);
        assert_eq!(id.native(), "IRi.039");
        assert_eq!(EntityId::parse("nope:1"), None);
        assert_eq!(EntityId::parse("ofac-sdn:"), None);
        assert_eq!(
            EntityId::parse("ofac-sdn:10481").unwrap().as_str(),
            "ofac-sdn:10481"
        );
    }

    #[test]
    fn add_trims_and_deduplicates() {
        let mut entity = Entity::new(EntityId::new(SourceId::OfacSdn, "1"), Schema::Person);
        assert!(entity.add(Prop::Alias, "  SOLEYMANI,\n Ghasem "));
        assert!(!entity.add(Prop::Alias, "SOLEYMANI, Ghasem"));
        assert!(!entity.add(Prop::Alias, "   "));
        assert_eq!(entity.get(Prop::Alias), ["SOLEYMANI, Ghasem"]);
        assert_eq!(entity.caption(), "SOLEYMANI, Ghasem");
    }

    #[test]
    fn identifiers_feed_their_property() {
        let mut entity = Entity::new(EntityId::new(SourceId::OfacSdn, "10481"), Schema::Person);
        let mut passport = Identifier::new(IdKind::Passport, "Diplomatic Passport", "008827");
        passport.country = Some("Iran".into());
        entity.add_identifier(passport.clone());
        entity.add_identifier(passport);
        assert_eq!(entity.get(Prop::PassportNumber), ["008827"]);
        assert_eq!(entity.identifiers.len(), 1);
    }
}
