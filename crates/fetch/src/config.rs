//! Where the lists are downloaded from, and how patiently.
//!
//! Publishers move their files (OFAC moved to its Sanctions List Service, OFSI
//! retired its list for the FCDO's), so the URLs must be editable without a new
//! release. They live in a TOML file; [`Config::default_official`] holds the
//! official ones, [`Config::to_toml`] writes them out with comments, and
//! [`Config::load`] reads a file *over* the defaults: a source or an `[http]`
//! setting the file does not mention keeps its default value.
//!
//! ```toml
//! [http]
//! retries = 4
//! backoff_ms = 2000
//!
//! [sources.eu-fsf]
//! enabled = true     # the URL's ${INTERDICT_EU_FSF_TOKEN} comes from the environment
//!
//! [sources.ofac-sdn]
//! files = [
//!   "https://mirror.example/SDN.CSV",
//!   { url = "https://mirror.example/download?f=add", name = "ADD.CSV" },
//! ]
//! headers = { Authorization = "Bearer ${MIRROR_TOKEN}" }
//! ```
//!
//! `${NAME}` in a URL or header value is replaced by the environment variable
//! `NAME` at download time, so secrets need not be written into the file.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;

use interdict_model::SourceId;
use serde::de::{self, Deserializer};
use serde::Deserialize;
use toml::Spanned;

/// The download configuration: HTTP behaviour and, per source, its files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// How requests are made (timeouts, retries, limits).
    pub http: HttpConfig,
    /// Per source, where its files are. A source missing here is not downloaded.
    pub sources: BTreeMap<SourceId, SourceConfig>,
}

/// How requests are made. Durations are in milliseconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpConfig {
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Time allowed to open a connection.
    pub connect_timeout_ms: u64,
    /// Time allowed for any single read to produce data (a stalled transfer).
    pub read_timeout_ms: u64,
    /// Time allowed for one whole request, body included.
    pub timeout_ms: u64,
    /// Retries after the first attempt, on connection errors, timeouts,
    /// truncated bodies, 5xx and 429.
    pub retries: u32,
    /// The delay before the first retry; it doubles for each further one.
    pub backoff_ms: u64,
    /// The longest delay between two attempts computed by backoff.
    pub max_backoff_ms: u64,
    /// The longest `Retry-After` a server is obeyed for; longer asks are cut to this.
    pub max_retry_after_ms: u64,
    /// The largest file accepted (after gzip transfer decoding), unless a source
    /// sets its own.
    pub max_bytes: u64,
}

/// One source's download settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceConfig {
    /// Whether `interdict update` downloads it.
    pub enabled: bool,
    /// The files of one publication, in the order they are fetched and delivered.
    pub files: Vec<FileSpec>,
    /// Extra request headers (values may use `${ENV}`; they are never logged).
    pub headers: BTreeMap<String, String>,
    /// A size limit for this source's files, overriding [`HttpConfig::max_bytes`].
    pub max_bytes: Option<u64>,
}

/// One file of a publication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSpec {
    /// The URL, possibly with `${ENV}` placeholders.
    pub url: String,
    /// The file name the parser sees (`SDN.CSV`): by default the last path
    /// segment of the URL, without the query.
    pub name: String,
}

impl FileSpec {
    /// A file named after the last segment of its URL.
    pub fn new(url: &str) -> FileSpec {
        FileSpec {
            url: url.to_string(),
            name: default_file_name(url),
        }
    }

    /// A file with an explicit name (for URLs that do not end in one).
    pub fn named(url: &str, name: &str) -> FileSpec {
        FileSpec {
            url: url.to_string(),
            name: name.to_string(),
        }
    }
}

/// The last path segment of `url`, without query or fragment; `download` when
/// there is none.
pub fn default_file_name(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let path = match url.find("://") {
        Some(at) => {
            let rest = &url[at + 3..];
            rest.find('/').map(|slash| &rest[slash..]).unwrap_or("")
        }
        None => url,
    };
    let last = path.rsplit('/').next().unwrap_or("");
    if last.is_empty() || last.contains("${") {
        "download".to_string()
    } else {
        last.to_string()
    }
}

