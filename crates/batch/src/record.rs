//! One customer record as read from a batch file, and why a row could not be
//! read. A record is what a user knows of a party: a name, perhaps a type, a
//! birth date, countries, identifiers, and the user's own reference, which is
//! carried through to the output untouched so results join back to the
//! customer file.

use std::fmt;

use interdict_index::Gender;
use interdict_matcher::Query;
use interdict_model::{parse_schema, PartialDate, Schema};

/// The longest field accepted, in bytes. Longer is not a name or a date but a
/// broken row (an unterminated quote swallowing the lines after it, a binary
/// file), so it is reported rather than screened.
pub const MAX_FIELD_BYTES: usize = 1024;

/// A field of a record, as named in `--columns` and in JSON lines input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The user's own reference (customer id, account number, ...).
    Ref,
    /// The name, in any script. Required.
    Name,
    /// What the party is: person, organization, company, vessel, aircraft.
    Schema,
    /// Birth date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    BirthDate,
    /// A country (nationality, residence, jurisdiction). Several allowed.
    Country,
    /// An identifier (passport, national id, registration, IMO). Several allowed.
    Ids,
    /// Gender: male/female (m/f).
    Gender,
}

impl Field {
    /// Every field, in output order.
    pub const ALL: [Field; 7] = [
        Field::Ref,
        Field::Name,
        Field::Schema,
        Field::BirthDate,
        Field::Country,
        Field::Ids,
        Field::Gender,
    ];

    /// The canonical key (`--columns`, JSON lines, `query` in the output).
    pub fn key(self) -> &'static str {
        match self {
            Field::Ref => "ref",
            Field::Name => "name",
            Field::Schema => "schema",
            Field::BirthDate => "birth_date",
            Field::Country => "country",
            Field::Ids => "ids",
            Field::Gender => "gender",
        }
    }

    /// Whether a record may hold several values of this field.
    pub fn repeatable(self) -> bool {
        matches!(self, Field::Country | Field::Ids)
    }

    /// The field a column header or JSON key names, if any. Case, spaces and
    /// punctuation do not matter: `Full Name`, `full_name` and `FULLNAME` are
    /// the same. The aliases are the headers customer files commonly use.
    pub fn from_header(header: &str) -> Option<Field> {
        let key: String = header
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let field = match key.as_str() {
            "ref" | "reference" | "yourref" | "customerref" | "customerreference"
            | "customerid" | "customerno" | "customernumber" | "clientid" | "clientref"
            | "clientreference" | "clientnumber" | "accountid" | "accountno" | "accountnumber"
            | "externalid" | "recordid" | "uniqueid" => Field::Ref,
            "name" | "fullname" | "customername" | "clientname" | "partyname" | "entityname"
            | "legalname" | "beneficiaryname" | "accountname" | "accountholder" => Field::Name,
            "type" | "schema" | "entitytype" | "partytype" | "customertype" | "clienttype"
            | "kind" => Field::Schema,
            "birthdate" | "dob" | "dateofbirth" | "born" | "birthday" => Field::BirthDate,
            "country"
            | "countries"
            | "nationality"
            | "nationalities"
            | "citizenship"
            | "countryofresidence"
            | "residence"
            | "residencecountry"
            | "countrycode"
            | "jurisdiction"
            | "countryofincorporation" => Field::Country,
            "ids" | "identifier" | "identifiers" | "idnumber" | "idnumbers" | "passport"
            | "passportnumber" | "passportno" | "nationalid" | "taxid" | "registrationnumber"
            | "imo" | "imonumber" | "documentnumber" => Field::Ids,
            "gender" | "sex" => Field::Gender,
            _ => return None,
        };
        Some(field)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One record to screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// 1-based line of the input where the record starts.
    pub line: u64,
    /// The user's reference, carried to the output.
    pub reference: Option<String>,
    /// The name.
    pub name: String,
    /// The schema, when given.
    pub schema: Option<Schema>,
    /// The birth date, when given.
    pub birth_date: Option<PartialDate>,
    /// Countries, as written (names or ISO codes).
    pub countries: Vec<String>,
    /// Identifiers, as written.
    pub ids: Vec<String>,
    /// Gender, when given.
    pub gender: Option<Gender>,
}

impl Record {
    /// The matcher's query for this record.
    pub fn query(&self) -> Query {
        let mut query = Query::name(&self.name);
        query.schema = self.schema.clone();
        query.birth_date = self.birth_date;
        query.countries = self.countries.clone();
        query.identifiers = self.ids.clone();
        query.gender = self.gender;
        query
    }

