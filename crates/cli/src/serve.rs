//! `interdict serve`: the HTTP service over the data directory.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;
use interdict_server::state::{DEFAULT_MAX_BODY, DEFAULT_RATE_LIMIT};
use interdict_server::ServerConfig;

/// `interdict serve` options.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the bound address is printed).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub listen: String,
    /// Seconds between looks for new list versions (0: never; POST /v1/admin/reload still works).
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    pub reload_interval: u64,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BODY, value_name = "BYTES")]
    pub max_body: usize,
    /// Requests per second allowed per API key, as `N/s` or `N` (0: no limit).
    #[arg(long, default_value_t = format!("{DEFAULT_RATE_LIMIT}/s"), value_name = "N/s")]
    pub rate_limit: String,
}

fn parse_rate(text: &str) -> anyhow::Result<Option<u32>> {
    let number = text.trim().trim_end_matches("/s");
    let rate: u32 = number
        .parse()
        .with_context(|| format!("--rate-limit {text:?}: want N/s, e.g. 100/s"))?;
    Ok((rate > 0).then_some(rate))
}

/// Serves until SIGINT or SIGTERM; in-flight requests finish first.
pub fn run(data_dir: &Path, args: ServeArgs) -> anyhow::Result<()> {
    if args.max_body == 0 {
        bail!("--max-body must be at least 1 byte");
    }
    let mut config = ServerConfig::new(data_dir);
    config.reload_interval =
        (args.reload_interval > 0).then(|| Duration::from_secs(args.reload_interval));
    config.max_body = args.max_body;
    config.rate_limit = parse_rate(&args.rate_limit)?;
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("listening on {}", args.listen))?;
        let address = listener.local_addr().context("the bound address")?;
        println!("listening on http://{address}");
        eprintln!("listening on http://{address}");
        interdict_server::serve(config, listener, interdict_server::shutdown_signal())
            .await
            .map_err(anyhow::Error::from)
    })?;
    eprintln!("interdict serve: stopped");
    Ok(())
}
