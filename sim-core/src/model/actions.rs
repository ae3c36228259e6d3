//! Timeline actions: the app's JobScheduler calls, the user's gestures, device changes and adb
//! commands.

use super::event::Event;
use super::record::Record;
use super::world::World;
use super::Cx;
use crate::app::{AppIdx, ProcState, Work};
use crate::job::{InternalStopReason as I, JobIdx, JobStatus, Phase, Stop, StopReason as R};
use crate::policy::schedule::{check_schedule, ScheduleOutcome, ScheduleView};
use crate::scenario::Action;
use crate::time::SimTime;

impl World {
    pub fn on_action(&mut self, i: usize, cx: &mut Cx) {
        let Some(action) = self.timeline.get(i).map(|a| a.action.clone()) else {
            return;
        };
        match action {
            Action::Schedule { job } if self.runs_as_foreground_service(job) => {
                self.start_foreground_service(job, cx)
            }
            Action::Schedule { job } => self.schedule_call(job, None, cx),
            Action::Enqueue { job, work } => self.schedule_call(job, Some(work), cx),
            Action::Cancel { app, id } => self.cancel_call(app, id, cx),
            Action::CancelAll { app } => {
                let ids: Vec<i32> = self
                    .live_jobs_of(app)
                    .iter()
                    .map(|&j| self.jobs[j].info.id)
                    .collect();
                for id in ids {
                    self.cancel_call(app, id, cx);
                }
            }
            Action::Foreground(app) => self.set_foreground(app, cx),
            Action::Screen(on) => {
                if self.device.screen.screen_on != on {
                    self.device.screen.screen_on = on;
                    cx.emit(Record::Screen { on });
                    self.refresh_top(cx);
                    self.on_screen_or_power_changed(cx);
                }
            }
            Action::Plug(p) => {
                self.device.battery.set_plugged(p);
                cx.emit(Record::Power {
                    plugged: p,
                    charging: self.device.battery.is_charging(),
                });
                self.on_screen_or_power_changed(cx);
                self.report_device_changes(cx);
            }
            Action::ThermalOverride(s) => {
                self.device.thermal.set_override(s);
                self.report_device_changes(cx);
            }
            Action::Temperature(c) => {
                self.device.thermal.set_temperature(c);
                self.report_device_changes(cx);
            }
            Action::Network(n) => {
                self.device.network.set_configured(n);
                self.network_changed(cx);
            }
            Action::NetworkFlaps(f) => {
                self.device.network.flaps = f;
                if f.is_none() && self.device.network.is_flapped_down() {
                    self.device.network.set_flapped_down(false);
                    self.network_changed(cx);
                }
                self.arm_flap(cx);
            }
            Action::Memory(p) => {
                self.device.memory.set_scripted(p);
                self.memory_changed(cx);
            }
            Action::BatterySaver(on) => {
                self.device.battery.set_manual_saver(on);
                self.report_device_changes(cx);
            }
            Action::BatteryLevel(l) => {
                self.device.battery.set_level(l);
                self.report_device_changes(cx);
            }
            Action::Doze(forced) => {
                let before = self.device.screen.doze();
                self.device.screen.force(forced);
                let after = self.device.screen.doze();
                if before != after {
                    self.doze_changed(after, cx);
                }
            }
            Action::StorageFree(b) => {
                self.device.storage.set_free(b);
                self.report_device_changes(cx);
            }
            Action::Permission { app, state } => {
                self.apps[app].run_user_initiated_jobs = state;
                self.app_changed(
                    app,
                    "run_user_initiated_jobs",
                    format!("{state:?}").to_lowercase(),
                    cx,
                );
            }
            Action::Bucket { app, bucket } => {
                self.apps[app].bucket = bucket;
                self.app_changed(
                    app,
                    "standby_bucket",
                    format!("{bucket:?}").to_lowercase(),
                    cx,
                );
            }
            Action::BackgroundRestricted { app, on } => {
                self.apps[app].background_restricted = on;
                self.app_changed(app, "background_restricted", on.to_string(), cx);
            }
            Action::ForegroundService { app, on } => {
                self.apps[app].has_foreground_service = on;
                self.app_changed(app, "foreground_service", on.to_string(), cx);
                self.refresh_top(cx);
            }
            Action::EstimatedLaunch { app, after } => {
                let at = cx.now().saturating_add(after);
                self.apps[app].estimated_launch = Some(at);
                self.app_changed(app, "estimated_launch_ms", at.as_millis().to_string(), cx);
                // onEstimatedLaunchTimeChanged -> processUpdatedEstimatedLaunchTime.
                self.update_prefetch(app, true, cx);
            }
            Action::BalExemption { app, duration } => {
                self.apps[app].bal_exempt_until = Some(cx.now().saturating_add(duration));
                self.app_changed(
                    app,
                    "background_start_exemption_ms",
                    duration.as_millis().to_string(),
                    cx,
                );
            }
            Action::DataSaver(on) => {
                if self.device.network.data_saver != on {
                    self.device.network.data_saver = on;
                    cx.emit(Record::DataSaver { on });
                    // ConnectivityController re-evaluates every tracked job when Data Saver
                    // toggles (`MSG_DATA_SAVER_TOGGLED`).
                    self.dirty_all = true;
                }
            }
            Action::TempAllowlist { app, duration } => self.temp_allowlist(app, duration, cx),
            Action::TaskManagerStop { app } => self.task_manager_stop(app, cx),
            Action::ForceStop { app } => self.force_stop(app, cx),
            Action::Uninstall { app } => self.uninstall(app, cx),
            Action::LowMemoryKill { app } => self.kill_process(app, "low_memory_killer", None, cx),
            Action::Reboot => self.reboot(cx),
            Action::ForceRun { app, id } => {
                if let Some(j) = self.find_live(app, id) {
                    if self.jobs[j].phase == Phase::Waiting {
                        self.start_job(j, true, None, cx);
                    }
                }
            }
            Action::ContentChange { uri } => self.content_changed(&uri, cx),
            Action::ForceTimeout { app, id } => {
                if let Some(j) = self.find_live(app, id) {
                    self.request_stop(j, Stop::new(R::Timeout, I::Timeout), cx);
                }
            }
        }
    }

