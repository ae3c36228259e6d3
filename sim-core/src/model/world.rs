//! The world: one owner of all state (device, apps, jobs), built from a scenario.

use super::event::Event;
use super::record::{JobRef, Record};
use super::Cx;
use crate::app::{App, AppIdx, ProcState};
use crate::device::{
    default_concurrency_limit_for, Battery, Device, Memory, Network, ScreenIdle, Storage, Thermal,
};
use crate::engine::TimerSlot;
use crate::job::{JobIdx, JobStatus, Phase};
use crate::policy::{Blockers, JobEnv, Policy};
use crate::rng::RngStreams;
use crate::scenario::{JobSpec, Scenario, TimedAction};
use crate::time::{SimDuration, SimTime};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// Key of a live job: app, namespace, id.
pub type JobKey = (AppIdx, Option<String>, i32);

/// All simulation state.
pub struct World {
    pub policy: Policy,
    /// QuotaController's constants, resolved once from `policy.tunables`.
    pub qc: crate::policy::quota::QuotaConstants,
    pub device: Device,
    pub apps: Vec<App>,
    /// The app in the foreground; `None` is the launcher.
    pub foreground: Option<AppIdx>,
    /// Job definitions: the scenario's, then generated workload jobs.
    pub specs: Vec<JobSpec>,
    /// Arrival time of each generated spec (index into `specs`).
    pub arrivals: Vec<(SimTime, usize)>,
    pub timeline: Vec<TimedAction>,
    /// The store: every JobStatus ever created; `index` names the live one per key.
    pub jobs: Vec<JobStatus>,
    /// The store: each app's live job by (namespace, id). Changed only through
    /// [`World::index_job`] and [`World::unindex_job`], which keep `jobs_per_app` in step.
    pub index: BTreeMap<JobKey, JobIdx>,
    /// Per app: how many jobs it has in the store (the 150-job limit counts them at every
    /// schedule call).
    pub jobs_per_app: Vec<u32>,
    /// Running jobs in start order.
    pub running: Vec<JobIdx>,
    /// Jobs waiting in the store (may hold stale entries, pruned now and then).
    pub waiting: super::waiting::WaitingList,
    /// Per job: `ready_since` may be set, i.e. the job is listed in `ready_candidates`. It is
    /// set only when `evaluate` finds the job ready; assignment drops the job from the list
    /// once it is no longer a waiting, ready job. Lets assignment look at the few jobs that
    /// can be ready instead of every waiting job.
    pub maybe_ready: Vec<bool>,
    /// The jobs flagged in `maybe_ready`, in index order.
    pub ready_candidates: Vec<JobIdx>,
    /// Assignment's reusable buffers.
    pub(crate) scratch: super::evaluate::AssignScratch,
    /// Waiting jobs whose readiness must be recomputed.
    pub dirty: Vec<JobIdx>,
    /// A device- or app-wide change: recompute every waiting job.
    pub dirty_all: bool,
    /// Something changed that may stop a running job (checked with `dirty_all` too).
    pub recheck_running: bool,
    /// A job became ready or a context was freed: assignment must run again.
    pub reassign: bool,
    /// The set of executing jobs or the network changed: transfer rates must be recomputed.
    pub rates_dirty: bool,
    pub(crate) rng_app: ChaCha8Rng,
    pub(crate) rng_network: ChaCha8Rng,
    pub last_settle: SimTime,
    pub tick: SimDuration,
    pub boot_time: SimDuration,
    pub concurrency_limit: u32,
    /// The screen state of the concurrency configuration in force (screen-off lags by 30 s).
    pub config_screen_on: bool,
    pub flap_timer: TimerSlot,
    pub doze_timer: TimerSlot,
    /// The idle cycles of the current screen-off, unplugged period.
    pub doze: super::doze::DozeCycle,
    pub js_idle_timer: TimerSlot,
    pub config_timer: TimerSlot,
    pub uid_timers: Vec<TimerSlot>,
    /// Per app: the end of its temporary allowlist entry, then of the EJ quota grace after it.
    pub temp_allowlist_timers: Vec<TimerSlot>,
    /// PrefetchController's threshold alarm, per app.
    pub prefetch_timers: Vec<TimerSlot>,
    /// Last values reported, so records are emitted on change only.
    pub shown: Shown,
    /// The device is rebooting: nothing runs until it is up.
    pub booting: bool,
    /// Jobs using each (app, notification id), and how many of them are user-initiated (for the
    /// REMOVE end policy and `FLAG_USER_INITIATED_JOB`).
    pub notifications: BTreeMap<(AppIdx, i32), (u32, u32)>,
    /// Per-app quota usage and safeguard history.
    pub quota: Vec<super::quota_ops::AppQuota>,
    /// Per-app times of recent persisted-job schedule calls (the API rate limit).
    pub persisted_calls: Vec<Vec<SimTime>>,
    /// Foreground-service transfers (strategy `foreground_service`).
    pub fgs: Vec<super::fgs::FgsTask>,
    /// Per-app periods its `dataSync` services ran (for the 6 h in 24 h limit).
    pub fgs_usage: Vec<Vec<(SimTime, Option<SimTime>)>>,
    /// Whether each app runs a foreground service of its own, apart from transfers.
    pub fgs_declared: Vec<bool>,
    /// `Blockers::pending_reasons` by bit set: jobs' blockers take few distinct values in a run,
    /// and pending records are most of a busy trace, so each list is built (filtered, sorted,
    /// deduplicated) once and then copied. A short list searched from the front: a run sees a
    /// few dozen distinct sets at most, and a scan of them is cheaper than a tree's search.
    pending_reasons: Vec<(u32, std::sync::Arc<[&'static str]>)>,
    /// FlexibilityController's state (`model/flex.rs`).
    pub flex: super::flex::FlexWorld,
}

/// Discrete device values last written to the trace.
#[derive(Clone, Debug, Default)]
pub struct Shown {
    pub level: u32,
    pub low: bool,
    pub saver: bool,
    pub thermal: u8,
    pub storage_low: bool,
    pub max_running: u32,
}

impl World {
    /// Builds the world at time zero. Workload jobs are drawn here, each workload from its own
    /// random stream (`workload/<i>`), so adding a workload never changes another's jobs.
    pub fn new(sc: &Scenario) -> Self {
        let streams = RngStreams::new(sc.seed);
        let d = &sc.device;
        let mut battery = Battery::new(d.battery.clone());
        battery.set_plugged(d.plugged);
        battery.set_manual_saver(d.battery_saver);
        let mut network = Network::new(d.network.clone(), d.flaps);
        network.data_saver = d.data_saver;
        let device = Device {
            battery,
            thermal: Thermal::new(d.thermal.clone()),
            memory: Memory::new(d.ram, d.low_ram, d.memory),
            network,
            storage: Storage::new(d.storage_total, d.storage_free),
            screen: ScreenIdle::new(d.screen_on),
            api_level: d.api_level,
        };
        let apps: Vec<App> = sc.apps.iter().map(super::setup::app_from_spec).collect();
        let mut specs = sc.jobs.clone();
        let arrivals = super::setup::generate_workloads(sc, &streams, &mut specs);
        let limit = match sc.policy.tunables.concurrency_limit {
            0 => default_concurrency_limit_for(&device.memory),
            n => n.clamp(8, 64) as u32,
        };
        let n_apps = apps.len();
        // Every spec becomes at least one job record (reschedules reuse theirs; replacements
        // and periodic runs add a few): room for them up front spares the store regrowing,
        // and copying, records of nearly 900 bytes as jobs arrive.
        let expected_jobs = specs.len();
        Self {
            policy: sc.policy.clone(),
            qc: crate::policy::quota::QuotaConstants::new(&sc.policy.tunables),
            device,
            apps,
            foreground: None,
            specs,
            arrivals,
            timeline: sc.timeline.clone(),
            jobs: Vec::with_capacity(expected_jobs),
            index: BTreeMap::new(),
            jobs_per_app: vec![0; n_apps],
            running: Vec::new(),
            waiting: Default::default(),
            maybe_ready: Vec::new(),
            ready_candidates: Vec::new(),
            scratch: Default::default(),
            dirty: Vec::new(),
            dirty_all: true,
            recheck_running: true,
            reassign: true,
            rates_dirty: false,
            rng_app: streams.stream("app"),
            rng_network: streams.stream("network"),
            last_settle: SimTime::ZERO,
            tick: d.tick,
            boot_time: d.boot_time,
            concurrency_limit: limit,
            config_screen_on: d.screen_on,
            flap_timer: TimerSlot::default(),
            doze_timer: TimerSlot::default(),
            doze: Default::default(),
            js_idle_timer: TimerSlot::default(),
            config_timer: TimerSlot::default(),
            uid_timers: vec![TimerSlot::default(); n_apps],
            temp_allowlist_timers: vec![TimerSlot::default(); n_apps],
            prefetch_timers: vec![TimerSlot::default(); n_apps],
            shown: Shown::default(),
            booting: false,
            notifications: BTreeMap::new(),
            persisted_calls: vec![Vec::new(); n_apps],
            fgs: Vec::new(),
            fgs_usage: vec![Vec::new(); n_apps],
            fgs_declared: sc.apps.iter().map(|a| a.foreground_service).collect(),
            quota: (0..n_apps)
                .map(|_| super::quota_ops::AppQuota::new())
                .collect(),
            pending_reasons: Vec::new(),
            flex: Default::default(),
        }
    }

    /// Records the initial device state and arms the first events.
    pub fn start(&mut self, cx: &mut Cx) {
        self.emit_device_snapshot(cx);
        for (i, a) in self.timeline.iter().enumerate() {
            cx.at(a.at, Event::Action(i));
        }
        for (i, (at, _)) in self.arrivals.iter().enumerate() {
            cx.at(*at, Event::Arrival(i));
        }
        cx.after(self.tick, Event::Tick);
        self.arm_flap(cx);
        self.on_screen_or_power_changed(cx);
        self.evaluate(cx);
    }

    /// Puts job `j` in the store under its key, in place of any job stored there.
    pub fn index_job(&mut self, j: JobIdx) {
        let job = &self.jobs[j];
        let app = job.app;
        let key = (app, job.info.namespace.clone(), job.info.id);
        if self.index.insert(key, j).is_none() {
            self.jobs_per_app[app] += 1;
        }
    }

    /// Takes job `j` out of the store, if it is the job stored under its key (one search of the
    /// index, not a look-up and then a removal).
    pub fn unindex_job(&mut self, j: JobIdx) {
        let job = &self.jobs[j];
        let app = job.app;
        let key = (app, job.info.namespace.clone(), job.info.id);
        if let std::collections::btree_map::Entry::Occupied(e) = self.index.entry(key) {
            if *e.get() == j {
                e.remove();
                self.jobs_per_app[app] -= 1;
            }
        }
    }

    /// How records name a job. Inlined, since most records name one (a pending-reason change at
    /// most events); the namespace, rare, is shared out of line.
    #[inline]
    pub fn job_ref(&self, j: JobIdx) -> JobRef {
        let job = &self.jobs[j];
        JobRef {
            app: self.apps[job.app].package.clone(),
            job: job.info.id,
            namespace: job.info.namespace.as_deref().map(shared_name),
        }
    }

    /// The UID is active: top, foreground service, or within the settle delay after leaving top.
    pub fn uid_active(&self, app: AppIdx, now: SimTime) -> bool {
        let a = &self.apps[app];
        let settle = SimDuration::from_millis(crate::policy::Tunables::ms(
            self.policy.tunables.uid_idle_delay_ms,
        ));
        matches!(a.proc, ProcState::Top | ProcState::ForegroundService)
            || a.left_top_at
                .is_some_and(|t| now < t.saturating_add(settle))
    }

    /// The policy's view of the world for one job.
    pub fn env(&self, j: JobIdx, now: SimTime) -> JobEnv<'_> {
        let app = self.jobs[j].app;
        JobEnv {
            device: &self.device,
            app: &self.apps[app],
            policy: &self.policy,
            now,
            uid_active: self.uid_active(app, now),
            bias: self.apps[app].proc.bias(),
            out_of_quota: self.quota_blocked(j, self.jobs[j].run.is_some()),
        }
    }

    /// The work-type slots of the configuration in force.
    pub fn slot_config(&self) -> crate::policy::concurrency::SlotConfig {
        crate::policy::concurrency::slot_config(
            self.concurrency_limit,
            self.config_screen_on,
            self.device.memory.pressure(),
        )
    }

    /// The maximum number of running jobs in the configuration in force.
    pub fn max_running(&self) -> u32 {
        crate::policy::concurrency::max_total(
            self.concurrency_limit,
            self.config_screen_on,
            self.device.memory.pressure(),
        )
    }

    pub fn mark_dirty(&mut self, j: JobIdx) {
        if self.jobs[j].phase == Phase::Waiting {
            self.dirty.push(j);
        }
    }

    /// Jobs of an app that are live in the store, in store order.
    pub fn live_jobs_of(&self, app: AppIdx) -> Vec<JobIdx> {
        self.index
            .iter()
            .filter(|((a, _, _), _)| *a == app)
            .map(|(_, &j)| j)
            .collect()
    }

    /// Records a job's pending reasons if they changed. The check is inlined at every caller:
    /// most calls (a queue of jobs noted again at every pass) find nothing changed.
    #[inline]
    pub fn note_blockers(&mut self, j: JobIdx, b: Blockers, cx: &mut Cx) {
        if self.jobs[j].last_blockers != b.0 {
            self.record_blockers(j, b, cx);
        }
    }

    fn record_blockers(&mut self, j: JobIdx, b: Blockers, cx: &mut Cx) {
        self.jobs[j].last_blockers = b.0;
        let reasons = match self.pending_reasons.iter().find(|(bits, _)| *bits == b.0) {
            Some((_, reasons)) => reasons.clone(),
            None => {
                let reasons: std::sync::Arc<[&'static str]> = b.pending_reasons().into();
                self.pending_reasons.push((b.0, reasons.clone()));
                reasons
            }
        };
        let job = &self.jobs[j];
        cx.emit(Record::JobPending {
            job: self.job_ref(j),
            reasons,
            earliest_ms: job.earliest.as_millis(),
            deadline_ms: job.deadline.map(|d| d.as_millis()),
        });
    }
}

/// A namespace as records share it.
#[cold]
#[inline(never)]
fn shared_name(name: &str) -> std::sync::Arc<str> {
    std::sync::Arc::from(name)
}
