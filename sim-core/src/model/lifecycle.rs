//! A job's execution lifecycle (JobServiceContext, reference §2): bind, `onStartJob`, executing,
//! `onStopJob`, and the close that decides between finishing, rescheduling and dropping.

use super::event::{Event, Step};
use super::record::Record;
use super::world::World;
use super::Cx;
use crate::app::{AppIdx, EndPolicy, ProcState, Response};
use crate::job::{InternalStopReason as I, JobIdx, Phase, RunCtx, Stop, StopReason as R, Verb};
use crate::policy::concurrency::WorkType;
use crate::policy::{Platform, Tunables};
use crate::time::{SimDuration, SimTime};

/// How a run ended, as `onJobCompletedLocked` receives it.
#[derive(Clone, Copy, Debug)]
pub struct Close {
    pub stop: Stop,
    pub reschedule: bool,
    /// The stop was already recorded (an `onStopJob` was sent).
    pub recorded: bool,
}

fn ms(v: i64) -> SimDuration {
    SimDuration::from_millis(Tunables::ms(v))
}

impl World {
    /// Puts a waiting job on a context: JSC `executeRunnableJob`. Limits are computed once, here.
    pub fn start_job(&mut self, j: JobIdx, forced: bool, work_type: Option<WorkType>, cx: &mut Cx) {
        let now = cx.now();
        let app_idx = self.jobs[j].app;
        let cold = !self.apps[app_idx].proc.is_alive();
        self.flex_note_start(j, now);
        // Binding the JobService brings a dead or cached process to the background state.
        if matches!(self.apps[app_idx].proc, ProcState::Dead | ProcState::Cached) {
            self.set_proc(app_idx, ProcState::Background, cx);
        }
        self.take_chunk(j);
        let (triggered_content_uris, triggered_content_authorities) = self.prepare_content(j);
        // Events settle the world first, so its last settle is now: the limits and the quota
        // limit kept with the run are taken at the same instant.
        debug_assert_eq!(self.last_settle, now, "a job starts in a settled world");
        let quota_limit = self.quota_limit(j, now);
        let (min_guarantee, max_exec) = self.runtime_limits_within(j, quota_limit);
        let (proc_state, bucket) = (self.apps[app_idx].proc, self.apps[app_idx].bucket);
        // Started out of quota, so on the RESTRICTED bucket's dynamic constraints.
        let on_dynamic_constraints =
            bucket == crate::app::StandbyBucket::Restricted && self.quota_blocked(j, false);
        let bias = proc_state.bias();
        let types = {
            let job = &self.jobs[j];
            WorkType::for_job(
                bias,
                job.treat_as_expedited(),
                job.treat_as_user_initiated(),
            )
        };
        let job_ref = self.job_ref(j);
        let job = &mut self.jobs[j];
        job.phase = Phase::Running;
        job.runs += 1;
        let waited = now.saturating_since(job.ready_since.unwrap_or(job.enqueue_time));
        job.ready_since = None;
        let mut run = RunCtx {
            verb: Verb::Binding,
            started_at: now,
            executing_at: None,
            min_guarantee,
            max_exec,
            user_visible: job.treat_as_user_initiated(),
            expedited: job.treat_as_expedited(),
            bias,
            step: Default::default(),
            work_timer: Default::default(),
            work_armed: false,
            limit_timer: Default::default(),
            pending_stop: None,
            stop: None,
            notification_posted: false,
            done: Default::default(),
            carry: [0.0; 3],
            rates: [0.0; 3],
            last_settle: now,
            reported: 0,
            forced,
            started_top: proc_state == ProcState::Top,
            work_type: work_type.unwrap_or(types.first()),
            on_dynamic_constraints,
        };
        let gen = run.step.arm();
        let (bind, cold_start) = (job.behavior.bind, job.behavior.cold_start);
        let record = Record::JobStarted {
            job: job_ref,
            attempt: job.runs,
            kind: job.info.kind,
            user_initiated: run.user_visible,
            expedited: run.expedited,
            user_visible: run.user_visible,
            priority: job.effective_priority().value(),
            bias,
            work_types: types.as_slice().iter().map(|t| t.name()).collect(),
            work_type: run.work_type.name(),
            standby_bucket: bucket,
            proc_state,
            min_guarantee_ms: min_guarantee.as_millis(),
            max_execution_ms: max_exec.as_millis(),
            quota_limit_ms: quota_limit.map(|q| q.as_millis()),
            waited_ms: waited.as_millis(),
            forced,
            triggered_content_uris,
            triggered_content_authorities,
        };
        job.run = Some(run);
        self.running.push(j);
        self.note_quota_start(j, now);
        cx.emit(record);
        let bind = match bind {
            Response::After(d) if cold => Response::After(d + cold_start),
            other => other,
        };
        let bind_timeout = ms(self.policy.tunables.op_bind_timeout_ms);
        answer_or_timeout(
            j,
            gen,
            bind,
            (Step::Bound, Step::BindTimeout),
            bind_timeout,
            cx,
        );
    }

