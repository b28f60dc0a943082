//! OFAC's remarks: the free-text field that carries most of what OFAC knows.
//!
//! In the legacy CSV (and the `sdnList` XML's `remarks`), birth dates, places,
//! nationalities, passports, registration numbers, weak aliases, links to
//! other listed parties and sanction flags are all written into one text, as
//! `;`-separated clauses:
//!
//! ```text
//! DOB 11 Mar 1957; POB Qom, Iran; nationality Iran; citizen Iran; Additional
//! Sanctions Information - Subject to Secondary Sanctions; Diplomatic Passport
//! 008827 (Iran) issued 1999.
//! ```
//!
//! A screening engine that leaves this text unread misses the birth date that
//! tells two namesakes apart and the passport number a payment carries. This
//! module splits the text into clauses ([`split_clauses`]), reads each into a
//! [`Fact`] ([`classify`]), and writes facts onto an entity and its sanction
//! ([`apply_remarks`]). Clauses it cannot read are kept verbatim in `notes`.

use interdict_model::{Entity, IdKind, Identifier, Link, Prop, Relation, Sanction, Schema};

use super::dates::{format_date, parse_date, parse_date_statement, DateStatement};
use super::labels::{generic_identifier, lookup, lookup_prefix, match_label, Handling};

/// One clause of a remark, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// Birth dates (`DOB`).
    BirthDate(DateStatement),
    /// Another date property (`incorporationDate`, `buildDate`).
    Date(Prop, DateStatement),
    /// A property value (birthPlace, nationality, website, gender, ...).
    Value(Prop, String),
    /// A value that is a property of a person only (`position`, `title`),
    /// read from free text: on other entities it is kept as a note.
    PersonValue(Prop, String),
    /// A name: `alias`, `previousName`, or `weakAlias` for OFAC's quoted
    /// low-quality a.k.a.s.
    Name(Prop, String),
    /// A document or number, and an extra FtM property its number also
    /// belongs to (`leiCode`, `innCode`, `ogrnCode`).
    Identifier(Identifier, Option<Prop>),
    /// A stated relationship (`Linked To:`, `Aircraft Operator`).
    Link(Link),
    /// `Nationality of Registration`: a vessel's flag, or the jurisdiction of
    /// a company.
    RegistrationCountry(String),
    /// A sanction flag (`Subject to Secondary Sanctions`).
    Flag(String),
    /// A measure the listing imposes.
    Provision(String),
    /// A remark about the listing.
    Summary(String),
    /// Text no rule structures; kept verbatim.
    Note(String),
}

/// What [`apply_remarks`] did with a remark.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RemarksOutcome {
    /// Clauses read.
    pub clauses: usize,
    /// Clauses kept verbatim in `notes`.
    pub unstructured: usize,
    /// Observations worth reporting (approximated date ranges).
    pub issues: Vec<String>,
}

/// Splits a remark into clauses at `;`, except inside parentheses and inside a
/// quoted alias (`a.k.a. 'A; B'`). Clauses are trimmed; empty ones dropped.
pub fn split_clauses(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut clauses = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let end = quoted_alias_end(text, pos).unwrap_or_else(|| clause_end(bytes, pos));
        let clause = text[pos..end].trim();
        if !clause.is_empty() {
            clauses.push(clause);
        }
        pos = end + 1;
    }
    clauses
}

/// The end of a clause starting at `start`: the first `;` outside
/// parentheses, or, when parentheses never close, the first `;`.
fn clause_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut first_semicolon = None;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        match b {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b';' if depth == 0 => return i,
            b';' => {
                first_semicolon.get_or_insert(i);
            }
            _ => {}
        }
    }
    if depth == 0 {
        bytes.len()
    } else {
        first_semicolon.unwrap_or(bytes.len())
    }
}

