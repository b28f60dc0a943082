//! The key store through its public API: create, authenticate, revoke, list;
//! only the secret's hash is stored; a key never created never authenticates.

use interdict_keys::{KeyError, KeyStore, Role};
use proptest::prelude::*;
use rusqlite::Connection;

#[test]
fn create_authenticate_revoke() {
    let dir = tempfile::tempdir().unwrap();
    let store = KeyStore::open(dir.path()).unwrap();
    let analyst = store.create(Role::Analyst, Some("review team")).unwrap();
    let screener = store.create(Role::Screener, None).unwrap();

    // idk_<12 hex>_<64 hex>
    assert_eq!(analyst.key.len(), 4 + 12 + 1 + 64);
    assert!(analyst.key.starts_with(&format!("idk_{}_", analyst.id)));
    assert_eq!(
        interdict_keys::key_id(&analyst.key),
        Some(analyst.id.as_str())
    );
    assert_ne!(analyst.key, screener.key);
    assert!(
        !format!("{analyst:?}").contains(&analyst.key[17..]),
        "Debug hides the secret"
    );

    let who = store.authenticate(&analyst.key).unwrap().unwrap();
    assert_eq!(who.id, analyst.id);
    assert_eq!(who.role, Role::Analyst);
    assert_eq!(who.label.as_deref(), Some("review team"));
    assert_eq!(who.revoked_at, None);
    assert_eq!(
        store.authenticate(&screener.key).unwrap().unwrap().role,
        Role::Screener
    );

    // Another key's secret under this id, a changed digit, junk: refused.
    let swapped = format!("idk_{}_{}", analyst.id, &screener.key[17..]);
    assert_eq!(store.authenticate(&swapped).unwrap(), None);
    let mut changed = analyst.key.clone().into_bytes();
    let last = changed.last_mut().unwrap();
    *last = if *last == b'0' { b'1' } else { b'0' };
    assert_eq!(
        store
            .authenticate(&String::from_utf8(changed).unwrap())
            .unwrap(),
        None
    );
    assert_eq!(store.authenticate("").unwrap(), None);
    assert_eq!(store.authenticate("Bearer x").unwrap(), None);

    store.revoke(&analyst.id).unwrap();
    assert_eq!(store.authenticate(&analyst.key).unwrap(), None);
    assert!(matches!(
        store.revoke(&analyst.id),
        Err(KeyError::AlreadyRevoked(_))
    ));
    assert!(matches!(
        store.revoke("000000000000"),
        Err(KeyError::UnknownKey(_))
    ));
    // Still revoked after reopening.
    drop(store);
    let store = KeyStore::open(dir.path()).unwrap();
    assert_eq!(store.authenticate(&analyst.key).unwrap(), None);
    assert!(store.authenticate(&screener.key).unwrap().is_some());

    let list = store.list().unwrap();
    assert_eq!(list.len(), 2);
    let listed = list.iter().find(|k| k.id == analyst.id).unwrap();
    assert!(listed.revoked_at.is_some());
    assert!(listed.revoked_at.unwrap() >= listed.created_at);
}

#[test]
fn only_the_hash_is_stored_and_rows_are_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    let store = KeyStore::open(dir.path()).unwrap();
    let key = store.create(Role::Admin, None).unwrap();
    let secret = &key.key[17..];
    drop(store);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the secret is on disk"
        );
    }
    let conn = Connection::open(dir.path().join("keys.sqlite")).unwrap();
    assert!(conn.execute("DELETE FROM keys", []).is_err());
    assert!(conn.execute("UPDATE keys SET role = 'admin'", []).is_err());
    assert!(conn
        .execute("UPDATE keys SET revoked_at = '2026-01-01T00:00:00Z'", [])
        .is_ok());
    // Un-revoking is refused.
    assert!(conn
        .execute("UPDATE keys SET revoked_at = NULL", [])
        .is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text, and any well-formed key text, that was never created never
    /// authenticates, even under the id of a real key.
    #[test]
    fn a_key_never_created_never_authenticates(
        text in ".{0,100}",
        secret in "[0-9a-f]{64}",
        id in "[0-9a-f]{12}",
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = KeyStore::open(dir.path()).unwrap();
        let real = store.create(Role::Admin, None).unwrap();
        prop_assume!(text != real.key);
        prop_assert_eq!(store.authenticate(&text).unwrap(), None);
        let forged = format!("idk_{id}_{secret}");
        prop_assume!(forged != real.key);
        prop_assert_eq!(store.authenticate(&forged).unwrap(), None);
        let under_real_id = format!("idk_{}_{secret}", real.id);
        prop_assume!(under_real_id != real.key);
        prop_assert_eq!(store.authenticate(&under_real_id).unwrap(), None);
    }
}

#[test]
fn the_store_is_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<KeyStore>();
}

#[test]
fn revocation_by_another_process_is_seen_within_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let server = KeyStore::open(dir.path()).unwrap();
    let cli = KeyStore::open(dir.path()).unwrap();
    let key = cli.create(Role::Screener, Some("cached")).unwrap();
    // Read once: now cached by id, with the secret's hash.
    assert_eq!(server.authenticate(&key.key).unwrap().unwrap().id, key.id);
    let mut wrong = key.key.clone();
    wrong.pop();
    wrong.push(if key.key.ends_with('0') { '1' } else { '0' });
    assert_eq!(server.authenticate(&wrong).unwrap(), None);
    cli.revoke(&key.id).unwrap();
    let revoked_at = std::time::Instant::now();
    while server.authenticate(&key.key).unwrap().is_some() {
        assert!(
            revoked_at.elapsed()
                < interdict_keys::REVALIDATE + std::time::Duration::from_millis(200),
            "a revoked key still authenticates past the bound"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Looking on every call: a revocation is seen on the next one.
    let other = cli.create(Role::Analyst, None).unwrap();
    server.revalidate_every(std::time::Duration::ZERO);
    assert_eq!(
        server.authenticate(&other.key).unwrap().unwrap().role,
        Role::Analyst
    );
    cli.revoke(&other.id).unwrap();
    assert_eq!(server.authenticate(&other.key).unwrap(), None);
}
