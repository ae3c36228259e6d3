//! Validation of the `timeline`: each entry has `at` and exactly one action, whose names resolve.

use super::error::ScenarioError;
use super::raw::{
    RawDoze, RawFlapsAction, RawJobRef, RawNetworkSpec, RawPermissionState, RawThermalOverride,
    RawTimed, ACTION_KEYS,
};
use super::validate::{AppIndex, Cx};
use super::validate_device as validate;
use super::validate_jobs::{self, JobKeys};
use super::{Action, DeviceSpec, TimedAction};
use crate::app::{PermissionState, Work};
use crate::device::{DozeState, ThermalStatus};
use crate::time::{SimDuration, SimTime};

pub(crate) fn timeline(
    cx: &Cx<'_>,
    apps: &AppIndex,
    jobs: &JobKeys,
    device: &DeviceSpec,
    duration: SimDuration,
    raw: Vec<RawTimed>,
) -> Result<Vec<TimedAction>, ScenarioError> {
    let mut out = Vec::with_capacity(raw.len());
    let mut fields = Vec::with_capacity(raw.len());
    for (i, entry) in raw.into_iter().enumerate() {
        let prefix = format!("timeline[{i}]");
        let present = present_actions(&entry);
        let Some(at) = entry.at else {
            return Err(cx.err(
                &prefix,
                "missing field `at` (when the action happens, such as `at: 10s`)",
            ));
        };
        if at > duration {
            return Err(cx.err(
                &format!("{prefix}.at"),
                format!("{at} is after the end of the scenario (duration {duration})"),
            ));
        }
        let key = match present.as_slice() {
            [one] => *one,
            [] => {
                return Err(cx.err(
                    &prefix,
                    format!(
                        "expected exactly one action besides `at`, found none (valid actions: {})",
                        ACTION_KEYS.join(", ")
                    ),
                ))
            }
            [_, second, ..] => {
                return Err(cx.key_err(
                    &format!("{prefix}.{second}"),
                    format!(
                        "expected exactly one action besides `at`, found {}; split them into separate entries",
                        present.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and ")
                    ),
                ))
            }
        };
        let field = format!("{prefix}.{key}");
        let action = action(cx, apps, jobs, device, &field, entry)?;
        out.push((
            i,
            TimedAction {
                at: SimTime::ZERO + at,
                action,
            },
        ));
        fields.push(field);
    }
    // Stable: ties keep file order.
    out.sort_by_key(|(_, t)| t.at);
    nothing_after_uninstall(cx, apps, jobs, &out, &fields)?;
    Ok(out.into_iter().map(|(_, t)| t).collect())
}

/// An uninstalled app can do nothing more: no later entry may name it.
fn nothing_after_uninstall(
    cx: &Cx<'_>,
    apps: &AppIndex,
    jobs: &JobKeys,
    timeline: &[(usize, TimedAction)],
    fields: &[String],
) -> Result<(), ScenarioError> {
    let mut app_of_job = vec![None; jobs.values().max().map_or(0, |m| m + 1)];
    for (&(app, _, _), &spec) in jobs {
        app_of_job[spec] = Some(app);
    }
    let mut uninstalled: Vec<(crate::app::AppIdx, SimTime, usize)> = Vec::new();
    for (i, t) in timeline {
        let Some(app) = t.action.app(|job| app_of_job.get(job).copied().flatten()) else {
            continue;
        };
        if let Some(&(_, when, at)) = uninstalled.iter().find(|(a, _, _)| *a == app) {
            return Err(cx.err(
                &fields[*i],
                format!(
                    "{} is uninstalled at {when} (timeline[{at}]); no later entry may name it",
                    apps.package(app)
                ),
            ));
        }
        if matches!(t.action, Action::Uninstall { .. }) {
            uninstalled.push((app, t.at, *i));
        }
    }
    Ok(())
}

fn present_actions(e: &RawTimed) -> Vec<&'static str> {
    let flags = [
        e.foreground.is_some(),
        e.schedule.is_some(),
        e.enqueue.is_some(),
        e.cancel.is_some(),
        e.cancel_all.is_some(),
        e.screen.is_some(),
        e.plug.is_some(),
        e.thermal_override.is_some(),
        e.temperature.is_some(),
        e.network.is_some(),
        e.network_flaps.is_some(),
        e.memory.is_some(),
        e.battery_saver.is_some(),
        e.battery_level.is_some(),
        e.doze.is_some(),
        e.storage_free.is_some(),
        e.permission.is_some(),
        e.bucket.is_some(),
        e.background_restricted.is_some(),
        e.foreground_service.is_some(),
        e.bal_exemption.is_some(),
        e.data_saver.is_some(),
        e.temp_allowlist.is_some(),
        e.estimated_launch.is_some(),
        e.task_manager_stop.is_some(),
        e.force_stop.is_some(),
        e.uninstall.is_some(),
        e.lmk_kill.is_some(),
        e.reboot.is_some(),
        e.force_run.is_some(),
        e.force_timeout.is_some(),
        e.content_change.is_some(),
    ];
    ACTION_KEYS
        .iter()
        .zip(flags)
        .filter(|(_, on)| *on)
        .map(|(k, _)| *k)
        .collect()
}

