//! The store itself: imports as single transactions, and the read side
//! (versions, as-of, entities, diff, history) over the SQLite tables of
//! [`crate::sql`].

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use interdict_model::{Entity, EntityId, SourceId};
use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::diff::{compare, Diff, EntityChange};
use crate::history::{History, HistoryEntry};
use crate::{
    dto, sql, AsOf, FetchState, ImportOutcome, NewVersion, StoreError, StoredFile, VerifyReport,
    VersionInfo, VersionKind, VersionSelector,
};

/// The file name of the database inside the data directory.
pub const DB_FILE: &str = "interdict.db";

/// A handle on the versioned store in one data directory.
///
/// Several handles, in one process or several, may use the same directory:
/// SQLite's locking serialises imports (a second importer waits for the first
/// up to the busy timeout, one minute), and readers see only committed
/// versions. A handle is `Send` but not `Sync`: a server opens one per
/// thread (opening is cheap) or guards one with a mutex.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

const VERSION_COLUMNS: &str =
    "v.id, v.source, v.seq, v.published, v.imported_at, v.entities, v.sha256, v.format, v.kind, v.base";

/// A `versions` row as stored, before its texts are checked.
struct RawVersion {
    id: i64,
    source: String,
    seq: i64,
    published: String,
    imported_at: String,
    entities: i64,
    sha256: String,
    format: String,
    kind: String,
    base: Option<i64>,
}

impl RawVersion {
    /// Reads the [`VERSION_COLUMNS`], which come first in the row.
    fn read(row: &Row<'_>) -> rusqlite::Result<RawVersion> {
        Ok(RawVersion {
            id: row.get(0)?,
            source: row.get(1)?,
            seq: row.get(2)?,
            published: row.get(3)?,
            imported_at: row.get(4)?,
            entities: row.get(5)?,
            sha256: row.get(6)?,
            format: row.get(7)?,
            kind: row.get(8)?,
            base: row.get(9)?,
        })
    }

    fn check(self) -> Result<VersionInfo, StoreError> {
        let corrupt = |what: String| StoreError::Corrupt {
            what: format!("version {}: {what}", self.id),
        };
        let source: SourceId = self.source.parse().map_err(|e| corrupt(format!("{e}")))?;
        let published = NaiveDate::parse_from_str(&self.published, "%Y-%m-%d")
            .map_err(|e| corrupt(format!("published {:?}: {e}", self.published)))?;
        let imported_at = DateTime::parse_from_rfc3339(&self.imported_at)
            .map_err(|e| corrupt(format!("imported_at {:?}: {e}", self.imported_at)))?
            .with_timezone(&Utc);
        let kind = match self.kind.as_str() {
            "full" => VersionKind::Full,
            "delta" => VersionKind::Delta { base: self.base },
            other => return Err(corrupt(format!("kind {other:?}"))),
        };
        Ok(VersionInfo {
            id: self.id,
            source,
            seq: u32::try_from(self.seq).map_err(|_| corrupt(format!("seq {}", self.seq)))?,
            published,
            imported_at,
            entities: usize::try_from(self.entities)
                .map_err(|_| corrupt(format!("entities {}", self.entities)))?,
            sha256: self.sha256,
            format: self.format,
            kind,
        })
    }
}

fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Codec of a stored file: files that are already compressed are kept as they
/// are; others are deflated at the fastest level (import speed matters more
/// than the last percent of disk).
fn pack(bytes: &[u8]) -> (&'static str, Vec<u8>) {
    const COMPRESSED: [&[u8]; 6] = [
        b"\x1f\x8b",           // gzip
        b"PK\x03\x04",         // zip, xlsx, ods
        b"\x28\xb5\x2f\xfd",   // zstd
        b"BZh",                // bzip2
        b"\xfd7zXZ\x00",       // xz
        b"7z\xbc\xaf\x27\x1c", // 7z
    ];
    if bytes.len() < 64 || COMPRESSED.iter().any(|magic| bytes.starts_with(magic)) {
        return ("none", bytes.to_vec());
    }
    let mut encoder = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::fast(),
    );
    encoder.write_all(bytes).expect("writing to a Vec");
    let packed = encoder.finish().expect("writing to a Vec");
    if packed.len() < bytes.len() {
        ("deflate", packed)
    } else {
        ("none", bytes.to_vec())
    }
}

