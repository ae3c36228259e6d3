//! Work progress of executing jobs. Each transfer direction's bandwidth is shared equally by the
//! executing jobs and the foreground-service transfers that still move bytes that way; CPU work runs at one millisecond per
//! millisecond. Rates are piecewise constant between events, so progress is settled exactly at
//! each event and the completion event is re-armed whenever the rates change.

use super::event::Event;
use super::world::World;
use super::Cx;
use crate::job::{JobIdx, JobStatus, Verb};
use crate::time::{SimDuration, SimTime};

impl World {
    /// Brings every executing job's progress up to `now`. This runs at every event, for every
    /// running job: the downloads of all jobs use up free storage in one step (a saturating
    /// subtraction, so one subtraction of the sum leaves what the single ones would).
    pub fn settle_progress(&mut self, now: SimTime) {
        let mut downloaded = 0u64;
        for &j in &self.running {
            downloaded = downloaded.saturating_add(settle_run(&mut self.jobs[j], now));
        }
        self.device.storage.consume(downloaded);
    }

    /// Brings one job's progress up to `now`; downloaded bytes use up free storage.
    pub fn settle_job(&mut self, j: JobIdx, now: SimTime) {
        let downloaded = settle_run(&mut self.jobs[j], now);
        self.device.storage.consume(downloaded);
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

/// Brings a job's run up to `now` at its current rates and returns the bytes it downloaded.
/// Inlined into the loop over running jobs, which then saves and restores registers once.
#[inline(always)]
fn settle_run(job: &mut JobStatus, now: SimTime) -> u64 {
    let total = job.remaining;
    let Some(run) = job.run.as_mut() else {
        return 0;
    };
    let last = std::mem::replace(&mut run.last_settle, now);
    let dt = now.saturating_since(last).as_millis();
    if run.verb != Verb::Executing || dt == 0 {
        return 0;
    }
    let dt = dt as f64;
    let (done, carry, rates) = (&mut run.done, &mut run.carry, &run.rates);
    let downloaded = advance(
        rates[0],
        dt,
        &mut carry[0],
        &mut done.download,
        total.download,
    );
    advance(rates[1], dt, &mut carry[1], &mut done.upload, total.upload);
    advance(rates[2], dt, &mut carry[2], &mut done.cpu_ms, total.cpu_ms);
    downloaded
}

/// One direction of a run's progress over `dt` ms at `rate` units/ms: whole units are done (at
/// most the `total` still to do), the fraction is carried to the next settle. Returns the units
/// added.
#[inline(always)]
fn advance(rate: f64, dt: f64, carry: &mut f64, done: &mut u64, total: u64) -> u64 {
    // A direction the job does not use (rate 0) would add nothing and leave its carry, which
    // is always in [0, 1), as it is: skip it.
    if rate == 0.0 {
        return 0;
    }
    let exact = rate * dt + *carry;
    let (whole, units) = floor_units(exact);
    *carry = exact - whole;
    let add = units.min(total.saturating_sub(*done));
    *done += add;
    add
}

/// `(x.floor(), x.floor().max(0.0) as u64)` without a call into the math library (baseline
/// x86-64 has no rounding instruction, and progress is settled for every running job at every
/// event): for `0 < x < 2^52` truncation is the floor and the integer converts back exactly (a
/// signed conversion, one instruction either way). Anything else (zero, larger, negative, NaN)
/// takes `floor` itself, so the result is always that of the expression above.
fn floor_units(x: f64) -> (f64, u64) {
    if x > 0.0 && x < 4_503_599_627_370_496.0 {
        let n = x as i64;
        (n as f64, n as u64)
    } else {
        let whole = x.floor();
        (whole, whole.max(0.0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::floor_units;

    #[test]
    fn floor_units_is_floor() {
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
            let (whole, units) = floor_units(x);
            assert_eq!(whole.to_bits(), x.floor().to_bits(), "{x}");
            assert_eq!(units, x.floor().max(0.0) as u64, "{x}");
        }
        let (whole, units) = floor_units(f64::NAN);
        assert!(whole.is_nan());
        assert_eq!(units, 0);
    }
}
