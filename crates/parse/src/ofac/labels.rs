//! The labels OFAC puts in front of a fact, and what each one means.
//!
//! The same vocabulary appears in three places: as clause heads in the legacy
//! remarks (`Passport 008827 (Iran) issued 1999`), as `idType` in the `sdnList`
//! XML, and as feature and document types in the Enhanced XML. One table keeps
//! the three readings consistent. The table was built from a survey of the
//! clause heads in the real files (2019–2024 SDN, consolidated 2018–2025),
//! most frequent first.

use interdict_model::IdKind;

/// What a label introduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Handling {
    /// Date of birth statement.
    BirthDate,
    /// Place of birth.
    BirthPlace,
    /// Nationality.
    Nationality,
    /// Citizenship.
    Citizenship,
    /// `Gender Male`.
    Gender,
    /// `Linked To: NAME`.
    LinkedTo,
    /// `a.k.a.`, `f.k.a.`, `n.k.a.`: a name for the FtM property named;
    /// quoted ones are weak.
    Name(&'static str),
    /// A document or number of this kind.
    Id(IdKind),
    /// A number of this kind that also has an FtM property of its own
    /// (named).
    IdWith(IdKind, &'static str),
    /// `Digital Currency Address - XBT <address>`.
    DigitalCurrency,
    /// A plain value of the FtM property named.
    Value(&'static str),
    /// A date of the FtM property named.
    Date(&'static str),
    /// `Nationality of Registration`: the flag of a vessel, the jurisdiction
    /// of anything else.
    RegistrationCountry,
    /// `Aircraft Operator X`, `Issuer Name X`: a party named in relation to
    /// this one; the label says how.
    Operator,
    /// A sanction flag; only the value is kept (`Additional Sanctions
    /// Information - Subject to Secondary Sanctions` → `Subject to Secondary
    /// Sanctions`).
    FlagValue,
    /// A sanction flag, kept as the whole clause.
    Flag,
    /// A directive statement: a flag when it says `Subject to Directive`,
    /// otherwise a summary.
    Directive,
    /// A measure (`CAATSA Section 235 Information: EXPORT SANCTIONS`), kept as
    /// the whole clause.
    Provision,
    /// A remark about the listing, kept as the whole clause.
    Summary,
}

use Handling::*;

/// Every known label. Matching is case-insensitive and the longest label
/// wins, so `Identification Number IMO` beats `Identification Number`.
const RULES: &[(&str, Handling)] = &[
    // Person facts.
    ("DOB", BirthDate),
    ("Birthdate", BirthDate),
    ("Date of Birth", BirthDate),
    ("POB", BirthPlace),
    ("Place of Birth", BirthPlace),
    ("nationality", Nationality),
    ("Nationality Country", Nationality),
    ("citizen", Citizenship),
    ("Citizenship Country", Citizenship),
    ("Gender", Gender),
    ("Position", Value("position")),
    ("Title", Value("position")),
    // Names and links.
    ("a.k.a.", Name("alias")),
    ("n.k.a.", Name("alias")),
    ("f.k.a.", Name("previousName")),
    ("Linked To", LinkedTo),
    // Contact.
    ("Website", Value("website")),
    ("Email Address", Value("email")),
    ("Email", Value("email")),
    ("Phone Number", Value("phone")),
    ("Phone No.", Value("phone")),
    ("Phone", Value("phone")),
    ("Telephone No.", Value("phone")),
    ("Telephone Number", Value("phone")),
    ("Telephone", Value("phone")),
    ("Fax No.", Value("phone")),
    ("Fax Number", Value("phone")),
    ("Fax", Value("phone")),
    // Organisations.
    ("Organization Established Date", Date("incorporationDate")),
    ("Organization Type", Value("sector")),
    ("Target Type", Value("classification")),
    ("Nationality of Registration", RegistrationCountry),
    // Vessels.
    ("Vessel Registration Identification", Id(IdKind::Imo)),
    ("Identification Number IMO", Id(IdKind::Imo)),
    ("Company Number IMO", Id(IdKind::Imo)),
    ("IMO", Id(IdKind::Imo)),
    ("International Maritime Organization No.", Id(IdKind::Imo)),
    ("MMSI", Value("mmsi")),
    ("Vessel Call Sign", Value("callSign")),
    ("Other Vessel Call Sign", Value("callSign")),
    ("Vessel Flag", Value("flag")),
    ("Other Vessel Flag", Value("flag")),
    ("Former Vessel Flag", Value("pastFlags")),
    ("Vessel Type", Value("type")),
    ("Other Vessel Type", Value("type")),
    ("Vessel Owner", Value("ownerName")),
    ("Vessel Tonnage", Value("tonnage")),
    (
        "Vessel Gross Registered Tonnage",
        Value("grossRegisteredTonnage"),
    ),
    ("Vessel Year of Build", Date("buildDate")),
    // Aircraft.
    ("Aircraft Model", Value("model")),
    (
        "Aircraft Manufacturer's Serial Number (MSN)",
        Value("serialNumber"),
    ),
    ("Aircraft Serial Identification", Value("serialNumber")),
    ("Aircraft Manufacture Date", Date("buildDate")),
    ("Aircraft Tail Number", Id(IdKind::Registration)),
    ("Previous Aircraft Tail Number", Id(IdKind::Other)),
    (
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
        Id(IdKind::Other),
    ),
    ("Aircraft Mode S Transponder Code", Id(IdKind::Other)),
    ("Aircraft Operator", Operator),
    ("Issuer Name", Operator),
    // Passports and travel documents.
    ("Passport", Id(IdKind::Passport)),
    ("Diplomatic Passport", Id(IdKind::Passport)),
    ("Passport Booklet", Id(IdKind::Passport)),
    ("Travel Document Number", Id(IdKind::Passport)),
    ("Stateless Person Passport", Id(IdKind::Passport)),
    ("British National Overseas Passport", Id(IdKind::Passport)),
    ("Refugee ID Card", Id(IdKind::Other)),
    ("Stateless Person ID Card", Id(IdKind::Other)),
    // National identity numbers.
    ("National ID No.", Id(IdKind::National)),
    ("National Foreign ID Number", Id(IdKind::National)),
    ("Personal ID Card", Id(IdKind::National)),
    ("Identification Number", Id(IdKind::National)),
    ("Cedula No.", Id(IdKind::National)),
    ("D.N.I.", Id(IdKind::National)),
    ("C.U.R.P.", Id(IdKind::National)),
    ("CURP", Id(IdKind::National)),
    ("C.U.I.", Id(IdKind::National)),
    ("Kenyan ID No.", Id(IdKind::National)),
    ("Turkish Identification Number", Id(IdKind::National)),
    ("Numero de Identidad", Id(IdKind::National)),
    ("Tazkira National ID Card", Id(IdKind::National)),
    ("Citizen's Card Number", Id(IdKind::National)),
    ("SSN", Id(IdKind::National)),
    ("Bosnian Personal ID No.", Id(IdKind::National)),
    ("Moroccan Personal ID No.", Id(IdKind::National)),
    ("Personal Code", Id(IdKind::National)),
    ("CNP (Personal Numerical Code)", Id(IdKind::National)),
    ("N.I.E.", Id(IdKind::National)),
    ("Birth Certificate Number", Id(IdKind::Other)),
    ("Residency Number", Id(IdKind::Other)),
    ("Credencial electoral", Id(IdKind::Other)),
    ("Electoral Registry No.", Id(IdKind::Other)),
    ("Driver's License No.", Id(IdKind::Other)),
    ("Cartilla de Servicio Militar Nacional", Id(IdKind::Other)),
    ("VisaNumberID", Id(IdKind::Other)),
    ("SRE Permit No.", Id(IdKind::Other)),
    ("Immigration No.", Id(IdKind::Other)),
    ("C.U.I.P.", Id(IdKind::Other)),
    ("I.F.E.", Id(IdKind::Other)),
    ("LE Number", Id(IdKind::Other)),
    ("Serial No.", Id(IdKind::Other)),
    // Tax numbers.
    ("Tax ID No.", Id(IdKind::Tax)),
    ("R.F.C.", Id(IdKind::Tax)),
    ("RFC", Id(IdKind::Tax)),
    ("NIT", Id(IdKind::Tax)),
    ("RUC", Id(IdKind::Tax)),
    ("RIF", Id(IdKind::Tax)),
    ("RTN", Id(IdKind::Tax)),
    ("V.A.T. Number", Id(IdKind::Tax)),
    ("C.U.I.T.", Id(IdKind::Tax)),
    ("C.I.F.", Id(IdKind::Tax)),
    ("N.I.F.", Id(IdKind::Tax)),
    ("US FEIN", Id(IdKind::Tax)),
    ("Italian Fiscal Code", Id(IdKind::Tax)),
    ("Fiscal Code", Id(IdKind::Tax)),
    (
        "Numero Unico de Identificacao Tributaria (NUIT)",
        Id(IdKind::Tax),
    ),
    // Company registrations.
    ("Registration Number", Id(IdKind::Registration)),
    ("Registration ID", Id(IdKind::Registration)),
    ("Business Registration Number", Id(IdKind::Registration)),
    ("Business Registration Document", Id(IdKind::Registration)),
    ("Business Number", Id(IdKind::Registration)),
    ("Commercial Registry Number", Id(IdKind::Registration)),
    ("Company Number", Id(IdKind::Registration)),
    ("UK Company Number", Id(IdKind::Registration)),
    ("Folio Mercantil No.", Id(IdKind::Registration)),
    ("Matricula Mercantil No", Id(IdKind::Registration)),
    ("C.R. No.", Id(IdKind::Registration)),
    ("Romanian C.R.", Id(IdKind::Registration)),
    (
        "Certificate of Incorporation Number",
        Id(IdKind::Registration),
    ),
    ("Government Gazette Number", Id(IdKind::Registration)),
    ("Chamber of Commerce Number", Id(IdKind::Registration)),
    (
        "Central Registration System Number",
        Id(IdKind::Registration),
    ),
    ("Istanbul Chamber of Comm. No.", Id(IdKind::Registration)),
    (
        "Dubai Chamber of Commerce Membership No.",
        Id(IdKind::Registration),
    ),
    ("Trade License No.", Id(IdKind::Registration)),
    ("Economic Register Number (CBLS)", Id(IdKind::Registration)),
    ("Enterprise Number", Id(IdKind::Registration)),
    ("Branch Unit Number", Id(IdKind::Registration)),
    ("Public Registration Number", Id(IdKind::Registration)),
    ("Registered Charity No.", Id(IdKind::Registration)),
    ("Organization Code", Id(IdKind::Registration)),
    (
        "Unified Social Credit Code (USCC)",
        Id(IdKind::Registration),
    ),
    (
        "United Social Credit Code Certificate (USCCC)",
        Id(IdKind::Registration),
    ),
    ("D-U-N-S Number", Id(IdKind::Other)),
    ("License", Id(IdKind::Other)),
    ("Permit Number", Id(IdKind::Other)),
    ("File Number", Id(IdKind::Other)),
    ("Legal Entity Number", IdWith(IdKind::Other, "leiCode")),
    ("SWIFT/BIC", Id(IdKind::SwiftBic)),
    ("BIK (RU)", Id(IdKind::Other)),
    ("ISIN", Id(IdKind::Other)),
    ("Equity Ticker", Id(IdKind::Other)),
    ("Chinese Commercial Code", Id(IdKind::Other)),
    ("MICEX Code", Id(IdKind::Other)),
    ("Digital Currency Address", DigitalCurrency),
    // Sanction flags, measures and remarks about the listing.
    ("Additional Sanctions Information", FlagValue),
    ("Secondary sanctions risk", Flag),
    ("U.S. Persons Must Continue to Block", Flag),
    (
        "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions",
        Flag,
    ),
    ("Executive Order 13662 Directive Determination", Flag),
    ("IFCA Determination", Flag),
    ("Executive Order 14024 Directive Information", Directive),
    ("Executive Order 14014 Directive Information", Directive),
    ("Executive Order 13846 information", Provision),
    ("Executive Order 14059 information", Provision),
    ("CAATSA Section 235 Information", Provision),
    (
        "For more information on directives, please visit the following link",
        Summary,
    ),
    ("For more information, please see", Summary),
    (
        "For more information, please reference the following link",
        Summary,
    ),
    ("Listing Date (", Summary),
    ("Effective Date (", Summary),
    ("Purchase/Sales For Divestment Date (", Summary),
    ("all offices worldwide", Summary),
    ("All Branches Worldwide", Summary),
    ("and all other locations worldwide", Summary),
    ("all other locations worldwide", Summary),
];

/// A label found at the start of a clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Match<'a> {
    /// The label as the table spells it.
    pub label: &'static str,
    /// The label as the text spells it.
    pub written: &'a str,
    /// What it introduces.
    pub handling: Handling,
    /// The text after the label and its separator (`:`, `-`, `#`).
    pub value: &'a str,
}

/// Whether `text` starts with `label`, ignoring case, at a word boundary.
fn starts_with_label(text: &str, label: &str) -> bool {
    let Some(head) = text.get(..label.len()) else {
        return false;
    };
    if !head.eq_ignore_ascii_case(label) {
        return false;
    }
    let last = label.as_bytes()[label.len() - 1];
    match text.as_bytes().get(label.len()) {
        None => true,
        Some(next) => !(last.is_ascii_alphanumeric() && next.is_ascii_alphanumeric()),
    }
}

/// Finds the longest known label `text` starts with.
pub(crate) fn match_label(text: &str) -> Option<Match<'_>> {
    let first = text.as_bytes().first()?.to_ascii_lowercase();
    let (label, handling) = RULES
        .iter()
        .filter(|(label, _)| label.as_bytes()[0].to_ascii_lowercase() == first)
        .filter(|(label, _)| starts_with_label(text, label))
        .max_by_key(|(label, _)| label.len())?;
    let written = &text[..label.len()];
    let value = text[label.len()..].trim_start_matches([' ', ':', '-', '#']);
    Some(Match {
        label,
        written,
        handling: *handling,
        value: value.trim(),
    })
}

/// Looks up a label given on its own (an XML `idType` or feature type):
/// exact match, ignoring case and trailing `:`, `-`, `#`.
pub(crate) fn lookup(label: &str) -> Option<(&'static str, Handling)> {
    let label = label.trim().trim_end_matches([' ', ':', '-', '#']).trim();
    RULES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(label))
        .map(|(known, handling)| (*known, *handling))
}

