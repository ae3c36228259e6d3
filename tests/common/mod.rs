//! Helpers shared by the integration tests.
#![allow(dead_code)]

use sim_core::engine::Stamped;
use sim_core::model::{header, run_world, Record};
use sim_core::scenario::{parse_scenario, Scenario};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn load(rel: &str) -> Scenario {
    let path = root().join(rel);
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match parse_scenario(rel, &src) {
        Ok(s) => s,
        Err(e) => panic!("{}", e.render(&src)),
    }
}

pub struct Run {
    pub records: Vec<Stamped<Record>>,
    pub jsonl: String,
    pub summary_md: String,
}

pub fn run(rel: &str) -> Run {
    let sc = load(rel);
    run_scenario(&sc)
}

pub fn run_scenario(sc: &Scenario) -> Run {
    let h = header(sc);
    // As `jobsim run` does: one simulation, the world's end state explains unfinished jobs.
    let mut records = Vec::new();
    let (world, stats) = run_world(sc, None, &mut records);
    let states = world.job_states(stats.end);
    let summary = reports::Summary::from_trace(&records, stats.end);
    Run {
        jsonl: reports::trace::jsonl(&h, &records),
        summary_md: reports::summary_markdown_with(&h, &summary, &states),
        records,
    }
}

/// Every scenario file under `scenarios/` except the invalid ones, sorted.
pub fn all_scenarios() -> Vec<String> {
    let mut out = Vec::new();
    walk(&root().join("scenarios"), &mut out);
    out.sort();
    out
}

fn walk(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "invalid") {
                continue;
            }
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml") {
            let rel = p
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(rel);
        }
    }
}

impl Run {
    /// Records about job `id` of `app`, with their time in ms.
    pub fn of_job<'a>(
        &'a self,
        app: &'a str,
        id: i32,
    ) -> impl Iterator<Item = (u64, &'a Record)> + 'a {
        self.records.iter().filter_map(move |r| {
            let j = r.record.job()?;
            (&*j.app == app && j.job == id).then_some((r.t_ms.as_millis(), &r.record))
        })
    }

    /// Every `job_pending` record of a job: (time ms, pending reasons).
    pub fn pending(&self, app: &str, id: i32) -> Vec<(u64, Vec<&'static str>)> {
        self.of_job(app, id)
            .filter_map(|(t, rec)| match rec {
                Record::JobPending { reasons, .. } => Some((t, reasons.to_vec())),
                _ => None,
            })
            .collect()
    }

    /// `(min guarantee ms, max execution ms)` of each start of a job.
    pub fn limits(&self, app: &str, id: i32) -> Vec<(u64, u64)> {
        self.of_job(app, id)
            .filter_map(|(_, rec)| match rec {
                Record::JobStarted {
                    min_guarantee_ms,
                    max_execution_ms,
                    ..
                } => Some((*min_guarantee_ms, *max_execution_ms)),
                _ => None,
            })
            .collect()
    }

    /// `(max execution ms, quota bound ms)` of each start of a job.
    pub fn quota_limits(&self, app: &str, id: i32) -> Vec<(u64, Option<u64>)> {
        self.of_job(app, id)
            .filter_map(|(_, rec)| match rec {
                Record::JobStarted {
                    max_execution_ms,
                    quota_limit_ms,
                    ..
                } => Some((*max_execution_ms, *quota_limit_ms)),
                _ => None,
            })
            .collect()
    }

    /// Whether the job ever had exactly these pending reasons at time `t`.
    pub fn pending_at(&self, app: &str, id: i32, t: u64, reasons: &[&str]) -> bool {
        self.pending(app, id)
            .iter()
            .any(|(pt, rs)| *pt == t && rs.as_slice() == reasons)
    }

    /// The stops of a job: (time ms, public name, internal name).
    pub fn stops(&self, app: &str, id: i32) -> Vec<(u64, &'static str, &'static str)> {
        self.of_job(app, id)
            .filter_map(|(t, r)| match r {
                Record::JobStopped {
                    reason,
                    internal_reason,
                    ..
                } => Some((t, reason.name(), internal_reason.name())),
                _ => None,
            })
            .collect()
    }

    pub fn starts(&self, app: &str, id: i32) -> Vec<u64> {
        self.of_job(app, id)
            .filter(|(_, r)| matches!(r, Record::JobStarted { .. }))
            .map(|(t, _)| t)
            .collect()
    }

    pub fn executing(&self, app: &str, id: i32) -> Vec<u64> {
        self.of_job(app, id)
            .filter(|(_, r)| matches!(r, Record::JobExecuting { .. }))
            .map(|(t, _)| t)
            .collect()
    }

    pub fn schedule_results(&self, app: &str, id: i32) -> Vec<(u64, &'static str)> {
        self.of_job(app, id)
            .filter_map(|(t, r)| match r {
                Record::JobScheduled { result, .. } => Some((t, *result)),
                _ => None,
            })
            .collect()
    }

    /// (time, outcome) of the job's removal from the store, if any.
    pub fn completed(&self, app: &str, id: i32) -> Option<(u64, &'static str)> {
        self.of_job(app, id).find_map(|(t, r)| match r {
            Record::JobCompleted { outcome, .. } => Some((t, *outcome)),
            _ => None,
        })
    }
}
