//! Given-name variant groups: spellings and cognates of one given name across languages.
//!
//! The skeleton catches most transliteration variants, but not cognates (Joseph / Iosif /
//! Yusuf), abbreviations (Mohd, Md) or vowel-initial spellings with different consonants
//! (Oleksandr / Alexander). Those are data, not rules, so they live in `variants.tsv`, which
//! says where the groups come from.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("variants.tsv");

/// Returns the id of the variant group `token` belongs to, if any. Two tokens with the same
/// id are spellings of one given name.
///
/// `token` is a lowercase ASCII token as [`crate::tokenize`] makes it. Ids are stable for a
/// given build of this crate (line order of the table), not across releases.
///
/// ```
/// use interdict_text::variant_group;
/// assert_eq!(variant_group("mohd"), variant_group("muhammad"));
/// assert_eq!(variant_group("iosif"), variant_group("joseph"));
/// assert_eq!(variant_group("oleksandr"), variant_group("alexander"));
/// assert_ne!(variant_group("ahmad"), variant_group("hamid"));
/// assert_eq!(variant_group("smith"), None);
/// ```
pub fn variant_group(token: &str) -> Option<u32> {
    table().get(token).copied()
}

/// The spellings in variant group `group` (as [`variant_group`] returns it); empty for an
/// unknown id.
///
/// ```
/// use interdict_text::{variant_group, variant_spellings};
/// let group = variant_group("sergey").unwrap();
/// assert!(variant_spellings(group).contains(&"sergej"));
/// ```
pub fn variant_spellings(group: u32) -> &'static [&'static str] {
    static GROUPS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    let groups = GROUPS.get_or_init(|| {
        TABLE
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| line.split(' ').filter(|s| !s.is_empty()).collect())
            .collect()
    });
    (group as usize)
        .checked_sub(1)
        .and_then(|i| groups.get(i))
        .map_or(&[], Vec::as_slice)
}

fn table() -> &'static HashMap<&'static str, u32> {
    static TABLE_MAP: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
    TABLE_MAP.get_or_init(|| {
        let mut map = HashMap::new();
        let groups = TABLE
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'));
        for (group_id, line) in groups.enumerate() {
            for spelling in line.split(' ').filter(|s| !s.is_empty()) {
                // A spelling listed twice keeps its first group.
                map.entry(spelling).or_insert(group_id as u32 + 1);
            }
        }
        map
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed() {
        let mut seen = HashMap::new();
        let mut duplicates = Vec::new();
        for (line_no, line) in TABLE.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            for spelling in line.split(' ') {
                assert!(
                    !spelling.is_empty() && spelling.bytes().all(|b| b.is_ascii_lowercase()),
                    "line {}: bad spelling {spelling:?}",
                    line_no + 1
                );
                if let Some(first) = seen.insert(spelling, line_no + 1) {
                    duplicates.push((spelling, first, line_no + 1));
                }
            }
        }
        assert_eq!(duplicates, [], "spellings in two groups");
    }

    #[test]
    fn groups_from_the_issue() {
        let groups: &[&[&str]] = &[
            &[
                "muhammad", "mohammed", "mohamed", "mohammad", "muhammed", "mehmet", "mohd", "md",
            ],
            &["yusuf", "youssef", "yousef", "joseph", "iosif", "jozef"],
            &[
                "aleksandr",
                "alexander",
                "oleksandr",
                "alexandre",
                "alessandro",
                "iskandar",
            ],
            &["abdul", "abd", "abdel"],
            &["husayn", "hussein", "hossein", "husein"],
            &["ahmad", "ahmed", "akhmed"],
            &["vladimir", "volodymyr"],
            &["sergei", "sergey", "serhiy"],
            &["dmitri", "dmytro"],
            &["yevgeny", "evgeniy"],
            &["mikhail", "michael", "mykhailo"],
            &["kim", "gim"],
        ];
        for group in groups {
            let id = variant_group(group[0]).expect(group[0]);
            for spelling in &group[1..] {
                assert_eq!(variant_group(spelling), Some(id), "{spelling}");
            }
        }
    }
}
