//! After every event: stop running jobs that lost what they need, recompute waiting jobs'
//! readiness, and start ready jobs in the pending queue's order while there is room
//! (JobSchedulerService `maybeRunPendingJobs`, JobConcurrencyManager `assignJobsToContexts`).

use super::world::World;
use super::Cx;
use crate::app::ProcState;
use crate::app::StandbyBucket;
use crate::job::{InternalStopReason as I, JobIdx, Phase, Stop, StopReason as R, Verb};
use crate::policy::concurrency::{JobWorkTypes, WorkType};
use crate::policy::constraints::{blockers, effective_restricted};
use crate::policy::Blockers;
use crate::time::{SimDuration, SimTime};

/// A waiting job's place in the pending queue: compared by `rank`, then by enqueue time, then
/// by job index. `rank` packs the order's leading terms (UIJ first, EJ next, then higher
/// effective priority, then higher bias) into one integer, so that sorting a long queue
/// compares integers rather than a five-part tuple. The key also carries the job's app (it
/// never decides the order: job indexes are unique), so that the rest of the pass finds
/// what it needs in the key and does not go back to the job's record.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct QueueKey {
    rank: u64,
    enqueued: u64,
    job: JobIdx,
    app: crate::app::AppIdx,
}

impl QueueKey {
    /// Bit 63: not a UIJ; bit 62: not an EJ; bits 31..62: the priority, higher first; bits
    /// 0..31: the bias, higher first. Priorities (100..=500) and biases (0, 35, 40) are never
    /// negative, so `i32::MAX - v` fits 31 bits and falls as `v` rises.
    fn rank(user_initiated: bool, expedited: bool, priority: i32, bias: i32) -> u64 {
        let descending = |v: i32| u64::from((i32::MAX - v.max(0)).unsigned_abs());
        (u64::from(!user_initiated) << 63)
            | (u64::from(!expedited) << 62)
            | (descending(priority) << 31)
            | descending(bias)
    }

    fn user_initiated(&self) -> bool {
        self.rank >> 63 == 0
    }

    fn expedited(&self) -> bool {
        (self.rank >> 62) & 1 == 0
    }

    /// The app's bias when the key was made (the rank's low 31 bits, `i32::MAX - bias`).
    fn bias(&self) -> i32 {
        i32::MAX - (self.rank & 0x7fff_ffff) as i32
    }

    fn enqueue_time(&self) -> SimTime {
        SimTime::from_millis(self.enqueued)
    }
}

/// What starting a ready job depends on, derived from its queue key ([`Candidate::of`]).
#[derive(Clone, Copy)]
struct Candidate {
    app: crate::app::AppIdx,
    types: JobWorkTypes,
    /// The max-wait class: 0 UIJ, 1 EJ, 2 other.
    class: usize,
    /// The top app's EJ or UIJ may start beyond the limit (reference §6.2).
    immediacy: bool,
}

impl Candidate {
    /// The work types a job may take a slot as (most important first), its max-wait class
    /// and whether it has immediacy, from its queue key: the rank holds whether the job is
    /// treated as a UIJ or an EJ and its app's bias (top is the only state with the top
    /// bias). None of these change within a pass: starting a job neither changes another
    /// job's UIJ or EJ treatment (quota approval is settled before the pass) nor brings an
    /// app to the top.
    fn of(key: &QueueKey) -> Candidate {
        let (user_initiated, expedited, bias) = (key.user_initiated(), key.expedited(), key.bias());
        Candidate {
            app: key.app,
            types: WorkType::for_job(bias, expedited, user_initiated),
            class: max_wait_class(user_initiated, expedited),
            immediacy: bias >= crate::app::BIAS_TOP_APP && (user_initiated || expedited),
        }
    }
}

