//! FtM JSON object → [`Entity`].

use interdict_model::{Entity, EntityId, Prop, Schema, SourceId};
use serde_json::{Map, Value};

use crate::{json_type, FtmError, METADATA_FIELDS};

/// One FtM object read: the entity, the entities nested inside its properties,
/// and what was noticed on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The entity.
    pub entity: Entity,
    /// Entities found nested inside property values (FtM "nested" exports),
    /// decoded on their own, depth first, in the order met. In `entity` each is
    /// represented by its id.
    pub nested: Vec<Entity>,
    /// Oddities that did not stop the read: non-string values kept as text,
    /// nested entities, fields outside the FtM shape. One sentence each.
    pub remarks: Vec<String>,
    /// How many values were kept verbatim in `notes` because they had no other
    /// place (a top-level field named like an FtM property).
    pub unstructured: usize,
}

/// Reads one FtM entity object. The entity id is `EntityId::new(id_source,
/// <ftm id>)`. See the crate documentation for how properties, metadata and
/// odd values are kept.
pub fn from_ftm(value: &Value, id_source: SourceId) -> Result<Entity, FtmError> {
    decode(value, id_source).map(|decoded| decoded.entity)
}

/// Like [`from_ftm`], and also returns the nested entities and the remarks.
pub fn decode(value: &Value, id_source: SourceId) -> Result<Decoded, FtmError> {
    let object = value.as_object().ok_or(FtmError::NotAnObject {
        found: json_type(value),
    })?;
    let id = required(object, "id")?;
    let schema = required(object, "schema")?;
    let mut decoded = Decoded {
        entity: Entity::new(entity_id(id_source, id), Schema::from_ftm(schema)),
        nested: Vec::new(),
        remarks: Vec::new(),
        unstructured: 0,
    };
    match object.get("properties") {
        None | Some(Value::Null) => {}
        Some(Value::Object(properties)) => {
            for (name, values) in properties {
                if METADATA_FIELDS.contains(&name.as_str()) {
                    decoded.remark(format!(
                        "property {name:?} has the name of a top-level field; their values are merged"
                    ));
                }
                decoded.add_values(Prop::from_ftm(name), name, values, true, id_source)?;
            }
        }
        Some(other) => {
            return Err(FtmError::BadProperties {
                found: json_type(other),
            })
        }
    }
    for (key, value) in object {
        if matches!(key.as_str(), "id" | "schema" | "properties") {
            continue;
        }
        if METADATA_FIELDS.contains(&key.as_str()) {
            decoded.add_values(Prop::Other(key.clone()), key, value, false, id_source)?;
            continue;
        }
        match Prop::from_ftm(key) {
            Prop::Other(_) => {
                decoded.remark(format!(
                    "top-level field {key:?} is not FtM metadata; kept as a property of that name"
                ));
                decoded.add_values(Prop::Other(key.clone()), key, value, false, id_source)?;
            }
            _ => {
                decoded.remark(format!(
                    "top-level field {key:?} has the name of an FtM property; kept in notes"
                ));
                let text = format!("{key}: {}", compact(value));
                if decoded.entity.add(Prop::Notes, &text) {
                    decoded.unstructured += 1;
                }
            }
        }
    }
    Ok(decoded)
}

/// A required string field, trimmed and non-empty.
fn required<'a>(object: &'a Map<String, Value>, field: &'static str) -> Result<&'a str, FtmError> {
    object
        .get(field)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .ok_or(FtmError::MissingField { field })
}

/// The interdict id of the FtM id `id` read from `source`:
/// `EntityId::new(source, id)`, without doubling a `<source>:` prefix that `id`
/// already has (as [`crate::to_ftm`] writes them).
pub fn entity_id(source: SourceId, id: &str) -> EntityId {
    let native = id
        .strip_prefix(source.as_str())
        .and_then(|rest| rest.strip_prefix(':'))
        .filter(|native| !native.trim().is_empty())
        .unwrap_or(id);
    EntityId::new(source, native)
}

