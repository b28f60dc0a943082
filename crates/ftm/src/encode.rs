//! [`Entity`] → FtM JSON objects.

use interdict_model::{Entity, IdKind, Identifier, Link, Prop, Relation, Sanction, SourceId};
use serde_json::{Map, Value};

use crate::METADATA_FIELDS;

/// Writes an entity as FtM objects, in this order: the entity itself; one
/// `Sanction` per sanction; one `Passport` (passports) or `Identification`
/// (other kinds) per identifier; per link, a stub entity for the other party
/// when the link only names it, then the interval entity (`Ownership`,
/// `Directorship`, `Family`, `Associate`, `UnknownLink`).
///
/// Property mapping of the generated entities:
/// - `Sanction`: `entity`, `authority`, `authorityId`, `program` (the program
///   codes, then the list name), `listingDate`, `modifiedAt`, `provisions`
///   (the provisions, then the flags), `reason`, `summary`, `unscId`, and
///   `country` of the authority (`us`, `gb`, `eu`) where the source has one.
/// - `Passport`/`Identification`: `holder`, `number`, `country` (as the list
///   writes it), `type` (the label, else the kind), `startDate` (issued),
///   `endDate` (expires), `summary` (the note).
/// - Links: the entity is the first party (`owner`, `director`, `person`,
///   `subject`) and the other party the second (`asset`, `organization`,
///   `relative`, `associate`, `object`), by its interdict id, or by the id of a
///   stub entity carrying its name. The note goes to `role` (`relationship`
///   for `Family` and `Associate`). `LinkedTo` becomes an `UnknownLink` with
///   role "Linked To" and the note in `summary`. When the list gives both the
///   other party's id and its name, the name goes to `description`.
pub fn to_ftm(entity: &Entity) -> Vec<Value> {
    let id = entity.id.as_str();
    let mut out = Vec::with_capacity(
        1 + entity.sanctions.len() + entity.identifiers.len() + entity.links.len(),
    );
    out.push(main_object(entity));
    for (n, sanction) in entity.sanctions.iter().enumerate() {
        out.push(sanction_object(id, n + 1, sanction));
    }
    for (n, identifier) in entity.identifiers.iter().enumerate() {
        out.push(identifier_object(id, n + 1, identifier));
    }
    for (n, link) in entity.links.iter().enumerate() {
        link_objects(id, n + 1, link, &mut out);
    }
    out
}

fn main_object(entity: &Entity) -> Value {
    let mut object = Map::new();
    let mut properties = Map::new();
    for (prop, values) in &entity.props {
        if values.is_empty() {
            continue;
        }
        let name = prop.as_str();
        if matches!(prop, Prop::Other(_)) && METADATA_FIELDS.contains(&name) {
            object.insert(name.to_string(), metadata_value(name, values));
        } else {
            properties.insert(name.to_string(), strings(values));
        }
    }
    object.insert("id".into(), Value::String(entity.id.as_str().to_string()));
    object.insert(
        "schema".into(),
        Value::String(entity.schema.as_str().to_string()),
    );
    object.insert("properties".into(), Value::Object(properties));
    Value::Object(object)
}

/// A metadata field in the shape FtM exports use: lists for `referents` and
/// `datasets`, a boolean `target`, strings for the others. A field whose values
/// do not fit that shape (several timestamps) stays a list, which
/// [`crate::from_ftm`] reads back the same.
fn metadata_value(name: &str, values: &[String]) -> Value {
    match (name, values) {
        ("referents" | "datasets", _) => strings(values),
        ("target", [one]) if one == "true" || one == "false" => Value::Bool(one == "true"),
        ("target", _) => strings(values),
        (_, [one]) => Value::String(one.clone()),
        _ => strings(values),
    }
}

fn strings(values: &[String]) -> Value {
    Value::Array(values.iter().cloned().map(Value::String).collect())
}

/// A generated FtM entity being built.
struct Object {
    id: String,
    schema: &'static str,
    properties: Map<String, Value>,
}

impl Object {
    fn new(id: String, schema: &'static str) -> Object {
        Object {
            id,
            schema,
            properties: Map::new(),
        }
    }

