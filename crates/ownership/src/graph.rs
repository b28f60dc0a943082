//! The relationship graph: every party the lists or the user name, and every
//! link between them, in a compact adjacency (CSR) so a query touches only
//! the nodes it walks.
//!
//! Nodes are listed entities (keyed by their id), ids a list cites that are
//! not in the versions loaded, and parties known only by a name (keyed by the
//! normalised name: a `Linked To:` name that names no entity, or a user's
//! unlisted company). Edges keep the kind of link, the percent when stated,
//! the source that states it and its note. An ownership edge always points
//! from the owner to what it owns.

use std::collections::{HashMap, HashSet};

use interdict_model::{Entity, EntityId, Prop, Relation, Schema, SourceId};

use crate::percent::Percent;

/// The kind of a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum EdgeKind {
    /// OFAC `Linked To:`: an unspecified tie to another listed party.
    LinkedTo,
    /// Ownership or control, from owner to owned.
    Ownership,
    /// Director or officer of an organization.
    Directorship,
    /// Family tie.
    Family,
    /// Associate.
    Associate,
    /// Any other stated link.
    UnknownLink,
}

impl EdgeKind {
    /// FtM-style name.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::LinkedTo => "LinkedTo",
            EdgeKind::Ownership => "Ownership",
            EdgeKind::Directorship => "Directorship",
            EdgeKind::Family => "Family",
            EdgeKind::Associate => "Associate",
            EdgeKind::UnknownLink => "UnknownLink",
        }
    }

    fn from_relation(relation: Relation) -> EdgeKind {
        match relation {
            Relation::LinkedTo => EdgeKind::LinkedTo,
            Relation::Ownership => EdgeKind::Ownership,
            Relation::Directorship => EdgeKind::Directorship,
            Relation::Family => EdgeKind::Family,
            Relation::Associate => EdgeKind::Associate,
            Relation::UnknownLink => EdgeKind::UnknownLink,
        }
    }
}

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// An entity of the versions loaded.
    Entity,
    /// An entity id a list or the user cites that is not in the versions loaded.
    CitedId,
    /// A party known only by its name.
    Name,
}

/// One node, as the graph shows it.
#[derive(Clone, Copy, Debug)]
pub struct NodeRef<'g> {
    /// Index in the graph.
    pub index: u32,
    /// Entity id, or `name:<normalised name>`.
    pub key: &'g str,
    /// Display name.
    pub name: &'g str,
    /// What the node stands for.
    pub kind: NodeKind,
}

const NONE: u32 = u32::MAX;
const REVERSE: u32 = 1 << 31;

#[derive(Clone, Debug)]
struct Node {
    key: Box<str>,
    name: Box<str>,
    kind: NodeKind,
}

/// One edge as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Edge {
    from: u32,
    to: u32,
    kind: EdgeKind,
    /// Millionths of a percent, or [`NONE`].
    percent: u32,
    source: u32,
    note: u32,
}

/// One edge, as the graph shows it.
#[derive(Clone, Copy, Debug)]
pub struct EdgeRef<'g> {
    /// Index in the graph.
    pub index: u32,
    /// The party stating the link, or the owner for ownership.
    pub from: u32,
    /// The other party, or the owned for ownership.
    pub to: u32,
    /// The kind of link.
    pub kind: EdgeKind,
    /// The share owned, when stated.
    pub percent: Option<Percent>,
    /// Who states it: a list source (`ofac-sdn`) or `user:<file name>`.
    pub source: &'g str,
    /// The list's own words for it, when kept.
    pub note: Option<&'g str>,
}

/// The relationship graph, immutable once built. `Send + Sync`.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    strings: Vec<Box<str>>,
    by_key: HashMap<Box<str>, u32>,
    by_name: HashMap<String, Vec<u32>>,
    /// CSR over all edges, both directions: `adj[adj_off[n]..adj_off[n+1]]`
    /// are edge indices, with [`REVERSE`] set when `n` is the edge's `to`.
    adj_off: Vec<u32>,
    adj: Vec<u32>,
    /// CSR of ownership edges by owner.
    owned_off: Vec<u32>,
    owned: Vec<u32>,
    /// CSR of ownership edges by owned.
    owners_off: Vec<u32>,
    owners: Vec<u32>,
    /// Links by name that could not be resolved to one entity.
    pub unresolved: usize,
}

/// Normalises a name for exact matching: Latin script, lower case, every run
/// of non-alphanumerics one space. `AL QA'IDA.` → `al qa ida`.
pub fn normalize_name(name: &str) -> String {
    let latin = interdict_text::to_latin(name);
    let mut out = String::with_capacity(latin.len());
    for word in latin.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// How a user or list names a party in an edge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Party {
    /// An entity id (`ofac-sdn:12345`).
    Id(String),
    /// A free name of a party that may not be listed.
    Name(String),
}

