//! The foreground-service strategy: the same transfer done as a `dataSync` foreground service
//! instead of a job (the comparison the platform's UIDT migration guide asks an app to make).
//!
//! What differs from a job: the app may start the service only while visible or holding a
//! background-start exemption (Android 12+ background start restrictions,
//! `ForegroundServiceStartNotAllowedException`); once running nothing stops it for constraints,
//! quota, doze, thermal status or contention — and nothing restarts it: with the network gone
//! the transfer just stalls until it returns (the app handles connectivity itself). From
//! Android 15 (API 35, target 35) a `dataSync` service may run 6 hours per 24: then the system
//! calls `Service.onTimeout()` and the app must stop, and it cannot start another until time
//! frees up. The user stopping the app in Task Manager, a force stop or a reboot ends it.
//!
//! Simplification: the service's transfer takes an equal share of the link with the jobs that
//! transfer at the same time, but the jobs' shares do not count the service.

use super::event::Event;
use super::record::{JobRef, Record};
use super::world::World;
use super::Cx;
use crate::app::{AppIdx, Work};
use crate::engine::TimerSlot;
use crate::job::Verb;
use crate::policy::schedule::can_schedule_user_initiated;
use crate::time::{SimDuration, SimTime};

/// `dataSync` foreground services may run this long per 24 hours (Android 15).
pub const DATA_SYNC_LIMIT: SimDuration = SimDuration::from_hours(6);
const DAY: SimDuration = SimDuration::from_days(1);

/// One running (or ended) foreground-service transfer.
#[derive(Clone, Debug)]
pub struct FgsTask {
    pub spec: usize,
    pub app: AppIdx,
    pub id: i32,
    pub remaining: Work,
    pub done: Work,
    carry: [f64; 3],
    rates: [f64; 3],
    pub started_at: SimTime,
    last_settle: SimTime,
    timer: TimerSlot,
    pub active: bool,
}

impl World {
    fn fgs_ref(&self, t: usize) -> JobRef {
        let task = &self.fgs[t];
        JobRef {
            app: self.apps[task.app].package.clone(),
            job: task.id,
            namespace: None,
        }
    }

    /// Time the app's `dataSync` services ran in the last 24 h, and whether the limit applies.
    fn data_sync_left(&self, app: AppIdx, now: SimTime) -> Option<SimDuration> {
        if self.device.api_level < 35 || self.apps[app].target_sdk < 35 {
            return None;
        }
        let from = now.as_millis().saturating_sub(DAY.as_millis());
        let used: u64 = self.fgs_usage[app]
            .iter()
            .map(|&(s, e)| {
                e.unwrap_or(now)
                    .as_millis()
                    .saturating_sub(s.as_millis().max(from))
            })
            .sum();
        Some(DATA_SYNC_LIMIT.saturating_sub(SimDuration::from_millis(used)))
    }

    /// The app calls `startForegroundService` for the spec's transfer.
    pub fn start_foreground_service(&mut self, spec: usize, cx: &mut Cx) {
        let now = cx.now();
        let s = self.specs[spec].clone();
        let job = JobRef {
            app: self.apps[s.app].package.clone(),
            job: s.info.id,
            namespace: None,
        };
        let refuse = if !can_schedule_user_initiated(&self.apps[s.app], now) {
            Some("the app is in the background and holds no background-start exemption")
        } else if self
            .data_sync_left(s.app, now)
            .is_some_and(|left| left.is_zero())
        {
            Some("the dataSync time limit (6 h in 24 h) is used up")
        } else {
            None
        };
        let result = if refuse.is_some() {
            "ForegroundServiceStartNotAllowedException"
        } else {
            "RESULT_SUCCESS"
        };
        let message = refuse.map(str::to_string);
        cx.emit(Record::JobScheduled {
            job: job.clone(),
            call: "startForegroundService",
            kind: s.info.kind,
            result,
            message,
        });
        if refuse.is_some() {
            return;
        }
        cx.emit(Record::FgsStarted {
            job,
            service_type: "dataSync",
        });
        self.fgs.push(FgsTask {
            spec,
            app: s.app,
            id: s.info.id,
            remaining: s.behavior.work,
            done: Work::default(),
            carry: [0.0; 3],
            rates: [-1.0; 3],
            started_at: now,
            last_settle: now,
            timer: TimerSlot::default(),
            active: true,
        });
        self.fgs_usage[s.app].push((now, None));
        self.apps[s.app].has_foreground_service = true;
        // One more transfer on the link: the jobs' shares shrink.
        self.rates_dirty = true;
        self.refresh_top(cx);
    }

