//! Validation of `jobs` and `workloads`. The builder's own rules (`JobInfo::validate`) are not
//! checked: a job the builder would reject is valid input that the simulation reports.

use std::collections::BTreeMap;

use super::dist::Dist;
use super::error::ScenarioError;
use super::raw::{
    RawArrivals, RawBackoffPolicy, RawDist, RawEndPolicy, RawJob, RawKind, RawNetworkRequest,
    RawNotification, RawOnStop, RawPriority, RawResponse, RawWork, RawWorkload,
};
use super::validate::{AppIndex, Cx};
use super::{Arrivals, JobSpec, WorkDist, Workload};
use crate::app::{AppIdx, Behavior, EndPolicy, NotificationSpec, Response, Work};
use crate::job::info::MIN_BACKOFF;
use crate::job::{Backoff, BackoffPolicy, JobInfo, JobKind, NetworkRequest, Periodic, Priority};
use crate::time::{SimDuration, SimTime};
use crate::units::Bytes;

/// Defined jobs by (app, namespace, id), to their index in `jobs`.
pub(crate) type JobKeys = BTreeMap<(AppIdx, Option<String>, i32), usize>;

/// Largest workload.
pub const MAX_WORKLOAD_COUNT: u32 = 100_000;

pub(crate) fn jobs(cx: &Cx<'_>, apps: &AppIndex, raw: &[RawJob]) -> Result<(Vec<JobSpec>, JobKeys), ScenarioError> {
    let mut keys = JobKeys::new();
    let mut specs = Vec::with_capacity(raw.len());
    for (i, j) in raw.iter().enumerate() {
        let prefix = format!("jobs[{i}]");
        let Some(package) = &j.app else {
            return Err(cx.err(&prefix, "missing field `app` (the package of the app that schedules this job)"));
        };
        let app = apps.get(cx, &format!("{prefix}.app"), package)?;
        let Some(id) = j.id else {
            return Err(cx.err(&prefix, "missing field `id` (the job id, an i32)"));
        };
        let (info, mut behavior) = template(cx, &prefix, j, id)?;
        if let Some(w) = &j.work {
            behavior.work = work(w);
        }
        let key = (app, info.namespace.clone(), id);
        if let Some(first) = keys.insert(key, i) {
            let ns = info.namespace.as_deref().map(|n| format!(", namespace `{n}`")).unwrap_or_default();
            return Err(cx.err(
                &format!("{prefix}.id"),
                format!("job ({package}, {id}{ns}) is defined twice (first at jobs[{first}])"),
            ));
        }
        specs.push(JobSpec { app, info, behavior });
    }
    Ok((specs, keys))
}

pub(crate) fn work(w: &RawWork) -> Work {
    Work {
        download: w.download.map_or(0, |b| b.0),
        upload: w.upload.map_or(0, |b| b.0),
        cpu_ms: w.cpu.map_or(0, SimDuration::as_millis),
    }
}

