//! The CSL `ids` column: identity documents and everything else OFAC keeps
//! in its "ID" records (gender, websites, vessel and aircraft details,
//! directive and secondary-sanctions information).
//!
//! Records are separated by `; ` and their parts by `, `. The CSV has used two
//! layouts:
//! - up to 2022, the parts of each record in alphabetical order of the API's
//!   field names, empty ones left out: `country, expiration_date, issue_date,
//!   number, type` (`CA, BC166787, Passport`, `JO, 2014-08-30, 2009-08-31,
//!   K475336, Passport`). With a single date the file does not say whether it
//!   is the issue or the expiry date, so it is kept in the identifier's note;
//! - since 2023, `type, number, country, issue, expiry` (`Passport, 484824,
//!   EG, 18 Jan 1984`).
//!
//! The layout of each record is recognised by where a known type label
//! stands; a record with an unknown label follows the layout the file has
//! shown so far. Numbers may contain `, `; the parts that are not country or
//! date are joined back.

use chrono::NaiveDate;
use interdict_model::{IdKind, PartialDate, Prop};

/// One record of the `ids` column, taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdRecord<'a> {
    /// The type label as written (`Passport`, `Gender`, `Secondary sanctions
    /// risk:`).
    pub label: &'a str,
    /// The value: the number, or the text.
    pub value: String,
    /// The issuing country code, when given.
    pub country: Option<&'a str>,
    /// Issue date, when the record says which date it is.
    pub issued: Option<PartialDate>,
    /// Expiry date, when the record says which date it is.
    pub expires: Option<PartialDate>,
    /// A date the record gives without saying whether it is the issue or the
    /// expiry date.
    pub undetermined_date: Option<PartialDate>,
}

/// Which layout a record is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `country, expiration_date, issue_date, number, type` (to 2022).
    LabelLast,
    /// `type, number, country, issue, expiry` (since 2023).
    LabelFirst,
}

/// Remembers which layout the file uses, from the records with known labels.
#[derive(Clone, Debug, Default)]
pub struct LayoutVotes {
    label_last: usize,
    label_first: usize,
}

impl LayoutVotes {
    fn guess(&self) -> Layout {
        if self.label_first > self.label_last {
            Layout::LabelFirst
        } else {
            Layout::LabelLast
        }
    }
}

/// Splits an `ids` cell into records.
pub fn split_records(cell: &str) -> impl Iterator<Item = &str> {
    cell.split("; ").map(str::trim).filter(|r| !r.is_empty())
}

/// Reads one record of the `ids` column.
pub fn read_record<'a>(record: &'a str, votes: &mut LayoutVotes) -> IdRecord<'a> {
    let parts: Vec<&str> = record.split(", ").map(str::trim).collect();
    if parts.len() == 1 {
        return IdRecord {
            label: "",
            value: record.trim().to_string(),
            country: None,
            issued: None,
            expires: None,
            undetermined_date: None,
        };
    }
    let first_known = is_known_label(parts[0]);
    let last_known = is_known_label(parts[parts.len() - 1]);
    let layout = match (first_known, last_known) {
        (true, false) => {
            votes.label_first += 1;
            Layout::LabelFirst
        }
        (false, true) => {
            votes.label_last += 1;
            Layout::LabelLast
        }
        _ => votes.guess(),
    };
    match layout {
        Layout::LabelLast => read_label_last(&parts),
        Layout::LabelFirst => read_label_first(&parts),
    }
}

fn read_label_last<'a>(parts: &[&'a str]) -> IdRecord<'a> {
    let (label, rest) = parts.split_last().unwrap_or((&"", &[]));
    let mut rest = rest;
    let mut country = None;
    if rest.len() > 1 && is_country_code(rest[0]) {
        country = Some(rest[0]);
        rest = &rest[1..];
    }
    let mut dates = Vec::new();
    while rest.len() > 1 && dates.len() < 2 {
        match parse_date(rest[0]) {
            Some(date) => {
                dates.push(date);
                rest = &rest[1..];
            }
            None => break,
        }
    }
    // Alphabetical: expiration_date before issue_date.
    let (expires, issued, undetermined_date) = match dates[..] {
        [expires, issued] => (Some(expires), Some(issued), None),
        [date] => (None, None, Some(date)),
        _ => (None, None, None),
    };
    IdRecord {
        label,
        value: rest.join(", "),
        country,
        issued,
        expires,
        undetermined_date,
    }
}