    /// Active foreground-service transfers, and how many of them move bytes (for the device's
    /// heat and current draw).
    pub fn fgs_load(&self) -> (u32, u32) {
        let active = self.fgs.iter().filter(|t| t.active);
        let moving = |t: &&FgsTask| t.rates[0] > 0.0 || t.rates[1] > 0.0;
        (
            active.clone().count() as u32,
            active.filter(moving).count() as u32,
        )
    }

    /// Active foreground-service transfers still moving bytes (download, upload): they share
    /// the link with executing jobs, so the jobs' rates count them (`update_rates`).
    pub fn fgs_transfers(&self) -> [usize; 2] {
        let mut n = [0usize; 2];
        for t in self.fgs.iter().filter(|t| t.active) {
            let left = t.remaining.minus(t.done);
            n[0] += usize::from(left.download > 0);
            n[1] += usize::from(left.upload > 0);
        }
        n
    }

    /// Brings every active service's progress up to `now`. Runs at every event, and most runs
    /// never start a service: that case is an inlined check.
    #[inline]
    pub fn settle_fgs(&mut self, now: SimTime) {
        if !self.fgs.is_empty() {
            self.settle_fgs_tasks(now);
        }
    }

    #[inline(never)]
    fn settle_fgs_tasks(&mut self, now: SimTime) {
        for t in self.fgs.iter_mut().filter(|t| t.active) {
            let dt = now.saturating_since(t.last_settle).as_millis() as f64;
            t.last_settle = now;
            let left = t.remaining.minus(t.done);
            let caps = [left.download, left.upload, left.cpu_ms];
            let mut add = [0u64; 3];
            for k in 0..3 {
                let exact = t.rates[k].max(0.0) * dt + t.carry[k];
                let whole = exact.floor();
                t.carry[k] = exact - whole;
                add[k] = (whole.max(0.0) as u64).min(caps[k]);
            }
            t.done = t.done.plus(Work {
                download: add[0],
                upload: add[1],
                cpu_ms: add[2],
            });
            self.device.storage.consume(add[0]);
        }
    }

    /// Recomputes each active service's rates and arms its completion and time-limit events.
    /// Runs after every event: without any service, an inlined check.
    #[inline]
    pub fn update_fgs(&mut self, cx: &mut Cx) {
        if !self.fgs.is_empty() {
            self.update_fgs_tasks(cx);
        }
    }

