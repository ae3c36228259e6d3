//! The quota controller and the execution safeguards inside the world: which apps' jobs count,
//! opening and closing usage sessions, approving expedited jobs, timers for running out and
//! coming back, and the per-app timeout and ANR history (reference §8 and §10).

use super::event::Event;
use super::record::Record;
use super::world::World;
use super::Cx;
use crate::app::{AppIdx, ProcState, StandbyBucket};
use crate::engine::TimerSlot;
use crate::job::{InternalStopReason as I, JobIdx, Phase, Priority, RunCtx, Stop};
use crate::policy::quota::{self, Usage};
use crate::policy::{Platform, Tunables};
use crate::time::{SimDuration, SimTime};

/// Which per-kind safeguard a run counts against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunKind {
    UserInitiated,
    Expedited,
    Regular,
}

/// One app's quota and safeguard state.
#[derive(Clone, Debug, Default)]
pub struct AppQuota {
    pub regular: Usage,
    pub ej: Usage,
    /// Cached verdicts, recomputed when `dirty`.
    pub in_quota: bool,
    /// Running jobs keep going: execution time is left (count limits only gate new starts).
    pub running_ok: bool,
    pub ej_in_quota: bool,
    pub dirty: bool,
    pub timer: TimerSlot,
    pub armed_at: Option<SimTime>,
    pub timeouts: Vec<(SimTime, RunKind)>,
    /// Since when the app is on top (for top-app EJ rewards).
    pub top_since: Option<SimTime>,
    pub anrs: Vec<SimTime>,
    /// The app's EJ quota has run out at least once, so some of its jobs may have lost their
    /// EJ approval (jobs enter the store approved, and only `refresh_app_quota` revokes it).
    pub ej_ever_denied: bool,
}

impl AppQuota {
    pub fn new() -> Self {
        Self {
            in_quota: true,
            running_ok: true,
            ej_in_quota: true,
            dirty: true,
            ..Default::default()
        }
    }
}

fn run_kind(run: &RunCtx) -> RunKind {
    if run.user_visible {
        RunKind::UserInitiated
    } else if run.expedited {
        RunKind::Expedited
    } else {
        RunKind::Regular
    }
}

impl World {
    /// Regular quota does not apply: the app is on top (Android 14 also: running a foreground
    /// service), or the device charges (except in the RESTRICTED bucket).
    pub fn quota_free(&self, app: AppIdx) -> bool {
        let a = &self.apps[app];
        let foreground = a.proc == ProcState::Top
            || (self.policy.platform == Platform::Android14
                && a.proc == ProcState::ForegroundService);
        foreground
            || (self.device.battery.is_charging()
                && self.effective_bucket(app) != StandbyBucket::Restricted)
    }

    /// EJ quota does not apply (QuotaController `isWithinEJQuotaLocked`): top or
    /// foreground-service app, inside the top-app grace period, temp-allowlisted or inside the
    /// grace period after it, or charging (not RESTRICTED).
    pub fn ej_quota_free(&self, app: AppIdx) -> bool {
        let a = &self.apps[app];
        let grace = SimDuration::from_millis(Tunables::ms(
            self.policy.tunables.qc_ej_grace_period_top_app_ms,
        ));
        let top_grace = a
            .left_top_at
            .is_some_and(|t| self.last_settle < t.saturating_add(grace));
        matches!(a.proc, ProcState::Top | ProcState::ForegroundService)
            || top_grace
            || self.temp_allowlist_ej_exempt(app)
            || (self.device.battery.is_charging()
                && self.effective_bucket(app) != StandbyBucket::Restricted)
    }

    /// QuotaController `hasTempAllowlistExemptionLocked`: the app is on the temporary
    /// power-save allowlist, or left it less than `qc_ej_grace_period_temp_allowlist_ms` ago
    /// (QuotaController's `TempAllowlistTracker.onAppRemoved` stores now + grace). RESTRICTED
    /// and NEVER apps get no free quota from the temp allowlist.
    ///
    /// The allowlist entry is looked at before the effective bucket, which is dearer (it counts
    /// the app's recent timeouts) and rarely needed: most apps are never on the list.
    pub fn temp_allowlist_ej_exempt(&self, app: AppIdx) -> bool {
        let grace = SimDuration::from_millis(Tunables::ms(
            self.policy.tunables.qc_ej_grace_period_temp_allowlist_ms,
        ));
        self.apps[app]
            .temp_allowlisted_until
            .is_some_and(|until| self.last_settle < until.saturating_add(grace))
            && !matches!(
                self.effective_bucket(app),
                StandbyBucket::Restricted | StandbyBucket::Never
            )
    }