/// Buffers an assignment pass reuses from one event to the next, so that the pass (which runs
/// after most events) allocates nothing once they have grown to the run's largest queue.
#[derive(Default)]
pub(crate) struct AssignScratch {
    keys: Vec<QueueKey>,
    /// Per job (by index): its key as last computed, until the job is judged again. A key's
    /// inputs (UIJ or EJ treatment, priority decay, enqueue time, the app's bias) change only
    /// where the job is marked for re-judging (a reschedule, a quota approval change, the
    /// app's process state): re-judging drops the cached key. Debug builds check every cached
    /// key against a fresh one.
    cached_keys: Vec<Option<QueueKey>>,
    /// The keys of the previous pass, in candidate order: when a pass finds the same keys (the
    /// same jobs, nothing in their order changed), its queue order (`ready`) still stands.
    last_keys: Vec<QueueKey>,
    /// `keys` in queue order, then interleaved across apps (`ready`).
    sorted: Vec<QueueKey>,
    ready: Vec<QueueKey>,
    queued: Vec<QueueKey>,
    /// What each job of `ready` brings to the slots, in the same order (built with `ready`).
    candidates: Vec<Candidate>,
    /// Per app: its ready jobs in queue order with their adjusted enqueue times, and how many
    /// of them were taken.
    per_app: Vec<(Vec<(QueueKey, SimTime)>, usize)>,
    apps_waiting: Vec<crate::app::AppIdx>,
    /// Per app: running (EJ, other) jobs.
    per_app_running: Vec<[u32; 2]>,
    may_have_victim: Vec<bool>,
}

/// JobConcurrencyManager's max-wait classes: 0 UIJ, 1 EJ, 2 other.
fn max_wait_class(user_initiated: bool, expedited: bool) -> usize {
    match (user_initiated, expedited) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 2,
    }
}

impl World {
    pub fn evaluate(&mut self, cx: &mut Cx) {
        let now = cx.now();
        self.flex_observe(now);
        // Most events (the device tick above all) mark nothing: no quota to refresh, no job to
        // re-judge or re-check, no slot freed, no rate changed. Every step below would then
        // find nothing to do, so none is taken.
        if !self.dirty_all
            && !self.recheck_running
            && !self.reassign
            && !self.rates_dirty
            && self.dirty.is_empty()
            && !self.quota.iter().any(|q| q.dirty)
        {
            return;
        }
        if self.dirty_all {
            self.quota.iter_mut().for_each(|q| q.dirty = true);
        }
        self.update_quota(cx);
        if self.dirty_all || self.recheck_running {
            self.recheck_running = false;
            self.check_running(cx);
        }
        let all = std::mem::take(&mut self.dirty_all);
        let mut todo = std::mem::take(&mut self.dirty);
        if all {
            let jobs = &self.jobs;
            self.waiting.prune(|j| jobs[j].phase == Phase::Waiting);
            todo.clear();
            todo.extend_from_slice(self.waiting.as_slice());
        }
        if all || !todo.is_empty() {
            self.reassign = true;
        }
        todo.sort_unstable();
        todo.dedup();
        for &j in &todo {
            if let Some(key) = self.scratch.cached_keys.get_mut(j) {
                *key = None;
            }
            if self.jobs[j].phase != Phase::Waiting {
                continue;
            }
            let b = self.waiting_blockers(j, now);
            self.jobs[j].ready_since = if b.is_empty() {
                self.flag_maybe_ready(j);
                self.jobs[j].ready_since.or(Some(now))
            } else {
                None
            };
            if !b.is_empty() {
                self.note_blockers(j, b, cx);
            }
        }
        // Keep the list's allocation for the next event.
        if self.dirty.is_empty() {
            todo.clear();
            self.dirty = todo;
        }
        self.assign(cx);
        if self.rates_dirty {
            self.update_rates(cx);
        }
    }

    /// Notes that `j` was found ready, for [`World::maybe_ready`].
    fn flag_maybe_ready(&mut self, j: JobIdx) {
        if self.maybe_ready.len() <= j {
            self.maybe_ready.resize(self.jobs.len().max(j + 1), false);
        }
        if !self.maybe_ready[j] {
            self.maybe_ready[j] = true;
            // Kept in index order (about enqueue order), so the queue's sort finds runs.
            let at = self.ready_candidates.partition_point(|&c| c < j);
            self.ready_candidates.insert(at, j);
        }
    }

