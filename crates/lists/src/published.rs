//! Which publication date a new version gets.
//!
//! As-of answers stand on this date, so it must never be guessed silently. The
//! date the publication states wins; a date the user gives is used when the file
//! states none and must agree when it does; a date written in the file or folder
//! name (`ofac-sdn/2023-12-28/`, `ConList_2020-04-27.csv`) is the last resort.

use chrono::NaiveDate;
use interdict_model::SourceId;

use crate::ListsError;

/// Picks the publication date: `stated` (from the file), else `given` (by the
/// user, who must agree with the file), else a date in the file names, else
/// `hint` (a download's Last-Modified day, which may differ from the file's own
/// date without contradicting it).
pub fn resolve_published(
    source: SourceId,
    file_names: &[String],
    stated: Option<NaiveDate>,
    given: Option<NaiveDate>,
    hint: Option<NaiveDate>,
) -> Result<NaiveDate, ListsError> {
    let files = || file_names.join(", ");
    match (stated, given) {
        (Some(stated), Some(given)) if stated != given => Err(ListsError::PublishedConflict {
            list: source,
            files: files(),
            stated,
            given,
        }),
        (Some(date), _) | (None, Some(date)) => Ok(date),
        (None, None) => file_names
            .iter()
            .find_map(|name| published_from_name(name))
            .or(hint)
            .ok_or_else(|| ListsError::NoPublicationDate {
                list: source,
                files: files(),
            }),
    }
}

/// The last `YYYY-MM-DD` date written in a path, if any.
pub fn published_from_name(path: &str) -> Option<NaiveDate> {
    let bytes = path.as_bytes();
    (0..bytes.len().saturating_sub(9)).rev().find_map(|start| {
        let candidate = path.get(start..start + 10)?;
        let shape_ok = candidate.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
        let bounded = |i: usize| bytes.get(i).is_none_or(|b| !b.is_ascii_digit());
        let before_ok = start == 0 || bounded(start - 1);
        (shape_ok && before_ok && bounded(start + 10))
            .then(|| NaiveDate::parse_from_str(candidate, "%Y-%m-%d").ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn dates_in_names() {
        assert_eq!(
            published_from_name("../shared/lists/ofac-sdn/2023-12-28/sdn.csv"),
            Some(date("2023-12-28"))
        );
        assert_eq!(
            published_from_name("uk-hmt/ConList_2020-04-27.csv"),
            Some(date("2020-04-27"))
        );
        assert_eq!(published_from_name("ofac-cons/2018-05/cons_prim.csv"), None);
        assert_eq!(published_from_name("x/2023-13-01/sdn.csv"), None);
        assert_eq!(published_from_name("12023-12-281"), None);
    }

    #[test]
    fn stated_date_wins_and_must_agree() {
        let names = vec!["a/2020-01-01/x.xml".to_string()];
        let source = SourceId::UnSc;
        let stated = Some(date("2021-02-03"));
        assert_eq!(
            resolve_published(source, &names, stated, None, None).unwrap(),
            date("2021-02-03")
        );
        assert_eq!(
            resolve_published(source, &names, stated, stated, None).unwrap(),
            date("2021-02-03")
        );
        assert!(matches!(
            resolve_published(source, &names, stated, Some(date("2021-02-04")), None),
            Err(ListsError::PublishedConflict { .. })
        ));
        assert_eq!(
            resolve_published(source, &names, None, None, Some(date("1999-01-01"))).unwrap(),
            date("2020-01-01")
        );
        let no_date = vec!["x.xml".to_string()];
        assert!(matches!(
            resolve_published(source, &no_date, None, None, None),
            Err(ListsError::NoPublicationDate { .. })
        ));
        let hinted = resolve_published(source, &no_date, None, None, Some(date("1999-01-01")));
        assert_eq!(hinted.unwrap(), date("1999-01-01"));
        let download = resolve_published(source, &no_date, stated, None, Some(date("1999-01-01")));
        assert_eq!(download.unwrap(), date("2021-02-03"));
    }
}
