//! `interdict keys`: create, list, revoke.

mod common;

use common::{keys, Data};

#[test]
fn create_list_revoke() {
    let data = Data::new();
    let created = data.json([
        "keys",
        "create",
        "--role",
        "analyst",
        "--label",
        "review team",
        "--json",
    ]);
    assert_eq!(keys(&created), ["id", "key", "role"]);
    assert_eq!(created["role"], "analyst");
    let id = created["id"].as_str().unwrap();
    let key = created["key"].as_str().unwrap();
    assert_eq!(id.len(), 12);
    assert!(
        key.starts_with(&format!("idk_{id}_")) && key.len() == 81,
        "{key}"
    );

    let admin = data.json(["keys", "create", "--role", "admin", "--json"]);
    assert_ne!(admin["key"], created["key"]);

    let list = data.json(["keys", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let analyst = list.iter().find(|k| k["id"] == id).unwrap();
    assert_eq!(
        keys(analyst),
        ["created_at", "id", "label", "revoked_at", "role"]
    );
    assert_eq!(analyst["label"], "review team");
    assert_eq!(analyst["revoked_at"], serde_json::Value::Null);
    // The list never shows a secret.
    let text = String::from_utf8(data.run(["keys", "list"]).stdout).unwrap();
    assert!(!text.contains(&key[17..]), "{text}");
    assert!(text.contains(&format!("{id} analyst ")), "{text}");

    let output = data.run(["keys", "revoke", id]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("revoked key {id}\n")
    );
    let list = data.json(["keys", "list", "--json"]);
    let analyst = list
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .unwrap()
        .clone();
    assert!(analyst["revoked_at"].is_string());

    let stderr = data.fails(["keys", "revoke", id]);
    assert_eq!(
        stderr,
        format!("interdict: error: the key \"{id}\" is revoked already\n")
    );
    let stderr = data.fails(["keys", "revoke", "nosuchkey"]);
    assert_eq!(
        stderr,
        "interdict: error: no key has the id \"nosuchkey\"\n"
    );

    // An unknown role is a usage error (exit 2).
    let output = data.run(["keys", "create", "--role", "root"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a role"));
}
