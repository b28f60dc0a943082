//! Small readers for the conventions inside ConList cells.
//!
//! OFSI writes several values into one cell (`(1) Saudi Arabia (2) Qatar`),
//! dates as `dd/mm/yyyy` with `00` for the parts it does not know, and, since
//! 2022, labelled fields inside "Other Information" (`(UK Sanctions List
//! Ref):RUS0001. (Gender):Male`). These functions take those apart without
//! allocating where they can; they are pure and never panic, so they are
//! property-tested.

use interdict_model::PartialDate;

use crate::common::digits;

/// Reads an OFSI date: `dd/mm/yyyy`, `mm/yyyy` or `yyyy`, where `00` stands
/// for an unknown day or month. `00/00/1980` is the year 1980, `00/03/1980`
/// March 1980. A day without a month cannot be represented and is dropped to
/// the year. Returns `None` for anything else, including impossible dates.
pub fn parse_dmy(text: &str) -> Option<PartialDate> {
    let mut parts = text.trim().split('/');
    let first = parts.next()?;
    let second = parts.next();
    let third = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let (day, month, year) = match (second, third) {
        (None, _) => ("0", "0", first),
        (Some(year), None) => ("0", first, year),
        (Some(month), Some(year)) => (first, month, year),
    };
    let year = u16::try_from(digits(year, 4, 4)?).ok()?;
    let month = u8::try_from(digits(month, 1, 2)?).ok()?;
    let day = u8::try_from(digits(day, 1, 2)?).ok()?;
    match (month, day) {
        (0, _) => PartialDate::year(year),
        (m, 0) => PartialDate::year_month(year, m),
        (m, d) => PartialDate::ymd(year, m, d),
    }
}

/// Writes a date the way OFSI does, `00` for unknown parts: the inverse of
/// [`parse_dmy`].
pub fn format_dmy(date: PartialDate) -> String {
    format!(
        "{:02}/{:02}/{:04}",
        date.get_day().unwrap_or(0),
        date.get_month().unwrap_or(0),
        date.get_year()
    )
}

/// A list marker: `(1)`, `1)`, `(a)`, `a)`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Marker {
    Number(u32),
    Letter(u8),
}

impl Marker {
    fn next(self) -> Marker {
        match self {
            Marker::Number(n) => Marker::Number(n.saturating_add(1)),
            Marker::Letter(l) => Marker::Letter(l.saturating_add(1)),
        }
    }
}

/// Reads a marker at the start of `text`; returns it and its length.
fn marker_at(text: &str) -> Option<(Marker, usize)> {
    let bytes = text.as_bytes();
    let open = usize::from(bytes.first() == Some(&b'('));
    let digits = bytes[open..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let (marker, body) = if digits > 0 {
        if digits > 3 {
            return None;
        }
        let n: u32 = text[open..open + digits].parse().ok()?;
        (Marker::Number(n), digits)
    } else {
        let letter = *bytes.get(open)?;
        if !letter.is_ascii_lowercase() {
            return None;
        }
        (Marker::Letter(letter), 1)
    };
    let close = open + body;
    (bytes.get(close) == Some(&b')')).then_some((marker, close + 1))
}

/// Reads a marker range such as `(1)-(2)` or `(1) to (6)` at the start of
/// `text`: returns the last marker of the range and the length.
fn marker_range_at(text: &str) -> Option<(Marker, usize)> {
    let (first, len) = marker_at(text)?;
    let rest = &text[len..];
    for separator in ["-", " - ", " to "] {
        let Some(after) = rest.strip_prefix(separator) else {
            continue;
        };
        if let Some((last, len2)) = marker_at(after) {
            let same_kind = matches!(
                (first, last),
                (Marker::Number(_), Marker::Number(_)) | (Marker::Letter(_), Marker::Letter(_))
            );
            if same_kind {
                return Some((last, len + separator.len() + len2));
            }
        }
    }
    Some((first, len))
}

/// Finds the marker `want` in `text` (at a word start), returning where it
/// starts, the last marker of its range and the range's length.
fn find_marker(text: &str, want: Marker) -> Option<(usize, Marker, usize)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while from < bytes.len() {
        let at = from + text[from..].find(|c: char| c == '(' || c.is_ascii_alphanumeric())?;
        let at_word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        if at_word_start {
            if let Some((marker, _)) = marker_at(&text[at..]) {
                if marker == want {
                    let (last, len) = marker_range_at(&text[at..])?;
                    return Some((at, last, len));
                }
            }
        }
        // Skip the rest of this word.
        let skip = text[at..]
            .char_indices()
            .skip(1)
            .find(|(_, c)| !c.is_ascii_alphanumeric())
            .map_or(text.len() - at, |(i, _)| i);
        from = at + skip.max(1);
    }
    None
}