fn read_label_first<'a>(parts: &[&'a str]) -> IdRecord<'a> {
    let (label, rest) = parts.split_first().unwrap_or((&"", &[]));
    let mut rest = rest;
    let mut dates = Vec::new();
    while rest.len() > 1 && dates.len() < 2 {
        match parse_date(rest[rest.len() - 1]) {
            Some(date) => {
                dates.insert(0, date);
                rest = &rest[..rest.len() - 1];
            }
            None => break,
        }
    }
    let mut country = None;
    if rest.len() > 1 && is_country_code(rest[rest.len() - 1]) {
        country = Some(rest[rest.len() - 1]);
        rest = &rest[..rest.len() - 1];
    }
    let (issued, expires) = match dates[..] {
        [issued, expires] => (Some(issued), Some(expires)),
        [issued] => (Some(issued), None),
        _ => (None, None),
    };
    IdRecord {
        label,
        value: rest.join(", "),
        country,
        issued,
        expires,
        undetermined_date: None,
    }
}

fn is_country_code(part: &str) -> bool {
    part.len() == 2 && part.bytes().all(|b| b.is_ascii_uppercase())
}

/// Reads `2014-08-30` or `18 Jan 1984`.
pub fn parse_date(text: &str) -> Option<PartialDate> {
    let text = text.trim();
    if let Ok(date) = text.parse::<PartialDate>() {
        return text.contains('-').then_some(date);
    }
    let date = NaiveDate::parse_from_str(text, "%d %b %Y").ok()?;
    use chrono::Datelike;
    PartialDate::ymd(
        u16::try_from(date.year()).ok()?,
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
}

/// What a record of a given label becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An FtM property of the entity.
    Prop(Prop),
    /// `gender`, written `male`/`female`.
    Gender,
    /// A date property of the entity (the value is a date).
    Date(Prop),
    /// An identifier of this kind.
    Id(IdKind),
    /// A flag of the listing (`Subject to Secondary Sanctions`).
    Flag,
    /// A measure or directive of the listing, kept as `label value`.
    Provision,
    /// A link to a named party, with the role as note (`Aircraft Operator`).
    Link,
    /// Free text: `notes`.
    Note,
}

/// Labels whose place tells the layout; lower case, without trailing `:`
/// or ` -`.
const KNOWN_LABELS: &[&str] = &[
    "gender",
    "passport",
    "website",
    "email address",
    "phone number",
    "additional sanctions information",
    "secondary sanctions risk",
    "tax id no.",
    "national id no.",
    "registration number",
    "registration id",
    "cedula no.",
    "nit #",
    "c.u.r.p.",
    "r.f.c.",
    "organization established date",
    "organization type",
    "vessel registration identification",
    "aircraft model",
    "aircraft operator",
    "aircraft manufacture date",
    "aircraft manufacturer's serial number (msn)",
    "aircraft tail number",
    "target type",
    "swift/bic",
    "isin",
    "issuer name",
    "equity ticker",
    "mmsi",
    "former vessel flag",
    "government gazette number",
    "identification number",
    "ruc #",
    "d.n.i.",
    "unified social credit code (uscc)",
    "transactions prohibited for persons owned or controlled by u.s. financial institutions",
    "executive order 13662 directive determination",
    "executive order 13846 information",
    "executive order 14024 directive information",
    "caatsa section 235 information",
];

fn normal_label(label: &str) -> String {
    label
        .trim()
        .trim_end_matches([':', '-', ' '])
        .to_ascii_lowercase()
}

fn is_known_label(part: &str) -> bool {
    let label = normal_label(part);
    KNOWN_LABELS.contains(&label.as_str())
        || label.starts_with("digital currency address")
        || label.starts_with("listing date (")
        || label.starts_with("effective date (")
}