/// The JobInfo and behaviour of a `jobs` entry or a workload's `job` (without its work).
/// `id` is the job id, also the default notification id.
fn template(cx: &Cx<'_>, prefix: &str, j: &RawJob, id: i32) -> Result<(JobInfo, Behavior), ScenarioError> {
    let f = |s: &str| format!("{prefix}.{s}");
    let kind = match j.kind.unwrap_or(RawKind::Regular) {
        RawKind::Regular => JobKind::Regular,
        RawKind::Expedited => JobKind::Expedited,
        RawKind::UserInitiated => JobKind::UserInitiated,
    };
    let mut info = JobInfo::new(id, kind);
    info.namespace = j.namespace.clone();
    info.network = match j.network.unwrap_or(RawNetworkRequest::None) {
        RawNetworkRequest::None => NetworkRequest::None,
        RawNetworkRequest::Any => NetworkRequest::Any,
        RawNetworkRequest::Unmetered => NetworkRequest::Unmetered,
        RawNetworkRequest::NotRoaming => NetworkRequest::NotRoaming,
        RawNetworkRequest::Cellular => NetworkRequest::Cellular,
    };
    info.requires_charging = j.charging.unwrap_or(false);
    info.requires_battery_not_low = j.battery_not_low.unwrap_or(false);
    info.requires_storage_not_low = j.storage_not_low.unwrap_or(false);
    info.requires_device_idle = j.device_idle.unwrap_or(false);
    info.min_latency = j.delay;
    info.override_deadline = j.deadline;
    info.periodic = j.periodic.as_ref().map(|p| Periodic::clamped(p.interval, p.flex));
    info.persisted = j.persisted.unwrap_or(false);
    info.prefetch = j.prefetch.unwrap_or(false);
    info.priority = j.priority.map(|p| match p {
        RawPriority::Min => Priority::Min,
        RawPriority::Low => Priority::Low,
        RawPriority::Default => Priority::Default,
        RawPriority::High => Priority::High,
        RawPriority::Max => Priority::Max,
    });
    if let Some(b) = &j.backoff {
        let defaults = Backoff::default();
        info.backoff = Backoff {
            policy: match b.policy {
                None => defaults.policy,
                Some(RawBackoffPolicy::Linear) => BackoffPolicy::Linear,
                Some(RawBackoffPolicy::Exponential) => BackoffPolicy::Exponential,
            },
            initial: b.initial.unwrap_or(defaults.initial).max(MIN_BACKOFF),
        };
        info.backoff_set = true;
    }
    if let Some(e) = &j.estimated {
        info.estimated_download_bytes = e.download.map(|b| b.0);
        info.estimated_upload_bytes = e.upload.map(|b| b.0);
    }
    info.minimum_chunk_bytes = j.min_chunk.map(|b| b.0);

    let mut behavior = Behavior { checkpoint: j.checkpoint.unwrap_or(false), ..Behavior::default() };
    behavior.notification = match &j.notification {
        None if kind == JobKind::UserInitiated => {
            Some(NotificationSpec { after: SimDuration::ZERO, id, end_policy: EndPolicy::Remove })
        }
        None | Some(RawNotification::Never) => None,
        Some(RawNotification::Post(n)) => Some(NotificationSpec {
            after: n.after.unwrap_or(SimDuration::ZERO),
            id: n.id.unwrap_or(id),
            end_policy: match n.end_policy {
                Some(RawEndPolicy::Detach) => EndPolicy::Detach,
                None | Some(RawEndPolicy::Remove) => EndPolicy::Remove,
            },
        }),
    };
    behavior.reschedule_on_stop = j.on_stop != Some(RawOnStop::Drop);
    if let Some(r) = j.failure_rate {
        if !(0.0..=1.0).contains(&r) {
            return Err(cx.err(&f("failure_rate"), format!("expected a probability from 0 to 1, found {r}")));
        }
        behavior.failure_rate = r;
    }
    if let Some(r) = &j.responses {
        let resp = |r: Option<RawResponse>, default: Response| match r {
            None => default,
            Some(RawResponse::After(d)) => Response::After(d),
            Some(RawResponse::Hang) => Response::Hangs,
        };
        behavior.bind = resp(r.bind, behavior.bind);
        behavior.on_start = resp(r.start, behavior.on_start);
        behavior.on_stop = resp(r.stop, behavior.on_stop);
        behavior.cold_start = r.cold_start.unwrap_or(behavior.cold_start);
    }
    if let Some(p) = j.progress_every {
        if p == SimDuration::ZERO {
            return Err(cx.err(&f("progress_every"), "expected an interval more than 0s, found 0s"));
        }
        behavior.progress_every = Some(p);
    }
    Ok((info, behavior))
}

