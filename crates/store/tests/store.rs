//! The store's behaviour, on entities built by hand.

// `&[x.clone()]` reads better in assertions than `slice::from_ref(&x)`.
#![allow(clippy::cloned_ref_to_slice_refs)]

mod common;

use common::{day, generated_list, ids, meta, person, with_files};
use interdict_model::{Entity, EntityId, Prop, SourceId};
use interdict_store::{
    AsOf, FieldChange, ImportOutcome, Interval, Listing, Store, StoreError, VersionInfo,
    VersionKind, VersionSelector, DB_FILE,
};

const SDN: SourceId = SourceId::OfacSdn;
const UN: SourceId = SourceId::UnSc;

fn added(outcome: ImportOutcome) -> VersionInfo {
    match outcome {
        ImportOutcome::Added(version) => version,
        ImportOutcome::Unchanged(version) => panic!("expected a new version, got {version:?}"),
    }
}

fn raw(store: &Store) -> rusqlite::Connection {
    rusqlite::Connection::open(store.path()).unwrap()
}

fn count(store: &Store, table: &str) -> i64 {
    raw(store)
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn seqs(versions: &[VersionInfo]) -> Vec<u32> {
    versions.iter().map(|v| v.seq).collect()
}

#[test]
fn import_reimport_and_list_versions() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    assert!(dir.path().join(DB_FILE).exists());
    let list = vec![
        person(SDN, "1", "ONE"),
        person(SDN, "2", "TWO"),
        person(SDN, "3", "THREE"),
    ];
    let sdn: &[u8] = b"1,\"ONE\",individual\n2,\"TWO\",individual\n3,\"THREE\",individual\n";
    let files = [("sdn.csv".to_string(), sdn)];
    let first = added(
        store
            .import_full(&with_files(SDN, "2024-05-02", "aaa", &files), &list)
            .unwrap(),
    );
    assert_eq!(
        (first.seq, first.entities, first.sha256.as_str()),
        (1, 3, "aaa")
    );
    assert_eq!(first.kind, VersionKind::Full);
    assert_eq!(first.published, day("2024-05-02"));
    let age = chrono::Utc::now() - first.imported_at;
    assert!(age.num_seconds() < 60 && age.num_seconds() >= 0, "{age}");

    // Same content hash: nothing added, the existing version is returned,
    // whatever entities come with it.
    let again = store
        .import_full(&meta(SDN, "2024-05-03", "aaa"), &list[..1])
        .unwrap();
    assert_eq!(again, ImportOutcome::Unchanged(first.clone()));
    assert_eq!(store.versions(None).unwrap(), [first.clone()]);
    assert_eq!(count(&store, "version_entities"), 3);

    // The same hash on another source is another publication.
    let un = added(
        store
            .import_full(
                &meta(UN, "2020-11-24", "aaa"),
                &[person(UN, "IRi.039", "Q")],
            )
            .unwrap(),
    );
    assert_eq!((un.seq, un.entities), (1, 1));
    // New content: seq 2; the two unchanged entities are not stored again.
    let mut changed = list.clone();
    changed[2].add(Prop::Alias, "3RD");
    let second = added(
        store
            .import_full(&with_files(SDN, "2024-05-03", "bbb", &files), &changed)
            .unwrap(),
    );
    assert_eq!((second.seq, second.entities), (2, 3));
    assert_eq!(count(&store, "entity_blobs"), 3 + 1 + 1);
    assert_eq!(count(&store, "version_entities"), 3 + 1 + 3);
    // The same file in two versions is stored once.
    assert_eq!(count(&store, "file_blobs"), 1);

    // All versions, by source (in SourceId order: ofac-sdn before un-sc).
    let all = store.versions(None).unwrap();
    assert_eq!(
        all.iter().map(|v| (v.source, v.seq)).collect::<Vec<_>>(),
        [(SDN, 1), (SDN, 2), (UN, 1)]
    );
    assert_eq!(store.versions(Some(UN)).unwrap(), [un]);

    // Reopened, everything is still there, files byte for byte.
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.versions(None).unwrap(), all);
    let kept = store.files(&second).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0].name.as_str(), kept[0].bytes.as_slice()),
        ("sdn.csv", sdn)
    );
    use sha2::Digest;
    assert_eq!(kept[0].sha256, hex::encode(sha2::Sha256::digest(sdn)));
    assert_eq!(store.report(&second).unwrap(), r#"{"records":0}"#);
    assert_eq!(store.entities(&second).unwrap(), changed);
    assert_eq!(store.entities(&first).unwrap(), list);
}