/// Why a configuration file could not be used. Always names the file; names
/// the line and column when the problem has a place in it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: cannot read the configuration: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid TOML, or a value is wrong.
    #[error("{}", located(path, *line, *column, message))]
    Invalid {
        /// The file.
        path: String,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// What is wrong.
        message: String,
    },
}

fn located(path: &str, line: Option<usize>, column: Option<usize>, message: &str) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!("{path}:{line}:{column}: {message}"),
        (Some(line), None) => format!("{path}:{line}: {message}"),
        _ => format!("{path}: {message}"),
    }
}

const OFAC_SLS: &str = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports";

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            user_agent: concat!(
                "interdict/",
                env!("CARGO_PKG_VERSION"),
                " (sanctions screening)"
            )
            .to_string(),
            connect_timeout_ms: 30_000,
            read_timeout_ms: 60_000,
            timeout_ms: 30 * 60_000,
            retries: 4,
            backoff_ms: 2_000,
            max_backoff_ms: 60_000,
            max_retry_after_ms: 5 * 60_000,
            max_bytes: 512 << 20,
        }
    }
}

impl Config {
    /// The official publication URLs, as researched in 2026.
    pub fn default_official() -> Config {
        let source = |enabled: bool, files: Vec<FileSpec>| SourceConfig {
            enabled,
            files,
            headers: BTreeMap::new(),
            max_bytes: None,
        };
        let ofac = |names: [&str; 4]| {
            names
                .iter()
                .map(|name| FileSpec::new(&format!("{OFAC_SLS}/{name}")))
                .collect::<Vec<_>>()
        };
        let mut sources = BTreeMap::new();
        sources.insert(
            SourceId::OfacSdn,
            source(
                true,
                ofac(["SDN.CSV", "ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV"]),
            ),
        );
        sources.insert(
            SourceId::OfacCons,
            source(
                true,
                ofac([
                    "CONS_PRIM.CSV",
                    "CONS_ADD.CSV",
                    "CONS_ALT.CSV",
                    "CONS_COMMENTS.CSV",
                ]),
            ),
        );
        sources.insert(
            SourceId::UnSc,
            source(
                true,
                vec![FileSpec::new(
                    "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
                )],
            ),
        );
        sources.insert(
            SourceId::UkHmt,
            source(
                true,
                vec![FileSpec::new(
                    "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
                )],
            ),
        );
        sources.insert(
            SourceId::EuFsf,
            source(
                false,
                vec![FileSpec::named(
                    "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=${INTERDICT_EU_FSF_TOKEN}",
                    "xmlFullSanctionsList_1_1.xml",
                )],
            ),
        );
        sources.insert(
            SourceId::UsCsl,
            source(
                true,
                vec![FileSpec::new(
                    "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
                )],
            ),
        );
        let mut opensanctions = source(
            true,
            vec![FileSpec::new(
                "https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json",
            )],
        );
        opensanctions.max_bytes = Some(4 << 30);
        sources.insert(SourceId::OpenSanctions, opensanctions);
        Config {
            http: HttpConfig::default(),
            sources,
        }
    }

