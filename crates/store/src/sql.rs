//! The SQLite schema and the connection settings, in one place so that a
//! future migration sees exactly what it migrates from.

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// The schema version this program writes (`PRAGMA user_version`). Bump it
/// and add a step to [`migrate`] for every change of the tables below.
pub(crate) const SCHEMA_VERSION: i64 = 1;

/// `PRAGMA application_id`: marks the file as an interdict store ("IDCT").
const APPLICATION_ID: i64 = 0x4944_4354;

/// How long a statement waits for another process's write lock before
/// failing with "database is locked". An import of a large list holds the lock
/// for well under a second; a minute leaves room for slow disks.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

const SCHEMA_V1: &str = r#"
-- One row per import that added content. Never updated, never deleted.
CREATE TABLE versions (
    id          INTEGER PRIMARY KEY,
    source      TEXT    NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    published   TEXT    NOT NULL,              -- YYYY-MM-DD
    imported_at TEXT    NOT NULL,              -- RFC 3339, UTC
    sha256      TEXT    NOT NULL,
    format      TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('full', 'delta')),
    base        INTEGER REFERENCES versions(id),
    entities    INTEGER NOT NULL CHECK (entities >= 0),
    report      TEXT    NOT NULL,
    UNIQUE (source, seq),
    UNIQUE (source, sha256)
);
CREATE INDEX versions_by_published ON versions (source, published, seq);

-- Entities, content-addressed: `hash` is the SHA-256 of `body`, the entity's
-- canonical JSON. An entity that does not change between versions is stored
-- once. `id` is only a short handle for version_entities.
CREATE TABLE entity_blobs (
    id   INTEGER PRIMARY KEY,
    hash BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),
    body BLOB NOT NULL
);

-- What each version holds: one row per entity, `ord` its place in the file.
CREATE TABLE version_entities (
    version   INTEGER NOT NULL REFERENCES versions(id),
    entity_id TEXT    NOT NULL,
    ord       INTEGER NOT NULL,
    blob      INTEGER NOT NULL REFERENCES entity_blobs(id),
    PRIMARY KEY (version, entity_id)
) WITHOUT ROWID;

-- The published files themselves, content-addressed, so that any version can
-- be parsed again later by a better parser.
CREATE TABLE file_blobs (
    id     INTEGER PRIMARY KEY,
    sha256 BLOB    NOT NULL UNIQUE CHECK (length(sha256) = 32),
    size   INTEGER NOT NULL,
    codec  TEXT    NOT NULL CHECK (codec IN ('none', 'deflate')),
    bytes  BLOB    NOT NULL
);
CREATE TABLE version_files (
    version INTEGER NOT NULL REFERENCES versions(id),
    ord     INTEGER NOT NULL,
    name    TEXT    NOT NULL,
    file    INTEGER NOT NULL REFERENCES file_blobs(id),
    PRIMARY KEY (version, ord)
) WITHOUT ROWID;

-- The downloader's conditional-request state: mutable on purpose, it is not
-- list content.
CREATE TABLE fetch_state (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    updated_at    TEXT NOT NULL
);

-- Versions are immutable: refuse any change at the lowest level too.
CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
    BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
    BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER version_entities_no_update BEFORE UPDATE ON version_entities
    BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER version_entities_no_delete BEFORE DELETE ON version_entities
    BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER entity_blobs_no_update BEFORE UPDATE ON entity_blobs
    BEGIN SELECT RAISE(ABORT, 'entity blobs are immutable'); END;
CREATE TRIGGER version_files_no_update BEFORE UPDATE ON version_files
    BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER version_files_no_delete BEFORE DELETE ON version_files
    BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER file_blobs_no_update BEFORE UPDATE ON file_blobs
    BEGIN SELECT RAISE(ABORT, 'file blobs are immutable'); END;
"#;

/// Sets the connection up. Journal and sync choices:
///
/// - WAL: readers (the server) never block the importer nor see half an
///   import, and a crash leaves at most an uncommitted tail in the WAL that
///   the next open discards.
/// - `synchronous = FULL`: the WAL is fsynced at every commit. A process
///   killed with `kill -9` loses nothing committed even with NORMAL (the
///   kernel still holds the written pages); FULL also keeps a committed
///   import across a power cut or OS crash, which NORMAL may roll back. An
///   import is one transaction, so this costs one fsync per import.
/// - foreign keys on: a version row cannot name a missing blob.
pub(crate) fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Corrupt {
            what: format!("cannot switch the database to WAL (journal mode stays {mode:?})"),
        });
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -32000;",
    )?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(())
}

/// Creates the schema in a fresh file, or checks and migrates an existing one.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found == 0 {
        let application: i64 = tx.query_row("PRAGMA application_id", [], |row| row.get(0))?;
        let tables: i64 =
            tx.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))?;
        if application != 0 || tables != 0 {
            return Err(StoreError::Corrupt {
                what: "the database file has tables but no interdict schema version".into(),
            });
        }
        tx.execute_batch(SCHEMA_V1)?;
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
        ))?;
    } else {
        let application: i64 = tx.query_row("PRAGMA application_id", [], |row| row.get(0))?;
        if application != APPLICATION_ID {
            return Err(StoreError::Corrupt {
                what: format!("not an interdict store (application id {application:#x})"),
            });
        }
    }
    tx.commit()?;
    Ok(())
}
