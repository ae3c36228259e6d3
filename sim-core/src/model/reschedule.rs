//! Rescheduling after a stop (JSS `getRescheduleJobForFailureLocked`, reference §4.3 and §5) and
//! the next window of a periodic job (reference §11–12).

use super::event::Event;
use super::record::Record;
use super::world::World;
use super::Cx;
use crate::job::{backoff_delay, InternalStopReason as I, JobIdx, Phase, Stop, StopReason as R};
use crate::policy::{Platform, Tunables};
use crate::time::{SimDuration, SimTime};

impl World {
    /// Counts the stop as a failure or a system stop, applies demotions, computes the backoff
    /// and puts the job back to waiting with no deadline.
    pub fn reschedule_after_stop(&mut self, j: JobIdx, stop: Stop, now: SimTime, cx: &mut Cx) {
        let t = self.policy.tunables.clone();
        let abandoned =
            stop.internal == I::TimeoutAbandoned && self.policy.flags.handle_abandoned_jobs;
        let job = &mut self.jobs[j];
        let is_failure = matches!(stop.internal, I::SuccessfulFinish | I::Timeout | I::Anr)
            || stop.reason == R::User;
        if abandoned {
            job.counts.abandoned += 1;
            job.counts.failures += 1;
        } else if is_failure {
            job.counts.failures += 1;
        } else {
            job.counts.system_stops += 1;
        }
        if stop.reason == R::User {
            job.demoted_by_user = true;
        }
        if matches!(stop.internal, I::Timeout | I::TimeoutAbandoned | I::Preempt)
            && !job.treat_as_user_initiated()
        {
            job.lost_ej_exemptions = true;
        }
        let cumulative_limit =
            SimDuration::from_millis(Tunables::ms(t.runtime_cumulative_ui_limit_ms));
        if job.info.is_user_initiated() && job.cumulative_exec >= cumulative_limit {
            job.demoted_by_system_uij = true;
        }
        let android14 = self.policy.platform == Platform::Android14;
        let delay = backoff_delay(job.info.backoff, job.counts, &t, android14);
        job.earliest = now.saturating_add(delay);
        job.deadline = None;
        if job.info.has_content_trigger() {
            job.content.reschedule();
            job.content_timer.cancel();
        }
        job.enqueue_time = now;
        job.phase = Phase::Waiting;
        job.last_blockers = u32::MAX;
        let gen = job.timer.arm();
        cx.emit(self.rescheduled_record(j, delay));
        if !delay.is_zero() {
            cx.at(self.jobs[j].earliest, Event::JobTimer { job: j, gen });
        }
        self.waiting.add(j);
        self.mark_dirty(j);
        // The new JobStatus is tracked again (PrefetchController.maybeStartTrackingJobLocked).
        self.update_prefetch_job(j, now);
        self.flex_track(j, cx);
    }

    /// A periodic job that finished: the next window ends one period after the previous end
    /// (skipping missed windows) and opens `flex` before it; finishing in the last
    /// `min(30 min, period/6)` of a window pushes the next start by that buffer minus the time
    /// that was left (reference §12). Counters reset.
    pub fn reschedule_periodic(&mut self, j: JobIdx, now: SimTime, cx: &mut Cx) {
        let job = &mut self.jobs[j];
        let Some(p) = job.info.periodic else { return };
        let period = p.interval.as_millis().max(1);
        let prev_end = job.window_end.unwrap_or(now).as_millis();
        let mut end = prev_end + period;
        while end <= now.as_millis() {
            end += period;
        }
        let mut start = end.saturating_sub(p.flex.as_millis());
        let buffer = (30 * 60_000u64).min(period / 6);
        if now.as_millis() <= prev_end && prev_end - now.as_millis() < buffer {
            let left = prev_end - now.as_millis();
            start = start.max(now.as_millis() + (buffer - left));
        }
        job.counts = Default::default();
        job.window_end = Some(SimTime::from_millis(end));
        job.earliest = SimTime::from_millis(start);
        job.enqueue_time = now;
        job.remaining = job.behavior.work;
        job.requested = job.requested.plus(job.behavior.work);
        job.phase = Phase::Waiting;
        job.last_blockers = u32::MAX;
        let gen = job.timer.arm();
        let earliest = job.earliest;
        let delay = earliest.saturating_since(now);
        cx.emit(self.rescheduled_record(j, delay));
        cx.at(earliest, Event::JobTimer { job: j, gen });
        self.waiting.add(j);
        self.mark_dirty(j);
        // The new JobStatus is tracked again (PrefetchController.maybeStartTrackingJobLocked).
        self.update_prefetch_job(j, now);
        self.flex_track(j, cx);
    }

    /// The record of a reschedule: the counters and backoff inputs that produced `delay`, and
    /// the internal flags the job now carries.
    fn rescheduled_record(&self, j: JobIdx, delay: SimDuration) -> Record {
        let job = &self.jobs[j];
        Record::JobRescheduled {
            job: self.job_ref(j),
            failures: job.counts.failures,
            system_stops: job.counts.system_stops,
            attempts: job.counts.attempts(&self.policy.tunables),
            backoff_policy: crate::job::backoff::effective_policy(job.info.backoff, job.counts),
            abandoned_failures: job.counts.abandoned,
            initial_backoff_ms: job.info.backoff.initial.as_millis(),
            delay_ms: delay.as_millis(),
            earliest_ms: job.earliest.as_millis(),
            demoted_by_user: job.demoted_by_user,
            demoted_by_system_uij: job.demoted_by_system_uij,
            lost_ej_exemptions: job.lost_ej_exemptions,
        }
    }

    pub fn on_job_timer(&mut self, j: JobIdx, gen: u32) {
        if self.jobs[j].timer.is_current(gen) {
            self.mark_dirty(j);
        }
    }
}