    fn run_mut(&mut self, j: JobIdx) -> Option<&mut RunCtx> {
        self.jobs[j].run.as_mut()
    }

    pub fn on_step(&mut self, j: JobIdx, gen: u32, step: Step, cx: &mut Cx) {
        let Some(run) = self.jobs[j].run.as_ref() else {
            return;
        };
        if !run.step.is_current(gen) {
            return;
        }
        let run_stop = run.stop;
        match step {
            Step::Bound => self.on_bound(j, cx),
            Step::StartAnswered => self.on_start_answered(j, cx),
            Step::StopAnswered => {
                let stop = run_stop.unwrap_or(Stop::new(R::Undefined, I::Unknown));
                let reschedule = self.jobs[j].behavior.reschedule_on_stop;
                cx.emit(Record::OnStopJobAnswered {
                    job: self.job_ref(j),
                    reschedule,
                });
                self.close(
                    j,
                    Close {
                        stop,
                        reschedule,
                        recorded: true,
                    },
                    cx,
                );
            }
            Step::BindTimeout => {
                // Android 16 reschedules a bind timeout (internal ANR, no ANR dialog); Android 14 did
                // not reschedule (JobServiceContext.handleOpTimeoutLocked, VERB_BINDING).
                self.anr(j, "bind", cx);
                let reschedule = self.policy.platform == Platform::Android16;
                self.close(
                    j,
                    Close {
                        stop: Stop::new(R::Undefined, I::Anr),
                        reschedule,
                        recorded: false,
                    },
                    cx,
                );
            }
            Step::StartTimeout => {
                self.anr(j, "start", cx);
                self.close(
                    j,
                    Close {
                        stop: Stop::new(R::Undefined, I::Anr),
                        reschedule: false,
                        recorded: false,
                    },
                    cx,
                );
            }
            Step::StopTimeout => {
                // No answer to onStopJob: closed with reschedule, the stop reasons unchanged.
                self.anr(j, "stop", cx);
                let stop = run_stop.unwrap_or(Stop::new(R::Undefined, I::Anr));
                self.close(
                    j,
                    Close {
                        stop,
                        reschedule: true,
                        recorded: true,
                    },
                    cx,
                );
            }
        }
    }

    fn anr(&mut self, j: JobIdx, kind: &'static str, cx: &mut Cx) {
        cx.emit(Record::Anr {
            job: self.job_ref(j),
            kind,
        });
    }

    fn on_bound(&mut self, j: JobIdx, cx: &mut Cx) {
        let op_timeout = ms(self.policy.tunables.op_timeout_ms);
        let on_start = self.jobs[j].behavior.on_start;
        let Some(run) = self.run_mut(j) else { return };
        if let Some(stop) = run.pending_stop {
            // Cancelled while binding: closed with reschedule=true as soon as the app connects.
            self.close(
                j,
                Close {
                    stop,
                    reschedule: true,
                    recorded: false,
                },
                cx,
            );
            return;
        }
        run.verb = Verb::Starting;
        let gen = run.step.arm();
        answer_or_timeout(
            j,
            gen,
            on_start,
            (Step::StartAnswered, Step::StartTimeout),
            op_timeout,
            cx,
        );
    }

