//! US Treasury OFAC lists: the SDN list (`ofac-sdn`) and the consolidated
//! non-SDN lists (`ofac-cons`).
//!
//! OFAC has published the same data in several formats over the years, and
//! a screening engine must read the old ones as well as the current one to
//! replay history:
//!
//! | format                | files                                          | `format`             |
//! |-----------------------|------------------------------------------------|----------------------|
//! | legacy CSV set        | `sdn.csv` `add.csv` `alt.csv` `sdn_comments.csv` (`cons_prim.csv` ... for `ofac-cons`) | `ofac-csv-set` |
//! | `sdnList` XML         | `sdn.xml`, `consolidated.xml`                  | `ofac-sdnlist-xml`   |
//! | Enhanced XML          | `SDN_ENHANCED.XML`, `CONS_ENHANCED.XML`        | `ofac-enhanced-xml`  |
//!
//! The format is recognised from the content (an XML root element) and, for
//! the CSV set, the role of each file from its name. Either entry point reads
//! every format; they differ in the id prefix (`ofac-sdn:10481`,
//! `ofac-cons:9639`) and in which CSV file names they accept, so that a file of
//! one list given as the other is refused.
//!
//! Legacy `SDN_Type` values map to FtM schemata: `individual` → Person,
//! `vessel` → Vessel, `aircraft` → Airplane, and the empty type (OFAC's
//! "entity") → **LegalEntity**. OFAC's entities are companies, banks,
//! government bodies, armed groups and programmes alike, and the list does not
//! say which; LegalEntity is FtM's schema for exactly that, and keeps an
//! entity's schema stable from one version to the next.
//!
//! Most of OFAC's detail sits in the free-text remarks; [`remarks`] reads them.

pub mod dates;
pub mod remarks;

mod csv_set;
mod enhanced_xml;
mod labels;
mod sdn_xml;
mod text;
mod xml;

use std::collections::HashMap;

use chrono::NaiveDate;
use interdict_model::{Entity, EntityId, Prop, Sanction, Schema, SourceId};

use crate::common;
use crate::{ImportReport, Input, ListKind, Location, ParseError, ParseIssue, ParsedList};
use csv_set::Role;

/// Parses an OFAC SDN publication: the legacy CSV set (or `sdn.csv`
/// alone), an `sdnList` XML file, or an Enhanced XML file.
pub fn parse_sdn(inputs: &[Input]) -> Result<ParsedList, ParseError> {
    parse(SourceId::OfacSdn, inputs)
}

/// Parses an OFAC consolidated (non-SDN) publication: the legacy CSV set
/// (`cons_prim.csv`, ...), an `sdnList` XML file, or an Enhanced XML file.
pub fn parse_cons(inputs: &[Input]) -> Result<ParsedList, ParseError> {
    parse(SourceId::OfacCons, inputs)
}

/// What a file is, from its first bytes and its name.
enum Kind {
    Xml,
    Csv(Role),
}

fn sniff(source: SourceId, input: &Input) -> Result<Kind, ParseError> {
    let bytes = input
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&input.bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..];
    let wrong = |reason: String| ParseError::WrongFormat {
        list: source,
        location: Location::line(&input.name, common::line_of(bytes, start)),
        reason,
    };
    if head.starts_with(b"<") {
        return Ok(Kind::Xml);
    }
    if common::is_gzip(head) {
        return Err(wrong("a gzip-compressed file".into()));
    }
    if common::is_zip(head) {
        return Err(wrong("a ZIP archive (xlsx, ods or zip)".into()));
    }
    if head.starts_with(b"{") || head.starts_with(b"[") {
        return Err(wrong("a JSON file".into()));
    }
    let name = input.file_name();
    if let Some(role) = Role::from_name(source, &name) {
        return Ok(Kind::Csv(role));
    }
    let other = match source {
        SourceId::OfacCons => SourceId::OfacSdn,
        _ => SourceId::OfacCons,
    };
    if Role::from_name(other, &name).is_some() {
        return Err(wrong(format!("{name} is a file of the {other} list")));
    }
    Err(wrong(format!(
        "not an OFAC XML file, and {name:?} is not a file of the CSV set ({})",
        Role::names(source)
    )))
}