impl Party {
    /// An entity id when the text is one (known source prefix), else a name.
    pub fn from_text(text: &str) -> Party {
        match EntityId::parse(text.trim()) {
            Some(id) => Party::Id(id.as_str().to_string()),
            None => Party::Name(text.trim().to_string()),
        }
    }
}

struct PendingLink {
    from: u32,
    source: SourceId,
    target: String,
    kind: EdgeKind,
    reverse: bool,
    note: Option<String>,
}

/// Collects nodes and edges, then [`GraphBuilder::build`]s the [`Graph`].
#[derive(Default)]
pub struct GraphBuilder {
    graph: Graph,
    strings: HashMap<Box<str>, u32>,
    pending: Vec<PendingLink>,
    seen: HashSet<Edge>,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> GraphBuilder {
        GraphBuilder::default()
    }

    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&ix) = self.strings.get(text) {
            return ix;
        }
        let ix = self.graph.strings.len() as u32;
        self.graph.strings.push(text.into());
        self.strings.insert(text.into(), ix);
        ix
    }

    fn node(&mut self, key: &str, name: &str, kind: NodeKind) -> u32 {
        if let Some(&ix) = self.graph.by_key.get(key) {
            let node = &mut self.graph.nodes[ix as usize];
            // An entity seen after it was cited takes its proper place.
            if kind == NodeKind::Entity && node.kind != NodeKind::Entity {
                node.kind = NodeKind::Entity;
                node.name = name.into();
            }
            return ix;
        }
        let ix = self.graph.nodes.len() as u32;
        self.graph.nodes.push(Node {
            key: key.into(),
            name: name.into(),
            kind,
        });
        self.graph.by_key.insert(key.into(), ix);
        if kind == NodeKind::Name {
            let normalized = key.strip_prefix("name:").unwrap_or(key).to_string();
            self.graph.by_name.entry(normalized).or_default().push(ix);
        }
        ix
    }

    /// The node of a party: an entity id (created as a cited id if no
    /// entity of that id was added), or a name (`name:<normalised>`).
    pub fn party(&mut self, party: &Party) -> u32 {
        match party {
            Party::Id(id) => self.node(id, id, NodeKind::CitedId),
            Party::Name(name) => self.name_node(name),
        }
    }

    fn name_node(&mut self, name: &str) -> u32 {
        let key = format!("name:{}", normalize_name(name));
        self.node(&key, name.trim(), NodeKind::Name)
    }

    /// Adds an edge between two nodes. Ownership edges go from owner to
    /// owned. Exact duplicates (same ends, kind, percent and source) are kept
    /// once.
    pub fn edge(
        &mut self,
        from: u32,
        to: u32,
        kind: EdgeKind,
        percent: Option<Percent>,
        source: &str,
        note: Option<&str>,
    ) {
        if from == to {
            return;
        }
        let source = self.intern(source);
        let note = note.map_or(NONE, |n| self.intern(n));
        let edge = Edge {
            from,
            to,
            kind,
            percent: percent.map_or(NONE, |p| p.micros() as u32),
            source,
            note,
        };
        let key = Edge { note: NONE, ..edge };
        if self.seen.insert(key) {
            self.graph.edges.push(edge);
        }
    }

    /// Adds the entities of list versions: party entities become nodes, their
    /// stated links and FtM relationship entities (Ownership, Directorship,
    /// Family, Associate, UnknownLink, ...) become edges. Links given by name
    /// are resolved when the graph is built.
    pub fn add_entities<'e>(&mut self, entities: impl IntoIterator<Item = &'e Entity>) {
        let entities: Vec<&Entity> = entities.into_iter().collect();
        for entity in &entities {
            if entity.schema.is_party() {
                // FtM's own caption (OpenSanctions) is the display name it chose
                // among names in many scripts.
                let name = entity
                    .first(Prop::Other("caption".into()))
                    .unwrap_or_else(|| entity.caption());
                let ix = self.node(entity.id.as_str(), name, NodeKind::Entity);
                for prop in [Prop::Name, Prop::Alias] {
                    for name in entity.get(prop) {
                        let normalized = normalize_name(name);
                        if normalized.is_empty() {
                            continue;
                        }
                        let list = self.graph.by_name.entry(normalized).or_default();
                        if !list.contains(&ix) {
                            list.push(ix);
                        }
                    }
                }
            }
        }
        for entity in entities {
            if entity.schema.is_party() {
                self.add_links(entity);
            } else {
                self.add_relationship_entity(entity);
            }
        }
    }

    fn add_links(&mut self, entity: &Entity) {
        let from = self.graph.by_key[entity.id.as_str()];
        let source = entity.id.source();
        for link in &entity.links {
            let mut kind = EdgeKind::from_relation(link.relation);
            let mut note = link.note.clone();
            // Ownership links say in their note which way they point.
            let mut reverse = false;
            if kind == EdgeKind::Ownership {
                let lower = note.as_deref().unwrap_or("").to_ascii_lowercase();
                if lower.starts_with("owned or controlled by") || lower == "parent company" {
                    reverse = true;
                } else if lower.starts_with("owns") || lower == "subsidiary" {
                    reverse = false;
                } else {
                    kind = EdgeKind::UnknownLink;
                    note = Some(format!(
                        "ownership, direction not stated{}",
                        note.map(|n| format!(": {n}")).unwrap_or_default()
                    ));
                }
            }
            match (&link.target_id, &link.target_name) {
                (Some(id), name) => {
                    let to = self.node(
                        id.as_str(),
                        name.as_deref().unwrap_or(id.as_str()),
                        NodeKind::CitedId,
                    );
                    let (a, b) = if reverse { (to, from) } else { (from, to) };
                    self.edge(a, b, kind, None, source.as_str(), note.as_deref());
                }
                (None, Some(name)) => self.pending.push(PendingLink {
                    from,
                    source,
                    target: name.clone(),
                    kind,
                    reverse,
                    note,
                }),
                (None, None) => {}
            }
        }
    }

    fn add_relationship_entity(&mut self, entity: &Entity) {
        let Schema::Other(schema) = &entity.schema else {
            return;
        };
        let (kind, a, b) = match schema.as_str() {
            "Ownership" => (EdgeKind::Ownership, "owner", "asset"),
            "Directorship" => (EdgeKind::Directorship, "director", "organization"),
            "Family" => (EdgeKind::Family, "person", "relative"),
            "Associate" => (EdgeKind::Associate, "person", "associate"),
            "UnknownLink" => (EdgeKind::UnknownLink, "subject", "object"),
            "Employment" => (EdgeKind::UnknownLink, "employee", "employer"),
            "Membership" => (EdgeKind::UnknownLink, "member", "organization"),
            "Representation" => (EdgeKind::UnknownLink, "agent", "client"),
            _ => return,
        };
        let source = entity.id.source();
        let get = |name: &str| entity.get(Prop::Other(name.to_string()));
        let percent = get("percentage")
            .iter()
            .find_map(|p| Percent::parse(p).ok());
        let mut note: Vec<String> = Vec::new();
        if kind == EdgeKind::UnknownLink && schema != "UnknownLink" {
            note.push(schema.clone());
        }
        for prop in ["role", "relationship"] {
            note.extend(get(prop).iter().cloned());
        }
        let note = (!note.is_empty()).then(|| note.join("; "));
        for left in get(a) {
            for right in get(b) {
                let from = self.cited(source, left);
                let to = self.cited(source, right);
                self.edge(from, to, kind, percent, source.as_str(), note.as_deref());
            }
        }
    }

    fn cited(&mut self, source: SourceId, native: &str) -> u32 {
        let id = EntityId::new(source, native);
        self.node(id.as_str(), id.as_str(), NodeKind::CitedId)
    }

    /// Resolves the links given by name and lays out the adjacency.
    ///
    /// A name resolves to an entity when, after [`normalize_name`], exactly
    /// one entity of the linking entity's own source bears it (name or strong
    /// alias); failing that, exactly one entity of any source. Otherwise the
    /// link points to a node for the name itself.
    pub fn build(mut self) -> Graph {
        let pending = std::mem::take(&mut self.pending);
        for link in pending {
            let normalized = normalize_name(&link.target);
            let entity_candidates: Vec<u32> = self
                .graph
                .by_name
                .get(&normalized)
                .map(|c| {
                    c.iter()
                        .copied()
                        .filter(|&n| {
                            n != link.from && self.graph.nodes[n as usize].kind == NodeKind::Entity
                        })
                        .collect()
                })
                .unwrap_or_default();
            let same_source: Vec<u32> = entity_candidates
                .iter()
                .copied()
                .filter(|&n| {
                    self.graph.nodes[n as usize]
                        .key
                        .split_once(':')
                        .is_some_and(|(s, _)| s == link.source.as_str())
                })
                .collect();
            let to = match (same_source.as_slice(), entity_candidates.as_slice()) {
                ([one], _) => *one,
                ([], [one]) => *one,
                _ => {
                    self.graph.unresolved += 1;
                    self.name_node(&link.target)
                }
            };
            let (a, b) = if link.reverse {
                (to, link.from)
            } else {
                (link.from, to)
            };
            self.edge(
                a,
                b,
                link.kind,
                None,
                link.source.as_str(),
                link.note.as_deref(),
            );
        }
        let mut graph = self.graph;
        let n = graph.nodes.len();
        let edges = &graph.edges;
        let (adj_off, adj) = csr(
            n,
            edges
                .iter()
                .enumerate()
                .flat_map(|(i, e)| [(e.from, i as u32), (e.to, i as u32 | REVERSE)]),
        );
        let ownership = || {
            edges
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == EdgeKind::Ownership)
        };
        let (owned_off, owned) = csr(n, ownership().map(|(i, e)| (e.from, i as u32)));
        let (owners_off, owners) = csr(n, ownership().map(|(i, e)| (e.to, i as u32)));
        graph.adj_off = adj_off;
        graph.adj = adj;
        graph.owned_off = owned_off;
        graph.owned = owned;
        graph.owners_off = owners_off;
        graph.owners = owners;
        graph
    }
}

