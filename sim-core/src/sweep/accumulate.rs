//! Computes a run's metrics while it runs: a [`TraceSink`] that keeps per-job state only, so
//! memory grows with the number of jobs, not the number of records.

use std::collections::BTreeMap;

use super::metrics::{pending_reason_names, Metric};
use crate::engine::{Stamped, TraceSink};
use crate::job::StopReason;
use crate::model::{JobRef, Record};
use crate::time::SimTime;

type JobKey = crate::model::JobRefKey;

/// What the accumulator tracks for one job.
#[derive(Default)]
struct JobTrack {
    /// First successful schedule of the transfer in progress (cleared at its completion).
    open_since: Option<SimTime>,
    /// Completions to ignore: those of instances replaced by a new `schedule()`.
    replaced: u32,
    /// Scheduled successfully at least once.
    scheduled: bool,
    /// The last counted completion was `finished`.
    finished_last: bool,
    /// Waiting with these pending reasons since this time.
    pending: Option<(SimTime, std::sync::Arc<[&'static str]>)>,
}

/// Metric state for one run.
pub struct Accumulator {
    jobs: BTreeMap<JobKey, JobTrack>,
    finished: u64,
    finish_ms: Vec<u64>,
    stops: [u64; StopReason::ALL.len()],
    attempts: u64,
    bytes_moved: u64,
    bytes_wasted: u64,
    peak_temperature_c: Option<f64>,
    pending_names: Vec<&'static str>,
    pending_ms: Vec<u64>,
}

impl Default for Accumulator {
    fn default() -> Self {
        let pending_names = pending_reason_names();
        let n = pending_names.len();
        Accumulator {
            jobs: BTreeMap::new(),
            finished: 0,
            finish_ms: Vec::new(),
            stops: [0; StopReason::ALL.len()],
            attempts: 0,
            bytes_moved: 0,
            bytes_wasted: 0,
            peak_temperature_c: None,
            pending_names,
            pending_ms: vec![0; n],
        }
    }
}

impl Accumulator {
    /// Notes a skin temperature sampled from the device (records carry it only at status changes).
    pub fn sample_temperature(&mut self, c: f64) {
        if c.is_finite() {
            self.peak_temperature_c = Some(self.peak_temperature_c.map_or(c, |p| p.max(c)));
        }
    }

    fn track(&mut self, j: &JobRef) -> &mut JobTrack {
        // Looked up before inserting so the key's strings are cloned once per job, not per record.
        let key = j.key();
        self.jobs.entry(key).or_default()
    }

    /// The selected metrics' values at the end of the run (`end`), in column order. A value is
    /// `None` when it is undefined (a finish-time percentile when no job finished).
    pub fn finish(
        mut self,
        end: SimTime,
        battery_used_mah: f64,
        metrics: &[Metric],
    ) -> Vec<Option<f64>> {
        for track in self.jobs.values_mut() {
            if let Some(p) = track.pending.take() {
                add_pending(&self.pending_names, &mut self.pending_ms, p, end);
            }
        }
        self.finish_ms.sort_unstable();
        let never = self
            .jobs
            .values()
            .filter(|t| t.scheduled && !t.finished_last)
            .count() as u64;
        let pct = |p: u32| nearest_rank(&self.finish_ms, p).map(|ms| ms as f64 / 1000.0);
        let mut out = Vec::new();
        for m in metrics {
            match m {
                Metric::JobsFinished => out.push(Some(self.finished as f64)),
                Metric::JobsNeverFinished => out.push(Some(never as f64)),
                Metric::FinishTimeP50 => out.push(pct(50)),
                Metric::FinishTimeP95 => out.push(pct(95)),
                Metric::FinishTimeMax => out.push(pct(100)),
                Metric::StopsTotal => out.push(Some(self.stops.iter().sum::<u64>() as f64)),
                Metric::StopsByReason => out.extend(self.stops.iter().map(|&n| Some(n as f64))),
                Metric::Attempts => out.push(Some(self.attempts as f64)),
                Metric::BytesMoved => out.push(Some(self.bytes_moved as f64)),
                Metric::BytesWasted => out.push(Some(self.bytes_wasted as f64)),
                Metric::BatteryUsedMah => {
                    out.push(finite(libm::round(battery_used_mah * 1000.0) / 1000.0))
                }
                Metric::PeakTemperatureC => out.push(
                    self.peak_temperature_c
                        .and_then(|c| finite(libm::round(c * 10.0) / 10.0)),
                ),
                Metric::PendingTimeByReason => {
                    out.extend(self.pending_ms.iter().map(|&ms| Some(ms as f64 / 1000.0)))
                }
            }
        }
        out
    }
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The nearest-rank percentile `p` (0–100) of sorted values.
pub fn nearest_rank(sorted: &[u64], p: u32) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = (n * p.min(100) as usize).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

impl TraceSink<Record> for Accumulator {
    fn record(&mut self, rec: &Stamped<Record>) {
        let t = rec.t_ms;
        match &rec.record {
            Record::Thermal { temperature_c, .. } => self.sample_temperature(*temperature_c),
            Record::JobScheduled { job, result, .. } if *result == "RESULT_SUCCESS" => {
                let tr = self.track(job);
                tr.scheduled = true;
                tr.open_since.get_or_insert(t);
            }
            Record::JobCancelled { job, by, .. } if *by == "replaced" => {
                self.track(job).replaced += 1
            }
            Record::JobPending { job, reasons, .. } => {
                let tr = self.track(job);
                let prev = tr.pending.take();
                tr.pending = (!reasons.is_empty()).then(|| (t, reasons.clone()));
                if let Some(p) = prev {
                    self.add_pending(p, t);
                }
            }
            Record::JobStarted { job, .. } => {
                self.attempts += 1;
                self.end_pending(job, t);
            }
            Record::JobStopped { reason, .. } => {
                if let Some(n) = self.stops.get_mut(reason.code() as usize) {
                    *n += 1;
                }
            }
            Record::JobCompleted {
                job,
                outcome,
                downloaded,
                uploaded,
                wasted_bytes,
            } => {
                self.bytes_moved = self
                    .bytes_moved
                    .saturating_add(downloaded.saturating_add(*uploaded));
                self.bytes_wasted = self.bytes_wasted.saturating_add(*wasted_bytes);
                self.end_pending(job, t);
                let tr = self.track(job);
                if tr.replaced > 0 {
                    tr.replaced -= 1;
                    return;
                }
                let since = tr.open_since.take();
                tr.finished_last = *outcome == "finished";
                if tr.finished_last {
                    self.finished += 1;
                    if let Some(s) = since {
                        self.finish_ms.push(t.saturating_since(s).as_millis());
                    }
                }
            }
            _ => {}
        }
    }
}

impl Accumulator {
    fn end_pending(&mut self, job: &JobRef, t: SimTime) {
        if let Some(p) = self.track(job).pending.take() {
            self.add_pending(p, t);
        }
    }

    fn add_pending(&mut self, p: (SimTime, std::sync::Arc<[&'static str]>), t: SimTime) {
        add_pending(&self.pending_names, &mut self.pending_ms, p, t);
    }
}

/// Adds the time a job was pending since `p.0`, up to `t`, to each of its reasons' totals.
fn add_pending(
    names: &[&'static str],
    totals: &mut [u64],
    p: (SimTime, std::sync::Arc<[&'static str]>),
    t: SimTime,
) {
    let ms = t.saturating_since(p.0).as_millis();
    for &r in p.1.iter() {
        if let Some(i) = names.iter().position(|n| *n == r) {
            totals[i] = totals[i].saturating_add(ms);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        assert_eq!(nearest_rank(&v, 50), Some(50));
        assert_eq!(nearest_rank(&v, 95), Some(100));
        assert_eq!(nearest_rank(&v, 100), Some(100));
        assert_eq!(nearest_rank(&v, 0), Some(10));
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(nearest_rank(&[7], 95), Some(7));
    }
}