/// For a clause `[alt. ]a.k.a. '...'` starting at `start`: the end of the
/// clause after the closing quote, which is a `'` followed (after an optional
/// period) by `;` or the end of the text.
fn quoted_alias_end(text: &str, start: usize) -> Option<usize> {
    let body = text[start..].trim_start();
    let offset = text.len() - body.len();
    let body_after_alt = strip_alt(body);
    let skipped = body.len() - body_after_alt.len();
    let head = body_after_alt.get(..8)?;
    if !(head.eq_ignore_ascii_case("a.k.a. '")
        || head.eq_ignore_ascii_case("f.k.a. '")
        || head.eq_ignore_ascii_case("n.k.a. '"))
    {
        return None;
    }
    let open = offset + skipped + 7;
    let bytes = text.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            let mut j = i + 1;
            if bytes.get(j) == Some(&b'.') {
                j += 1;
            }
            while bytes.get(j) == Some(&b' ') {
                j += 1;
            }
            match bytes.get(j) {
                None => return Some(bytes.len()),
                Some(b';') => return Some(j),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// Removes a leading `alt. ` (OFAC's "another value of the same kind").
fn strip_alt(text: &str) -> &str {
    match text.get(..5) {
        Some(head) if head.eq_ignore_ascii_case("alt. ") => text[5..].trim_start(),
        _ => text,
    }
}

/// Abbreviations that keep their period at the end of a name.
const ABBREVIATIONS: &[&str] = &[
    "co", "ltd", "inc", "corp", "jr", "sr", "bros", "st", "cia", "no", "mfg", "intl", "dr",
];

/// Removes the period OFAC ends every remark with, unless it belongs to an
/// abbreviation (`S.A.`, `Co.`).
pub(crate) fn strip_terminal_period(text: &str) -> &str {
    let text = text.trim();
    let Some(stripped) = text.strip_suffix('.') else {
        return text;
    };
    if stripped.ends_with('.') {
        return stripped.trim_end_matches('.');
    }
    let last_word = stripped.rsplit([' ', ',', '(']).next().unwrap_or("");
    if last_word.contains('.') || ABBREVIATIONS.contains(&last_word.to_ascii_lowercase().as_str()) {
        text
    } else {
        stripped.trim_end()
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads one clause.
pub fn classify(clause: &str) -> Fact {
    let body = strip_alt(clause.trim());
    // `(Linked To: X)`: a whole clause in parentheses.
    if let Some(inner) = body.strip_prefix('(') {
        if trailing_parenthetical(body).is_some_and(|(before, _)| before.is_empty()) {
            let fact = classify(&inner[..inner.len() - 1]);
            if !matches!(fact, Fact::Note(_)) {
                return fact;
            }
        }
    }
    if let Some(m) = match_label(body) {
        return from_label(m.written, m.handling, m.value, body);
    }
    if let Some((label, value)) = generic_identifier(body) {
        if let Some(id) = parse_identifier(IdKind::Other, label, value) {
            return Fact::Identifier(id, None);
        }
    }
    free_text(body).unwrap_or_else(|| Fact::Note(body.to_string()))
}

/// Honorifics and ranks OFAC writes as a clause of their own.
const TITLES: &[&str] = &[
    "doctor",
    "dr",
    "haji",
    "hajji",
    "al-haj",
    "maulana",
    "mullah",
    "mawlawi",
    "hojjatoleslam",
    "ayatollah",
    "sheikh",
    "shaykh",
    "colonel",
    "general",
    "brigadier general",
    "major general",
    "lieutenant general",
    "second brigadier general",
    "2nd brigadier general",
    "lt. col",
    "admiral",
    "major",
    "captain",
    "irgc brigadier general",
    "lieutenant colonel",
    "brigadier",
    "maulawi",
    "moulana",
    "mulawi",
    "mufti",
    "colonel-general",
    "justice major",
];

/// First words of a clause that states an office or function.
const POSITION_STARTS: &[&str] = &[
    "Member of",
    "Minister",
    "Deputy",
    "First Deputy",
    "Director",
    "Chairman",
    "Chairperson",
    "Vice-Chairperson",
    "Vice Chairman",
    "Vice",
    "Vice-President",
    "President",
    "Former",
    "Governor",
    "Commander",
    "Head of",
    "Chief",
    "Secretary",
    "Ambassador",
    "Representative",
    "Judge",
    "Prosecutor",
    "Advisor",
    "Adviser",
    "Aide",
    "Magistrate",
    "Rector",
    "Mayor",
    "Senator",
    "Speaker",
    "Prime Minister",
    "Managing Director",
    "General Manager",
    "Manager",
    "Founder",
    "Co-founder",
    "Leader",
    "Spokesman",
    "Spokesperson",
    "Assistant",
    "Inspector",
    "Attorney General",
    "Acting",
    "Current or Former",
    "Constituent of",
    "Supervisory Board",
    "Executive Director",
    "Owner of",
    "Co-owner",
    "Principal Director",
    "First Vice",
    "Second Vice",
    "Commissioner",
    "Presidential",
    "Treasurer",
    "Financier",
    "Official of",
    "Officer",
    "Operative",
    "Senior",
    "Military Commander",
    "Lieutenant General,",
    "Major General,",
    "Brigadier General,",
    "Lt. General",
    "CEO",
    "Chair",
    "Colonel",
    "Brigadier General",
    "Alternate",
    "Counselor",
    "Consul",
    "Professor",
    "Associate Professor",
    "Businessman",
    "MP for",
    "Military Leader",
    "National Director",
];

/// Last words of a clause that states an office or affiliation
/// (`Korea Daesong Bank representative`).
const POSITION_ENDS: &[&str] = &[
    "representative",
    "official",
    "employee",
    "member",
    "director",
    "officer",
    "commander",
    "chairman",
    "general",
    "colonel",
    "president",
    "chief",
    "minister",
    "governor",
    "spokesperson",
    "congressman",
    "counselor",
];

/// Family relations OFAC states as `wife of NAME`.
const FAMILY: &[&str] = &[
    "wife",
    "husband",
    "son",
    "daughter",
    "brother",
    "sister",
    "half-brother",
    "half-sister",
    "father",
    "mother",
    "child",
    "cousin",
    "nephew",
    "niece",
    "son-in-law",
    "daughter-in-law",
    "brother-in-law",
    "sister-in-law",
    "father-in-law",
    "mother-in-law",
    "stepson",
    "stepdaughter",
    "uncle",
    "aunt",
    "grandson",
    "granddaughter",
    "spouse",
];

/// Reads the free-text clauses that are still facts: titles, positions,
/// family links.
fn free_text(body: &str) -> Option<Fact> {
    let text = strip_terminal_period(body);
    if text.is_empty() || text.len() > 160 {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    if TITLES.contains(&lower.as_str()) {
        return Some(Fact::PersonValue(Prop::Title, text.to_string()));
    }
    if let Some((relation, name)) = text.split_once(" of ") {
        let relation_lower = relation.to_ascii_lowercase();
        if FAMILY.contains(&relation_lower.as_str()) && !name.trim().is_empty() {
            return Some(Fact::Link(Link {
                relation: Relation::Family,
                target_id: None,
                target_name: Some(name.trim().to_string()),
                note: Some(relation_lower),
            }));
        }
    }
    if text.bytes().filter(|b| b.is_ascii_digit()).count() > 4 {
        return None;
    }
    let starts = POSITION_STARTS.iter().any(|start| {
        text.starts_with(start)
            && text[start.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    });
    let last_word = lower.rsplit(' ').next().unwrap_or("");
    let ends = text.contains(' ') && POSITION_ENDS.contains(&last_word)
        || [" representative in ", " representative to "]
            .iter()
            .any(|r| lower.contains(r));
    (starts || ends).then(|| Fact::PersonValue(Prop::Position, text.to_string()))
}

/// Reads a labelled value, as the XML files give them (`idType` and
/// `idNumber`, or a feature's type and value). A label the table does not
/// know becomes an identifier of kind [`IdKind::Other`] when `id_like`
/// (the XML put it among identity documents), otherwise a note.
pub fn classify_labelled(label: &str, value: &str, id_like: bool) -> Fact {
    let label = label.trim();
    let value = value.trim();
    let whole = format!("{label} {value}");
    let whole = whole.trim();
    match lookup(label) {
        Some((_, handling)) => {
            let written = label.trim_end_matches([' ', ':', '-', '#']);
            from_label(written, handling, value, whole)
        }
        None if lookup_prefix(label).is_some() => {
            let handling = lookup_prefix(label).expect("checked");
            from_label(label, handling, value, whole)
        }
        None if id_like => {
            let label = label.trim_end_matches([' ', ':', '-', '#']);
            match parse_identifier(IdKind::Other, label, value) {
                Some(id) => Fact::Identifier(id, None),
                None => Fact::Note(whole.to_string()),
            }
        }
        None => Fact::Note(whole.to_string()),
    }
}

fn from_label(written: &str, handling: Handling, value: &str, whole: &str) -> Fact {
    let note = || Fact::Note(whole.to_string());
    let plain = strip_terminal_period(value);
    match handling {
        Handling::BirthDate => parse_date_statement(value).map_or_else(note, Fact::BirthDate),
        Handling::Date(prop) => parse_date_statement(value)
            .map_or_else(note, |dates| Fact::Date(Prop::from_ftm(prop), dates)),
        Handling::BirthPlace => value_fact(Prop::BirthPlace, plain).unwrap_or_else(note),
        Handling::Nationality => value_fact(Prop::Nationality, plain).unwrap_or_else(note),
        Handling::Citizenship => value_fact(Prop::Citizenship, plain).unwrap_or_else(note),
        Handling::Value(prop) => value_fact(Prop::from_ftm(prop), plain).unwrap_or_else(note),
        Handling::Gender => match plain.to_ascii_lowercase().as_str() {
            "male" => Fact::Value(Prop::Gender, "male".into()),
            "female" => Fact::Value(Prop::Gender, "female".into()),
            _ => note(),
        },
        Handling::LinkedTo if !plain.is_empty() => Fact::Link(Link {
            relation: Relation::LinkedTo,
            target_id: None,
            target_name: Some(plain.to_string()),
            note: None,
        }),
        Handling::Operator if !plain.is_empty() => Fact::Link(Link {
            relation: Relation::UnknownLink,
            target_id: None,
            target_name: Some(plain.to_string()),
            note: Some(written.to_string()),
        }),
        Handling::Name(prop) => {
            let quoted = value
                .trim()
                .trim_end_matches('.')
                .strip_prefix('\'')
                .and_then(|v| v.strip_suffix('\''));
            match quoted {
                Some(name) if !name.trim().is_empty() => {
                    Fact::Name(Prop::WeakAlias, name.trim().into())
                }
                Some(_) => note(),
                None if !plain.is_empty() => Fact::Name(Prop::from_ftm(prop), plain.into()),
                None => note(),
            }
        }
        Handling::Id(kind) => match parse_identifier(kind, written, value) {
            Some(id) => {
                let extra = derived_prop(&id);
                Fact::Identifier(id, extra)
            }
            None => note(),
        },
        Handling::IdWith(kind, prop) => match parse_identifier(kind, written, value) {
            Some(id) => Fact::Identifier(id, Some(Prop::from_ftm(prop))),
            None => note(),
        },
        Handling::DigitalCurrency => digital_currency(value).unwrap_or_else(note),
        Handling::RegistrationCountry if !plain.is_empty() => {
            Fact::RegistrationCountry(plain.to_string())
        }
        Handling::FlagValue if !plain.is_empty() => Fact::Flag(collapse(plain)),
        Handling::Flag => Fact::Flag(collapse(strip_terminal_period(whole))),
        Handling::Directive => {
            let text = collapse(strip_terminal_period(whole));
            if text.contains("Subject to Directive") {
                Fact::Flag(text)
            } else {
                Fact::Summary(text)
            }
        }
        Handling::Provision => Fact::Provision(collapse(strip_terminal_period(whole))),
        Handling::Summary => Fact::Summary(collapse(whole)),
        Handling::LinkedTo
        | Handling::Operator
        | Handling::RegistrationCountry
        | Handling::FlagValue => note(),
    }
}

fn value_fact(prop: Prop, value: &str) -> Option<Fact> {
    let value = value.trim();
    (!value.is_empty()).then(|| Fact::Value(prop, value.to_string()))
}

/// Russian tax and registration numbers have FtM properties of their own.
fn derived_prop(id: &Identifier) -> Option<Prop> {
    let russia = id.country.as_deref() == Some("Russia");
    let digits = id.number.bytes().all(|b| b.is_ascii_digit());
    match id.kind {
        IdKind::Tax if russia && digits && matches!(id.number.len(), 10 | 12) => {
            Some(Prop::InnCode)
        }
        IdKind::Registration
            if russia
                && digits
                && matches!(id.number.len(), 13 | 15)
                && id.label.starts_with("Registration") =>
        {
            Some(Prop::OgrnCode)
        }
        _ => None,
    }
}

/// `XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h` after `Digital Currency Address -`.
fn digital_currency(value: &str) -> Option<Fact> {
    let value = strip_terminal_period(value);
    let mut words = value.split_whitespace();
    let currency = words.next()?;
    let address = words.next()?;
    let rest: Vec<&str> = words.collect();
    let mut id = Identifier::new(
        IdKind::Other,
        &format!("Digital Currency Address - {currency}"),
        address,
    );
    if !rest.is_empty() {
        id.note = Some(rest.join(" "));
    }
    Some(Fact::Identifier(id, None))
}

/// Finds the `(` matching the `)` that `text` ends with.
fn trailing_parenthetical(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_suffix(')')?;
    let mut depth = 0usize;
    for (i, c) in body.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some((body[..i].trim_end(), body[i + 1..].trim())),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Whether `text` can be a document number rather than prose that
/// followed a label (`Passport and National ID were issued in Ulm`): at most
/// four words, none of them a lower-case word of three letters or more.
fn looks_like_number(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && !words.iter().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase())
        })
}

/// Reads `NUMBER (Country) issued DATE expires DATE`: the number, the issuing
/// country in the last parentheses, an earlier parenthetical as a note, and
/// the dates. Text that does not fit goes to the identifier's note.
pub(crate) fn parse_identifier(kind: IdKind, label: &str, value: &str) -> Option<Identifier> {
    let value = strip_terminal_period(value);
    let mut notes: Vec<String> = Vec::new();
    let mut issued = None;
    let mut expires = None;
    // Dates come last: `... issued 14 Dec 2005 expires 13 Dec 2010`.
    let tail_start = [" issued ", " expires "]
        .iter()
        .filter_map(|kw| value.find(kw))
        .min();
    let head = match tail_start {
        Some(start) => {
            let tail = &value[start..];
            let mut rest = tail.trim();
            while !rest.is_empty() {
                let (keyword, after) = rest.split_once(' ').unwrap_or((rest, ""));
                let next = [" issued ", " expires "]
                    .iter()
                    .filter_map(|kw| after.find(kw))
                    .min()
                    .unwrap_or(after.len());
                let date_text = after[..next].trim();
                let date = parse_date(date_text);
                match (keyword, date) {
                    ("issued", Some(date)) if issued.is_none() => issued = Some(date),
                    ("expires", Some(date)) if expires.is_none() => expires = Some(date),
                    _ => notes.push(format!("{keyword} {date_text}")),
                }
                rest = after[next..].trim();
            }
            &value[..start]
        }
        None => value,
    };
    let mut head = head.trim();
    let mut country = None;
    if let Some((before, inside)) = trailing_parenthetical(head) {
        if !before.is_empty() && !inside.is_empty() {
            country = Some(inside.to_string());
            head = before;
            // `HRA 738077 (Stuttgart) (Germany)`: a register's place is a
            // note; `D489833(9)` is a check digit and stays in the number.
            if let Some((before, inside)) = trailing_parenthetical(head) {
                let spaced = head[..head.len() - inside.len() - 2].ends_with(' ');
                if !before.is_empty() && spaced {
                    notes.insert(0, inside.to_string());
                    head = before;
                }
            }
        }
    }
    let mut number = head.trim_start_matches(['#', ' ', ':']).trim();
    if kind == IdKind::Imo {
        number = number
            .strip_prefix("IMO")
            .map_or(number, |n| n.trim_start_matches([' ', ':']));
    }
    if let Some(inner) = number.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
        if !inner.contains(['(', ')']) {
            number = inner.trim();
        }
    }
    if !looks_like_number(number) {
        return None;
    }
    let mut id = Identifier::new(kind, label, number);
    id.country = country;
    id.issued = issued;
    id.expires = expires;
    if !notes.is_empty() {
        id.note = Some(notes.join("; "));
    }
    Some(id)
}

/// Writes a fact onto an entity and its sanction. Returns whether the fact was
/// structured (`false` for a [`Fact::Note`]); observations go to `issues`.
pub fn apply_fact(
    fact: Fact,
    entity: &mut Entity,
    sanction: &mut Sanction,
    issues: &mut Vec<String>,
) -> bool {
    fn push_unique(list: &mut Vec<String>, value: String) {
        if !list.contains(&value) {
            list.push(value);
        }
    }
    match fact {
        Fact::BirthDate(statement) | Fact::Date(Prop::BirthDate, statement) => {
            add_dates(entity, Prop::BirthDate, &statement, issues);
        }
        Fact::Date(prop, statement) => add_dates(entity, prop, &statement, issues),
        Fact::Value(prop, value) | Fact::Name(prop, value) => {
            entity.add(prop, &value);
        }
        Fact::PersonValue(prop, value) => {
            if entity.schema != Schema::Person {
                entity.add(Prop::Notes, &value);
                return false;
            }
            entity.add(prop, &value);
        }
        Fact::Identifier(id, extra) => {
            if let Some(prop) = extra {
                entity.add(prop, &id.number);
            }
            entity.add_identifier(id);
        }
        Fact::Link(link) => {
            if !entity.links.contains(&link) {
                entity.links.push(link);
            }
        }
        Fact::RegistrationCountry(country) => {
            let prop = if entity.schema == Schema::Vessel {
                Prop::Flag
            } else {
                Prop::Jurisdiction
            };
            entity.add(prop, &country);
        }
        Fact::Flag(flag) => push_unique(&mut sanction.flags, flag),
        Fact::Provision(text) => push_unique(&mut sanction.provisions, text),
        Fact::Summary(text) => push_unique(&mut sanction.summary, text),
        Fact::Note(text) => {
            entity.add(Prop::Notes, &text);
            return false;
        }
    }
    true
}

fn add_dates(entity: &mut Entity, prop: Prop, statement: &DateStatement, issues: &mut Vec<String>) {
    for date in &statement.dates {
        entity.add_date(prop.clone(), *date);
    }
    if statement.widened {
        let (first, last) = (
            statement.dates[0],
            statement.dates[statement.dates.len() - 1],
        );
        issues.push(format!(
            "{prop} range widened to whole {}: {} to {}",
            if first.get_month().is_some() {
                "months"
            } else {
                "years"
            },
            format_date(first),
            format_date(last)
        ));
    }
}

/// Splits, reads and applies a whole remark.
pub fn apply_remarks(
    entity: &mut Entity,
    sanction: &mut Sanction,
    remarks: &str,
) -> RemarksOutcome {
    let mut outcome = RemarksOutcome::default();
    for clause in split_clauses(remarks) {
        outcome.clauses += 1;
        if !apply_fact(classify(clause), entity, sanction, &mut outcome.issues) {
            outcome.unstructured += 1;
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{EntityId, PartialDate, SourceId};

    const SOLEIMANI: &str = "DOB 11 Mar 1957; POB Qom, Iran; nationality Iran; citizen Iran; Additional Sanctions Information - Subject to Secondary Sanctions; Diplomatic Passport 008827 (Iran) issued 1999.";

    #[test]
    fn splits_clauses() {
        assert_eq!(split_clauses(SOLEIMANI).len(), 6);
        assert_eq!(
            split_clauses("a.k.a. 'A; B'; alt. a.k.a. 'C'.; Registration Number 1 (x; y)"),
            [
                "a.k.a. 'A; B'",
                "alt. a.k.a. 'C'.",
                "Registration Number 1 (x; y)"
            ]
        );
        assert_eq!(
            split_clauses("Note (open; DOB 1957"),
            ["Note (open", "DOB 1957"]
        );
        assert_eq!(split_clauses(" ; ;"), Vec::<&str>::new());
    }

    #[test]
    fn reads_soleimani() {
        let mut entity = Entity::new(EntityId::new(SourceId::OfacSdn, "10481"), Schema::Person);
        let mut sanction = Sanction::new(SourceId::OfacSdn, "10481");
        let outcome = apply_remarks(&mut entity, &mut sanction, SOLEIMANI);
        assert_eq!((outcome.clauses, outcome.unstructured), (6, 0));
        assert_eq!(entity.get(Prop::BirthDate), ["1957-03-11"]);
        assert_eq!(entity.get(Prop::BirthPlace), ["Qom, Iran"]);
        assert_eq!(entity.get(Prop::Citizenship), ["Iran"]);
        assert_eq!(sanction.flags, ["Subject to Secondary Sanctions"]);
        let passport = &entity.identifiers[0];
        assert_eq!(passport.label, "Diplomatic Passport");
        assert_eq!(passport.number, "008827");
        assert_eq!(passport.country.as_deref(), Some("Iran"));
        assert_eq!(passport.issued, PartialDate::year(1999));
    }

    #[test]
    fn reads_identifiers() {
        let Fact::Identifier(id, _) =
            classify("alt. Passport G 649385 issued 08 Sep 2006 expires 17 Jul 2011")
        else {
            panic!()
        };
        assert_eq!(
            (id.label.as_str(), id.number.as_str()),
            ("Passport", "G 649385")
        );
        assert_eq!(id.expires, PartialDate::ymd(2011, 7, 17));
        let Fact::Identifier(id, _) =
            classify("Registration Number HRA 738077 (Stuttgart) (Germany)")
        else {
            panic!()
        };
        assert_eq!(id.number, "HRA 738077");
        assert_eq!(id.note.as_deref(), Some("Stuttgart"));
        assert_eq!(id.country.as_deref(), Some("Germany"));
        let Fact::Identifier(id, extra) = classify("Tax ID No. 7707083893 (Russia)") else {
            panic!()
        };
        assert_eq!((id.kind, extra), (IdKind::Tax, Some(Prop::InnCode)));
        let Fact::Identifier(id, _) = classify("Vessel Registration Identification IMO 7406784")
        else {
            panic!()
        };
        assert_eq!((id.kind, id.number.as_str()), (IdKind::Imo, "7406784"));
        let Fact::Identifier(id, _) =
            classify("Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h")
        else {
            panic!()
        };
        assert_eq!(id.label, "Digital Currency Address - XBT");
    }

    #[test]
    fn reads_other_clauses() {
        assert_eq!(
            classify("a.k.a. 'BNC'."),
            Fact::Name(Prop::WeakAlias, "BNC".into())
        );
        assert_eq!(
            classify("Gender Male"),
            Fact::Value(Prop::Gender, "male".into())
        );
        let Fact::Link(link) = classify("Linked To: R D I S.A.") else {
            panic!()
        };
        assert_eq!(link.target_name.as_deref(), Some("R D I S.A."));
        let Fact::Link(link) = classify("Linked To: HIZBALLAH.") else {
            panic!()
        };
        assert_eq!(link.target_name.as_deref(), Some("HIZBALLAH"));
        assert!(matches!(
            classify("Secondary sanctions risk: section 1(b) of Executive Order 13224"),
            Fact::Flag(_)
        ));
        assert!(matches!(classify("ICTY indictee"), Fact::Note(_)));
        assert!(matches!(classify("DOB circa 1957"), Fact::BirthDate(_)));
        assert!(matches!(classify("DOB sometime"), Fact::Note(_)));
    }
}