    /// Blockers of a waiting job.
    pub fn waiting_blockers(&self, j: JobIdx, now: crate::time::SimTime) -> Blockers {
        let env = self.env(j, now);
        let max = self.max_exec_estimate(j);
        let mut b = blockers(&self.jobs[j], &env, false, true, max);
        if self.flex_blocks(j, &env, !b.contains(Blockers::CONNECTIVITY)) {
            b.insert(Blockers::FLEXIBLE);
        }
        if self.booting {
            b.insert(Blockers::DEVICE_OFF);
        }
        b
    }

    /// The maximum runtime the job would get if it started now (for the "too slow" check).
    /// Only jobs with byte estimates or a minimum chunk are judged against it, so the limits
    /// (which ask the quota controller) are computed only for them.
    fn max_exec_estimate(&self, j: JobIdx) -> crate::time::SimDuration {
        let info = &self.jobs[j].info;
        let sized = info.estimated_download_bytes.is_some()
            || info.estimated_upload_bytes.is_some()
            || info.minimum_chunk_bytes.is_some();
        if info.has_network() && sized {
            self.runtime_limits(j).1
        } else {
            crate::time::SimDuration::MAX
        }
    }

    /// `(minimum guarantee, maximum execution)` for the job if it started now (the world's
    /// last settle), with the quota controller's limit on its runtime.
    pub fn runtime_limits(
        &self,
        j: JobIdx,
    ) -> (crate::time::SimDuration, crate::time::SimDuration) {
        self.runtime_limits_within(j, self.quota_limit(j, self.last_settle))
    }

    /// [`World::runtime_limits`] given the job's `quota_limit` now, for a caller that needs
    /// that limit too (it walks the app's quota sessions: worth asking once).
    pub fn runtime_limits_within(
        &self,
        j: JobIdx,
        quota_limit: Option<crate::time::SimDuration>,
    ) -> (crate::time::SimDuration, crate::time::SimDuration) {
        let app = &self.apps[self.jobs[j].app];
        let net = self.device.network.current();
        let (app_idx, now) = (self.jobs[j].app, self.last_settle);
        use super::quota_ops::RunKind;
        let view = crate::policy::runtime::LimitView {
            permission: app.run_user_initiated_jobs,
            within_uij_timeout_quota: self.within_timeout_quota(
                app_idx,
                RunKind::UserInitiated,
                now,
            ),
            within_regular_timeout_quota: self.within_timeout_quota(app_idx, RunKind::Regular, now),
            bucket: self.effective_bucket(app_idx),
            quota_limit,
            down: net.down,
            up: net.up,
        };
        crate::policy::runtime::limits(&self.jobs[j], &self.policy.tunables, &view)
    }

    /// `stopNonReadyActiveJobsLocked`: a running job that lost a constraint or became restricted
    /// is stopped with the reason of what it lost.
    fn check_running(&mut self, cx: &mut Cx) {
        let now = cx.now();
        for i in 0..self.running.len() {
            let Some(&j) = self.running.get(i) else { break };
            let Some(run) = self.jobs[j].run.as_ref() else {
                continue;
            };
            if run.forced || run.verb == Verb::Stopping {
                continue;
            }
            let within = now < run.started_at.saturating_add(run.min_guarantee);
            let max = run.max_exec;
            let env = self.env(j, now);
            let mut b = blockers(&self.jobs[j], &env, true, within, max);
            // Out of quota with the dynamic constraints unmet: what flipped decides the reason
            // (`JobStatus.mReasonReadyToUnready`). A job already running out of quota lost a
            // dynamic constraint (APP_STANDBY); one that was within quota lost its quota.
            let was_dynamic = run.on_dynamic_constraints;
            if b.contains(Blockers::RESTRICTED_BUCKET) {
                b = if was_dynamic {
                    b.without(Blockers::QUOTA)
                } else {
                    b.without(Blockers::RESTRICTED_BUCKET)
                };
            }
            let now_dynamic = env.out_of_quota && env.app.bucket == StandbyBucket::Restricted;
            // JSS gives the internal RESTRICTED_BUCKET only when the effective bucket is
            // RESTRICTED (an active UID counts as ACTIVE).
            let effective_restricted = effective_restricted(&env);
            if let Some(run) = self.jobs[j].run.as_mut() {
                run.on_dynamic_constraints = now_dynamic;
            }
            if let Some(mut stop) = b.stop_for_loss() {
                if stop.internal == I::RestrictedBucket && !effective_restricted {
                    stop.internal = I::ConstraintsNotSatisfied;
                }
                self.request_stop(j, stop, cx);
            }
        }
    }

