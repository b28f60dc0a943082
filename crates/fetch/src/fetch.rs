//! Downloading one source's publication as a whole, verified set of files.
//!
//! The rule this module keeps: a download either delivers every file of the
//! set, each complete, or fails with an error naming the URL and the reason.
//! A body cut off mid-transfer (short of its `Content-Length`, or a broken
//! chunked stream), a body over the size limit, or a server that keeps failing
//! is an error, never a short file, so the caller's previous version stays the
//! current one. Whether the bytes are a valid list is for the caller's parser
//! to decide before it stores them.
//!
//! Conditional requests (`If-None-Match`, `If-Modified-Since`) spare the
//! publishers and us a download when nothing changed: if every file of the set
//! answers 304 the outcome is [`FetchOutcome::NotModified`]. If any file
//! changed, the files that answered 304 are fetched again unconditionally, so
//! the caller always gets a complete set to parse.

use std::io::Read;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use interdict_model::SourceId;
use tracing::{debug, info, warn};
use ureq::http::{header, Response, StatusCode};
use ureq::{Agent, Body};

use crate::config::{expand_env, Config, FileSpec, HttpConfig, SourceConfig};
use crate::http_date::{http_date_day, parse_http_date};
use crate::redact::{redact_url, Secrets};

/// What a server said about a file last time, to ask "has it changed?".
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Validators {
    /// The file's URL as configured, redacted ([`redact_url`]): the key that
    /// matches validators to files. `${ENV}` placeholders are kept unexpanded.
    pub url: String,
    /// The `ETag` header, verbatim (quotes and `W/` included).
    pub etag: Option<String>,
    /// The `Last-Modified` header, verbatim.
    pub last_modified: Option<String>,
}

/// One downloaded file, complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedFile {
    /// The URL as configured, redacted; the same as `validators.url`.
    pub url: String,
    /// The file name for the parser (`SDN.CSV`), from the configuration.
    pub name: String,
    /// The body, transfer encoding (gzip) removed, otherwise as served.
    pub bytes: Vec<u8>,
    /// What to send next time to ask whether the file changed.
    pub validators: Validators,
    /// The UTC day of `Last-Modified`, a publication date for files that carry none.
    pub last_modified_date: Option<NaiveDate>,
}

/// The result of asking for a source's current publication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchOutcome {
    /// Every file answered 304 Not Modified: the prior version is current.
    NotModified,
    /// At least one file changed: here is the whole set, in configured order.
    Fetched {
        /// All files of the source.
        files: Vec<FetchedFile>,
    },
}

/// Why a source could not be downloaded. Every variant about a file names its
/// (redacted) URL; none contains a secret.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The configuration has no entry for the source.
    #[error("source {source_id} has no entry in the download configuration")]
    NotConfigured {
        /// The source.
        source_id: SourceId,
    },
    /// The source is disabled in the configuration.
    #[error("source {source_id} is disabled in the download configuration")]
    Disabled {
        /// The source.
        source_id: SourceId,
    },
    /// A `${NAME}` placeholder names an environment variable that is not set.
    #[error("{url}: environment variable {var} is not set (the URL or a header uses ${{{var}}})")]
    MissingEnv {
        /// The file's URL.
        url: String,
        /// The variable.
        var: String,
    },
    /// The server answered with an error status (after retries for 5xx/429).
    #[error("{url}: HTTP {status}{}", after(*attempts))]
    Status {
        /// The file's URL.
        url: String,
        /// The status code.
        status: u16,
        /// How many requests were made.
        attempts: u32,
    },
    /// The server could not be reached or did not answer in time.
    #[error("{url}: {reason}{}", after(*attempts))]
    Transport {
        /// The file's URL.
        url: String,
        /// What went wrong.
        reason: String,
        /// How many requests were made.
        attempts: u32,
    },
    /// The body ended before it was complete.
    #[error("{url}: transfer cut off after {received} bytes{}: {reason}{}",
        expected.map(|n| format!(" of {n}")).unwrap_or_default(), after(*attempts))]
    Truncated {
        /// The file's URL.
        url: String,
        /// Bytes received (after transfer decoding) before the break.
        received: u64,
        /// The `Content-Length` announced, when there was one.
        expected: Option<u64>,
        /// What the connection reported.
        reason: String,
        /// How many requests were made.
        attempts: u32,
    },
    /// The file is larger than the configured limit.
    #[error("{url}: larger than the limit of {limit} bytes{}",
        declared.map(|n| format!(" (Content-Length {n})")).unwrap_or_default())]
    TooLarge {
        /// The file's URL.
        url: String,
        /// The limit.
        limit: u64,
        /// The `Content-Length` announced, when there was one.
        declared: Option<u64>,
    },
    /// The server answered in a way a download cannot use (a 304 to an
    /// unconditional request, a 206, a redirect loop, a TLS failure...).
    #[error("{url}: {reason}")]
    Protocol {
        /// The file's URL.
        url: String,
        /// What was wrong.
        reason: String,
    },
}

