//! API keys: who may call the service, and with which role.
//!
//! A key is shown once, when it is created, as `idk_<id>_<secret>`: `<id>` is a
//! short public id (12 hex digits, safe to log and to name in the audit log),
//! `<secret>` is 32 random bytes from the operating system in hex. Only the
//! SHA-256 of the secret is stored (`<data>/keys.sqlite`), and a presented
//! secret is compared with it in constant time, so neither the file nor the
//! timing of a refusal gives a key away. A revoked key never authenticates
//! again: revocation only ever sets `revoked_at` once (SQL triggers refuse any
//! other change, and deletion).

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The file name of the key store inside the data directory.
pub const KEYS_FILE: &str = "keys.sqlite";

/// What a key may do. Ordered: `Admin` ⊇ `Analyst` ⊇ `Screener`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Screening and the read endpoints.
    Screener,
    /// A screener who may also review alerts and decide them.
    Analyst,
    /// An analyst who may also manage keys and reload the lists.
    Admin,
}

impl Role {
    /// Every role, least privileged first.
    pub const ALL: [Role; 3] = [Role::Screener, Role::Analyst, Role::Admin];

    /// Whether a key of this role may do what needs `needed`.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }

    /// The role's name: `screener`, `analyst` or `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Screener => "screener",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = KeyError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
            .ok_or_else(|| KeyError::UnknownRole(text.to_string()))
    }
}

/// What went wrong in the key store.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The SQLite file could not be opened, read or written.
    #[error("key store {path}: {source}")]
    Sqlite {
        /// The key store file.
        path: PathBuf,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },
    /// The data directory could not be created.
    #[error("creating the data directory {path}: {source}")]
    Io {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// No key has this id.
    #[error("no key has the id {0:?}")]
    UnknownKey(String),
    /// The key was revoked already.
    #[error("the key {0:?} is revoked already")]
    AlreadyRevoked(String),
    /// Not a role name.
    #[error("{0:?} is not a role: want screener, analyst or admin")]
    UnknownRole(String),
    /// The operating system's random source failed.
    #[error("no randomness from the operating system: {0}")]
    Random(String),
    /// A row of the key store is not what this program wrote.
    #[error("key store {path}: key {id:?} is damaged: {reason}")]
    Damaged {
        /// The key store file.
        path: PathBuf,
        /// The key id.
        id: String,
        /// What is wrong.
        reason: String,
    },
}

/// A key just created. `key` is the only copy of the secret: show it once.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct NewKey {
    /// The public id.
    pub id: String,
    /// The whole key text, `idk_<id>_<secret>`.
    pub key: String,
    /// Its role.
    pub role: Role,
}

impl fmt::Debug for NewKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewKey")
            .field("id", &self.id)
            .field("key", &"<secret>")
            .field("role", &self.role)
            .finish()
    }
}

/// What the store knows about a key (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyInfo {
    /// The public id.
    pub id: String,
    /// Its role.
    pub role: Role,
    /// A label given at creation ("billing team", ...).
    pub label: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The key store: `<data>/keys.sqlite`. `Send + Sync`; every call takes the one
/// connection's lock for a single statement or two.
///
/// [`KeyStore::authenticate`] keeps the rows it has read in memory, keyed by
/// key id with the stored secret hash, so a busy service does not query SQLite
/// per request. The cache is dropped whenever the file changed (SQLite's
/// `PRAGMA data_version`, looked at no more often than
/// [`KeyStore::revalidate_every`], [`REVALIDATE`] by default), so a key revoked
/// by another process stops authenticating within that bound; one revoked
/// through this store stops at once.
pub struct KeyStore {
    path: PathBuf,
    conn: Mutex<Connection>,
    cache: Mutex<Cache>,
}

/// How long a cached key row may be trusted before the file is looked at for
/// changes again: the bound on how late a revocation made by another process
/// takes effect.
pub const REVALIDATE: Duration = Duration::from_secs(1);

/// Key rows read so far, valid for one `data_version` of the file.
struct Cache {
    /// The file's `data_version` when the rows were read.
    data_version: Option<i64>,
    /// When `data_version` was last looked at.
    checked_at: Option<Instant>,
    /// How often to look.
    every: Duration,
    /// Key id to (stored secret hash, the key; `None` when revoked).
    rows: HashMap<String, ([u8; 32], Option<KeyInfo>)>,
}

/// The most key rows cached (a key store holds far fewer; past this the cache
/// starts over rather than grow).
const CACHE_MAX: usize = 10_000;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS keys (
    id TEXT PRIMARY KEY NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('screener', 'analyst', 'admin')),
    label TEXT,
    secret_sha256 BLOB NOT NULL CHECK (length(secret_sha256) = 32),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TRIGGER IF NOT EXISTS keys_no_delete BEFORE DELETE ON keys
