//! Command-line definitions (clap derive). The CLI is a public interface: change it on purpose,
//! with README and docs in the same commit.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Deterministic simulator of Android's JobScheduler.
#[derive(Debug, Parser)]
#[command(name = "jobsim", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario: print a summary, and write trace.jsonl and summary.md to --out.
    Run {
        /// The scenario file (YAML).
        scenario: PathBuf,
        /// Override the scenario's seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Directory for trace.jsonl and summary.md (created if missing).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Stop the simulation early, at this simulated time (e.g. 90m).
        #[arg(long)]
        until: Option<String>,
        /// Print nothing on success.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Validate scenarios without running them.
    Check {
        /// Scenario files (YAML).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// List every policy tunable with its default and unit.
    Tunables,
}
