//! Work progress of executing jobs. Each transfer direction's bandwidth is shared equally by the
//! executing jobs that still move bytes that way; CPU work runs at one millisecond per
//! millisecond. Rates are piecewise constant between events, so progress is settled exactly at
//! each event and the completion event is re-armed whenever the rates change.

use super::event::Event;
use super::world::World;
use super::Cx;
use crate::job::{JobIdx, Verb};
use crate::time::{SimDuration, SimTime};

impl World {
    /// Brings every executing job's progress up to `now`.
    pub fn settle_progress(&mut self, now: SimTime) {
        for i in 0..self.running.len() {
            let j = self.running[i];
            self.settle_job(j, now);
        }
    }

    /// Brings one job's progress up to `now`; downloaded bytes use up free storage.
    pub fn settle_job(&mut self, j: JobIdx, now: SimTime) {
        let job = &mut self.jobs[j];
        let remaining = job.remaining;
        let Some(run) = job.run.as_mut() else { return };
        let dt = now.saturating_since(run.last_settle).as_millis() as f64;
        run.last_settle = now;
        if run.verb != Verb::Executing || dt <= 0.0 {
            return;
        }
        let left = remaining.minus(run.done);
        let caps = [left.download, left.upload, left.cpu_ms];
        let mut add = [0u64; 3];
        for k in 0..3 {
            let exact = run.rates[k] * dt + run.carry[k];
            let whole = exact.floor();
            run.carry[k] = exact - whole;
            add[k] = (whole.max(0.0) as u64).min(caps[k]);
        }
        run.done.download += add[0];
        run.done.upload += add[1];
        run.done.cpu_ms += add[2];
        self.device.storage.consume(add[0]);
    }

    /// Recomputes the rates of every executing job and re-arms completion events whose time
    /// changed.
    pub fn update_rates(&mut self, cx: &mut Cx) {
        self.rates_dirty = false;
        let net = self.device.network.current();
        let executing: Vec<JobIdx> = self
            .running
            .iter()
            .copied()
            .filter(|&j| {
                self.jobs[j]
                    .run
                    .as_ref()
                    .is_some_and(|r| r.verb == Verb::Executing)
            })
            .collect();
        let left_of = |w: &World, j: JobIdx| {
            let job = &w.jobs[j];
            job.remaining
                .minus(job.run.as_ref().map(|r| r.done).unwrap_or_default())
        };
        let downloaders = executing
            .iter()
            .filter(|&&j| left_of(self, j).download > 0)
            .count()
            .max(1) as f64;
        let uploaders = executing
            .iter()
            .filter(|&&j| left_of(self, j).upload > 0)
            .count()
            .max(1) as f64;
        let down_rate = net.down.bytes_per_ms() / downloaders;
        let up_rate = net.up.bytes_per_ms() / uploaders;
        for j in executing {
            let left = left_of(self, j);
            let rates = [
                if left.download > 0 { down_rate } else { 0.0 },
                if left.upload > 0 { up_rate } else { 0.0 },
                if left.cpu_ms > 0 { 1.0 } else { 0.0 },
            ];
            let Some(run) = self.jobs[j].run.as_mut() else {
                continue;
            };
            if run.rates == rates && run.work_armed {
                continue;
            }
            run.rates = rates;
            let mut finish_ms = 0.0f64;
            let parts = [(left.download, 0), (left.upload, 1), (left.cpu_ms, 2)];
            let mut stalled = false;
            for (amount, k) in parts {
                if amount == 0 {
                    continue;
                }
                if rates[k] <= 0.0 {
                    stalled = true;
                    break;
                }
                let need = (amount as f64 - run.carry[k]).max(0.0) / rates[k];
                finish_ms = finish_ms.max(need);
            }
            let gen = run.work_timer.arm();
            run.work_armed = !stalled;
            if !stalled {
                let wait = SimDuration::from_millis(finish_ms.ceil().min(1e15) as u64);
                cx.after(wait, Event::WorkDone { job: j, gen });
            }
        }
    }
}