    /// Adds values, skipping empty ones and duplicates.
    fn add<S: AsRef<str>>(&mut self, prop: &str, values: impl IntoIterator<Item = S>) {
        for value in values {
            let value = value.as_ref().trim();
            if value.is_empty() {
                continue;
            }
            let list = self
                .properties
                .entry(prop.to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = list {
                if !list.iter().any(|v| v.as_str() == Some(value)) {
                    list.push(Value::String(value.to_string()));
                }
            }
        }
    }

    fn into_value(self) -> Value {
        let mut object = Map::new();
        object.insert("id".into(), Value::String(self.id));
        object.insert("schema".into(), Value::String(self.schema.to_string()));
        object.insert("properties".into(), Value::Object(self.properties));
        Value::Object(object)
    }
}

/// The FtM country code of the authority behind a source, where it has one.
fn authority_country(source: SourceId) -> Option<&'static str> {
    match source {
        SourceId::OfacSdn | SourceId::OfacCons | SourceId::UsCsl => Some("us"),
        SourceId::UkHmt => Some("gb"),
        SourceId::EuFsf => Some("eu"),
        SourceId::UnSc | SourceId::OpenSanctions => None,
    }
}

fn sanction_object(entity_id: &str, n: usize, sanction: &Sanction) -> Value {
    let mut object = Object::new(format!("{entity_id}-sanction-{n}"), "Sanction");
    object.add("entity", [entity_id]);
    object.add("authority", [&sanction.authority]);
    object.add("authorityId", [&sanction.authority_id]);
    object.add("program", &sanction.programs);
    object.add("program", &sanction.list_name);
    object.add("listingDate", sanction.listing_date.map(|d| d.to_string()));
    object.add(
        "modifiedAt",
        sanction.modified_at.iter().map(|d| d.to_string()),
    );
    object.add("provisions", &sanction.provisions);
    object.add("provisions", &sanction.flags);
    object.add("reason", &sanction.reason);
    object.add("summary", &sanction.summary);
    object.add("unscId", &sanction.unsc_id);
    object.add("country", authority_country(sanction.source));
    object.into_value()
}

fn identifier_object(entity_id: &str, n: usize, identifier: &Identifier) -> Value {
    let schema = match identifier.kind {
        IdKind::Passport => "Passport",
        _ => "Identification",
    };
    let mut object = Object::new(format!("{entity_id}-identifier-{n}"), schema);
    object.add("holder", [entity_id]);
    object.add("number", [&identifier.number]);
    object.add("country", &identifier.country);
    let kind = match identifier.kind {
        IdKind::Passport => "Passport",
        IdKind::National => "National ID",
        IdKind::Tax => "Tax number",
        IdKind::Registration => "Registration number",
        IdKind::Imo => "IMO number",
        IdKind::SwiftBic => "SWIFT/BIC",
        IdKind::Other => "Other",
    };
    let label = identifier.label.trim();
    object.add("type", [if label.is_empty() { kind } else { label }]);
    object.add("startDate", identifier.issued.map(|d| d.to_string()));
    object.add("endDate", identifier.expires.map(|d| d.to_string()));
    object.add("summary", &identifier.note);
    object.into_value()
}

