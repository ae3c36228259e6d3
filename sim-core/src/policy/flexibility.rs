//! Flexibility (FlexibilityController, reference §3.6, checklist 44): an implicit "flexible"
//! constraint that makes a regular job wait for a number of *preferred* conditions (charging,
//! battery not low, device idle, an unmetered-transport network) that it did not ask for, and
//! lowers that number as the job ages through its lifecycle.
//!
//! Switched by `fc_applied_constraints` (FlexibilityController `FcConfig.KEY_APPLIED_CONSTRAINTS`,
//! `DEFAULT_APPLIED_CONSTRAINTS = 0`): with the platform's default nothing is applied and
//! `isFlexibilitySatisfiedLocked` holds for every job, so the model changes nothing.
//!
//! What the source does (aosp-mirror `controllers/FlexibilityController.java`, muhomorr
//! Android 15/16 `controllers/JobStatus.java`, `controllers/ConnectivityController.java`):
//! * Which jobs (JobStatus constructor): not a requested EJ, not a requested UIJ, not on its
//!   first reschedule (`numFailures + numSystemStops != 1`), and lacking one of charging /
//!   battery-not-low / idle or able to take transport affinities (`mCanApplyTransportAffinities`:
//!   a network request without transport types, i.e. any network type but CELLULAR).
//! * Constraint bits (`JobStatus.CONSTRAINT_*`): charging 1, battery not low 2, idle 4,
//!   connectivity 1 << 28; only these four can be applied (`FLEXIBLE_CONSTRAINTS`).
//! * Applied count (`getRelevantAppliedConstraintsLocked`): the applied system-wide bits, plus
//!   connectivity for jobs that can take transport affinities. Required = applied − dropped.
//! * Satisfied (`isFlexibilitySatisfiedLocked`): flexibility off; the UID is TOP; the UID's bias
//!   ≥ BOUND_FOREGROUND_SERVICE and effective priority ≥ DEFAULT; the app is power-allowlisted
//!   and priority ≥ DEFAULT; enough constraints satisfied (`hasEnoughSatisfiedConstraintsLocked`);
//!   or the job is running (so losing it never stops a job: `constraintToStopReason` maps it to
//!   UNDEFINED). The system-wide set is JSS `isBatteryCharging` (not "stable power"),
//!   battery-not-low and idle; connectivity counts when the job's network satisfies its request
//!   and the transport is preferred (Wi-Fi, Ethernet) rather than avoided (cellular).
//! * Unseen combinations (`hasEnoughSatisfiedConstraintsLocked`): during the first
//!   `fc_unseen_constraint_grace_period_ms` after boot a job always waits; later it stops waiting
//!   when no relevant combination with more satisfied constraints was seen within that period
//!   (`mLastSeenConstraintTimesElapsed`, recorded by `setConstraintSatisfied` when the set
//!   changes).
//! * Lifecycle (`getLifeCycleBeginningElapsedLocked`, `getLifeCycleEndElapsedLocked`): begins at
//!   the earliest run time (enqueue time without a delay; for a periodic job with no previous
//!   attempt, the midpoint with the true window start); ends, after two or more previous
//!   attempts, `fc_rescheduled_job_deadline_ms · 2^(attempts − 2)` later (at most
//!   `fc_max_rescheduled_deadline_ms`), otherwise at begin + min(3 · fallback, per-priority
//!   fallback + per-priority factor · app score), or at the job's latest run time if later.
//!   Prefetch jobs end at the next estimated launch, which the model does not estimate, so their
//!   lifecycle never ends and they never drop constraints.
//! * Drops (`FlexibilityTracker.calculateNumDroppedConstraints`,
//!   `FlexibilityAlarmQueue.scheduleDropNumConstraintsAlarm`): at the i-th per-priority percent
//!   of the lifecycle the i-th constraint is dropped; the percent is integer
//!   `(now − begin)·100/(end − begin)`. Drops happen when an alarm fires; an alarm is set at the
//!   next drop time, or at end − proximity when the next drop is that close to the end, and all
//!   constraints are dropped once the end is nearer than the proximity limit. Alarms are at
//!   least `fc_min_time_between_flexibility_alarms_ms` apart (AlarmQueue).
//! * Score (`JobScoreTracker`, `prepareForExecutionLocked`): each start of a job whose bias is
//!   not TOP adds the score of its *requested* priority to its app's tracker: 24 buckets of 1 h,
//!   summed over the last 24 h.
//! * Pending reason: `PENDING_JOB_REASON_JOB_SCHEDULER_OPTIMIZATION` (JobStatus
//!   `constraintsToPendingJobReasons`). The job's own passed deadline overrides it like any
//!   functional constraint (`CONSTRAINT_FLEXIBLE` is in `CONSTRAINTS_OF_INTEREST`).