BEGIN SELECT RAISE(ABORT, 'keys are revoked, never deleted'); END;
CREATE TRIGGER IF NOT EXISTS keys_only_revoke BEFORE UPDATE ON keys
WHEN OLD.revoked_at IS NOT NULL
  OR NEW.revoked_at IS NULL
  OR NEW.id IS NOT OLD.id
  OR NEW.role IS NOT OLD.role
  OR NEW.label IS NOT OLD.label
  OR NEW.secret_sha256 IS NOT OLD.secret_sha256
  OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'a key can only be revoked, once'); END;
";

/// The prefix of every key text.
const PREFIX: &str = "idk_";
/// Bytes of the public id (hex: twice as many digits).
const ID_BYTES: usize = 6;
/// Bytes of the secret.
const SECRET_BYTES: usize = 32;

/// A key row as stored: the SHA-256 of its secret, and the key (`None` when revoked).
type StoredKey = ([u8; 32], Option<KeyInfo>);

impl KeyStore {
    /// Opens (creating if needed) `<data_dir>/keys.sqlite`.
    pub fn open(data_dir: &Path) -> Result<KeyStore, KeyError> {
        std::fs::create_dir_all(data_dir).map_err(|source| KeyError::Io {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(KEYS_FILE);
        let sql = |source| KeyError::Sqlite {
            path: path.clone(),
            source,
        };
        let conn = Connection::open(&path).map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(sql)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql)?;
        conn.execute_batch(SCHEMA).map_err(sql)?;
        Ok(KeyStore {
            path,
            conn: Mutex::new(conn),
            cache: Mutex::new(Cache {
                data_version: None,
                checked_at: None,
                every: REVALIDATE,
                rows: HashMap::new(),
            }),
        })
    }

    /// Sets how often [`KeyStore::authenticate`] looks for changes made to
    /// the file by other processes (default [`REVALIDATE`]; zero looks on
    /// every call).
    pub fn revalidate_every(&self, every: Duration) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.every = every;
        cache.checked_at = None;
    }

    /// The key store file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self, source: rusqlite::Error) -> KeyError {
        KeyError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-done statement
        // behind (SQLite rolls it back), so a poisoned lock is still usable.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Creates a key of `role`. The returned [`NewKey::key`] is the only copy
    /// of the secret.
    pub fn create(&self, role: Role, label: Option<&str>) -> Result<NewKey, KeyError> {
        let mut secret = [0u8; SECRET_BYTES];
        getrandom::fill(&mut secret).map_err(|e| KeyError::Random(e.to_string()))?;
        let secret = hex::encode(secret);
        let digest = Sha256::digest(secret.as_bytes());
        let created_at = timestamp(Utc::now());
        let conn = self.conn();
        // A fresh id until one is free (a clash among 2^48 ids is rare).
        loop {
            let mut id = [0u8; ID_BYTES];
            getrandom::fill(&mut id).map_err(|e| KeyError::Random(e.to_string()))?;
            let id = hex::encode(id);
            let inserted = conn
                .execute(
                    "INSERT OR IGNORE INTO keys (id, role, label, secret_sha256, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, role.as_str(), label, digest.as_slice(), created_at],
                )
                .map_err(|e| self.sql(e))?;
            if inserted == 1 {
                let key = format!("{PREFIX}{id}_{secret}");
                return Ok(NewKey { id, key, role });
            }
        }
    }

    /// Revokes a key for good. An unknown id, or a key revoked already, is an
    /// error.
    pub fn revoke(&self, key_id: &str) -> Result<(), KeyError> {
        let conn = self.conn();
        let revoked: Option<Option<String>> = conn
            .query_row(
                "SELECT revoked_at FROM keys WHERE id = ?1",
                [key_id],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        match revoked {
            None => Err(KeyError::UnknownKey(key_id.to_string())),
            Some(Some(_)) => Err(KeyError::AlreadyRevoked(key_id.to_string())),
            Some(None) => {
                conn.execute(
                    "UPDATE keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                    params![key_id, timestamp(Utc::now())],
                )
                .map_err(|e| self.sql(e))?;
                self.cache
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .rows
                    .remove(key_id);
                Ok(())
            }
        }
    }

    /// Every key, oldest first, revoked ones included.
    pub fn list(&self) -> Result<Vec<KeyInfo>, KeyError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(
                "SELECT id, role, label, created_at, revoked_at FROM keys
                 ORDER BY created_at, id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |row| {
                Ok(RawKey {
                    id: row.get(0)?,
                    role: row.get(1)?,
                    label: row.get(2)?,
                    created_at: row.get(3)?,
                    revoked_at: row.get(4)?,
                })
            })
            .map_err(|e| self.sql(e))?;
        let mut keys = Vec::new();
        for row in rows {
            keys.push(self.info(row.map_err(|e| self.sql(e))?)?);
        }
        Ok(keys)
    }