fn unpack(codec: &str, stored: Vec<u8>, size: usize) -> Result<Vec<u8>, String> {
    match codec {
        "none" => Ok(stored),
        "deflate" => {
            let mut out = Vec::with_capacity(size);
            flate2::read::DeflateDecoder::new(stored.as_slice())
                .read_to_end(&mut out)
                .map_err(|e| format!("inflate: {e}"))?;
            Ok(out)
        }
        other => Err(format!("unknown codec {other:?}")),
    }
}

/// Writes entity bodies into `entity_blobs`, once per content.
struct BlobWriter<'c> {
    find: rusqlite::CachedStatement<'c>,
    insert: rusqlite::CachedStatement<'c>,
    /// Content addresses already known to be stored, so that the common case
    /// (an entity unchanged since the last version) costs no query.
    known: HashMap<[u8; 32], i64>,
    body: Vec<u8>,
}

impl<'c> BlobWriter<'c> {
    /// A writer that knows the blobs of the latest imported version of
    /// `preload`, the likeliest to share content with a new full version (a
    /// delta touches too few entities for the preload to pay).
    fn new(conn: &'c Connection, preload: Option<SourceId>) -> Result<BlobWriter<'c>, StoreError> {
        let mut known = HashMap::new();
        if let Some(source) = preload {
            Self::preload(conn, source, &mut known)?;
        }
        Ok(BlobWriter {
            find: conn.prepare_cached("SELECT id FROM entity_blobs WHERE hash = ?1")?,
            insert: conn.prepare_cached(
                "INSERT INTO entity_blobs (hash, body) VALUES (?1, ?2) \
                 ON CONFLICT (hash) DO NOTHING RETURNING id",
            )?,
            known,
            body: Vec::with_capacity(4096),
        })
    }

    fn preload(
        conn: &Connection,
        source: SourceId,
        known: &mut HashMap<[u8; 32], i64>,
    ) -> Result<(), StoreError> {
        let mut statement = conn.prepare_cached(
            "SELECT b.hash, b.id FROM version_entities ve JOIN entity_blobs b ON b.id = ve.blob \
             WHERE ve.version = (SELECT id FROM versions WHERE source = ?1 ORDER BY seq DESC LIMIT 1)",
        )?;
        let mut rows = statement.query([source.as_str()])?;
        while let Some(row) = rows.next()? {
            let hash = row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
            if let Ok(hash) = <[u8; 32]>::try_from(hash) {
                known.insert(hash, row.get(1)?);
            }
        }
        Ok(())
    }

    /// The blob id of `entity`'s content, inserting it if new.
    fn put(&mut self, entity: &Entity) -> Result<i64, StoreError> {
        self.body.clear();
        dto::encode(entity, &mut self.body);
        let hash: [u8; 32] = Sha256::digest(&self.body).into();
        if let Some(&id) = self.known.get(&hash) {
            return Ok(id);
        }
        let inserted: Option<i64> = self
            .insert
            .query_row(params![&hash[..], &self.body[..]], |row| row.get(0))
            .optional()?;
        let id = match inserted {
            Some(id) => id,
            // Stored by an older version.
            None => self.find.query_row([&hash[..]], |row| row.get(0))?,
        };
        self.known.insert(hash, id);
        Ok(id)
    }
}

/// Refuses what no import may hold: an empty hash, entities of another
/// source, an id twice.
fn check_entities<'e>(
    new: &NewVersion<'_>,
    entities: impl IntoIterator<Item = &'e EntityId>,
) -> Result<(), StoreError> {
    if new.sha256.trim().is_empty() {
        return Err(StoreError::Refused {
            reason: "empty content hash".into(),
        });
    }
    let mut seen = HashSet::new();
    for id in entities {
        if id.source() != new.source {
            return Err(StoreError::Refused {
                reason: format!("entity {id} does not belong to source {}", new.source),
            });
        }
        if !seen.insert(id.as_str()) {
            return Err(StoreError::Refused {
                reason: format!("entity id {id} occurs twice"),
            });
        }
    }
    Ok(())
}