/// Looks up a label given on its own that starts with a known label of a
/// remark kept whole (`Listing Date (CMIC)` for the rule `Listing Date (`).
pub(crate) fn lookup_prefix(label: &str) -> Option<Handling> {
    let found = match_label(label.trim())?;
    matches!(found.handling, Flag | Directive | Provision | Summary).then_some(found.handling)
}

/// Words that end the label of an identifier OFAC's table does not know yet
/// (`Afghan Money Service Provider License Number 123`).
const ID_LABEL_ENDINGS: &[&str] = &[
    "no.",
    "no",
    "number",
    "id",
    "code",
    "card",
    "license",
    "licence",
    "permit",
    "certificate",
    "#",
    "identification",
    "registration",
    "document",
];

/// Splits a clause like `Some Register No. 12345 (Country)` into label and
/// value when its label ends like an identifier's, for labels the table does
/// not know.
pub(crate) fn generic_identifier(text: &str) -> Option<(&str, &str)> {
    let mut offset = 0;
    let mut last_word = "";
    for word in text.split(' ') {
        if word.bytes().any(|b| b.is_ascii_digit()) {
            let label = text[..offset].trim_end();
            if label.is_empty() || !label.bytes().next()?.is_ascii_uppercase() {
                return None;
            }
            let ending = last_word.to_ascii_lowercase();
            return ID_LABEL_ENDINGS.contains(&ending.as_str()).then(|| {
                (
                    label.trim_end_matches([':', '#', ' ']),
                    text[offset..].trim(),
                )
            });
        }
        if !word.is_empty() {
            last_word = word.trim_end_matches(':');
        }
        offset += word.len() + 1;
        if offset > 80 {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_label_wins() {
        let m = match_label("Identification Number IMO 5342883").unwrap();
        assert_eq!(m.label, "Identification Number IMO");
        assert_eq!(m.value, "5342883");
        let m = match_label("Diplomatic Passport 008827 (Iran) issued 1999").unwrap();
        assert_eq!(m.handling, Id(IdKind::Passport));
        assert_eq!(m.written, "Diplomatic Passport");
        let m = match_label("Linked To: HIZBALLAH").unwrap();
        assert_eq!((m.handling, m.value), (LinkedTo, "HIZBALLAH"));
        let m = match_label("NIT # 800018928-0 (Colombia)").unwrap();
        assert_eq!(m.value, "800018928-0 (Colombia)");
        let m = match_label("Organization Type: Activities of holding companies").unwrap();
        assert_eq!(m.handling, Value("sector"));
        assert!(match_label("Passports").is_none());
        assert!(match_label("RUCK 1").is_none());
    }

    #[test]
    fn xml_labels() {
        assert_eq!(
            lookup("Additional Sanctions Information -").unwrap().1,
            FlagValue
        );
        assert_eq!(
            lookup("Business Registration Document #").unwrap().1,
            Id(IdKind::Registration)
        );
        assert_eq!(lookup("Nationality Country").unwrap().1, Nationality);
        assert!(lookup("Nonsense").is_none());
    }

    #[test]
    fn unknown_identifier_labels() {
        assert_eq!(
            generic_identifier("Afghan Money Service Provider License Number 123 (Afghanistan)"),
            Some((
                "Afghan Money Service Provider License Number",
                "123 (Afghanistan)"
            ))
        );
        assert_eq!(
            generic_identifier("Member of the 13th National People's Congress"),
            None
        );
        assert_eq!(generic_identifier("arrested 23 Apr 2002"), None);
    }
}