    /// DeviceIdleController `addPowerSaveTempWhitelistAppDirectInternal`: the app joins the
    /// temporary power-save allowlist for `duration`, cut to `max_temp_app_allowlist_duration_ms`;
    /// a second grant while on the list sets the new end time. Listeners (AppStateTracker for
    /// battery saver and background restriction, QuotaController for EJ quota) re-evaluate the
    /// app's jobs now and when the entry ends; QuotaController once more when its grace ends.
    pub fn temp_allowlist(&mut self, app: AppIdx, duration: SimDuration, cx: &mut Cx) {
        let now = cx.now();
        let max = SimDuration::from_millis(Tunables::ms(
            self.policy.tunables.max_temp_app_allowlist_duration_ms,
        ));
        let granted = duration.min(max);
        let until = now.saturating_add(granted);
        self.apps[app].temp_allowlisted_until = Some(until);
        cx.emit(Record::AppChanged {
            app: self.apps[app].package.clone(),
            what: "temp_allowlist_ms",
            value: granted.as_millis().to_string(),
        });
        let gen = self.temp_allowlist_timers[app].arm();
        cx.at(until, Event::TempAllowlistEnd { app, gen });
        self.app_jobs_dirty(app);
    }

    /// The temp allowlist entry ended (re-arms for the end of the EJ grace), or the grace ended.
    pub fn on_temp_allowlist_end(&mut self, app: AppIdx, gen: u32, cx: &mut Cx) {
        if !self.temp_allowlist_timers[app].is_current(gen) {
            return;
        }
        let grace = SimDuration::from_millis(Tunables::ms(
            self.policy.tunables.qc_ej_grace_period_temp_allowlist_ms,
        ));
        if let Some(grace_end) = self.apps[app]
            .temp_allowlisted_until
            .map(|until| until.saturating_add(grace))
            .filter(|&end| end > cx.now())
        {
            let gen = self.temp_allowlist_timers[app].arm();
            cx.at(grace_end, Event::TempAllowlistEnd { app, gen });
        }
        self.app_jobs_dirty(app);
    }

    /// QuotaController's EJ rewards: an interaction (the app coming to the top) earns
    /// `qc_ej_reward_interaction_ms`; leaving the top earns `qc_ej_reward_top_app_ms` per full
    /// `qc_ej_top_app_time_chunk_size_ms` spent there.
    pub fn note_top_change(&mut self, app: AppIdx, now_top: bool, now: SimTime) {
        let t = &self.policy.tunables;
        let (interaction, chunk, per_chunk) = (
            Tunables::ms(t.qc_ej_reward_interaction_ms),
            Tunables::ms(t.qc_ej_top_app_time_chunk_size_ms).max(1),
            Tunables::ms(t.qc_ej_reward_top_app_ms),
        );
        let q = &mut self.quota[app];
        if now_top {
            q.top_since = Some(now);
            q.ej.credits.push((now, interaction));
        } else if let Some(since) = q.top_since.take() {
            let chunks = now.saturating_since(since).as_millis() / chunk;
            if chunks > 0 {
                q.ej.credits.push((now, chunks * per_chunk));
            }
        }
        q.dirty = true;
    }

    /// The bucket quota and runtime limits are computed for (JobStatus
    /// `getEffectiveStandbyBucket`): EXEMPTED stays; an active UID (top, a foreground service,
    /// or within the settle delay after leaving the top) counts as ACTIVE, buggy or not; else a
    /// buggy app (over its total timeouts or ANRs) is capped at WORKING_SET.
    pub fn effective_bucket(&self, app: AppIdx) -> StandbyBucket {
        let b = self.apps[app].bucket;
        if b == StandbyBucket::Exempted {
            b
        } else if self.uid_active(app, self.last_settle) {
            StandbyBucket::Active
        } else if b < StandbyBucket::WorkingSet && self.is_buggy(app) {
            StandbyBucket::WorkingSet
        } else {
            b
        }
    }