    #[inline(never)]
    fn update_fgs_tasks(&mut self, cx: &mut Cx) {
        if !self.fgs.iter().any(|t| t.active) {
            return;
        }
        let now = cx.now();
        let net = self.device.network.current();
        let sharing = |k: usize| {
            self.running
                .iter()
                .filter(|&&j| {
                    self.jobs[j]
                        .run
                        .as_ref()
                        .is_some_and(|r| r.verb == Verb::Executing && r.rates[k] > 0.0)
                })
                .count() as f64
        };
        let active_fgs = self.fgs_transfers();
        let down = net.down.bytes_per_ms() / (sharing(0) + active_fgs[0] as f64).max(1.0);
        let up = net.up.bytes_per_ms() / (sharing(1) + active_fgs[1] as f64).max(1.0);
        for t in 0..self.fgs.len() {
            if !self.fgs[t].active {
                continue;
            }
            let left = self.fgs[t].remaining.minus(self.fgs[t].done);
            let rates = [
                if left.download > 0 { down } else { 0.0 },
                if left.upload > 0 { up } else { 0.0 },
                if left.cpu_ms > 0 { 1.0 } else { 0.0 },
            ];
            if rates == self.fgs[t].rates {
                continue;
            }
            let limit_left = self.data_sync_left(self.fgs[t].app, now);
            let task = &mut self.fgs[t];
            task.rates = rates;
            let gen = task.timer.arm();
            let mut finish: Option<f64> = Some(0.0);
            for (k, amount) in [left.download, left.upload, left.cpu_ms]
                .into_iter()
                .enumerate()
            {
                if amount == 0 {
                    continue;
                }
                finish = match (finish, rates[k] > 0.0) {
                    (Some(f), true) => {
                        Some(f.max((amount as f64 - task.carry[k]).max(0.0) / rates[k]))
                    }
                    _ => None,
                };
            }
            if let Some(f) = finish {
                cx.after(
                    SimDuration::from_millis(f.ceil().min(1e15) as u64),
                    Event::FgsDone { task: t, gen },
                );
            }
            if let Some(left) = limit_left {
                cx.after(left, Event::FgsTimeout { task: t, gen });
            }
        }
    }

    pub fn on_fgs_done(&mut self, t: usize, gen: u32, cx: &mut Cx) {
        let task = &self.fgs[t];
        if !task.active || !task.timer.is_current(gen) {
            return;
        }
        if task.remaining.minus(task.done).is_empty() {
            self.end_fgs(t, "finished", cx);
        } else {
            self.fgs[t].rates = [-1.0; 3];
        }
    }

    /// Android 15's `Service.onTimeout()`: the app stops the service with the work unfinished.
    pub fn on_fgs_timeout(&mut self, t: usize, gen: u32, cx: &mut Cx) {
        let task = &self.fgs[t];
        if !task.active || !task.timer.is_current(gen) {
            return;
        }
        let ran = cx.now().saturating_since(task.started_at).as_millis();
        cx.emit(Record::FgsTimeout {
            job: self.fgs_ref(t),
            ran_ms: ran,
        });
        self.end_fgs(t, "timed_out", cx);
    }

    /// Ends every active service of the app (Task Manager stop, force stop, reboot).
    pub fn stop_app_fgs(&mut self, app: AppIdx, outcome: &'static str, cx: &mut Cx) {
        let tasks: Vec<usize> = (0..self.fgs.len())
            .filter(|&t| self.fgs[t].active && self.fgs[t].app == app)
            .collect();
        for t in tasks {
            self.end_fgs(t, outcome, cx);
        }
    }

    fn end_fgs(&mut self, t: usize, outcome: &'static str, cx: &mut Cx) {
        let now = cx.now();
        let app = self.fgs[t].app;
        let task = &mut self.fgs[t];
        task.active = false;
        task.timer.cancel();
        self.rates_dirty = true;
        let (done, ran) = (task.done, now.saturating_since(task.started_at).as_millis());
        if let Some(last) = self.fgs_usage[app]
            .iter_mut()
            .rev()
            .find(|(_, e)| e.is_none())
        {
            last.1 = Some(now);
        }
        let job = self.fgs_ref(t);
        if outcome == "finished" {
            cx.emit(Record::JobFinished {
                job: job.clone(),
                reschedule: false,
                ran_ms: ran,
            });
        }
        cx.emit(Record::JobCompleted {
            job,
            outcome,
            downloaded: done.download,
            uploaded: done.upload,
            wasted_bytes: 0,
        });
        if !self.fgs.iter().any(|x| x.active && x.app == app) {
            self.apps[app].has_foreground_service = self.fgs_declared[app];
            self.refresh_top(cx);
        }
    }
}
