//! Exposure of one party: the paths from it to listed parties, whether it is
//! blocked by ownership (with the arithmetic), how OFAC's rule would see it,
//! and, for non-US persons, the secondary-sanctions exposure on the way.

use foldhash::{HashMap, HashMapExt};

use chrono::NaiveDate;
use serde::Serialize;

use crate::graph::{EdgeKind, Graph, NodeKind};
use crate::listing::Blocked;
use crate::percent::{Percent, Share};
use crate::rules::{Fixpoint, Jurisdiction, Rule, Status};

/// Nodes one path search may visit before it stops and says so.
const VISIT_CAP: usize = 200_000;

/// What to assess.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExposureRequest {
    /// An entity id (`ofac-sdn:12345`) or a name.
    pub party: String,
    /// Whose ownership rule applies and whose listings block.
    pub jurisdiction: Jurisdiction,
    /// The user is not a US person: report US secondary-sanctions exposure.
    pub non_us: bool,
    /// The day of the assessment (selects the EU Best Practices edition).
    pub on: NaiveDate,
    /// Longest path searched, in links.
    pub max_depth: usize,
    /// Most paths reported.
    pub max_paths: usize,
}

impl ExposureRequest {
    /// A request with the defaults: US rules, US person, today, paths of up
    /// to 4 links, at most 50 paths.
    pub fn new(party: &str, jurisdiction: Jurisdiction) -> ExposureRequest {
        ExposureRequest {
            party: party.to_string(),
            jurisdiction,
            non_us: false,
            on: chrono::Utc::now().date_naive(),
            max_depth: 4,
            max_paths: 50,
        }
    }
}

/// A party as reports name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartyRef {
    /// Entity id, or `name:<normalised name>` for a party known by name only.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// The rule applied, with its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// Stable id (`ofac-50-percent-2014`, `eu-best-practices-2022`, ...).
    pub id: &'static str,
    /// The line (`50% or more`, `more than 50%`).
    pub threshold: &'static str,
    /// Whether shares of different listed owners add up.
    pub aggregates: bool,
    /// The rule in one sentence.
    pub text: &'static str,
    /// Where it is written.
    pub citation: &'static str,
}

impl From<Rule> for RuleInfo {
    fn from(rule: Rule) -> RuleInfo {
        RuleInfo {
            id: rule.id(),
            threshold: rule.threshold(),
            aggregates: rule.aggregates(),
            text: rule.text(),
            citation: rule.citation(),
        }
    }
}

/// One owner of the party in the arithmetic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contributor {
    /// The owner.
    pub owner: PartyRef,
    /// Its share, when stated.
    pub percent: Option<Percent>,
    /// Who states the ownership (`uk-hmt`, `user:owners.csv`).
    pub source: String,
    /// Why it counts, or why it does not.
    pub why: String,
}

/// The ownership arithmetic for one party under one rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Arithmetic {
    /// The party assessed.
    pub subject: PartyRef,
    /// UK: the one designated person whose holdings are summed.
    pub person: Option<PartyRef>,
    /// The shares that count, each with why.
    pub contributors: Vec<Contributor>,
    /// Stated control without a share, from a blocked party.
    pub control: Vec<Contributor>,
    /// Owners that do not count, each with why.
    pub not_counted: Vec<Contributor>,
    /// The sum of the contributors' shares.
    pub sum: Share,
    /// The line.
    pub threshold: &'static str,
    /// Whether the rule blocks the party by ownership.
    pub blocked_by_ownership: bool,
    /// The sum written out (`30% + 25% = 55%, 50% or more: blocked`).
    pub result: String,
}

/// How OFAC's rule sees the same party, for EU and UK assessments.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// OFAC's rule.
    pub rule: RuleInfo,
    /// Whether OFAC's rule would block the party by ownership.
    pub blocked_by_ownership: bool,
    /// OFAC's aggregate.
    pub aggregate_percent: Share,
    /// Why the results differ, or that they agree.
    pub why: String,
}