    fn on_start_answered(&mut self, j: JobIdx, cx: &mut Cx) {
        let now = cx.now();
        if self.jobs[j].remaining.is_empty() {
            // Nothing to do: onStartJob returns false, finished without reschedule.
            let started = self.jobs[j].run.as_ref().map_or(now, |r| r.started_at);
            cx.emit(Record::JobFinished {
                job: self.job_ref(j),
                reschedule: false,
                ran_ms: now.saturating_since(started).as_millis(),
            });
            self.close(
                j,
                Close {
                    stop: Stop::new(R::Undefined, I::SuccessfulFinish),
                    reschedule: false,
                    recorded: true,
                },
                cx,
            );
            return;
        }
        let notif_timeout = ms(self.policy.tunables.notification_timeout_ms);
        let behavior = self.jobs[j].behavior.clone();
        let runs = self.jobs[j].runs;
        let Some(run) = self.run_mut(j) else { return };
        run.verb = Verb::Executing;
        run.executing_at = Some(now);
        run.last_settle = now;
        run.step.cancel();
        let pending = run.pending_stop.take();
        let user_visible = run.user_visible;
        let guarantee_at = run.started_at.saturating_add(run.min_guarantee);
        let gen = run.limit_timer.arm();
        cx.at(guarantee_at, Event::LimitCheck { job: j, gen });
        cx.emit(Record::JobExecuting {
            job: self.job_ref(j),
        });
        if user_visible {
            cx.after(
                notif_timeout,
                Event::NotificationDeadline { job: j, run: runs },
            );
        }
        if let Some(n) = behavior.notification {
            cx.after(n.after, Event::NotificationPost { job: j, run: runs });
        }
        if let Some(every) = behavior.progress_every {
            cx.after(
                every.max(SimDuration::from_millis(1)),
                Event::Progress { job: j, run: runs },
            );
        }
        if let Some(stop) = pending {
            self.request_stop(j, stop, cx);
        }
        self.rates_dirty = true;
    }

    fn same_run_executing(&self, j: JobIdx, run: u32) -> bool {
        self.jobs[j].runs == run
            && self.jobs[j]
                .run
                .as_ref()
                .is_some_and(|r| r.verb == Verb::Executing)
    }

    pub fn on_notification_post(&mut self, j: JobIdx, run: u32, cx: &mut Cx) {
        if !self.same_run_executing(j, run) {
            return;
        }
        let Some(n) = self.jobs[j].behavior.notification else {
            return;
        };
        let app = self.jobs[j].app;
        if let Some(r) = self.run_mut(j) {
            if r.notification_posted {
                return;
            }
            r.notification_posted = true;
        }
        let user_visible = self.jobs[j].run.as_ref().is_some_and(|r| r.user_visible);
        let entry = self.notifications.entry((app, n.id)).or_insert((0, 0));
        entry.0 += 1;
        entry.1 += u32::from(user_visible);
        cx.emit(Record::NotificationPosted {
            job: self.job_ref(j),
            id: n.id,
            end_policy: n.end_policy,
            user_initiated_job: self.jobs[j].run.as_ref().is_some_and(|r| r.user_visible),
        });
    }

    /// A user-visible job that has not called `setNotification` 10 s after it began executing:
    /// ANR, closed with reschedule (counted as a failure).
    pub fn on_notification_deadline(&mut self, j: JobIdx, run: u32, cx: &mut Cx) {
        if !self.same_run_executing(j, run)
            || self.jobs[j]
                .run
                .as_ref()
                .is_some_and(|r| r.notification_posted)
        {
            return;
        }
        self.anr(j, "notification", cx);
        self.close(
            j,
            Close {
                stop: Stop::new(R::Undefined, I::Anr),
                reschedule: true,
                recorded: false,
            },
            cx,
        );
    }

