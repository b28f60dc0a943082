//! Clustering: union-find over the records, evidence applied strongest first,
//! with the two rules that keep chains of weak evidence from merging parties:
//! a declared "not the same" is never crossed, and automatic evidence never
//! joins two records of one source.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use chrono::NaiveDate;
use interdict_model::{Entity, EntityId, Schema, SourceId};
use interdict_screening::ScreeningSet;
use interdict_store::{Store, VersionInfo};

use crate::declared::{Declaration, Verdict};
use crate::evidence::{self, Candidate, Evidence, EvidenceKind, Facts, Link};
use crate::LinkageError;

/// Which evidence to use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Use OpenSanctions `referents` as cross-references. Off when measuring
    /// linkage against those same referents.
    pub referents: bool,
    /// Include the OpenSanctions records themselves.
    pub opensanctions: bool,
    /// Use matcher evidence (names with birth date or country).
    pub names: bool,
    /// Include the records that earlier versions held and the versions in
    /// force no longer hold (needed to show delistings).
    pub former: bool,
}

impl Default for Options {
    /// Every kind of evidence, every record.
    fn default() -> Options {
        Options {
            referents: true,
            opensanctions: true,
            names: true,
            former: true,
        }
    }
}

/// One record of a party.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The record.
    pub id: EntityId,
    /// Its schema.
    pub schema: Schema,
    /// Its display name.
    pub caption: String,
    /// Whether the version of its source in force holds it (else an earlier
    /// version did: the record was delisted).
    pub in_force: bool,
}

/// Why evidence was not applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A declared "not the same" separates the two sides.
    DeclaredNotSame {
        /// The declared pair that would have been joined.
        a: EntityId,
        /// Its other record.
        b: EntityId,
    },
    /// Both sides already hold a record of this source.
    SameSource(SourceId),
}

/// Evidence that was found and not applied, with the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct RefusedLink {
    /// The link proposed.
    pub link: Link,
    /// Why it was not applied.
    pub refusal: Refusal,
}

/// One party: its records and the evidence joining them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Party {
    /// Member positions in [`Clusters::members`], in id order.
    pub members: Vec<u32>,
    /// The evidence applied (including evidence between records already
    /// joined by stronger evidence), strongest first.
    pub links: Vec<Link>,
    /// Evidence touching this party that was refused.
    pub refused: Vec<RefusedLink>,
}

/// What a build did and how long it took.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BuildStats {
    /// Records of the versions in force.
    pub in_force: usize,
    /// Records held only by earlier versions.
    pub former: usize,
    /// Parties with more than one record.
    pub linked_parties: usize,
    /// Records in those parties.
    pub linked_records: usize,
    /// Links applied, per kind.
    pub links: Vec<(EvidenceKind, usize)>,
    /// Links refused.
    pub refused: usize,
    /// Declarations naming a record not held.
    pub unresolved_declarations: usize,
    /// Seconds reading the earlier versions' records.
    pub former_seconds: f64,
    /// Seconds gathering evidence and clustering.
    pub link_seconds: f64,
    /// Of which: seconds screening names (matcher evidence).
    pub name_seconds: f64,
}

/// The parties of a set of list versions.
#[derive(Debug)]
pub struct Clusters {
    /// The versions in force the clusters were built from, one per source.
    pub versions: Vec<VersionInfo>,
    /// Sources held whose first version is later than `as_of`: unknown then.
    pub unknown: Vec<(SourceId, VersionInfo)>,
    /// The date the clusters are as of (`None`: the latest versions).
    pub as_of: Option<NaiveDate>,
    /// Every record.
    pub members: Vec<Member>,
    /// The parties; every record is in exactly one.
    pub parties: Vec<Party>,
    /// What the build did.
    pub stats: BuildStats,
    by_id: HashMap<EntityId, u32>,
    party_of: Vec<u32>,
}

impl Clusters {
    /// Loads the versions in force (latest, or on `as_of`) and clusters them.
    pub fn load(
        store: &Store,
        as_of: Option<NaiveDate>,
        declared: &[Declaration],
        options: &Options,
    ) -> Result<Clusters, LinkageError> {
        let set = interdict_screening::load_screening_set(store, &[], as_of)?;
        Clusters::build(store, &set, as_of, declared, options)
    }

    /// Clusters the records of a screening set (already loaded, e.g. by the
    /// server at start) and of the earlier versions of its sources.
    pub fn build(
        store: &Store,
        set: &ScreeningSet,
        as_of: Option<NaiveDate>,
        declared: &[Declaration],
        options: &Options,
    ) -> Result<Clusters, LinkageError> {
        Clusters::build_focused(store, set, as_of, declared, options, None)
    }