/// Where the records of a label go.
pub fn classify(label: &str) -> Target {
    let label = normal_label(label);
    let has = |words: &[&str]| words.iter().any(|w| label.contains(w));
    match label.as_str() {
        "gender" => return Target::Gender,
        "website" => return Target::Prop(Prop::Website),
        "email address" => return Target::Prop(Prop::Email),
        "phone number" => return Target::Prop(Prop::Phone),
        "mmsi" => return Target::Prop(Prop::Mmsi),
        "former vessel flag" => return Target::Prop(Prop::Other("pastFlags".into())),
        "other vessel flag" => return Target::Prop(Prop::Flag),
        "other vessel call sign" => return Target::Prop(Prop::CallSign),
        "other vessel type" => return Target::Prop(Prop::Type),
        "vessel year of build" | "aircraft manufacture date" => {
            return Target::Date(Prop::BuildDate)
        }
        "organization established date" => return Target::Date(Prop::IncorporationDate),
        "organization type" => return Target::Prop(Prop::Other("sector".into())),
        "aircraft model" => return Target::Prop(Prop::Model),
        "aircraft manufacturer's serial number (msn)" => return Target::Prop(Prop::SerialNumber),
        "aircraft serial identification" => return Target::Prop(Prop::SerialNumber),
        "nationality of registration" | "registration country" => {
            return Target::Prop(Prop::Jurisdiction)
        }
        "aircraft tail number" | "previous aircraft tail number" => {
            return Target::Id(IdKind::Registration)
        }
        "vessel registration identification" => return Target::Id(IdKind::Imo),
        "swift/bic" => return Target::Id(IdKind::SwiftBic),
        "additional sanctions information" | "secondary sanctions risk" => return Target::Flag,
        "aircraft operator" => return Target::Link,
        "target type" | "issuer name" | "fax" => return Target::Note,
        _ => {}
    }
    if has(&[
        "executive order",
        "caatsa",
        "transactions prohibited",
        "listing date (",
        "effective date (",
        "divestment date",
        "directive",
        "ifca determination",
        "peesa information",
    ]) {
        return Target::Provision;
    }
    if has(&["passport"]) {
        return Target::Id(IdKind::Passport);
    }
    if has(&["electoral", "credencial"]) {
        return Target::Id(IdKind::National);
    }
    if has(&[
        "tax", "r.f.c", "rfc", "nit #", "ruc #", "rif #", "v.a.t", "vat ", "fiscal", "cuit", "inn",
    ]) {
        return Target::Id(IdKind::Tax);
    }
    if has(&[
        "registration",
        "registry",
        "register",
        "company number",
        "gazette",
        "folio mercantil",
        "matricula mercantil",
        "c.r. no",
        "commercial",
        "trade license",
        "business",
        "legal entity number",
        "credit code",
        "d-u-n-s",
        "chamber of commerce",
    ]) {
        return Target::Id(IdKind::Registration);
    }
    if has(&[
        "national",
        "cedula",
        "c.u.r.p",
        "curp",
        "d.n.i",
        "identification",
        "electoral",
        "personal id",
        "citizen",
        "ssn",
        "social security",
        "id no",
        "id card",
        "identity",
    ]) {
        return Target::Id(IdKind::National);
    }
    Target::Id(IdKind::Other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(record: &str) -> IdRecord<'_> {
        read_record(record, &mut LayoutVotes::default())
    }

    fn date(text: &str) -> Option<PartialDate> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn label_last_layout() {
        let passport = read("JO, 2014-08-30, 2009-08-31, K475336, Passport");
        assert_eq!(passport.label, "Passport");
        assert_eq!(passport.value, "K475336");
        assert_eq!(passport.country, Some("JO"));
        assert_eq!(passport.issued, date("2009-08-31"));
        assert_eq!(passport.expires, date("2014-08-30"));
        let one_date = read("SD, 1998-10-28, 562605, Passport");
        assert_eq!(one_date.undetermined_date, date("1998-10-28"));
        assert_eq!((one_date.issued, one_date.expires), (None, None));
        let gender = read("Male, Gender");
        assert_eq!((gender.label, gender.value.as_str()), ("Gender", "Male"));
        let directive = read("For more information on directives, please visit the following link: https://x, Executive Order 14024 Directive Information -");
        assert_eq!(
            directive.label,
            "Executive Order 14024 Directive Information -"
        );
        assert_eq!(
            directive.value,
            "For more information on directives, please visit the following link: https://x"
        );
        let no_country = read("2017-08-21, 3284670, Driver's License No.");
        assert_eq!(no_country.value, "3284670");
        assert_eq!(no_country.undetermined_date, date("2017-08-21"));
    }

    #[test]
    fn label_first_layout() {
        let passport = read("Passport, E590976, TN, 19 Jun 1987, 18 Jun 1992");
        assert_eq!(passport.value, "E590976");
        assert_eq!(passport.country, Some("TN"));
        assert_eq!(passport.issued, date("1987-06-19"));
        assert_eq!(passport.expires, date("1992-06-18"));
        let one = read("Passport, 484824, EG, 18 Jan 1984");
        assert_eq!(one.issued, date("1984-01-18"));
        let uscc = read("Unified Social Credit Code (USCC), 9111000071093019X7, CN");
        assert_eq!(
            (uscc.label, uscc.value.as_str(), uscc.country),
            (
                "Unified Social Credit Code (USCC)",
                "9111000071093019X7",
                Some("CN")
            )
        );
        let risk = read("Secondary sanctions risk:, Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201 and/or 589.209");
        assert_eq!(risk.label, "Secondary sanctions risk:");
        assert_eq!(
            risk.value,
            "Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201 and/or 589.209"
        );
    }

    #[test]
    fn unknown_labels_follow_the_file() {
        let mut votes = LayoutVotes::default();
        read_record("Passport, X1, TN", &mut votes);
        let unknown = read_record("Strange Label, 12345", &mut votes);
        assert_eq!(
            (unknown.label, unknown.value.as_str()),
            ("Strange Label", "12345")
        );
        let mut votes = LayoutVotes::default();
        let unknown = read_record("12345, Strange Label", &mut votes);
        assert_eq!(unknown.label, "Strange Label");
    }

    #[test]
    fn labels_are_classified() {
        assert_eq!(classify("Passport"), Target::Id(IdKind::Passport));
        assert_eq!(
            classify("Diplomatic Passport"),
            Target::Id(IdKind::Passport)
        );
        assert_eq!(classify("Tax ID No."), Target::Id(IdKind::Tax));
        assert_eq!(classify("R.F.C."), Target::Id(IdKind::Tax));
        assert_eq!(classify("Cedula No."), Target::Id(IdKind::National));
        assert_eq!(
            classify("Registration ID"),
            Target::Id(IdKind::Registration)
        );
        assert_eq!(classify("SWIFT/BIC"), Target::Id(IdKind::SwiftBic));
        assert_eq!(
            classify("Vessel Registration Identification"),
            Target::Id(IdKind::Imo)
        );
        assert_eq!(classify("Gender"), Target::Gender);
        assert_eq!(classify("Additional Sanctions Information -"), Target::Flag);
        assert_eq!(classify("Listing Date (CMIC)"), Target::Provision);
        assert_eq!(
            classify("Executive Order 13662 Directive Determination -"),
            Target::Provision
        );
        assert_eq!(
            classify("Organization Established Date"),
            Target::Date(Prop::IncorporationDate)
        );
        assert_eq!(
            classify("Digital Currency Address - XBT"),
            Target::Id(IdKind::Other)
        );
        assert_eq!(classify("Target Type"), Target::Note);
        assert_eq!(classify("Aircraft Operator"), Target::Link);
        assert_eq!(
            classify("Electoral Registry No."),
            Target::Id(IdKind::National)
        );
        assert_eq!(
            classify("Nationality of Registration"),
            Target::Prop(Prop::Jurisdiction)
        );
        assert_eq!(classify("IFCA Determination -"), Target::Provision);
    }

    proptest! {
        #[test]
        fn records_never_panic(text in "[A-Za-z0-9 ,;:.#-]{0,60}") {
            let mut votes = LayoutVotes::default();
            for record in split_records(&text) {
                let read = read_record(record, &mut votes);
                let _ = classify(read.label);
            }
            let _ = parse_date(&text);
        }
    }
}