/// Splits an OFSI enumerated cell into its items: `(1) Saudi Arabia (2) Qatar`,
/// `1) Mullah, 2) Maulavi`, `a) Palaro b) Odek`, `(1)-(2) Tunisia (3) Libya`.
/// Only the next marker in sequence splits, so a `(2)` inside an item does not.
/// Items are trimmed of spaces and trailing separators; empty items and `-`
/// (OFSI's "none") are left out. A cell without a leading marker is one item.
pub fn split_numbered(text: &str) -> Vec<&str> {
    let mut items = split_numbered_raw(text);
    items.retain(|item| !item.is_empty() && *item != "-");
    items
}

/// Like [`split_numbered`], but keeps empty and `-` items, so that two
/// parallel cells (numbers and their details) can be paired by position.
/// An empty cell has no items.
pub fn split_numbered_raw(text: &str) -> Vec<&str> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let Some((last, len)) = marker_range_at(text) else {
        return vec![item(text)];
    };
    let mut items = Vec::new();
    let mut rest = &text[len..];
    let mut want = last.next();
    loop {
        match find_marker(rest, want) {
            Some((at, last, len)) => {
                items.push(item(&rest[..at]));
                rest = &rest[at + len..];
                want = last.next();
            }
            None => {
                items.push(item(rest));
                return items;
            }
        }
    }
}

/// Trims an item of spaces and separators.
fn item(text: &str) -> &str {
    text.trim()
        .trim_end_matches([',', ';', '.', ' '])
        .trim_start_matches([',', ';', ':', ' '])
        .trim()
}

/// Finds the document numbers in a free-text passport or identity-card
/// description of the pre-2022 layout: words with at least three digits made
/// of letters, digits and `-./`, that are not years or dates.
/// `G827238 (Tunisian). Issued on 1 June 1996` gives `G827238`.
pub fn id_tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | ';' | '(' | ')' | '"'))
        .map(|word| word.trim_matches(|c: char| matches!(c, '.' | '\'' | '-' | '/')))
        .filter(|word| is_id_token(word))
        .collect()
}

fn is_id_token(word: &str) -> bool {
    let digits = word.bytes().filter(u8::is_ascii_digit).count();
    if digits < 3
        || !word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'/'))
    {
        return false;
    }
    // A year.
    if digits == word.len() && word.len() == 4 {
        let year: u32 = word.parse().unwrap_or(0);
        if (1900..=2099).contains(&year) {
            return false;
        }
    }
    // A date such as 28/06/1995, 7.11.2014 or 2016-09-07.
    let parts: Vec<&str> = word.split(['/', '.', '-']).collect();
    if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.len() <= 4) {
        let numeric = parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        let has_year = parts
            .iter()
            .any(|p| p.len() == 4 && (1900..=2099).contains(&p.parse::<u32>().unwrap_or(0)));
        if numeric && has_year {
            return false;
        }
    }
    true
}

/// The labels OFSI writes inside "Other Information" since 2022, as
/// `(Label):value`.
pub const OTHER_INFO_LABELS: &[&str] = &[
    "UK Sanctions List Ref",
    "UK Statement of Reasons",
    "UN Ref",
    "Gender",
    "Phone number",
    "Email address",
    "Website",
    "Fax",
    "Type of entity",
    "Business Reg No",
    "Parent company",
    "Subsidiaries",
    "IMO number",
    "Current owners",
    "Flag of ship",
    "Previous flags",
    "Type of ship",
    "Tonnage of ship",
    "Length of ship",
    "Year built",
    "Hull identification number (HIN)",
    "List of persons named in relation to financial and investment restrictions Group ID",
];

