//! The user's own ownership data: a CSV file `owner,owned,percent,as_of`,
//! read whole or refused whole, and kept in its own SQLite file
//! (`ownership.db` in the data directory) with the import's file name and
//! SHA-256 — never in the list store, whose versions are the authorities'
//! publications.
//!
//! A row states that on `as_of` the `owner` held `percent` of `owned`. The
//! latest statement on or before the assessment date counts for each pair
//! (`0` records a sale); when two imports state the same pair and date, the
//! later import counts.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::graph::{normalize_name, Party};
use crate::percent::{Percent, Share};

/// The file name of the ownership database in the data directory.
pub const DB_FILE: &str = "ownership.db";

/// One row of a user's ownership file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OwnershipRow {
    /// The line in the file (the header is line 1).
    pub line: u64,
    /// Entity id or free name of the owner.
    pub owner: String,
    /// Entity id or free name of the owned party.
    pub owned: String,
    /// The share.
    pub percent: Percent,
    /// The day the share was held.
    #[serde(serialize_with = "iso_date")]
    pub as_of: NaiveDate,
}

fn iso_date<S: serde::Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

/// Why a file or the database was refused.
#[derive(Debug, thiserror::Error)]
pub enum OwnershipError {
    /// A row, or the header, is wrong.
    #[error("{file}, line {line}: {reason}")]
    Row {
        /// The file name.
        file: String,
        /// The line (1 is the header).
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// The file as a whole is wrong.
    #[error("{file}: {reason}")]
    File {
        /// The file name.
        file: String,
        /// What is wrong.
        reason: String,
    },
    /// The database failed.
    #[error("ownership database {path}: {source}")]
    Db {
        /// The database file.
        path: PathBuf,
        /// The SQLite error.
        source: rusqlite::Error,
    },
}

const HEADER: [&str; 4] = ["owner", "owned", "percent", "as_of"];

/// Reads an ownership CSV (UTF-8, header `owner,owned,percent,as_of` in that
/// order). Every row is checked; the first bad one refuses the whole file.
///
/// Checks: four fields; owner and owned non-empty and different; percent a
/// number 0–100 with at most six decimals; as_of `YYYY-MM-DD`; no pair stated
/// twice for one date; the shares of one owned party on one date at most 100%.
pub fn read_csv(file: &str, bytes: &[u8]) -> Result<Vec<OwnershipRow>, OwnershipError> {
    let row_error = |line: u64, reason: String| OwnershipError::Row {
        file: file.to_string(),
        line,
        reason,
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        None => {
            return Err(OwnershipError::File {
                file: file.to_string(),
                reason: "empty file: want the header owner,owned,percent,as_of".into(),
            })
        }
        Some(Err(err)) => return Err(csv_error(file, bytes, &err)),
        Some(Ok(header)) => header,
    };
    let names: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_ascii_lowercase())
        .collect();
    if names != HEADER {
        return Err(row_error(
            1,
            format!(
                "the header is {:?}; want owner,owned,percent,as_of",
                names.join(",")
            ),
        ));
    }
    let mut rows = Vec::new();
    let mut pairs: HashMap<(String, String, NaiveDate), u64> = HashMap::new();
    let mut totals: BTreeMap<(String, NaiveDate), (Share, Vec<u64>)> = BTreeMap::new();
    for record in records {
        let record = record.map_err(|err| csv_error(file, bytes, &err))?;
        let line = record
            .position()
            .map_or(0, |p| line_at(bytes, p.byte() as usize));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if record.len() != 4 {
            return Err(row_error(
                line,
                format!(
                    "{} fields; want 4 (owner,owned,percent,as_of)",
                    record.len()
                ),
            ));
        }
        let field = |i: usize| -> Result<String, OwnershipError> {
            std::str::from_utf8(&record[i])
                .map(|s| s.trim().to_string())
                .map_err(|_| row_error(line, format!("{} is not UTF-8", HEADER[i])))
        };
        let (owner, owned) = (field(0)?, field(1)?);
        if owner.is_empty() || owned.is_empty() {
            return Err(row_error(line, "owner and owned must not be empty".into()));
        }
        if same_party(&owner, &owned) {
            return Err(row_error(line, format!("{owner:?} cannot own itself")));
        }
        let percent =
            Percent::parse(&field(2)?).map_err(|reason| row_error(line, reason.to_string()))?;
        let date_text = field(3)?;
        let as_of = NaiveDate::parse_from_str(&date_text, "%Y-%m-%d")
            .ok()
            .filter(|_| date_text.len() == 10)
            .ok_or_else(|| {
                row_error(
                    line,
                    format!("as_of {date_text:?} is not a date YYYY-MM-DD"),
                )
            })?;
        let key = (owner.clone(), owned.clone(), as_of);
        if let Some(first) = pairs.insert(key, line) {
            return Err(row_error(
                line,
                format!("{owner:?} owning {owned:?} on {as_of} is already stated on line {first}"),
            ));
        }
        let (total, lines) = totals.entry((owned.clone(), as_of)).or_default();
        total.add(percent);
        lines.push(line);
        if total.0 > Percent::HUNDRED.micros() {
            return Err(row_error(
                line,
                format!(
                    "the shares of {owned:?} on {as_of} add up to {total} (lines {}): more than 100%",
                    lines
                        .iter()
                        .map(u64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        rows.push(OwnershipRow {
            line,
            owner,
            owned,
            percent,
            as_of,
        });
    }
    Ok(rows)
}

/// The 1-based line of the first character at or after `byte` that is not a
/// line break (the csv crate's own line count lags behind on CRLF files).
fn line_at(bytes: &[u8], byte: usize) -> u64 {
    let byte = byte.min(bytes.len());
    let start = bytes[byte..]
        .iter()
        .position(|b| *b != b'\r' && *b != b'\n')
        .map_or(bytes.len(), |offset| byte + offset);
    1 + bytes[..start].iter().filter(|b| **b == b'\n').count() as u64
}

fn same_party(a: &str, b: &str) -> bool {
    match (Party::from_text(a), Party::from_text(b)) {
        (Party::Name(a), Party::Name(b)) => normalize_name(&a) == normalize_name(&b),
        (a, b) => a == b,
    }
}

fn csv_error(file: &str, bytes: &[u8], err: &csv::Error) -> OwnershipError {
    match err.position() {
        Some(position) => OwnershipError::Row {
            file: file.to_string(),
            line: line_at(bytes, position.byte() as usize),
            reason: err.to_string(),
        },
        None => OwnershipError::File {
            file: file.to_string(),
            reason: err.to_string(),
        },
    }
}

/// One import of a user's ownership file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportInfo {
    /// 1, 2, ... in import order.
    pub id: i64,
    /// The file's name as given.
    pub file_name: String,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// When it was imported (RFC 3339, UTC).
    pub imported_at: String,
    /// How many rows it holds.
    pub rows: usize,
    /// True when these exact bytes had been imported before: nothing changed.
    pub already_imported: bool,
}

/// A row as held, with the import it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredRow {
    /// The row.
    #[serde(flatten)]
    pub row: OwnershipRow,
    /// The import's id.
    pub import: i64,
    /// The import's file name.
    pub file_name: String,
}

/// The ownership database: `ownership.db` in the data directory.
pub struct OwnershipStore {
    conn: Connection,
    path: PathBuf,
}

impl OwnershipStore {
    /// Opens (creating if needed) the database in `dir`.
    pub fn open(dir: &Path) -> Result<OwnershipStore, OwnershipError> {
        let path = dir.join(DB_FILE);
        let db = |source| OwnershipError::Db {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(|err| OwnershipError::File {
            file: dir.display().to_string(),
            reason: err.to_string(),
        })?;
        let conn = Connection::open(&path).map_err(db)?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL;
             PRAGMA synchronous=FULL;
             CREATE TABLE IF NOT EXISTS imports (
                 id INTEGER PRIMARY KEY,
                 file_name TEXT NOT NULL,
                 sha256 TEXT NOT NULL UNIQUE,
                 imported_at TEXT NOT NULL,
                 rows INTEGER NOT NULL
             );
             CREATE TABLE IF NOT EXISTS rows (
                 import_id INTEGER NOT NULL REFERENCES imports(id),
                 line INTEGER NOT NULL,
                 owner TEXT NOT NULL,
                 owned TEXT NOT NULL,
                 percent_micros INTEGER NOT NULL,
                 as_of TEXT NOT NULL,
                 PRIMARY KEY (import_id, line)
             );",
        )
        .map_err(db)?;
        Ok(OwnershipStore { conn, path })
    }

    fn db(&self, source: rusqlite::Error) -> OwnershipError {
        OwnershipError::Db {
            path: self.path.clone(),
            source,
        }
    }

    /// Imports a file's bytes: read whole ([`read_csv`]), then written in one
    /// transaction, so a bad file leaves nothing behind. The same bytes
    /// imported again change nothing and return the first import.
    pub fn import(&mut self, file_name: &str, bytes: &[u8]) -> Result<ImportInfo, OwnershipError> {
        let rows = read_csv(file_name, bytes)?;
        let sha256 = hex::encode(Sha256::digest(bytes));
        if let Some(mut existing) = self.import_by_sha(&sha256)? {
            existing.already_imported = true;
            return Ok(existing);
        }
        let imported_at = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let tx = self.conn.transaction().map_err(|e| OwnershipError::Db {
            path: self.path.clone(),
            source: e,
        })?;
        let result = (|| {
            tx.execute(
                "INSERT INTO imports (file_name, sha256, imported_at, rows) VALUES (?1, ?2, ?3, ?4)",
                params![file_name, sha256, imported_at, rows.len() as i64],
            )?;
            let id = tx.last_insert_rowid();
            {
                let mut insert = tx.prepare(
                    "INSERT INTO rows (import_id, line, owner, owned, percent_micros, as_of)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?;
                for row in &rows {
                    insert.execute(params![
                        id,
                        row.line as i64,
                        row.owner,
                        row.owned,
                        row.percent.micros() as i64,
                        row.as_of.to_string()
                    ])?;
                }
            }
            tx.commit()?;
            Ok(id)
        })();
        let id = result.map_err(|e| self.db(e))?;
        Ok(ImportInfo {
            id,
            file_name: file_name.to_string(),
            sha256,
            imported_at,
            rows: rows.len(),
            already_imported: false,
        })
    }

    fn import_by_sha(&self, sha256: &str) -> Result<Option<ImportInfo>, OwnershipError> {
        self.conn
            .query_row(
                "SELECT id, file_name, sha256, imported_at, rows FROM imports WHERE sha256 = ?1",
                [sha256],
                import_info,
            )
            .optional()
            .map_err(|e| self.db(e))
    }

    /// Every import, oldest first.
    pub fn imports(&self) -> Result<Vec<ImportInfo>, OwnershipError> {
        let mut statement = self
            .conn
            .prepare("SELECT id, file_name, sha256, imported_at, rows FROM imports ORDER BY id")
            .map_err(|e| self.db(e))?;
        let imports = statement
            .query_map([], import_info)
            .and_then(Iterator::collect)
            .map_err(|e| self.db(e));
        imports
    }

    /// Every row held, by import then line.
    pub fn rows(&self) -> Result<Vec<StoredRow>, OwnershipError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT r.import_id, i.file_name, r.line, r.owner, r.owned, r.percent_micros, r.as_of
                 FROM rows r JOIN imports i ON i.id = r.import_id
                 ORDER BY r.import_id, r.line",
            )
            .map_err(|e| self.db(e))?;
        let rows = statement
            .query_map([], |row| {
                let micros: i64 = row.get(5)?;
                let as_of: String = row.get(6)?;
                Ok(StoredRow {
                    import: row.get(0)?,
                    file_name: row.get(1)?,
                    row: OwnershipRow {
                        line: row.get::<_, i64>(2)? as u64,
                        owner: row.get(3)?,
                        owned: row.get(4)?,
                        percent: Percent::from_micros(micros as u64).unwrap_or(Percent::ZERO),
                        as_of: as_of.parse().unwrap_or_default(),
                    },
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.db(e));
        rows
    }

    /// The rows in force on `on` (every date, if `None`): for each
    /// owner/owned pair, the latest statement on or before that day, later
    /// imports winning ties; pairs whose latest share is 0% are left out.
    pub fn effective(&self, on: Option<NaiveDate>) -> Result<Vec<StoredRow>, OwnershipError> {
        Ok(effective_rows(self.rows()?, on))
    }
}

/// See [`OwnershipStore::effective`].
pub fn effective_rows(rows: Vec<StoredRow>, on: Option<NaiveDate>) -> Vec<StoredRow> {
    let mut latest: BTreeMap<(String, String), StoredRow> = BTreeMap::new();
    for row in rows {
        if on.is_some_and(|day| row.row.as_of > day) {
            continue;
        }
        let key = (row.row.owner.clone(), row.row.owned.clone());
        let replace = latest
            .get(&key)
            .is_none_or(|held| (row.row.as_of, row.import) >= (held.row.as_of, held.import));
        if replace {
            latest.insert(key, row);
        }
    }
    latest
        .into_values()
        .filter(|row| row.row.percent != Percent::ZERO)
        .collect()
}

fn import_info(row: &rusqlite::Row<'_>) -> rusqlite::Result<ImportInfo> {
    Ok(ImportInfo {
        id: row.get(0)?,
        file_name: row.get(1)?,
        sha256: row.get(2)?,
        imported_at: row.get(3)?,
        rows: row.get::<_, i64>(4)? as usize,
        already_imported: false,
    })
}