    /// Builds a record from `(field, value)` pairs in input order; values are
    /// trimmed and empty ones are absent. Country and id cells may hold several
    /// values separated by `;` or `|`.
    pub fn from_pairs<'a>(
        line: u64,
        pairs: impl IntoIterator<Item = (Field, &'a str)>,
    ) -> Result<Record, RowError> {
        let mut record = Record {
            line,
            reference: None,
            name: String::new(),
            schema: None,
            birth_date: None,
            countries: Vec::new(),
            ids: Vec::new(),
            gender: None,
        };
        // Collect first so the reference is known for any error's report.
        let mut problems = Vec::new();
        let mut values: Vec<(Field, &str)> = Vec::new();
        for (field, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            if value.len() > MAX_FIELD_BYTES {
                problems.push(format!(
                    "{field} is {} bytes long, over the limit of {MAX_FIELD_BYTES}",
                    value.len()
                ));
                continue;
            }
            if field == Field::Ref && record.reference.is_none() {
                record.reference = Some(value.to_string());
            }
            values.push((field, value));
        }
        for (field, value) in values {
            match field {
                Field::Ref => {}
                Field::Name => record.name = value.to_string(),
                Field::Schema => match parse_schema(value) {
                    Ok(schema) => record.schema = schema,
                    Err(reason) => problems.push(format!("type: {reason}")),
                },
                Field::BirthDate => match parse_date(value) {
                    Ok(date) => record.birth_date = Some(date),
                    Err(err) => problems.push(format!("birth_date: {err}")),
                },
                Field::Country => record.countries.extend(split_multi(value)),
                Field::Ids => record.ids.extend(split_multi(value)),
                Field::Gender => match Gender::parse(value) {
                    Some(gender) => record.gender = Some(gender),
                    None => problems.push(format!(
                        "gender {value:?}: want male, female, m or f (or leave it empty)"
                    )),
                },
            }
        }
        if record.name.is_empty() && problems.is_empty() {
            problems.push("no name".to_string());
        }
        if problems.is_empty() {
            Ok(record)
        } else {
            Err(RowError {
                line,
                reference: record.reference,
                reason: problems.join("; "),
            })
        }
    }
}

/// ISO 8601 `YYYY`, `YYYY-MM`, `YYYY-MM-DD`; month and day may lack their
/// leading zero (`1969-7-6`), as spreadsheets write them. Nothing else: a
/// date that is not a date is the row's error, never guessed.
fn parse_date(value: &str) -> Result<PartialDate, interdict_model::PartialDateError> {
    let parts: Vec<&str> = value.split('-').collect();
    let short = parts.len() > 1
        && parts[1..]
            .iter()
            .any(|p| p.len() == 1 && p.bytes().all(|b| b.is_ascii_digit()));
    if !short {
        return value.parse();
    }
    let padded: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i > 0 && p.len() == 1 {
                format!("0{p}")
            } else {
                p.to_string()
            }
        })
        .collect();
    padded.join("-").parse().map_err(|_| {
        value
            .parse::<PartialDate>()
            .expect_err("an unpadded date is not ISO")
    })
}

fn split_multi(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split([';', '|'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// A row that could not be screened: where it is and why. The row is skipped
/// and counted, never dropped silently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line of the input where the row starts.
    pub line: u64,
    /// The user's reference, when it could be read.
    pub reference: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for RowError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_customer_files_use() {
        assert_eq!(Field::from_header("Full Name"), Some(Field::Name));
        assert_eq!(Field::from_header("full_name"), Some(Field::Name));
        assert_eq!(Field::from_header("DOB"), Some(Field::BirthDate));
        assert_eq!(Field::from_header("Date of Birth"), Some(Field::BirthDate));
        assert_eq!(Field::from_header("Nationality"), Some(Field::Country));
        assert_eq!(Field::from_header("Customer ID"), Some(Field::Ref));
        assert_eq!(Field::from_header("first_name"), None);
        assert_eq!(Field::from_header("place_of_birth"), None);
    }

    #[test]
    fn a_row_reports_every_problem_and_keeps_its_reference() {
        let err = Record::from_pairs(
            7,
            [
                (Field::Ref, "C-1"),
                (Field::Name, "Jane Roe"),
                (Field::BirthDate, "1971-01-32"),
                (Field::Schema, "robot"),
            ],
        )
        .unwrap_err();
        assert_eq!(err.line, 7);
        assert_eq!(err.reference.as_deref(), Some("C-1"));
        assert!(err.reason.starts_with("birth_date: "), "{err}");
        assert!(
            err.reason.contains("; type: unknown type \"robot\""),
            "{err}"
        );
        let err = Record::from_pairs(3, [(Field::Name, "  ")]).unwrap_err();
        assert_eq!(err.to_string(), "line 3: no name");
        let long = "x".repeat(MAX_FIELD_BYTES + 1);
        let err = Record::from_pairs(4, [(Field::Name, long.as_str())]).unwrap_err();
        assert_eq!(
            err.reason,
            "name is 1025 bytes long, over the limit of 1024"
        );
    }

    #[test]
    fn dates_without_leading_zeros() {
        let date = |text: &str| {
            parse_date(text)
                .map(|d| d.to_string())
                .map_err(|e| e.to_string())
        };
        assert_eq!(date("1969-7-16"), Ok("1969-07-16".into()));
        assert_eq!(date("1974-02-6"), Ok("1974-02-06".into()));
        assert_eq!(date("1957-3"), Ok("1957-03".into()));
        assert!(date("1974-01-32").is_err());
        assert!(date("1968-13-3").unwrap_err().contains("1968-13-3"));
        assert!(date("69-7-16").is_err());
    }

    #[test]
    fn several_countries_in_one_cell() {
        let record = Record::from_pairs(
            2,
            [
                (Field::Name, "Jane Roe"),
                (Field::Country, "IR; SY|"),
                (Field::Country, "Iraq"),
            ],
        )
        .unwrap();
        assert_eq!(record.countries, ["IR", "SY", "Iraq"]);
    }
}