    /// A running job's time counts toward regular quota.
    fn counts_regular(&self, j: JobIdx) -> bool {
        self.jobs[j].run.as_ref().is_some_and(|r| {
            let top_started_exempt = self.policy.platform == Platform::Android14 && r.started_top;
            !(r.user_visible
                || r.expedited
                || top_started_exempt
                || self.quota_free(self.jobs[j].app))
        })
    }

    /// A waiting job would count toward regular quota if it started now.
    pub fn would_count(&self, j: JobIdx) -> bool {
        let job = &self.jobs[j];
        !job.treat_as_user_initiated() && !job.treat_as_expedited() && !self.quota_free(job.app)
    }

    /// Out of regular quota: the job waits (`PENDING_JOB_REASON_QUOTA`) or, running, stops
    /// with `STOP_REASON_QUOTA`.
    ///
    /// The cached verdict is asked first: an app is in quota at almost every look, and then
    /// whether the job counts (which asks for the effective bucket) does not matter.
    pub fn quota_blocked(&self, j: JobIdx, running: bool) -> bool {
        let q = &self.quota[self.jobs[j].app];
        if running {
            !q.running_ok && self.counts_regular(j)
        } else {
            !q.in_quota && self.would_count(j)
        }
    }

    /// A running job counted against regular quota, with none left at `now`, and not kept
    /// going by the RESTRICTED bucket's dynamic constraints.
    pub fn quota_exhausted(&self, j: JobIdx, now: SimTime) -> bool {
        let app = self.jobs[j].app;
        let exhausted = self.counts_regular(j)
            && quota::time_left(
                &self.qc,
                &self.quota[app].regular,
                self.effective_bucket(app),
                now,
            ) == 0;
        exhausted && !self.on_dynamic_constraints(j, now)
    }

    /// A job of a RESTRICTED app whose dynamic constraints hold (`mReadyDynamicSatisfied`).
    pub fn on_dynamic_constraints(&self, j: JobIdx, now: SimTime) -> bool {
        if self.apps[self.jobs[j].app].bucket != StandbyBucket::Restricted {
            return false;
        }
        let env = self.env(j, now);
        let max = self.jobs[j]
            .run
            .as_ref()
            .map_or(SimDuration::MAX, |r| r.max_exec);
        let running = self.jobs[j].run.is_some();
        let net_ok = crate::policy::connectivity::is_satisfied(&self.jobs[j], &env, max, running);
        crate::policy::constraints::dynamic_restricted_satisfied(&self.jobs[j], &env, net_ok)
    }

    /// QuotaController's bound on a job's maximum runtime (`None` = not quota-limited).
    pub fn quota_limit(&self, j: JobIdx, now: SimTime) -> Option<SimDuration> {
        let job = &self.jobs[j];
        let app = job.app;
        let bucket = self.effective_bucket(app);
        let q = &self.quota[app];
        if job.treat_as_user_initiated() {
            return None;
        }
        if job.treat_as_expedited() {
            if self.device.battery.is_charging() && bucket != StandbyBucket::Restricted {
                return Some(SimDuration::from_mins(30));
            }
            // QuotaController `getMaxJobExecutionTimeMsLocked`: at least half of the EXEMPTED
            // limit in that bucket, half of the ACTIVE limit for a top app, half of the
            // WORKING_SET limit for a foreground one; otherwise (grace periods and temp allowlist
            // included) the time until EJ quota is used up. JSC raises it to the guarantee.
            let left = SimDuration::from_millis(quota::ej_remaining(&self.qc, &q.ej, bucket, now));
            let floor = if bucket == StandbyBucket::Exempted {
                quota::ej_half_limit(&self.qc, StandbyBucket::Exempted)
            } else {
                match self.apps[app].proc {
                    ProcState::Top => quota::ej_half_limit(&self.qc, StandbyBucket::Active),
                    ProcState::ForegroundService => {
                        quota::ej_half_limit(&self.qc, StandbyBucket::WorkingSet)
                    }
                    _ => SimDuration::ZERO,
                }
            };
            return Some(left.max(floor));
        }
        // Android 16: a TOP app's jobs at HIGH or above get the full 30 minutes; Android 14 gave
        // it to every job of a TOP or foreground-service app, whatever its priority.
        let top_high = match self.policy.platform {
            Platform::Android16 => {
                self.apps[app].proc == ProcState::Top && job.effective_priority() >= Priority::High
            }
            Platform::Android14 => {
                matches!(
                    self.apps[app].proc,
                    ProcState::Top | ProcState::ForegroundService
                )
            }
        };
        if self.device.battery.is_charging() || top_high || self.quota_free(app) {
            return None;
        }
        Some(SimDuration::from_millis(quota::time_until_consumed(
            &self.qc, &q.regular, bucket, now,
        )))
    }