fn parse(source: SourceId, inputs: &[Input]) -> Result<ParsedList, ParseError> {
    if inputs.is_empty() {
        return Err(ParseError::NoInput { list: source });
    }
    let mut csv_files: Vec<(Role, &Input)> = Vec::new();
    let mut xml_files: Vec<&Input> = Vec::new();
    for input in inputs {
        match sniff(source, input)? {
            Kind::Xml => xml_files.push(input),
            Kind::Csv(role) => csv_files.push((role, input)),
        }
    }
    match (xml_files.as_slice(), csv_files.is_empty()) {
        ([xml], true) => return parse_xml(source, xml),
        ([], false) => {}
        _ => {
            return Err(ParseError::FileSet {
                list: source,
                reason: format!(
                    "an XML publication is one file on its own; got {}",
                    common::file_names(inputs)
                ),
            });
        }
    }
    csv_files.sort_by_key(|(role, _)| *role);
    for pair in csv_files.windows(2) {
        if pair[0].0 == pair[1].0 {
            return Err(ParseError::FileSet {
                list: source,
                reason: format!(
                    "two files of the same role: {}",
                    common::file_names([pair[0].1, pair[1].1])
                ),
            });
        }
    }
    if csv_files[0].0 != Role::Primary {
        let primary = match source {
            SourceId::OfacCons => "cons_prim.csv",
            _ => "sdn.csv",
        };
        return Err(ParseError::FileSet {
            list: source,
            reason: format!(
                "the CSV set has no {primary}; the other files cannot stand alone (got {})",
                common::file_names(csv_files.iter().map(|(_, i)| *i))
            ),
        });
    }
    csv_set::parse(source, &csv_files)
}

fn parse_xml(source: SourceId, input: &Input) -> Result<ParsedList, ParseError> {
    let mut reader = xml::XmlReader::new(input);
    let (root, line) = reader.root()?.ok_or_else(|| ParseError::WrongFormat {
        list: source,
        location: Location::file(&input.name),
        reason: "an XML file without elements".into(),
    })?;
    match root.as_str() {
        "sdnList" => sdn_xml::parse(source, reader),
        "sanctionsData" => enhanced_xml::parse(source, reader),
        other => Err(ParseError::WrongFormat {
            list: source,
            location: Location::line(&input.name, line),
            reason: format!("root element <{other}>; OFAC files have <sdnList> or <sanctionsData>"),
        }),
    }
}

/// The schema of an OFAC type (`individual`, `vessel`, `aircraft`, the empty
/// legacy type or `Entity`). `None` for anything else.
pub(crate) fn schema_for(kind: &str) -> Option<Schema> {
    match kind.trim().to_ascii_lowercase().as_str() {
        "individual" => Some(Schema::Person),
        "vessel" => Some(Schema::Vessel),
        "aircraft" => Some(Schema::Airplane),
        "" | "entity" => Some(Schema::LegalEntity),
        _ => None,
    }
}

/// `SDGT] [SYRIA] [NPWMD` → the program codes.
pub(crate) fn split_programs(text: &str) -> Vec<String> {
    let mut programs: Vec<String> = Vec::new();
    for program in text.split("] [") {
        let program = program
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim();
        if !program.is_empty() && !programs.iter().any(|p| p == program) {
            programs.push(program.to_string());
        }
    }
    programs
}

/// An entity and its one sanction.
pub(crate) fn new_entity(source: SourceId, native: &str, schema: Schema) -> (Entity, Sanction) {
    (
        Entity::new(EntityId::new(source, native), schema),
        Sanction::new(source, native),
    )
}

/// Adds OFAC's primary name. A person's `LAST, First` also gives
/// `lastName` and `firstName`.
pub(crate) fn add_primary_name(entity: &mut Entity, name: &str) {
    entity.add(Prop::Name, name);
    if entity.schema == Schema::Person {
        if let Some((last, first)) = name.split_once(", ") {
            if !first.contains(", ") {
                entity.add(Prop::LastName, last);
                entity.add(Prop::FirstName, first);
            }
        }
    }
}

/// Collects entities in file order and keeps their ids unique.
pub(crate) struct Builder {
    entities: Vec<(Entity, Sanction)>,
    index: HashMap<String, usize>,
}

