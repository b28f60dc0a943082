//! The hash chain: canonical bytes of an entry, its hash, and the walk that
//! checks a sequence of entries, wherever they come from (the SQLite table or
//! an export file).
//!
//! An entry's canonical bytes are the canonical JSON (see [`canonical_json`])
//! of the object `{"actor", "at", "body", "kind", "seq"}`, and its hash is
//! `sha256(prev_hash || canonical bytes)` in lower-case hex, where `prev_hash`
//! is the 64 ASCII hex digits of the previous entry's hash ([`GENESIS`] for the
//! first entry).

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Canonical JSON: no whitespace, object keys sorted by their UTF-8 bytes,
/// strings escaped as serde_json escapes them, numbers as serde_json prints
/// them (integers in decimal, floats in the shortest form that reads back to
/// the same double). Parsing canonical JSON and writing it again gives the
/// same bytes.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(&mut out, value);
    out
}

fn write_canonical(out: &mut String, value: &Value) {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => out.push_str(&value.to_string()),
        Value::String(text) => out.push_str(&Value::String(text.clone()).to_string()),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(out, item);
            }
            out.push('}');
        }
    }
}

/// One entry of the chain as stored: `body` is its canonical JSON text.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEntry {
    /// Position in the chain, from 1, without gaps.
    pub seq: u64,
    /// When it was committed (RFC 3339, UTC, microseconds).
    pub at: String,
    /// `screening` or `decision`.
    pub kind: String,
    /// Who: an API key id, or `cli:<user>`.
    pub actor: String,
    /// The canonical JSON text of the body.
    pub body: String,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// The canonical bytes of an entry whose body is already canonical JSON text.
pub fn entry_bytes(seq: u64, at: &str, kind: &str, actor: &str, body: &str) -> String {
    let string = |text: &str| Value::String(text.to_string()).to_string();
    format!(
        "{{\"actor\":{},\"at\":{},\"body\":{},\"kind\":{},\"seq\":{}}}",
        string(actor),
        string(at),
        body,
        string(kind),
        seq
    )
}

/// `sha256(prev_hash || entry bytes)` in lower-case hex.
pub fn entry_hash(
    prev_hash: &str,
    seq: u64,
    at: &str,
    kind: &str,
    actor: &str,
    body: &str,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(entry_bytes(seq, at, kind, actor, body).as_bytes());
    hex::encode(hasher.finalize())
}

/// Where a walk of the chain found the first problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Break {
    /// The first sequence number that is wrong (missing, moved or changed).
    pub seq: u64,
    /// Why.
    pub reason: String,
}

/// Checks entries one by one, in the order given.
#[derive(Debug)]
pub struct Walker {
    /// Entries accepted so far.
    pub count: u64,
    /// The last accepted seq (0 before the first).
    pub last_seq: u64,
    /// The last accepted hash ([`GENESIS`] before the first).
    pub last_hash: String,
}

impl Default for Walker {
    fn default() -> Self {
        Walker {
            count: 0,
            last_seq: 0,
            last_hash: GENESIS.to_string(),
        }
    }
}

impl Walker {
    /// Checks the next entry: its seq follows the last one, it names the last
    /// hash as its `prev_hash`, and its stored hash is the hash of its content.
    pub fn push(&mut self, entry: &StoredEntry) -> Result<(), Break> {
        let expected = self.last_seq + 1;
        if entry.seq > expected {
            let reason = if entry.seq == expected + 1 {
                format!(
                    "entry {expected} is missing (deleted): the chain goes from {} to {}",
                    self.last_seq, entry.seq
                )
            } else {
                format!(
                    "entries {expected} to {} are missing (deleted): the chain goes from {} to {}",
                    entry.seq - 1,
                    self.last_seq,
                    entry.seq
                )
            };
            return Err(Break {
                seq: expected,
                reason,
            });
        }
        if entry.seq < expected {
            return Err(Break {
                seq: entry.seq,
                reason: format!(
                    "entry {} comes after entry {}: out of order or repeated",
                    entry.seq, self.last_seq
                ),
            });
        }
        if entry.prev_hash != self.last_hash {
            return Err(Break {
                seq: entry.seq,
                reason: if self.last_seq == 0 {
                    format!(
                        "entry {} names {} as the previous hash, but it is the first entry: entries before it were deleted, or it was moved",
                        entry.seq, entry.prev_hash
                    )
                } else {
                    format!(
                        "entry {} does not follow entry {}: its prev_hash {} is not entry {}'s hash {} (entries were reordered, replaced or deleted)",
                        entry.seq, self.last_seq, entry.prev_hash, self.last_seq, self.last_hash
                    )
                },
            });
        }
        let computed = entry_hash(
            &entry.prev_hash,
            entry.seq,
            &entry.at,
            &entry.kind,
            &entry.actor,
            &entry.body,
        );
        if computed != entry.hash {
            return Err(Break {
                seq: entry.seq,
                reason: format!(
                    "entry {} was changed: its content hashes to {computed}, not to the recorded {}",
                    entry.seq, entry.hash
                ),
            });
        }
        self.count += 1;
        self.last_seq = entry.seq;
        self.last_hash = entry.hash.clone();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn canonical_sorts_keys_and_drops_whitespace() {
        let value: Value = serde_json::from_str(
            r#"{ "b": [1, 2.5, "x"], "a": {"é": null, "z": true, "A": "\"q\""} }"#,
        )
        .unwrap();
        assert_eq!(
            canonical_json(&value),
            r#"{"a":{"A":"\"q\"","z":true,"é":null},"b":[1,2.5,"x"]}"#
        );
    }

    #[test]
    fn entry_hash_is_fixed() {
        // Pinned: a change of the canonical layout breaks every existing chain.
        let body = canonical_json(&json!({"alert_id": 1, "decision": "false_positive"}));
        assert_eq!(
            entry_bytes(
                1,
                "2026-01-02T03:04:05.000006Z",
                "decision",
                "cli:ana",
                &body
            ),
            r#"{"actor":"cli:ana","at":"2026-01-02T03:04:05.000006Z","body":{"alert_id":1,"decision":"false_positive"},"kind":"decision","seq":1}"#
        );
        let hash = entry_hash(
            GENESIS,
            1,
            "2026-01-02T03:04:05.000006Z",
            "decision",
            "cli:ana",
            &body,
        );
        let mut hasher = Sha256::new();
        hasher.update(GENESIS.as_bytes());
        hasher.update(entry_bytes(
            1,
            "2026-01-02T03:04:05.000006Z",
            "decision",
            "cli:ana",
            &body,
        ));
        assert_eq!(hash, hex::encode(hasher.finalize()));
        assert_eq!(hash.len(), 64);
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<u64>().prop_map(|n| json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| json!(f)),
            ".*".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::btree_map(".*", inner, 0..8)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// What a third party re-verifying an export does: parse the body and
        /// write it canonically again. It must give the very bytes hashed.
        #[test]
        fn canonical_json_survives_a_round_trip(value in json_value()) {
            let text = canonical_json(&value);
            let back: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(&back, &value);
            prop_assert_eq!(canonical_json(&back), text);
        }
    }
}
