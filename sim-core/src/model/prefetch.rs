//! PrefetchController inside the world: each prefetch job's `CONSTRAINT_PREFETCH` bit, updated
//! only at the controller's own re-evaluation points, and the per-app threshold alarm (the
//! rules are in `policy/prefetch.rs`).

use super::event::Event;
use super::world::World;
use super::Cx;
use crate::app::{AppIdx, ProcState};
use crate::job::{JobIdx, Phase};
use crate::policy::prefetch::{self, PrefetchParams};
use crate::policy::Tunables;
use crate::time::{SimDuration, SimTime};

impl World {
    fn prefetch_params(&self) -> PrefetchParams {
        let t = &self.policy.tunables;
        PrefetchParams {
            threshold: SimDuration::from_millis(Tunables::ms(t.pc_launch_time_threshold_ms)),
            allowance: SimDuration::from_millis(Tunables::ms(t.pc_launch_time_allowance_ms)),
        }
    }

    /// `updateConstraintLocked` for one job; a change re-judges it (waiting) or re-checks the
    /// running jobs (a running prefetch job that loses the constraint stops with
    /// `STOP_REASON_ESTIMATED_APP_LAUNCH_TIME_CHANGED`).
    pub fn update_prefetch_job(&mut self, j: JobIdx, now: SimTime) {
        if !self.jobs[j].info.prefetch {
            return;
        }
        let app = &self.apps[self.jobs[j].app];
        let ok = prefetch::is_satisfied(
            app.proc == ProcState::Top,
            self.jobs[j].phase == Phase::Running,
            app.estimated_launch,
            now,
            self.prefetch_params(),
        );
        if self.jobs[j].prefetch_satisfied != ok {
            self.jobs[j].prefetch_satisfied = ok;
            match self.jobs[j].phase {
                Phase::Waiting => self.mark_dirty(j),
                Phase::Running => self.recheck_running = true,
                Phase::Gone => {}
            }
        }
    }

    /// `maybeUpdateConstraintForPkgLocked` for every prefetch job of the app, and, if `rearm`,
    /// `updateThresholdAlarmLocked`.
    pub fn update_prefetch(&mut self, app: AppIdx, rearm: bool, cx: &mut Cx) {
        let now = cx.now();
        let jobs: Vec<JobIdx> = self
            .live_jobs_of(app)
            .into_iter()
            .filter(|&j| self.jobs[j].info.prefetch)
            .collect();
        for &j in &jobs {
            self.update_prefetch_job(j, now);
        }
        if rearm {
            self.arm_prefetch_alarm(app, !jobs.is_empty(), cx);
        }
    }

    /// `updateThresholdAlarmLocked`: an alarm for when the estimate comes within the threshold,
    /// if the app has prefetch jobs and the estimate is further away than that.
    pub fn arm_prefetch_alarm(&mut self, app: AppIdx, has_jobs: bool, cx: &mut Cx) {
        let at = if has_jobs {
            let p = self.prefetch_params();
            prefetch::threshold_alarm(self.apps[app].estimated_launch, cx.now(), p)
        } else {
            None
        };
        let gen = self.prefetch_timers[app].arm();
        if let Some(t) = at {
            cx.at(t, Event::PrefetchAlarm { app, gen });
        }
    }

    /// The threshold alarm (`ThresholdAlarmListener.processExpiredAlarms`): if the app is now
    /// expected soon, its jobs are re-evaluated; otherwise ("alarm expired at the wrong time")
    /// the alarm is set again, which, the estimate being exactly the threshold away, removes it.
    pub fn on_prefetch_alarm(&mut self, app: AppIdx, gen: u32, cx: &mut Cx) {
        if !self.prefetch_timers[app].is_current(gen) {
            return;
        }
        let now = cx.now();
        let soon = prefetch::will_be_launched_soon(
            self.apps[app].estimated_launch,
            now,
            self.prefetch_params(),
        );
        self.update_prefetch(app, !soon, cx);
    }
}
