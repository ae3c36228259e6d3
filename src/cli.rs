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
    /// Run a scenario: print a summary, and write the trace, summary, timeline chart, tables and
    /// Perfetto export to --out.
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
        /// Timeline chart formats to write to --out: svg, png (both by default) or none.
        #[arg(long, value_delimiter = ',', default_value = "svg,png")]
        charts: Vec<crate::cmd_charts::ChartFormat>,
        /// Draw one timeline lane per job even past 60 jobs (otherwise one lane per app).
        #[arg(long)]
        expand: bool,
        /// Run the scenario twice and compare a digest of every record; on a difference, name
        /// the first record that differs (exit code 1). Writes nothing.
        #[arg(long)]
        check_determinism: bool,
    },
    /// Validate scenarios without running them.
    Check {
        /// Scenario files (YAML).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// List every policy tunable with its default and unit.
    Tunables,
    /// Print the JSON Schema of the scenario format (docs/scenario.schema.json).
    Schema,
    /// Run a parameter sweep (docs/sweeps.md): runs.csv, summary.csv and summary.md in --out.
    Sweep {
        /// The sweep file (YAML).
        sweep: PathBuf,
        /// Directory for the outputs (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Worker threads (default: one per CPU). Outputs do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Run only shard K of N (runs i with i % N == K - 1); writes runs.csv and shard.json.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// Print nothing but warnings and errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Merge the directories of every shard of a sweep into the outputs of an unsharded run.
    Merge {
        /// Shard directories (each with runs.csv and shard.json).
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Directory for the merged outputs (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Every job's state and pending reasons at one instant, like
    /// `cmd jobscheduler get-pending-job-reason`.
    Pending {
        /// The scenario file (YAML).
        scenario: PathBuf,
        /// The simulated instant (e.g. 20m, 1h30m).
        #[arg(long)]
        at: String,
        /// Override the scenario's seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// What one job was doing at an instant and why; for a stop, the rule that stopped it.
    Explain {
        /// The scenario file (YAML).
        scenario: PathBuf,
        /// The job, as PACKAGE/ID (e.g. com.example.photos/1).
        #[arg(long)]
        job: String,
        /// The simulated instant (e.g. 20m, 1h30m).
        #[arg(long)]
        at: String,
        /// Override the scenario's seed.
        #[arg(long)]
        seed: Option<u64>,
    },
}
