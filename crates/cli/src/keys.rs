//! `interdict keys`: the API keys of the HTTP service (`<data>/keys.sqlite`).
//! The secret of a new key is printed once and never stored.

use std::io::Write;

use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use interdict_app::DataDir;
use interdict_keys::{KeyInfo, Role};
use serde_json::json;

/// The `keys` subcommands.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create a key. Its secret is printed once: keep it.
    Create {
        /// What the key may do: screener, analyst (+ alerts and decisions) or admin (+ keys, reload).
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// A label ("billing team", "UI of J. Doe", ...).
        #[arg(long)]
        label: Option<String>,
        /// JSON output: {"key", "id", "role"}.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a key for good.
    Revoke {
        /// The key id (the part after `idk_`, before the next `_`).
        id: String,
    },
    /// List every key (never their secrets).
    List {
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse::<Role>().map_err(|e| e.to_string())
}

/// Runs a `keys` subcommand.
pub fn run(data: &DataDir, command: KeysCommand, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let store = data
        .keys()
        .with_context(|| format!("opening the key store of {}", data.path().display()))?;
    match command {
        KeysCommand::Create { role, label, json } => {
            let key = store.create(role, label.as_deref())?;
            if json {
                crate::print_json(
                    out,
                    &json!({"key": key.key, "id": key.id, "role": key.role.as_str()}),
                )?;
            } else {
                writeln!(out, "{}", key.key)?;
                writeln!(
                    out,
                    "created key {} ({}); the line above is its only copy",
                    key.id, key.role
                )?;
            }
        }
        KeysCommand::Revoke { id } => {
            store.revoke(&id)?;
            writeln!(out, "revoked key {id}")?;
        }
        KeysCommand::List { json } => {
            let keys = store.list()?;
            if json {
                let keys: Vec<_> = keys.iter().map(key_json).collect();
                crate::print_json(out, &serde_json::Value::Array(keys))?;
            } else {
                if keys.is_empty() {
                    writeln!(out, "no keys")?;
                }
                for key in &keys {
                    writeln!(
                        out,
                        "{} {:<8} created {}{}{}",
                        key.id,
                        key.role.as_str(),
                        key.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
                        key.revoked_at
                            .map(|t| format!(", revoked {}", t.format("%Y-%m-%d %H:%M:%S UTC")))
                            .unwrap_or_default(),
                        key.label
                            .as_deref()
                            .map(|l| format!(" ({l})"))
                            .unwrap_or_default(),
                    )?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn key_json(key: &KeyInfo) -> serde_json::Value {
    json!({
        "id": key.id,
        "role": key.role.as_str(),
        "label": key.label,
        "created_at": key.created_at.to_rfc3339(),
        "revoked_at": key.revoked_at.map(|t| t.to_rfc3339()),
    })
}