    /// Loads the versions in force (latest, or on `as_of`) and builds only
    /// the party of `id`: see [`Clusters::around`].
    pub fn load_around(
        store: &Store,
        id: &EntityId,
        as_of: Option<NaiveDate>,
        declared: &[Declaration],
        options: &Options,
    ) -> Result<Clusters, LinkageError> {
        let set = interdict_screening::load_screening_set(store, &[], as_of)?;
        Clusters::around(store, &set, id, as_of, declared, options)
    }

    /// Builds only the party of `id`, for one view (`interdict show`):
    /// starting from the record, it collects the records evidence links to
    /// (cross-references and identifiers from maps over every record, names
    /// by screening the collected records' names) until nothing new is
    /// reached, then clusters those records with the rules and the order of
    /// [`Clusters::build`], so the party of `id` is the one the full build
    /// gives. Every other record is left a party of its own, and `stats`
    /// counts only what this build did.
    pub fn around(
        store: &Store,
        set: &ScreeningSet,
        id: &EntityId,
        as_of: Option<NaiveDate>,
        declared: &[Declaration],
        options: &Options,
    ) -> Result<Clusters, LinkageError> {
        Clusters::build_focused(store, set, as_of, declared, options, Some(id))
    }

    fn build_focused(
        store: &Store,
        set: &ScreeningSet,
        as_of: Option<NaiveDate>,
        declared: &[Declaration],
        options: &Options,
        focus: Option<&EntityId>,
    ) -> Result<Clusters, LinkageError> {
        let started = Instant::now();
        let former = if options.former {
            former_records(store, &set.versions)?
        } else {
            Vec::new()
        };
        let former_seconds = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let keep = |e: &Entity| options.opensanctions || e.id.source() != SourceId::OpenSanctions;
        // Records in force come first, in the index's order: the name
        // evidence relies on index positions being record positions.
        let mut facts: Vec<Facts> = set.entities.iter().map(Facts::new).collect();
        let in_force = facts.len();
        facts.extend(former.iter().filter(|e| keep(e)).map(Facts::new));
        let excluded: Vec<bool> = facts.iter().map(|f| !keep(f.entity)).collect();
        let by_id_ref: evidence::ById = facts
            .iter()
            .enumerate()
            .filter(|(i, _)| !excluded[*i])
            .map(|(i, f)| (f.entity.id.as_str(), i as u32))
            .collect();

        let mut candidates = evidence::cross_references(&facts, &by_id_ref, options.referents);
        candidates.extend(evidence::identifiers(&facts));
        let names_started = Instant::now();
        // The records whose party is built (`None`: every record).
        let mut scope: Option<Vec<bool>> = None;
        match focus {
            None if options.names => candidates.extend(evidence::names(&facts, set)),
            None => {}
            Some(id) => {
                let focus = Focus {
                    facts: &facts,
                    set,
                    declared,
                    by_id: &by_id_ref,
                    excluded: &excluded,
                    names: options.names,
                };
                scope = Some(focus.narrow(id, &mut candidates));
            }
        }
        let name_seconds = names_started.elapsed().as_secs_f64();
        candidates.retain(|c| !excluded[c.a as usize] && !excluded[c.b as usize]);
        // Strongest kind first; within a kind, the highest score first.
        candidates.sort_by(|x, y| {
            x.evidence
                .kind
                .cmp(&y.evidence.kind)
                .then(y.evidence.score.total_cmp(&x.evidence.score))
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });

        let members: Vec<Member> = facts
            .iter()
            .enumerate()
            .map(|(i, f)| Member {
                id: f.entity.id.clone(),
                schema: f.entity.schema.clone(),
                caption: f.entity.caption().to_string(),
                in_force: i < in_force,
            })
            .collect();
        let by_id: HashMap<EntityId, u32> = by_id_ref
            .iter()
            .map(|(_, &i)| (members[i as usize].id.clone(), i))
            .collect();
        drop(facts);
        let in_scope = |i: u32| scope.as_ref().is_none_or(|inside| inside[i as usize]);

        let mut dsu = Dsu::new(&members);
        let mut unresolved = 0;
        // Declarations: splits first (as constraints), then the declared links.
        for declaration in declared.iter().filter(|d| d.verdict == Verdict::NotSame) {
            match (by_id.get(&declaration.a), by_id.get(&declaration.b)) {
                (Some(&a), Some(&b)) if !(in_scope(a) && in_scope(b)) => {}
                (Some(&a), Some(&b)) => dsu.forbid(a, b),
                _ => unresolved += 1,
            }
        }
        let declared_links = declared_candidates(declared, &by_id, &in_scope, &mut unresolved);
        let (applied, refused) = apply(
            &mut dsu,
            &members,
            declared_links.into_iter().chain(candidates),
        );
        let refused_count = refused.len();
        let (parties, party_of, counts) = parties_of(&mut dsu, &members, applied, refused);
        let mut links: Vec<(EvidenceKind, usize)> = counts.into_iter().collect();
        links.sort_unstable();
        let linked: Vec<&Party> = parties.iter().filter(|p| p.members.len() > 1).collect();
        let stats = BuildStats {
            in_force,
            former: members.len() - in_force,
            linked_parties: linked.len(),
            linked_records: linked.iter().map(|p| p.members.len()).sum(),
            links,
            refused: refused_count,
            unresolved_declarations: unresolved,
            former_seconds,
            link_seconds: started.elapsed().as_secs_f64(),
            name_seconds,
        };
        Ok(Clusters {
            versions: set.versions.clone(),
            unknown: set.unknown.clone(),
            as_of,
            members,
            parties,
            stats,
            by_id,
            party_of,
        })
    }