/// One piece of an "Other Information" cell: the text before the first
/// label has no label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment<'a> {
    /// The label, one of [`OTHER_INFO_LABELS`].
    pub label: Option<&'static str>,
    /// The text up to the next label, trimmed.
    pub value: &'a str,
}

/// Splits an "Other Information" cell at the known `(Label):` markers. Text
/// that merely looks like a label (`(United States of America):`) stays in the
/// value around it. A cell without any known label is one unlabelled segment.
pub fn other_info_segments(text: &str) -> Vec<Segment<'_>> {
    let mut marks: Vec<(usize, usize, &'static str)> = Vec::new();
    for (at, _) in text.match_indices('(') {
        let after = &text[at + 1..];
        for label in OTHER_INFO_LABELS {
            if after.starts_with(label) && after[label.len()..].starts_with("):") {
                marks.push((at, at + 1 + label.len() + 2, label));
                break;
            }
        }
    }
    let mut segments = Vec::with_capacity(marks.len() + 1);
    let first_end = marks.first().map_or(text.len(), |m| m.0);
    let lead = text[..first_end].trim();
    if !lead.is_empty() {
        segments.push(Segment {
            label: None,
            value: lead,
        });
    }
    for (i, &(_, value_start, label)) in marks.iter().enumerate() {
        let end = marks.get(i + 1).map_or(text.len(), |m| m.0);
        segments.push(Segment {
            label: Some(label),
            value: text[value_start..end].trim(),
        });
    }
    segments
}

/// Splits a leading reference token (`RUS1831`, `QDi.028`) off a value:
/// returns the token without its final `.` and the rest, trimmed.
pub fn leading_token(value: &str) -> (&str, &str) {
    let value = value.trim();
    let end = value.find(char::is_whitespace).unwrap_or(value.len());
    let token = value[..end].trim_end_matches(['.', ',', ';']);
    (token, value[end..].trim())
}

/// Whether `token` has the shape of a UK Sanctions List reference: two to
/// four capital letters and three to five digits (`RUS1831`, `GHR0086`).
pub fn is_uk_ref(token: &str) -> bool {
    let letters = token.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits = token.len() - letters;
    (2..=4).contains(&letters)
        && (3..=5).contains(&digits)
        && token[letters..].bytes().all(|b| b.is_ascii_digit())
}

/// Splits the leading UK Sanctions List references off a value
/// (`AQD0194 and SOM0003. Listed ...`): returns them and the rest, trimmed.
pub fn uk_list_refs(value: &str) -> (Vec<&str>, &str) {
    let mut refs = Vec::new();
    let mut rest = value.trim();
    loop {
        let (token, after) = leading_token(rest);
        if !is_uk_ref(token) {
            break;
        }
        refs.push(token);
        rest = after;
        let next = rest.trim_start_matches([' ', ',', ';']);
        let next = next
            .strip_prefix("and ")
            .or_else(|| next.strip_prefix("& "))
            .unwrap_or(next);
        if !is_uk_ref(leading_token(next).0) {
            break;
        }
        rest = next;
    }
    if refs.is_empty() {
        return (refs, value.trim());
    }
    (refs, rest.trim_start_matches(['.', ',', ';', ' ']).trim())
}

/// The statement OFSI adds for measures beyond the asset freeze.
const MEASURES: &str = "Financial sanctions imposed in addition to an asset freeze";

/// Finds OFSI's statement of measures beyond the asset freeze in free text
/// (`Financial sanctions imposed in addition to an asset freeze: Trust
/// services. Date trust services sanctions imposed: 21/03/2023.`), with the
/// dated sentences that follow it. Returns its byte range.
pub fn find_measures(text: &str) -> Option<(usize, usize)> {
    let start = text.find(MEASURES)?;
    let after_colon = start + MEASURES.len();
    // The measures run to the last "imposed: dd/mm/yyyy." or "imposed on
    // dd/mm/yyyy." that follows closely, else to the end of the sentence.
    let mut end = None;
    let mut from = after_colon;
    while let Some(found) = text[from..].find("imposed") {
        let at = from + found;
        if at > end.unwrap_or(after_colon) + 200 {
            break;
        }
        let rest = &text[at + "imposed".len()..];
        let date_start = rest
            .strip_prefix(": ")
            .or_else(|| rest.strip_prefix(" on "))
            .map(|date| at + "imposed".len() + (rest.len() - date.len()));
        from = at + "imposed".len();
        if let Some(date_start) = date_start {
            let date = text.get(date_start..date_start + 10);
            if date.and_then(parse_dmy).is_some_and(|d| d.is_full()) {
                let mut stop = date_start + 10;
                if text[stop..].starts_with('.') {
                    stop += 1;
                }
                end = Some(stop);
                from = stop;
            }
        }
    }
    let end = end.unwrap_or_else(|| {
        text[after_colon..]
            .find(". ")
            .map_or(text.len(), |dot| after_colon + dot + 1)
    });
    Some((start, end))
}