#[test]
fn large_files_are_compressed_and_come_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let text: Vec<u8> = (0..20_000)
        .flat_map(|i| format!("{i},\"NAME {i}\",individual,-0-\r\n").into_bytes())
        .collect();
    let gzip_magic: Vec<u8> = [&[0x1f, 0x8b][..], &[7u8; 500][..]].concat();
    let files = [
        ("sdn.csv".to_string(), text.as_slice()),
        ("list.csv.gz".to_string(), gzip_magic.as_slice()),
    ];
    let version = added(
        store
            .import_full(&with_files(SDN, "2024-01-01", "x", &files), &[])
            .unwrap(),
    );
    let stored: Vec<(String, i64, i64)> = raw(&store)
        .prepare("SELECT codec, size, length(bytes) FROM file_blobs ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored[0].0, "deflate");
    assert_eq!(stored[0].1, text.len() as i64);
    assert!(stored[0].2 * 4 < stored[0].1, "{stored:?}");
    assert_eq!(stored[1], ("none".to_string(), 502, 502));
    let back = store.files(&version).unwrap();
    assert_eq!(back[0].bytes, text);
    assert_eq!(back[1].bytes, gzip_magic);
    assert_eq!(back[1].name, "list.csv.gz");
}

#[test]
fn as_of_before_between_after_and_out_of_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(
        store.as_of(SDN, day("2020-01-01")).unwrap(),
        AsOf::NoVersions
    );
    let v = |store: &mut Store, published: &str, sha: &str| {
        added(
            store
                .import_full(&meta(SDN, published, sha), &[person(SDN, "1", sha)])
                .unwrap(),
        )
    };
    // Imported out of publication order.
    let june = v(&mut store, "2020-06-01", "june");
    let january = v(&mut store, "2020-01-01", "january");
    let next_year = v(&mut store, "2021-01-01", "next-year");
    assert_eq!((june.seq, january.seq, next_year.seq), (1, 2, 3));
    assert_eq!(seqs(&store.versions(Some(SDN)).unwrap()), [2, 1, 3]);

    let as_of = |date: &str| store.as_of(SDN, day(date)).unwrap();
    assert_eq!(
        as_of("2019-12-31"),
        AsOf::BeforeFirst {
            first: january.clone()
        }
    );
    assert_eq!(as_of("2020-01-01"), AsOf::InForce(january.clone()));
    assert_eq!(as_of("2020-05-31"), AsOf::InForce(january.clone()));
    assert_eq!(as_of("2020-06-01"), AsOf::InForce(june.clone()));
    assert_eq!(as_of("2020-12-31"), AsOf::InForce(june.clone()));
    assert_eq!(as_of("2030-01-01"), AsOf::InForce(next_year.clone()));
    assert_eq!(
        store.as_of(UN, day("2030-01-01")).unwrap(),
        AsOf::NoVersions
    );

    // Selectors.
    let select = |selector| store.version(SDN, &selector);
    assert_eq!(select(VersionSelector::Seq(1)).unwrap(), june);
    assert_eq!(select(VersionSelector::Latest).unwrap(), next_year);
    assert_eq!(
        select(VersionSelector::AsOf(day("2020-02-29"))).unwrap(),
        january
    );
    match select(VersionSelector::AsOf(day("2019-06-01"))) {
        Err(StoreError::BeforeFirstVersion { list, date, first }) => {
            assert_eq!(
                (list, date, first),
                (SDN, day("2019-06-01"), day("2020-01-01"))
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        select(VersionSelector::Seq(4)),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.version(UN, &VersionSelector::Latest),
        Err(StoreError::NotFound { .. })
    ));

    // Two versions published the same day: the later import is in force.
    let correction = v(&mut store, "2020-06-01", "june-corrected");
    assert_eq!(
        store.as_of(SDN, day("2020-06-15")).unwrap(),
        AsOf::InForce(correction.clone())
    );
    assert_eq!(seqs(&store.versions(Some(SDN)).unwrap()), [2, 1, 4, 3]);
    let bad = store.entity(&EntityId::new(SDN, "1"), &correction).unwrap();
    assert_eq!(bad.unwrap().first(Prop::Name), Some("june-corrected"));
}

