//! FollowTheMoney property names.

use std::fmt;

macro_rules! props {
    ($( $(#[$doc:meta])* $variant:ident => $ftm:literal, )*) => {
        /// An FtM property name. The named variants are the properties interdict's
        /// parsers write; [`Prop::Other`] keeps any other FtM property read from an
        /// FtM source, by name, so nothing is dropped.
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Prop {
            $( $(#[$doc])* $variant, )*
            /// Any other FtM property, by its FtM name.
            Other(String),
        }

        impl Prop {
            /// Every named property, in declaration order.
            pub const NAMED: &'static [Prop] = &[ $( Prop::$variant, )* ];

            /// The FtM property name, e.g. `weakAlias`.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Prop::$variant => $ftm, )*
                    Prop::Other(name) => name,
                }
            }

            /// Reads an FtM property name; unknown names become [`Prop::Other`].
            pub fn from_ftm(name: &str) -> Prop {
                match name {
                    $( $ftm => Prop::$variant, )*
                    other => Prop::Other(other.to_string()),
                }
            }
        }
    };
}

props! {
    /// The primary name as the list writes it.
    Name => "name",
    /// A strong alias ("a.k.a.", good quality).
    Alias => "alias",
    /// A weak alias: low-quality a.k.a., nickname. Must not alert on its own.
    WeakAlias => "weakAlias",
    /// A former name ("f.k.a.").
    PreviousName => "previousName",
    /// Given name.
    FirstName => "firstName",
    /// Second given name.
    SecondName => "secondName",
    /// Middle name.
    MiddleName => "middleName",
    /// Family name.
    LastName => "lastName",
    /// Patronymic.
    FatherName => "fatherName",
    /// Matronymic.
    MotherName => "motherName",
    /// Honorific or title ("Gen.", "Dr.").
    Title => "title",
    /// Name suffix ("Jr.").
    NameSuffix => "nameSuffix",
    /// A name in its original script.
    OriginalName => "originalName",
    /// Birth date, ISO 8601, possibly partial.
    BirthDate => "birthDate",
    /// Birth place as written.
    BirthPlace => "birthPlace",
    /// Country of birth.
    BirthCountry => "birthCountry",
    /// Death date.
    DeathDate => "deathDate",
    /// Nationality.
    Nationality => "nationality",
    /// Citizenship.
    Citizenship => "citizenship",
    /// Country (of address, residence or operation).
    Country => "country",
    /// Jurisdiction of incorporation.
    Jurisdiction => "jurisdiction",
    /// Gender: male, female, other.
    Gender => "gender",
    /// Position or function held.
    Position => "position",
    /// Full address as text.
    Address => "address",
    /// National or other identification number.
    IdNumber => "idNumber",
    /// Passport number.
    PassportNumber => "passportNumber",
    /// Tax number.
    TaxNumber => "taxNumber",
    /// Company registration number.
    RegistrationNumber => "registrationNumber",
    /// SWIFT/BIC code.
    SwiftBic => "swiftBic",
    /// Legal Entity Identifier.
    LeiCode => "leiCode",
    /// Russian INN.
    InnCode => "innCode",
    /// Russian OGRN.
    OgrnCode => "ogrnCode",
    /// IMO number of a vessel or of a ship-owning company.
    ImoNumber => "imoNumber",
    /// MMSI of a vessel.
    Mmsi => "mmsi",
    /// Radio call sign.
    CallSign => "callSign",
    /// Flag state of a vessel.
    Flag => "flag",
    /// Vessel or aircraft type.
    Type => "type",
    /// Vessel tonnage.
    Tonnage => "tonnage",
    /// Vessel gross registered tonnage.
    GrossRegisteredTonnage => "grossRegisteredTonnage",
    /// Owner as written (vessels).
    OwnerName => "ownerName",
    /// Aircraft serial number.
    SerialNumber => "serialNumber",
    /// Aircraft model.
    Model => "model",
    /// Aircraft or vessel build date.
    BuildDate => "buildDate",
    /// E-mail address.
    Email => "email",
    /// Phone number.
    Phone => "phone",
    /// Website.
    Website => "website",
    /// Incorporation date.
    IncorporationDate => "incorporationDate",
    /// Legal form.
    LegalForm => "legalForm",
    /// Status ("active", "dissolved").
    Status => "status",
    /// Free text the parser did not structure. Nothing is dropped.
    Notes => "notes",
    /// Summary.
    Summary => "summary",
    /// FtM topics, e.g. `sanction`.
    Topics => "topics",
    /// Source URL.
    SourceUrl => "sourceUrl",
    /// Program as written (FtM Thing.program).
    Program => "program",
    /// Religion.
    Religion => "religion",
    /// Modification date of the record at its source.
    ModifiedAt => "modifiedAt",
}

impl fmt::Display for Prop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ftm_names_round_trip() {
        for prop in Prop::NAMED {
            assert_eq!(&Prop::from_ftm(prop.as_str()), prop);
        }
        assert_eq!(
            Prop::from_ftm("wikidataId"),
            Prop::Other("wikidataId".into())
        );
    }
}