/// Resolves a reference to a job defined in `jobs`.
fn defined_job(
    cx: &Cx<'_>,
    apps: &AppIndex,
    jobs: &JobKeys,
    field: &str,
    package: &str,
    id: i32,
    namespace: &Option<String>,
) -> Result<usize, ScenarioError> {
    let app = apps.get(cx, &format!("{field}.app"), package)?;
    if let Some(idx) = jobs.get(&(app, namespace.clone(), id)) {
        return Ok(*idx);
    }
    let known: Vec<String> = jobs
        .keys()
        .filter(|(a, _, _)| *a == app)
        .map(|(_, ns, id)| match ns {
            Some(ns) => format!("{id} (namespace `{ns}`)"),
            None => id.to_string(),
        })
        .collect();
    let ns = namespace
        .as_deref()
        .map(|n| format!(", namespace `{n}`"))
        .unwrap_or_default();
    let listed = if known.is_empty() {
        "none".to_string()
    } else {
        known.join(", ")
    };
    Err(cx.err(
        &format!("{field}.job"),
        format!("no job ({package}, {id}{ns}) in `jobs`; jobs of this app: {listed}"),
    ))
}

fn app_job(
    cx: &Cx<'_>,
    apps: &AppIndex,
    field: &str,
    r: &RawJobRef,
) -> Result<(usize, i32), ScenarioError> {
    if r.namespace.is_some() {
        return Err(cx.key_err(
            &format!("{field}.namespace"),
            "`namespace` is only supported by `schedule` and `enqueue`; this action targets the \
             app's job id without a namespace",
        ));
    }
    Ok((apps.get(cx, &format!("{field}.app"), &r.app)?, r.job))
}

