//! `jobsim sweep` and `jobsim merge`: run a parameter sweep (or one shard of it) in parallel
//! and write its tables and charts; merge shard directories into the outputs of an unsharded run.
//! File reading and writing live here; planning, running and formatting are in
//! `sim_core::sweep`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use sim_core::scenario::ScenarioError;
use sim_core::sweep::shard::{merge as merge_shards, Manifest, ShardInput};
use sim_core::sweep::{csv, execute, parse_sweep, plan, report, RunRow, Shard, SweepInfo};

use crate::output::write_atomic;
use crate::Failure;

/// Reads a text file; `what` names it in the error.
fn read_text(path: &Path, what: &str) -> Result<String, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read {what} {}: {e}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn write_files(dir: &Path, files: &[(&str, String)]) -> Result<(), Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Other(format!("cannot create {}: {e}", dir.display())))?;
    for (name, text) in files {
        let p = dir.join(name);
        write_atomic(&p, text.as_bytes())
            .map_err(|e| Failure::Other(format!("cannot write {}: {e}", p.display())))?;
    }
    Ok(())
}

/// The sweep's charts (SVG and PNG, `reports::sweep_charts`) into `dir/charts/`; returns how
/// many charts were drawn.
fn write_charts(dir: &Path, info: &SweepInfo, rows: &[RunRow]) -> Result<usize, Failure> {
    let files = reports::sweep_charts::files(info, rows).map_err(Failure::Other)?;
    if files.is_empty() {
        return Ok(0);
    }
    let charts = dir.join("charts");
    std::fs::create_dir_all(&charts)
        .map_err(|e| Failure::Other(format!("cannot create {}: {e}", charts.display())))?;
    for (name, bytes) in &files {
        let p = charts.join(name);
        write_atomic(&p, bytes)
            .map_err(|e| Failure::Other(format!("cannot write {}: {e}", p.display())))?;
    }
    Ok(files.len() / 2)
}

/// Writes the outputs of a complete sweep (tables and charts); says what was written.
fn write_complete(dir: &Path, info: &SweepInfo, rows: &[RunRow]) -> Result<String, Failure> {
    write_files(dir, &complete_outputs(info, rows))?;
    let n = write_charts(dir, info, rows)?;
    Ok(format!(
        "runs.csv, summary.csv, summary.md and {n} chart(s) in charts/ (SVG and PNG)"
    ))
}

/// A progress bar with an ETA on stderr, hidden unless stderr is a terminal.
fn progress(len: usize, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {elapsed} elapsed, ETA {eta}")
    {
        bar.set_style(style);
    }
    bar
}

/// Warns about failed runs; an error if every run failed (there is nothing to summarize).
fn check_failures(rows: &[RunRow]) -> Result<(), Failure> {
    let failed: Vec<&RunRow> = rows.iter().filter(|r| r.error.is_some()).collect();
    let Some(first) = failed.first() else {
        return Ok(());
    };
    let msg = format!(
        "{} of {} runs failed; the first, run {} (seed {}): {}",
        failed.len(),
        rows.len(),
        first.run,
        first.seed,
        first.error.as_deref().unwrap_or("")
    );
    if failed.len() == rows.len() {
        return Err(Failure::Other(format!("every run failed: {msg}")));
    }
    eprintln!("warning: {msg} (see the error column of runs.csv)");
    Ok(())
}

/// The three outputs of a complete sweep.
fn complete_outputs(info: &SweepInfo, rows: &[RunRow]) -> [(&'static str, String); 3] {
    [
        ("runs.csv", csv::runs_csv(info, rows)),
        ("summary.csv", report::summary_csv(info, rows)),
        ("summary.md", report::summary_md(info, rows)),
    ]
}

/// `jobsim sweep`.
pub fn sweep(
    path: &Path,
    out: &Path,
    threads: Option<usize>,
    shard: Option<&str>,
    quiet: bool,
) -> Result<(), Failure> {
    let name = path.display().to_string();
    let src =
        read_text(path, "sweep file").map_err(|m| Failure::BadInput(format!("error: {m}\n")))?;
    let raw = parse_sweep(&name, &src).map_err(|e| Failure::BadInput(e.render(&src)))?;
    let base_path = path.parent().unwrap_or(Path::new("")).join(&raw.base);
    let base_name = base_path.display().to_string();
    let base_src = read_text(&base_path, "base scenario").map_err(|m| {
        Failure::BadInput(ScenarioError::at(&name, &src, "base", false, m).render(&src))
    })?;
    let shard = match shard {
        None => None,
        Some(s) => Some(
            s.parse::<Shard>()
                .map_err(|m| Failure::BadInput(format!("error: --shard: {m}\n")))?,
        ),
    };
    let threads = match threads {
        Some(0) => {
            return Err(Failure::BadInput(
                "error: --threads must be at least 1\n".into(),
            ))
        }
        Some(n) => n,
        None => 0,
    };
    let plan = plan(&name, &src, raw, &base_name, &base_src)
        .map_err(|e| Failure::BadInput(e.render(&src, &base_src)))?;
    let count = (0..plan.info.runs)
        .filter(|&i| shard.is_none_or(|s| s.contains(i)))
        .count();
    let bar = progress(count, quiet);
    let rows = execute(&plan, shard, threads, &|| bar.inc(1)).map_err(Failure::Other)?;
    bar.finish_and_clear();
    let written = match shard {
        Some(s) => {
            let manifest = Manifest::new(&plan.info, &plan.fingerprint, s, rows.len());
            write_files(
                out,
                &[
                    ("runs.csv", csv::runs_csv(&plan.info, &rows)),
                    ("shard.json", manifest.to_json()),
                ],
            )?;
            "runs.csv and shard.json".to_string()
        }
        None => write_complete(out, &plan.info, &rows)?,
    };
    if !quiet {
        let of = shard.map_or(String::new(), |s| format!(" (shard {s})"));
        println!(
            "{} run(s){of}: wrote {written} to {}",
            rows.len(),
            out.display()
        );
    }
    check_failures(&rows)
}

/// `jobsim merge`.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<(), Failure> {
    let mut inputs = Vec::with_capacity(dirs.len());
    for d in dirs {
        let read = |f: &str| {
            read_text(&d.join(f), "shard file")
                .map_err(|m| Failure::BadInput(format!("error: {m}\n")))
        };
        inputs.push(ShardInput {
            label: d.display().to_string(),
            manifest: read("shard.json")?,
            runs_csv: read("runs.csv")?,
        });
    }
    let (info, rows) =
        merge_shards(&inputs).map_err(|m| Failure::BadInput(format!("error: merge: {m}\n")))?;
    let written = write_complete(out, &info, &rows)?;
    println!(
        "merged {} shard(s), {} run(s): wrote {written} to {}",
        dirs.len(),
        rows.len(),
        out.display()
    );
    check_failures(&rows)
}