fn after(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}

impl FetchError {
    /// The (redacted) URL of the file the error is about, if any.
    pub fn url(&self) -> Option<&str> {
        match self {
            FetchError::NotConfigured { .. } | FetchError::Disabled { .. } => None,
            FetchError::MissingEnv { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::Transport { url, .. }
            | FetchError::Truncated { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::Protocol { url, .. } => Some(url),
        }
    }
}

/// Downloads `source`'s files as configured in `config`, sending the `prior`
/// validators (matched to files by [`Validators::url`]) as conditional headers.
/// See [`Fetcher::fetch_source`].
pub fn fetch_source(
    config: &Config,
    source: SourceId,
    prior: &[Validators],
) -> Result<FetchOutcome, FetchError> {
    Fetcher::new(config).fetch_source(source, prior)
}

/// A downloader for one configuration; keeps connections open between files.
pub struct Fetcher<'a> {
    config: &'a Config,
    agent: Agent,
}

impl<'a> Fetcher<'a> {
    /// A downloader with the HTTP settings of `config`.
    pub fn new(config: &'a Config) -> Fetcher<'a> {
        let http = &config.http;
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(http.user_agent.as_str())
            .timeout_connect(Some(Duration::from_millis(http.connect_timeout_ms)))
            .timeout_per_read(Some(Duration::from_millis(http.read_timeout_ms)))
            .timeout_global(Some(Duration::from_millis(http.timeout_ms)))
            .max_redirects(10)
            .build()
            .into();
        Fetcher { config, agent }
    }

    /// Downloads `source`'s publication.
    ///
    /// Files are requested in configured order, each with retries (see
    /// [`HttpConfig`]). Returns [`FetchOutcome::NotModified`] when every file
    /// answered 304 to its conditional request, otherwise every file of the
    /// set (those that answered 304 are fetched again without conditions).
    /// Any file that cannot be fetched whole fails the source.
    pub fn fetch_source(
        &self,
        source: SourceId,
        prior: &[Validators],
    ) -> Result<FetchOutcome, FetchError> {
        let settings = self
            .config
            .sources
            .get(&source)
            .ok_or(FetchError::NotConfigured { source_id: source })?;
        if !settings.enabled {
            return Err(FetchError::Disabled { source_id: source });
        }
        let limit = self.config.max_bytes_for(source);
        let requests = settings
            .files
            .iter()
            .map(|file| Prepared::new(file, settings, &|name| std::env::var(name).ok()))
            .collect::<Result<Vec<_>, _>>()?;

        info!(source = %source, files = requests.len(), "checking for a new publication");
        let mut fetched: Vec<Option<FetchedFile>> = vec![None; requests.len()];
        let mut changed = false;
        for (slot, request) in fetched.iter_mut().zip(&requests) {
            let validators = if changed {
                None
            } else {
                prior.iter().find(|v| v.url == request.display_url)
            };
            if let Some(file) = self.fetch_file(request, validators, limit)? {
                changed = true;
                *slot = Some(file);
            }
        }
        if !changed {
            info!(source = %source, "not modified");
            return Ok(FetchOutcome::NotModified);
        }
        let mut files = Vec::with_capacity(requests.len());
        for (slot, request) in fetched.into_iter().zip(&requests) {
            let file = match slot {
                Some(file) => file,
                None => {
                    debug!(url = %request.display_url, "unchanged, fetched again to complete the set");
                    self.fetch_file(request, None, limit)?
                        .ok_or_else(|| FetchError::Protocol {
                            url: request.display_url.clone(),
                            reason: "304 Not Modified to an unconditional request".to_string(),
                        })?
                }
            };
            files.push(file);
        }
        let bytes: usize = files.iter().map(|file| file.bytes.len()).sum();
        info!(source = %source, files = files.len(), bytes, "downloaded");
        Ok(FetchOutcome::Fetched { files })
    }

    /// One file, with retries. `Ok(None)` is a 304 to a conditional request.
    fn fetch_file(
        &self,
        request: &Prepared,
        validators: Option<&Validators>,
        limit: u64,
    ) -> Result<Option<FetchedFile>, FetchError> {
        let http = &self.config.http;
        let conditional = validators.filter(|v| v.etag.is_some() || v.last_modified.is_some());
        let max_attempts = http.retries.saturating_add(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            debug!(url = %request.display_url, attempt, conditional = conditional.is_some(), "requesting");
            match self.attempt(request, conditional, limit) {
                Ok(result) => return Ok(result),
                Err(failure) => {
                    let failure = failure.scrubbed(&request.secrets);
                    if !failure.retryable || attempt >= max_attempts {
                        return Err(failure.into_error(&request.display_url, attempt));
                    }
                    let delay = retry_delay(http, attempt, failure.retry_after);
                    warn!(
                        url = %request.display_url,
                        attempt,
                        of = max_attempts,
                        delay_ms = delay.as_millis() as u64,
                        reason = %failure.describe(),
                        "download failed, retrying"
                    );
                    std::thread::sleep(delay);
                }
            }
        }
    }

    /// One request.
    fn attempt(
        &self,
        request: &Prepared,
        conditional: Option<&Validators>,
        limit: u64,
    ) -> Result<Option<FetchedFile>, Failure> {
        let mut builder = self.agent.get(&request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(validators) = conditional {
            if let Some(etag) = &validators.etag {
                builder = builder.header(header::IF_NONE_MATCH, etag.as_str());
            }
            if let Some(date) = &validators.last_modified {
                builder = builder.header(header::IF_MODIFIED_SINCE, date.as_str());
            }
        }
        let response = builder.call().map_err(Failure::from_ureq)?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            if conditional.is_some() {
                debug!(url = %request.display_url, "304 not modified");
                return Ok(None);
            }
            return Err(Failure::fatal(FailureKind::Protocol(
                "304 Not Modified to an unconditional request".to_string(),
            )));
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            return Err(Failure {
                kind: FailureKind::Status(status.as_u16()),
                retryable: true,
                retry_after: retry_after(&response),
            });
        }
        if status != StatusCode::OK {
            let kind = if status.is_success() {
                FailureKind::Protocol(format!(
                    "HTTP {status} where a whole file (200) was expected"
                ))
            } else {
                FailureKind::Status(status.as_u16())
            };
            return Err(Failure::fatal(kind));
        }

        let text_header = |name: header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(|value| value.trim().to_string())
                .filter(|value| !value.is_empty())
        };
        let etag = text_header(header::ETAG);
        let last_modified = text_header(header::LAST_MODIFIED);
        let encoded = text_header(header::CONTENT_ENCODING)
            .is_some_and(|coding| !coding.eq_ignore_ascii_case("identity"));
        let declared = text_header(header::CONTENT_LENGTH).and_then(|n| n.parse::<u64>().ok());
        if let Some(declared) = declared.filter(|n| *n > limit && !encoded) {
            return Err(Failure::fatal(FailureKind::TooLarge {
                limit,
                declared: Some(declared),
            }));
        }
        if declared.is_none() && text_header(header::TRANSFER_ENCODING).is_none() {
            // The body ends when the connection closes: a cut-off transfer
            // cannot be told from a complete one. The caller's parse check is
            // the remaining safeguard.
            warn!(url = %request.display_url, "no Content-Length and not chunked: completeness cannot be checked");
        }

        let bytes = read_body(response, limit, declared)?;
        if let Some(expected) = declared.filter(|_| !encoded) {
            if bytes.len() as u64 != expected {
                return Err(Failure::retry(FailureKind::Truncated {
                    received: bytes.len() as u64,
                    expected: Some(expected),
                    reason: "body length differs from Content-Length".to_string(),
                }));
            }
        }
        debug!(url = %request.display_url, bytes = bytes.len(), "200 received");
        let last_modified_date = last_modified.as_deref().and_then(http_date_day);
        Ok(Some(FetchedFile {
            url: request.display_url.clone(),
            name: request.name.clone(),
            bytes,
            validators: Validators {
                url: request.display_url.clone(),
                etag,
                last_modified,
            },
            last_modified_date,
        }))
    }
}

/// Reads the whole body, at most `limit` bytes.
fn read_body(
    response: Response<Body>,
    limit: u64,
    declared: Option<u64>,
) -> Result<Vec<u8>, Failure> {
    let capacity = declared.unwrap_or(0).min(limit).min(64 << 20) as usize;
    let mut bytes = Vec::with_capacity(capacity);
    let mut reader = response
        .into_body()
        .into_with_config()
        .limit(limit)
        .reader();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(bytes),
            Ok(n) => bytes.extend_from_slice(&buffer[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => {
                let received = bytes.len() as u64;
                return Err(match ureq::Error::from(err) {
                    ureq::Error::BodyExceedsLimit(_) => {
                        Failure::fatal(FailureKind::TooLarge { limit, declared })
                    }
                    ureq::Error::Timeout(which) => Failure::retry(FailureKind::Transport(format!(
                        "timed out ({which}) after {received} bytes"
                    ))),
                    other => Failure::retry(FailureKind::Truncated {
                        received,
                        expected: declared,
                        reason: other.to_string(),
                    }),
                });
            }
        }
    }
}

/// A file's request with `${ENV}` expanded, and what must not be shown of it.
struct Prepared {
    url: String,
    display_url: String,
    name: String,
    headers: Vec<(String, String)>,
    secrets: Secrets,
}

impl Prepared {
    fn new(
        file: &FileSpec,
        settings: &SourceConfig,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Prepared, FetchError> {
        let display_url = redact_url(&file.url);
        let missing = |var: String| FetchError::MissingEnv {
            url: display_url.clone(),
            var,
        };
        let mut secrets = Secrets::default();
        let (url, values) = expand_env(&file.url, lookup).map_err(missing)?;
        for value in &values {
            secrets.add(value);
        }
        secrets.add_from_url(&url);
        let mut headers = Vec::with_capacity(settings.headers.len());
        for (name, template) in &settings.headers {
            let (value, values) = expand_env(template, lookup).map_err(missing)?;
            for secret in values.iter().chain([&value]) {
                secrets.add(secret);
            }
            headers.push((name.clone(), value));
        }
        Ok(Prepared {
            url,
            display_url,
            name: file.name.clone(),
            headers,
            secrets,
        })
    }
}

/// One failed attempt.
#[derive(Debug)]
struct Failure {
    kind: FailureKind,
    retryable: bool,
    retry_after: Option<Duration>,
}

#[derive(Debug)]
enum FailureKind {
    Status(u16),
    Transport(String),
    Truncated {
        received: u64,
        expected: Option<u64>,
        reason: String,
    },
    TooLarge {
        limit: u64,
        declared: Option<u64>,
    },
    Protocol(String),
}

impl Failure {
    fn retry(kind: FailureKind) -> Failure {
        Failure {
            kind,
            retryable: true,
            retry_after: None,
        }
    }

