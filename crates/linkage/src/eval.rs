//! How good the links are: precision and recall of the record pairs linked,
//! measured against OpenSanctions `referents`.
//!
//! An OpenSanctions entity names the official records it was built from
//! (`ofac-10481`, `unsc-110408`, `gb-hmt-9062`, ...): a curated statement that
//! those records are one party. The evaluation maps the referents to our ids,
//! keeps the records we hold, and compares pairs: a pair is true when one
//! OpenSanctions entity names both records, predicted when our clusters put
//! both in one party. Only records named by some referent count, so a record
//! OpenSanctions does not cover can be neither right nor wrong. The clusters
//! are built without the OpenSanctions records and without referents as
//! evidence: the answer key is not shown to the student.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Instant;

use interdict_model::{EntityId, Prop, SourceId};
use interdict_store::Store;

use crate::cluster::{Clusters, Options};
use crate::evidence::{referent_ids, un_dataids};
use crate::LinkageError;

/// One pair of the evaluation, with what our clusters say of it.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalPair {
    /// One record.
    pub a: EntityId,
    /// The other.
    pub b: EntityId,
    /// The OpenSanctions entity naming both (false negatives), if any.
    pub truth: Option<String>,
    /// Our evidence within the party (false positives): the link details.
    pub evidence: Vec<String>,
}

/// The result of an evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalReport {
    /// The OpenSanctions version the referents come from (`published`).
    pub truth_version: String,
    /// OpenSanctions party entities naming at least two records we hold.
    pub truth_entities: usize,
    /// Records we hold that some referent names.
    pub records: usize,
    /// Pairs that OpenSanctions says are one party.
    pub truth_pairs: usize,
    /// Pairs our clusters put in one party (among `records`).
    pub predicted_pairs: usize,
    /// Pairs in both.
    pub true_positives: usize,
    /// `true_positives / predicted_pairs`.
    pub precision: f64,
    /// `true_positives / truth_pairs`.
    pub recall: f64,
    /// Predicted, not true (at most 50).
    pub false_positives: Vec<EvalPair>,
    /// True, not predicted (at most 50).
    pub false_negatives: Vec<EvalPair>,
    /// Seconds building the clusters.
    pub cluster_seconds: f64,
}

/// Evaluates the clusters of the latest versions held (without OpenSanctions
/// records or referents) against the referents of the OpenSanctions version
/// held. Fails with [`LinkageError::NotHeld`]-like `Store` errors when no
/// OpenSanctions version is held.
pub fn evaluate(store: &Store) -> Result<EvalReport, LinkageError> {
    let set = interdict_screening::load_screening_set(store, &[], None)?;
    let truth_version = set
        .versions
        .iter()
        .find(|v| v.source == SourceId::OpenSanctions)
        .ok_or_else(|| interdict_store::StoreError::NotFound {
            what: "any version of opensanctions (the referents are the answer key)".into(),
        })?
        .clone();
    let options = Options {
        referents: false,
        opensanctions: false,
        ..Options::default()
    };
    let started = Instant::now();
    let clusters = Clusters::build(store, &set, None, &[], &options)?;
    let cluster_seconds = started.elapsed().as_secs_f64();

    let dataids = un_dataids(set.entities.iter());
    let held = |id: &EntityId| clusters.position(id).is_some();
    let key = Prop::Other("referents".into());
    let mut truth: HashMap<(u32, u32), String> = HashMap::new();
    let mut records: BTreeSet<u32> = BTreeSet::new();
    let mut truth_entities = 0;
    for entity in set
        .entities
        .iter()
        .filter(|e| e.id.source() == SourceId::OpenSanctions)
    {
        let mut mine: BTreeSet<u32> = BTreeSet::new();
        for referent in entity.get(key.clone()) {
            for id in referent_ids(referent, &dataids, &held) {
                mine.insert(clusters.position(&id).expect("held"));
            }
        }
        if mine.len() < 2 {
            records.extend(&mine);
            continue;
        }
        truth_entities += 1;
        records.extend(&mine);
        let mine: Vec<u32> = mine.into_iter().collect();
        for (x, &a) in mine.iter().enumerate() {
            for &b in &mine[x + 1..] {
                truth.insert((a, b), entity.id.to_string());
            }
        }
    }

    // Predicted pairs among the records the referents name.
    let mut by_party: HashMap<*const crate::Party, Vec<u32>> = HashMap::new();
    for &record in &records {
        let id = &clusters.members[record as usize].id;
        let party = clusters.party(id).expect("held");
        by_party.entry(party as *const _).or_default().push(record);
    }
    let mut predicted: HashSet<(u32, u32)> = HashSet::new();
    for group in by_party.values() {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                predicted.insert((a.min(b), a.max(b)));
            }
        }
    }
    let id = |i: u32| clusters.members[i as usize].id.clone();
    let true_positives = predicted.iter().filter(|p| truth.contains_key(p)).count();
    let mut false_positives: Vec<EvalPair> = predicted
        .iter()
        .filter(|p| !truth.contains_key(p))
        .map(|&(a, b)| {
            let (a, b) = (id(a), id(b));
            let evidence = clusters
                .party(&a)
                .map(|party| {
                    party
                        .links
                        .iter()
                        .map(|l| format!("{} = {}: {}", l.a, l.b, l.evidence.detail))
                        .collect()
                })
                .unwrap_or_default();
            EvalPair {
                a,
                b,
                truth: None,
                evidence,
            }
        })
        .collect();
    false_positives.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    false_positives.truncate(50);
    let mut false_negatives: Vec<EvalPair> = truth
        .iter()
        .filter(|(p, _)| !predicted.contains(p))
        .map(|(&(a, b), os)| EvalPair {
            a: id(a),
            b: id(b),
            truth: Some(os.clone()),
            evidence: Vec::new(),
        })
        .collect();
    false_negatives.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    false_negatives.truncate(50);
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    Ok(EvalReport {
        truth_version: truth_version.published.to_string(),
        truth_entities,
        records: records.len(),
        truth_pairs: truth.len(),
        predicted_pairs: predicted.len(),
        true_positives,
        precision: ratio(true_positives, predicted.len()),
        recall: ratio(true_positives, truth.len()),
        false_positives,
        false_negatives,
        cluster_seconds,
    })
}
