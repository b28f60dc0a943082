//! The import report as JSON, for the store and for `--json` output.

use interdict_parse::ImportReport;
use serde_json::{json, Value};

/// How many issues the JSON form lists in full; the count is always exact.
const MAX_LISTED_ISSUES: usize = 1000;

/// The report as JSON: `records`, `unstructured`, `issue_count`, and the first
/// issues with their locations.
pub fn report_to_json(report: &ImportReport) -> Value {
    let issues: Vec<Value> = report
        .issues
        .iter()
        .take(MAX_LISTED_ISSUES)
        .map(|issue| {
            json!({
                "file": issue.location.file,
                "line": issue.location.line,
                "record": issue.location.record,
                "message": issue.message,
            })
        })
        .collect();
    json!({
        "records": report.records,
        "unstructured": report.unstructured,
        "issue_count": report.issues.len(),
        "issues": issues,
    })
}