    fn fatal(kind: FailureKind) -> Failure {
        Failure {
            kind,
            retryable: false,
            retry_after: None,
        }
    }

    fn from_ureq(err: ureq::Error) -> Failure {
        use ureq::Error as E;
        match err {
            E::Timeout(which) => {
                Failure::retry(FailureKind::Transport(format!("timed out ({which})")))
            }
            E::ConnectionFailed | E::HostNotFound | E::Io(_) | E::Protocol(_) => {
                Failure::retry(FailureKind::Transport(err.to_string()))
            }
            E::BodyExceedsLimit(limit) => Failure::fatal(FailureKind::TooLarge {
                limit,
                declared: None,
            }),
            other => Failure::fatal(FailureKind::Protocol(other.to_string())),
        }
    }

    /// The same failure with any secret removed from its texts.
    fn scrubbed(mut self, secrets: &Secrets) -> Failure {
        match &mut self.kind {
            FailureKind::Transport(reason)
            | FailureKind::Protocol(reason)
            | FailureKind::Truncated { reason, .. } => *reason = secrets.scrub(reason),
            FailureKind::Status(_) | FailureKind::TooLarge { .. } => {}
        }
        self
    }

    fn describe(&self) -> String {
        match &self.kind {
            FailureKind::Status(status) => format!("HTTP {status}"),
            FailureKind::Transport(reason) | FailureKind::Protocol(reason) => reason.clone(),
            FailureKind::Truncated {
                received, reason, ..
            } => format!("transfer cut off after {received} bytes: {reason}"),
            FailureKind::TooLarge { limit, .. } => format!("larger than {limit} bytes"),
        }
    }