/// A party the query named.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatchedParty {
    /// Which party.
    #[serde(flatten)]
    pub party: PartyRef,
    /// What the node stands for.
    pub kind: NodeKind,
    /// Its listings under the jurisdiction (empty: not listed).
    pub listed: Vec<String>,
    /// Whether it is blocked by ownership.
    pub blocked_by_ownership: bool,
    /// The share its blocked owners hold (for the UK, the largest single
    /// designated person's).
    pub aggregate_percent: Share,
}

/// One link on a path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    /// Where the step starts.
    pub from: PartyRef,
    /// Where it ends.
    pub to: PartyRef,
    /// The kind of link.
    pub kind: EdgeKind,
    /// The link read in the direction walked (`owns`, `owned by`, `linked to`).
    pub relation: &'static str,
    /// The share, for ownership with a stated share.
    pub percent: Option<Percent>,
    /// Who states it.
    pub source: String,
    /// The source's own words, when kept.
    pub note: Option<String>,
}

/// Where a path ends.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathEnd {
    /// The party.
    #[serde(flatten)]
    pub party: PartyRef,
    /// Its listings under the jurisdiction.
    pub listed: Vec<String>,
    /// Whether it is blocked by ownership.
    pub blocked_by_ownership: bool,
    /// Its US secondary-sanctions basis (non-US users only).
    pub secondary_sanctions: Vec<String>,
}

/// A path from the party to a listed (or blocked, or secondary-sanctions)
/// party, shortest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExposurePath {
    /// The party reached.
    pub to: PathEnd,
    /// The links, from the party asked about.
    pub steps: Vec<Step>,
}

/// A secondary-sanctions exposure for a non-US person.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SecondaryExposure {
    /// The listed party.
    pub party: PartyRef,
    /// Why dealing with it exposes a non-US person.
    pub basis: Vec<String>,
    /// Index in `paths` of the path to it; `None` for the party itself.
    pub path: Option<usize>,
}

/// The answer to an [`ExposureRequest`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExposureReport {
    /// The party as asked.
    pub party: String,
    /// The nodes it denotes (one for an id; every party of that name).
    pub matches: Vec<MatchedParty>,
    /// Whose rules.
    pub jurisdiction: Jurisdiction,
    /// The ownership rule applied.
    pub rule: RuleInfo,
    /// Whether the party itself is listed under the jurisdiction.
    pub listed: bool,
    /// Whether the party is blocked by ownership under the rule.
    pub blocked_by_ownership: bool,
    /// The share held by blocked owners (the best-placed match's).
    pub aggregate_percent: Share,
    /// The arithmetic for the best-placed match.
    pub ownership: Option<Arithmetic>,
    /// OFAC's view of the same party, for EU and UK assessments.
    pub comparison: Option<Comparison>,
    /// Paths to listed or blocked parties, shortest first.
    pub paths: Vec<ExposurePath>,
    /// Whether the user is a non-US person.
    pub non_us: bool,
    /// Secondary-sanctions exposures (non-US users only).
    pub secondary_sanctions: Vec<SecondaryExposure>,
    /// Longest path searched.
    pub max_depth: usize,
    /// Whether paths were left out (more than asked, or the search stopped).
    pub truncated: bool,
}

/// A graph with one jurisdiction's listings and the rule's fixpoint,
/// computed once: every query afterwards only walks the paths it reports.
pub struct Analysis<'g> {
    graph: &'g Graph,
    jurisdiction: Jurisdiction,
    records: Vec<Blocked>,
    /// Per node: index in `records`, or `u32::MAX`.
    record_of: Vec<u32>,
    /// Per node: whether its record carries secondary-sanctions exposure.
    secondary: Vec<bool>,
    fixpoint: Fixpoint,
    ofac: Option<Fixpoint>,
}