    fn app_changed(&mut self, app: AppIdx, what: &'static str, value: String, cx: &mut Cx) {
        cx.emit(Record::AppChanged {
            app: self.apps[app].package.clone(),
            what,
            value,
        });
        self.dirty_all = true;
    }

    /// Persisted-job schedule calls of the app within `aq_schedule_window_ms`.
    fn persisted_calls_in_window(&mut self, app: AppIdx, now: SimTime) -> usize {
        let window = crate::policy::Tunables::ms(self.policy.tunables.aq_schedule_window_ms);
        let calls = &mut self.persisted_calls[app];
        calls.retain(|t| t.as_millis() + window > now.as_millis());
        calls.len()
    }

    fn find_live(&self, app: AppIdx, id: i32) -> Option<JobIdx> {
        self.index
            .iter()
            .find(|((a, _, i), _)| *a == app && *i == id)
            .map(|(_, &j)| j)
    }

    pub fn on_arrival(&mut self, i: usize, cx: &mut Cx) {
        if let Some(&(_, spec)) = self.arrivals.get(i) {
            if !self.apps[self.specs[spec].app].installed {
                return;
            }
            self.schedule_call(spec, None, cx);
        }
    }

    /// `JobScheduler.schedule()` or `enqueue()` of `specs[spec]`. The spec is read in place,
    /// not copied: a schedule call is one of the most frequent events.
    pub(crate) fn schedule_call(&mut self, spec: usize, work: Option<Work>, cx: &mut Cx) {
        let now = cx.now();
        let app = self.specs[spec].app;
        let existing = {
            let info = &self.specs[spec].info;
            let key = (app, info.namespace.clone(), info.id);
            self.index.get(&key).copied()
        };
        let max_calls =
            usize::try_from(self.policy.tunables.aq_schedule_count).unwrap_or(usize::MAX);
        let recent_calls = self.persisted_calls_in_window(app, now);
        let info = &self.specs[spec].info;
        let view = ScheduleView {
            app: &self.apps[app],
            api_level: self.device.api_level,
            now,
            existing_jobs: self.jobs_per_app[app] as usize,
            max_jobs_per_app: self.policy.tunables.max_jobs_per_app.max(1) as usize,
            replaces: existing.is_some(),
            persisted_rate_exceeded: info.persisted && recent_calls >= max_calls,
            rate_limit_returns_failure: self.policy.tunables.aq_schedule_return_failure,
            ej_quota_ok: self.ej_quota_free(app)
                || crate::policy::quota::ej_remaining(
                    &self.qc,
                    &self.quota[app].ej,
                    self.effective_bucket(app),
                    now,
                ) > 0,
        };
        let outcome = check_schedule(info, &view);
        let rate_exceeded = view.persisted_rate_exceeded;
        let (persisted, kind) = (info.persisted, info.kind);
        let jref = super::record::JobRef {
            app: self.apps[app].package.clone(),
            job: info.id,
            namespace: info.namespace.as_deref().map(std::sync::Arc::from),
        };
        // Calls that got past validation count toward the persisted-job rate (reference §10).
        let validated = !matches!(&outcome, ScheduleOutcome::Exception(name, _) if *name != "IllegalStateException");
        if persisted && validated {
            self.persisted_calls[app].push(now);
            if rate_exceeded && self.apps[app].bucket != crate::app::StandbyBucket::Restricted {
                self.apps[app].bucket = crate::app::StandbyBucket::Restricted;
                self.app_changed(
                    app,
                    "standby_bucket",
                    "restricted (schedule rate limit)".to_string(),
                    cx,
                );
            }
        }
        let call = if work.is_some() {
            "enqueue"
        } else {
            "schedule"
        };
        let message = match &outcome {
            ScheduleOutcome::Success => None,
            ScheduleOutcome::Failure(m) => Some((*m).to_string()),
            ScheduleOutcome::Exception(_, m) => Some(m.clone()),
        };
        cx.emit(Record::JobScheduled {
            job: jref,
            call,
            kind,
            result: outcome.result_name(),
            message,
        });
        if !outcome.is_success() {
            self.workmanager_fallback(spec, &outcome, work, cx);
            return;
        }
        // enqueue() of an equal JobInfo appends the work item to the live job.
        if let (Some(j), Some(w)) = (existing, work) {
            if self.jobs[j].info == self.specs[spec].info {
                let job = &mut self.jobs[j];
                job.remaining = job.remaining.plus(w);
                job.requested = job.requested.plus(w);
                job.demoted_by_user = false;
                job.demoted_by_system_uij = false;
                if let Some(run) = job.run.as_mut() {
                    run.work_armed = false;
                }
                self.rates_dirty = true;
                return;
            }
        }
        let inherited = existing.and_then(|old| self.hand_over_content(old));
        if let Some(old) = existing {
            self.remove_job(
                old,
                Stop::new(R::CancelledByApp, I::Canceled),
                "replaced",
                cx,
            );
        }
        self.insert_job(spec, work.unwrap_or_default(), now, cx);
        if let Some((uris, authorities)) = inherited {
            self.inherit_content(self.jobs.len() - 1, uris, authorities);
        }
    }