fn action(
    cx: &Cx<'_>,
    apps: &AppIndex,
    jobs: &JobKeys,
    device: &DeviceSpec,
    field: &str,
    e: RawTimed,
) -> Result<Action, ScenarioError> {
    let app = |package: &str| apps.get(cx, field, package);
    let app_in = |package: &str| apps.get(cx, &format!("{field}.app"), package);
    if let Some(p) = e.foreground {
        return Ok(Action::Foreground(if p == "launcher" {
            None
        } else {
            Some(app(&p)?)
        }));
    }
    if let Some(r) = e.schedule {
        return Ok(Action::Schedule {
            job: defined_job(cx, apps, jobs, field, &r.app, r.job, &r.namespace)?,
        });
    }
    if let Some(r) = e.enqueue {
        let job = defined_job(cx, apps, jobs, field, &r.app, r.job, &r.namespace)?;
        let work = r.work.as_ref().map_or(Work::default(), validate_jobs::work);
        return Ok(Action::Enqueue { job, work });
    }
    if let Some(r) = e.cancel {
        let (app, id) = app_job(cx, apps, field, &r)?;
        return Ok(Action::Cancel { app, id });
    }
    if let Some(p) = e.cancel_all {
        return Ok(Action::CancelAll { app: app(&p)? });
    }
    if let Some(s) = e.screen {
        return Ok(Action::Screen(s.0));
    }
    if let Some(p) = e.plug {
        return Ok(Action::Plug(validate::plug(p)));
    }
    if let Some(t) = e.thermal_override {
        return Ok(Action::ThermalOverride(match t {
            RawThermalOverride::Clear => None,
            RawThermalOverride::None => Some(ThermalStatus::None),
            RawThermalOverride::Light => Some(ThermalStatus::Light),
            RawThermalOverride::Moderate => Some(ThermalStatus::Moderate),
            RawThermalOverride::Severe => Some(ThermalStatus::Severe),
            RawThermalOverride::Critical => Some(ThermalStatus::Critical),
            RawThermalOverride::Emergency => Some(ThermalStatus::Emergency),
            RawThermalOverride::Shutdown => Some(ThermalStatus::Shutdown),
        }));
    }
    if let Some(t) = e.temperature {
        return Ok(Action::Temperature(t.0));
    }
    if let Some(n) = e.network {
        if let RawNetworkSpec::Full(full) = &n {
            if full.flaps.is_some() {
                return Err(cx.key_err(
                    &format!("{field}.flaps"),
                    "`flaps` is not allowed in a timeline `network`; use a separate `network_flaps` entry",
                ));
            }
        }
        return Ok(Action::Network(validate::network_state(&n)));
    }
    if let Some(f) = e.network_flaps {
        return Ok(Action::NetworkFlaps(match f {
            RawFlapsAction::Off => None,
            RawFlapsAction::On(p) => Some(validate::flap_params(cx, field, &p)?),
        }));
    }
    if let Some(m) = e.memory {
        return Ok(Action::Memory(validate::memory(m)));
    }
    if let Some(s) = e.battery_saver {
        return Ok(Action::BatterySaver(s.0));
    }
    if let Some(p) = e.battery_level {
        return Ok(Action::BatteryLevel(p.value()));
    }
    if let Some(d) = e.doze {
        return Ok(Action::Doze(match d {
            RawDoze::Light => Some(DozeState::LightIdle),
            RawDoze::Deep => Some(DozeState::DeepIdle),
            RawDoze::Unforce => None,
        }));
    }
    if let Some(b) = e.storage_free {
        if b > device.storage_total {
            return Err(cx.err(
                field,
                format!(
                    "free storage ({b}) exceeds the volume's total ({})",
                    device.storage_total
                ),
            ));
        }
        return Ok(Action::StorageFree(b));
    }
    if let Some(p) = e.permission {
        let app = app_in(&p.app)?;
        let Some(state) = p.run_user_initiated_jobs else {
            return Err(cx.err(
                field,
                "expected a permission to change, such as `RUN_USER_INITIATED_JOBS: granted` \
                 (states: granted, soft_denied, hard_denied)",
            ));
        };
        let state = match state {
            RawPermissionState::Granted => PermissionState::Granted,
            RawPermissionState::SoftDenied => PermissionState::SoftDenied,
            RawPermissionState::HardDenied => PermissionState::HardDenied,
        };
        return Ok(Action::Permission { app, state });
    }
    if let Some(b) = e.bucket {
        return Ok(Action::Bucket {
            app: app_in(&b.app)?,
            bucket: validate::bucket(b.bucket),
        });
    }
    if let Some(s) = e.background_restricted {
        return Ok(Action::BackgroundRestricted {
            app: app_in(&s.app)?,
            on: s.on.0,
        });
    }
    if let Some(s) = e.foreground_service {
        return Ok(Action::ForegroundService {
            app: app_in(&s.app)?,
            on: s.on.0,
        });
    }
    if let Some(l) = e.estimated_launch {
        return Ok(Action::EstimatedLaunch {
            app: app_in(&l.app)?,
            after: l.in_,
        });
    }
    if let Some(b) = e.bal_exemption {
        return Ok(Action::BalExemption {
            app: app_in(&b.app)?,
            duration: b.duration,
        });
    }
    if let Some(s) = e.data_saver {
        return Ok(Action::DataSaver(s.0));
    }
    if let Some(b) = e.temp_allowlist {
        if b.duration == SimDuration::ZERO {
            return Err(cx.err(
                &format!("{field}.for"),
                "expected a temporary allowlist duration more than 0s, found 0s",
            ));
        }
        return Ok(Action::TempAllowlist {
            app: app_in(&b.app)?,
            duration: b.duration,
        });
    }
    if let Some(p) = e.task_manager_stop {
        return Ok(Action::TaskManagerStop { app: app(&p)? });
    }
    if let Some(p) = e.force_stop {
        return Ok(Action::ForceStop { app: app(&p)? });
    }
    if let Some(p) = e.uninstall {
        return Ok(Action::Uninstall { app: app(&p)? });
    }
    if let Some(p) = e.lmk_kill {
        return Ok(Action::LowMemoryKill { app: app(&p)? });
    }
    if e.reboot.is_some() {
        return Ok(Action::Reboot);
    }
    if let Some(r) = e.force_run {
        let (app, id) = app_job(cx, apps, field, &r)?;
        return Ok(Action::ForceRun { app, id });
    }
    if let Some(r) = e.force_timeout {
        let (app, id) = app_job(cx, apps, field, &r)?;
        return Ok(Action::ForceTimeout { app, id });
    }
    if let Some(uri) = e.content_change {
        validate_jobs::content_uri(cx, field, &uri)?;
        return Ok(Action::ContentChange { uri });
    }
    Err(cx.err(field, "expected an action"))
}
