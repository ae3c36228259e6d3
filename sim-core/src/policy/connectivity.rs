//! ConnectivityController.isSatisfied (reference §3.1): whether the default network satisfies a
//! job's network request, including the "transfer would take too long" check, metering (Data
//! Saver), congestion and cellular signal.

use super::JobEnv;
use crate::app::ProcState;
use crate::device::{NetworkState, SignalStrength, Transport};
use crate::job::{JobStatus, NetworkRequest, Priority};
use crate::time::SimDuration;

/// `JobStatus.getFractionRunTime`: how far `now` is through the job's run window; 1 when the job
/// has neither a delay nor a deadline.
pub fn fraction_run_time(job: &JobStatus, now_ms: u64) -> f64 {
    let earliest = if job.info.min_latency.is_some() || job.counts != Default::default() {
        Some(job.earliest.as_millis())
    } else {
        None
    };
    let latest = job.deadline.map(|d| d.as_millis());
    match (earliest, latest) {
        (None, None) => 1.0,
        (None, Some(l)) => {
            if now_ms >= l {
                1.0
            } else {
                0.0
            }
        }
        (Some(e), None) => {
            if now_ms >= e {
                1.0
            } else {
                0.0
            }
        }
        (Some(e), Some(l)) => {
            if now_ms <= e {
                0.0
            } else if now_ms >= l {
                1.0
            } else {
                (now_ms - e) as f64 / (l - e) as f64
            }
        }
    }
}

/// `isInsane`: the transfer could not finish within the job's maximum runtime on this link.
/// A minimum chunk is checked if set; otherwise the estimates, except on an unmetered network
/// while charging. Unknown bandwidth passes.
pub fn transfer_too_slow(
    job: &JobStatus,
    net: &NetworkState,
    max_exec: SimDuration,
    charging: bool,
) -> bool {
    let limit = max_exec.as_millis();
    let too_long = |bytes: Option<u64>, kbps: u64| -> bool {
        match bytes {
            Some(b) if b > 0 && kbps > 0 => b.saturating_mul(8) / kbps > limit,
            _ => false,
        }
    };
    if let Some(chunk) = job.info.minimum_chunk_bytes {
        return too_long(Some(chunk), net.down.kbps) || too_long(Some(chunk), net.up.kbps);
    }
    if !net.metered && charging {
        return false;
    }
    too_long(job.info.estimated_download_bytes, net.down.kbps)
        || too_long(job.info.estimated_upload_bytes, net.up.kbps)
}

/// `isMeteredAllowed` (reference §3.1 step 3): may the job use this network's metered data?
///
/// ConnectivityController allows it when the network is unmetered; when the UID's current proc
/// state is better than IMPORTANT_FOREGROUND and NetworkPolicyManager allows that state under
/// restrict-background (`isProcStateAllowedWhileOnRestrictBackground`: up to
/// BOUND_FOREGROUND_SERVICE, so TOP and foreground-service apps here); when the job is treated as
/// user-initiated (it is evaluated as IMPORTANT_FOREGROUND with the USER_RESTRICTED_NETWORK
/// capability, which restrict-background allows); otherwise when
/// `NetworkPolicyManager.getRestrictBackgroundStatus(uid)` is not ENABLED, i.e. Data Saver is off
/// or the app is on its allowlist. An expedited job has no bypass: JobServiceContext binds it
/// with BIND_BYPASS_POWER_NETWORK_RESTRICTIONS only, and `getNetworkLocked` keeps
/// `BLOCKED_METERED_REASON_DATA_SAVER` unbypassable for EJs (`UNBYPASSABLE_EJ_BLOCKED_REASONS`)
/// while the UI and foreground bypass lists drop it. The UID's blocked-reason check in
/// `getNetworkLocked` agrees with this for Data Saver, so it is not modeled apart.
/// (`FLAG_WILL_BE_FOREGROUND` and TEMPORARILY_NOT_METERED networks are not modeled.)
pub fn metered_allowed(job: &JobStatus, env: &JobEnv, net: &NetworkState) -> bool {
    !net.metered
        || matches!(env.app.proc, ProcState::Top | ProcState::ForegroundService)
        || job.treat_as_user_initiated()
        || !env.device.network.data_saver
        || env.app.data_saver_allowlisted
}

/// Whether the requested capabilities match the network.
fn capabilities_match(req: NetworkRequest, net: &NetworkState) -> bool {
    match req {
        NetworkRequest::None => true,
        NetworkRequest::Any => true,
        NetworkRequest::Unmetered => !net.metered,
        NetworkRequest::NotRoaming => !net.roaming,
        NetworkRequest::Cellular => net.transport == Transport::Cellular,
    }
}

/// Cellular signal rules (`CONN_USE_CELL_SIGNAL_STRENGTH`): HIGH and above always pass; on a
/// poor signal MIN/LOW never run and DEFAULT only on stable power or past half its window; on a
/// moderate signal MIN runs only on stable power or if already running.
fn signal_ok(job: &JobStatus, net: &NetworkState, env: &JobEnv, running: bool) -> bool {
    if net.transport != Transport::Cellular || !env.policy.tunables.conn_use_cell_signal_strength {
        return true;
    }
    let p = job.effective_priority();
    if p >= Priority::High {
        return true;
    }
    let stable_power = env.device.battery.is_charging() && env.device.battery.is_not_low();
    match net.signal {
        SignalStrength::None | SignalStrength::Poor => match p {
            Priority::Default => stable_power || fraction_run_time(job, env.now.as_millis()) > 0.5,
            _ => false,
        },
        SignalStrength::Moderate => p != Priority::Min || stable_power || running,
        _ => true,
    }
}

/// The connectivity constraint for `job`, given its maximum runtime.
pub fn is_satisfied(job: &JobStatus, env: &JobEnv, max_exec: SimDuration, running: bool) -> bool {
    if job.info.network == NetworkRequest::None {
        return true;
    }
    let net = env.device.network.current();
    if !net.is_connected() {
        return false;
    }
    if transfer_too_slow(job, &net, max_exec, env.device.battery.is_charging()) {
        return false;
    }
    if !metered_allowed(job, env, &net) {
        return false;
    }
    if net.congested
        && fraction_run_time(job, env.now.as_millis())
            < env.policy.tunables.conn_congestion_delay_frac
    {
        return false;
    }
    if !signal_ok(job, &net, env, running) {
        return false;
    }
    // isStrictSatisfied: a job whose effective bucket is RESTRICTED and which is out of quota
    // must use an unmetered network (NET_CAPABILITY_NOT_METERED added to its request).
    if net.metered && env.out_of_quota && super::constraints::effective_restricted(env) {
        return false;
    }
    // isRelaxedSatisfied (a prefetch job may use a metered network past half its window) also
    // needs the subscription's opportunistic quota to cover its estimated bytes
    // (NetworkPolicyManagerInternal.getSubscriptionOpportunisticQuota); with no subscription
    // plan, as here, that quota is unknown (-1) and the relaxed match never passes.
    capabilities_match(job.info.network, &net)
}