    /// The key a request presents (the whole `idk_<id>_<secret>` text), if it
    /// is a key of this store and not revoked. Anything else, malformed text
    /// included, is `Ok(None)`.
    pub fn authenticate(&self, presented: &str) -> Result<Option<KeyInfo>, KeyError> {
        let Some((id, secret)) = split_key(presented) else {
            return Ok(None);
        };
        let digest: [u8; 32] = Sha256::digest(secret.as_bytes()).into();
        let cached = {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            let stale = cache
                .checked_at
                .is_none_or(|at| at.elapsed() >= cache.every);
            if stale {
                let version = self.data_version()?;
                if cache.data_version != Some(version) {
                    cache.rows.clear();
                    cache.data_version = Some(version);
                }
                cache.checked_at = Some(Instant::now());
            }
            cache.rows.get(id).cloned()
        };
        let (stored, info) = match cached {
            Some(row) => row,
            None => {
                let Some(row) = self.read_row(id)? else {
                    return Ok(None);
                };
                let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
                if cache.rows.len() >= CACHE_MAX {
                    cache.rows.clear();
                }
                cache.rows.insert(id.to_string(), row.clone());
                row
            }
        };
        let same: bool = digest.ct_eq(&stored).into();
        Ok(if same { info } else { None })
    }

    /// The file's `data_version`: changes whenever another connection commits.
    fn data_version(&self) -> Result<i64, KeyError> {
        self.conn()
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|e| self.sql(e))
    }

    /// The stored hash of key `id` and the key (`None` when revoked).
    fn read_row(&self, id: &str) -> Result<Option<StoredKey>, KeyError> {
        let row = {
            let conn = self.conn();
            let mut stmt = conn
                .prepare_cached(
                    "SELECT id, role, label, created_at, revoked_at, secret_sha256
                     FROM keys WHERE id = ?1",
                )
                .map_err(|e| self.sql(e))?;
            stmt.query_row([id], |row| {
                Ok((
                    RawKey {
                        id: row.get(0)?,
                        role: row.get(1)?,
                        label: row.get(2)?,
                        created_at: row.get(3)?,
                        revoked_at: row.get(4)?,
                    },
                    row.get::<_, Vec<u8>>(5)?,
                ))
            })
            .optional()
            .map_err(|e| self.sql(e))?
        };
        let Some((raw, stored)) = row else {
            return Ok(None);
        };
        let stored: [u8; 32] = stored
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::Damaged {
                path: self.path.clone(),
                id: raw.id.clone(),
                reason: format!("the secret hash has {} bytes, not 32", stored.len()),
            })?;
        let info = if raw.revoked_at.is_some() {
            None
        } else {
            Some(self.info(raw)?)
        };
        Ok(Some((stored, info)))
    }

    fn info(&self, raw: RawKey) -> Result<KeyInfo, KeyError> {
        let damaged = |reason: String| KeyError::Damaged {
            path: self.path.clone(),
            id: raw.id.clone(),
            reason,
        };
        let role = raw
            .role
            .parse::<Role>()
            .map_err(|e| damaged(e.to_string()))?;
        let created_at = parse_time(&raw.created_at).map_err(&damaged)?;
        let revoked_at = match &raw.revoked_at {
            Some(text) => Some(parse_time(text).map_err(&damaged)?),
            None => None,
        };
        Ok(KeyInfo {
            id: raw.id.clone(),
            role,
            label: raw.label,
            created_at,
            revoked_at,
        })
    }
}

struct RawKey {
    id: String,
    role: String,
    label: Option<String>,
    created_at: String,
    revoked_at: Option<String>,
}

/// Splits `idk_<id>_<secret>` into id and secret; `None` when the text does
/// not have that form (so it cannot be a key).
fn split_key(presented: &str) -> Option<(&str, &str)> {
    let rest = presented.strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    let hex_of = |text: &str, bytes: usize| {
        text.len() == bytes * 2 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    };
    (hex_of(id, ID_BYTES) && hex_of(secret, SECRET_BYTES)).then_some((id, secret))
}

/// The public id of a key text, if it has the form of a key: what a log may
/// name without giving the secret away.
pub fn key_id(presented: &str) -> Option<&str> {
    split_key(presented).map(|(id, _)| id)
}

fn timestamp(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("timestamp {text:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered() {
        assert!(Role::Admin.allows(Role::Analyst));
        assert!(Role::Admin.allows(Role::Screener));
        assert!(Role::Analyst.allows(Role::Screener));
        assert!(Role::Analyst.allows(Role::Analyst));
        assert!(!Role::Analyst.allows(Role::Admin));
        assert!(!Role::Screener.allows(Role::Analyst));
        assert_eq!("analyst".parse::<Role>().unwrap(), Role::Analyst);
        assert!("Admin".parse::<Role>().is_err());
    }

    #[test]
    fn key_text_form() {
        let id = "0123456789ab";
        let secret = "ab".repeat(32);
        let key = format!("idk_{id}_{secret}");
        assert_eq!(split_key(&key), Some((id, secret.as_str())));
        assert_eq!(key_id(&key), Some(id));
        assert_eq!(split_key(&key.to_uppercase()), None);
        assert_eq!(split_key(&key[..key.len() - 1]), None);
        assert_eq!(split_key(&format!("{key}0")), None);
        assert_eq!(split_key(&key.replacen("idk_", "idx_", 1)), None);
        assert_eq!(split_key(""), None);
    }
}