    /// JobConcurrencyManager `shouldStopRunningJobLocked`, asked only after the guarantee:
    /// battery saver or deep doze for a job they restrict, more jobs running than the
    /// configuration allows, or a waiting job that could use the slot (EJs yield only to EJs).
    pub fn should_stop_after_guarantee(&self, j: JobIdx) -> bool {
        let job = &self.jobs[j];
        let expedited = job.run.as_ref().is_some_and(|r| r.expedited);
        if self.device.battery.saver_on()
            || self.device.screen.doze() == crate::device::DozeState::DeepIdle
        {
            return true;
        }
        // A restriction that only lets the job run inside its guarantee (thermal LIGHT on a LOW
        // job, MODERATE on a HIGH job or EJ) stops it now.
        if let Some(run) = job.run.as_ref() {
            let env = self.env(j, self.last_settle);
            let b = blockers(job, &env, true, false, run.max_exec);
            if b.contains(Blockers::THERMAL) {
                return true;
            }
        }
        if self.running.len() as u32 > self.max_running() {
            return true;
        }
        let stopping = self.stopping_count();
        // Every waiting, ready job is among the ready candidates (each listed once).
        let waiting_ready = self
            .ready_candidates
            .iter()
            .filter(|&&w| {
                self.jobs[w].phase == Phase::Waiting && self.jobs[w].ready_since.is_some()
            })
            .filter(|&&w| !expedited || self.jobs[w].treat_as_expedited())
            .count();
        waiting_ready > stopping
    }

    fn stopping_count(&self) -> usize {
        self.running
            .iter()
            .filter(|&&j| {
                self.jobs[j]
                    .run
                    .as_ref()
                    .is_some_and(|r| r.verb == Verb::Stopping)
            })
            .count()
    }

    /// Entering deep doze or turning battery saver on stops every job past its guarantee,
    /// UIJs included (`DEVICE_STATE` / internal `TIMEOUT`, reference §9).
    pub fn stop_overtime_jobs(&mut self, cx: &mut Cx, _why: &'static str) {
        let now = cx.now();
        let over: Vec<JobIdx> = self
            .running
            .iter()
            .copied()
            .filter(|&j| {
                self.jobs[j].run.as_ref().is_some_and(|r| {
                    r.verb == Verb::Executing && now >= r.started_at.saturating_add(r.min_guarantee)
                })
            })
            .collect();
        for j in over {
            self.request_stop(j, Stop::new(R::DeviceState, I::Timeout), cx);
        }
    }

    /// Pending-queue order (PendingJobQueue, reference §6.3): UIJ first, then EJ, then higher
    /// effective priority, higher bias, earlier enqueue time.
    fn queue_key(&self, j: JobIdx) -> QueueKey {
        let job = &self.jobs[j];
        QueueKey {
            rank: QueueKey::rank(
                job.treat_as_user_initiated(),
                job.treat_as_expedited(),
                job.effective_priority().value(),
                self.apps[job.app].proc.bias(),
            ),
            enqueued: job.enqueue_time.as_millis(),
            job: j,
            app: job.app,
        }
    }