    /// Reads `path` over [`Config::default_official`].
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Config::from_toml_str(&text, &path.display().to_string())
    }

    /// Reads TOML `text` over [`Config::default_official`]; `origin` names the
    /// text in errors (usually the file path).
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Config, ConfigError> {
        let invalid = |span: Option<Range<usize>>, message: String| {
            let (line, column) = match span {
                Some(span) => {
                    let (line, column) = line_column(text, span.start);
                    (Some(line), Some(column))
                }
                None => (None, None),
            };
            ConfigError::Invalid {
                path: origin.to_string(),
                line,
                column,
                message,
            }
        };
        let raw: RawConfig =
            toml::from_str(text).map_err(|err| invalid(err.span(), err.message().to_string()))?;

        let mut config = Config::default_official();
        if let Some(http) = raw.http {
            let span = http.span();
            let http = http.into_inner();
            let target = &mut config.http;
            if let Some(value) = http.user_agent {
                target.user_agent = value;
            }
            macro_rules! set {
                ($($field:ident),*) => {$(
                    if let Some(value) = http.$field {
                        target.$field = value;
                    }
                )*};
            }
            set!(
                connect_timeout_ms,
                read_timeout_ms,
                timeout_ms,
                retries,
                backoff_ms,
                max_backoff_ms,
                max_retry_after_ms,
                max_bytes
            );
            validate_http(target).map_err(|message| invalid(Some(span), message))?;
        }
        for (key, raw_source) in raw.sources {
            let source_span = raw_source.span();
            let raw_source = raw_source.into_inner();
            let entry = config.sources.entry(key.0).or_insert_with(|| SourceConfig {
                enabled: true,
                files: Vec::new(),
                headers: BTreeMap::new(),
                max_bytes: None,
            });
            if let Some(enabled) = raw_source.enabled {
                entry.enabled = enabled;
            }
            if let Some(files) = raw_source.files {
                let mut specs = Vec::with_capacity(files.len());
                for file in files {
                    let span = file.span();
                    let spec = match file.into_inner() {
                        RawFile::Url(url) => FileSpec::new(&url),
                        RawFile::Spec { url, name } => match name {
                            Some(name) => FileSpec::named(&url, &name),
                            None => FileSpec::new(&url),
                        },
                    };
                    validate_file(&spec).map_err(|message| invalid(Some(span), message))?;
                    specs.push(spec);
                }
                entry.files = specs;
            }
            if let Some(headers) = raw_source.headers {
                entry.headers = headers;
            }
            if let Some(max_bytes) = raw_source.max_bytes {
                entry.max_bytes = Some(max_bytes);
            }
            validate_source(key.0, entry).map_err(|message| invalid(Some(source_span), message))?;
        }
        Ok(config)
    }

    /// The configuration as a commented TOML file that [`Config::load`] reads
    /// back to the same value.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# interdict download configuration.\n\
             # `${NAME}` in a URL or header value is replaced by the environment variable NAME\n\
             # when downloading; use it for tokens. Settings and sources left out of this file\n\
             # take interdict's built-in defaults.\n\n[http]\n",
        );
        let http = &self.http;
        let _ = writeln!(out, "user_agent = {}", quoted(&http.user_agent));
        let numbers: [(&str, u64, &str); 8] = [
            ("connect_timeout_ms", http.connect_timeout_ms, "to open a connection"),
            ("read_timeout_ms", http.read_timeout_ms, "for any one read to bring data (a stalled transfer)"),
            ("timeout_ms", http.timeout_ms, "for one whole request, body included"),
            ("retries", u64::from(http.retries), "retries after the first attempt: connection errors, timeouts, cut-off bodies, 5xx, 429"),
            ("backoff_ms", http.backoff_ms, "delay before the first retry; doubles each time"),
            ("max_backoff_ms", http.max_backoff_ms, "longest backoff delay"),
            ("max_retry_after_ms", http.max_retry_after_ms, "a server's Retry-After is obeyed up to this"),
            ("max_bytes", http.max_bytes, "largest file accepted, unless a source sets max_bytes"),
        ];
        for (key, value, comment) in numbers {
            let _ = writeln!(out, "{key} = {value}  # {comment}");
        }
        for (source, settings) in &self.sources {
            out.push('\n');
            for line in source_comment(*source) {
                let _ = writeln!(out, "# {line}");
            }
            let _ = writeln!(out, "[sources.{}]", source.as_str());
            let _ = writeln!(out, "enabled = {}", settings.enabled);
            out.push_str("files = [\n");
            for file in &settings.files {
                if file.name == default_file_name(&file.url) {
                    let _ = writeln!(out, "  {},", quoted(&file.url));
                } else {
                    let _ = writeln!(
                        out,
                        "  {{ url = {}, name = {} }},",
                        quoted(&file.url),
                        quoted(&file.name)
                    );
                }
            }
            out.push_str("]\n");
            if let Some(max_bytes) = settings.max_bytes {
                let _ = writeln!(out, "max_bytes = {max_bytes}");
            }
            if !settings.headers.is_empty() {
                let _ = writeln!(out, "[sources.{}.headers]", source.as_str());
                for (name, value) in &settings.headers {
                    let _ = writeln!(out, "{} = {}", quoted(name), quoted(value));
                }
            }
        }
        out
    }

    /// The size limit for `source`'s files.
    pub fn max_bytes_for(&self, source: SourceId) -> u64 {
        self.sources
            .get(&source)
            .and_then(|settings| settings.max_bytes)
            .unwrap_or(self.http.max_bytes)
    }
}