    pub fn on_progress(&mut self, j: JobIdx, run: u32, cx: &mut Cx) {
        if !self.same_run_executing(j, run) {
            return;
        }
        let job = &self.jobs[j];
        let done = job.requested.minus(job.remaining);
        let r = job.run.as_ref().map(|r| r.done).unwrap_or_default();
        cx.emit(Record::NetworkProgress {
            job: self.job_ref(j),
            downloaded: done.download + r.download,
            uploaded: done.upload + r.upload,
        });
        if let Some(every) = job.behavior.progress_every {
            cx.after(
                every.max(SimDuration::from_millis(1)),
                Event::Progress { job: j, run },
            );
        }
    }

    /// The work is done: the app calls `jobFinished`, with `reschedule=true` when the run failed
    /// (drawn from the `app` random stream with the job's failure rate).
    pub fn on_work_done(&mut self, j: JobIdx, gen: u32, cx: &mut Cx) {
        let Some(run) = self.jobs[j].run.as_ref() else {
            return;
        };
        if !run.work_timer.is_current(gen) || run.verb != Verb::Executing {
            return;
        }
        let left = self.jobs[j].remaining.minus(run.done);
        if !left.is_empty() {
            // Rounding left a few units: re-arm at the current rates.
            if let Some(run) = self.jobs[j].run.as_mut() {
                run.work_armed = false;
            }
            self.rates_dirty = true;
            return;
        }
        if self.jobs[j].behavior.abandon {
            // Nobody holds the JobParameters any more: the work is done, but no one reports it.
            return;
        }
        let rate = self.jobs[j].behavior.failure_rate;
        let failed = rate > 0.0 && crate::rng::unit_f64(&mut self.rng_app) < rate;
        if !failed && self.jobs[j].behavior.schedule_again {
            self.schedule_again(j, cx);
            return;
        }
        let ran = cx.now().saturating_since(run.started_at).as_millis();
        cx.emit(Record::JobFinished {
            job: self.job_ref(j),
            reschedule: failed,
            ran_ms: ran,
        });
        self.close(
            j,
            Close {
                stop: Stop::new(R::Undefined, I::SuccessfulFinish),
                reschedule: failed,
                recorded: true,
            },
            cx,
        );
    }

    /// JSC `handleOpTimeoutLocked` while executing: TIMEOUT at the maximum; between the guarantee
    /// and the maximum, stop with DEVICE_STATE/internal TIMEOUT if JobConcurrencyManager wants
    /// the slot or a restriction applies, else check again at the next 5-minute stamp.
    pub fn on_limit_check(&mut self, j: JobIdx, gen: u32, cx: &mut Cx) {
        let now = cx.now();
        let Some(run) = self.jobs[j].run.as_ref() else {
            return;
        };
        if !run.limit_timer.is_current(gen) || run.verb != Verb::Executing {
            return;
        }
        let max_at = run.started_at.saturating_add(run.max_exec);
        if now >= max_at {
            // A maximum set by the app's remaining quota ends in the quota controller's stop
            // (its alarm fires at the same instant), not in a timeout.
            // JobServiceContext.handleOpTimeoutLocked: with `handle_abandoned_jobs` (Android 16)
            // the timeout of a job whose JobParameters were abandoned has its own reason.
            let abandoned = self.jobs[j].behavior.abandon
                && self.policy.flags.handle_abandoned_jobs
                && self.policy.platform != crate::policy::Platform::Android14;
            let stop = if self.quota_exhausted(j, now) {
                Stop::new(R::Quota, I::ConstraintsNotSatisfied)
            } else if abandoned {
                Stop::new(R::TimeoutAbandoned, I::TimeoutAbandoned)
            } else {
                Stop::new(R::Timeout, I::Timeout)
            };
            self.request_stop(j, stop, cx);
            return;
        }
        if self.should_stop_after_guarantee(j) {
            self.request_stop(j, Stop::new(R::DeviceState, I::Timeout), cx);
            return;
        }
        let next = max_at.min(now.saturating_add(SimDuration::from_mins(5)));
        if let Some(run) = self.run_mut(j) {
            let gen = run.limit_timer.arm();
            cx.at(next, Event::LimitCheck { job: j, gen });
        }
    }