use super::tunables::Tunables;
use super::JobEnv;
use crate::device::Transport;
use crate::job::{JobInfo, JobStatus, NetworkRequest, Priority};
use crate::time::{SimDuration, SimTime};

/// `JobStatus.CONSTRAINT_CHARGING`.
pub const CHARGING: u32 = 1;
/// `JobStatus.CONSTRAINT_BATTERY_NOT_LOW`.
pub const BATTERY_NOT_LOW: u32 = 2;
/// `JobStatus.CONSTRAINT_IDLE`.
pub const IDLE: u32 = 4;
/// `JobStatus.CONSTRAINT_CONNECTIVITY`.
pub const CONNECTIVITY: u32 = 1 << 28;
/// `SYSTEM_WIDE_FLEXIBLE_CONSTRAINTS`.
pub const SYSTEM_WIDE: u32 = CHARGING | BATTERY_NOT_LOW | IDLE;
/// `FLEXIBLE_CONSTRAINTS` (all supported on a phone, `mSupportedFlexConstraints`).
pub const ALL: u32 = SYSTEM_WIDE | CONNECTIVITY;
/// `JobInfo.BIAS_BOUND_FOREGROUND_SERVICE`.
const BIAS_BOUND_FOREGROUND_SERVICE: i32 = 30;
/// `JobScoreTracker.NUM_SCORE_BUCKETS` and `MAX_TIME_WINDOW_MS`.
const SCORE_BUCKETS: usize = 24;
const SCORE_WINDOW_MS: u64 = 24 * 3_600_000;

/// The applied constraints (`mAppliedConstraints`: the key masked to the supported ones).
pub fn applied(t: &Tunables) -> u32 {
    (t.fc_applied_constraints.clamp(0, u32::MAX as i64) as u32) & ALL
}

/// `mFlexibilityEnabled`.
pub fn is_enabled(t: &Tunables) -> bool {
    applied(t) != 0
}

/// `JobStatus.canApplyTransportAffinities`: a network request without transport types.
pub fn can_apply_transport_affinities(info: &JobInfo) -> bool {
    !matches!(
        info.network,
        NetworkRequest::None | NetworkRequest::Cellular
    )
}

/// `JobStatus.hasFlexibilityConstraint`, as the constructor decides it.
pub fn has_flexibility_constraint(job: &JobStatus) -> bool {
    let info = &job.info;
    let bit = |on: bool, b: u32| if on { b } else { 0 };
    let requested = bit(info.requires_charging, CHARGING)
        | bit(info.requires_battery_not_low, BATTERY_NOT_LOW)
        | bit(info.requires_device_idle, IDLE);
    let lacks_some = (!requested & SYSTEM_WIDE) != 0 || can_apply_transport_affinities(info);
    !info.is_expedited()
        && !info.is_user_initiated()
        && job.counts.failures + job.counts.system_stops != 1
        && lacks_some
}

/// `getRelevantAppliedConstraintsLocked`.
pub fn relevant_applied(t: &Tunables, info: &JobInfo) -> u32 {
    let conn = if can_apply_transport_affinities(info) {
        CONNECTIVITY
    } else {
        0
    };
    applied(t) & (SYSTEM_WIDE | conn)
}