/// What `to_toml` writes above each source.
fn source_comment(source: SourceId) -> &'static [&'static str] {
    match source {
        SourceId::OfacSdn => &[
            "US Treasury OFAC, SDN list: the legacy CSV set of the Sanctions List Service.",
        ],
        SourceId::OfacCons => &[
            "US Treasury OFAC, consolidated non-SDN lists: the legacy CSV set of the Sanctions List Service.",
        ],
        SourceId::UnSc => &["UN Security Council consolidated list (XML)."],
        SourceId::UkHmt => &[
            "UK OFSI Consolidated List (CSV). OFSI retired this list on 28 January 2026 in favour of",
            "the FCDO's UK Sanctions List (https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv),",
            "which interdict does not read yet; the file below is no longer updated.",
        ],
        SourceId::EuFsf => &[
            "EU Financial Sanctions Files, XML 1.1. The EU serves them only with a token, issued on",
            "registration with the Financial Sanctions Database (FSD): set INTERDICT_EU_FSF_TOKEN in",
            "the environment and enable this source. Disabled by default for want of a token.",
        ],
        SourceId::UsCsl => &["US Consolidated Screening List, trade.gov (CSV)."],
        SourceId::OpenSanctions => &[
            "OpenSanctions sanctions collection, FollowTheMoney entities (one JSON object a line).",
            "An aggregator, not an authority; its data licence restricts commercial use.",
        ],
    }
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|at| at + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn validate_http(http: &HttpConfig) -> Result<(), String> {
    for (name, value) in [
        ("connect_timeout_ms", http.connect_timeout_ms),
        ("read_timeout_ms", http.read_timeout_ms),
        ("timeout_ms", http.timeout_ms),
        ("max_bytes", http.max_bytes),
    ] {
        if value == 0 {
            return Err(format!("[http] {name} must be greater than 0"));
        }
    }
    if http.retries > 100 {
        return Err(format!(
            "[http] retries = {} is more than 100",
            http.retries
        ));
    }
    if http.user_agent.contains(['\r', '\n']) {
        return Err("[http] user_agent must be one line".to_string());
    }
    Ok(())
}

fn validate_file(file: &FileSpec) -> Result<(), String> {
    let lower = file.url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(format!(
            "file URL {:?} must start with http:// or https://",
            crate::redact_url(&file.url)
        ));
    }
    if file
        .url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "file URL {:?} contains a space or control character",
            crate::redact_url(&file.url)
        ));
    }
    if file.name.is_empty() || file.name.contains(['/', '\\']) || file.name.contains("..") {
        return Err(format!(
            "file name {:?} must be a plain file name",
            file.name
        ));
    }
    Ok(())
}

fn validate_source(source: SourceId, settings: &SourceConfig) -> Result<(), String> {
    if settings.enabled && settings.files.is_empty() {
        return Err(format!("source {source} is enabled but lists no files"));
    }
    let mut names: Vec<String> = settings
        .files
        .iter()
        .map(|file| file.name.to_ascii_lowercase())
        .collect();
    names.sort();
    if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(format!(
            "source {source} has two files named {:?}; give them distinct names",
            pair[0]
        ));
    }
    for (name, value) in &settings.headers {
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return Err(format!("source {source}: {name:?} is not a header name"));
        }
        if value.contains(['\r', '\n']) {
            // The value may be secret: name the header only.
            return Err(format!(
                "source {source}: the value of header {name} must be one line"
            ));
        }
    }
    if settings.max_bytes == Some(0) {
        return Err(format!("source {source}: max_bytes must be greater than 0"));
    }
    Ok(())
}

/// Replaces `${NAME}` in `text` by `lookup(NAME)`. Returns the result and the
/// substituted values (secrets to keep out of logs), or the name of the first
/// variable `lookup` does not know. Text without `${` is returned unchanged.
pub(crate) fn expand_env(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, Vec<String>), String> {
    let mut out = String::with_capacity(text.len());
    let mut values = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end)
                if end > 0
                    && after[..end]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                let name = &after[..end];
                let value = lookup(name).ok_or_else(|| name.to_string())?;
                out.push_str(&value);
                values.push(value);
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok((out, values))
}

