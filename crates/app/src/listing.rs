//! The hashes a false-positive decision is kept against: what a listing says, hashed.
//!
//! An alert's listing hash is the model's content hash ([`Entity::content_hash`]): it changes
//! exactly when what the list says of the party changes, and no output shape takes part in
//! it, so adding a field to the command line's or the API's JSON never re-raises a suppressed
//! alert.
//!
//! Decisions taken before that hash existed were kept against the SHA-256 of the entity's
//! JSON shape as `interdict-json` wrote it then. So that those decisions keep suppressing,
//! each result also carries that earlier hash, recomputed here by [`json_shape_hash`] from a
//! frozen copy of the shape; the audit log compares a decision's recorded hash with both.
//! The copy must never change: it is not an output, only the key old decisions were filed
//! under.

use interdict_model::{Entity, EntityId};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

/// The hashes of one listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListingHashes {
    /// [`Entity::content_hash`] in hex: recorded with every result, and kept by decisions.
    pub content: String,
    /// [`json_shape_hash`]: matched against decisions taken before content hashes.
    pub json_shape: String,
}

impl ListingHashes {
    /// Both hashes of `entity`.
    pub fn of(entity: &Entity) -> ListingHashes {
        ListingHashes {
            content: entity.content_hash().to_hex(),
            json_shape: json_shape_hash(entity),
        }
    }
}

/// The listing hash of interdict before content hashes: SHA-256 (hex) of the compact JSON of
/// the entity's shape, keys in byte order, as `interdict_json::entity` wrote it then. Frozen.
pub fn json_shape_hash(entity: &Entity) -> String {
    let text = interdict_audit::chain::canonical_json(&frozen_shape(entity));
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The entity's JSON shape as it was when decisions were keyed by it. Frozen: see the module
/// docs.
fn frozen_shape(entity: &Entity) -> Value {
    let mut properties = Map::new();
    for (prop, values) in &entity.props {
        properties.insert(prop.as_str().to_string(), json!(values));
    }
    let identifiers: Vec<Value> = entity
        .identifiers
        .iter()
        .map(|id| {
            json!({
                "kind": id.kind.as_str(),
                "label": id.label,
                "number": id.number,
                "country": id.country,
                "issued": id.issued.map(|d| d.to_string()),
                "expires": id.expires.map(|d| d.to_string()),
                "note": id.note,
            })
        })
        .collect();
    let sanctions: Vec<Value> = entity
        .sanctions
        .iter()
        .map(|s| {
            json!({
                "source": s.source.as_str(),
                "authority": s.authority,
                "authority_id": s.authority_id,
                "programs": s.programs,
                "listing_date": s.listing_date.map(|d| d.to_string()),
                "modified_at": s.modified_at.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "provisions": s.provisions,
                "reason": s.reason,
                "summary": s.summary,
                "flags": s.flags,
                "unsc_id": s.unsc_id,
                "list_name": s.list_name,
            })
        })
        .collect();
    let links: Vec<Value> = entity
        .links
        .iter()
        .map(|link| {
            json!({
                "relation": link.relation.as_str(),
                "target_id": link.target_id.as_ref().map(EntityId::as_str),
                "target_name": link.target_name,
                "note": link.note,
            })
        })
        .collect();
    json!({
        "id": entity.id.as_str(),
        "schema": entity.schema.as_str(),
        "caption": entity.caption(),
        "properties": properties,
        "identifiers": identifiers,
        "sanctions": sanctions,
        "links": links,
    })
}