    /// Records a counted job start (QuotaController's job count and rate limit).
    pub fn note_quota_start(&mut self, j: JobIdx, now: SimTime) {
        let app = self.jobs[j].app;
        // The session starts when the job is handed to a context (`prepareForExecutionLocked`),
        // not when the app answers onStartJob.
        if self.counts_regular(j) {
            self.quota[app].regular.note_start(&self.qc, now);
            self.quota[app].regular.open(&self.qc, now);
        }
        let expedited = self.jobs[j].run.as_ref().is_some_and(|r| r.expedited);
        if expedited && !self.ej_quota_free(app) {
            self.quota[app].ej.open(&self.qc, now);
        }
        self.quota[app].dirty = true;
    }

    /// Opens and closes usage sessions, refreshes cached verdicts and EJ approvals, and arms
    /// each app's next quota check. Called before readiness is judged.
    pub fn update_quota(&mut self, cx: &mut Cx) {
        let now = cx.now();
        for app in 0..self.apps.len() {
            // Sessions only open or close when a job starts or ends, or when the app's
            // quota-free state changes; each of those marks the app dirty.
            if !self.quota[app].dirty {
                continue;
            }
            let regular = self
                .running
                .iter()
                .any(|&j| self.jobs[j].app == app && self.counts_regular(j));
            let ej_free = self.ej_quota_free(app);
            let ej = !ej_free
                && self.running.iter().any(|&j| {
                    self.jobs[j].app == app
                        && self.jobs[j].run.as_ref().is_some_and(|r| r.expedited)
                });
            let q = &mut self.quota[app];
            if regular != q.regular.is_open() || ej != q.ej.is_open() {
                q.dirty = true;
            }
            if regular {
                q.regular.open(&self.qc, now)
            } else {
                q.regular.close(now)
            }
            if ej {
                q.ej.open(&self.qc, now)
            } else {
                q.ej.close(now)
            }
            if std::mem::take(&mut q.dirty) {
                self.refresh_app_quota(app, ej_free, now, cx);
            }
        }
    }

    /// `ej_free`: [`World::ej_quota_free`] for the app, as `update_quota` found it.
    fn refresh_app_quota(&mut self, app: AppIdx, ej_free: bool, now: SimTime, cx: &mut Cx) {
        let bucket = self.effective_bucket(app);
        let qc = &self.qc;
        let q = &mut self.quota[app];
        q.regular.prune(qc, now);
        q.ej.prune(qc, now);
        let was = (q.in_quota, q.running_ok, q.ej_in_quota);
        (q.in_quota, q.running_ok) = quota::verdicts(qc, &q.regular, bucket, now);
        q.ej_in_quota = ej_free || quota::ej_remaining(qc, &q.ej, bucket, now) > 0;
        // Next look: when an open session runs out, or when a closed-out app comes back.
        let mut next: Option<SimTime> = None;
        let mut consider = |t: Option<SimTime>| {
            if let Some(t) = t.filter(|t| *t > now) {
                next = Some(next.map_or(t, |n: SimTime| n.min(t)));
            }
        };
        if q.regular.is_open() {
            consider(Some(now.saturating_add(SimDuration::from_millis(
                quota::time_until_consumed(qc, &q.regular, bucket, now).max(1),
            ))));
        }
        if !q.in_quota {
            consider(quota::next_in_quota(qc, &q.regular, bucket, now));
        }
        if q.ej.is_open() {
            consider(Some(now.saturating_add(SimDuration::from_millis(
                quota::ej_remaining(qc, &q.ej, bucket, now).max(1),
            ))));
        } else if !q.ej_in_quota {
            let at =
                quota::next_in_quota_by(qc, |t| quota::ej_remaining(qc, &q.ej, bucket, t) > 0, now);
            consider(at);
        }
        if next != q.armed_at {
            q.armed_at = next;
            let gen = q.timer.arm();
            if let Some(t) = next {
                cx.at(t, Event::QuotaCheck { app, gen });
            }
        }
        let changed = was != (q.in_quota, q.running_ok, q.ej_in_quota);
        let ej_ok = q.ej_in_quota;
        q.ej_ever_denied |= !ej_ok;
        // Until an app's EJ quota first runs out, every job of it is approved already: skip the
        // scan of every waiting job (this runs at each start and end of one of the app's jobs).
        if q.ej_ever_denied {
            for &j in self.waiting.as_slice() {
                let job = &mut self.jobs[j];
                if job.app == app
                    && job.phase == Phase::Waiting
                    && job.info.is_expedited()
                    && job.ej_quota_approved != ej_ok
                {
                    job.ej_quota_approved = ej_ok;
                }
            }
        }
        if changed {
            self.app_jobs_dirty(app);
        }
    }