/// Compact JSON text of a value.
fn compact(value: &Value) -> String {
    value.to_string()
}

impl Decoded {
    fn remark(&mut self, remark: String) {
        self.remarks.push(remark);
    }

    /// Adds the values of a property (`in_properties`) or of a top-level field.
    fn add_values(
        &mut self,
        prop: Prop,
        field: &str,
        values: &Value,
        in_properties: bool,
        id_source: SourceId,
    ) -> Result<(), FtmError> {
        match values {
            Value::Array(items) => {
                for item in items {
                    self.add_one(&prop, field, item, in_properties, id_source)?;
                }
            }
            Value::Null if !in_properties => {}
            single => {
                if in_properties {
                    self.remark(format!(
                        "property {field:?} is {}, not a list of values",
                        json_type(single)
                    ));
                }
                self.add_one(&prop, field, single, in_properties, id_source)?;
            }
        }
        Ok(())
    }

    fn add_one(
        &mut self,
        prop: &Prop,
        field: &str,
        value: &Value,
        in_properties: bool,
        id_source: SourceId,
    ) -> Result<(), FtmError> {
        match value {
            Value::String(text) => {
                self.entity.add(prop.clone(), text);
            }
            Value::Bool(_) | Value::Number(_) => {
                if in_properties {
                    self.remark(format!(
                        "property {field:?} holds {} {value}; kept as text",
                        json_type(value)
                    ));
                }
                self.entity.add(prop.clone(), &compact(value));
            }
            Value::Null => {
                if in_properties {
                    self.remark(format!("property {field:?} holds a null value; skipped"));
                }
            }
            Value::Object(object) if is_entity(object) => {
                let nested = decode(value, id_source).map_err(|error| FtmError::Nested {
                    prop: field.to_string(),
                    error: Box::new(error),
                })?;
                let nested_id = required(object, "id")?;
                self.remark(format!(
                    "property {field:?} holds the nested entity {nested_id:?}; kept as its id, the entity itself is returned separately"
                ));
                self.entity.add(prop.clone(), nested_id);
                for remark in nested.remarks {
                    self.remark(format!("nested entity {nested_id:?}: {remark}"));
                }
                self.unstructured += nested.unstructured;
                self.nested.push(nested.entity);
                self.nested.extend(nested.nested);
            }
            Value::Object(_) | Value::Array(_) => {
                self.remark(format!(
                    "field {field:?} holds {} that is not an FtM entity; kept as JSON text",
                    json_type(value)
                ));
                self.entity.add(prop.clone(), &compact(value));
            }
        }
        Ok(())
    }
}

