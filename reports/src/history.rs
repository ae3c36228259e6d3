//! `job-history.txt`: START and STOP lines in the style of `dumpsys jobscheduler`'s "Job history"
//! (JobPackageTracker), so a developer can lay a simulated run beside a real device's dump. Times
//! are offsets from the start of the run in `TimeUtils.formatDuration` style (`+1h02m03s004ms`).

use crate::labels::Uids;
use sim_core::engine::Stamped;
use sim_core::model::{Header, Record};
use sim_core::time::SimTime;
use std::fmt::Write;

/// `+1h02m03s004ms`: leading zero units omitted, the rest zero-padded.
pub fn format_offset(t: SimTime) -> String {
    let ms = t.as_millis();
    let parts = [
        (ms / 86_400_000, "d", 0),
        (ms / 3_600_000 % 24, "h", 2),
        (ms / 60_000 % 60, "m", 2),
        (ms / 1_000 % 60, "s", 2),
    ];
    let mut out = String::from("+");
    let mut started = false;
    for (v, unit, width) in parts {
        if v > 0 || started {
            if started {
                let _ = write!(out, "{v:0width$}{unit}");
            } else {
                let _ = write!(out, "{v}{unit}");
            }
            started = true;
        }
    }
    if started {
        let _ = write!(out, "{:03}ms", ms % 1000);
    } else {
        let _ = write!(out, "{}ms", ms % 1000);
    }
    out
}

/// The history of every job start and stop, in trace order. A run that ends without a platform
/// stop shows the app's own end (`app called jobFinished`), as the platform's dump does.
pub fn job_history(h: &Header, records: &[Stamped<Record>], uids: &Uids) -> String {
    let mut out = format!("Job history ({}, seed {}):\n", h.scenario, h.seed);
    let mut stopped: Vec<sim_core::model::JobRefKey> = Vec::new();
    for r in records {
        let Some(j) = r.record.job() else { continue };
        let who = format!(
            "{} {}/{}",
            uids.tag(&j.app, j.namespace.as_deref(), j.job),
            j.app,
            j.job
        );
        let key = j.key();
        let line = match &r.record {
            Record::JobStarted { .. } => {
                stopped.retain(|k| *k != key);
                format!("START: {who}")
            }
            Record::JobStopped {
                reason,
                internal_reason,
                ..
            } => {
                stopped.push(key);
                format!("STOP: {who} {} ({})", reason.name(), internal_reason.name())
            }
            Record::JobFinished { .. } if !stopped.contains(&key) => {
                format!("STOP: {who} app called jobFinished")
            }
            _ => continue,
        };
        let _ = writeln!(out, "{:>17}  {line}", format_offset(r.t_ms));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_like_format_duration() {
        assert_eq!(format_offset(SimTime::from_millis(0)), "+0ms");
        assert_eq!(format_offset(SimTime::from_millis(1_004)), "+1s004ms");
        let t = 3_600_000 + 2 * 60_000 + 3_000 + 4;
        assert_eq!(format_offset(SimTime::from_millis(t)), "+1h02m03s004ms");
    }
}