#[test]
fn diff_added_removed_changed_with_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = person(SDN, "1", "ALPHA");
    let b = person(SDN, "2", "BRAVO");
    let c = person(SDN, "3", "CHARLIE");
    let d = person(SDN, "4", "DELTA");
    let mut b2 = b.clone();
    b2.props.insert(Prop::Name, vec!["BRAVO, Johnny".into()]);
    b2.add(Prop::Alias, "JB");
    let mut sanction = interdict_model::Sanction::new(SDN, "2");
    sanction.programs = vec!["SDGT".into()];
    b2.sanctions.push(sanction);
    let before = added(
        store
            .import_full(&meta(SDN, "2022-02-23", "v1"), &[a.clone(), b, c.clone()])
            .unwrap(),
    );
    let after = added(
        store
            .import_full(&meta(SDN, "2022-03-07", "v2"), &[d, c, b2])
            .unwrap(),
    );
    let diff = store.diff(&before, &after).unwrap();
    assert_eq!(diff.added, [EntityId::new(SDN, "4")]);
    assert_eq!(diff.removed, [EntityId::new(SDN, "1")]);
    assert_eq!(diff.changed.len(), 1);
    assert_eq!(diff.changed[0].id, EntityId::new(SDN, "2"));
    let change = |field: &str, before: &[&str], after: &[&str]| FieldChange {
        field: field.into(),
        before: before.iter().map(|s| s.to_string()).collect(),
        after: after.iter().map(|s| s.to_string()).collect(),
    };
    assert_eq!(
        diff.changed[0].fields,
        [
            change("alias", &[], &["JB"]),
            change("name", &["BRAVO"], &["BRAVO, Johnny"]),
            change(
                "sanctions",
                &[],
                &[
                    "ofac-sdn 2; programs: SDGT; authority: US Department of the Treasury, \
                   Office of Foreign Assets Control"
                ]
            ),
        ]
    );
    // Backwards, everything swaps.
    let back = store.diff(&after, &before).unwrap();
    assert_eq!(back.added, [EntityId::new(SDN, "1")]);
    assert_eq!(back.removed, [EntityId::new(SDN, "4")]);
    assert_eq!(
        back.changed[0].fields[1],
        change("name", &["BRAVO, Johnny"], &["BRAVO"])
    );
    assert!(store.diff(&after, &after).unwrap().is_empty());

    let un = added(
        store
            .import_full(&meta(UN, "2022-03-07", "v2"), &[person(UN, "1", "X")])
            .unwrap(),
    );
    assert!(matches!(
        store.diff(&before, &un),
        Err(StoreError::SourceMismatch { .. })
    ));
}

#[test]
fn history_listed_delisted_relisted() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let x = person(UN, "IRi.039", "Qasem Soleimani");
    let mut x2 = x.clone();
    x2.add(Prop::Alias, "Haj Qasem");
    let other = person(UN, "QDi.001", "Other");
    let id = x.id.clone();
    // Imported out of order on purpose: history follows publication dates.
    let relisted = vec![other.clone(), x2.clone()];
    let v4 = added(
        store
            .import_full(&meta(UN, "2023-01-01", "4"), &relisted)
            .unwrap(),
    );
    let v1 = added(
        store
            .import_full(&meta(UN, "2018-10-29", "1"), &[x.clone()])
            .unwrap(),
    );
    let v2 = added(
        store
            .import_full(&meta(UN, "2020-11-24", "2"), &[x2.clone(), other.clone()])
            .unwrap(),
    );
    let v3 = added(
        store
            .import_full(&meta(UN, "2021-06-01", "3"), &[other])
            .unwrap(),
    );

    let history = store.history(&id).unwrap();
    assert_eq!(history.id, id);
    let order: Vec<i64> = history.versions.iter().map(|e| e.version.id).collect();
    assert_eq!(order, [v1.id, v2.id, v3.id, v4.id]);
    let hashes: Vec<Option<&str>> = history.versions.iter().map(|e| e.hash.as_deref()).collect();
    assert!(hashes[0].is_some() && hashes[1].is_some() && hashes[3].is_some());
    assert_ne!(hashes[0], hashes[1], "alias added: new content");
    assert_eq!(hashes[2], None);
    assert_eq!(hashes[1], hashes[3], "relisted unchanged");
    assert_eq!(hashes[0].unwrap().len(), 64);
    assert_eq!(
        history.intervals,
        [
            Interval {
                from: day("2018-10-29"),
                until: Some(day("2021-06-01"))
            },
            Interval {
                from: day("2023-01-01"),
                until: None
            },
        ]
    );
    assert_eq!(history.listing_on(day("2018-10-28")), Listing::Unknown);
    assert_eq!(history.listing_on(day("2018-10-29")), Listing::Listed);
    assert_eq!(history.listing_on(day("2022-01-01")), Listing::NotListed);
    assert_eq!(history.listing_on(day("2024-01-01")), Listing::Listed);

    // Never listed: every version says no, no interval; before the first
    // version it is still unknown, not "not listed".
    let never = store.history(&EntityId::new(UN, "XXi.999")).unwrap();
    assert_eq!(never.versions.len(), 4);
    assert!(never.versions.iter().all(|e| e.hash.is_none()));
    assert!(never.intervals.is_empty());
    assert_eq!(never.listing_on(day("2018-01-01")), Listing::Unknown);
    assert_eq!(never.listing_on(day("2019-01-01")), Listing::NotListed);
    // A source with no versions: nothing is known.
    let none = store.history(&EntityId::new(SDN, "1")).unwrap();
    assert!(none.versions.is_empty() && none.intervals.is_empty());
    assert_eq!(none.listing_on(day("2024-01-01")), Listing::Unknown);
}

