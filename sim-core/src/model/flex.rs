//! FlexibilityController applied to the world (policy in `policy/flexibility.rs`): per job the
//! number of applied and dropped flexible constraints and its drop alarm, per app the run score,
//! device-wide the satisfied set and when each combination was last seen.
//!
//! Nothing here runs while `fc_applied_constraints` is 0 (the platform's default), apart from
//! noting which combinations of conditions were seen, which has no effect on jobs.

use super::event::Event;
use super::world::World;
use super::Cx;
use crate::engine::TimerSlot;
use crate::job::JobIdx;
use crate::policy::flexibility::{self as fx, AlarmPlan, ScoreTracker, SeenCombos};
use crate::policy::JobEnv;
use crate::time::{SimDuration, SimTime};

/// One job's flexibility state (JobStatus `mNumAppliedFlexibleConstraints`,
/// `mNumDroppedFlexibleConstraints`, and its FlexibilityAlarmQueue entry).
#[derive(Clone, Copy, Debug, Default)]
pub struct FlexJob {
    pub tracked: bool,
    pub applied: u32,
    pub dropped: u32,
    pub alarm: TimerSlot,
}

/// FlexibilityController's state.
#[derive(Clone, Debug, Default)]
pub struct FlexWorld {
    pub jobs: Vec<FlexJob>,
    /// Per app: `JobScoreTracker`.
    pub scores: Vec<ScoreTracker>,
    pub seen: SeenCombos,
    /// When the alarm queue last fired (`AlarmQueue` keeps alarms this far apart).
    pub last_alarm: Option<SimTime>,
}

impl World {
    fn flex_job(&mut self, j: JobIdx) -> &mut FlexJob {
        if self.flex.jobs.len() <= j {
            self.flex
                .jobs
                .resize(self.jobs.len().max(j + 1), FlexJob::default());
        }
        &mut self.flex.jobs[j]
    }

    fn flex_score(&self, app: usize, now: SimTime) -> i64 {
        self.flex.scores.get(app).map_or(0, |s| s.score(now))
    }

    /// `maybeStartTrackingJobLocked`: a job entering the store (scheduled or rescheduled) gets
    /// its applied count, no drops, and its first drop alarm.
    pub fn flex_track(&mut self, j: JobIdx, cx: &mut Cx) {
        let t = &self.policy.tunables;
        if !fx::is_enabled(t) {
            return;
        }
        let job = &self.jobs[j];
        let tracked = fx::has_flexibility_constraint(job);
        let applied = fx::relevant_applied(t, &job.info).count_ones();
        let f = self.flex_job(j);
        f.tracked = tracked;
        f.applied = applied;
        f.dropped = 0;
        f.alarm.cancel();
        if tracked {
            self.flex_schedule_alarm(j, cx.now(), cx);
        }
    }

    /// The lifecycle of job `j` as judged now: (begin, end).
    fn flex_lifecycle(&self, j: JobIdx, now: SimTime) -> (SimTime, Option<SimTime>) {
        let job = &self.jobs[j];
        let begin = fx::lifecycle_begin(job);
        let score = self.flex_score(job.app, now);
        (
            begin,
            fx::lifecycle_end(&self.policy.tunables, job, begin, score),
        )
    }

    /// `scheduleDropNumConstraintsAlarm`.
    fn flex_schedule_alarm(&mut self, j: JobIdx, now: SimTime, cx: &mut Cx) {
        let (begin, end) = self.flex_lifecycle(j, now);
        let percents = fx::percents(&self.policy.tunables, self.jobs[j].effective_priority());
        let dropped = self.flex.jobs[j].dropped;
        match fx::alarm_plan(&self.policy.tunables, percents, dropped, begin, end, now) {
            AlarmPlan::DropAll => {
                let f = self.flex_job(j);
                f.dropped = f.applied;
                self.mark_dirty(j);
            }
            AlarmPlan::At(at) => {
                // AlarmQueue: an alarm for a time not after its last firing waits out the
                // minimum gap from that firing.
                let gap = SimDuration::from_millis(
                    self.policy
                        .tunables
                        .fc_min_time_between_flexibility_alarms_ms
                        .max(1) as u64,
                );
                let at = match self.flex.last_alarm {
                    Some(last) if at <= last => last.saturating_add(gap),
                    _ => at,
                };
                let gen = self.flex_job(j).alarm.arm();
                cx.at(at.max(now), Event::FlexAlarm { job: j, gen });
            }
            AlarmPlan::None => self.flex_job(j).alarm.cancel(),
        }
    }

