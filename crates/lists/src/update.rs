//! `update`: download each source's current publication and import it.
//!
//! A download becomes a version only through the same path as a file a user
//! imports: it must parse whole first. The server's ETag and Last-Modified are
//! saved only after the version is stored, so a download that failed to parse
//! is fetched again next time instead of being taken as "not modified".

use chrono::NaiveDate;
use interdict_fetch::{Config, FetchOutcome, Fetcher, Validators};
use interdict_model::SourceId;
use interdict_parse::Input;
use interdict_store::Store;

use crate::{import_inputs, ImportSummary, ListsError};

/// What `update` did for one source.
#[derive(Debug)]
pub enum UpdateOutcome {
    /// Every file answered 304 Not Modified.
    NotModified,
    /// The download parsed and was imported (possibly as "unchanged", when the
    /// content equals a version already held).
    Imported(ImportSummary),
}

/// Updates each source in turn. A failure of one source does not stop the
/// others; each result says what happened. `today` dates a download whose
/// files and headers state no publication date.
pub fn update_sources(
    store: &mut Store,
    config: &Config,
    sources: &[SourceId],
    today: NaiveDate,
) -> Vec<(SourceId, Result<UpdateOutcome, ListsError>)> {
    let fetcher = Fetcher::new(config);
    let mut results = Vec::with_capacity(sources.len());
    for &source in sources {
        results.push((
            source,
            update_source(store, config, &fetcher, source, today),
        ));
    }
    results
}

fn update_source(
    store: &mut Store,
    config: &Config,
    fetcher: &Fetcher<'_>,
    source: SourceId,
    today: NaiveDate,
) -> Result<UpdateOutcome, ListsError> {
    let prior = prior_validators(store, config, source)?;
    let files = match fetcher.fetch_source(source, &prior)? {
        FetchOutcome::NotModified => {
            tracing::info!(%source, "not modified");
            return Ok(UpdateOutcome::NotModified);
        }
        FetchOutcome::Fetched { files } => files,
    };
    let last_modified = files
        .iter()
        .filter_map(|file| file.last_modified_date)
        .max();
    let inputs: Vec<Input> = files
        .iter()
        .map(|file| Input::new(&file.name, file.bytes.clone()))
        .collect();
    let summary = import_inputs(
        store,
        source,
        &inputs,
        None,
        Some(last_modified.unwrap_or(today)),
    )?;
    for file in &files {
        let validators = &file.validators;
        store.set_fetch_state(
            &validators.url,
            validators.etag.as_deref(),
            validators.last_modified.as_deref(),
        )?;
    }
    Ok(UpdateOutcome::Imported(summary))
}

fn prior_validators(
    store: &Store,
    config: &Config,
    source: SourceId,
) -> Result<Vec<Validators>, ListsError> {
    let Some(source_config) = config.sources.get(&source) else {
        return Ok(Vec::new());
    };
    let mut prior = Vec::new();
    for file in &source_config.files {
        let url = interdict_fetch::redact_url(&file.url);
        if let Some(state) = store.fetch_state(&url)? {
            prior.push(Validators {
                url,
                etag: state.etag,
                last_modified: state.last_modified,
            });
        }
    }
    Ok(prior)
}