/// The per-priority percents to drop constraints at; a set that is not non-decreasing within
/// 0–100 is ignored for the defaults, as `parsePercentToDropString` rejects it.
pub fn percents(t: &Tunables, p: Priority) -> [i64; 4] {
    let (set, default) = match p {
        Priority::Max => (
            [
                t.fc_percents_to_drop_flexible_constraints_max_1,
                t.fc_percents_to_drop_flexible_constraints_max_2,
                t.fc_percents_to_drop_flexible_constraints_max_3,
                t.fc_percents_to_drop_flexible_constraints_max_4,
            ],
            [1, 2, 3, 4],
        ),
        Priority::High => (
            [
                t.fc_percents_to_drop_flexible_constraints_high_1,
                t.fc_percents_to_drop_flexible_constraints_high_2,
                t.fc_percents_to_drop_flexible_constraints_high_3,
                t.fc_percents_to_drop_flexible_constraints_high_4,
            ],
            [33, 50, 60, 75],
        ),
        Priority::Default => (
            [
                t.fc_percents_to_drop_flexible_constraints_default_1,
                t.fc_percents_to_drop_flexible_constraints_default_2,
                t.fc_percents_to_drop_flexible_constraints_default_3,
                t.fc_percents_to_drop_flexible_constraints_default_4,
            ],
            [50, 60, 70, 80],
        ),
        Priority::Low => (
            [
                t.fc_percents_to_drop_flexible_constraints_low_1,
                t.fc_percents_to_drop_flexible_constraints_low_2,
                t.fc_percents_to_drop_flexible_constraints_low_3,
                t.fc_percents_to_drop_flexible_constraints_low_4,
            ],
            [50, 60, 70, 80],
        ),
        Priority::Min => (
            [
                t.fc_percents_to_drop_flexible_constraints_min_1,
                t.fc_percents_to_drop_flexible_constraints_min_2,
                t.fc_percents_to_drop_flexible_constraints_min_3,
                t.fc_percents_to_drop_flexible_constraints_min_4,
            ],
            [55, 65, 75, 85],
        ),
    };
    let valid = set[0] >= 0 && set.windows(2).all(|w| w[0] <= w[1]) && set[3] <= 100;
    if valid {
        set
    } else {
        default
    }
}

/// Per-priority fallback lifecycle, run score and score time factor.
fn per_priority(t: &Tunables, p: Priority) -> (i64, i64, i64) {
    match p {
        Priority::Max => (
            t.fc_fallback_flexibility_deadline_max_ms,
            t.fc_fallback_flexibility_deadline_score_max,
            t.fc_fallback_flexibility_deadline_additional_score_time_factor_max_ms,
        ),
        Priority::High => (
            t.fc_fallback_flexibility_deadline_high_ms,
            t.fc_fallback_flexibility_deadline_score_high,
            t.fc_fallback_flexibility_deadline_additional_score_time_factor_high_ms,
        ),
        Priority::Default => (
            t.fc_fallback_flexibility_deadline_default_ms,
            t.fc_fallback_flexibility_deadline_score_default,
            t.fc_fallback_flexibility_deadline_additional_score_time_factor_default_ms,
        ),
        Priority::Low => (
            t.fc_fallback_flexibility_deadline_low_ms,
            t.fc_fallback_flexibility_deadline_score_low,
            t.fc_fallback_flexibility_deadline_additional_score_time_factor_low_ms,
        ),
        Priority::Min => (
            t.fc_fallback_flexibility_deadline_min_ms,
            t.fc_fallback_flexibility_deadline_score_min,
            t.fc_fallback_flexibility_deadline_additional_score_time_factor_min_ms,
        ),
    }
}

/// The score a start of a job with requested priority `p` adds (`prepareForExecutionLocked`).
pub fn start_score(t: &Tunables, p: Priority) -> i64 {
    per_priority(t, p).1
}

/// `getLifeCycleBeginningElapsedLocked`.
pub fn lifecycle_begin(job: &JobStatus) -> SimTime {
    let earliest = job.earliest.max(job.enqueue_time);
    match (job.info.periodic, job.window_end) {
        (Some(p), Some(end)) if job.counts.failures + job.counts.system_stops == 0 => {
            let true_start = end.as_millis().saturating_sub(p.flex.as_millis());
            SimTime::from_millis((earliest.as_millis() + true_start) / 2)
        }
        _ => earliest,
    }
}

/// `getLifeCycleEndElapsedLocked`; `None` is `NO_LIFECYCLE_END` (prefetch jobs, whose end is
/// the next estimated launch that the model has none of).
pub fn lifecycle_end(t: &Tunables, job: &JobStatus, begin: SimTime, score: i64) -> Option<SimTime> {
    let latest = job.deadline.or(job.window_end);
    if job.info.prefetch {
        return latest;
    }
    let attempts = job.counts.failures + job.counts.system_stops;
    if attempts > 1 {
        let base = t.fc_rescheduled_job_deadline_ms.max(0) as u64;
        let grown = base.saturating_mul(1u64 << (attempts - 2).min(62));
        let len = grown.min(t.fc_max_rescheduled_deadline_ms.max(0) as u64);
        return Some(begin.saturating_add(SimDuration::from_millis(len)));
    }
    let (fallback, _, factor) = per_priority(t, job.effective_priority());
    let len = (3 * t.fc_fallback_flexibility_deadline_ms)
        .min(fallback.saturating_add(factor.saturating_mul(score)))
        .max(0) as u64;
    let end = begin.saturating_add(SimDuration::from_millis(len));
    Some(latest.map_or(end, |l| l.max(end)))
}