impl<'g> Analysis<'g> {
    /// Asks `blocked` about every entity id in the graph and runs the rule of
    /// `jurisdiction` on `on` (and OFAC's, for the comparison, when the
    /// jurisdiction is not the US).
    pub fn new(
        graph: &'g Graph,
        blocked: &dyn Fn(&str) -> Option<Blocked>,
        jurisdiction: Jurisdiction,
        on: NaiveDate,
    ) -> Analysis<'g> {
        let mut records = Vec::new();
        let mut record_of = vec![u32::MAX; graph.node_count()];
        let mut secondary = vec![false; graph.node_count()];
        let mut listed = vec![false; graph.node_count()];
        for node in graph.id_nodes() {
            if let Some(record) = blocked(node.key) {
                let i = node.index as usize;
                listed[i] = record.is_blocked();
                secondary[i] = !record.secondary_sanctions.is_empty();
                record_of[i] = records.len() as u32;
                records.push(record);
            }
        }
        let rule = Rule::for_jurisdiction(jurisdiction, on);
        let fixpoint = Fixpoint::compute(graph, &listed, rule);
        let ofac = (rule != Rule::Ofac50Percent2014)
            .then(|| Fixpoint::compute(graph, &listed, Rule::Ofac50Percent2014));
        Analysis {
            graph,
            jurisdiction,
            records,
            record_of,
            secondary,
            fixpoint,
            ofac,
        }
    }

    /// The rule's fixpoint.
    pub fn fixpoint(&self) -> &Fixpoint {
        &self.fixpoint
    }

    fn record(&self, node: u32) -> Option<&Blocked> {
        let r = self.record_of[node as usize];
        (r != u32::MAX).then(|| &self.records[r as usize])
    }

    fn party(&self, node: u32) -> PartyRef {
        let node = self.graph.node(node);
        PartyRef {
            id: node.key.to_string(),
            name: node.name.to_string(),
        }
    }

    fn basis(&self, node: u32) -> Vec<String> {
        self.record(node)
            .map(|r| r.basis.clone())
            .unwrap_or_default()
    }

    fn secondary(&self, node: u32) -> Vec<String> {
        self.record(node)
            .map(|r| r.secondary_sanctions.clone())
            .unwrap_or_default()
    }

    /// Assesses one party. The request's jurisdiction and date are those of
    /// the analysis.
    pub fn exposure(&self, request: &ExposureRequest) -> ExposureReport {
        let starts = self.graph.find(&request.party);
        let rule = self.fixpoint.rule;
        let mut matches = Vec::new();
        let mut best: Option<Arithmetic> = None;
        for &node in &starts {
            let arithmetic = arithmetic(self, &self.fixpoint, node);
            matches.push(MatchedParty {
                party: self.party(node),
                kind: self.graph.node(node).kind,
                listed: self.basis(node),
                blocked_by_ownership: arithmetic.blocked_by_ownership,
                aggregate_percent: arithmetic.sum,
            });
            let better = best.as_ref().is_none_or(|b| {
                (arithmetic.blocked_by_ownership, arithmetic.sum) > (b.blocked_by_ownership, b.sum)
            });
            if better {
                best = Some(arithmetic);
            }
        }
        let comparison = match (&self.ofac, &best) {
            (Some(ofac), Some(best)) => {
                let node = self
                    .graph
                    .by_key(&best.subject.id)
                    .expect("the subject is a node");
                let theirs = arithmetic(self, ofac, node);
                Some(Comparison {
                    rule: Rule::Ofac50Percent2014.into(),
                    blocked_by_ownership: theirs.blocked_by_ownership,
                    aggregate_percent: theirs.sum,
                    why: compare(rule, best, &theirs),
                })
            }
            _ => None,
        };
        let (paths, truncated) = self.paths(&starts, request);
        let mut secondary_sanctions = Vec::new();
        if request.non_us {
            for &node in &starts {
                let basis = self.secondary(node);
                if !basis.is_empty() {
                    secondary_sanctions.push(SecondaryExposure {
                        party: self.party(node),
                        basis,
                        path: None,
                    });
                }
            }
            for (i, path) in paths.iter().enumerate() {
                if !path.to.secondary_sanctions.is_empty() {
                    secondary_sanctions.push(SecondaryExposure {
                        party: path.to.party.clone(),
                        basis: path.to.secondary_sanctions.clone(),
                        path: Some(i),
                    });
                }
            }
        }
        ExposureReport {
            party: request.party.clone(),
            listed: matches.iter().any(|m| !m.listed.is_empty()),
            blocked_by_ownership: best.as_ref().is_some_and(|b| b.blocked_by_ownership),
            aggregate_percent: best.as_ref().map_or(Share::default(), |b| b.sum),
            matches,
            jurisdiction: self.jurisdiction,
            rule: rule.into(),
            ownership: best,
            comparison,
            paths,
            non_us: request.non_us,
            secondary_sanctions,
            max_depth: request.max_depth,
            truncated,
        }
    }

    /// Breadth-first from the matches, up to `max_depth` links; a path ends at
    /// the first blocked party (or, for non-US users, secondary-sanctions
    /// target) it meets.
    fn paths(&self, starts: &[u32], request: &ExposureRequest) -> (Vec<ExposurePath>, bool) {
        // node → (previous node, edge, walked against the edge)
        let mut came: HashMap<u32, (u32, u32, bool)> = HashMap::with_capacity(256);
        let mut frontier: Vec<u32> = starts.to_vec();
        for &s in starts {
            came.insert(s, (u32::MAX, u32::MAX, false));
        }
        let mut ends = Vec::new();
        let mut truncated = false;
        'search: for _depth in 0..request.max_depth {
            let mut next = Vec::new();
            for &node in &frontier {
                for (other, edge, reverse) in self.graph.neighbours(node) {
                    if came.contains_key(&other) {
                        continue;
                    }
                    if came.len() >= VISIT_CAP {
                        truncated = true;
                        break 'search;
                    }
                    came.insert(other, (node, edge, reverse));
                    let secondary = request.non_us && self.secondary[other as usize];
                    if self.fixpoint.blocked(other) || secondary {
                        ends.push(other);
                    } else {
                        next.push(other);
                    }
                }
            }
            frontier = next;
            if frontier.is_empty() {
                break;
            }
        }
        if ends.len() > request.max_paths {
            ends.truncate(request.max_paths);
            truncated = true;
        }
        let paths = ends
            .into_iter()
            .map(|end| {
                let mut steps = Vec::new();
                let mut at = end;
                while let Some(&(previous, edge, reverse)) = came.get(&at) {
                    if previous == u32::MAX {
                        break;
                    }
                    steps.push(self.step(previous, at, edge, reverse));
                    at = previous;
                }
                steps.reverse();
                ExposurePath {
                    to: PathEnd {
                        party: self.party(end),
                        listed: self.basis(end),
                        blocked_by_ownership: self.fixpoint.status(end) == Status::ByOwnership,
                        secondary_sanctions: if request.non_us {
                            self.secondary(end)
                        } else {
                            Vec::new()
                        },
                    },
                    steps,
                }
            })
            .collect();
        (paths, truncated)
    }

    fn step(&self, from: u32, to: u32, edge: u32, reverse: bool) -> Step {
        let edge = self.graph.edge(edge);
        let relation = match (edge.kind, reverse) {
            (EdgeKind::Ownership, false) => "owns",
            (EdgeKind::Ownership, true) => "owned by",
            (EdgeKind::LinkedTo, _) => "linked to",
            (EdgeKind::Directorship, false) => "director of",
            (EdgeKind::Directorship, true) => "has director",
            (EdgeKind::Family, _) => "family of",
            (EdgeKind::Associate, _) => "associate of",
            (EdgeKind::UnknownLink, _) => "linked to",
        };
        Step {
            from: self.party(from),
            to: self.party(to),
            kind: edge.kind,
            relation,
            percent: edge.percent,
            source: edge.source.to_string(),
            note: edge.note.map(str::to_string),
        }
    }
}