fn link_objects(entity_id: &str, n: usize, link: &Link, out: &mut Vec<Value>) {
    // (schema, first party, second party, property for the note, stub schema)
    let (schema, first, second, note_prop, stub_schema) = match link.relation {
        Relation::Ownership => ("Ownership", "owner", "asset", "role", "Company"),
        Relation::Directorship => (
            "Directorship",
            "director",
            "organization",
            "role",
            "Organization",
        ),
        Relation::Family => ("Family", "person", "relative", "relationship", "Person"),
        Relation::Associate => ("Associate", "person", "associate", "relationship", "Person"),
        Relation::UnknownLink | Relation::LinkedTo => {
            ("UnknownLink", "subject", "object", "role", "LegalEntity")
        }
    };
    let id = format!("{entity_id}-link-{n}");
    let target_name = link
        .target_name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty());
    let mut object = Object::new(id.clone(), schema);
    object.add(first, [entity_id]);
    match (&link.target_id, target_name) {
        (Some(target), name) => {
            object.add(second, [target.as_str()]);
            object.add("description", name);
        }
        (None, Some(name)) => {
            let mut stub = Object::new(format!("{id}-target"), stub_schema);
            stub.add("name", [name]);
            object.add(second, [stub.id.clone()]);
            out.push(stub.into_value());
        }
        (None, None) => {}
    }
    if link.relation == Relation::LinkedTo {
        object.add("role", ["Linked To"]);
        object.add("summary", &link.note);
    } else {
        object.add(note_prop, &link.note);
    }
    out.push(object.into_value());
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{EntityId, PartialDate, Schema};
    use serde_json::json;

    fn soleimani() -> Entity {
        let mut entity = Entity::new(EntityId::new(SourceId::OfacSdn, "10481"), Schema::Person);
        entity.add(Prop::Name, "SOLEIMANI, Qasem");
        entity.add(Prop::BirthDate, "1957-03-11");
        entity.add(Prop::Other("referents".into()), "unsc-6908482");
        entity.add(Prop::Other("target".into()), "true");
        let mut passport = Identifier::new(IdKind::Passport, "Diplomatic Passport", "008827");
        passport.country = Some("Iran".into());
        passport.issued = PartialDate::ymd(1999, 1, 2);
        entity.add_identifier(passport);
        entity.add_identifier(Identifier::new(IdKind::Tax, "", "T-1"));
        let mut sanction = Sanction::new(SourceId::OfacSdn, "10481");
        sanction.programs = vec!["IRGC".into(), "SDGT".into()];
        sanction.flags = vec!["Subject to Secondary Sanctions".into()];
        sanction.listing_date = PartialDate::year_month(2007, 6);
        entity.sanctions.push(sanction);
        entity.links.push(Link {
            relation: Relation::LinkedTo,
            target_id: Some(EntityId::new(SourceId::OfacSdn, "9999")),
            target_name: Some("IRGC".into()),
            note: None,
        });
        entity.links.push(Link {
            relation: Relation::Family,
            target_id: None,
            target_name: Some("Someone Else".into()),
            note: Some("brother".into()),
        });
        entity
    }

    #[test]
    fn writes_the_entity_and_its_records() {
        let values = to_ftm(&soleimani());
        let ids: Vec<&str> = values.iter().map(|v| v["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            [
                "ofac-sdn:10481",
                "ofac-sdn:10481-sanction-1",
                "ofac-sdn:10481-identifier-1",
                "ofac-sdn:10481-identifier-2",
                "ofac-sdn:10481-link-1",
                "ofac-sdn:10481-link-2-target",
                "ofac-sdn:10481-link-2",
            ]
        );
        assert_eq!(
            values[0],
            json!({
                "id": "ofac-sdn:10481",
                "schema": "Person",
                "properties": {
                    "name": ["SOLEIMANI, Qasem"],
                    "birthDate": ["1957-03-11"],
                    "passportNumber": ["008827"],
                    "taxNumber": ["T-1"],
                },
                "referents": ["unsc-6908482"],
                "target": true,
            })
        );
        assert_eq!(
            values[1],
            json!({
                "id": "ofac-sdn:10481-sanction-1",
                "schema": "Sanction",
                "properties": {
                    "entity": ["ofac-sdn:10481"],
                    "authority": ["US Department of the Treasury, Office of Foreign Assets Control"],
                    "authorityId": ["10481"],
                    "program": ["IRGC", "SDGT"],
                    "listingDate": ["2007-06"],
                    "provisions": ["Subject to Secondary Sanctions"],
                    "country": ["us"],
                }
            })
        );
        assert_eq!(
            values[2]["properties"],
            json!({
                "holder": ["ofac-sdn:10481"],
                "number": ["008827"],
                "country": ["Iran"],
                "type": ["Diplomatic Passport"],
                "startDate": ["1999-01-02"],
            })
        );
        assert_eq!(values[2]["schema"], "Passport");
        assert_eq!(values[3]["schema"], "Identification");
        assert_eq!(values[3]["properties"]["type"], json!(["Tax number"]));
        assert_eq!(
            values[4],
            json!({
                "id": "ofac-sdn:10481-link-1",
                "schema": "UnknownLink",
                "properties": {
                    "subject": ["ofac-sdn:10481"],
                    "object": ["ofac-sdn:9999"],
                    "description": ["IRGC"],
                    "role": ["Linked To"],
                }
            })
        );
        assert_eq!(
            values[5],
            json!({
                "id": "ofac-sdn:10481-link-2-target",
                "schema": "Person",
                "properties": {"name": ["Someone Else"]}
            })
        );
        assert_eq!(
            values[6]["properties"],
            json!({
                "person": ["ofac-sdn:10481"],
                "relative": ["ofac-sdn:10481-link-2-target"],
                "relationship": ["brother"],
            })
        );
    }

    #[test]
    fn metadata_that_does_not_fit_stays_a_list() {
        let mut entity = Entity::new(EntityId::new(SourceId::UnSc, "x"), Schema::Vessel);
        entity.add(Prop::Other("first_seen".into()), "2020");
        entity.add(Prop::Other("first_seen".into()), "2021");
        entity.add(Prop::Other("target".into()), "maybe");
        entity.add(Prop::Other("last_seen".into()), "2024");
        let value = &to_ftm(&entity)[0];
        assert_eq!(value["first_seen"], json!(["2020", "2021"]));
        assert_eq!(value["target"], json!(["maybe"]));
        assert_eq!(value["last_seen"], json!("2024"));
        assert_eq!(crate::from_ftm(value, SourceId::UnSc).unwrap(), entity);
    }
}