    /// The spec's work runs as a foreground service: strategy `foreground_service`, or a
    /// WorkManager long-running worker on a device without user-initiated jobs (API < 34), where
    /// WorkManager falls back to `setForeground`.
    fn runs_as_foreground_service(&self, spec: usize) -> bool {
        let s = &self.specs[spec];
        match s.behavior.strategy {
            crate::app::Strategy::ForegroundService => true,
            crate::app::Strategy::WorkManager => {
                s.info.is_user_initiated()
                    && self.device.api_level < crate::policy::schedule::UIJ_MIN_API
            }
            crate::app::Strategy::Job => false,
        }
    }

    /// WorkManager's `OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST`: expedited work that
    /// JobScheduler refuses for lack of EJ quota is scheduled again as a regular job.
    fn workmanager_fallback(
        &mut self,
        spec: usize,
        outcome: &ScheduleOutcome,
        work: Option<Work>,
        cx: &mut Cx,
    ) {
        let s = &self.specs[spec];
        let refused_ej = matches!(outcome, ScheduleOutcome::Failure(m) if m.contains("EJ quota"));
        if s.behavior.strategy != crate::app::Strategy::WorkManager
            || !s.info.is_expedited()
            || !refused_ej
        {
            return;
        }
        let mut regular = s.clone();
        regular.info.kind = crate::job::JobKind::Regular;
        if regular.info.priority == Some(crate::job::Priority::Max) {
            regular.info.priority = Some(crate::job::Priority::High);
        }
        self.specs.push(regular);
        self.schedule_call(self.specs.len() - 1, work, cx);
    }