pub(crate) fn workloads(
    cx: &Cx<'_>,
    apps: &AppIndex,
    jobs: &JobKeys,
    duration: SimDuration,
    raw: &[RawWorkload],
) -> Result<Vec<Workload>, ScenarioError> {
    // Id ranges already taken by earlier workloads: (app, namespace) -> [(first, last, index)].
    let mut taken: BTreeMap<(AppIdx, Option<String>), Vec<(i64, i64, usize)>> = BTreeMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, w) in raw.iter().enumerate() {
        let prefix = format!("workloads[{i}]");
        let f = |s: &str| format!("{prefix}.{s}");
        let app = apps.get(cx, &f("app"), &w.app)?;
        if !(1..=MAX_WORKLOAD_COUNT).contains(&w.count) {
            return Err(cx.err(&f("count"), format!("expected a count from 1 to {MAX_WORKLOAD_COUNT}, found {}", w.count)));
        }
        let first = i64::from(w.first_id);
        let last = first + i64::from(w.count) - 1;
        if last > i64::from(i32::MAX) {
            return Err(cx.err(
                &f("first_id"),
                format!("ids {first}..={last} do not fit in an i32 (at most {})", i32::MAX),
            ));
        }
        for (field, present) in [("app", w.job.app.is_some()), ("id", w.job.id.is_some()), ("work", w.job.work.is_some())] {
            if present {
                let why = match field {
                    "app" => "the workload's `app` is used",
                    "id" => "ids come from `first_id`",
                    _ => "the work comes from `sizes`",
                };
                return Err(cx.key_err(&f(&format!("job.{field}")), format!("`{field}` is not allowed in a workload's job: {why}")));
            }
        }
        let namespace = w.job.namespace.clone();
        if let Some(((_, _, id), idx)) = jobs
            .range((app, namespace.clone(), w.first_id)..=(app, namespace.clone(), i32::try_from(last).unwrap_or(i32::MAX)))
            .next()
        {
            return Err(cx.err(
                &f("first_id"),
                format!("generated ids {first}..={last} include id {id}, already defined at jobs[{idx}] for `{}`", w.app),
            ));
        }
        let ranges = taken.entry((app, namespace)).or_default();
        if let Some((a, b, other)) = ranges.iter().find(|(a, b, _)| first <= *b && *a <= last) {
            return Err(cx.err(
                &f("first_id"),
                format!("generated ids {first}..={last} overlap ids {a}..={b} of workloads[{other}] for `{}`", w.app),
            ));
        }
        ranges.push((first, last, i));
        let start = w.start.unwrap_or(SimDuration::ZERO);
        if start > duration {
            return Err(cx.err(&f("start"), format!("starts at {start}, after the scenario's end ({duration})")));
        }
        let arrivals = match w.arrivals {
            RawArrivals::Poisson(d) => Arrivals::Poisson { mean_interval: d },
            RawArrivals::Every(d) => Arrivals::Every { interval: d },
            RawArrivals::Uniform(d) => Arrivals::Uniform { over: d },
        };
        let (RawArrivals::Poisson(span) | RawArrivals::Every(span) | RawArrivals::Uniform(span)) = w.arrivals;
        if span == SimDuration::ZERO {
            return Err(cx.err(&f("arrivals"), "expected an interval or span more than 0s, found 0s"));
        }
        let (template, behavior) = template(cx, &f("job"), &w.job, w.first_id)?;
        let mut work = WorkDist::default();
        if let Some(s) = &w.sizes {
            let bytes = |b: Bytes| b.0 as f64;
            let ms = |d: SimDuration| d.as_millis() as f64;
            work.download = s.download.map(|d| dist(cx, &f("sizes.download"), d, bytes)).transpose()?;
            work.upload = s.upload.map(|d| dist(cx, &f("sizes.upload"), d, bytes)).transpose()?;
            work.cpu = s.cpu.map(|d| dist(cx, &f("sizes.cpu"), d, ms)).transpose()?;
        }
        out.push(Workload {
            app,
            count: w.count,
            first_id: w.first_id,
            start: SimTime::ZERO + start,
            arrivals,
            template,
            behavior,
            work,
        });
    }
    Ok(out)
}

fn dist<T: Copy>(cx: &Cx<'_>, field: &str, d: RawDist<T>, value: impl Fn(T) -> f64) -> Result<Dist, ScenarioError> {
    Ok(match d {
        RawDist::Fixed(v) => Dist::Fixed(value(v)),
        RawDist::Exponential(m) => Dist::Exponential { mean: value(m) },
        RawDist::Uniform(a, b) => {
            let (low, high) = (value(a), value(b));
            if low > high {
                return Err(cx.err(&format!("{field}.uniform"), "expected `[low, high]` with low <= high"));
            }
            Dist::Uniform { low, high }
        }
        RawDist::LogNormal { median, sigma } => {
            if !(sigma.is_finite() && sigma >= 0.0) {
                return Err(cx.err(&format!("{field}.lognormal.sigma"), format!("expected a finite sigma >= 0, found {sigma}")));
            }
            Dist::LogNormal { median: value(median), sigma }
        }
    })
}