/// `getCurPercentOfLifecycleLocked`.
pub fn cur_percent(begin: SimTime, end: Option<SimTime>, now: SimTime) -> u64 {
    let Some(end) = end else { return 0 };
    if begin >= now {
        return 0;
    }
    if now > end || end == begin {
        return 100;
    }
    (now.as_millis() - begin.as_millis()) * 100 / (end.as_millis() - begin.as_millis())
}

/// `calculateNumDroppedConstraints`: how many of `applied` constraints are dropped at `percent`.
pub fn num_dropped(percents: [i64; 4], applied: u32, percent: u64) -> u32 {
    percents
        .iter()
        .take(applied as usize)
        .filter(|&&p| percent as i64 >= p)
        .count() as u32
}

/// What `scheduleDropNumConstraintsAlarm` decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlarmPlan {
    /// Drop every constraint now (end not after begin, or within the proximity limit).
    DropAll,
    /// Set the alarm for this time.
    At(SimTime),
    /// No further drop is known.
    None,
}

/// `scheduleDropNumConstraintsAlarm` / `getNextConstraintDropTimeElapsedLocked`.
pub fn alarm_plan(
    t: &Tunables,
    percents: [i64; 4],
    dropped: u32,
    begin: SimTime,
    end: Option<SimTime>,
    now: SimTime,
) -> AlarmPlan {
    let Some(end) = end else {
        return AlarmPlan::None;
    };
    if end <= begin {
        return AlarmPlan::DropAll;
    }
    let proximity = t.fc_flexibility_deadline_proximity_limit_ms.max(0) as u64;
    // `latest - now < proximity`, also when the end has passed.
    if end.as_millis() < now.as_millis().saturating_add(proximity) {
        return AlarmPlan::DropAll;
    }
    let Some(&p) = percents.get(dropped as usize) else {
        return AlarmPlan::None;
    };
    let span = end.as_millis() - begin.as_millis();
    let next = begin.as_millis() + span * p.max(0) as u64 / 100;
    if end.as_millis().saturating_sub(next) <= proximity {
        return AlarmPlan::At(SimTime::from_millis(end.as_millis() - proximity));
    }
    AlarmPlan::At(SimTime::from_millis(next))
}

/// The system-wide flexible constraints satisfied now (`mSatisfiedFlexibleConstraints`): JSS
/// `isBatteryCharging`, battery not low, IdleController's idle, and connectivity while the
/// default network has a preferred transport (`maybeUpdateFlexConstraintLocked`).
pub fn system_satisfied(d: &crate::device::Device) -> u32 {
    let mut s = 0;
    if d.battery.is_charging() {
        s |= CHARGING;
    }
    if d.battery.is_not_low() {
        s |= BATTERY_NOT_LOW;
    }
    if d.screen.js_idle {
        s |= IDLE;
    }
    if preferred_transport(d.network.current().transport) {
        s |= CONNECTIVITY;
    }
    s
}

/// ConnectivityController `sNetworkTransportAffinities`: Wi-Fi and Ethernet preferred, cellular
/// avoided.
pub fn preferred_transport(t: Transport) -> bool {
    matches!(t, Transport::Wifi | Transport::Ethernet)
}

/// When each combination of flexible constraints was last seen (`mLastSeenConstraintTimesElapsed`),
/// keyed by the four bits packed as charging, battery-not-low, idle, connectivity.
#[derive(Clone, Debug, Default)]
pub struct SeenCombos {
    seen: [Option<SimTime>; 16],
    current: u32,
}

fn pack(bits: u32) -> usize {
    ((bits & SYSTEM_WIDE) | if bits & CONNECTIVITY != 0 { 8 } else { 0 }) as usize
}

fn unpack(i: usize) -> u32 {
    (i as u32 & SYSTEM_WIDE) | if i & 8 != 0 { CONNECTIVITY } else { 0 }
}

