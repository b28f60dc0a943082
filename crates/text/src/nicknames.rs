//! Nicknames: the familiar forms of given names (Bill for William, Bibi for Benjamin).
//!
//! Unlike the variant groups of [`crate::variant_group`], which are spellings of one name, a
//! nickname is a different word standing for a name, and one nickname may stand for several
//! names (Ted: Edward or Theodore). So a token has a set of groups, and two tokens are a
//! nickname pair when their sets meet. The data lives in `nicknames.tsv`, which says where
//! it comes from.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("nicknames.tsv");

/// The nickname groups `token` belongs to, as a given name or as a familiar form of one;
/// empty when none. Two tokens sharing a group may name the same person.
///
/// ```
/// use interdict_text::nickname_groups;
/// let shared = |a: &str, b: &str| {
///     nickname_groups(a).iter().any(|g| nickname_groups(b).contains(g))
/// };
/// assert!(shared("bill", "william"));
/// assert!(shared("bibi", "benjamin"));
/// assert!(shared("ted", "edward") && shared("ted", "theodore"));
/// assert!(!shared("edward", "theodore"));
/// assert!(nickname_groups("smith").is_empty());
/// ```
pub fn nickname_groups(token: &str) -> &'static [u32] {
    table().get(token).map_or(&[], Vec::as_slice)
}

fn table() -> &'static HashMap<&'static str, Vec<u32>> {
    static MAP: OnceLock<HashMap<&'static str, Vec<u32>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<u32>> = HashMap::new();
        let groups = TABLE
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'));
        for (group_id, line) in groups.enumerate() {
            for name in line.split(' ').filter(|s| !s.is_empty()) {
                let ids = map.entry(name).or_default();
                if !ids.contains(&(group_id as u32)) {
                    ids.push(group_id as u32);
                }
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
        for (line_no, line) in TABLE.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let names: Vec<&str> = line.split(' ').collect();
            assert!(names.len() >= 2, "line {}: no nickname", line_no + 1);
            for name in names {
                assert!(
                    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase()),
                    "line {}: bad name {name:?}",
                    line_no + 1
                );
            }
        }
    }
}
