//! What changed between two versions of a source, field by field, in a form
//! a compliance officer can read: "alias before [...] after [...]".

use std::collections::BTreeSet;
use std::fmt::Write;

use interdict_model::{Entity, EntityId, Identifier, Link, Sanction};

/// The difference between two versions of one source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// Ids held by the later version only, in its file order.
    pub added: Vec<EntityId>,
    /// Ids held by the earlier version only, in its file order.
    pub removed: Vec<EntityId>,
    /// Ids held by both whose content differs, in the later version's order.
    pub changed: Vec<EntityChange>,
}

impl Diff {
    /// Whether the two versions hold the same entities with the same content.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// How one entity changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityChange {
    /// The entity.
    pub id: EntityId,
    /// The fields that differ, in the order `schema`, FtM properties by name,
    /// `identifiers`, `sanctions`, `links`.
    pub fields: Vec<FieldChange>,
}

/// One field's values before and after. Values are compared as ordered lists,
/// so a reordering is a change too (the first name is the caption).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// An FtM property name, or `schema`, `identifiers`, `sanctions`, `links`.
    pub field: String,
    /// The values in the earlier version (empty if the field was absent).
    pub before: Vec<String>,
    /// The values in the later version (empty if the field is gone).
    pub after: Vec<String>,
}

/// The fields that differ between two states of one entity; empty if none.
pub fn compare(before: &Entity, after: &Entity) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    let mut push = |field: &str, before: Vec<String>, after: Vec<String>| {
        if before != after {
            fields.push(FieldChange {
                field: field.to_string(),
                before,
                after,
            });
        }
    };
    push(
        "schema",
        vec![before.schema.to_string()],
        vec![after.schema.to_string()],
    );
    let names: BTreeSet<&str> = before
        .props
        .keys()
        .chain(after.props.keys())
        .map(|prop| prop.as_str())
        .collect();
    for name in names {
        let values = |entity: &Entity| -> Vec<String> {
            entity
                .props
                .iter()
                .filter(|(prop, _)| prop.as_str() == name)
                .flat_map(|(_, values)| values.iter().cloned())
                .collect()
        };
        push(name, values(before), values(after));
    }
    push(
        "identifiers",
        before.identifiers.iter().map(render_identifier).collect(),
        after.identifiers.iter().map(render_identifier).collect(),
    );
    push(
        "sanctions",
        before.sanctions.iter().map(render_sanction).collect(),
        after.sanctions.iter().map(render_sanction).collect(),
    );
    push(
        "links",
        before.links.iter().map(render_link).collect(),
        after.links.iter().map(render_link).collect(),
    );
    fields
}

fn list(out: &mut String, label: &str, values: &[String]) {
    if !values.is_empty() {
        let _ = write!(out, "; {label}: {}", values.join(", "));
    }
}

fn opt(out: &mut String, label: &str, value: Option<impl std::fmt::Display>) {
    if let Some(value) = value {
        let _ = write!(out, "; {label}: {value}");
    }
}

/// One line naming every part of an identifier, e.g.
/// `passport 008827 (Diplomatic Passport); country: Iran; issued: 1999-08`.
pub fn render_identifier(identifier: &Identifier) -> String {
    let mut out = format!("{} {}", identifier.kind.as_str(), identifier.number);
    if !identifier.label.is_empty() {
        let _ = write!(out, " ({})", identifier.label);
    }
    opt(&mut out, "country", identifier.country.as_deref());
    opt(&mut out, "issued", identifier.issued);
    opt(&mut out, "expires", identifier.expires);
    opt(&mut out, "note", identifier.note.as_deref());
    out
}

/// One line naming every part of a sanction, e.g.
/// `ofac-sdn 10481; programs: SDGT, IRGC; listed: 2007-10-25; authority: ...`.
pub fn render_sanction(sanction: &Sanction) -> String {
    let mut out = format!("{} {}", sanction.source, sanction.authority_id);
    list(&mut out, "programs", &sanction.programs);
    opt(&mut out, "list", sanction.list_name.as_deref());
    opt(&mut out, "listed", sanction.listing_date);
    let modified: Vec<String> = sanction.modified_at.iter().map(|d| d.to_string()).collect();
    list(&mut out, "modified", &modified);
    list(&mut out, "provisions", &sanction.provisions);
    opt(&mut out, "UN reference", sanction.unsc_id.as_deref());
    list(&mut out, "flags", &sanction.flags);
    list(&mut out, "summary", &sanction.summary);
    opt(&mut out, "reason", sanction.reason.as_deref());
    let _ = write!(out, "; authority: {}", sanction.authority);
    out
}

/// One line naming every part of a link, e.g.
/// `LinkedTo ofac-sdn:9999 (IRGC); note: owner`.
pub fn render_link(link: &Link) -> String {
    let mut out = link.relation.as_str().to_string();
    if let Some(id) = &link.target_id {
        let _ = write!(out, " {id}");
    }
    if let Some(name) = &link.target_name {
        let _ = write!(out, " ({name})");
    }
    opt(&mut out, "note", link.note.as_deref());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{IdKind, PartialDate, Prop, Relation, Schema, SourceId};

    #[test]
    fn field_by_field() {
        let id = EntityId::new(SourceId::UnSc, "IRi.039");
        let mut before = Entity::new(id.clone(), Schema::Person);
        before.add(Prop::Name, "Qasem Soleimani");
        before.add(Prop::Alias, "Haj Qasem");
        let mut after = before.clone();
        assert!(compare(&before, &after).is_empty());
        after.schema = Schema::LegalEntity;
        after.add(Prop::Alias, "Sardar");
        after.props.remove(&Prop::Name);
        let mut passport = Identifier::new(IdKind::Passport, "", "008827");
        passport.expires = PartialDate::year(2010);
        after.add_identifier(passport);
        after.links.push(Link {
            relation: Relation::Family,
            target_id: None,
            target_name: Some("X".into()),
            note: Some("brother".into()),
        });
        let changes = compare(&before, &after);
        let got: Vec<(&str, Vec<&str>, Vec<&str>)> = changes
            .iter()
            .map(|c| {
                (
                    c.field.as_str(),
                    c.before.iter().map(String::as_str).collect(),
                    c.after.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("schema", vec!["Person"], vec!["LegalEntity"]),
                ("alias", vec!["Haj Qasem"], vec!["Haj Qasem", "Sardar"]),
                ("name", vec!["Qasem Soleimani"], vec![]),
                ("passportNumber", vec![], vec!["008827"]),
                (
                    "identifiers",
                    vec![],
                    vec!["passport 008827; expires: 2010"]
                ),
                ("links", vec![], vec!["Family (X); note: brother"]),
            ]
        );
    }

    #[test]
    fn sanctions_render_every_part() {
        let mut sanction = Sanction::new(SourceId::OfacSdn, "10481");
        sanction.programs = vec!["SDGT".into(), "IRGC".into()];
        sanction.listing_date = PartialDate::ymd(2007, 10, 25);
        sanction.flags = vec!["Subject to Secondary Sanctions".into()];
        assert_eq!(
            render_sanction(&sanction),
            "ofac-sdn 10481; programs: SDGT, IRGC; listed: 2007-10-25; \
             flags: Subject to Secondary Sanctions; \
             authority: US Department of the Treasury, Office of Foreign Assets Control"
        );
    }
}
