//! The ownership rules, each by its own text, and the fixpoint that finds
//! every party blocked by ownership under one of them.
//!
//! - OFAC (US): the 50 Percent Rule of 13 August 2014 — an entity owned 50%
//!   or more in the aggregate, directly or indirectly, by one or more blocked
//!   persons is blocked. Indirect ownership counts through entities that are
//!   themselves blocked; the shares of different blocked owners add up;
//!   control without such ownership does not block (2014 guidance; FAQs 398–402).
//! - EU: "owned or controlled" per the Council's EU Best Practices: more than
//!   50% of the proprietary rights or a majority interest (2022 edition);
//!   50% or more (July 2024 edition). Holdings of different listed persons are
//!   aggregated; a stated control link counts on its own.
//! - UK: OFSI's ownership and control guidance: more than 50% of the shares or
//!   voting rights held, directly or indirectly, by one designated person, or
//!   control. Holdings of different designated persons are not aggregated
//!   (absent a joint arrangement, which the data cannot show). An entity in
//!   which a designated person has a majority stake passes its holdings to
//!   that person in full.
//!
//! Every rule is monotone (a blocked party never becomes unblocked by
//! another becoming blocked), so a worklist reaches the least fixpoint and
//! terminates on cycles: each node enters the list at most once.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::graph::{EdgeKind, Graph};
use crate::percent::Share;

/// Whose rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Jurisdiction {
    /// United States (OFAC).
    Us,
    /// European Union.
    Eu,
    /// United Kingdom (OFSI).
    Uk,
}

impl Jurisdiction {
    /// `us`, `eu`, `uk`.
    pub fn as_str(self) -> &'static str {
        match self {
            Jurisdiction::Us => "us",
            Jurisdiction::Eu => "eu",
            Jurisdiction::Uk => "uk",
        }
    }
}

impl std::str::FromStr for Jurisdiction {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "us" => Ok(Jurisdiction::Us),
            "eu" => Ok(Jurisdiction::Eu),
            "uk" | "gb" => Ok(Jurisdiction::Uk),
            _ => Err(format!("{text:?}: want us, eu or uk")),
        }
    }
}

/// One ownership rule, as a guidance document states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// OFAC's 50 Percent Rule (2014 revised guidance).
    Ofac50Percent2014,
    /// EU Best Practices, 2022 edition: more than 50%.
    EuBestPractices2022,
    /// EU Best Practices, July 2024 edition: 50% or more.
    EuBestPractices2024,
    /// OFSI ownership and control (2023 guidance): more than 50% by one person.
    UkOfsi2023,
}

/// The day the Council's July 2024 update of the EU Best Practices, which
/// moved the line from "more than 50%" to "50% or more", was published.
pub fn eu_2024_edition_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 7, 3).expect("a valid date")
}

impl Rule {
    /// The rule of a jurisdiction on a date (the EU edition in force then).
    pub fn for_jurisdiction(jurisdiction: Jurisdiction, on: NaiveDate) -> Rule {
        match jurisdiction {
            Jurisdiction::Us => Rule::Ofac50Percent2014,
            Jurisdiction::Eu if on < eu_2024_edition_date() => Rule::EuBestPractices2022,
            Jurisdiction::Eu => Rule::EuBestPractices2024,
            Jurisdiction::Uk => Rule::UkOfsi2023,
        }
    }

    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Ofac50Percent2014 => "ofac-50-percent-2014",
            Rule::EuBestPractices2022 => "eu-best-practices-2022",
            Rule::EuBestPractices2024 => "eu-best-practices-2024",
            Rule::UkOfsi2023 => "uk-ofsi-2023",
        }
    }

    /// The line, in words.
    pub fn threshold(self) -> &'static str {
        match self {
            Rule::Ofac50Percent2014 | Rule::EuBestPractices2024 => "50% or more",
            Rule::EuBestPractices2022 | Rule::UkOfsi2023 => "more than 50%",
        }
    }

    /// Whether shares of different listed owners add up.
    pub fn aggregates(self) -> bool {
        self != Rule::UkOfsi2023
    }

    /// Whether a stated control link blocks without a share.
    pub fn control_counts(self) -> bool {
        self != Rule::Ofac50Percent2014
    }

    /// Whether a sum meets the line.
    pub fn meets(self, share: Share) -> bool {
        match self {
            Rule::Ofac50Percent2014 | Rule::EuBestPractices2024 => share.at_least_half(),
            Rule::EuBestPractices2022 | Rule::UkOfsi2023 => share.more_than_half(),
        }
    }

    /// The rule in one sentence.
    pub fn text(self) -> &'static str {
        match self {
            Rule::Ofac50Percent2014 => {
                "An entity owned 50% or more in the aggregate, directly or indirectly, by one or \
                 more blocked persons is itself blocked. Shares held by entities that are \
                 themselves blocked count in full; shares of different blocked owners add up; \
                 control without such ownership does not block."
            }
            Rule::EuBestPractices2022 => {
                "An entity is owned by listed persons when they hold more than 50% of its \
                 proprietary rights or a majority interest in it, holdings of different listed \
                 persons taken together, directly or through entities they own or control; \
                 an entity they control is covered as well."
            }
            Rule::EuBestPractices2024 => {
                "An entity is owned by listed persons when they hold 50% or more of its \
                 proprietary rights or a majority interest in it, holdings of different listed \
                 persons taken together, directly or through entities they own or control; \
                 an entity they control is covered as well."
            }
            Rule::UkOfsi2023 => {
                "An entity is owned or controlled by a designated person when that one person \
                 holds more than 50% of its shares or voting rights, directly or through \
                 entities in which it has a majority stake (whose holdings count as its own), \
                 or controls it. Holdings of different designated persons are not added up."
            }
        }
    }

    /// Where the rule is written.
    pub fn citation(self) -> &'static str {
        match self {
            Rule::Ofac50Percent2014 => {
                "OFAC, Revised Guidance on Entities Owned by Persons Whose Property and Interests \
                 in Property Are Blocked (13 August 2014); OFAC FAQs 398-402"
            }
            Rule::EuBestPractices2022 => {
                "Council of the EU, EU Best Practices for the effective implementation of \
                 restrictive measures, 2022 update, ownership and control"
            }
            Rule::EuBestPractices2024 => {
                "Council of the EU, EU Best Practices for the effective implementation of \
                 restrictive measures, update of July 2024, ownership and control"
            }
            Rule::UkOfsi2023 => {
                "OFSI, UK financial sanctions general guidance (2023), chapter on ownership and \
                 control; e.g. The Russia (Sanctions) (EU Exit) Regulations 2019, reg. 7"
            }
        }
    }
}