    /// Asks a running job to stop (`onStopJob`); while binding or starting the stop is kept and
    /// acted on when the app responds (reference §2.2).
    pub fn request_stop(&mut self, j: JobIdx, stop: Stop, cx: &mut Cx) {
        let op_timeout = ms(self.policy.tunables.op_timeout_ms);
        let on_stop = self.jobs[j].behavior.on_stop;
        let now = cx.now();
        let Some(run) = self.jobs[j].run.as_mut() else {
            return;
        };
        match run.verb {
            Verb::Binding | Verb::Starting => {
                run.pending_stop.get_or_insert(stop);
            }
            Verb::Stopping => {}
            Verb::Executing => {
                run.verb = Verb::Stopping;
                run.stop = Some(stop);
                run.work_timer.cancel();
                run.work_armed = false;
                run.limit_timer.cancel();
                let ran = now.saturating_since(run.started_at).as_millis();
                let gen = run.step.arm();
                answer_or_timeout(
                    j,
                    gen,
                    on_stop,
                    (Step::StopAnswered, Step::StopTimeout),
                    op_timeout,
                    cx,
                );
                self.emit_stop(j, stop, true, ran, cx);
                self.rates_dirty = true;
            }
        }
    }

    fn emit_stop(&self, j: JobIdx, stop: Stop, on_stop_job: bool, ran_ms: u64, cx: &mut Cx) {
        cx.emit(Record::JobStopped {
            job: self.job_ref(j),
            reason: stop.reason,
            reason_code: stop.reason.code(),
            internal_reason: stop.internal,
            internal_code: stop.internal.code(),
            on_stop_job,
            ran_ms,
        });
    }

    /// Kills an app's process: every running job of it closes with `reschedule=true`, with the
    /// death mark if one was set (Task Manager) or as an unexplained death (UNKNOWN), which counts
    /// as a system stop (reference §4.3).
    pub fn kill_process(
        &mut self,
        app: AppIdx,
        cause: &'static str,
        mark: Option<Stop>,
        cx: &mut Cx,
    ) {
        let victims: Vec<JobIdx> = self
            .running
            .iter()
            .copied()
            .filter(|&j| self.jobs[j].app == app)
            .collect();
        if !self.apps[app].proc.is_alive() && victims.is_empty() {
            return;
        }
        cx.emit(Record::ProcessDied {
            app: self.apps[app].package.clone(),
            cause,
        });
        for j in victims {
            // A run already stopping keeps the stop it recorded when onStopJob was sent (a death
            // mark still decides what happens next); any other run ends here.
            let stopping = self.jobs[j].run.as_ref().and_then(|r| r.stop);
            let stop = mark
                .or(stopping)
                .unwrap_or(Stop::new(R::Undefined, I::Unknown));
            let recorded = stopping.is_some();
            self.close(
                j,
                Close {
                    stop,
                    reschedule: true,
                    recorded,
                },
                cx,
            );
        }
        let fallback = if self.apps[app].has_foreground_service {
            ProcState::ForegroundService
        } else {
            ProcState::Dead
        };
        let fallback = if self.apps[app].proc == ProcState::Top {
            ProcState::Top
        } else {
            fallback
        };
        self.set_proc(app, fallback, cx);
    }

