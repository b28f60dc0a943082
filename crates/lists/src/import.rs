//! Importing a publication: parse it whole, then store it as one version.

use std::path::PathBuf;

use chrono::NaiveDate;
use interdict_model::SourceId;
use interdict_parse::{inputs_sha256, load_inputs, parse, ImportReport, Input, ListKind};
use interdict_store::{ImportOutcome, NewVersion, Store};

use crate::{report_to_json, resolve_published, ListsError};

/// What an import did.
#[derive(Debug)]
pub struct ImportSummary {
    /// The version added, or the existing version with the same content.
    pub outcome: ImportOutcome,
    /// The format recognised.
    pub format: &'static str,
    /// The parser's report.
    pub report: ImportReport,
}

/// Reads the files or CSV-set folders at `paths` and imports them as one
/// version of `source`. `published` is the user's `--published`.
pub fn import_paths(
    store: &mut Store,
    source: SourceId,
    paths: &[PathBuf],
    published: Option<NaiveDate>,
) -> Result<ImportSummary, ListsError> {
    let inputs = load_inputs(paths)?;
    import_inputs(store, source, &inputs, published, None)
}

/// Imports publication files already in memory. Nothing is stored unless every
/// file parses. `published` is a date the caller asserts; `hint` one it merely
/// suggests (see [`resolve_published`]).
pub fn import_inputs(
    store: &mut Store,
    source: SourceId,
    inputs: &[Input],
    published: Option<NaiveDate>,
    hint: Option<NaiveDate>,
) -> Result<ImportSummary, ListsError> {
    let parsed = parse(source, inputs)?;
    let names: Vec<String> = inputs.iter().map(|input| input.name.clone()).collect();
    let published = resolve_published(source, &names, parsed.published, published, hint)?;
    let sha256 = inputs_sha256(inputs);
    let files: Vec<(String, &[u8])> = inputs
        .iter()
        .map(|input| (input.file_name(), input.bytes.as_slice()))
        .collect();
    let report = report_to_json(&parsed.report).to_string();
    let new = NewVersion {
        source,
        published,
        sha256: &sha256,
        format: parsed.format,
        files: &files,
        report: &report,
    };
    let outcome = match parsed.kind {
        ListKind::Full => store.import_full(&new, &parsed.entities)?,
        ListKind::Delta => store.import_delta(&new, &parsed.entities, &parsed.deletions)?,
    };
    tracing::info!(%source, %published, format = parsed.format, "import finished");
    Ok(ImportSummary {
        outcome,
        format: parsed.format,
        report: parsed.report,
    })
}