    /// The position of a record in [`Clusters::members`].
    pub fn position(&self, id: &EntityId) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The party of a record, if the record is held.
    pub fn party(&self, id: &EntityId) -> Option<&Party> {
        let position = self.position(id)?;
        Some(&self.parties[self.party_of[position as usize] as usize])
    }

    /// The records of the party of `id` (just `id` when it is linked to
    /// nothing; empty when it is not held).
    pub fn members_of(&self, id: &EntityId) -> Vec<&Member> {
        self.party(id)
            .map(|party| {
                party
                    .members
                    .iter()
                    .map(|&i| &self.members[i as usize])
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether two records are in one party.
    pub fn same_party(&self, a: &EntityId, b: &EntityId) -> bool {
        match (self.position(a), self.position(b)) {
            (Some(a), Some(b)) => self.party_of[a as usize] == self.party_of[b as usize],
            _ => false,
        }
    }
}

/// What building the party of one record reads.
struct Focus<'a, 'f> {
    facts: &'a [Facts<'f>],
    set: &'a ScreeningSet,
    declared: &'a [Declaration],
    by_id: &'a evidence::ById<'f>,
    excluded: &'a [bool],
    names: bool,
}

impl Focus<'_, '_> {
    /// Keeps only the evidence between the records the party of `id` can reach (adding the
    /// name evidence among them) and returns which records those are.
    fn narrow(&self, id: &EntityId, candidates: &mut Vec<Candidate>) -> Vec<bool> {
        let excluded = self.excluded;
        candidates.retain(|c| !excluded[c.a as usize] && !excluded[c.b as usize]);
        let collected = match self.by_id.get(id.as_str()) {
            Some(&start) => collect(
                self.facts,
                self.set,
                start,
                candidates,
                self.declared,
                self.by_id,
                excluded,
                self.names,
            ),
            None => Vec::new(),
        };
        let mut inside = vec![false; self.facts.len()];
        for &i in &collected {
            inside[i] = true;
        }
        candidates.retain(|c| inside[c.a as usize] && inside[c.b as usize]);
        if self.names {
            candidates.extend(
                evidence::names_of(self.facts, self.set, &collected)
                    .into_iter()
                    .filter(|c| inside[c.a as usize] && inside[c.b as usize]),
            );
        }
        inside
    }
}

/// The declared "same" links between records in scope, as evidence; counts the
/// declarations naming a record not held in `unresolved`.
fn declared_candidates(
    declared: &[Declaration],
    by_id: &HashMap<EntityId, u32>,
    in_scope: &dyn Fn(u32) -> bool,
    unresolved: &mut usize,
) -> Vec<Candidate> {
    declared
        .iter()
        .filter(|d| d.verdict == Verdict::Same)
        .filter_map(|d| {
            let (a, b) = (by_id.get(&d.a), by_id.get(&d.b));
            if a.is_none() || b.is_none() {
                *unresolved += 1;
            }
            if !(in_scope(*a?) && in_scope(*b?)) {
                return None;
            }
            Some(Candidate {
                a: *a?,
                b: *b?,
                evidence: Evidence {
                    kind: EvidenceKind::Declared,
                    detail: format!(
                        "declared by hand on {}{}",
                        d.declared_at.format("%Y-%m-%d %H:%M UTC"),
                        d.note
                            .as_deref()
                            .map(|n| format!(": {n}"))
                            .unwrap_or_default()
                    ),
                    score: 1.0,
                },
            })
        })
        .collect()
}

/// Applies each candidate link in order: a union of two parties, unless a declaration or
/// the one-record-per-source rule refuses it. Returns the links applied (by their first
/// record) and those refused, with why.
#[allow(clippy::type_complexity)]
fn apply(
    dsu: &mut Dsu,
    members: &[Member],
    candidates: impl Iterator<Item = Candidate>,
) -> (Vec<(u32, Link)>, Vec<(u32, u32, RefusedLink)>) {
    let mut applied: Vec<(u32, Link)> = Vec::new();
    let mut refused: Vec<(u32, u32, RefusedLink)> = Vec::new();
    for candidate in candidates {
        let automatic = candidate.evidence.kind != EvidenceKind::Declared;
        let link = Link {
            a: members[candidate.a as usize].id.clone(),
            b: members[candidate.b as usize].id.clone(),
            evidence: candidate.evidence,
        };
        match dsu.union(candidate.a, candidate.b, automatic) {
            Ok(()) => applied.push((candidate.a, link)),
            Err(refusal) => refused.push((
                candidate.a,
                candidate.b,
                RefusedLink {
                    link,
                    refusal: match refusal {
                        DsuRefusal::Forbidden(x, y) => Refusal::DeclaredNotSame {
                            a: members[x as usize].id.clone(),
                            b: members[y as usize].id.clone(),
                        },
                        DsuRefusal::SameSource(source) => Refusal::SameSource(source),
                    },
                },
            )),
        }
    }
    (applied, refused)
}

/// The parties of the union-find, numbered in the order of their first record's id, with
/// the links applied and refused in each, and how many links of each kind were applied.
fn parties_of(
    dsu: &mut Dsu,
    members: &[Member],
    applied: Vec<(u32, Link)>,
    refused: Vec<(u32, u32, RefusedLink)>,
) -> (Vec<Party>, Vec<u32>, HashMap<EvidenceKind, usize>) {
    let mut party_of = vec![u32::MAX; members.len()];
    let mut parties: Vec<Party> = Vec::new();
    let mut root_party: HashMap<u32, u32> = HashMap::new();
    let mut order: Vec<u32> = (0..members.len() as u32).collect();
    order.sort_by(|&x, &y| members[x as usize].id.cmp(&members[y as usize].id));
    for i in order {
        let root = dsu.find(i);
        let party = *root_party.entry(root).or_insert_with(|| {
            parties.push(Party::default());
            (parties.len() - 1) as u32
        });
        party_of[i as usize] = party;
        parties[party as usize].members.push(i);
    }
    let mut counts: HashMap<EvidenceKind, usize> = HashMap::new();
    for (a, link) in applied {
        *counts.entry(link.evidence.kind).or_default() += 1;
        parties[party_of[a as usize] as usize].links.push(link);
    }
    for (a, b, refusal) in refused {
        let (pa, pb) = (party_of[a as usize], party_of[b as usize]);
        parties[pa as usize].refused.push(refusal.clone());
        if pb != pa {
            parties[pb as usize].refused.push(refusal);
        }
    }
    (parties, party_of, counts)
}

/// The positions of the records evidence reaches from `start`, ascending:
/// the candidates given (cross-references, identifiers), the declared links,
/// and (when `names`) the name evidence, found both ways: the records the
/// record's own names find, and the records whose names find it (looked for
/// among the records screening its names finds loosely, and among the
/// records of earlier versions, which the index does not hold).
#[allow(clippy::too_many_arguments)]
fn collect(
    facts: &[Facts],
    set: &ScreeningSet,
    start: u32,
    candidates: &[Candidate],
    declared: &[Declaration],
    by_id: &evidence::ById,
    excluded: &[bool],
    names: bool,
) -> Vec<usize> {
    let mut adjacent: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut edge = |a: u32, b: u32| {
        adjacent.entry(a).or_default().push(b);
        adjacent.entry(b).or_default().push(a);
    };
    for c in candidates {
        edge(c.a, c.b);
    }
    for d in declared.iter().filter(|d| d.verdict == Verdict::Same) {
        if let (Some(&a), Some(&b)) = (by_id.get(d.a.as_str()), by_id.get(d.b.as_str())) {
            edge(a, b);
        }
    }
    let in_force = set.entities.len();
    // What each record's own names find (evidence, not mere hits).
    let mut found: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut finds = |i: u32| -> Vec<u32> {
        found
            .entry(i)
            .or_insert_with(|| {
                evidence::names_of(facts, set, &[i as usize])
                    .into_iter()
                    .map(|c| if c.a == i { c.b } else { c.a })
                    .collect()
            })
            .clone()
    };
    if names {
        // Records of earlier versions are not indexed: what their names find
        // is looked up once, for all of them.
        let former: Vec<usize> = (in_force..facts.len()).filter(|&i| !excluded[i]).collect();
        for c in evidence::names_of(facts, set, &former) {
            edge(c.a, c.b);
        }
    }
    let mut seen: HashSet<u32> = HashSet::from([start]);
    let mut queue = vec![start];
    while let Some(r) = queue.pop() {
        let mut next: Vec<u32> = adjacent.get(&r).cloned().unwrap_or_default();
        if names {
            next.extend(finds(r));
            for j in evidence::name_neighbourhood(facts, set, r as usize) {
                if !seen.contains(&j) && !excluded[j as usize] && finds(j).contains(&r) {
                    next.push(j);
                }
            }
        }
        for j in next {
            if !excluded[j as usize] && seen.insert(j) {
                queue.push(j);
            }
        }
    }
    let mut out: Vec<usize> = seen.into_iter().map(|i| i as usize).collect();
    out.sort_unstable();
    out
}

/// The records the earlier versions of each source held and the version in
/// force does not, each as the last version holding it states it.
fn former_records(store: &Store, in_force: &[VersionInfo]) -> Result<Vec<Entity>, LinkageError> {
    let mut out = Vec::new();
    for version in in_force {
        if version.source == SourceId::OpenSanctions {
            // A delta stream's versions are not publications of one authority.
            continue;
        }
        let mut seen: HashSet<EntityId> = store.entity_ids(version)?.into_iter().collect();
        let mut earlier: Vec<VersionInfo> = store
            .versions(Some(version.source))?
            .into_iter()
            .filter(|v| (v.published, v.seq) < (version.published, version.seq))
            .collect();
        earlier.reverse();
        for old in earlier {
            for id in store.entity_ids(&old)? {
                if seen.contains(&id) {
                    continue;
                }
                if let Some(entity) = store.entity(&id, &old)? {
                    if entity.schema.is_party() {
                        out.push(entity);
                    }
                }
                seen.insert(id);
            }
        }
    }
    Ok(out)
}

enum DsuRefusal {
    Forbidden(u32, u32),
    SameSource(SourceId),
}

/// Union-find with, per root, the sources its records come from and the
/// records it may never be joined with.
struct Dsu {
    parent: Vec<u32>,
    sources: Vec<u8>,
    forbidden: Vec<Vec<(u32, u32)>>,
}

fn source_bit(source: SourceId) -> u8 {
    1 << SourceId::ALL
        .iter()
        .position(|s| *s == source)
        .expect("every source is in SourceId::ALL")
}

impl Dsu {
    fn new(members: &[Member]) -> Dsu {
        Dsu {
            parent: (0..members.len() as u32).collect(),
            sources: members.iter().map(|m| source_bit(m.id.source())).collect(),
            forbidden: vec![Vec::new(); members.len()],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// `a` and `b` may never be in one party.
    fn forbid(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        self.forbidden[ra as usize].push((a, b));
        self.forbidden[rb as usize].push((a, b));
    }

    fn union(&mut self, a: u32, b: u32, automatic: bool) -> Result<(), DsuRefusal> {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return Ok(());
        }
        for &(x, y) in self.forbidden[ra as usize]
            .clone()
            .iter()
            .chain(self.forbidden[rb as usize].clone().iter())
        {
            let (rx, ry) = (self.find(x), self.find(y));
            if (rx == ra && ry == rb) || (rx == rb && ry == ra) {
                return Err(DsuRefusal::Forbidden(x, y));
            }
        }
        let shared = self.sources[ra as usize] & self.sources[rb as usize];
        if automatic && shared != 0 {
            let source = SourceId::ALL[shared.trailing_zeros() as usize];
            return Err(DsuRefusal::SameSource(source));
        }
        self.parent[rb as usize] = ra;
        self.sources[ra as usize] |= self.sources[rb as usize];
        let moved = std::mem::take(&mut self.forbidden[rb as usize]);
        self.forbidden[ra as usize].extend(moved);
        Ok(())
    }
}