    /// PendingJobQueue across apps (reference §6.3): each app's jobs in their own order; the app
    /// whose next job was enqueued earliest goes first and yields to the others after
    /// `pullLimit` jobs (1 with up to 4 apps waiting, 2 with up to 8, 3 beyond). A job's time
    /// here is its adjusted enqueue time (AppJobQueue's `adjustedEnqueueTime`): never earlier
    /// than that of the jobs ahead of it in its app's queue, so an app that put a late,
    /// high-priority job first does not jump the other apps with the early jobs behind it.
    fn interleave_apps(&self, sc: &mut AssignScratch) {
        sc.ready.clear();
        if sc.per_app.len() < self.apps.len() {
            sc.per_app.resize_with(self.apps.len(), Default::default);
        }
        sc.apps_waiting.clear();
        for &key in &sc.sorted {
            let app = key.app;
            let (queue, taken) = &mut sc.per_app[app];
            if queue.is_empty() {
                *taken = 0;
                sc.apps_waiting.push(app);
            }
            let enqueued = key.enqueue_time();
            let adjusted = queue.last().map_or(enqueued, |&(_, t)| t.max(enqueued));
            queue.push((key, adjusted));
        }
        if sc.apps_waiting.len() < 2 {
            if let Some(&app) = sc.apps_waiting.first() {
                sc.per_app[app].0.clear();
            }
            std::mem::swap(&mut sc.ready, &mut sc.sorted);
            return;
        }
        let pull = match sc.apps_waiting.len() {
            0..=4 => 1,
            5..=8 => 2,
            _ => 3,
        };
        let mut last: Option<crate::app::AppIdx> = None;
        while !sc.apps_waiting.is_empty() {
            if let [app] = sc.apps_waiting[..] {
                // The last app left takes turn after turn: the rest of its queue, in order.
                let (queue, taken) = &mut sc.per_app[app];
                sc.ready.extend(queue[*taken..].iter().map(|&(key, _)| key));
                queue.clear();
                sc.apps_waiting.clear();
                break;
            }
            let next = sc
                .apps_waiting
                .iter()
                .enumerate()
                .filter(|(_, &a)| Some(a) != last)
                .map(|(at, &a)| {
                    let (queue, taken) = &sc.per_app[a];
                    (queue[*taken].1, a, at)
                })
                .min();
            let Some((_, app, at)) = next else { break };
            let (queue, taken) = &mut sc.per_app[app];
            let end = (*taken + pull).min(queue.len());
            sc.ready
                .extend(queue[*taken..end].iter().map(|&(key, _)| key));
            *taken = end;
            if end == queue.len() {
                queue.clear();
                sc.apps_waiting.remove(at);
            }
            last = Some(app);
        }
        for &app in &sc.apps_waiting {
            sc.per_app[app].0.clear();
        }
    }

    /// Starts ready jobs while there is room; a ready job left waiting is recorded as queued;
    /// if nothing is free, a running job past its guarantee yields its context
    /// (`DEVICE_STATE` / internal `PREEMPT`).
    fn assign(&mut self, cx: &mut Cx) {
        // Nothing became ready and no context was freed: the last assignment still stands.
        if !std::mem::take(&mut self.reassign) {
            return;
        }
        // Each key reads the job, its info and its app: compute it once per job, not once per
        // comparison. Keys end with the job index, so the order is total (a job listed twice
        // gives equal keys, side by side after the sort).
        let mut sc = std::mem::take(&mut self.scratch);
        sc.keys.clear();
        let mut kept = 0;
        for i in 0..self.ready_candidates.len() {
            let j = self.ready_candidates[i];
            let job = &self.jobs[j];
            if job.phase == Phase::Waiting && job.ready_since.is_some() {
                if sc.cached_keys.len() <= j {
                    sc.cached_keys.resize(self.jobs.len().max(j + 1), None);
                }
                let key = match sc.cached_keys[j] {
                    Some(key) => {
                        debug_assert!(key == self.queue_key(j), "stale queue key of job {j}");
                        key
                    }
                    None => *sc.cached_keys[j].insert(self.queue_key(j)),
                };
                sc.keys.push(key);
                self.ready_candidates[kept] = j;
                kept += 1;
            } else {
                self.maybe_ready[j] = false;
            }
        }
        self.ready_candidates.truncate(kept);
        self.force_batch(&mut sc.keys, cx);
        if sc.keys.is_empty() || self.booting {
            self.scratch = sc;
            return;
        }
        if sc.keys != sc.last_keys {
            sc.last_keys.clone_from(&sc.keys);
            sc.keys.sort_unstable();
            sc.keys.dedup();
            std::mem::swap(&mut sc.sorted, &mut sc.keys);
            self.interleave_apps(&mut sc);
            // A candidate follows from its key (the rank's UIJ, EJ and bias; top is the only
            // state with the top bias) and its job's app, so it changes only with the keys.
            sc.candidates.clear();
            sc.candidates.extend(sc.ready.iter().map(Candidate::of));
        }
        self.start_in_slots(&mut sc, cx);
        let jobs = &self.jobs;
        for _ in 0..sc.ready.len() - sc.queued.len() {
            self.waiting.note_left(|j| jobs[j].phase == Phase::Waiting);
        }
        if !sc.queued.is_empty() {
            for key in &sc.queued {
                self.note_blockers(key.job, Blockers::QUEUED, cx);
            }
            let left = self.preempt_same_uid(&mut sc, cx);
            self.preempt_for(left, cx);
        }
        self.scratch = sc;
    }