    fn into_error(self, url: &str, attempts: u32) -> FetchError {
        let url = url.to_string();
        match self.kind {
            FailureKind::Status(status) => FetchError::Status {
                url,
                status,
                attempts,
            },
            FailureKind::Transport(reason) => FetchError::Transport {
                url,
                reason,
                attempts,
            },
            FailureKind::Truncated {
                received,
                expected,
                reason,
            } => FetchError::Truncated {
                url,
                received,
                expected,
                reason,
                attempts,
            },
            FailureKind::TooLarge { limit, declared } => FetchError::TooLarge {
                url,
                limit,
                declared,
            },
            FailureKind::Protocol(reason) => FetchError::Protocol { url, reason },
        }
    }
}

/// The server's `Retry-After`, as a delay from now.
fn retry_after(response: &Response<Body>) -> Option<Duration> {
    let value = response.headers().get(header::RETRY_AFTER)?.to_str().ok()?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    parse_retry_after(value, now)
}

/// `Retry-After` is delay-seconds or an HTTP date; `now` is Unix seconds.
pub(crate) fn parse_retry_after(value: &str, now_unix: u64) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?.and_utc().timestamp();
    let at = u64::try_from(at).ok()?;
    Some(Duration::from_secs(at.saturating_sub(now_unix)))
}

/// The pause after failed attempt number `attempt` (1-based): the server's
/// `Retry-After` up to the cap, otherwise exponential backoff up to its cap.
pub(crate) fn retry_delay(
    http: &HttpConfig,
    attempt: u32,
    retry_after: Option<Duration>,
) -> Duration {
    match retry_after {
        Some(asked) => asked.min(Duration::from_millis(http.max_retry_after_ms)),
        None => {
            let factor = 1u64 << attempt.saturating_sub(1).min(32);
            Duration::from_millis(
                http.backoff_ms
                    .saturating_mul(factor)
                    .min(http.max_backoff_ms),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let http = HttpConfig {
            backoff_ms: 100,
            max_backoff_ms: 1_000,
            max_retry_after_ms: 5_000,
            ..HttpConfig::default()
        };
        let delays: Vec<u128> = (1..=6)
            .map(|attempt| retry_delay(&http, attempt, None).as_millis())
            .collect();
        assert_eq!(delays, [100, 200, 400, 800, 1_000, 1_000]);
        assert_eq!(
            retry_delay(&http, 1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            retry_delay(&http, 1, Some(Duration::from_secs(3_600))),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("120", 0), Some(Duration::from_secs(120)));
        // 2024-05-03T00:00:10Z, ten seconds after "now".
        assert_eq!(
            parse_retry_after("Fri, 03 May 2024 00:00:10 GMT", 1_714_694_400),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Fri, 03 May 2024 00:00:10 GMT", 1_800_000_000),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", 0), None);
    }

    #[test]
    fn placeholders_are_expanded_and_remembered_as_secrets() {
        let settings = SourceConfig {
            enabled: true,
            files: vec![],
            headers: [("Authorization".to_string(), "Bearer ${KEY}".to_string())].into(),
            max_bytes: None,
        };
        let file = FileSpec::named("https://h/content?token=${TOKEN}", "eu.xml");
        let lookup = |name: &str| match name {
            "TOKEN" => Some("tok-123456".to_string()),
            "KEY" => Some("key-abcdef".to_string()),
            _ => None,
        };
        let prepared = Prepared::new(&file, &settings, &lookup).unwrap();
        assert_eq!(prepared.url, "https://h/content?token=tok-123456");
        assert_eq!(prepared.display_url, "https://h/content?token=REDACTED");
        assert_eq!(prepared.headers[0].1, "Bearer key-abcdef");
        assert_eq!(
            prepared.secrets.scrub("tok-123456 / Bearer key-abcdef"),
            "REDACTED / REDACTED"
        );
        let err = Prepared::new(&file, &settings, &|_| None).err().unwrap();
        assert_eq!(
            err.to_string(),
            "https://h/content?token=REDACTED: environment variable TOKEN is not set (the URL or a header uses ${TOKEN})"
        );
    }

    proptest! {
        #[test]
        fn delay_is_bounded(
            attempt in 0u32..1_000,
            backoff in 0u64..1_000_000,
            cap in 0u64..1_000_000,
            asked in proptest::option::of(0u64..10_000_000),
        ) {
            let http = HttpConfig {
                backoff_ms: backoff,
                max_backoff_ms: cap,
                max_retry_after_ms: cap,
                ..HttpConfig::default()
            };
            let delay = retry_delay(&http, attempt, asked.map(Duration::from_millis));
            prop_assert!(delay <= Duration::from_millis(cap));
        }

        #[test]
        fn retry_after_never_panics(text in "\\PC{0,40}", now in any::<u64>()) {
            let _ = parse_retry_after(&text, now);
        }
    }
}