impl SeenCombos {
    /// `setConstraintSatisfied` for every bit that changed: the set left behind, and each
    /// constraint that turned off, are stamped with `now`.
    pub fn update(&mut self, satisfied: u32, now: SimTime) {
        for bit in [CHARGING, BATTERY_NOT_LOW, IDLE, CONNECTIVITY] {
            let old = self.current & bit != 0;
            let new = satisfied & bit != 0;
            if old == new {
                continue;
            }
            self.seen[pack(self.current)] = Some(now);
            if !new {
                self.seen[pack(bit)] = Some(now);
            }
            self.current = (self.current & !bit) | (satisfied & bit);
        }
    }

    /// The system-wide set last reported.
    pub fn current(&self) -> u32 {
        self.current
    }
}

/// `hasEnoughSatisfiedConstraintsLocked`.
pub fn has_enough_satisfied(
    t: &Tunables,
    seen: &SeenCombos,
    relevant: u32,
    required: u32,
    transport_ok: bool,
    now: SimTime,
) -> bool {
    let conn = if transport_ok { CONNECTIVITY } else { 0 };
    let satisfied = seen.current & applied(t) & (SYSTEM_WIDE | conn);
    let n = satisfied.count_ones();
    if n >= required {
        return true;
    }
    let grace = t.fc_unseen_constraint_grace_period_ms.max(0) as u64;
    if now.as_millis() < grace {
        return false;
    }
    let waiting_for_seen = seen.seen.iter().enumerate().any(|(i, at)| {
        let combo = unpack(i);
        at.is_some_and(|at| {
            combo & !relevant == 0
                && combo.count_ones() > n
                && now.as_millis() - at.as_millis().min(now.as_millis()) <= grace
        })
    });
    !waiting_for_seen
}

/// The exemptions of `isFlexibilitySatisfiedLocked` that do not depend on the constraints:
/// TOP, BOUND_FOREGROUND_SERVICE or above at DEFAULT+, power-allowlisted at DEFAULT+.
pub fn exempt(job: &JobStatus, env: &JobEnv) -> bool {
    let p = job.effective_priority();
    env.bias == crate::app::BIAS_TOP_APP
        || (env.bias >= BIAS_BOUND_FOREGROUND_SERVICE && p >= Priority::Default)
        || (p >= Priority::Default && env.app.power_allowlisted)
}

/// `JobScoreTracker`: an app's run score over the last 24 h in 24 one-hour buckets.
#[derive(Clone, Debug, Default)]
pub struct ScoreTracker {
    buckets: [Option<(SimTime, i64)>; SCORE_BUCKETS],
    index: usize,
}

impl ScoreTracker {
    /// `addScore`: into the current bucket while it started at most an hour ago; a bucket
    /// older than the window is restarted in place; otherwise the tracker moves to the next
    /// bucket and tries again.
    pub fn add(&mut self, score: i64, now: SimTime) {
        let bucket_ms = SCORE_WINDOW_MS / SCORE_BUCKETS as u64;
        for _ in 0..SCORE_BUCKETS {
            let slot = &mut self.buckets[self.index];
            match slot {
                None => {
                    *slot = Some((now, score));
                    return;
                }
                Some((start, s)) => {
                    let age = now.as_millis().saturating_sub(start.as_millis());
                    if age > SCORE_WINDOW_MS {
                        *start = now;
                        *s = score;
                        return;
                    }
                    if age <= bucket_ms {
                        *s += score;
                        return;
                    }
                    self.index = (self.index + 1) % SCORE_BUCKETS;
                }
            }
        }
        if let Some((_, s)) = &mut self.buckets[self.index] {
            *s += score;
        }
    }

    /// `getScore`: the sum of buckets started within the last 24 h.
    pub fn score(&self, now: SimTime) -> i64 {
        let from = now.as_millis().saturating_sub(SCORE_WINDOW_MS);
        self.buckets
            .iter()
            .flatten()
            .filter(|(start, _)| start.as_millis() >= from)
            .map(|(_, s)| s)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: u64) -> SimTime {
        SimTime::from_millis(v)
    }

