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
}