#[test]
fn delta_applies_to_the_version_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = person(SDN, "1", "ALPHA");
    let b = person(SDN, "2", "BRAVO");
    let c = person(SDN, "3", "CHARLIE");
    let d = person(SDN, "4", "DELTA");
    let e = person(SDN, "5", "ECHO");
    let mut b2 = b.clone();
    b2.add(Prop::Alias, "B2");

    // A delta before any full version applies to nothing.
    let orphan = added(
        store
            .import_delta(
                &meta(SDN, "2019-12-01", "d0"),
                &[e.clone()],
                &[a.id.clone()],
            )
            .unwrap(),
    );
    assert_eq!(orphan.kind, VersionKind::Delta { base: None });
    assert_eq!(store.entities(&orphan).unwrap(), [e.clone()]);

    let full = added(
        store
            .import_full(
                &meta(SDN, "2020-01-10", "full"),
                &[a.clone(), b.clone(), c.clone()],
            )
            .unwrap(),
    );
    // A later full list that the next delta must NOT apply to.
    let later = added(
        store
            .import_full(&meta(SDN, "2020-02-01", "later"), &[a.clone()])
            .unwrap(),
    );
    let missing = EntityId::new(SDN, "999");
    let delta = added(
        store
            .import_delta(
                &meta(SDN, "2020-01-15", "d1"),
                &[b2.clone(), d.clone()],
                &[a.id.clone(), missing],
            )
            .unwrap(),
    );
    assert_eq!(
        delta.kind,
        VersionKind::Delta {
            base: Some(full.id)
        }
    );
    assert_eq!(delta.entities, 3);
    let held = store.entities(&delta).unwrap();
    assert_eq!(held, [b2.clone(), c.clone(), d.clone()]);
    // A delta on a delta.
    let delta2 = added(
        store
            .import_delta(
                &meta(SDN, "2020-01-20", "d2"),
                &[e.clone()],
                &[c.id.clone()],
            )
            .unwrap(),
    );
    assert_eq!(
        delta2.kind,
        VersionKind::Delta {
            base: Some(delta.id)
        }
    );
    assert_eq!(
        ids(&store.entities(&delta2).unwrap()),
        ["ofac-sdn:2", "ofac-sdn:4", "ofac-sdn:5"]
    );
    let diff = store.diff(&full, &delta2).unwrap();
    assert_eq!(diff.removed, [a.id.clone(), c.id.clone()]);
    assert_eq!(diff.added, [d.id.clone(), e.id.clone()]);
    assert_eq!(diff.changed.len(), 1);
    // The later full list is untouched.
    assert_eq!(store.entities(&later).unwrap(), [a.clone()]);
    // Same delta again: unchanged.
    assert_eq!(
        store
            .import_delta(&meta(SDN, "2020-01-15", "d1"), &[], &[])
            .unwrap(),
        ImportOutcome::Unchanged(delta)
    );
    // An id both upserted and deleted is refused.
    let both = store.import_delta(
        &meta(SDN, "2020-01-16", "d3"),
        &[d.clone()],
        &[d.id.clone()],
    );
    assert!(matches!(both, Err(StoreError::Refused { .. })), "{both:?}");
}