/// Counting sort of `(node, value)` pairs into offsets and values.
fn csr(n: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut off = vec![0u32; n + 1];
    for (node, _) in pairs.clone() {
        off[node as usize + 1] += 1;
    }
    for i in 0..n {
        off[i + 1] += off[i];
    }
    let mut fill = off.clone();
    let mut values = vec![0u32; off[n] as usize];
    for (node, value) in pairs {
        let slot = &mut fill[node as usize];
        values[*slot as usize] = value;
        *slot += 1;
    }
    (off, values)
}

impl Graph {
    /// How many nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// How many edges.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// One node.
    pub fn node(&self, index: u32) -> NodeRef<'_> {
        let node = &self.nodes[index as usize];
        NodeRef {
            index,
            key: &node.key,
            name: &node.name,
            kind: node.kind,
        }
    }

    /// The node of an entity id or name key.
    pub fn by_key(&self, key: &str) -> Option<u32> {
        self.by_key.get(key).copied()
    }

    /// The nodes a user's party text denotes: the node of that entity id, or
    /// every node whose name (or strong alias) is that name once normalised.
    pub fn find(&self, party: &str) -> Vec<u32> {
        if let Some(ix) = self.by_key(party.trim()) {
            return vec![ix];
        }
        if EntityId::parse(party.trim()).is_some() {
            return Vec::new();
        }
        let mut found = self
            .by_name
            .get(&normalize_name(party))
            .cloned()
            .unwrap_or_default();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// One edge.
    pub fn edge(&self, index: u32) -> EdgeRef<'_> {
        let edge = &self.edges[index as usize];
        EdgeRef {
            index,
            from: edge.from,
            to: edge.to,
            kind: edge.kind,
            percent: (edge.percent != NONE).then(|| {
                Percent::from_micros(u64::from(edge.percent)).expect("stored percents are valid")
            }),
            source: &self.strings[edge.source as usize],
            note: (edge.note != NONE).then(|| &*self.strings[edge.note as usize]),
        }
    }

    /// Every edge at a node, with the node at its other end and whether the
    /// node is the edge's `to` end.
    pub fn neighbours(&self, node: u32) -> impl Iterator<Item = (u32, u32, bool)> + '_ {
        let range = self.adj_off[node as usize] as usize..self.adj_off[node as usize + 1] as usize;
        self.adj[range].iter().map(move |&packed| {
            let edge = packed & !REVERSE;
            let reverse = packed & REVERSE != 0;
            let e = &self.edges[edge as usize];
            (if reverse { e.from } else { e.to }, edge, reverse)
        })
    }

    /// The ownership edges from an owner.
    pub fn owned_edges(&self, owner: u32) -> &[u32] {
        &self.owned
            [self.owned_off[owner as usize] as usize..self.owned_off[owner as usize + 1] as usize]
    }

    /// The ownership edges into an owned party.
    pub fn owner_edges(&self, owned: u32) -> &[u32] {
        &self.owners
            [self.owners_off[owned as usize] as usize..self.owners_off[owned as usize + 1] as usize]
    }

    /// The nodes of entities and cited ids: those a listing can apply to.
    pub fn id_nodes(&self) -> impl Iterator<Item = NodeRef<'_>> + '_ {
        (0..self.nodes.len() as u32)
            .map(|i| self.node(i))
            .filter(|n| n.kind != NodeKind::Name)
    }
}