    /// `FlexibilityAlarmQueue.processExpiredAlarms`: recompute the drops at the current percent
    /// of the lifecycle and set the next alarm while constraints remain required.
    pub fn on_flex_alarm(&mut self, j: JobIdx, gen: u32, cx: &mut Cx) {
        let now = cx.now();
        if self
            .flex
            .jobs
            .get(j)
            .is_none_or(|f| !f.alarm.is_current(gen))
            || !self.jobs[j].is_waiting()
        {
            return;
        }
        let min_gap = self
            .policy
            .tunables
            .fc_min_time_between_flexibility_alarms_ms
            .max(0) as u64;
        if let Some(last) = self.flex.last_alarm {
            let next_allowed = last.saturating_add(SimDuration::from_millis(min_gap));
            if now > last && now < next_allowed {
                cx.at(next_allowed, Event::FlexAlarm { job: j, gen });
                return;
            }
        }
        self.flex.last_alarm = Some(now);
        let (begin, end) = self.flex_lifecycle(j, now);
        let percents = fx::percents(&self.policy.tunables, self.jobs[j].effective_priority());
        let f = self.flex_job(j);
        let dropped = fx::num_dropped(percents, f.applied, fx::cur_percent(begin, end, now));
        f.dropped = dropped.min(f.applied);
        if f.applied > f.dropped {
            self.flex_schedule_alarm(j, now, cx);
        }
        self.mark_dirty(j);
    }

    /// `prepareForExecutionLocked`: a job starting outside the TOP state adds the score of its
    /// requested priority to its app's run score.
    pub fn flex_note_start(&mut self, j: JobIdx, now: SimTime) {
        if !fx::is_enabled(&self.policy.tunables) {
            return;
        }
        let app = self.jobs[j].app;
        if self.apps[app].proc.bias() == crate::app::BIAS_TOP_APP {
            return;
        }
        let score = fx::start_score(&self.policy.tunables, self.jobs[j].info.priority());
        if self.flex.scores.len() <= app {
            self.flex
                .scores
                .resize(self.apps.len().max(app + 1), Default::default());
        }
        self.flex.scores[app].add(score, now);
    }

    /// `setConstraintSatisfied` as the battery, idle and connectivity controllers report: keeps
    /// the satisfied set and the last-seen combinations current.
    pub fn flex_observe(&mut self, now: SimTime) {
        let s = fx::system_satisfied(&self.device);
        if s != self.flex.seen.current() {
            self.flex.seen.update(s, now);
        }
    }

    /// Whether the flexible constraint holds a waiting job back (`isFlexibilitySatisfiedLocked`
    /// is false). `network_ok` is whether the job's connectivity constraint is satisfied (for
    /// its transport affinity).
    pub fn flex_blocks(&self, j: JobIdx, env: &JobEnv, network_ok: bool) -> bool {
        let t = &self.policy.tunables;
        if !fx::is_enabled(t) {
            return false;
        }
        let Some(f) = self.flex.jobs.get(j).filter(|f| f.tracked) else {
            return false;
        };
        let job = &self.jobs[j];
        // The job's own passed deadline overrides it (CONSTRAINTS_OF_INTEREST), not a periodic
        // job's window end.
        if job.info.periodic.is_none() && job.deadline.is_some_and(|dl| env.now >= dl) {
            return false;
        }
        if fx::exempt(job, env) {
            return false;
        }
        let transport_ok = fx::can_apply_transport_affinities(&job.info)
            && network_ok
            && fx::preferred_transport(env.device.network.current().transport);
        let relevant = fx::relevant_applied(t, &job.info);
        let required = f.applied.saturating_sub(f.dropped);
        !fx::has_enough_satisfied(
            t,
            &self.flex.seen,
            relevant,
            required,
            transport_ok,
            env.now,
        )
    }
}