#[test]
fn refused_imports_leave_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let good = vec![person(SDN, "1", "ONE"), person(SDN, "2", "TWO")];
    let first = added(
        store
            .import_full(&meta(SDN, "2024-01-01", "ok"), &good)
            .unwrap(),
    );
    let blobs = count(&store, "entity_blobs");

    let twice = vec![
        person(SDN, "1", "ONE"),
        person(SDN, "3", "X"),
        person(SDN, "1", "UNO"),
    ];
    let foreign = vec![person(SDN, "7", "SEVEN"), person(UN, "1", "UN ONE")];
    for (sha, list) in [("twice", &twice), ("foreign", &foreign), ("  ", &good)] {
        let result = store.import_full(&meta(SDN, "2024-02-01", sha), list);
        assert!(
            matches!(result, Err(StoreError::Refused { .. })),
            "{result:?}"
        );
    }
    let message = store
        .import_full(&meta(SDN, "2024-02-01", "twice"), &twice)
        .unwrap_err()
        .to_string();
    assert_eq!(message, "import refused: entity id ofac-sdn:1 occurs twice");
    assert_eq!(store.versions(None).unwrap(), [first.clone()]);
    assert_eq!(count(&store, "entity_blobs"), blobs);
    assert_eq!(store.entities(&first).unwrap(), good);
    // After a refusal the next good import works and takes the next seq.
    let second = added(
        store
            .import_full(&meta(SDN, "2024-02-01", "ok2"), &good[..1])
            .unwrap(),
    );
    assert_eq!(second.seq, 2);
}

#[test]
fn entities_round_trip_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut list = generated_list(SDN, 300, "-a");
    list.reverse(); // file order is not id order
    let version = added(
        store
            .import_full(&meta(SDN, "2024-01-01", "g"), &list)
            .unwrap(),
    );
    assert_eq!(store.entities(&version).unwrap(), list);
    let one = store.entity(&list[17].id, &version).unwrap();
    assert_eq!(one.as_ref(), Some(&list[17]));
    assert_eq!(one.unwrap().identifiers.len(), 1);
    assert_eq!(
        store.entity(&EntityId::new(SDN, "1"), &version).unwrap(),
        None
    );
    assert_eq!(
        store.entity(&EntityId::new(UN, "10000"), &version).unwrap(),
        None
    );
    let report = store.verify().unwrap();
    assert_eq!(
        (report.versions, report.rows, report.blobs, report.files),
        (1, 300, 300, 0)
    );
}

#[test]
fn fetch_state_is_kept_per_url() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let url = "https://example.org/sdn.csv";
    assert_eq!(store.fetch_state(url).unwrap(), None);
    store.set_fetch_state(url, Some("\"abc\""), None).unwrap();
    let state = store.fetch_state(url).unwrap().unwrap();
    assert_eq!(
        (state.etag.as_deref(), state.last_modified),
        (Some("\"abc\""), None)
    );
    store
        .set_fetch_state(url, None, Some("Tue, 02 Jan 2024 10:00:00 GMT"))
        .unwrap();
    let state = store.fetch_state(url).unwrap().unwrap();
    assert_eq!(state.etag, None);
    assert_eq!(
        state.last_modified.as_deref(),
        Some("Tue, 02 Jan 2024 10:00:00 GMT")
    );
    assert_eq!(
        store.fetch_state("https://example.org/other").unwrap(),
        None
    );
}

#[test]
fn two_handles_on_one_directory() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = Store::open(dir.path()).unwrap();
    let reader = Store::open(dir.path()).unwrap();
    assert!(reader.versions(None).unwrap().is_empty());
    let list = generated_list(SDN, 50, "");
    let version = added(
        writer
            .import_full(&meta(SDN, "2024-01-01", "a"), &list)
            .unwrap(),
    );
    assert_eq!(reader.versions(None).unwrap(), [version.clone()]);
    assert_eq!(reader.entities(&version).unwrap(), list);
    // Both handles import in turn; the second sees the first's seq.
    let mut other = Store::open(dir.path()).unwrap();
    let v2 = added(
        other
            .import_full(&meta(SDN, "2024-01-02", "b"), &list[..1])
            .unwrap(),
    );
    let v3 = added(
        writer
            .import_full(&meta(SDN, "2024-01-03", "c"), &list[..2])
            .unwrap(),
    );
    assert_eq!((v2.seq, v3.seq), (2, 3));
}

