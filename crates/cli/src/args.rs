//! Command-line arguments: what the user typed, validated, nothing more.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use interdict_model::SourceId;

/// interdict: sanctions-list history and screening.
#[derive(Debug, Parser)]
#[command(name = "interdict", version, about)]
pub struct Args {
    /// The data directory (created if missing).
    #[arg(
        long = "data",
        env = "INTERDICT_DATA",
        global = true,
        value_name = "DIR"
    )]
    pub data: Option<PathBuf>,
    /// More log output on stderr (-v info, -vv debug). INTERDICT_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

impl Args {
    /// `--data`, else `$INTERDICT_DATA`, else `$XDG_DATA_HOME/interdict`, else
    /// `~/.local/share/interdict`, else `./interdict-data`.
    pub fn data_dir(&self) -> PathBuf {
        if let Some(dir) = &self.data {
            return dir.clone();
        }
        if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
            return PathBuf::from(xdg).join("interdict");
        }
        match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
            Some(home) => PathBuf::from(home).join(".local/share/interdict"),
            None => PathBuf::from("interdict-data"),
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import a publication as a new version of a source. A path is a file, or a
    /// folder holding a CSV set.
    Import {
        /// The source: ofac-sdn, ofac-cons, un-sc, uk-hmt, eu-fsf, us-csl, opensanctions.
        source: SourceId,
        /// Files or CSV-set folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Publication date, for files that do not state one.
        #[arg(long, value_name = "YYYY-MM-DD")]
        published: Option<NaiveDate>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Download the current lists from their official URLs and import what changed.
    Update {
        /// Sources to update (default: every source enabled in the config).
        sources: Vec<SourceId>,
        /// A TOML file of source URLs (default: the built-in official URLs).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// List the versions held, one line per version.
    Lists {
        /// Only this source.
        #[arg(long)]
        source: Option<SourceId>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Show an entity as its source listed it, now or on a date.
    Show {
        /// The entity id, e.g. ofac-sdn:10481 or un-sc:IRi.039.
        id: String,
        /// The version in force on this date (latest published on or before it).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// A version number of the entity's source (see `interdict lists`).
        #[arg(long, value_name = "N")]
        version: Option<u32>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Compare two versions of a source: added, removed and changed entities.
    Diff {
        /// The source.
        source: SourceId,
        /// Older version: a version number or a date (default: the one before --to).
        #[arg(long, value_name = "VERSION|DATE")]
        from: Option<VersionArg>,
        /// Newer version: a version number or a date (default: the latest).
        #[arg(long, value_name = "VERSION|DATE")]
        to: Option<VersionArg>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Screen a name against the lists in force (or in force on --as-of).
    Screen(ScreenArgs),
    /// Measure screening quality on labelled data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Every version of the entity's source, whether it held the entity, and the
    /// intervals it was listed.
    History {
        /// The entity id.
        id: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// The regime table: each list code's regime, measures, legal basis, who it
    /// binds and when; with versions held, the codes in them that have no row.
    Regimes {
        /// Only the codes found in the held versions that have no row.
        #[arg(long)]
        unmapped: bool,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Was a listed person barred from entering a state on a date? Exits 3 on a
    /// violation.
    Travel {
        /// The traveller's name, in any script.
        name: String,
        /// The destination state: ISO 3166-1 alpha-2 code or country name.
        #[arg(long = "to", value_name = "COUNTRY")]
        to: String,
        /// The date of travel.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: NaiveDate,
        /// Birth date: YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        birth_date: Option<interdict_model::PartialDate>,
        /// Nationality: a name or an ISO code. Repeatable.
        #[arg(long = "nationality", value_name = "C")]
        nationalities: Vec<String>,
        /// Match threshold in [0,1] (default: the matcher's documented default).
        #[arg(long, value_name = "T")]
        threshold: Option<f64>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Run the HTTP service (API v1, yente-compatible endpoints, web UI) over the data directory.
    Serve(crate::serve::ServeArgs),
    /// API keys of the HTTP service: create, revoke, list.
    #[command(subcommand)]
    Keys(crate::keys::KeysCommand),
    /// The audit log of screenings and decisions: verify its hash chain, export it.
    #[command(subcommand)]
    Audit(crate::audit::AuditCommand),
    /// The alert review queue; `alerts decide` records a decision.
    Alerts(crate::audit::AlertsArgs),
    /// Screen a file of records (CSV or JSON lines); see docs/batch.md.
    Batch(crate::batch::BatchArgs),
    /// Screen a payment message file: ISO 20022 pacs.008 or pain.001, SWIFT MT103 or MT101
    /// (one message or an RJE file). Exits 3 when anything alerts.
    Message {
        /// The message file.
        file: PathBuf,
        /// Alert threshold in [0,1] (default: the matcher's documented default).
        #[arg(long, value_name = "T")]
        threshold: Option<f64>,
        /// Only these sources. Repeatable.
        #[arg(long = "source", value_name = "S")]
        sources: Vec<SourceId>,
        /// Screen against the versions in force on this date (also the embargo date of
        /// messages that state none).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Find mentions of listed parties in a text or HTML file (`-` reads stdin). Exits 3 when
    /// there is a mention.
    Text {
        /// The file, or `-` for standard input.
        file: PathBuf,
        /// The input is HTML: reduce it to its text first (offsets are into that text).
        #[arg(long)]
        html: bool,
        /// Alert threshold in [0,1] (default: the matcher's documented default).
        #[arg(long, value_name = "T")]
        threshold: Option<f64>,
        /// Only these sources. Repeatable.
        #[arg(long = "source", value_name = "S")]
        sources: Vec<SourceId>,
        /// Screen against the versions in force on this date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Your own ownership data (CSV owner,owned,percent,as_of): import, list.
    #[command(subcommand)]
    Ownership(crate::ownership::OwnershipCommand),
    /// Exposure of a party through ownership and the links the lists state:
    /// paths to listed parties, blocked by ownership (OFAC 50% rule, EU, UK),
    /// secondary sanctions for non-US persons. Exits 3 when the party is listed,
    /// blocked by ownership, or a secondary-sanctions exposure.
    Exposure(crate::ownership::ExposureArgs),
    /// One party across the lists: declare, withdraw, build and evaluate links.
    #[command(subcommand)]
    Links(crate::linkage::LinksCommand),
}

/// `interdict screen` arguments.
#[derive(Debug, clap::Args)]
pub struct ScreenArgs {
    /// The name, in any script.
    pub name: String,
    /// What the party is: person, organization, company, vessel, aircraft.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Birth date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub birth_date: Option<interdict_model::PartialDate>,
    /// Country (nationality, residence): a name or an ISO code. Repeatable.
    #[arg(long = "country", value_name = "C")]
    pub countries: Vec<String>,
    /// An identifier (passport, national id, IMO, ...). Repeatable.
    #[arg(long = "id", value_name = "N")]
    pub ids: Vec<String>,
    /// Only these sources. Repeatable.
    #[arg(long = "source", value_name = "S")]
    pub sources: Vec<SourceId>,
    /// Screen against the versions in force on this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// At most this many results.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Alert threshold in [0,1] (default: the matcher's documented default).
    #[arg(long, value_name = "T")]
    pub threshold: Option<f64>,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// The evaluation subcommands.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Score labelled name pairs (name_bench layout: schema,name1,name2,is_match,...).
    Pairs {
        /// The CSV file.
        file: PathBuf,
        /// Alert threshold in [0,1] (default: the matcher's documented default).
        #[arg(long, value_name = "T")]
        threshold: Option<f64>,
        /// Where to write the per-pair scores (default: <file stem>.scores.csv in the
        /// current directory).
        #[arg(long, value_name = "FILE")]
        scores: Option<PathBuf>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Screen labelled rows (name,schema,birth_date,country,expected) against the store.
    Screen {
        /// The CSV file.
        file: PathBuf,
        /// Alert threshold in [0,1] (default: the matcher's documented default).
        #[arg(long, value_name = "T")]
        threshold: Option<f64>,
        /// Only these sources. Repeatable.
        #[arg(long = "source", value_name = "S")]
        sources: Vec<SourceId>,
        /// Screen against the versions in force on this date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// JSON output (includes every row).
        #[arg(long)]
        json: bool,
    },
}

/// A version as the user names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionArg {
    /// The latest version.
    Latest,
    /// A version number within the source.
    Seq(u32),
    /// The version in force on a date.
    Date(NaiveDate),
}

impl FromStr for VersionArg {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text == "latest" {
            return Ok(VersionArg::Latest);
        }
        if let Ok(seq) = text.parse::<u32>() {
            return Ok(VersionArg::Seq(seq));
        }
        text.parse::<NaiveDate>()
            .map(VersionArg::Date)
            .map_err(|_| format!("{text:?}: want a version number, a date YYYY-MM-DD, or 'latest'"))
    }
}

impl fmt::Display for VersionArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionArg::Latest => f.write_str("latest"),
            VersionArg::Seq(seq) => write!(f, "version {seq}"),
            VersionArg::Date(date) => write!(f, "date {date}"),
        }
    }
}
