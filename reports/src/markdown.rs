//! Text renderings of a [`Summary`]: the console table `jobsim run` prints and `summary.md`.

use crate::summary::{JobSummary, Summary};
use crate::unfinished::{job_label, unfinished};
use sim_core::model::inspect::JobState;
use sim_core::model::Header;
use sim_core::time::SimDuration;
use sim_core::units::Bytes;
use std::fmt::Write;

/// A time, or `-` for none.
pub(crate) fn opt_time(t: Option<sim_core::time::SimTime>) -> String {
    t.map_or_else(|| "-".to_string(), |t| t.to_string())
}

/// Bytes moved in both directions, in human units.
pub(crate) fn moved(j: &JobSummary) -> String {
    Bytes(j.downloaded + j.uploaded).human()
}

/// The summary `jobsim run` prints: one line per job, its stops indented below.
pub fn console(h: &Header, s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} - seed {}, {}, simulated to {}",
        h.scenario, h.seed, h.platform, s.end
    );
    let rows: Vec<[String; 8]> = s
        .jobs
        .iter()
        .map(|j| {
            [
                job_label(j),
                j.kind.clone(),
                j.outcome.clone(),
                j.attempts.to_string(),
                opt_time(j.first_start),
                opt_time(j.finished_at.or(j.last_end)),
                SimDuration::from_millis(j.runtime_ms).to_string(),
                moved(j),
            ]
        })
        .collect();
    let head = [
        "JOB",
        "KIND",
        "OUTCOME",
        "RUNS",
        "FIRST START",
        "END",
        "RUNTIME",
        "MOVED",
    ];
    let mut widths: Vec<usize> = head.iter().map(|h| h.len()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(c.len());
        }
    }
    let line = |cells: &[&str]| -> String {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            let _ = write!(l, "{:<w$}  ", c, w = widths[i]);
        }
        l.trim_end().to_string()
    };
    out.push('\n');
    out.push_str(&line(&head));
    out.push('\n');
    for (r, j) in rows.iter().zip(&s.jobs) {
        let cells: Vec<&str> = r.iter().map(String::as_str).collect();
        out.push_str(&line(&cells));
        out.push('\n');
        for st in &j.stops {
            let _ = writeln!(
                out,
                "    stopped {}  {} ({})",
                st.at, st.reason, st.internal
            );
        }
        if j.outcome == "rejected" {
            let _ = writeln!(out, "    schedule: {}", j.schedule_results.join(", "));
        }
        if j.outcome == "waiting" && !j.last_pending.is_empty() {
            let _ = writeln!(out, "    pending: {}", j.last_pending.join(", "));
        }
    }
    out
}

/// `summary.md` from the trace alone: the same facts as Markdown tables, plus stop counts per
/// app.
pub fn summary_markdown(h: &Header, s: &Summary) -> String {
    summary_markdown_with(h, s, &[])
}

/// `summary.md` with each unfinished job's state at the end of the run (`states`, from
/// `World::job_states`) under its line, as `jobsim run` writes it.
pub fn summary_markdown_with(h: &Header, s: &Summary, states: &[JobState]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", h.scenario);
    let _ = writeln!(
        out,
        "Seed {} · platform {} · simulated to {} · jobsim {}\n",
        h.seed, h.platform, s.end, h.jobsim
    );
    out.push_str("## Jobs\n\n");
    out.push_str("| Job | Kind | Outcome | Runs | First start | End | Runtime | Moved | Wasted | Stop reasons |\n");
    out.push_str("|---|---|---|---:|---|---|---|---:|---:|---|\n");
    for j in &s.jobs {
        let reasons: Vec<String> = j
            .stops
            .iter()
            .map(|st| format!("{} {}", st.at, st.reason))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            job_label(j),
            j.kind,
            j.outcome,
            j.attempts,
            opt_time(j.first_start),
            opt_time(j.finished_at.or(j.last_end)),
            SimDuration::from_millis(j.runtime_ms),
            moved(j),
            Bytes(j.wasted).human(),
            if reasons.is_empty() {
                "-".to_string()
            } else {
                reasons.join("<br>")
            }
        );
    }
    out.push_str("\n## Stops by app\n\n");
    if s.stops_by_app.is_empty() {
        out.push_str("No job was stopped.\n");
    } else {
        out.push_str("| App | Stop reason | Count |\n|---|---|---:|\n");
        for (app, reasons) in &s.stops_by_app {
            for (r, n) in reasons {
                let _ = writeln!(out, "| {app} | {r} | {n} |");
            }
        }
    }
    out.push_str("\n## Concurrency\n\n| App | Max running at once |\n|---|---:|\n");
    for (app, n) in &s.max_concurrency {
        let _ = writeln!(out, "| {app} | {n} |");
    }
    let unfinished = unfinished(s, states);
    if !unfinished.is_empty() {
        out.push_str("\n## Jobs that never finished\n\n");
        for u in unfinished {
            let _ = writeln!(out, "- `{}`: {}", u.label, u.headline);
            for d in &u.details {
                let _ = writeln!(out, "  - {d}");
            }
        }
    }
    out
}
