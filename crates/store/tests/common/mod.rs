//! Helpers shared by the store's tests and its measurement example: dates,
//! version metadata, and generated list entries shaped like real ones.
#![allow(dead_code)]

use chrono::NaiveDate;
use interdict_model::{
    Entity, EntityId, IdKind, Identifier, Link, PartialDate, Prop, Relation, Sanction, Schema,
    SourceId,
};
use interdict_store::NewVersion;

/// `"2020-01-31"` as a date.
pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Version metadata with no files.
pub fn meta<'a>(source: SourceId, published: &str, sha256: &'a str) -> NewVersion<'a> {
    with_files(source, published, sha256, &[])
}

/// Version metadata with files.
pub fn with_files<'a>(
    source: SourceId,
    published: &str,
    sha256: &'a str,
    files: &'a [(String, &'a [u8])],
) -> NewVersion<'a> {
    NewVersion {
        source,
        published: day(published),
        sha256,
        format: "test",
        files,
        report: r#"{"records":0}"#,
    }
}

/// A person with a name.
pub fn person(source: SourceId, native: &str, name: &str) -> Entity {
    let mut entity = Entity::new(EntityId::new(source, native), Schema::Person);
    entity.add(Prop::Name, name);
    entity
}

/// The ids of some entities, as text.
pub fn ids(entities: &[Entity]) -> Vec<String> {
    entities.iter().map(|e| e.id.to_string()).collect()
}

const GIVEN: [&str; 8] = [
    "Qasem", "Ali", "Maria", "Viktor", "Kim", "Ahmad", "Olena", "Hassan",
];
const FAMILY: [&str; 8] = [
    "SOLEIMANI",
    "PETROV",
    "AL-RASHID",
    "KOVALENKO",
    "PARK",
    "HOSSEINI",
    "IVANOVA",
    "MANSOUR",
];
const PROGRAMS: [&str; 6] = [
    "SDGT",
    "IRGC",
    "RUSSIA-EO14024",
    "UKRAINE-EO13660",
    "DPRK3",
    "SYRIA",
];
const COUNTRIES: [&str; 6] = [
    "Iran",
    "Russia",
    "Syria",
    "Korea, North",
    "Ukraine",
    "Lebanon",
];

/// Entry `i` of a generated list, shaped like an OFAC SDN entry: names,
/// aliases, dates, an address, a passport, a sanction, sometimes a link.
/// `tag` goes into the names of odd entries, so that two tags give two lists
/// that share the even half.
pub fn generated(source: SourceId, i: usize, tag: &str) -> Entity {
    let person = !i.is_multiple_of(5);
    let schema = if person {
        Schema::Person
    } else {
        Schema::Company
    };
    let mut entity = Entity::new(EntityId::new(source, &(10_000 + i).to_string()), schema);
    let given = GIVEN[i % GIVEN.len()];
    let family = FAMILY[(i / 8) % FAMILY.len()];
    let suffix = if i % 2 == 1 { tag } else { "" };
    if person {
        entity.add(Prop::Name, &format!("{family}, {given} {i}{suffix}"));
        entity.add(Prop::FirstName, given);
        entity.add(Prop::LastName, family);
        entity.add(Prop::Alias, &format!("{given} {family}-{i}"));
        entity.add(Prop::WeakAlias, &format!("Abu {given} {i}"));
        let birth = PartialDate::ymd(
            1940 + (i % 60) as u16,
            1 + (i % 12) as u8,
            1 + (i % 28) as u8,
        )
        .unwrap();
        entity.add_date(Prop::BirthDate, birth);
        entity.add(
            Prop::BirthPlace,
            &format!("{}, {}", family, COUNTRIES[i % 6]),
        );
        entity.add(Prop::Nationality, COUNTRIES[i % 6]);
        entity.add(
            Prop::Gender,
            if i.is_multiple_of(3) {
                "female"
            } else {
                "male"
            },
        );
        let mut passport = Identifier::new(IdKind::Passport, "Passport", &format!("P{:08}", i * 7));
        passport.country = Some(COUNTRIES[(i + 1) % 6].to_string());
        passport.issued = PartialDate::year_month(2010 + (i % 10) as u16, 1 + (i % 12) as u8);
        entity.add_identifier(passport);
    } else {
        entity.add(
            Prop::Name,
            &format!("{family} TRADING COMPANY {i} LLC{suffix}"),
        );
        entity.add(Prop::Alias, &format!("{family} TRADING {i}"));
        entity.add(Prop::Country, COUNTRIES[i % 6]);
        entity.add_identifier(Identifier::new(
            IdKind::Registration,
            "Registration Number",
            &format!("{}", 1_000_000 + i),
        ));
        entity.links.push(Link {
            relation: Relation::LinkedTo,
            target_id: Some(EntityId::new(source, &(10_001 + i).to_string())),
            target_name: None,
            note: None,
        });
    }
    entity.add(
        Prop::Address,
        &format!("{} Street {i}, Tehran, {}", 1 + i % 300, COUNTRIES[i % 6]),
    );
    let mut sanction = Sanction::new(source, &(10_000 + i).to_string());
    sanction.programs = vec![PROGRAMS[i % 6].to_string()];
    if i.is_multiple_of(4) {
        sanction.programs.push(PROGRAMS[(i + 1) % 6].to_string());
        sanction.flags = vec!["Subject to Secondary Sanctions".into()];
    }
    sanction.listing_date = PartialDate::ymd(2001 + (i % 23) as u16, 1 + (i % 12) as u8, 1);
    entity.sanctions.push(sanction);
    if i.is_multiple_of(10) {
        entity.add(
            Prop::Notes,
            "Additional Sanctions Information - see remarks.",
        );
    }
    entity
}

/// `count` generated entries.
pub fn generated_list(source: SourceId, count: usize, tag: &str) -> Vec<Entity> {
    (0..count).map(|i| generated(source, i, tag)).collect()
}