/// Why a node is blocked under a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not blocked.
    Clear,
    /// Listed under the jurisdiction.
    Listed,
    /// Blocked because of who owns or controls it.
    ByOwnership,
}

/// The fixpoint of one rule over a graph: every node's status. Computed once
/// per graph, rule and set of listed parties; every exposure query reads it.
#[derive(Clone, Debug)]
pub struct Fixpoint {
    /// The rule applied.
    pub rule: Rule,
    status: Vec<Status>,
    /// UK only: the designated persons owning or controlling each node.
    controllers: HashMap<u32, Vec<u32>>,
}

impl Fixpoint {
    /// Runs the rule over the graph, with `listed[n]` whether node `n` is
    /// listed (blocked) under the jurisdiction.
    pub fn compute(graph: &Graph, listed: &[bool], rule: Rule) -> Fixpoint {
        let mut status: Vec<Status> = listed
            .iter()
            .map(|&l| if l { Status::Listed } else { Status::Clear })
            .collect();
        let mut controllers = HashMap::new();
        if rule.aggregates() {
            aggregate(graph, &mut status, rule);
        } else {
            per_person(graph, &mut status, &mut controllers, rule);
        }
        Fixpoint {
            rule,
            status,
            controllers,
        }
    }

    /// A node's status.
    pub fn status(&self, node: u32) -> Status {
        self.status[node as usize]
    }

    /// Whether a node is blocked (listed or by ownership).
    pub fn blocked(&self, node: u32) -> bool {
        self.status[node as usize] != Status::Clear
    }

    /// UK: the designated persons a node's holdings count for (the node
    /// itself when listed, else its controllers).
    pub fn persons_of(&self, node: u32) -> Vec<u32> {
        let mut persons = Vec::new();
        if self.status(node) == Status::Listed {
            persons.push(node);
        }
        if let Some(more) = self.controllers.get(&node) {
            persons.extend(more.iter().copied().filter(|&p| p != node));
        }
        persons
    }

    /// How many nodes are blocked by ownership.
    pub fn blocked_by_ownership(&self) -> usize {
        self.status
            .iter()
            .filter(|s| **s == Status::ByOwnership)
            .count()
    }
}

/// OFAC and EU: shares of every blocked owner add up.
fn aggregate(graph: &Graph, status: &mut [Status], rule: Rule) {
    let mut sum = vec![Share::default(); status.len()];
    let mut queue: Vec<u32> = (0..status.len() as u32)
        .filter(|&n| status[n as usize] != Status::Clear)
        .collect();
    while let Some(owner) = queue.pop() {
        for &edge in graph.owned_edges(owner) {
            let edge = graph.edge(edge);
            debug_assert_eq!(edge.kind, EdgeKind::Ownership);
            let owned = edge.to as usize;
            if status[owned] != Status::Clear {
                continue;
            }
            let meets = match edge.percent {
                Some(percent) => {
                    sum[owned].add(percent);
                    rule.meets(sum[owned])
                }
                None => rule.control_counts(),
            };
            if meets {
                status[owned] = Status::ByOwnership;
                queue.push(edge.to);
            }
        }
    }
}

/// UK: for each designated person, what it holds directly or through
/// entities it has a majority stake in (or controls); no adding up across
/// persons.
fn per_person(
    graph: &Graph,
    status: &mut [Status],
    controllers: &mut HashMap<u32, Vec<u32>>,
    rule: Rule,
) {
    let designated: Vec<u32> = (0..status.len() as u32)
        .filter(|&n| status[n as usize] == Status::Listed)
        .collect();
    for person in designated {
        for node in controlled_by(graph, person, rule) {
            controllers.entry(node).or_default().push(person);
            if status[node as usize] == Status::Clear {
                status[node as usize] = Status::ByOwnership;
            }
        }
    }
}

/// UK: the nodes (other than `person`) that one designated person owns more
/// than 50% of, or controls, directly or indirectly.
pub(crate) fn controlled_by(graph: &Graph, person: u32, rule: Rule) -> Vec<u32> {
    let mut held: HashMap<u32, Share> = HashMap::new();
    let mut seen: std::collections::HashSet<u32> = std::collections::HashSet::from([person]);
    let mut controlled = Vec::new();
    let mut queue = vec![person];
    while let Some(holder) = queue.pop() {
        for &edge in graph.owned_edges(holder) {
            let edge = graph.edge(edge);
            if seen.contains(&edge.to) {
                continue;
            }
            let share = held.entry(edge.to).or_default();
            let meets = match edge.percent {
                Some(percent) => {
                    share.add(percent);
                    rule.meets(*share)
                }
                None => rule.control_counts(),
            };
            if meets {
                seen.insert(edge.to);
                controlled.push(edge.to);
                queue.push(edge.to);
            }
        }
    }
    controlled
}
