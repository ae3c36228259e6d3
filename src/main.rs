//! `jobsim`: run JobScheduler scenarios from the command line.
//!
//! Exit codes: 0 success, 2 bad input (the scenario or arguments), 1 any other failure.

mod cli;
mod cmd_charts;
mod cmd_determinism;
mod cmd_inspect;
mod cmd_schema;
mod cmd_sweep;
mod output;

use clap::Parser;
use cli::{Cli, Command};
use sim_core::policy::Tunables;
use sim_core::scenario::{parse_scenario_with, Scenario};
use sim_core::time::SimDuration;
use std::path::Path;
use std::process::ExitCode;

/// A failure with the exit code it maps to.
enum Failure {
    BadInput(String),
    Other(String),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(msg)) => {
            eprint!("{msg}");
            ExitCode::from(2)
        }
        Err(Failure::Other(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

fn dispatch(cmd: Command) -> Result<(), Failure> {
    match cmd {
        Command::Run {
            scenario,
            seed,
            out,
            until,
            quiet,
            charts,
            expand,
            check_determinism,
        } => {
            if check_determinism {
                let sc = load(&scenario, seed)?;
                let until = until.as_deref().map(parse_at).transpose()?;
                let report = cmd_determinism::check(&sc, until).map_err(Failure::Other)?;
                if !quiet {
                    print!("{report}");
                }
                return Ok(());
            }
            let reports_opts = cmd_charts::ReportOptions { charts, expand };
            let (out, until) = (out.as_deref(), until.as_deref());
            run(&scenario, seed, out, until, quiet, &reports_opts)
        }
        Command::Check { scenarios } => check(&scenarios),
        Command::Pending {
            scenario,
            at,
            seed,
            json,
        } => {
            let sc = load(&scenario, seed)?;
            let at = parse_at(&at)?;
            print!("{}", cmd_inspect::pending(&sc, at, json));
            Ok(())
        }
        Command::Explain {
            scenario,
            job,
            at,
            seed,
        } => {
            let sc = load(&scenario, seed)?;
            let at = parse_at(&at)?;
            let text = cmd_inspect::explain(&sc, &job, at).map_err(Failure::BadInput)?;
            print!("{text}");
            Ok(())
        }
        Command::Sweep {
            sweep,
            out,
            threads,
            shard,
            quiet,
        } => cmd_sweep::sweep(&sweep, &out, threads, shard.as_deref(), quiet),
        Command::Merge { dirs, out } => cmd_sweep::merge(&dirs, &out),
        Command::Schema => {
            print!("{}", cmd_schema::schema());
            Ok(())
        }
        Command::Tunables => {
            print!("{}", tunables_table());
            Ok(())
        }
    }
}

fn load(path: &Path, seed: Option<u64>) -> Result<Scenario, Failure> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::BadInput(format!("error: cannot read {name}: {e}\n")))?;
    let src = String::from_utf8_lossy(&bytes);
    parse_scenario_with(&name, &src, seed).map_err(|e| Failure::BadInput(e.render(&src)))
}

fn run(
    path: &Path,
    seed: Option<u64>,
    out: Option<&Path>,
    until: Option<&str>,
    quiet: bool,
    reports_opts: &cmd_charts::ReportOptions,
) -> Result<(), Failure> {
    let until = match until {
        None => None,
        Some(u) => Some(
            u.parse::<SimDuration>()
                .map_err(|e| Failure::BadInput(format!("error: --until: {e}\n")))?,
        ),
    };
    let sc = load(path, seed)?;
    let header = sim_core::model::header(&sc);
    // One simulation: the records for the trace and reports, the world's end state to explain
    // the jobs that never finished.
    let mut records: Vec<sim_core::engine::Stamped<sim_core::model::Record>> = Vec::new();
    let (world, run) = sim_core::model::run_world(&sc, until, &mut records);
    let states = world.job_states(run.end);
    drop(world);
    let summary = reports::Summary::from_trace(&records, run.end);
    if let Some(dir) = out {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::Other(format!("cannot create {}: {e}", dir.display())))?;
        let data = cmd_charts::RunData {
            sc: &sc,
            header: &header,
            records: &records,
            summary: &summary,
            end: run.end,
            states: &states,
        };
        let files = [
            ("trace.jsonl", reports::trace::jsonl(&header, &records)),
            ("summary.md", cmd_charts::summary_md(&data)),
        ];
        for (name, text) in files {
            let p = dir.join(name);
            output::write_atomic(&p, text.as_bytes())
                .map_err(|e| Failure::Other(format!("cannot write {}: {e}", p.display())))?;
        }
        let more = cmd_charts::report_files(&data, reports_opts).map_err(Failure::Other)?;
        for (name, bytes) in more {
            let p = dir.join(name);
            output::write_atomic(&p, &bytes)
                .map_err(|e| Failure::Other(format!("cannot write {}: {e}", p.display())))?;
        }
    }
    if !quiet {
        print!("{}", reports::console(&header, &summary));
        if let Some(dir) = out {
            println!(
                "\nwrote {}/trace.jsonl, summary.md and reports ({})",
                dir.display(),
                cmd_charts::REPORT_FILES
            );
        }
    }
    Ok(())
}

fn check(paths: &[std::path::PathBuf]) -> Result<(), Failure> {
    let mut errors = String::new();
    for p in paths {
        match load(p, None) {
            Ok(sc) => println!("ok: {} ({})", p.display(), sc.name),
            Err(Failure::BadInput(m)) | Err(Failure::Other(m)) => errors.push_str(&m),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::BadInput(errors))
    }
}

fn tunables_table() -> String {
    let cat = Tunables::catalogue();
    let w = cat.iter().map(|t| t.name.len()).max().unwrap_or(0);
    let mut s = String::new();
    for t in cat {
        s.push_str(&format!(
            "{:<w$}  {:>10} {:<8}  {}\n",
            t.name,
            t.default.to_string(),
            t.unit,
            t.doc,
            w = w
        ));
    }
    s
}

/// Parses an `--at` instant.
fn parse_at(at: &str) -> Result<SimDuration, Failure> {
    at.parse::<SimDuration>()
        .map_err(|e| Failure::BadInput(format!("error: --at: {e}\n")))
}