impl Builder {
    /// An empty builder.
    pub(crate) fn new() -> Builder {
        Builder {
            entities: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// Adds an entity. A second record with the same id is merged into the
    /// first, and reported.
    pub(crate) fn push(
        &mut self,
        entity: Entity,
        sanction: Sanction,
        location: Location,
        report: &mut ImportReport,
    ) {
        let native = entity.id.native().to_string();
        match self.index.get(&native) {
            Some(&i) => {
                report.issues.push(ParseIssue {
                    location,
                    message: format!("second record for {}; merged into the first", entity.id),
                });
                let (first, first_sanction) = &mut self.entities[i];
                merge(first, first_sanction, entity, sanction);
            }
            None => {
                self.index.insert(native, self.entities.len());
                self.entities.push((entity, sanction));
            }
        }
    }

    /// The entity with OFAC id `native`.
    pub(crate) fn get_mut(&mut self, native: &str) -> Option<&mut (Entity, Sanction)> {
        let i = *self.index.get(native)?;
        self.entities.get_mut(i)
    }
}

fn merge(into: &mut Entity, into_sanction: &mut Sanction, from: Entity, sanction: Sanction) {
    for (prop, values) in from.props {
        for value in values {
            into.add(prop.clone(), &value);
        }
    }
    for id in from.identifiers {
        into.add_identifier(id);
    }
    for link in from.links {
        if !into.links.contains(&link) {
            into.links.push(link);
        }
    }
    let lists = [
        (&mut into_sanction.programs, sanction.programs),
        (&mut into_sanction.flags, sanction.flags),
        (&mut into_sanction.provisions, sanction.provisions),
        (&mut into_sanction.summary, sanction.summary),
    ];
    for (into, from) in lists {
        for value in from {
            if !into.contains(&value) {
                into.push(value);
            }
        }
    }
}

/// Fills in the ids of linked parties named by their primary name, where the
/// name is unique on the list (OFAC's `Linked To:` gives only the name). The
/// period OFAC ends its remarks with may have been taken for part of the name,
/// or the other way round; both spellings are tried.
fn resolve_links(entities: &mut [Entity]) {
    let mut by_name: HashMap<String, Option<usize>> = HashMap::new();
    for (i, entity) in entities.iter().enumerate() {
        if let Some(name) = entity.first(Prop::Name) {
            by_name
                .entry(name.to_uppercase())
                .and_modify(|slot| *slot = None)
                .or_insert(Some(i));
        }
    }
    let mut resolved: Vec<(usize, usize, usize)> = Vec::new();
    for (i, entity) in entities.iter().enumerate() {
        for (l, link) in entity.links.iter().enumerate() {
            if link.target_id.is_some() {
                continue;
            }
            let Some(name) = link.target_name.as_deref() else {
                continue;
            };
            let key = name.to_uppercase();
            let candidates = [
                Some(key.clone()),
                key.strip_suffix('.').map(str::to_string),
                Some(format!("{key}.")),
            ];
            if let Some(target) = candidates
                .into_iter()
                .flatten()
                .find_map(|k| by_name.get(&k).copied().flatten())
            {
                resolved.push((i, l, target));
            }
        }
    }
    for (i, l, target) in resolved {
        let (id, name) = (
            entities[target].id.clone(),
            entities[target].first(Prop::Name).map(str::to_string),
        );
        let link = &mut entities[i].links[l];
        link.target_id = Some(id);
        if link.relation == interdict_model::Relation::LinkedTo {
            link.target_name = name;
        }
    }
}

/// Turns collected entities into the parsed list.
pub(crate) fn finish(
    source: SourceId,
    format: &'static str,
    kind: ListKind,
    published: Option<NaiveDate>,
    builder: Builder,
    report: ImportReport,
) -> ParsedList {
    let mut entities: Vec<Entity> = builder
        .entities
        .into_iter()
        .map(|(mut entity, sanction)| {
            entity.sanctions.push(sanction);
            entity
        })
        .collect();
    resolve_links(&mut entities);
    ParsedList {
        source,
        format,
        kind,
        published,
        entities,
        deletions: Vec::new(),
        report,
    }
}