    /// `onJobCompletedLocked`: commits progress, records the stop, then finishes, reschedules or
    /// drops the job (reference §4.3 and §5).
    pub fn close(&mut self, j: JobIdx, c: Close, cx: &mut Cx) {
        let now = cx.now();
        self.settle_job(j, now);
        let Some(run) = self.jobs[j].run.take() else {
            return;
        };
        self.running.retain(|&x| x != j);
        self.reassign = true;
        self.rates_dirty = true;
        let ran = now.saturating_since(run.started_at);
        self.note_run_end(j, &run, c.stop, now);
        if !c.recorded {
            self.emit_stop(j, c.stop, false, ran.as_millis(), cx);
        }
        let job = &mut self.jobs[j];
        job.cumulative_exec = job.cumulative_exec + ran;
        let success = c.stop.internal == I::SuccessfulFinish && !c.reschedule;
        let failed_finish = c.stop.internal == I::SuccessfulFinish && c.reschedule;
        if success {
            job.remaining = Default::default();
        } else if job.behavior.checkpoint && !failed_finish {
            job.remaining = job.remaining.minus(run.done);
        } else {
            job.wasted = job.wasted.plus(run.done);
        }
        self.release_notification(j, &run, c.stop, cx);
        let app = self.jobs[j].app;
        if !self.running.iter().any(|&x| self.jobs[x].app == app)
            && self.apps[app].proc == ProcState::Background
        {
            self.set_proc(app, ProcState::Cached, cx);
        }
        self.after_close(j, c, run.user_visible, now, cx);
    }

    fn release_notification(&mut self, j: JobIdx, run: &RunCtx, stop: Stop, cx: &mut Cx) {
        let Some(n) = self.jobs[j].behavior.notification else {
            return;
        };
        if !run.notification_posted {
            return;
        }
        let key = (self.jobs[j].app, n.id);
        let entry = self.notifications.entry(key).or_insert((1, 0));
        entry.0 = entry.0.saturating_sub(1);
        if run.user_visible {
            entry.1 = entry.1.saturating_sub(1);
        }
        let (last, no_uij_left) = (entry.0 == 0, entry.1 == 0);
        if last {
            self.notifications.remove(&key);
        }
        // A USER stop always removes the notification; REMOVE removes it with its last job.
        if stop.reason == R::User || (last && n.end_policy == EndPolicy::Remove) {
            cx.emit(Record::NotificationRemoved {
                job: self.job_ref(j),
                id: n.id,
            });
        } else if run.user_visible && no_uij_left {
            // JobNotificationCoordinator strips FLAG_USER_INITIATED_JOB from a notification
            // that stays once no user-initiated job uses it.
            cx.emit(Record::NotificationUpdated {
                job: self.job_ref(j),
                id: n.id,
                user_initiated_job: false,
            });
        }
    }

    fn after_close(
        &mut self,
        j: JobIdx,
        c: Close,
        was_user_visible: bool,
        now: SimTime,
        cx: &mut Cx,
    ) {
        if self.jobs[j].removed {
            self.finish_job(j, "cancelled", cx);
            return;
        }
        if c.stop.internal == I::UserUiStop && was_user_visible {
            cx.emit(Record::JobDropped {
                job: self.job_ref(j),
                why: "user-visible job stopped from Task Manager",
            });
            self.finish_job(j, "dropped", cx);
            return;
        }
        if c.stop.internal == I::SuccessfulFinish && !c.reschedule {
            if !self.jobs[j].deferred.is_empty() {
                self.schedule_next_chunk(j, now, cx);
            } else if self.jobs[j].info.periodic.is_some() {
                self.reschedule_periodic(j, now, cx);
            } else {
                self.finish_job(j, "finished", cx);
            }
            return;
        }
        if !c.reschedule {
            cx.emit(Record::JobDropped {
                job: self.job_ref(j),
                why: "not rescheduled (onStopJob or onStartJob answered false, or timed out)",
            });
            self.finish_job(j, "dropped", cx);
            return;
        }
        self.reschedule_after_stop(j, c.stop, now, cx);
    }

    /// An app that transfers in chunks gives each run at most `chunk` bytes per direction (all
    /// its CPU work goes with the first chunk) and keeps the rest for later runs.
    fn take_chunk(&mut self, j: JobIdx) {
        let job = &mut self.jobs[j];
        let Some(c) = job.behavior.chunk else { return };
        let total = job.remaining.plus(job.deferred);
        let part = crate::app::Work {
            download: total.download.min(c),
            upload: total.upload.min(c),
            cpu_ms: total.cpu_ms,
        };
        job.remaining = part;
        job.deferred = total.minus(part);
    }