#[test]
fn an_import_waits_for_another_writer() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // Another process holds the write lock for a while.
    let holder = raw(&store);
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        holder.execute_batch("COMMIT").unwrap();
    });
    let started = std::time::Instant::now();
    let version = added(
        store
            .import_full(&meta(SDN, "2024-01-01", "a"), &[person(SDN, "1", "ONE")])
            .unwrap(),
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(250));
    assert_eq!(version.seq, 1);
    release.join().unwrap();
}

#[test]
fn versions_cannot_be_altered_and_damage_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let list = vec![person(SDN, "1", "ONE"), person(SDN, "2", "TWO")];
    let version = added(
        store
            .import_full(&meta(SDN, "2024-01-01", "a"), &list)
            .unwrap(),
    );
    let conn = raw(&store);
    for statement in [
        "UPDATE versions SET published = '2000-01-01'",
        "DELETE FROM versions",
        "DELETE FROM version_entities",
        "UPDATE entity_blobs SET body = x'00'",
    ] {
        let error = conn.execute(statement, []).unwrap_err().to_string();
        assert!(error.contains("immutable"), "{statement}: {error}");
    }
    assert_eq!(store.entities(&version).unwrap(), list);

    // Damage below the triggers (as a disk fault would): detected, not
    // silently returned.
    conn.execute_batch(
        "DROP TRIGGER entity_blobs_no_update;
         UPDATE entity_blobs SET body = CAST('{\"v\":1,\"id\":\"ofac-sdn:1\",\"sch' AS BLOB)
         WHERE id = (SELECT min(id) FROM entity_blobs);",
    )
    .unwrap();
    assert!(matches!(
        store.entities(&version),
        Err(StoreError::Corrupt { .. })
    ));
    let error = store.verify().unwrap_err().to_string();
    assert!(error.contains("hash mismatch"), "{error}");
}

#[test]
fn refuses_newer_schemas_and_foreign_databases() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let path = dir.path().join(DB_FILE);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    match Store::open(dir.path()) {
        Err(StoreError::NewerSchema { found, supported }) => {
            assert_eq!((found, supported), (99, 1))
        }
        other => panic!("{other:?}"),
    }

    let other = tempfile::tempdir().unwrap();
    rusqlite::Connection::open(other.path().join(DB_FILE))
        .unwrap()
        .execute_batch("CREATE TABLE notes (text TEXT)")
        .unwrap();
    assert!(matches!(
        Store::open(other.path()),
        Err(StoreError::Corrupt { .. })
    ));

    let garbage = tempfile::tempdir().unwrap();
    std::fs::write(garbage.path().join(DB_FILE), vec![b'x'; 4096]).unwrap();
    assert!(matches!(
        Store::open(garbage.path()),
        Err(StoreError::Sqlite(_))
    ));
}

#[test]
fn unchanged_entities_cost_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = generated_list(SDN, 1000, "-a");
    let b = generated_list(SDN, 1000, "-b");
    let va = added(
        store
            .import_full(&meta(SDN, "2024-01-01", "a"), &a)
            .unwrap(),
    );
    let vb = added(
        store
            .import_full(&meta(SDN, "2024-01-02", "b"), &b)
            .unwrap(),
    );
    // Even entries are the same in both lists, odd ones differ.
    assert_eq!(count(&store, "entity_blobs"), 1000 + 500);
    let diff = store.diff(&va, &vb).unwrap();
    assert!(diff.added.is_empty() && diff.removed.is_empty());
    assert_eq!(diff.changed.len(), 500);
    let first: &Entity = &b[1];
    assert_eq!(diff.changed[0].id, first.id);
    assert_eq!(diff.changed[0].fields[0].field, "name");
    assert_eq!(diff.changed[0].fields[0].before, ["SOLEIMANI, Ali 1-a"]);
    assert_eq!(diff.changed[0].fields[0].after, ["SOLEIMANI, Ali 1-b"]);
}