/// Assesses one party on its own: computes the rule's fixpoint over the
/// whole graph, then answers. For many queries over one graph, build an
/// [`Analysis`] once and call [`Analysis::exposure`].
pub fn exposure(
    graph: &Graph,
    blocked: &dyn Fn(&str) -> Option<Blocked>,
    request: &ExposureRequest,
) -> ExposureReport {
    Analysis::new(graph, blocked, request.jurisdiction, request.on).exposure(request)
}

fn why_blocked(analysis: &Analysis<'_>, fixpoint: &Fixpoint, node: u32) -> String {
    match fixpoint.status(node) {
        Status::Listed => format!("listed: {}", analysis.basis(node).join("; ")),
        Status::ByOwnership => format!("blocked by ownership under {}", fixpoint.rule.id()),
        Status::Clear => "not blocked".to_string(),
    }
}

/// The arithmetic for `node` under the fixpoint's rule.
fn arithmetic(analysis: &Analysis<'_>, fixpoint: &Fixpoint, node: u32) -> Arithmetic {
    let graph = analysis.graph;
    let rule = fixpoint.rule;
    let mut contributors = Vec::new();
    let mut control = Vec::new();
    let mut not_counted = Vec::new();
    let mut person = None;
    let contributor = |owner: u32, percent, source: &str, why: String| Contributor {
        owner: analysis.party(owner),
        percent,
        source: source.to_string(),
        why,
    };
    let owner_edges = graph.owner_edges(node);
    if rule.aggregates() {
        for &edge in owner_edges {
            let edge = graph.edge(edge);
            let owner = edge.from;
            let why = why_blocked(analysis, fixpoint, owner);
            match (fixpoint.blocked(owner), edge.percent) {
                (true, Some(p)) => contributors.push(contributor(owner, Some(p), edge.source, why)),
                (true, None) if rule.control_counts() => control.push(contributor(
                    owner,
                    None,
                    edge.source,
                    format!("{why}; a stated ownership or control link without a share: control suffices under this rule"),
                )),
                (true, None) => not_counted.push(contributor(
                    owner,
                    None,
                    edge.source,
                    format!("{why}; ownership or control stated without a share: OFAC's rule counts ownership of 50% or more only, not control (2014 guidance; FAQs 398-402)"),
                )),
                (false, p) => not_counted.push(contributor(owner, p, edge.source, why)),
            }
        }
    } else {
        // UK: group the owners by the designated person their holdings count for.
        let mut by_person: Vec<(u32, Share, bool)> = Vec::new();
        for &edge in owner_edges {
            let edge = graph.edge(edge);
            for p in fixpoint.persons_of(edge.from) {
                let slot = match by_person.iter().position(|(q, _, _)| *q == p) {
                    Some(i) => i,
                    None => {
                        by_person.push((p, Share::default(), false));
                        by_person.len() - 1
                    }
                };
                match edge.percent {
                    Some(percent) => by_person[slot].1.add(percent),
                    None => by_person[slot].2 = true,
                }
            }
        }
        let chosen = by_person
            .iter()
            .max_by_key(|(p, share, ctrl)| (rule.meets(*share) || *ctrl, *share, u32::MAX - p))
            .map(|(p, _, _)| *p);
        person = chosen.map(|p| analysis.party(p));
        for &edge in owner_edges {
            let edge = graph.edge(edge);
            let owner = edge.from;
            let persons = fixpoint.persons_of(owner);
            match chosen.filter(|p| persons.contains(p)) {
                Some(p) => {
                    let why = if owner == p {
                        format!(
                            "held directly by the designated person ({})",
                            analysis.basis(p).join("; ")
                        )
                    } else {
                        format!(
                            "held by an entity that {} owns more than 50% of or controls: counted in full as its holding",
                            analysis.graph.node(p).name
                        )
                    };
                    match edge.percent {
                        Some(percent) => {
                            contributors.push(contributor(owner, Some(percent), edge.source, why))
                        }
                        None => control.push(contributor(
                            owner,
                            None,
                            edge.source,
                            format!("{why}; a stated ownership or control link: control suffices"),
                        )),
                    }
                }
                None if !persons.is_empty() => not_counted.push(contributor(
                    owner,
                    edge.percent,
                    edge.source,
                    format!(
                        "counts for another designated person ({}): OFSI does not add up the holdings of different designated persons",
                        persons
                            .iter()
                            .map(|&q| analysis.graph.node(q).name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
                None => not_counted.push(contributor(
                    owner,
                    edge.percent,
                    edge.source,
                    why_blocked(analysis, fixpoint, owner),
                )),
            }
        }
    }
    let mut sum = Share::default();
    for c in &contributors {
        if let Some(p) = c.percent {
            sum.add(p);
        }
    }
    let blocked_by_ownership = fixpoint.status(node) == Status::ByOwnership
        || (fixpoint.status(node) == Status::Listed
            && (rule.meets(sum) || (!control.is_empty() && rule.control_counts())));
    let terms: Vec<String> = contributors
        .iter()
        .filter_map(|c| c.percent.map(|p| p.to_string()))
        .collect();
    let written = match terms.len() {
        0 => "no share held by blocked owners (0%)".to_string(),
        1 => terms[0].clone(),
        _ => format!("{} = {sum}", terms.join(" + ")),
    };
    let verdict = if rule.meets(sum) {
        format!(
            "{written}, which is {}: blocked by ownership",
            rule.threshold()
        )
    } else if !control.is_empty() && rule.control_counts() {
        format!(
            "{written}, not {}, but controlled by a blocked party: blocked",
            rule.threshold()
        )
    } else {
        format!(
            "{written}, not {}: not blocked by ownership",
            rule.threshold()
        )
    };
    Arithmetic {
        subject: analysis.party(node),
        person,
        contributors,
        control,
        not_counted,
        sum,
        threshold: rule.threshold(),
        blocked_by_ownership,
        result: verdict,
    }
}

/// Why OFAC's rule and `rule` agree or differ on one party.
fn compare(rule: Rule, ours: &Arithmetic, ofac: &Arithmetic) -> String {
    match (ours.blocked_by_ownership, ofac.blocked_by_ownership) {
        (a, b) if a == b => format!(
            "same result under OFAC's rule ({})",
            if a { "blocked" } else { "not blocked" }
        ),
        (false, true) => {
            if !rule.aggregates() && ofac.contributors.len() > 1 && ours.sum < ofac.sum {
                format!(
                    "OFAC adds up the shares of different blocked owners ({}); OFSI does not, and no single designated person holds more than 50% (largest: {})",
                    ofac.result, ours.sum
                )
            } else if ofac.sum == Share(Percent::FIFTY.micros()) {
                format!(
                    "exactly 50%: OFAC blocks at 50% or more; {} requires more than 50%",
                    rule.id()
                )
            } else {
                format!(
                    "OFAC's rule: {}; {}: {}",
                    ofac.result,
                    rule.id(),
                    ours.result
                )
            }
        }
        (true, false) => {
            if !ours.control.is_empty() && ofac.sum < ours.sum.max(Share(1)) {
                format!(
                    "{} treats control stated by a list as enough; OFAC's rule counts ownership only, not control (2014 guidance; FAQs 398-402)",
                    rule.id()
                )
            } else {
                format!(
                    "{}: {}; OFAC's rule: {}",
                    rule.id(),
                    ours.result,
                    ofac.result
                )
            }
        }
        _ => unreachable!("the equal cases are matched first"),
    }
}