/// Whether an object looks like an FtM entity: it has a string `id` and a
/// string `schema`.
fn is_entity(object: &Map<String, Value>) -> bool {
    object.get("id").is_some_and(Value::is_string)
        && object.get("schema").is_some_and(Value::is_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_properties_and_metadata() {
        let value = json!({
            "id": "Q4670365",
            "caption": "Sofiane Ben Goumo",
            "schema": "Person",
            "properties": {
                "name": ["Sofiane Ben Goumo", " Sofiane  Ben Goumo "],
                "birthPlace": ["Derna\nLibya"],
                "wikidataId": ["Q4670365"]
            },
            "referents": ["ofac-16480", "unsc-6908468"],
            "datasets": ["us_ofac_sdn"],
            "first_seen": "2022-04-27T18:12:14",
            "target": true
        });
        let entity = from_ftm(&value, SourceId::OpenSanctions).unwrap();
        assert_eq!(entity.id.as_str(), "opensanctions:Q4670365");
        assert_eq!(entity.schema, Schema::Person);
        assert_eq!(entity.get(Prop::Name), ["Sofiane Ben Goumo"]);
        assert_eq!(entity.get(Prop::BirthPlace), ["Derna Libya"]);
        assert_eq!(entity.get(Prop::Other("wikidataId".into())), ["Q4670365"]);
        let other = |name: &str| entity.get(Prop::Other(name.into())).to_vec();
        assert_eq!(other("referents"), ["ofac-16480", "unsc-6908468"]);
        assert_eq!(other("datasets"), ["us_ofac_sdn"]);
        assert_eq!(other("first_seen"), ["2022-04-27T18:12:14"]);
        assert_eq!(other("target"), ["true"]);
        assert_eq!(other("caption"), ["Sofiane Ben Goumo"]);
    }

    #[test]
    fn refuses_objects_without_id_or_schema() {
        let source = SourceId::OpenSanctions;
        assert_eq!(
            from_ftm(&json!([1]), source),
            Err(FtmError::NotAnObject { found: "an array" })
        );
        assert_eq!(
            from_ftm(&json!({"schema": "Person"}), source),
            Err(FtmError::MissingField { field: "id" })
        );
        assert_eq!(
            from_ftm(&json!({"id": " ", "schema": "Person"}), source),
            Err(FtmError::MissingField { field: "id" })
        );
        assert_eq!(
            from_ftm(&json!({"id": "x"}), source),
            Err(FtmError::MissingField { field: "schema" })
        );
        assert_eq!(
            from_ftm(
                &json!({"id": "x", "schema": "Person", "properties": []}),
                source
            ),
            Err(FtmError::BadProperties { found: "an array" })
        );
    }

    #[test]
    fn nested_entities_become_ids_and_are_returned() {
        let value = json!({
            "id": "p1",
            "schema": "Person",
            "properties": {
                "name": ["A"],
                "sanctions": [{
                    "id": "s1",
                    "schema": "Sanction",
                    "properties": {"program": ["SDGT"], "entity": [{"id": "x", "schema": "Thing"}]}
                }],
                "odd": [{"no": "id"}, 7, null]
            }
        });
        let decoded = decode(&value, SourceId::OpenSanctions).unwrap();
        assert_eq!(decoded.entity.get(Prop::Other("sanctions".into())), ["s1"]);
        assert_eq!(
            decoded.entity.get(Prop::Other("odd".into())),
            [r#"{"no":"id"}"#, "7"]
        );
        let nested: Vec<&str> = decoded.nested.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(nested, ["opensanctions:s1", "opensanctions:x"]);
        assert_eq!(decoded.nested[0].get(Prop::Program), ["SDGT"]);
        assert_eq!(decoded.nested[0].get(Prop::Other("entity".into())), ["x"]);
        // One remark each: the nested sanction, the nested thing inside it, the
        // object without id, the number, the null.
        assert_eq!(decoded.remarks.len(), 5, "{:?}", decoded.remarks);

        let broken = json!({"id": "p1", "schema": "Person",
            "properties": {"sanctions": [{"id": "s1", "schema": "Sanction", "properties": 3}]}});
        assert!(matches!(
            decode(&broken, SourceId::OpenSanctions),
            Err(FtmError::Nested { .. })
        ));
    }

    #[test]
    fn unknown_top_level_fields_are_kept() {
        let value = json!({"id": "x", "schema": "Person", "score": 0.5, "name": "B"});
        let decoded = decode(&value, SourceId::OpenSanctions).unwrap();
        assert_eq!(decoded.entity.get(Prop::Other("score".into())), ["0.5"]);
        assert_eq!(decoded.entity.get(Prop::Notes), [r#"name: "B""#]);
        assert_eq!(decoded.entity.get(Prop::Name), [] as [&str; 0]);
        assert_eq!(decoded.unstructured, 1);
        assert_eq!(decoded.remarks.len(), 2);
    }

    #[test]
    fn ids_are_not_prefixed_twice() {
        let value = json!({"id": "ofac-sdn:10481", "schema": "Person"});
        assert_eq!(
            from_ftm(&value, SourceId::OfacSdn).unwrap().id.as_str(),
            "ofac-sdn:10481"
        );
        assert_eq!(
            from_ftm(&value, SourceId::OpenSanctions)
                .unwrap()
                .id
                .as_str(),
            "opensanctions:ofac-sdn:10481"
        );
    }
}