    /// JobSchedulerService's force batching (`MaybeReadyJobQueueFunctor`, reference §6.4), when
    /// `flags.force_batching` is on: ready jobs that are batched (RESTRICTED apps' jobs always;
    /// other non-ACTIVE apps' regular first tries until `max_non_active_job_batch_delay_ms`
    /// after they were first held) enter the queue only together with an unbatched ready job,
    /// or once `min_ready_non_active_jobs_count` of them are ready. EJs, UIJs, ACTIVE apps'
    /// jobs and retried jobs are never batched. The platform sets no alarm for the delay (its
    /// scans are frequent); the model arms one, so a held job is looked at again when its
    /// delay ends.
    fn force_batch(&mut self, keys: &mut Vec<QueueKey>, cx: &mut Cx) {
        if !self.policy.flags.force_batching || keys.is_empty() {
            return;
        }
        let now = cx.now();
        let t = &self.policy.tunables;
        let delay = SimDuration::from_millis(crate::policy::Tunables::ms(
            t.max_non_active_job_batch_delay_ms,
        ));
        let min_count = t.min_ready_non_active_jobs_count.max(1) as usize;
        let (mut batched, mut unbatched) = (0usize, 0usize);
        for key in keys.iter() {
            let j = key.job;
            let job = &self.jobs[j];
            let bucket = self.effective_bucket(job.app);
            let batch = if job.treat_as_expedited() || job.treat_as_user_initiated() {
                false
            } else if bucket == StandbyBucket::Restricted {
                true
            } else if job.counts.failures > 0 || bucket == StandbyBucket::Active {
                false
            } else {
                let first = *self.jobs[j].first_force_batched.get_or_insert(now);
                if first == now {
                    cx.at(now.saturating_add(delay), super::event::Event::BatchCheck);
                }
                now.saturating_since(first) < delay
            };
            if batch {
                batched += 1;
            } else {
                unbatched += 1;
            }
        }
        if unbatched == 0 && batched < min_count {
            keys.clear();
        }
    }