    /// A chunk finished: the app (or WorkManager, which enqueues a new work request) schedules
    /// the job again for the rest, as a fresh JobStatus (counters reset, no delay).
    fn schedule_next_chunk(&mut self, j: JobIdx, now: SimTime, cx: &mut Cx) {
        let job = &mut self.jobs[j];
        job.remaining = std::mem::take(&mut job.deferred);
        // jobFinished, then schedule(): nothing pending is carried over (a fresh JobStatus).
        job.content = Default::default();
        job.content_timer.cancel();
        job.counts = Default::default();
        job.demoted_by_user = false;
        job.lost_ej_exemptions = false;
        job.phase = Phase::Waiting;
        job.earliest = now;
        job.deadline = job.info.override_deadline.map(|d| now.saturating_add(d));
        job.enqueue_time = now;
        job.scheduled_at = now;
        job.last_blockers = u32::MAX;
        let kind = job.info.kind;
        job.timer.cancel();
        cx.emit(Record::JobScheduled {
            job: self.job_ref(j),
            call: "schedule",
            kind,
            result: "RESULT_SUCCESS",
            message: Some("next chunk".to_string()),
        });
        self.waiting.add(j);
        self.mark_dirty(j);
    }

    /// Removes a job from the store and records its outcome.
    pub fn finish_job(&mut self, j: JobIdx, outcome: &'static str, cx: &mut Cx) {
        let job = &mut self.jobs[j];
        job.phase = Phase::Gone;
        job.timer.cancel();
        job.content_timer.cancel();
        self.unindex_job(j);
        let job = &self.jobs[j];
        let done = job.requested.minus(job.remaining);
        cx.emit(Record::JobCompleted {
            job: self.job_ref(j),
            outcome,
            downloaded: done.download,
            uploaded: done.upload,
            wasted_bytes: job.wasted.download + job.wasted.upload,
        });
    }

    /// Sets an app's process state and records it.
    pub fn set_proc(&mut self, app: AppIdx, state: ProcState, cx: &mut Cx) {
        let a = &mut self.apps[app];
        if a.proc == state {
            return;
        }
        let (was_top, now_top) = (a.proc == ProcState::Top, state == ProcState::Top);
        if a.proc == ProcState::Top {
            a.left_top_at = Some(cx.now());
            let gen = self.uid_timers[app].arm();
            let settle = ms(self.policy.tunables.uid_idle_delay_ms);
            cx.after(settle, Event::UidIdle { app, gen });
        }
        a.proc = state;
        if state == ProcState::Top {
            a.left_top_at = None;
        }
        cx.emit(Record::ProcState {
            app: a.package.clone(),
            state,
            bias: state.bias(),
        });
        if was_top != now_top {
            self.note_top_change(app, now_top, cx.now());
            // PrefetchController.onUidBiasChangedLocked.
            self.update_prefetch(app, false, cx);
        }
        self.app_state_changed(app);
    }

    pub fn on_uid_idle(&mut self, app: AppIdx, gen: u32) {
        if self.uid_timers[app].is_current(gen) {
            self.app_state_changed(app);
        }
    }

    /// A process state only matters to that app's jobs (bias, UID-active exemptions): re-judge
    /// its waiting jobs, and re-check running jobs, whose restrictions may depend on it.
    fn app_state_changed(&mut self, app: AppIdx) {
        self.app_jobs_dirty(app);
    }
}

/// Schedules the app's answer to a callback, or the platform's timeout if the app hangs or
/// answers too late. JobServiceContext posts its timeout message (`scheduleOpTimeOutLocked`)
/// when it sends the callback, before any answer exists, so an answer arriving exactly at the
/// timeout loses: the timeout fires at `timeout` when the answer takes `>= timeout`.
fn answer_or_timeout(
    j: JobIdx,
    gen: u32,
    response: Response,
    steps: (Step, Step),
    timeout: SimDuration,
    cx: &mut Cx,
) {
    let (wait, step) = match response {
        Response::After(d) if d < timeout => (d, steps.0),
        Response::After(_) | Response::Hangs => (timeout, steps.1),
    };
    cx.after(wait, Event::Step { job: j, gen, step });
}
