//! `screen`: one checked query against one World, for every surface.
//!
//! The command line's `screen`, `POST /v1/screen`, yente's `/match` and `/search` all come
//! here; batch files, payment messages, text and travel checks screen through the same
//! `interdict_screening::screen` from below. A surface never builds the matcher's
//! configuration nor compares a score with the threshold: the [`Screening`] it gets back
//! holds every result already judged.

use std::sync::Arc;

use interdict_audit::RecordedScreening;
use interdict_json::{QueryEcho, ScreeningAnswer};
use interdict_model::Entity;
use interdict_screening::{ScoredHit, ScreenOptions};

use crate::{Query, World};

/// How many more results to ask for when some will be excluded afterwards.
const EXCLUSION_MARGIN: usize = 50;

/// A query screened against a World: the results, best first, each judged against the
/// query's threshold.
#[derive(Clone)]
pub struct Screening {
    world: Arc<World>,
    query: Query,
    results: Vec<ScoredHit>,
}

impl Screening {
    /// The World screened.
    pub fn world(&self) -> &Arc<World> {
        &self.world
    }

    /// The query.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// The results: alerts and near misses (or what the query's floor asks for), best first.
    pub fn results(&self) -> &[ScoredHit] {
        &self.results
    }

    /// Each result with its entity.
    pub fn results_with_entities(&self) -> impl Iterator<Item = (&ScoredHit, &Entity)> {
        self.results
            .iter()
            .map(|scored| (scored, self.world.set().entity(&scored.hit)))
    }

    /// Whether any result reaches the threshold.
    pub fn alerts(&self) -> bool {
        self.results.iter().any(|scored| scored.is_match)
    }

    /// The query as understood, as answers echo it.
    pub fn echo(&self) -> QueryEcho<'_> {
        let query = &self.query;
        QueryEcho {
            name: query.name(),
            schema: query.schema().map(|schema| schema.as_str()),
            birth_date: query.birth_date().map(|date| date.to_string()),
            countries: query.countries(),
            ids: query.identifiers(),
            as_of: query.as_of(),
        }
    }

    /// The answer every surface shows (`interdict screen --json`, `POST /v1/screen`): the
    /// query as understood, the threshold, the versions screened, the results, and once
    /// `recorded`, the screening's id and each match's alert. Serialize it; it builds no
    /// intermediate tree.
    pub fn answer<'a>(&'a self, recorded: Option<&'a RecordedScreening>) -> ScreeningAnswer<'a> {
        ScreeningAnswer {
            set: self.world.set(),
            results: &self.results,
            threshold: self.query.threshold(),
            query: self.echo(),
            sources: self.query.sources(),
            recorded,
        }
    }
}

/// Screens `query` against `world`. Every name of the query is screened and each entity keeps
/// its best result; results of excluded entities or schemata are dropped; at most the query's
/// limit remain, best first (ties broken by entity position).
pub fn screen(world: &Arc<World>, query: Query) -> Screening {
    let (excluded_ids, excluded_schemas) = query.exclusions();
    let excluding = !excluded_ids.is_empty() || !excluded_schemas.is_empty();
    let wanted = query.limit();
    let options = ScreenOptions {
        threshold: query.threshold(),
        limit: if excluding {
            wanted + excluded_ids.len() + EXCLUSION_MARGIN
        } else {
            wanted
        },
        sources: query.sources().map(<[_]>::to_vec),
        floor: query.floor(),
    };
    let set = world.set();
    let mut results = interdict_screening::screen(set, query.matcher(), &options);
    if query.names().len() > 1 {
        let mut matcher = query.matcher().clone();
        for name in &query.names()[1..] {
            matcher.name.clone_from(name);
            for scored in interdict_screening::screen(set, &matcher, &options) {
                match results
                    .iter_mut()
                    .find(|r| r.hit.entity == scored.hit.entity)
                {
                    Some(held) if held.hit.score >= scored.hit.score => {}
                    Some(held) => *held = scored,
                    None => results.push(scored),
                }
            }
        }
        results.sort_by(|a, b| {
            b.hit
                .score
                .total_cmp(&a.hit.score)
                .then(a.hit.entity.cmp(&b.hit.entity))
        });
    }
    if excluding {
        results.retain(|scored| {
            !excluded_ids
                .iter()
                .any(|id| id == scored.hit.entity_id.as_str())
                && !excluded_schemas
                    .iter()
                    .any(|schema| schema == set.entity(&scored.hit).schema.as_str())
        });
    }
    results.truncate(wanted);
    Screening {
        world: Arc::clone(world),
        query,
        results,
    }
}