    /// JobConcurrencyManager's assignment: each ready job, in queue order, starts as the first of
    /// its work types the slot configuration admits (reference §6.1), within the per-package
    /// caps; the top app's EJs and UIJs start even beyond the limit. Returns the jobs left
    /// waiting for a slot.
    fn start_in_slots(&mut self, sc: &mut AssignScratch, cx: &mut Cx) {
        let config = self.slot_config();
        let mut running = [0u32; 7];
        let per_app = &mut sc.per_app_running;
        per_app.clear();
        per_app.resize(self.apps.len(), [0, 0]);
        for &r in &self.running {
            if let Some(run) = self.jobs[r].run.as_ref() {
                running[run.work_type as usize] += 1;
                per_app[self.jobs[r].app][usize::from(run.work_type != WorkType::Ej)] += 1;
            }
        }
        let mut pending = [0u32; 7];
        for c in &sc.candidates {
            pending[c.types.first() as usize] += 1;
        }
        let mut total: u32 = running.iter().sum();
        let saturated = sc.ready.len() as u32 + total >= config.max_total;
        let pkg_cap = [3u32, (self.concurrency_limit / 2).max(1)];
        sc.queued.clear();
        let mut bypass_closed = [false; 3];
        for (&key, c) in sc.ready.iter().zip(&sc.candidates) {
            let j = key.job;
            let Candidate {
                app,
                types,
                class,
                immediacy,
            } = *c;
            pending[types.first() as usize] -= 1;
            let capped = |t: WorkType| {
                saturated
                    && self.apps[app].proc != ProcState::Top
                    && per_app[app][usize::from(t != WorkType::Ej)]
                        >= pkg_cap[usize::from(t != WorkType::Ej)]
            };
            // With every slot taken, or each of the job's work types at its maximum, no type
            // can start (`can_start` checks both first; within a pass running counts only
            // grow): a long queue behind a full configuration is not asked type by type.
            let all_at_max = types
                .as_slice()
                .iter()
                .all(|&t| running[t as usize] >= config.max[t as usize]);
            let chosen = if total >= config.max_total || all_at_max {
                None
            } else {
                types
                    .as_slice()
                    .iter()
                    .copied()
                    .find(|&t| config.can_start(t, &running, &pending) && !capped(t))
            };
            let chosen = chosen
                .or_else(|| immediacy.then_some(types.first()))
                .or_else(|| {
                    self.max_wait_bypass(class, &mut bypass_closed, cx.now())
                        .then_some(types.first())
                });
            match chosen {
                Some(t) => {
                    total += 1;
                    running[t as usize] += 1;
                    per_app[app][usize::from(t != WorkType::Ej)] += 1;
                    self.start_job(j, false, Some(t), cx);
                }
                None => sc.queued.push(key),
            }
        }
    }

    /// JobConcurrencyManager's max-wait bypass (reference §6.2 step 5): one extra context per
    /// class (UI, EJ, other) when no job of that class runs and no running job will reach the
    /// end of its guarantee within the class's maximum wait (`max_wait_ui_ms`, `max_wait_ej_ms`,
    /// `max_wait_regular_ms`), so the waiting job would otherwise wait at least that long.
    ///
    /// `closed` marks the classes this pass has settled: one granted its bypass, or one for
    /// which a running job of the class or one ending its guarantee too soon rules it out.
    /// Within a pass jobs only start, and a started job can only add a running job of some
    /// class and an earlier guarantee end, so a class ruled out stays ruled out (an empty
    /// running set is not such a reason: the pass may still start a job).
    fn max_wait_bypass(
        &self,
        class: usize,
        closed: &mut [bool; 3],
        now: crate::time::SimTime,
    ) -> bool {
        if closed[class] || self.running.is_empty() {
            return false;
        }
        let t = &self.policy.tunables;
        let max_wait = crate::policy::Tunables::ms(
            [t.max_wait_ui_ms, t.max_wait_ej_ms, t.max_wait_regular_ms][class],
        );
        let mut shortest = u64::MAX;
        for &r in &self.running {
            let Some(run) = self.jobs[r].run.as_ref() else {
                continue;
            };
            if max_wait_class(run.user_visible, run.expedited) == class {
                closed[class] = true;
                return false;
            }
            let ends = run.started_at.saturating_add(run.min_guarantee);
            shortest = shortest.min(ends.saturating_since(now).as_millis());
        }
        closed[class] = true;
        shortest >= max_wait
    }