    fn insert_job(&mut self, spec: usize, extra: Work, now: SimTime, cx: &mut Cx) {
        let s = &self.specs[spec];
        let work = s.behavior.work.plus(extra);
        let periodic_end = s.info.periodic.map(|p| now.saturating_add(p.interval));
        let earliest = match (s.info.periodic, s.info.min_latency) {
            (Some(p), _) => now.saturating_add(p.interval.saturating_sub(p.flex)),
            (None, Some(d)) => now.saturating_add(d),
            (None, None) => now,
        };
        let foreground_exempt = self.apps[s.app].proc == ProcState::Top
            && s.info.min_latency.is_none()
            && s.info.override_deadline.is_none()
            && s.info.periodic.is_none();
        let job = JobStatus {
            app: s.app,
            info: s.info.clone(),
            behavior: s.behavior.clone(),
            phase: Phase::Waiting,
            counts: Default::default(),
            demoted_by_user: false,
            demoted_by_system_uij: false,
            lost_ej_exemptions: false,
            first_force_batched: None,
            scheduled_at: now,
            enqueue_time: now,
            earliest,
            deadline: s.info.override_deadline.map(|d| now.saturating_add(d)),
            window_end: periodic_end,
            cumulative_exec: Default::default(),
            runs: 0,
            remaining: work,
            requested: work,
            wasted: Default::default(),
            deferred: Default::default(),
            run: None,
            timer: Default::default(),
            last_blockers: u32::MAX,
            removed: false,
            ready_since: None,
            ej_quota_approved: true,
            prefetch_satisfied: true,
            foreground_exempt,
            content: Default::default(),
            content_timer: Default::default(),
        };
        self.jobs.push(job);
        let j = self.jobs.len() - 1;
        self.index_job(j);
        let gen = self.jobs[j].timer.arm();
        if earliest > now {
            cx.at(earliest, Event::JobTimer { job: j, gen });
        }
        if let Some(dl) = self.jobs[j].deadline {
            cx.at(dl, Event::JobTimer { job: j, gen });
        }
        self.waiting.add(j);
        self.mark_dirty(j);
        // PrefetchController.maybeStartTrackingJobLocked: this job's constraint, and the
        // app's threshold alarm.
        if self.jobs[j].info.prefetch {
            self.jobs[j].prefetch_satisfied = false;
            self.update_prefetch_job(j, now);
            self.arm_prefetch_alarm(self.jobs[j].app, true, cx);
        }
        self.flex_track(j, cx);
    }

    /// Takes a job out of the store: a running one is stopped and never rescheduled.
    fn remove_job(&mut self, j: JobIdx, stop: Stop, by: &'static str, cx: &mut Cx) {
        cx.emit(Record::JobCancelled {
            job: self.job_ref(j),
            by,
        });
        self.jobs[j].removed = true;
        self.unindex_job(j);
        if self.jobs[j].phase == Phase::Running {
            self.request_stop(j, stop, cx);
        } else {
            self.finish_job(j, "cancelled", cx);
        }
    }

    fn cancel_call(&mut self, app: AppIdx, id: i32, cx: &mut Cx) {
        if let Some(j) = self.find_live(app, id) {
            self.remove_job(j, Stop::new(R::CancelledByApp, I::Canceled), "app", cx);
        }
    }

    /// Foreground changes: the new app is TOP while the screen is on, the old one drops to the
    /// background (or cached) and its memory footprint leaves with it.
    fn set_foreground(&mut self, app: Option<AppIdx>, cx: &mut Cx) {
        self.foreground = app;
        cx.emit(Record::Foreground {
            app: app.map(|a| self.apps[a].package.clone()),
        });
        self.refresh_top(cx);
    }

    /// Re-derives every app's process state from the foreground app, the screen and running jobs.
    pub fn refresh_top(&mut self, cx: &mut Cx) {
        let screen_on = self.device.screen.screen_on;
        for a in 0..self.apps.len() {
            let is_top = screen_on && self.foreground == Some(a);
            let has_jobs = self.running.iter().any(|&j| self.jobs[j].app == a);
            let app = &self.apps[a];
            let state = if is_top {
                ProcState::Top
            } else if app.has_foreground_service {
                ProcState::ForegroundService
            } else if has_jobs {
                ProcState::Background
            } else if app.proc.is_alive() {
                ProcState::Cached
            } else {
                ProcState::Dead
            };
            self.set_proc(a, state, cx);
        }
        let fg_memory = match self.foreground {
            Some(a) if screen_on => self.apps[a].foreground_memory,
            _ => crate::device::MemoryPressure::Normal,
        };
        if fg_memory != self.device.memory.pressure()
            || fg_memory != crate::device::MemoryPressure::Normal
        {
            self.device.memory.set_from_foreground(fg_memory);
            self.memory_changed(cx);
        } else {
            self.device.memory.set_from_foreground(fg_memory);
        }
    }