/// Whether `token` has the shape of a UN reference number: a letter first,
/// then letters, digits and dots, with at least one dot and one digit
/// (`QDi.028`, `QI.A.146.14`, `IRi.039`).
pub fn is_un_ref(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_alphabetic())
        && token.contains('.')
        && token.bytes().any(|b| b.is_ascii_digit())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.')
}

/// Writes a current-style UN reference the way the UN does: `KPI.067`
/// becomes `KPi.067` (the third letter, i or e, is lower case). Older
/// references (`QI.A.146.14`) are kept as written.
pub fn normalize_un_ref(token: &str) -> String {
    let b = token.as_bytes();
    let current = b.len() >= 5
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_uppercase()
        && matches!(b[2].to_ascii_lowercase(), b'i' | b'e')
        && b[3] == b'.'
        && b[4..].iter().all(u8::is_ascii_digit);
    if current {
        let mut out = token.to_string();
        out[2..3].make_ascii_lowercase();
        out
    } else {
        token.to_string()
    }
}

/// Finds a UN reference in free text of the pre-2022 layout: `UN Ref
/// QDe.004.`, `UN REF:QE.A.146.14.`, `UN Ref.KPI.067`, `UN Ref No. YEi.001`.
/// The first well-formed one wins.
pub fn find_un_ref(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("un ref") {
        let start = from + found;
        from = start + 6;
        let at_word_start = start == 0 || !lower.as_bytes()[start - 1].is_ascii_alphanumeric();
        if !at_word_start {
            continue;
        }
        let mut rest = &text[start + 6..];
        for skip in ["erence number", "erence"] {
            if starts_with_ignore_case(rest, skip) {
                rest = &rest[skip.len()..];
                break;
            }
        }
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ':'));
        for skip in ["no.", "no ", "number"] {
            if starts_with_ignore_case(rest, skip) {
                rest = rest[skip.len()..]
                    .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ':'));
                break;
            }
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ')' | '('))
            .unwrap_or(rest.len());
        let token = rest[..end].trim_end_matches('.');
        if is_un_ref(token) {
            return Some(normalize_un_ref(token));
        }
    }
    None
}