    /// JobConcurrencyManager step 3: a waiting job may take the context of a running job of the
    /// same app whose bias (fixed when it started) is lower than the app's bias now, even inside
    /// that job's guarantee (`STOP_REASON_PREEMPT`). Returns how many waiting jobs still need a
    /// context.
    fn preempt_same_uid(&mut self, sc: &mut AssignScratch, cx: &mut Cx) -> usize {
        let mut left = sc.queued.len();
        // Usually no running job started below its app's bias now, and then there is nothing to
        // search for each of the (often many) queued jobs. Stopping a victim only takes it out
        // of the candidates, so an app found without one stays without one in this pass.
        let may_have_victim = &mut sc.may_have_victim;
        may_have_victim.clear();
        may_have_victim.resize(self.apps.len(), false);
        let mut any = false;
        for &r in &self.running {
            let app = self.jobs[r].app;
            if self.is_same_uid_victim(r, self.apps[app].proc.bias()) {
                may_have_victim[app] = true;
                any = true;
            }
        }
        if !any {
            return left;
        }
        for w in &sc.queued {
            let app = w.app;
            if !may_have_victim[app] {
                continue;
            }
            let bias = self.apps[app].proc.bias();
            let victim = self
                .running
                .iter()
                .copied()
                .find(|&r| self.jobs[r].app == app && self.is_same_uid_victim(r, bias));
            match victim {
                Some(r) => {
                    self.request_stop(r, Stop::new(R::Preempt, I::Preempt), cx);
                    left -= 1;
                }
                None => may_have_victim[app] = false,
            }
        }
        left
    }

    /// A running job its app's waiting jobs may preempt at the app's current `bias`.
    fn is_same_uid_victim(&self, r: JobIdx, bias: i32) -> bool {
        self.jobs[r]
            .run
            .as_ref()
            .is_some_and(|run| run.verb == Verb::Executing && !run.forced && run.bias < bias)
    }

    fn preempt_for(&mut self, waiting: usize, cx: &mut Cx) {
        let now = cx.now();
        let already = self.stopping_count();
        let past: Vec<JobIdx> = self
            .running
            .iter()
            .copied()
            .filter(|&j| {
                self.jobs[j].run.as_ref().is_some_and(|r| {
                    r.verb == Verb::Executing
                        && !r.forced
                        && now >= r.started_at.saturating_add(r.min_guarantee)
                })
            })
            .take(waiting.saturating_sub(already))
            .collect();
        for j in past {
            self.request_stop(j, Stop::new(R::DeviceState, I::Preempt), cx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(user_initiated: bool, expedited: bool, priority: i32, bias: i32) -> QueueKey {
        QueueKey {
            rank: QueueKey::rank(user_initiated, expedited, priority, bias),
            enqueued: 0,
            job: 0,
            app: 0,
        }
    }

    /// The packed rank orders keys exactly as the five-part tuple it replaced: UIJ first, then
    /// EJ, then higher priority, then higher bias.
    #[test]
    fn packed_rank_orders_as_the_tuple() {
        let mut all = Vec::new();
        for uij in [false, true] {
            for ej in [false, true] {
                for priority in [100, 200, 300, 400, 500] {
                    for bias in [0, 35, 40] {
                        all.push((uij, ej, priority, bias));
                    }
                }
            }
        }
        for &a in &all {
            for &b in &all {
                let tuple = |(u, e, p, bias): (bool, bool, i32, i32)| (!u, !e, -p, -bias);
                let (ka, kb) = (key(a.0, a.1, a.2, a.3), key(b.0, b.1, b.2, b.3));
                assert_eq!(
                    ka.rank.cmp(&kb.rank),
                    tuple(a).cmp(&tuple(b)),
                    "{a:?} vs {b:?}"
                );
            }
        }
    }

    /// A candidate read from the key is the one read from the job: work types, max-wait class
    /// and immediacy (the top app's UIJ or EJ).
    #[test]
    fn candidates_decode_from_the_key() {
        for (uij, ej) in [(false, false), (false, true), (true, false)] {
            for bias in [0, 35, 40] {
                let k = key(uij, ej, 300, bias);
                assert_eq!(
                    (k.user_initiated(), k.expedited(), k.bias()),
                    (uij, ej, bias)
                );
                let c = Candidate::of(&k);
                assert_eq!(c.types, WorkType::for_job(bias, ej, uij));
                assert_eq!(c.class, max_wait_class(uij, ej));
                assert_eq!(c.immediacy, bias == crate::app::BIAS_TOP_APP && (uij || ej));
            }
        }
    }
}
