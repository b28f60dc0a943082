//! Links declared by hand: "these two records are one party" and "these two
//! records are not one party", kept in `<data dir>/linkage.db`.
//!
//! Why a file of its own: the list store's versions are immutable publications
//! of the authorities; an analyst's declarations are neither. They are kept as
//! an append-only log (every declaration with its time and note), so that the
//! reason two records are, or are not, one party can always be traced to who
//! said so and when. The latest declaration about a pair is the one in force;
//! `forget` withdraws it and lets the automatic evidence speak again.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use interdict_model::EntityId;
use rusqlite::{params, Connection};

use crate::LinkageError;

/// The file, in the data directory, that holds the declarations.
pub const DECLARED_FILE: &str = "linkage.db";

/// What a declaration says about a pair of records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The two records are one party.
    Same,
    /// The two records are not one party, whatever the automatic evidence says.
    NotSame,
}

impl Verdict {
    /// Stable lower-case name: `same`, `not_same`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Same => "same",
            Verdict::NotSame => "not_same",
        }
    }
}

/// One declaration in force about a pair of records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// The first record (the smaller id).
    pub a: EntityId,
    /// The second record.
    pub b: EntityId,
    /// Same party or not.
    pub verdict: Verdict,
    /// Why, as the analyst wrote it.
    pub note: Option<String>,
    /// When it was declared.
    pub declared_at: DateTime<Utc>,
}

/// The declarations file of a data directory.
pub struct DeclaredLinks {
    conn: Connection,
    path: PathBuf,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS declarations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('same', 'not_same', 'forget')),
    note TEXT,
    declared_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS declarations_pair ON declarations (a, b);
CREATE TRIGGER IF NOT EXISTS declarations_no_update BEFORE UPDATE ON declarations
BEGIN SELECT RAISE(ABORT, 'declarations are a log: append, never update'); END;
CREATE TRIGGER IF NOT EXISTS declarations_no_delete BEFORE DELETE ON declarations
BEGIN SELECT RAISE(ABORT, 'declarations are a log: append, never delete'); END;
";

impl DeclaredLinks {
    /// Opens (creating if needed) `<dir>/linkage.db`.
    pub fn open(dir: &Path) -> Result<DeclaredLinks, LinkageError> {
        std::fs::create_dir_all(dir).map_err(|source| LinkageError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(DECLARED_FILE);
        let sql = |source| LinkageError::Declared {
            path: path.clone(),
            source,
        };
        let conn = Connection::open(&path).map_err(sql)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql)?;
        conn.execute_batch(SCHEMA).map_err(sql)?;
        Ok(DeclaredLinks { conn, path })
    }

    /// Declares `a` and `b` one party (`Verdict::Same`) or not (`Verdict::NotSame`).
    /// Refuses a record paired with itself.
    pub fn declare(
        &self,
        a: &EntityId,
        b: &EntityId,
        verdict: Verdict,
        note: Option<&str>,
    ) -> Result<Declaration, LinkageError> {
        self.append(a, b, verdict.as_str(), note)?;
        let (a, b) = ordered(a, b);
        Ok(Declaration {
            a: a.clone(),
            b: b.clone(),
            verdict,
            note: note.map(str::to_string),
            declared_at: Utc::now(),
        })
    }

    /// Withdraws the declaration in force about `a` and `b`, if any. Returns
    /// whether there was one.
    pub fn forget(
        &self,
        a: &EntityId,
        b: &EntityId,
        note: Option<&str>,
    ) -> Result<bool, LinkageError> {
        let (first, second) = ordered(a, b);
        let had = self
            .in_force()?
            .iter()
            .any(|d| &d.a == first && &d.b == second);
        if had {
            self.append(a, b, "forget", note)?;
        }
        Ok(had)
    }

    fn append(
        &self,
        a: &EntityId,
        b: &EntityId,
        verdict: &str,
        note: Option<&str>,
    ) -> Result<(), LinkageError> {
        if a == b {
            return Err(LinkageError::SelfLink { id: a.clone() });
        }
        let (a, b) = ordered(a, b);
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        self.conn
            .execute(
                "INSERT INTO declarations (a, b, verdict, note, declared_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![a.as_str(), b.as_str(), verdict, note, Utc::now().to_rfc3339()],
            )
            .map_err(|source| LinkageError::Declared {
                path: self.path.clone(),
                source,
            })?;
        Ok(())
    }

    /// The declarations in force: the latest about each pair, unless withdrawn,
    /// in the order they were made.
    pub fn in_force(&self) -> Result<Vec<Declaration>, LinkageError> {
        let sql = |source| LinkageError::Declared {
            path: self.path.clone(),
            source,
        };
        let mut statement = self
            .conn
            .prepare(
                "SELECT d.a, d.b, d.verdict, d.note, d.declared_at FROM declarations d \
                 WHERE d.seq = (SELECT MAX(e.seq) FROM declarations e WHERE e.a = d.a AND e.b = d.b) \
                 AND d.verdict <> 'forget' ORDER BY d.seq",
            )
            .map_err(sql)?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })
            .map_err(sql)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql)?;
        rows.into_iter()
            .map(|(a, b, verdict, note, at)| {
                let corrupt = |what: &str| LinkageError::CorruptDeclaration {
                    path: self.path.clone(),
                    what: what.to_string(),
                };
                Ok(Declaration {
                    a: EntityId::parse(&a).ok_or_else(|| corrupt(&a))?,
                    b: EntityId::parse(&b).ok_or_else(|| corrupt(&b))?,
                    verdict: match verdict.as_str() {
                        "same" => Verdict::Same,
                        "not_same" => Verdict::NotSame,
                        _ => return Err(corrupt(&verdict)),
                    },
                    note,
                    declared_at: DateTime::parse_from_rfc3339(&at)
                        .map_err(|_| corrupt(&at))?
                        .with_timezone(&Utc),
                })
            })
            .collect()
    }
}

fn ordered<'a>(a: &'a EntityId, b: &'a EntityId) -> (&'a EntityId, &'a EntityId) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> EntityId {
        EntityId::parse(text).unwrap()
    }

    #[test]
    fn latest_declaration_about_a_pair_wins_and_forget_withdraws() {
        let dir = tempfile::tempdir().unwrap();
        let links = DeclaredLinks::open(dir.path()).unwrap();
        let (a, b) = (id("uk-hmt:9062"), id("ofac-sdn:10481"));
        links
            .declare(&a, &b, Verdict::Same, Some("same passport"))
            .unwrap();
        links.declare(&b, &a, Verdict::NotSame, None).unwrap();
        let in_force = links.in_force().unwrap();
        assert_eq!(in_force.len(), 1);
        assert_eq!(in_force[0].a, b);
        assert_eq!(in_force[0].b, a);
        assert_eq!(in_force[0].verdict, Verdict::NotSame);
        assert!(links.forget(&a, &b, None).unwrap());
        assert!(links.in_force().unwrap().is_empty());
        assert!(!links.forget(&a, &b, None).unwrap());
        assert!(matches!(
            links.declare(&a, &a, Verdict::Same, None),
            Err(LinkageError::SelfLink { .. })
        ));
        // The log is append-only.
        let conn = Connection::open(dir.path().join(DECLARED_FILE)).unwrap();
        assert!(conn.execute("DELETE FROM declarations", []).is_err());
    }
}
