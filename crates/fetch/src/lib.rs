//! Downloading the official sanctions lists.
//!
//! `interdict update` must fetch the current publication of each source from
//! its official URL without ever turning a failed or partial download into a
//! new version. This crate does the HTTP side of that promise: it reads the
//! URLs from a configuration with official defaults ([`Config`]), asks only
//! for what changed (ETag / Last-Modified), retries what is worth retrying,
//! refuses cut-off and oversize bodies, and hands over a complete, verified
//! set of files with their caching metadata ([`fetch_source`]). Parsing the
//! bytes and storing them as a version is the caller's job.
//!
//! Secrets (tokens in query strings, configured headers, `${ENV}` values) never
//! appear in errors or logs: URLs are shown through [`redact_url`].

mod config;
mod fetch;
mod http_date;
mod redact;

pub use config::{default_file_name, Config, ConfigError, FileSpec, HttpConfig, SourceConfig};
pub use fetch::{fetch_source, FetchError, FetchOutcome, FetchedFile, Fetcher, Validators};
pub use http_date::{format_http_date, http_date_day, parse_http_date};
pub use redact::{is_sensitive_name, redact_url, REDACTED};