    pub fn on_quota_check(&mut self, app: AppIdx, gen: u32) {
        let q = &mut self.quota[app];
        if q.timer.is_current(gen) {
            q.armed_at = None;
            q.dirty = true;
            self.app_jobs_dirty(app);
        }
    }

    /// Marks an app's waiting jobs for re-judging and running jobs for a re-check.
    pub fn app_jobs_dirty(&mut self, app: AppIdx) {
        let jobs = &self.jobs;
        self.dirty.extend(
            self.waiting
                .as_slice()
                .iter()
                .copied()
                .filter(|&j| jobs[j].app == app),
        );
        self.quota[app].dirty = true;
        self.recheck_running = true;
    }

    // ---- execution safeguards (reference §10) ----

    fn recent(&self, times: impl Iterator<Item = SimTime>, window_ms: i64, now: SimTime) -> usize {
        let w = Tunables::ms(window_ms);
        times
            .filter(|t| t.as_millis() + w > now.as_millis())
            .count()
    }

    /// Whether the app is within its per-kind timeout quota ("count < limit").
    pub fn within_timeout_quota(&self, app: AppIdx, kind: RunKind, now: SimTime) -> bool {
        let t = &self.policy.tunables;
        if !t.enable_execution_safeguards_udc {
            return true;
        }
        let limit = match kind {
            RunKind::UserInitiated => t.es_u_timeout_uij_count,
            RunKind::Expedited => t.es_u_timeout_ej_count,
            RunKind::Regular => t.es_u_timeout_reg_count,
        };
        let n = self.recent(
            self.quota[app]
                .timeouts
                .iter()
                .filter(|(_, k)| *k == kind)
                .map(|(t, _)| *t),
            t.es_u_timeout_window_ms,
            now,
        );
        (n as i64) < limit
    }

    /// Over its total timeouts or its ANRs: the platform treats the app as buggy.
    pub fn is_buggy(&self, app: AppIdx) -> bool {
        let t = &self.policy.tunables;
        if !t.enable_execution_safeguards_udc {
            return false;
        }
        let now = self.last_settle;
        let q = &self.quota[app];
        let timeouts = self.recent(
            q.timeouts.iter().map(|(t, _)| *t),
            t.es_u_timeout_window_ms,
            now,
        );
        let anrs = self.recent(q.anrs.iter().copied(), t.es_u_anr_window_ms, now);
        (timeouts as i64) >= t.es_u_timeout_total_count || (anrs as i64) >= t.es_u_anr_count
    }

    /// Records a finished run for the safeguards: a timeout is an internal TIMEOUT or
    /// TIMEOUT_ABANDONED stop, or any run that lasted at least its kind's minimum guarantee.
    pub fn note_run_end(&mut self, j: JobIdx, run: &RunCtx, stop: Stop, now: SimTime) {
        let app = self.jobs[j].app;
        let ran = now.saturating_since(run.started_at);
        let q = &mut self.quota[app];
        if matches!(stop.internal, I::Timeout | I::TimeoutAbandoned) || ran >= run.min_guarantee {
            q.timeouts.push((now, run_kind(run)));
        }
        if stop.internal == I::Anr {
            q.anrs.push(now);
        }
        let horizon = SimDuration::from_days(1);
        q.timeouts
            .retain(|(t, _)| now.saturating_since(*t) < horizon);
        q.anrs.retain(|t| now.saturating_since(*t) < horizon);
        q.dirty = true;
    }
}