    /// Task Manager's Stop (`notePendingUserRequestedAppStop`): every running job of the app is
    /// death-marked USER / USER_UI_STOP without `onStopJob`, all its jobs are demoted, and the
    /// process is killed (reference §4.3).
    fn task_manager_stop(&mut self, app: AppIdx, cx: &mut Cx) {
        self.stop_app_fgs(app, "stopped_by_user", cx);
        for j in self.live_jobs_of(app) {
            self.jobs[j].demoted_by_user = true;
        }
        if self.foreground == Some(app) {
            self.foreground = None;
            cx.emit(Record::Foreground { app: None });
            self.refresh_top(cx);
        }
        self.kill_process(
            app,
            "task_manager_stop",
            Some(Stop::new(R::User, I::UserUiStop)),
            cx,
        );
        self.dirty_all = true;
    }

    /// Force stop: the process is killed and every job of the app is cancelled (USER / CANCELED).
    fn force_stop(&mut self, app: AppIdx, cx: &mut Cx) {
        self.remove_app_jobs(app, "force_stop", Stop::new(R::User, I::Canceled), cx);
    }

    /// Uninstall (JobSchedulerService's package-removed handling, `cancelJobsForPackageAndUid`
    /// with internal `UNINSTALL`): like a force stop, every job is cancelled and a running one
    /// stopped with USER / UNINSTALL, never rescheduled; the app then schedules nothing more
    /// (its workloads' later arrivals are dropped).
    fn uninstall(&mut self, app: AppIdx, cx: &mut Cx) {
        self.remove_app_jobs(app, "uninstall", Stop::new(R::User, I::Uninstall), cx);
        self.apps[app].installed = false;
        self.app_changed(app, "installed", "false".to_string(), cx);
    }

    /// Kills the app's process and cancels every job of it, recorded as cancelled `by`; running
    /// jobs stop with `stop`.
    fn remove_app_jobs(&mut self, app: AppIdx, by: &'static str, stop: Stop, cx: &mut Cx) {
        self.stop_app_fgs(app, "stopped_by_user", cx);
        for j in self.live_jobs_of(app) {
            cx.emit(Record::JobCancelled {
                job: self.job_ref(j),
                by,
            });
            self.jobs[j].removed = true;
            if self.jobs[j].phase == Phase::Waiting {
                self.finish_job(j, "cancelled", cx);
            }
        }
        if self.foreground == Some(app) {
            self.foreground = None;
            cx.emit(Record::Foreground { app: None });
            self.refresh_top(cx);
        }
        self.kill_process(app, by, Some(stop), cx);
        if self.apps[app].has_foreground_service {
            self.apps[app].has_foreground_service = false;
            self.set_proc(app, ProcState::Dead, cx);
        }
    }

    /// Reboot: every process dies, non-persisted jobs are lost, and persisted jobs come back at
    /// boot with zeroed failure counters (reference §10).
    fn reboot(&mut self, cx: &mut Cx) {
        cx.emit(Record::Reboot { phase: "shutdown" });
        for a in 0..self.apps.len() {
            self.stop_app_fgs(a, "lost_at_reboot", cx);
        }
        self.booting = true;
        self.foreground = None;
        for a in 0..self.apps.len() {
            self.kill_process(a, "reboot", None, cx);
            self.set_proc(a, ProcState::Dead, cx);
        }
        let live: Vec<JobIdx> = self.index.values().copied().collect();
        for j in live {
            if self.jobs[j].phase == Phase::Gone {
                continue;
            }
            if self.jobs[j].info.persisted {
                self.jobs[j].counts = Default::default();
            } else {
                cx.emit(Record::JobDropped {
                    job: self.job_ref(j),
                    why: "not persisted across reboot",
                });
                self.jobs[j].removed = true;
                self.finish_job(j, "lost_at_reboot", cx);
            }
        }
        cx.after(self.boot_time, Event::Boot);
        self.dirty_all = true;
    }

    pub fn on_boot(&mut self, cx: &mut Cx) {
        self.booting = false;
        cx.emit(Record::Reboot {
            phase: "boot_completed",
        });
        for a in 0..self.apps.len() {
            if self.apps[a].has_foreground_service {
                self.set_proc(a, ProcState::ForegroundService, cx);
            }
        }
        self.dirty_all = true;
    }
}
