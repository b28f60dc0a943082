//! The stable key of a screened subject: what ties a later screening to an
//! earlier decision. The API and the CLI compute it the same way, so they
//! share one trail.

use interdict_text::to_latin;

/// The subject key for a caller's own reference (a customer number, ...):
/// `ref:<reference>`, trimmed.
pub fn subject_key_for_ref(subject_ref: &str) -> String {
    format!("ref:{}", subject_ref.trim())
}

/// The subject key of a query without a reference: the name in Latin letters,
/// lower case, single-spaced, and the other facts given, normalised (schema
/// and birth date trimmed, countries upper-cased and sorted, ids with spaces
/// removed and sorted). Two queries that differ only in case, spacing, the
/// order of countries or ids, or in the script of the same name (as far as
/// transliteration takes it) are the same subject.
///
/// Layout: `query:<name>`, then `|schema=..`, `|birth_date=..`,
/// `|countries=A,B`, `|ids=X,Y` for each fact given.
pub fn subject_key_for_query(
    name: &str,
    schema: Option<&str>,
    birth_date: Option<&str>,
    countries: &[String],
    ids: &[String],
) -> String {
    let latin = to_latin(name);
    let words: Vec<&str> = latin.split_whitespace().collect();
    let mut key = format!("query:{}", words.join(" "));
    if let Some(schema) = schema.map(str::trim).filter(|s| !s.is_empty()) {
        key.push_str("|schema=");
        key.push_str(schema);
    }
    if let Some(date) = birth_date.map(str::trim).filter(|s| !s.is_empty()) {
        key.push_str("|birth_date=");
        key.push_str(date);
    }
    let list = |items: &[String], norm: fn(&str) -> String| {
        let mut items: Vec<String> = items
            .iter()
            .map(|item| norm(item))
            .filter(|item| !item.is_empty())
            .collect();
        items.sort();
        items.dedup();
        items.join(",")
    };
    let countries = list(countries, |c| c.trim().to_uppercase());
    if !countries.is_empty() {
        key.push_str("|countries=");
        key.push_str(&countries);
    }
    let ids = list(ids, |id| {
        id.chars().filter(|c| !c.is_whitespace()).collect()
    });
    if !ids.is_empty() {
        key.push_str("|ids=");
        key.push_str(&ids);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_subject_whatever_the_spelling_layout() {
        let a = subject_key_for_query(
            "  Qasem   SOLEIMANI ",
            Some("Person"),
            Some("1957"),
            &["ir".into(), "IQ".into()],
            &["A 123".into()],
        );
        let b = subject_key_for_query(
            "qasem soleimani",
            Some("Person"),
            Some("1957"),
            &["IQ".into(), "IR".into()],
            &["A123".into()],
        );
        assert_eq!(a, b);
        assert_eq!(
            a,
            "query:qasem soleimani|schema=Person|birth_date=1957|countries=IQ,IR|ids=A123"
        );
        assert_eq!(
            subject_key_for_query("Qasem Soleimani", None, None, &[], &[]),
            "query:qasem soleimani"
        );
        assert_ne!(
            subject_key_for_query("Qasem Soleimani", None, Some("1957"), &[], &[]),
            subject_key_for_query("Qasem Soleimani", None, Some("1960"), &[], &[])
        );
        assert_eq!(subject_key_for_ref(" customer-42 "), "ref:customer-42");
    }
}
