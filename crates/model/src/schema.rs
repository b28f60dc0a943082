//! FollowTheMoney schemata.

use std::fmt;

/// The FtM schema of an entity. The six "thing" schemata interdict screens
/// against are named; any other FtM schema (Address, Passport, Ownership, ...
/// as found in OpenSanctions exports) is kept by name in [`Schema::Other`] so
/// nothing read is lost.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Schema {
    /// A natural person.
    Person,
    /// An organization that is not (known to be) a company.
    Organization,
    /// A company.
    Company,
    /// A legal entity of unknown kind: the list does not say.
    LegalEntity,
    /// A vessel.
    Vessel,
    /// An aircraft.
    Airplane,
    /// Any other FtM schema, by its FtM name.
    Other(String),
}

impl Schema {
    /// The FtM name: `Person`, `LegalEntity`, ...
    pub fn as_str(&self) -> &str {
        match self {
            Schema::Person => "Person",
            Schema::Organization => "Organization",
            Schema::Company => "Company",
            Schema::LegalEntity => "LegalEntity",
            Schema::Vessel => "Vessel",
            Schema::Airplane => "Airplane",
            Schema::Other(name) => name,
        }
    }

    /// Reads an FtM schema name. Unknown names become [`Schema::Other`].
    pub fn from_ftm(name: &str) -> Schema {
        match name {
            "Person" => Schema::Person,
            "Organization" => Schema::Organization,
            "Company" => Schema::Company,
            "LegalEntity" => Schema::LegalEntity,
            "Vessel" => Schema::Vessel,
            "Airplane" => Schema::Airplane,
            other => Schema::Other(other.to_string()),
        }
    }

    /// Whether parties of this schema can be screened by name: persons,
    /// organizations, companies, legal entities, vessels and aircraft.
    pub fn is_party(&self) -> bool {
        !matches!(self, Schema::Other(_))
    }
}

/// What a user typed is not a type of party.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown type {0:?}: want person, organization, company, legalentity, vessel or aircraft")]
pub struct UnknownSchema(pub String);

/// Reads a schema as users write it: an FtM name (`Person`) or a plain type (`person`,
/// `organization`, `company`, `vessel`, `aircraft`, and a few synonyms). Empty: none.
pub fn parse_schema(text: &str) -> Result<Option<Schema>, UnknownSchema> {
    let schema = match text.trim().to_ascii_lowercase().as_str() {
        "" => return Ok(None),
        "person" | "individual" => Schema::Person,
        "organization" | "organisation" | "entity" => Schema::Organization,
        "company" => Schema::Company,
        "legalentity" | "legal_entity" => Schema::LegalEntity,
        "vessel" | "ship" => Schema::Vessel,
        "airplane" | "aircraft" => Schema::Airplane,
        other => return Err(UnknownSchema(other.to_string())),
    };
    Ok(Some(schema))
}

impl fmt::Display for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ftm_names_round_trip() {
        for name in [
            "Person",
            "Organization",
            "Company",
            "LegalEntity",
            "Vessel",
            "Airplane",
            "Passport",
        ] {
            assert_eq!(Schema::from_ftm(name).as_str(), name);
        }
        assert!(!Schema::from_ftm("Ownership").is_party());
        assert!(Schema::from_ftm("Vessel").is_party());
    }

    #[test]
    fn schemas_as_users_write_them() {
        assert_eq!(parse_schema("person"), Ok(Some(Schema::Person)));
        assert_eq!(parse_schema("Aircraft"), Ok(Some(Schema::Airplane)));
        assert_eq!(parse_schema(" LegalEntity "), Ok(Some(Schema::LegalEntity)));
        assert_eq!(parse_schema(""), Ok(None));
        assert_eq!(
            parse_schema("robot").unwrap_err().to_string(),
            "unknown type \"robot\": want person, organization, company, legalentity, vessel or aircraft"
        );
    }
}
