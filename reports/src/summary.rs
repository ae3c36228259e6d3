//! Per-job and per-app summaries computed from a trace: what happened to each job, in the
//! platform's vocabulary.

use sim_core::engine::Stamped;
use sim_core::model::{Header, Record};
use sim_core::time::SimTime;
use std::collections::BTreeMap;

/// One stop of a job.
#[derive(Clone, Debug, PartialEq)]
pub struct StopEvent {
    pub at: SimTime,
    pub reason: &'static str,
    pub internal: &'static str,
}

/// Everything the trace says about one job.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobSummary {
    pub app: String,
    pub id: i32,
    pub namespace: Option<String>,
    pub kind: String,
    /// Results of each schedule/enqueue call (`RESULT_SUCCESS`, exceptions...).
    pub schedule_results: Vec<String>,
    pub attempts: u32,
    pub first_start: Option<SimTime>,
    pub last_end: Option<SimTime>,
    pub stops: Vec<StopEvent>,
    pub runtime_ms: u64,
    pub downloaded: u64,
    pub uploaded: u64,
    pub wasted: u64,
    /// finished, dropped, cancelled, lost_at_reboot, rejected, running, waiting.
    pub outcome: String,
    pub finished_at: Option<SimTime>,
    pub last_pending: Vec<&'static str>,
}

/// Summaries of every app and job in a trace.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub jobs: Vec<JobSummary>,
    /// Per app: stop reason → count.
    pub stops_by_app: BTreeMap<String, BTreeMap<&'static str, u32>>,
    /// Per app: the most jobs it had running at once.
    pub max_concurrency: BTreeMap<String, u32>,
    pub end: SimTime,
}

type Key = sim_core::model::JobRefKey;

impl Summary {
    pub fn from_trace(records: &[Stamped<Record>], end: SimTime) -> Self {
        let mut jobs: BTreeMap<Key, JobSummary> = BTreeMap::new();
        let mut running: BTreeMap<String, u32> = BTreeMap::new();
        let mut s = Summary {
            end,
            ..Default::default()
        };
        let mut open_runs: BTreeMap<Key, SimTime> = BTreeMap::new();
        for rec in records {
            let Some(jr) = rec.record.job() else { continue };
            let key = jr.key();
            let js = jobs.entry(key.clone()).or_insert_with(|| JobSummary {
                app: jr.app.to_string(),
                id: jr.job,
                namespace: jr.namespace.as_deref().map(str::to_string),
                outcome: "waiting".into(),
                ..Default::default()
            });
            let t = rec.t_ms;
            match &rec.record {
                Record::JobScheduled { kind, result, .. } => {
                    js.kind = kind.label().to_string();
                    js.schedule_results.push((*result).to_string());
                    if *result != "RESULT_SUCCESS" && js.attempts == 0 && js.outcome == "waiting" {
                        js.outcome = "rejected".into();
                    } else if *result == "RESULT_SUCCESS" && js.outcome != "running" {
                        js.outcome = "waiting".into();
                    }
                }
                Record::JobStarted { .. } | Record::FgsStarted { .. } => {
                    if matches!(rec.record, Record::FgsStarted { .. }) {
                        js.kind = "foreground_service".into();
                    }
                    js.attempts += 1;
                    js.first_start.get_or_insert(t);
                    js.outcome = "running".into();
                    open_runs.insert(key.clone(), t);
                    let n = running.entry(jr.app.to_string()).or_insert(0);
                    *n += 1;
                    let m = s.max_concurrency.entry(jr.app.to_string()).or_insert(0);
                    *m = (*m).max(*n);
                }
                Record::JobStopped {
                    reason,
                    internal_reason,
                    ran_ms,
                    on_stop_job,
                    ..
                } => {
                    js.stops.push(StopEvent {
                        at: t,
                        reason: reason.name(),
                        internal: internal_reason.name(),
                    });
                    *s.stops_by_app
                        .entry(jr.app.to_string())
                        .or_default()
                        .entry(reason.name())
                        .or_insert(0) += 1;
                    if !on_stop_job {
                        close_run(js, &mut open_runs, &mut running, &key, t, *ran_ms);
                    }
                }
                Record::JobFinished { ran_ms, .. } => {
                    close_run(js, &mut open_runs, &mut running, &key, t, *ran_ms);
                }
                Record::JobRescheduled { .. } => {
                    close_open_run(js, &mut open_runs, &mut running, &key, t);
                    js.outcome = "waiting".into();
                }
                Record::JobCompleted {
                    outcome,
                    downloaded,
                    uploaded,
                    wasted_bytes,
                    ..
                } => {
                    close_open_run(js, &mut open_runs, &mut running, &key, t);
                    js.outcome = (*outcome).to_string();
                    js.downloaded = *downloaded;
                    js.uploaded = *uploaded;
                    js.wasted = *wasted_bytes;
                    js.finished_at = Some(t);
                }
                Record::JobPending { reasons, .. } => js.last_pending = reasons.to_vec(),
                _ => {}
            }
        }
        s.jobs = jobs.into_values().collect();
        s
    }
}

/// Closes a run still open at `t` (its stop was recorded with `onStopJob`), timing it from its
/// start.
fn close_open_run(
    js: &mut JobSummary,
    open: &mut BTreeMap<Key, SimTime>,
    running: &mut BTreeMap<String, u32>,
    key: &Key,
    t: SimTime,
) {
    if let Some(start) = open.get(key).copied() {
        close_run(
            js,
            open,
            running,
            key,
            t,
            t.saturating_since(start).as_millis(),
        );
    }
}

fn close_run(
    js: &mut JobSummary,
    open: &mut BTreeMap<Key, SimTime>,
    running: &mut BTreeMap<String, u32>,
    key: &Key,
    t: SimTime,
    ran_ms: u64,
) {
    if open.remove(key).is_some() {
        js.runtime_ms += ran_ms;
        js.last_end = Some(t);
        if let Some(n) = running.get_mut(&*key.0) {
            *n = n.saturating_sub(1);
        }
    }
}

/// The header's scenario line, for reports.
pub fn title(h: &Header) -> String {
    format!("{} (seed {}, {})", h.scenario, h.seed, h.platform)
}