/// Whether `text` starts with the ASCII `prefix`, ignoring case.
fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(text: &str) -> Option<String> {
        parse_dmy(text).map(|d| d.to_string())
    }

    #[test]
    fn ofsi_dates_stay_partial() {
        assert_eq!(date("11/03/1957").as_deref(), Some("1957-03-11"));
        assert_eq!(date("00/00/1980").as_deref(), Some("1980"));
        assert_eq!(date("00/03/1980").as_deref(), Some("1980-03"));
        assert_eq!(date("03/1980").as_deref(), Some("1980-03"));
        assert_eq!(date("1980").as_deref(), Some("1980"));
        assert_eq!(date(" 29/02/2000 ").as_deref(), Some("2000-02-29"));
        for bad in [
            "",
            "29/02/1999",
            "32/01/2000",
            "01/13/2000",
            "00/00/0000",
            "1/1/80",
            "a/b/c",
            "01/01/2000/1",
            "13/1980",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbered_cells_split_in_sequence() {
        assert_eq!(
            split_numbered("1) Saudi Arabia 2) Qatar"),
            ["Saudi Arabia", "Qatar"]
        );
        assert_eq!(
            split_numbered("(1) Germany. (2) Morocco"),
            ["Germany", "Morocco"]
        );
        assert_eq!(
            split_numbered("(1)-(2) Tunisia (3) Libya (4) Algeria"),
            ["Tunisia", "Libya", "Algeria"]
        );
        assert_eq!(split_numbered("(1) Manzil Tmim (2)-(6) -"), ["Manzil Tmim"]);
        assert_eq!(
            split_numbered("(1) to (6) Algeria (7) Morocco"),
            ["Algeria", "Morocco"]
        );
        assert_eq!(
            split_numbered("a) Palaro Village, Gulu District, b) Odek, Omoro, c) Atyak"),
            ["Palaro Village, Gulu District", "Odek, Omoro", "Atyak"]
        );
        assert_eq!(
            split_numbered("1) Mullah, 2) Maulavi,"),
            ["Mullah", "Maulavi"]
        );
        assert_eq!(split_numbered("(1) Uganda (2) Uganda (3)Uganda").len(), 3);
        // A (3) out of sequence stays inside its item.
        assert_eq!(
            split_numbered("(1) Issued (3) times (2) Other"),
            ["Issued (3) times", "Other"]
        );
        assert_eq!(split_numbered("Afghan"), ["Afghan"]);
        assert_eq!(split_numbered(" - "), Vec::<&str>::new());
        assert_eq!(split_numbered("(1) 20645897 (2) -"), ["20645897"]);
        assert_eq!(split_numbered_raw("(1) 20645897 (2) -"), ["20645897", "-"]);
        assert_eq!(split_numbered_raw(""), Vec::<&str>::new());
        let eleven = (1..=11).map(|n| format!("({n}) X{n}")).collect::<Vec<_>>();
        assert_eq!(split_numbered(&eleven.join(" ")).len(), 11);
    }

    #[test]
    fn id_tokens_skip_years_and_dates() {
        assert_eq!(
            id_tokens("G827238 (Tunisian). Issued on 1 June 1996. Expired on 31 May 2001"),
            ["G827238"]
        );
        assert_eq!(
            id_tokens("Saudi Arabian national identification number:1027508157"),
            ["1027508157"]
        );
        assert_eq!(
            id_tokens("Passport No a) Philippines number EC6530802 (expires 19 Jan 2021) b) Philippines number EB2778599"),
            ["EC6530802", "EB2778599"]
        );
        assert_eq!(
            id_tokens("issued 28/06/1995 and 2016-09-07"),
            Vec::<&str>::new()
        );
        assert_eq!(id_tokens("Uganda Passport."), Vec::<&str>::new());
        assert_eq!(id_tokens("6487 (Egypt)"), ["6487"]);
        assert_eq!(id_tokens("660105-01-5297"), ["660105-01-5297"]);
    }

    #[test]
    fn other_information_segments() {
        let text = "(UK Sanctions List Ref):DPR0100. Listed as asset (UN Reference Number: UN Ref KPe.064) (IMO number):7408873 (Flag of ship):North Korea (Address (United States of America):x";
        let segments = other_info_segments(text);
        let labels: Vec<_> = segments.iter().map(|s| s.label).collect();
        assert_eq!(
            labels,
            [
                Some("UK Sanctions List Ref"),
                Some("IMO number"),
                Some("Flag of ship")
            ]
        );
        assert_eq!(
            segments[0].value,
            "DPR0100. Listed as asset (UN Reference Number: UN Ref KPe.064)"
        );
        assert_eq!(
            segments[2].value,
            "North Korea (Address (United States of America):x"
        );
        assert_eq!(leading_token(segments[0].value).0, "DPR0100");
        let plain = other_info_segments("Male. UN Ref IRi.039.");
        assert_eq!(plain.len(), 1);
        assert_eq!(plain[0].label, None);
        assert!(other_info_segments("  ").is_empty());
    }

    #[test]
    fn measures_beyond_the_asset_freeze() {
        let text = "Financial sanctions imposed in addition to an asset freeze: Trust services. Date trust services sanctions imposed: 21/03/2023. Names of Director: X";
        let (start, end) = find_measures(text).unwrap();
        assert_eq!(start, 0);
        assert_eq!(&text[end..], " Names of Director: X");
        let banking = "Before. Financial sanctions imposed in addition to an asset freeze: Correspondent banking relationships etc. Trust services. Date trust services sanctions imposed: 24/02/2022. The prohibition on correspondent banking relationships etc. measure was imposed on 24/02/2022. After.";
        let (start, end) = find_measures(banking).unwrap();
        assert_eq!(&banking[..start], "Before. ");
        assert_eq!(&banking[end..], " After.");
        let undated = "Financial sanctions imposed in addition to an asset freeze: Dealing with transferable securities. Other text.";
        let (_, end) = find_measures(undated).unwrap();
        assert_eq!(&undated[end..], " Other text.");
        assert_eq!(find_measures("nothing"), None);
    }

    #[test]
    fn uk_list_references() {
        assert_eq!(uk_list_refs("GHR0086. "), (vec!["GHR0086"], ""));
        assert_eq!(
            uk_list_refs("AQD0194 and SOM0003. Listed under two regimes"),
            (vec!["AQD0194", "SOM0003"], "Listed under two regimes")
        );
        assert_eq!(uk_list_refs("CAF0023 . "), (vec!["CAF0023"], ""));
        assert_eq!(
            uk_list_refs("INU0082, SYR0310."),
            (vec!["INU0082", "SYR0310"], "")
        );
        assert_eq!(uk_list_refs("Not a ref"), (vec![], "Not a ref"));
        assert!(!is_uk_ref("QDi.028"));
        assert!(!is_uk_ref("R1"));
    }

    #[test]
    fn un_references_in_free_text() {
        for (text, want) in [
            (
                "(Deceased). Male. UN Ref IRi.039.  Also known as",
                Some("IRi.039"),
            ),
            (
                "Operates in Tunisia. UN REF: QE.A.143.14.",
                Some("QE.A.143.14"),
            ),
            ("UN REF:QE.A.146.14. Also", Some("QE.A.146.14")),
            ("Annex XIII. UN Listing. UN Ref.KPI.067.", Some("KPi.067")),
            ("Gender: Male. UN Ref No. YEi.001", Some("YEi.001")),
            ("UN Reference Number: UN Ref KPe.064)", Some("KPe.064")),
            ("UK listing only.", None),
            ("Seen with a FUN Ref QDe.004", None),
        ] {
            assert_eq!(find_un_ref(text).as_deref(), want, "{text}");
        }
    }

    proptest! {
        #[test]
        fn dmy_never_panics(text in "\\PC{0,20}") {
            let _ = parse_dmy(&text);
        }

        #[test]
        fn dmy_shaped_input_never_panics(d in 0u32..100, m in 0u32..100, y in 0u32..10000) {
            let _ = parse_dmy(&format!("{d:02}/{m:02}/{y:04}"));
            let _ = parse_dmy(&format!("{m:02}/{y:04}"));
        }

        #[test]
        fn dmy_round_trips(y in 1u16..=9999, m in 0u8..=12, d in 0u8..=31) {
            let date = match (m, d) {
                (0, _) => PartialDate::year(y),
                (m, 0) => PartialDate::year_month(y, m),
                (m, d) => PartialDate::ymd(y, m, d),
            };
            if let Some(date) = date {
                prop_assert_eq!(parse_dmy(&format_dmy(date)), Some(date));
            }
        }

        #[test]
        fn split_numbered_never_panics(text in "\\PC{0,60}") {
            for item in split_numbered(&text) {
                prop_assert!(!item.is_empty());
            }
        }

        #[test]
        fn split_numbered_finds_generated_items(items in proptest::collection::vec("[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?", 1..12)) {
            let text: Vec<String> = items.iter().enumerate().map(|(i, item)| format!("({}) {item}", i + 1)).collect();
            let joined = text.join(" ");
            let split = split_numbered(&joined);
            prop_assert_eq!(split, items.iter().map(String::as_str).collect::<Vec<_>>());
        }

        #[test]
        fn other_info_and_refs_never_panic(text in "\\PC{0,80}") {
            let _ = other_info_segments(&text);
            let _ = find_un_ref(&text);
            let _ = id_tokens(&text);
            let _ = leading_token(&text);
            let _ = uk_list_refs(&text);
            let _ = find_measures(&text);
            let _ = find_measures(&format!("{MEASURES}: {text} imposed: {text}"));
        }
    }
}
