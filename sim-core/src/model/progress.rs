//! Work progress of executing jobs. Each transfer direction's bandwidth is shared equally by the
//! executing jobs and the foreground-service transfers that still move bytes that way; CPU work runs at one millisecond per
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
            // A direction the job does not use (rate 0) would add nothing and leave its carry,
            // which is always in [0, 1), as it is: skip it (this runs for every running job at
            // every event).
            if run.rates[k] == 0.0 {
                continue;
            }
            let exact = run.rates[k] * dt + run.carry[k];
            let whole = floor_positive(exact);
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
        let is_executing = |w: &World, j: JobIdx| {
            w.jobs[j]
                .run
                .as_ref()
                .is_some_and(|r| r.verb == Verb::Executing)
        };
        let left_of = |w: &World, j: JobIdx| {
            let job = &w.jobs[j];
            job.remaining
                .minus(job.run.as_ref().map(|r| r.done).unwrap_or_default())
        };
        let (mut downloaders, mut uploaders) = (0usize, 0usize);
        for &j in &self.running {
            if is_executing(self, j) {
                let left = left_of(self, j);
                downloaders += usize::from(left.download > 0);
                uploaders += usize::from(left.upload > 0);
            }
        }
        // Foreground-service transfers take their equal share of the link too.
        let [fgs_down, fgs_up] = self.fgs_transfers();
        let down_rate = net.down.bytes_per_ms() / (downloaders + fgs_down).max(1) as f64;
        let up_rate = net.up.bytes_per_ms() / (uploaders + fgs_up).max(1) as f64;
        // Indexing, not iterating, `running`: arming a completion event needs `self` mutably.
        // Nothing here starts or stops a job, so the list stays as it is.
        for i in 0..self.running.len() {
            let j = self.running[i];
            if !is_executing(self, j) {
                continue;
            }
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

/// `x.floor()` for `x > 0`, without a call into the math library (baseline x86-64 has no
/// rounding instruction, and progress is settled for every running job at every event): below
/// 2^52 truncation is the floor and the integer converts back exactly. Anything else (zero,
/// larger, negative, NaN) takes `floor` itself, so the result is always `x.floor()`.
fn floor_positive(x: f64) -> f64 {
    if x > 0.0 && x < 4_503_599_627_370_496.0 {
        (x as u64) as f64
    } else {
        x.floor()
    }
}

#[cfg(test)]
mod tests {
    use super::floor_positive;

    #[test]
    fn floor_positive_is_floor() {
        let edge = 4_503_599_627_370_496.0f64;
        for x in [
            0.0,
            -0.0,
            0.25,
            0.999_999_999_999,
            1.0,
            1.5,
            2.0 - f64::EPSILON,
            123_456.789,
            edge - 0.5,
            edge,
            edge * 3.0,
            -1.5,
            f64::INFINITY,
        ] {
            assert_eq!(floor_positive(x).to_bits(), x.floor().to_bits(), "{x}");
        }
        assert!(floor_positive(f64::NAN).is_nan());
    }
}