    #[test]
    fn defaults_are_off_and_the_platforms_numbers() {
        let t = Tunables::default();
        assert!(!is_enabled(&t));
        assert_eq!(percents(&t, Priority::Default), [50, 60, 70, 80]);
        assert_eq!(percents(&t, Priority::Min), [55, 65, 75, 85]);
        assert_eq!(
            per_priority(&t, Priority::Default),
            (43_200_000, 3, 120_000)
        );
        assert_eq!(t.fc_flexibility_deadline_proximity_limit_ms, 900_000);
    }

    #[test]
    fn only_the_four_flexible_bits_apply() {
        let mut t = Tunables {
            fc_applied_constraints: 8 | 16,
            ..Tunables::default()
        };
        assert!(!is_enabled(&t), "storage and others are not flexible");
        t.fc_applied_constraints = 0x1000_0007 | 8;
        assert_eq!(applied(&t), ALL);
    }

    #[test]
    fn percents_out_of_order_fall_back_to_the_defaults() {
        let mut t = Tunables {
            fc_percents_to_drop_flexible_constraints_default_2: 40,
            ..Tunables::default()
        };
        assert_eq!(percents(&t, Priority::Default), [50, 60, 70, 80]);
        t.fc_percents_to_drop_flexible_constraints_default_2 = 55;
        assert_eq!(percents(&t, Priority::Default), [50, 55, 70, 80]);
    }

    #[test]
    fn drops_follow_the_integer_percent_of_the_lifecycle() {
        // 12 h lifecycle from 0: 50 % at 21,600,000 ms.
        let end = Some(ms(43_200_000));
        assert_eq!(cur_percent(ms(0), end, ms(21_599_999)), 49);
        assert_eq!(cur_percent(ms(0), end, ms(21_600_000)), 50);
        let p = [50, 60, 70, 80];
        assert_eq!(num_dropped(p, 3, 49), 0);
        assert_eq!(num_dropped(p, 3, 50), 1);
        assert_eq!(num_dropped(p, 3, 100), 3, "never more than applied");
    }

    #[test]
    fn the_last_alarm_is_at_end_minus_the_proximity_limit() {
        let t = Tunables::default();
        let end = Some(ms(43_200_000));
        let p = [50, 60, 70, 99];
        assert_eq!(
            alarm_plan(&t, p, 0, ms(0), end, ms(0)),
            AlarmPlan::At(ms(21_600_000))
        );
        // 99 % is 42,768,000, within 15 min of the end: the alarm is at 42,300,000.
        assert_eq!(
            alarm_plan(&t, p, 3, ms(0), end, ms(30_240_000)),
            AlarmPlan::At(ms(42_300_000))
        );
        assert_eq!(
            alarm_plan(&t, p, 3, ms(0), end, ms(42_300_001)),
            AlarmPlan::DropAll
        );
        assert_eq!(alarm_plan(&t, p, 4, ms(0), end, ms(0)), AlarmPlan::None);
    }

    #[test]
    fn score_sums_the_last_24_hours() {
        let mut s = ScoreTracker::default();
        s.add(3, ms(0));
        s.add(3, ms(1_000));
        assert_eq!(s.score(ms(2_000)), 6);
        s.add(2, ms(2 * 3_600_000));
        assert_eq!(s.score(ms(2 * 3_600_000)), 8);
        // The first bucket (started at 0) leaves the window after 24 h.
        assert_eq!(s.score(ms(24 * 3_600_000 + 1)), 2);
    }

    #[test]
    fn unseen_combinations_stop_holding_jobs_after_the_grace_period() {
        let t = Tunables {
            fc_applied_constraints: 7,
            ..Tunables::default()
        };
        let mut seen = SeenCombos::default();
        seen.update(BATTERY_NOT_LOW, ms(0));
        // Inside the first 3 days after boot the job waits for 3 constraints.
        assert!(!has_enough_satisfied(&t, &seen, 7, 3, false, ms(1_000)));
        // After 3 days, only {battery not low} was ever seen (as the set left at 0): nothing
        // with more constraints was seen, so the job stops waiting.
        let after = ms(72 * 3_600_000);
        assert!(has_enough_satisfied(&t, &seen, 7, 3, false, after));
        // Charging seen within the period: a combination of 2 was seen, keep waiting.
        seen.update(BATTERY_NOT_LOW | CHARGING, ms(60 * 3_600_000));
        seen.update(BATTERY_NOT_LOW, ms(61 * 3_600_000));
        assert!(!has_enough_satisfied(&t, &seen, 7, 3, false, after));
    }
}