impl Store {
    /// Opens the store in `dir`, creating the directory, the database and its
    /// schema if needed. Refuses a database written by a newer schema.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|error| StoreError::Io {
            path: dir.to_path_buf(),
            error,
        })?;
        let path = dir.join(DB_FILE);
        let mut conn = Connection::open(&path)?;
        sql::configure(&conn)?;
        sql::migrate(&mut conn)?;
        Ok(Store { conn, path })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Imports a complete list as a new version of `new.source`, in one
    /// transaction. Returns [`ImportOutcome::Unchanged`] without writing if the
    /// source already has a version with the same content hash.
    ///
    /// Refused before anything is written: an empty hash, an entity of
    /// another source, an entity id twice.
    pub fn import_full(
        &mut self,
        new: &NewVersion<'_>,
        entities: &[Entity],
    ) -> Result<ImportOutcome, StoreError> {
        check_entities(new, entities.iter().map(|entity| &entity.id))?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(existing) = find_by_sha(&tx, new.source, new.sha256)? {
            return Ok(ImportOutcome::Unchanged(existing));
        }
        let version = insert_version(&tx, new, VersionKind::Full, entities.len())?;
        {
            let mut blobs = BlobWriter::new(&tx, Some(new.source))?;
            let mut rows = Vec::with_capacity(entities.len());
            for (ord, entity) in entities.iter().enumerate() {
                rows.push((entity.id.as_str(), ord, blobs.put(entity)?));
            }
            insert_members(&tx, version.id, rows)?;
            insert_files(&tx, version.id, new.files)?;
        }
        tx.commit()?;
        Ok(ImportOutcome::Added(version))
    }

    /// Imports a delta: the new version holds the entities of the latest
    /// version of the source published on or before `new.published` (none if
    /// there is no such version), with `upserts` replacing the entities of the
    /// same id (in place) or added at the end, and `deletions` removed.
    /// Deleting an id the base does not hold is a no-op. An id both upserted
    /// and deleted is refused, as is anything [`Store::import_full`] refuses.
    pub fn import_delta(
        &mut self,
        new: &NewVersion<'_>,
        upserts: &[Entity],
        deletions: &[EntityId],
    ) -> Result<ImportOutcome, StoreError> {
        check_entities(new, upserts.iter().map(|entity| &entity.id))?;
        check_entities(new, deletions)?;
        let upserted: HashSet<&str> = upserts.iter().map(|e| e.id.as_str()).collect();
        if let Some(id) = deletions.iter().find(|id| upserted.contains(id.as_str())) {
            return Err(StoreError::Refused {
                reason: format!("entity {id} is both upserted and deleted"),
            });
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(existing) = find_by_sha(&tx, new.source, new.sha256)? {
            return Ok(ImportOutcome::Unchanged(existing));
        }
        let base = in_force(&tx, new.source, new.published)?;
        // The base's membership as (id, blob) in file order: a delta never
        // needs to decode the entities it does not touch.
        let mut rows: Vec<Option<(String, i64)>> = match &base {
            None => Vec::new(),
            Some(base) => {
                let mut rows = membership(&tx, base.id)?;
                rows.sort_by_key(|row| row.ord);
                rows.into_iter()
                    .map(|r| Some((r.entity_id, r.blob)))
                    .collect()
            }
        };
        let mut position: HashMap<String, usize> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, row)| row.as_ref().map(|(id, _)| (id.clone(), i)))
            .collect();
        {
            let mut blobs = BlobWriter::new(&tx, None)?;
            for entity in upserts {
                let blob = blobs.put(entity)?;
                match position.get(entity.id.as_str()) {
                    Some(&at) => rows[at] = Some((entity.id.as_str().to_string(), blob)),
                    None => {
                        position.insert(entity.id.as_str().to_string(), rows.len());
                        rows.push(Some((entity.id.as_str().to_string(), blob)));
                    }
                }
            }
        }
        for id in deletions {
            if let Some(&at) = position.get(id.as_str()) {
                rows[at] = None;
            }
        }
        let rows: Vec<(String, i64)> = rows.into_iter().flatten().collect();
        let kind = VersionKind::Delta {
            base: base.as_ref().map(|b| b.id),
        };
        let version = insert_version(&tx, new, kind, rows.len())?;
        let rows = rows
            .iter()
            .enumerate()
            .map(|(ord, (id, blob))| (id.as_str(), ord, *blob))
            .collect();
        insert_members(&tx, version.id, rows)?;
        insert_files(&tx, version.id, new.files)?;
        tx.commit()?;
        Ok(ImportOutcome::Added(version))
    }

    /// Every version held, of one source or of all, ordered by source, then
    /// publication date, then sequence.
    pub fn versions(&self, source: Option<SourceId>) -> Result<Vec<VersionInfo>, StoreError> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {VERSION_COLUMNS} FROM versions v \
             WHERE ?1 IS NULL OR v.source = ?1 ORDER BY v.published, v.seq"
        ))?;
        let raw = statement
            .query_map([source.map(SourceId::as_str)], RawVersion::read)?
            .collect::<Result<Vec<_>, _>>()?;
        let mut versions = raw
            .into_iter()
            .map(RawVersion::check)
            .collect::<Result<Vec<_>, _>>()?;
        versions.sort_by_key(|v| (v.source, v.published, v.seq));
        Ok(versions)
    }

    /// One version of `source`, by sequence number, by date (the version in
    /// force then, see [`Store::as_of`]) or the latest.
    ///
    /// A date before the first version held is
    /// [`StoreError::BeforeFirstVersion`], never an empty version.
    pub fn version(
        &self,
        source: SourceId,
        selector: &VersionSelector,
    ) -> Result<VersionInfo, StoreError> {
        let not_found = |what: String| StoreError::NotFound { what };
        match *selector {
            VersionSelector::Seq(seq) => one_version(
                &self.conn,
                "v.source = ?1 AND v.seq = ?2",
                params![source.as_str(), seq],
            )?
            .ok_or_else(|| not_found(format!("version {seq} of {source}"))),
            VersionSelector::Latest => one_version(
                &self.conn,
                "v.source = ?1 ORDER BY v.published DESC, v.seq DESC LIMIT 1",
                params![source.as_str()],
            )?
            .ok_or_else(|| not_found(format!("any version of {source}"))),
            VersionSelector::AsOf(date) => match self.as_of(source, date)? {
                AsOf::InForce(version) => Ok(version),
                AsOf::BeforeFirst { first } => Err(StoreError::BeforeFirstVersion {
                    list: source,
                    date,
                    first: first.published,
                }),
                AsOf::NoVersions => Err(not_found(format!("any version of {source}"))),
            },
        }
    }

    /// The version of `source` in force on `date`: the latest published on or
    /// before it (the last imported, among several published the same day).
    pub fn as_of(&self, source: SourceId, date: NaiveDate) -> Result<AsOf, StoreError> {
        if let Some(version) = in_force(&self.conn, source, date)? {
            return Ok(AsOf::InForce(version));
        }
        let first = one_version(
            &self.conn,
            "v.source = ?1 ORDER BY v.published, v.seq LIMIT 1",
            params![source.as_str()],
        )?;
        Ok(match first {
            Some(first) => AsOf::BeforeFirst { first },
            None => AsOf::NoVersions,
        })
    }

    /// The entity `id` as `version` holds it, or `None` if it does not.
    pub fn entity(
        &self,
        id: &EntityId,
        version: &VersionInfo,
    ) -> Result<Option<Entity>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT b.body FROM version_entities ve JOIN entity_blobs b ON b.id = ve.blob \
             WHERE ve.version = ?1 AND ve.entity_id = ?2",
        )?;
        let body: Option<Vec<u8>> = statement
            .query_row(params![version.id, id.as_str()], |row| row.get(0))
            .optional()?;
        body.map(|body| decode_checked(&body, id.as_str(), version))
            .transpose()
    }

    /// The ids of the entities `version` holds, without decoding them.
    pub fn entity_ids(&self, version: &VersionInfo) -> Result<Vec<EntityId>, StoreError> {
        let mut rows = membership(&self.conn, version.id)?;
        rows.sort_unstable_by_key(|row| row.ord);
        rows.iter().map(|row| parse_id(&row.entity_id)).collect()
    }

    /// Every entity `version` holds, in the order of the imported file.
    pub fn entities(&self, version: &VersionInfo) -> Result<Vec<Entity>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT ve.ord, ve.entity_id, b.body FROM version_entities ve \
             JOIN entity_blobs b ON b.id = ve.blob WHERE ve.version = ?1",
        )?;
        let mut rows = statement.query([version.id])?;
        let mut out: Vec<(i64, Entity)> = Vec::with_capacity(version.entities);
        while let Some(row) = rows.next()? {
            let ord: i64 = row.get(0)?;
            let id = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            let body = row.get_ref(2)?.as_blob().map_err(rusqlite::Error::from)?;
            out.push((ord, decode_checked(body, id, version)?));
        }
        if out.len() != version.entities {
            return Err(StoreError::Corrupt {
                what: format!(
                    "version {} records {} entities but holds {}",
                    version.id,
                    version.entities,
                    out.len()
                ),
            });
        }
        out.sort_unstable_by_key(|(ord, _)| *ord);
        Ok(out.into_iter().map(|(_, entity)| entity).collect())
    }

    /// What changed from `from` to `to` (two versions of one source, in
    /// either order): ids added, removed, and changed field by field.
    pub fn diff(&self, from: &VersionInfo, to: &VersionInfo) -> Result<Diff, StoreError> {
        if from.source != to.source {
            return Err(StoreError::SourceMismatch {
                first: from.source,
                second: to.source,
            });
        }
        let mut before = membership(&self.conn, from.id)?;
        let mut after = membership(&self.conn, to.id)?;
        before.sort_by_key(|row| row.ord);
        after.sort_by_key(|row| row.ord);
        let before_blobs: HashMap<&str, i64> = before
            .iter()
            .map(|r| (r.entity_id.as_str(), r.blob))
            .collect();
        let after_ids: HashSet<&str> = after.iter().map(|r| r.entity_id.as_str()).collect();
        let mut diff = Diff::default();
        for row in &after {
            let id = || parse_id(&row.entity_id);
            match before_blobs.get(row.entity_id.as_str()) {
                None => diff.added.push(id()?),
                // Same content address, same content.
                Some(&blob) if blob == row.blob => {}
                Some(&blob) => {
                    let old = self.blob_entity(blob, &row.entity_id, from)?;
                    let new = self.blob_entity(row.blob, &row.entity_id, to)?;
                    let fields = compare(&old, &new);
                    if !fields.is_empty() {
                        diff.changed.push(EntityChange { id: id()?, fields });
                    }
                }
            }
        }
        for row in &before {
            if !after_ids.contains(row.entity_id.as_str()) {
                diff.removed.push(parse_id(&row.entity_id)?);
            }
        }
        Ok(diff)
    }

    /// The history of `id` over every version held of its source.
    pub fn history(&self, id: &EntityId) -> Result<History, StoreError> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {VERSION_COLUMNS}, b.hash FROM versions v \
             LEFT JOIN version_entities ve ON ve.version = v.id AND ve.entity_id = ?2 \
             LEFT JOIN entity_blobs b ON b.id = ve.blob \
             WHERE v.source = ?1"
        ))?;
        let raw = statement
            .query_map(params![id.source().as_str(), id.as_str()], |row| {
                Ok((RawVersion::read(row)?, row.get::<_, Option<Vec<u8>>>(10)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let entries = raw
            .into_iter()
            .map(|(version, hash)| {
                Ok(HistoryEntry {
                    version: version.check()?,
                    hash: hash.map(hex::encode),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(History::new(id.clone(), entries))
    }

    /// The published files of `version`, byte for byte as imported (each
    /// checked against its SHA-256).
    pub fn files(&self, version: &VersionInfo) -> Result<Vec<StoredFile>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT vf.name, f.sha256, f.size, f.codec, f.bytes FROM version_files vf \
             JOIN file_blobs f ON f.id = vf.file WHERE vf.version = ?1 ORDER BY vf.ord",
        )?;
        let rows = statement
            .query_map([version.id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Vec<u8>>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Vec<u8>>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(name, sha, size, codec, stored)| {
                let bytes = unpack(&codec, stored, size.max(0) as usize)
                    .and_then(|bytes| {
                        if bytes.len() as i64 == size && Sha256::digest(&bytes)[..] == sha[..] {
                            Ok(bytes)
                        } else {
                            Err("size or SHA-256 mismatch".into())
                        }
                    })
                    .map_err(|what| StoreError::Corrupt {
                        what: format!("file {name:?} of version {}: {what}", version.id),
                    })?;
                Ok(StoredFile {
                    name,
                    sha256: hex::encode(sha),
                    bytes,
                })
            })
            .collect()
    }

    /// The import report stored with `version`, as the JSON text it was given.
    pub fn report(&self, version: &VersionInfo) -> Result<String, StoreError> {
        self.conn
            .query_row(
                "SELECT report FROM versions WHERE id = ?1",
                [version.id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: format!("version {}", version.id),
            })
    }

    /// The downloader's last conditional-request state for `url`, if any.
    pub fn fetch_state(&self, url: &str) -> Result<Option<FetchState>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT etag, last_modified, updated_at FROM fetch_state WHERE url = ?1",
                [url],
                |row| {
                    Ok((
                        row.get::<_, Option<String>>(0)?,
                        row.get::<_, Option<String>>(1)?,
                        row.get::<_, String>(2)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(etag, last_modified, updated_at)| {
            let updated_at = DateTime::parse_from_rfc3339(&updated_at)
                .map_err(|e| StoreError::Corrupt {
                    what: format!("fetch state of {url}: {e}"),
                })?
                .with_timezone(&Utc);
            Ok(FetchState {
                etag,
                last_modified,
                updated_at,
            })
        })
        .transpose()
    }

    /// Records the `ETag` and `Last-Modified` the server sent for `url`,
    /// replacing what was recorded before.
    pub fn set_fetch_state(
        &self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO fetch_state (url, etag, last_modified, updated_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, \
             last_modified = excluded.last_modified, updated_at = excluded.updated_at",
            params![url, etag, last_modified, now_text()],
        )?;
        Ok(())
    }

    /// Checks the whole store: SQLite's own integrity and foreign-key checks,
    /// every version's recorded count against its rows, every entity body
    /// (decoded, re-hashed, its id against the rows naming it), and every
    /// stored file. Returns what it checked, or the first fault as
    /// [`StoreError::Corrupt`].
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        let corrupt = |what: String| StoreError::Corrupt { what };
        let integrity: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        if integrity != ["ok"] {
            return Err(corrupt(format!(
                "integrity check: {}",
                integrity.join("; ")
            )));
        }
        let dangling: i64 =
            self.conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
                    row.get(0)
                })?;
        if dangling != 0 {
            return Err(corrupt(format!("{dangling} rows name a missing row")));
        }
        let mut report = VerifyReport::default();
        let versions = self.versions(None)?;
        let mut count = self
            .conn
            .prepare("SELECT count(*) FROM version_entities WHERE version = ?1")?;
        for version in &versions {
            let rows: i64 = count.query_row([version.id], |row| row.get(0))?;
            if rows as usize != version.entities {
                return Err(corrupt(format!(
                    "version {} records {} entities but holds {rows}",
                    version.id, version.entities
                )));
            }
            report.rows += rows as usize;
        }
        report.versions = versions.len();
        let mut ids: HashMap<i64, String> = HashMap::new();
        let mut blobs = self
            .conn
            .prepare("SELECT id, hash, body FROM entity_blobs")?;
        let mut rows = blobs.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let hash = row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
            let body = row.get_ref(2)?.as_blob().map_err(rusqlite::Error::from)?;
            if Sha256::digest(body)[..] != hash[..] {
                return Err(corrupt(format!("entity blob {id}: hash mismatch")));
            }
            let entity =
                dto::decode(body).map_err(|e| corrupt(format!("entity blob {id}: {e}")))?;
            ids.insert(id, entity.id.as_str().to_string());
        }
        report.blobs = ids.len();
        let mut members = self
            .conn
            .prepare("SELECT version, entity_id, blob FROM version_entities")?;
        let mut rows = members.query([])?;
        while let Some(row) = rows.next()? {
            let blob: i64 = row.get(2)?;
            let named = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            if ids.get(&blob).map(String::as_str) != Some(named) {
                let version: i64 = row.get(0)?;
                return Err(corrupt(format!(
                    "version {version} names {named} but its blob {blob} is another entity"
                )));
            }
        }
        for version in &versions {
            report.files += self.files(version)?.len();
        }
        Ok(report)
    }

    fn blob_entity(
        &self,
        blob: i64,
        id: &str,
        version: &VersionInfo,
    ) -> Result<Entity, StoreError> {
        let body: Vec<u8> = self.conn.query_row(
            "SELECT body FROM entity_blobs WHERE id = ?1",
            [blob],
            |row| row.get(0),
        )?;
        decode_checked(&body, id, version)
    }
}

fn parse_id(text: &str) -> Result<EntityId, StoreError> {
    EntityId::parse(text).ok_or_else(|| StoreError::Corrupt {
        what: format!("bad entity id {text:?} in a version"),
    })
}

/// Decodes a body and checks it is the entity the row names.
fn decode_checked(body: &[u8], id: &str, version: &VersionInfo) -> Result<Entity, StoreError> {
    let corrupt = |what: String| StoreError::Corrupt {
        what: format!("entity {id} in version {}: {what}", version.id),
    };
    let entity = dto::decode(body).map_err(corrupt)?;
    if entity.id.as_str() != id {
        return Err(corrupt(format!("the body is entity {}", entity.id)));
    }
    Ok(entity)
}

/// One row of `version_entities`.
struct Member {
    entity_id: String,
    ord: i64,
    blob: i64,
}

fn membership(conn: &Connection, version: i64) -> Result<Vec<Member>, StoreError> {
    let mut statement = conn
        .prepare_cached("SELECT entity_id, ord, blob FROM version_entities WHERE version = ?1")?;
    let rows = statement
        .query_map([version], |row| {
            Ok(Member {
                entity_id: row.get(0)?,
                ord: row.get(1)?,
                blob: row.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn one_version(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
) -> Result<Option<VersionInfo>, StoreError> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {VERSION_COLUMNS} FROM versions v WHERE {condition}"
    ))?;
    statement
        .query_row(params, RawVersion::read)
        .optional()?
        .map(RawVersion::check)
        .transpose()
}

fn find_by_sha(
    conn: &Connection,
    source: SourceId,
    sha256: &str,
) -> Result<Option<VersionInfo>, StoreError> {
    one_version(
        conn,
        "v.source = ?1 AND v.sha256 = ?2",
        params![source.as_str(), sha256],
    )
}

fn in_force(
    conn: &Connection,
    source: SourceId,
    date: NaiveDate,
) -> Result<Option<VersionInfo>, StoreError> {
    one_version(
        conn,
        "v.source = ?1 AND v.published <= ?2 ORDER BY v.published DESC, v.seq DESC LIMIT 1",
        params![source.as_str(), date_text(date)],
    )
}

fn insert_version(
    conn: &Connection,
    new: &NewVersion<'_>,
    kind: VersionKind,
    entities: usize,
) -> Result<VersionInfo, StoreError> {
    let seq: i64 = conn.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM versions WHERE source = ?1",
        [new.source.as_str()],
        |row| row.get(0),
    )?;
    let (kind_text, base) = match kind {
        VersionKind::Full => ("full", None),
        VersionKind::Delta { base } => ("delta", base),
    };
    let imported_at = now_text();
    conn.execute(
        "INSERT INTO versions (source, seq, published, imported_at, sha256, format, kind, base, entities, report) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            new.source.as_str(),
            seq,
            date_text(new.published),
            imported_at,
            new.sha256,
            new.format,
            kind_text,
            base,
            entities as i64,
            new.report,
        ],
    )?;
    let id = conn.last_insert_rowid();
    one_version(conn, "v.id = ?1", [id])?.ok_or_else(|| StoreError::Corrupt {
        what: format!("version {id} vanished while being written"),
    })
}

/// Writes the rows of a version: (entity id, place in the file, blob).
fn insert_members(
    conn: &Connection,
    version: i64,
    mut rows: Vec<(&str, usize, i64)>,
) -> Result<(), StoreError> {
    // In key order, every row is an append to the table's B-tree: full pages
    // and fewer pages written than in file order.
    rows.sort_unstable_by_key(|(id, _, _)| *id);
    let mut insert = conn.prepare_cached(
        "INSERT INTO version_entities (version, entity_id, ord, blob) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (id, ord, blob) in rows {
        insert.execute(params![version, id, ord as i64, blob])?;
    }
    Ok(())
}

fn insert_files(
    conn: &Connection,
    version: i64,
    files: &[(String, &[u8])],
) -> Result<(), StoreError> {
    let mut find = conn.prepare_cached("SELECT id FROM file_blobs WHERE sha256 = ?1")?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO file_blobs (sha256, size, codec, bytes) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut link = conn.prepare_cached(
        "INSERT INTO version_files (version, ord, name, file) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (ord, (name, bytes)) in files.iter().enumerate() {
        let sha = Sha256::digest(bytes);
        let existing: Option<i64> = find.query_row([&sha[..]], |row| row.get(0)).optional()?;
        let file = match existing {
            Some(file) => file,
            None => {
                let (codec, stored) = pack(bytes);
                insert.insert(params![&sha[..], bytes.len() as i64, codec, stored])?
            }
        };
        link.execute(params![version, ord as i64, name, file])?;
    }
    Ok(())
}
