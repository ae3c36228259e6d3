//! The closed set of events the world reacts to, and the one dispatch that matches them.

use super::world::World;
use super::Cx;
use crate::app::AppIdx;
use crate::device::DozeState;
use crate::engine::Model;
use crate::job::JobIdx;

/// A lifecycle step of a running job (`JobServiceContext` callbacks and their timeouts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// `onServiceConnected`.
    Bound,
    /// The app returned from `onStartJob`.
    StartAnswered,
    /// The app returned from `onStopJob`.
    StopAnswered,
    /// `OP_BIND_TIMEOUT_MILLIS` passed without a connection.
    BindTimeout,
    /// `OP_TIMEOUT_MILLIS` passed without an answer to `onStartJob`.
    StartTimeout,
    /// `OP_TIMEOUT_MILLIS` passed without an answer to `onStopJob`.
    StopTimeout,
}

/// Everything that can happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The scenario's timeline entry at this index.
    Action(usize),
    /// A generated workload job's schedule call (index into the world's job specs).
    Arrival(usize),
    /// Sample the continuous device models.
    Tick,
    /// The random link flap toggles.
    Flap {
        gen: u32,
    },
    /// Doze advances to the given stage.
    DozeStep {
        gen: u32,
        to: DozeState,
    },
    /// IdleController declares the device idle.
    JsIdle {
        gen: u32,
    },
    /// The screen-off concurrency configuration takes effect.
    ScreenConfig {
        gen: u32,
    },
    /// The app's UID becomes idle after leaving the top state.
    UidIdle {
        app: AppIdx,
        gen: u32,
    },
    /// A job's delay, deadline or backoff expired.
    JobTimer {
        job: JobIdx,
        gen: u32,
    },
    Step {
        job: JobIdx,
        gen: u32,
        step: Step,
    },
    /// The app calls `setNotification`.
    NotificationPost {
        job: JobIdx,
        run: u32,
    },
    /// The 10 s notification deadline of a user-visible job.
    NotificationDeadline {
        job: JobIdx,
        run: u32,
    },
    /// The job's work is complete at the current rates.
    WorkDone {
        job: JobIdx,
        gen: u32,
    },
    /// The job reached its minimum guarantee, a 5-minute stamp after it, or its maximum.
    LimitCheck {
        job: JobIdx,
        gen: u32,
    },
    /// The app reports progress with `updateTransferredNetworkBytes`.
    Progress {
        job: JobIdx,
        run: u32,
    },
    /// The device finished booting after a reboot.
    Boot,
    /// A foreground-service transfer completes at its current rates.
    FgsDone {
        task: usize,
        gen: u32,
    },
    /// A `dataSync` foreground service reaches its time limit.
    FgsTimeout {
        task: usize,
        gen: u32,
    },
    /// A content-trigger job's update or maximum delay passed (`JobInstance.trigger`).
    ContentTrigger {
        job: JobIdx,
        gen: u32,
    },
    /// A job's flexibility drop alarm (FlexibilityController `FlexibilityAlarmQueue`).
    FlexAlarm {
        job: JobIdx,
        gen: u32,
    },
    /// A force-batched job's maximum batching delay ends: assignment looks again.
    BatchCheck,
    /// An app's quota may have run out or come back.
    QuotaCheck {
        app: AppIdx,
        gen: u32,
    },
    /// An app's temporary allowlist entry ends, or the EJ quota grace after it.
    TempAllowlistEnd {
        app: AppIdx,
        gen: u32,
    },
    /// PrefetchController's threshold alarm: the app's estimated launch is now the threshold away.
    PrefetchAlarm {
        app: AppIdx,
        gen: u32,
    },
}

impl Model for World {
    type Event = Event;
    type Record = super::Record;

    /// Stale job timers (a work-completion or limit check re-armed since) are dropped unhandled.
    fn is_live(&self, event: &Event) -> bool {
        match *event {
            Event::WorkDone { job, gen } => self
                .jobs
                .get(job)
                .and_then(|j| j.run.as_ref())
                .is_some_and(|run| run.work_timer.is_current(gen)),
            Event::LimitCheck { job, gen } => self
                .jobs
                .get(job)
                .and_then(|j| j.run.as_ref())
                .is_some_and(|run| run.limit_timer.is_current(gen)),
            Event::JobTimer { job, gen } => {
                self.jobs.get(job).is_some_and(|j| j.timer.is_current(gen))
            }
            _ => true,
        }
    }

    fn handle(&mut self, event: Event, cx: &mut Cx) {
        self.settle(cx);
        self.settle_fgs(cx.now());
        match event {
            Event::Action(i) => self.on_action(i, cx),
            Event::Arrival(spec) => self.on_arrival(spec, cx),
            Event::Tick => self.on_tick(cx),
            Event::Flap { gen } => self.on_flap(gen, cx),
            Event::DozeStep { gen, to } => self.on_doze_step(gen, to, cx),
            Event::JsIdle { gen } => self.on_js_idle(gen, cx),
            Event::ScreenConfig { gen } => self.on_screen_config(gen, cx),
            Event::UidIdle { app, gen } => self.on_uid_idle(app, gen),
            Event::JobTimer { job, gen } => self.on_job_timer(job, gen),
            Event::Step { job, gen, step } => self.on_step(job, gen, step, cx),
            Event::NotificationPost { job, run } => self.on_notification_post(job, run, cx),
            Event::NotificationDeadline { job, run } => self.on_notification_deadline(job, run, cx),
            Event::WorkDone { job, gen } => self.on_work_done(job, gen, cx),
            Event::LimitCheck { job, gen } => self.on_limit_check(job, gen, cx),
            Event::Progress { job, run } => self.on_progress(job, run, cx),
            Event::Boot => self.on_boot(cx),
            Event::QuotaCheck { app, gen } => self.on_quota_check(app, gen),
            Event::BatchCheck => self.reassign = true,
            Event::TempAllowlistEnd { app, gen } => self.on_temp_allowlist_end(app, gen, cx),
            Event::PrefetchAlarm { app, gen } => self.on_prefetch_alarm(app, gen, cx),
            Event::ContentTrigger { job, gen } => self.on_content_trigger(job, gen, cx),
            Event::FlexAlarm { job, gen } => self.on_flex_alarm(job, gen, cx),
            Event::FgsDone { task, gen } => self.on_fgs_done(task, gen, cx),
            Event::FgsTimeout { task, gen } => self.on_fgs_timeout(task, gen, cx),
        }
        self.evaluate(cx);
        self.update_fgs(cx);
    }
}