// ---- deserialization --------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    http: Option<Spanned<RawHttp>>,
    #[serde(default)]
    sources: BTreeMap<SourceKey, Spanned<RawSource>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHttp {
    user_agent: Option<String>,
    connect_timeout_ms: Option<u64>,
    read_timeout_ms: Option<u64>,
    timeout_ms: Option<u64>,
    retries: Option<u32>,
    backoff_ms: Option<u64>,
    max_backoff_ms: Option<u64>,
    max_retry_after_ms: Option<u64>,
    max_bytes: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    enabled: Option<bool>,
    files: Option<Vec<Spanned<RawFile>>>,
    headers: Option<BTreeMap<String, String>>,
    max_bytes: Option<u64>,
}

#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a URL string or a table { url = \"...\", name = \"...\" }"
)]
enum RawFile {
    Url(String),
    Spec { url: String, name: Option<String> },
}

/// A `[sources.NAME]` key: a known source name.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct SourceKey(SourceId);

impl<'de> Deserialize<'de> for SourceKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        SourceId::from_str(&name)
            .map(SourceKey)
            .map_err(|err| de::Error::custom(err.to_string()))
    }
}

impl fmt::Display for SourceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn defaults_round_trip_through_toml() {
        let defaults = Config::default_official();
        let text = defaults.to_toml();
        assert_eq!(
            Config::from_toml_str(&text, "defaults.toml").unwrap(),
            defaults
        );
        assert!(text.contains("[sources.eu-fsf]\nenabled = false"));
        assert!(text.contains("INTERDICT_EU_FSF_TOKEN"));
    }

    #[test]
    fn official_defaults() {
        let config = Config::default_official();
        assert_eq!(config.sources.len(), SourceId::ALL.len());
        let sdn = &config.sources[&SourceId::OfacSdn];
        let names: Vec<&str> = sdn.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["SDN.CSV", "ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV"]);
        assert_eq!(
            sdn.files[0].url,
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV"
        );
        let eu = &config.sources[&SourceId::EuFsf];
        assert!(!eu.enabled);
        assert_eq!(eu.files[0].name, "xmlFullSanctionsList_1_1.xml");
        assert!(config.sources.values().filter(|s| s.enabled).count() == 6);
        assert_eq!(config.max_bytes_for(SourceId::OpenSanctions), 4 << 30);
        assert_eq!(config.max_bytes_for(SourceId::UnSc), 512 << 20);
    }

    #[test]
    fn a_file_overrides_only_what_it_names() {
        let text = r#"
[http]
retries = 1
backoff_ms = 5

[sources.un-sc]
files = ["http://127.0.0.1:9/consolidated.xml"]

[sources.eu-fsf]
enabled = true

[sources.ofac-sdn]
files = [
  "http://127.0.0.1:9/SDN.CSV",
  { url = "http://127.0.0.1:9/get?f=add", name = "ADD.CSV" },
]
headers = { Authorization = "Bearer ${TOKEN}" }
"#;
        let config = Config::from_toml_str(text, "over.toml").unwrap();
        let defaults = Config::default_official();
        assert_eq!(config.http.retries, 1);
        assert_eq!(config.http.backoff_ms, 5);
        assert_eq!(config.http.timeout_ms, defaults.http.timeout_ms);
        assert_eq!(
            config.sources[&SourceId::UnSc].files,
            [FileSpec::new("http://127.0.0.1:9/consolidated.xml")]
        );
        assert!(config.sources[&SourceId::EuFsf].enabled);
        assert_eq!(
            config.sources[&SourceId::EuFsf].files,
            defaults.sources[&SourceId::EuFsf].files
        );
        let sdn = &config.sources[&SourceId::OfacSdn];
        assert_eq!(sdn.files[1].name, "ADD.CSV");
        assert_eq!(sdn.headers["Authorization"], "Bearer ${TOKEN}");
        assert_eq!(
            config.sources[&SourceId::UsCsl],
            defaults.sources[&SourceId::UsCsl]
        );
    }

    fn error_of(text: &str) -> String {
        Config::from_toml_str(text, "bad.toml")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn errors_name_the_file_and_line() {
        assert_eq!(
            error_of("[http]\nretries = 2\nbackoff_ms = \"soon\"\n"),
            "bad.toml:3:14: invalid type: string \"soon\", expected u64"
        );
        let unknown = error_of("\n[sources.ofac]\nenabled = true\n");
        assert!(unknown.starts_with("bad.toml:2:"), "{unknown}");
        assert!(unknown.contains("unknown source \"ofac\""), "{unknown}");
        let typo = error_of("[http]\nretires = 3\n");
        assert!(
            typo.starts_with("bad.toml:2:1: unknown field `retires`"),
            "{typo}"
        );
        let syntax = error_of("[http\n");
        assert!(syntax.starts_with("bad.toml:1:"), "{syntax}");
        let scheme = error_of("[sources.un-sc]\nfiles = [\n  \"ftp://x/consolidated.xml\",\n]\n");
        assert_eq!(
            scheme,
            "bad.toml:3:3: file URL \"ftp://x/consolidated.xml\" must start with http:// or https://"
        );
        let empty = error_of("[sources.un-sc]\nfiles = []\n");
        assert!(
            empty.starts_with("bad.toml:1:1: source un-sc is enabled but lists no files"),
            "{empty}"
        );
        let twice = error_of("[sources.un-sc]\nfiles = [\"http://a/x.xml\", \"http://b/X.XML\"]\n");
        assert!(twice.contains("two files named \"x.xml\""), "{twice}");
        let zero = error_of("[http]\ntimeout_ms = 0\n");
        assert!(
            zero.starts_with("bad.toml:1:1: [http] timeout_ms must be greater than 0"),
            "{zero}"
        );
    }

    #[test]
    fn load_names_a_missing_file() {
        let err = Config::load(Path::new("/nonexistent/interdict.toml")).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("/nonexistent/interdict.toml: cannot read the configuration"));
    }

    #[test]
    fn file_names_from_urls() {
        assert_eq!(default_file_name("https://h/a/b/SDN.CSV?x=1#f"), "SDN.CSV");
        assert_eq!(default_file_name("https://h"), "download");
        assert_eq!(default_file_name("https://h/"), "download");
        assert_eq!(default_file_name("https://h/x/${NAME}"), "download");
    }

    #[test]
    fn env_expansion() {
        let lookup = |name: &str| (name == "TOKEN").then(|| "s3cr3t".to_string());
        assert_eq!(
            expand_env("a?token=${TOKEN}&b=${TOKEN}", &lookup).unwrap(),
            (
                "a?token=s3cr3t&b=s3cr3t".to_string(),
                vec!["s3cr3t".to_string(); 2]
            )
        );
        assert_eq!(
            expand_env("x${MISSING}", &lookup),
            Err("MISSING".to_string())
        );
        assert_eq!(
            expand_env("$ ${ ${} ${a-b} $", &lookup).unwrap().0,
            "$ ${ ${} ${a-b} $"
        );
    }

    proptest! {
        #[test]
        fn expansion_without_placeholders_is_identity(text in "[^$]{0,40}") {
            let (out, values) = expand_env(&text, &|_| None).unwrap();
            prop_assert_eq!(out, text);
            prop_assert!(values.is_empty());
        }

        #[test]
        fn expansion_never_panics(text in "\\PC{0,40}") {
            let _ = expand_env(&text, &|name| Some(name.to_lowercase()));
        }

        #[test]
        fn any_config_round_trips(
            retries in 0u32..100,
            backoff in 0u64..10_000,
            agent in "[ -~]{0,30}",
            enabled in any::<bool>(),
            host in "[a-z]{1,10}",
            name in "[A-Za-z0-9_.-]{1,12}",
            header in "[A-Za-z-]{1,12}",
            value in "[ -~]{0,20}",
        ) {
            prop_assume!(!name.contains(".."));
            let mut config = Config::default_official();
            config.http.retries = retries;
            config.http.backoff_ms = backoff;
            config.http.user_agent = agent;
            let sdn = config.sources.get_mut(&SourceId::OfacSdn).unwrap();
            sdn.enabled = enabled;
            sdn.files = vec![FileSpec::named(&format!("https://{host}/q?x=\"1\""), &name)];
            sdn.headers.insert(header, value);
            let back = Config::from_toml_str(&config.to_toml(), "generated.toml").unwrap();
            prop_assert_eq!(back, config);
        }
    }
}
