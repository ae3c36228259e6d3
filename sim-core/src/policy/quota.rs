//! QuotaController (reference §8): how much background execution time, how many jobs and how
//! many sessions an app may use per rolling window of its standby bucket, plus the global 4 h per
//! 24 h cap and the 20-per-minute rate limit; and the expedited-job quota per 24 h.
//!
//! Usage is kept as *sessions*: periods during which the app had at least one counted job
//! running (sessions closer than 5 s coalesce, `TIMING_SESSION_COALESCING_DURATION_MS`).
//! A job counts unless it is quota-free: user-initiated jobs never count; nothing counts while
//! the app is in the foreground (Android 16: process state TOP; the `android-14` profile also
//! exempts foreground services and jobs that started while the app was on top) or while the
//! device is charging (except in the RESTRICTED bucket).
//!
//! Every constant is a tunable under its QcConstants DeviceConfig key (`qc_…`, see
//! [`crate::policy::Tunables`]); [`clamp_tunables`] applies QcConstants' clamps and
//! [`QuotaConstants`] resolves them once per run into per-bucket arrays for the hot paths.
//! Defaults are the legacy values; the aconfig flag `adjust_quota_default_constants` (scenario
//! `flags:`, off by default, **(unconfirmed)** whether on in shipping builds) switches nine
//! defaults to the "new" ones ([`apply_default_constants`]).

use crate::app::StandbyBucket;
use crate::policy::{TunableValue, Tunables};
use crate::time::{SimDuration, SimTime};

const SEC: u64 = 1_000;
const MIN: u64 = 60 * SEC;
const HOUR: u64 = 60 * MIN;
const DAY: u64 = 24 * HOUR;

/// QuotaController `MAX_PERIOD_MS` (compiled in): the daily cap's window and the longest bucket
/// window but RESTRICTED's.
pub const MAX_PERIOD: u64 = DAY;

/// The defaults the flag `adjust_quota_default_constants` changes, with their "new" values
/// (QcConstants `adjustDefaultBucketWindowSizes`, `adjustDefaultEjLimits`, and the
/// flag-dependent defaults `processConstantLocked` / `updateExecutionPeriodConstantsLocked` /
/// `updateEJLimitConstantsLocked` read with: `DEFAULT_CURRENT_*` and `DEFAULT_LATEST_*`).
pub const ADJUSTED_DEFAULTS: [(&str, u64); 9] = [
    ("qc_allowed_time_per_period_exempted_ms", 20 * MIN),
    ("qc_allowed_time_per_period_active_ms", 20 * MIN),
    ("qc_window_size_exempted_ms", 40 * MIN),
    ("qc_window_size_active_ms", 60 * MIN),
    ("qc_window_size_working_ms", 4 * HOUR),
    ("qc_window_size_frequent_ms", 12 * HOUR),
    ("qc_ej_limit_working_ms", 15 * MIN),
    ("qc_ej_top_app_time_chunk_size_ms", 5 * MIN),
    ("qc_ej_reward_interaction_ms", 5 * SEC),
];

/// Keys whose change makes QcConstants re-read the whole execution-period group
/// (`processConstantLocked` → `updateExecutionPeriodConstantsLocked`).
const EXECUTION_PERIOD_KEYS: [&str; 15] = [
    "qc_allowed_time_per_period_exempted_ms",
    "qc_allowed_time_per_period_active_ms",
    "qc_allowed_time_per_period_working_ms",
    "qc_allowed_time_per_period_frequent_ms",
    "qc_allowed_time_per_period_rare_ms",
    "qc_allowed_time_per_period_restricted_ms",
    "qc_allowed_time_per_period_addition_installer_ms",
    "qc_in_quota_buffer_ms",
    "qc_max_execution_time_ms",
    "qc_window_size_exempted_ms",
    "qc_window_size_active_ms",
    "qc_window_size_working_ms",
    "qc_window_size_frequent_ms",
    "qc_window_size_rare_ms",
    "qc_window_size_restricted_ms",
];

/// Keys whose change makes QcConstants re-read the EJ-limit group (`updateEJLimitConstantsLocked`).
/// `qc_ej_limit_exempted_ms` is read with the group but is not among the keys that trigger it.
const EJ_LIMIT_TRIGGER_KEYS: [&str; 8] = [
    "qc_ej_limit_active_ms",
    "qc_ej_limit_working_ms",
    "qc_ej_limit_frequent_ms",
    "qc_ej_limit_rare_ms",
    "qc_ej_limit_restricted_ms",
    "qc_ej_limit_addition_special_ms",
    "qc_ej_limit_addition_installer_ms",
    "qc_ej_window_size_ms",
];

/// The defaults a device boots with for the keys a scenario's `policy:` did not set
/// (`is_set`), as QuotaController reads DeviceConfig at boot; call after the overrides and
/// before [`Tunables::finish`].
///
/// * With the flag on (and compat override 378129159 off, which is not modeled), the nine
///   [`ADJUSTED_DEFAULTS`] apply.
/// * With it off, `updateExecutionPeriodConstantsLocked` still reads the EXEMPTED and ACTIVE
///   allowed times with the *current* 20-minute defaults: once any key of that group is set, the
///   two allowed times not set become 20 min (their windows stay legacy unless set; a window
///   shorter than its allowed time is raised to it, so only the 4 h daily cap binds there).
/// * `qc_ej_limit_exempted_ms` alone never triggers the EJ-limit group's re-read
///   (`processConstantLocked` lists every other key of the group but not it): set without any
///   other key of the group it has no effect.
pub fn apply_default_constants(t: &mut Tunables, adjust_flag: bool, is_set: impl Fn(&str) -> bool) {
    let mut default = |name: &str, v: u64| {
        if !is_set(name) {
            t.set(name, TunableValue::Int(v as i64))
                .expect("a quota tunable");
        }
    };
    if adjust_flag {
        ADJUSTED_DEFAULTS.iter().for_each(|&(n, v)| default(n, v));
    } else if EXECUTION_PERIOD_KEYS.iter().any(|k| is_set(k)) {
        default("qc_allowed_time_per_period_exempted_ms", 20 * MIN);
        default("qc_allowed_time_per_period_active_ms", 20 * MIN);
    }
    if is_set("qc_ej_limit_exempted_ms") && !EJ_LIMIT_TRIGGER_KEYS.iter().any(|k| is_set(k)) {
        t.qc_ej_limit_exempted_ms = Tunables::default().qc_ej_limit_exempted_ms;
    }
}

/// QcConstants' clamps, in its order (`updateExecutionPeriodConstantsLocked`,
/// `updateRateLimitingConstantsLocked`, `updateEJLimitConstantsLocked`, `processConstantLocked`),
/// applied in place by [`Tunables::finish`].
pub fn clamp_tunables(t: &mut Tunables) {
    let (min, hour, day) = (MIN as i64, HOUR as i64, DAY as i64);
    // Execution period: max execution time in [1 h, 24 h]; each allowed time in
    // [1 min, max execution time]; the in-quota buffer in [0, min(5 min, smallest allowed
    // time)]; each window in [its allowed time, 24 h], RESTRICTED's in [allowed, 1 week].
    t.qc_max_execution_time_ms = t.qc_max_execution_time_ms.min(day).max(hour);
    let max_exec = t.qc_max_execution_time_ms;
    let mut min_allowed = i64::MAX;
    for (allowed, window, cap) in [
        (
            &mut t.qc_allowed_time_per_period_exempted_ms,
            &mut t.qc_window_size_exempted_ms,
            day,
        ),
        (
            &mut t.qc_allowed_time_per_period_active_ms,
            &mut t.qc_window_size_active_ms,
            day,
        ),
        (
            &mut t.qc_allowed_time_per_period_working_ms,
            &mut t.qc_window_size_working_ms,
            day,
        ),
        (
            &mut t.qc_allowed_time_per_period_frequent_ms,
            &mut t.qc_window_size_frequent_ms,
            day,
        ),
        (
            &mut t.qc_allowed_time_per_period_rare_ms,
            &mut t.qc_window_size_rare_ms,
            day,
        ),
        (
            &mut t.qc_allowed_time_per_period_restricted_ms,
            &mut t.qc_window_size_restricted_ms,
            7 * day,
        ),
    ] {
        *allowed = (*allowed).max(min).min(max_exec);
        min_allowed = min_allowed.min(*allowed);
        *window = (*window).min(cap).max(*allowed);
    }
    t.qc_in_quota_buffer_ms = t.qc_in_quota_buffer_ms.min(5 * min).min(min_allowed).max(0);
    // Counts: at least MIN_BUCKET_JOB_COUNT (10) jobs and MIN_BUCKET_SESSION_COUNT (1) session
    // per bucket window, except RESTRICTED, which may have 0 sessions.
    for jobs in [
        &mut t.qc_max_job_count_exempted,
        &mut t.qc_max_job_count_active,
        &mut t.qc_max_job_count_working,
        &mut t.qc_max_job_count_frequent,
        &mut t.qc_max_job_count_rare,
        &mut t.qc_max_job_count_restricted,
    ] {
        *jobs = (*jobs).max(10);
    }
    for sessions in [
        &mut t.qc_max_session_count_exempted,
        &mut t.qc_max_session_count_active,
        &mut t.qc_max_session_count_working,
        &mut t.qc_max_session_count_frequent,
        &mut t.qc_max_session_count_rare,
    ] {
        *sessions = (*sessions).max(1);
    }
    t.qc_max_session_count_restricted = t.qc_max_session_count_restricted.max(0);
    // Rate limit: window in [30 s, 24 h], at least 10 jobs and 10 sessions in it.
    t.qc_rate_limiting_window_ms = t.qc_rate_limiting_window_ms.max(30 * SEC as i64).min(day);
    t.qc_max_job_count_per_rate_limiting_window =
        t.qc_max_job_count_per_rate_limiting_window.max(10);
    t.qc_max_session_count_per_rate_limiting_window =
        t.qc_max_session_count_per_rate_limiting_window.max(10);
    t.qc_timing_session_coalescing_duration_ms = t
        .qc_timing_session_coalescing_duration_ms
        .max(0)
        .min(15 * min);
    // EJ limits: window in [1 h, 24 h]; each limit at least its floor and at most the next
    // more generous bucket's (EXEMPTED's at most the window).
    t.qc_ej_window_size_ms = t.qc_ej_window_size_ms.min(day).max(hour);
    let mut cap = t.qc_ej_window_size_ms;
    for (limit, floor) in [
        (&mut t.qc_ej_limit_exempted_ms, 15 * min),
        (&mut t.qc_ej_limit_active_ms, 15 * min),
        (&mut t.qc_ej_limit_working_ms, 15 * min),
        (&mut t.qc_ej_limit_frequent_ms, 10 * min),
        (&mut t.qc_ej_limit_rare_ms, 10 * min),
        (&mut t.qc_ej_limit_restricted_ms, 5 * min),
    ] {
        *limit = (*limit).min(cap).max(floor);
        cap = *limit;
    }
    // EJ rewards and grace periods (`processConstantLocked`).
    t.qc_ej_top_app_time_chunk_size_ms = t.qc_ej_top_app_time_chunk_size_ms.max(1).min(15 * min);
    t.qc_ej_reward_top_app_ms = t.qc_ej_reward_top_app_ms.max(10 * SEC as i64).min(15 * min);
    t.qc_ej_reward_interaction_ms = t
        .qc_ej_reward_interaction_ms
        .max(5 * SEC as i64)
        .min(15 * min);
    t.qc_ej_grace_period_top_app_ms = t.qc_ej_grace_period_top_app_ms.max(0).min(hour);
    t.qc_ej_grace_period_temp_allowlist_ms =
        t.qc_ej_grace_period_temp_allowlist_ms.max(0).min(hour);
}

/// The quota constants of one bucket, after the clamps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BucketQuota {
    /// Counted execution time allowed per window.
    pub allowed_ms: u64,
    pub window_ms: u64,
    pub max_jobs: usize,
    pub max_sessions: usize,
    /// Expedited-job time per EJ window.
    pub ej_limit_ms: u64,
}

/// QuotaController's constants for one run, resolved once from the (clamped) tunables so that
/// quota checks index arrays instead of reading tunables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotaConstants {
    /// EXEMPTED, ACTIVE, WORKING_SET, FREQUENT, RARE, RESTRICTED (NEVER has no quota).
    buckets: [BucketQuota; 6],
    /// `qc_max_execution_time_ms`: counted execution allowed in any [`MAX_PERIOD`].
    pub max_execution_ms: u64,
    pub in_quota_buffer_ms: u64,
    pub coalescing_ms: u64,
    pub rate_window_ms: u64,
    pub rate_max_jobs: usize,
    pub rate_max_sessions: usize,
    pub ej_window_ms: u64,
    /// The longest span any check looks back (or ahead, for coming back into quota): usage
    /// older than this is forgotten.
    pub horizon_ms: u64,
}

impl Default for QuotaConstants {
    fn default() -> Self {
        let mut t = Tunables::default();
        t.finish();
        Self::new(&t)
    }
}

impl QuotaConstants {
    /// From tunables that went through [`Tunables::finish`].
    pub fn new(t: &Tunables) -> Self {
        let ms = Tunables::ms;
        let n = |v: i64| usize::try_from(v.max(0)).unwrap_or(usize::MAX);
        let q = |allowed, window, jobs, sessions, ej| BucketQuota {
            allowed_ms: ms(allowed),
            window_ms: ms(window),
            max_jobs: n(jobs),
            max_sessions: n(sessions),
            ej_limit_ms: ms(ej),
        };
        let buckets = [
            q(
                t.qc_allowed_time_per_period_exempted_ms,
                t.qc_window_size_exempted_ms,
                t.qc_max_job_count_exempted,
                t.qc_max_session_count_exempted,
                t.qc_ej_limit_exempted_ms,
            ),
            q(
                t.qc_allowed_time_per_period_active_ms,
                t.qc_window_size_active_ms,
                t.qc_max_job_count_active,
                t.qc_max_session_count_active,
                t.qc_ej_limit_active_ms,
            ),
            q(
                t.qc_allowed_time_per_period_working_ms,
                t.qc_window_size_working_ms,
                t.qc_max_job_count_working,
                t.qc_max_session_count_working,
                t.qc_ej_limit_working_ms,
            ),
            q(
                t.qc_allowed_time_per_period_frequent_ms,
                t.qc_window_size_frequent_ms,
                t.qc_max_job_count_frequent,
                t.qc_max_session_count_frequent,
                t.qc_ej_limit_frequent_ms,
            ),
            q(
                t.qc_allowed_time_per_period_rare_ms,
                t.qc_window_size_rare_ms,
                t.qc_max_job_count_rare,
                t.qc_max_session_count_rare,
                t.qc_ej_limit_rare_ms,
            ),
            q(
                t.qc_allowed_time_per_period_restricted_ms,
                t.qc_window_size_restricted_ms,
                t.qc_max_job_count_restricted,
                t.qc_max_session_count_restricted,
                t.qc_ej_limit_restricted_ms,
            ),
        ];
        let ej_window_ms = ms(t.qc_ej_window_size_ms);
        let horizon_ms = buckets
            .iter()
            .map(|b| b.window_ms)
            .chain([MAX_PERIOD, ej_window_ms, ms(t.qc_rate_limiting_window_ms)])
            .max()
            .unwrap_or(MAX_PERIOD);
        Self {
            buckets,
            max_execution_ms: ms(t.qc_max_execution_time_ms),
            in_quota_buffer_ms: ms(t.qc_in_quota_buffer_ms),
            coalescing_ms: ms(t.qc_timing_session_coalescing_duration_ms),
            rate_window_ms: ms(t.qc_rate_limiting_window_ms),
            rate_max_jobs: n(t.qc_max_job_count_per_rate_limiting_window),
            rate_max_sessions: n(t.qc_max_session_count_per_rate_limiting_window),
            ej_window_ms,
            horizon_ms,
        }
    }

    /// Quota constants of a bucket; `None` for NEVER (no quota at all).
    pub fn bucket(&self, b: StandbyBucket) -> Option<&BucketQuota> {
        let i = match b {
            StandbyBucket::Exempted => 0,
            StandbyBucket::Active => 1,
            StandbyBucket::WorkingSet => 2,
            StandbyBucket::Frequent => 3,
            StandbyBucket::Rare => 4,
            StandbyBucket::Restricted => 5,
            StandbyBucket::Never => return None,
        };
        Some(&self.buckets[i])
    }
}

/// A closed or open period of counted execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    pub start: SimTime,
    /// `None` while open.
    pub end: Option<SimTime>,
    /// The total length of the usage record's sessions before this one, pruned ones included
    /// (only differences are used, so pruning leaves it exact): the time counted over a run of
    /// sessions is one subtraction, not a sum over them ([`Usage::used_in`]).
    pub earlier_ms: u64,
}

impl Session {
    /// The length of a closed session (0 while open).
    fn len_ms(&self) -> u64 {
        self.end
            .map_or(0, |e| e.as_millis().saturating_sub(self.start.as_millis()))
    }
}

/// One app's usage record for one kind of quota.
#[derive(Clone, Debug, Default)]
pub struct Usage {
    pub sessions: Vec<Session>,
    /// Start times of counted jobs.
    pub job_starts: Vec<SimTime>,
    /// The rate-limiting window is fixed, not sliding: it opens at the first counted start
    /// after the previous one expired (`incrementJobCountLocked`).
    pub rate_window_expires: Option<SimTime>,
    pub rate_window_count: usize,
    /// EJ quota earned back (top-app time and interactions), with when it was earned.
    pub credits: Vec<(SimTime, u64)>,
}

impl Usage {
    /// Counts a job start for the bucket window and the rate limit.
    pub fn note_start(&mut self, qc: &QuotaConstants, now: SimTime) {
        self.job_starts.push(now);
        if self.rate_window_expires.is_none_or(|e| e <= now) {
            self.rate_window_expires =
                Some(now.saturating_add(SimDuration::from_millis(qc.rate_window_ms)));
            self.rate_window_count = 0;
        }
        self.rate_window_count += 1;
    }

    pub fn is_open(&self) -> bool {
        self.sessions.last().is_some_and(|s| s.end.is_none())
    }

    /// Opens a session at `now`, or reopens the last one if it ended less than
    /// `qc_timing_session_coalescing_duration_ms` ago.
    pub fn open(&mut self, qc: &QuotaConstants, now: SimTime) {
        if self.is_open() {
            return;
        }
        if let Some(last) = self.sessions.last_mut() {
            if last
                .end
                .is_some_and(|e| now.saturating_since(e).as_millis() < qc.coalescing_ms)
            {
                last.end = None;
                return;
            }
        }
        // Not open, so the last session (if any) is closed.
        let earlier_ms = self
            .sessions
            .last()
            .map_or(0, |s| s.earlier_ms + s.len_ms());
        self.sessions.push(Session {
            start: now,
            end: None,
            earlier_ms,
        });
    }

    pub fn close(&mut self, now: SimTime) {
        if let Some(last) = self.sessions.last_mut() {
            if last.end.is_none() {
                last.end = Some(now);
            }
        }
    }

    /// Forgets usage older than the longest window (a day unless RESTRICTED's is longer),
    /// keeping memory bounded. Usage is in time order, so what is forgotten is a prefix, found
    /// by binary search: this runs at every start and end of one of the app's jobs, and usually
    /// forgets nothing.
    pub fn prune(&mut self, qc: &QuotaConstants, now: SimTime) {
        let horizon = now.as_millis().saturating_sub(qc.horizon_ms);
        self.credits.retain(|(t, _)| t.as_millis() > horizon);
        // Forgetting nothing (the first item is recent) costs a look, not a search.
        let old_session = |s: &Session| s.end.is_some_and(|e| e.as_millis() <= horizon);
        if self.sessions.first().is_some_and(old_session) {
            let old = self.sessions.partition_point(old_session);
            self.sessions.drain(..old);
        }
        let old_start = |t: &SimTime| t.as_millis() <= horizon;
        if self.job_starts.first().is_some_and(old_start) {
            let old = self.job_starts.partition_point(old_start);
            self.job_starts.drain(..old);
        }
    }

    /// Counted execution time inside `[at - window, at]`, with open sessions running until `at`.
    pub fn used_in(&self, at: SimTime, window_ms: u64) -> u64 {
        let at = at.as_millis();
        time_in(&self.sessions, at.saturating_sub(window_ms), at)
    }

    /// Whether `t` lies in the window `(at - window, at]`.
    fn in_window(t: SimTime, at: SimTime, window_ms: u64) -> bool {
        t <= at && t.as_millis() + window_ms > at.as_millis()
    }

    /// Whether at least `n` of `items` lie in the window `(at - window, at]` by their `time`.
    /// Items are in time order (starts are recorded as the clock advances), so those in the
    /// window are the last of the items up to `at`, and there are `n` of them if the `n`-th
    /// from the end is in the window: one look instead of a count (the limits only ask whether
    /// a count reached them). Quota is judged whenever an app's usage changes, and a busy app
    /// has hundreds of starts in a day.
    fn at_least_in_window<T>(
        items: &[T],
        time: impl Fn(&T) -> SimTime,
        at: SimTime,
        window_ms: u64,
        n: usize,
    ) -> bool {
        debug_assert!(items.is_sorted_by_key(&time), "usage is kept in time order");
        // Judged at now, every item is at or before `at`: the check spares a search.
        let up_to_at = if items.last().is_none_or(|x| time(x) <= at) {
            items.len()
        } else {
            items.partition_point(|x| time(x) <= at)
        };
        n == 0 || (up_to_at >= n && Self::in_window(time(&items[up_to_at - n]), at, window_ms))
    }

    /// At least `n` counted job starts in the window ending at `at`.
    fn starts_at_least(&self, at: SimTime, window_ms: u64, n: usize) -> bool {
        Self::at_least_in_window(&self.job_starts, |t| *t, at, window_ms, n)
    }

    /// At least `n` sessions started in the window ending at `at`.
    fn sessions_at_least(&self, at: SimTime, window_ms: u64, n: usize) -> bool {
        Self::at_least_in_window(&self.sessions, |s| s.start, at, window_ms, n)
    }
}

/// Counted time of `sessions` inside `[from, at]`, an open session running until `at`.
///
/// Sessions are in time order and do not overlap (only the last may be open), so their starts
/// and ends rise: those that count are a run, found by two binary searches, and all of the run
/// but its first and last session lie inside the span, so they count in full, which
/// [`Session::earlier_ms`] gives by one subtraction. Quota is judged at every start and end of
/// one of an app's jobs, and a busy app has hundreds of sessions in its daily window.
fn time_in(sessions: &[Session], from: u64, at: u64) -> u64 {
    // Sessions that ended by `from` add nothing, nor do those starting at `at` or later (at a
    // judgement of now, none: the check spares the second search).
    // Usage is pruned to the longest window, so for that window (the daily cap's) the first
    // session is seldom out of it: the check spares the first search.
    let ended_by_from = |s: &Session| s.end.is_some_and(|e| e.as_millis() <= from);
    let first = if sessions.first().is_some_and(ended_by_from) {
        sessions.partition_point(ended_by_from)
    } else {
        0
    };
    let end = if sessions.last().is_some_and(|s| s.start.as_millis() < at) {
        sessions.len()
    } else {
        sessions.partition_point(|s| s.start.as_millis() < at)
    };
    let part = |s: &Session| {
        let end = s.end.map_or(at, |e| e.as_millis().min(at));
        end.saturating_sub(s.start.as_millis().max(from))
    };
    match &sessions[first.min(end)..end] {
        [] => 0,
        [only] => part(only),
        [a, .., b] => {
            // `a` is closed and ends after `from`, and the next session starts before `at`:
            // `a` counts from `from` (or its start) to its end; those between it and `b` in
            // full; `b` up to `at`.
            b.earlier_ms - a.earlier_ms - from.saturating_sub(a.start.as_millis()) + part(b)
        }
    }
}

/// `isUnderJobCountQuotaLocked` and `isUnderSessionCountQuotaLocked`: counted job starts and
/// sessions in the bucket window below the bucket's limits, and below the rate limits.
pub fn under_counts(qc: &QuotaConstants, u: &Usage, bucket: StandbyBucket, at: SimTime) -> bool {
    let Some(q) = qc.bucket(bucket) else {
        return false;
    };
    let rate_ok =
        u.rate_window_expires.is_none_or(|e| e <= at) || u.rate_window_count < qc.rate_max_jobs;
    // `updateExecutionStatsLocked` leaves an active session out of the session count, so that
    // a running session never keeps new jobs (or itself) from starting.
    let open = usize::from(u.is_open() && u.sessions.last().is_some_and(|s| s.start <= at));
    // (Sessions in the window, less the open one, below the limit: with a limit of 0 never;
    // else fewer than the limit plus the open one, even if that one started before the window.)
    rate_ok
        && !u.starts_at_least(at, q.window_ms, q.max_jobs)
        && q.max_sessions > 0
        && !u.sessions_at_least(at, q.window_ms, q.max_sessions.saturating_add(open))
        && !u.sessions_at_least(at, qc.rate_window_ms, qc.rate_max_sessions)
}

/// `getRemainingExecutionTimeLocked`: execution time left in the bucket window and under the
/// daily cap, at `at`.
pub fn time_left(qc: &QuotaConstants, u: &Usage, bucket: StandbyBucket, at: SimTime) -> u64 {
    let Some(q) = qc.bucket(bucket) else {
        return 0;
    };
    // When the window is no longer than the allowed time (legacy ACTIVE and EXEMPTED; the clamp
    // keeps it from being shorter) the window can never be used up faster than it ages out:
    // only the daily cap bites.
    let window_left = if q.window_ms <= q.allowed_ms {
        u64::MAX
    } else {
        q.allowed_ms.saturating_sub(u.used_in(at, q.window_ms))
    };
    let day_left = qc
        .max_execution_ms
        .saturating_sub(u.used_in(at, MAX_PERIOD));
    window_left.min(day_left)
}

/// Regular-job quota for a job about to start: execution time left, or 0 when a count limit
/// is reached.
pub fn remaining(qc: &QuotaConstants, u: &Usage, bucket: StandbyBucket, at: SimTime) -> u64 {
    if under_counts(qc, u, bucket, at) {
        time_left(qc, u, bucket, at)
    } else {
        0
    }
}

/// QuotaController's time until the quota is consumed, if the app keeps a job running from `now`:
/// old usage ages out of the window while new usage accrues, so this can be longer than
/// [`remaining`]. It ends at the first instant the bucket window or the daily cap is used up,
/// looking no further than a day and the daily cap ahead.
///
/// Every job start asks this (twice, through the runtime limits), so rather than probe
/// `time_left` in a binary search, each limit's instant is found in one pass over the sessions
/// ([`RunningUsage::first_reaching`]); a test checks the two agree.
pub fn time_until_consumed(
    qc: &QuotaConstants,
    u: &Usage,
    bucket: StandbyBucket,
    now: SimTime,
) -> u64 {
    let Some(q) = qc.bucket(bucket) else {
        return 0;
    };
    let running = RunningUsage::new(u, now, qc.coalescing_ms);
    let now = now.as_millis();
    let mut out = running.first_reaching(now, MAX_PERIOD, qc.max_execution_ms);
    // A window no longer than the allowed time is never used up (see `time_left`).
    if q.window_ms > q.allowed_ms {
        out = out.min(running.first_reaching(now, q.window_ms, q.allowed_ms));
    }
    out.min(now + MAX_PERIOD + qc.max_execution_ms) - now
}

/// A usage record as it would be after `open(now)`, for instants from `now` on: the closed
/// sessions (in time order, not overlapping, all ended by the open one's start) and the start
/// of the session that stays open.
struct RunningUsage<'a> {
    closed: &'a [Session],
    open_start: u64,
}

impl<'a> RunningUsage<'a> {
    fn new(u: &'a Usage, now: SimTime, coalescing_ms: u64) -> Self {
        // The same three cases as `Usage::open`: already open, reopened within the coalescing
        // time, or a new session from `now`.
        let (closed, open_start) = match u.sessions.split_last() {
            Some((last, rest)) if last.end.is_none() => (rest, last.start),
            Some((last, rest))
                if last
                    .end
                    .is_some_and(|e| now.saturating_since(e).as_millis() < coalescing_ms) =>
            {
                (rest, last.start)
            }
            _ => (u.sessions.as_slice(), now),
        };
        RunningUsage {
            closed,
            open_start: open_start.as_millis(),
        }
    }

    fn end_of(s: &Session) -> u64 {
        s.end.map_or(0, SimTime::as_millis)
    }

    /// [`Usage::used_in`] at `at`, no earlier than the open session's start.
    fn used_in(&self, at: u64, window_ms: u64) -> u64 {
        let from = at.saturating_sub(window_ms);
        time_in(self.closed, from, at) + at.saturating_sub(self.open_start.max(from))
    }

    /// The first instant from `now` at which usage in the trailing `window_ms` reaches `limit`
    /// (`u64::MAX` if it never does). Usage is piecewise linear in time: while the window is
    /// younger than `window_ms` (its start pinned at 0) it grows at rate 1; after that the
    /// window's start `f` moves too, and usage grows at rate 1 while `f` is between sessions,
    /// stays flat while `f` crosses a closed session, and stays at `window_ms` once `f` reaches
    /// the open one. So the instant is found segment by segment, exactly.
    fn first_reaching(&self, now: u64, window_ms: u64, limit: u64) -> u64 {
        let mut used = self.used_in(now, window_ms);
        if used >= limit {
            return now;
        }
        let mut t = now;
        if t < window_ms {
            if t + (limit - used) <= window_ms {
                return t + (limit - used);
            }
            used += window_ms - t;
            t = window_ms;
        }
        let mut f = t - window_ms;
        let k = self.closed.partition_point(|s| Self::end_of(s) <= f);
        let gaps = self.closed[k..]
            .iter()
            .map(|s| (s.start.as_millis(), Self::end_of(s)))
            .chain(std::iter::once((self.open_start, u64::MAX)));
        for (start, end) in gaps {
            if f < start {
                if used + (start - f) >= limit {
                    return f + (limit - used) + window_ms;
                }
                used += start - f;
            }
            f = f.max(end);
        }
        u64::MAX
    }
}

/// Whether a waiting job of this app may start: it must have more than the buffer left, except
/// that an app with a session already running keeps going until it is out (the buffer only
/// delays coming back).
pub fn in_quota(qc: &QuotaConstants, u: &Usage, bucket: StandbyBucket, at: SimTime) -> bool {
    in_quota_with(qc, u, remaining(qc, u, bucket, at))
}

/// [`in_quota`] given the [`remaining`] time.
fn in_quota_with(qc: &QuotaConstants, u: &Usage, left: u64) -> bool {
    if u.is_open() {
        left > 0
    } else {
        // The clamp keeps the buffer within the smallest allowed time; with a 0 buffer some
        // time must still be left (`isWithinQuotaLocked`: remaining time > 0).
        left >= qc.in_quota_buffer_ms.max(1)
    }
}

/// The earliest time after `now` at which a closed-out app is in quota again, assuming no new
/// usage: in-quota status can only improve as old usage ages out, so a binary search is exact.
pub fn next_in_quota(
    qc: &QuotaConstants,
    u: &Usage,
    bucket: StandbyBucket,
    now: SimTime,
) -> Option<SimTime> {
    qc.bucket(bucket)?;
    next_in_quota_by(qc, |t| in_quota(qc, u, bucket, t), now)
}

/// The earliest time from `now` within the longest window ([`QuotaConstants::horizon_ms`]: by
/// then all usage has aged out) at which the monotone predicate `ok` holds.
pub fn next_in_quota_by(
    qc: &QuotaConstants,
    ok: impl Fn(SimTime) -> bool,
    now: SimTime,
) -> Option<SimTime> {
    let ok = |t: u64| ok(SimTime::from_millis(t));
    let (mut lo, mut hi) = (now.as_millis(), now.as_millis() + qc.horizon_ms + 1);
    if ok(lo) {
        return Some(now);
    }
    if !ok(hi) {
        return None;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if ok(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(SimTime::from_millis(hi))
}

/// Whether a running job stays within quota: with the newest QuotaController (`countQuotaFix`)
/// a running job is judged on execution time only, except in the RESTRICTED bucket, where the
/// count limits apply too.
pub fn running_in_quota(
    qc: &QuotaConstants,
    u: &Usage,
    bucket: StandbyBucket,
    at: SimTime,
) -> bool {
    if bucket == StandbyBucket::Restricted {
        return remaining(qc, u, bucket, at) > 0;
    }
    time_left(qc, u, bucket, at) > 0
}

/// `(`[`in_quota`]`, `[`running_in_quota`]`)` at `at`: the two verdicts the quota controller
/// caches for an app, from one look at its counts and one at its execution time left (asking
/// each verdict on its own would compute the time left twice).
pub fn verdicts(
    qc: &QuotaConstants,
    u: &Usage,
    bucket: StandbyBucket,
    at: SimTime,
) -> (bool, bool) {
    let left = time_left(qc, u, bucket, at);
    let remaining = if under_counts(qc, u, bucket, at) {
        left
    } else {
        0
    };
    let running_ok = if bucket == StandbyBucket::Restricted {
        remaining > 0
    } else {
        left > 0
    };
    (in_quota_with(qc, u, remaining), running_ok)
}

/// Expedited-job quota left over the last EJ window (`qc_ej_window_size_ms`, 24 h).
pub fn ej_remaining(qc: &QuotaConstants, u: &Usage, bucket: StandbyBucket, at: SimTime) -> u64 {
    let Some(q) = qc.bucket(bucket) else {
        return 0;
    };
    let window = qc.ej_window_ms;
    // Rewards pay back EJ time used (ShrinkableDebits: the tally never goes below zero).
    let earned: u64 = u
        .credits
        .iter()
        .filter(|(t, _)| *t <= at && t.as_millis() + window > at.as_millis())
        .map(|(_, ms)| *ms)
        .sum();
    q.ej_limit_ms
        .saturating_sub(u.used_in(at, window).saturating_sub(earned))
}

/// Half of the bucket's EJ limit, the floor QC grants top and foreground apps.
pub fn ej_half_limit(qc: &QuotaConstants, bucket: StandbyBucket) -> SimDuration {
    SimDuration::from_millis(qc.bucket(bucket).map_or(0, |q| q.ej_limit_ms / 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qc() -> QuotaConstants {
        QuotaConstants::default()
    }

    fn t(ms: u64) -> SimTime {
        SimTime::from_millis(ms)
    }

    fn used(sessions: &[(u64, u64)]) -> Usage {
        let mut u = Usage::default();
        for &(s, e) in sessions {
            u.open(&qc(), t(s));
            u.close(t(e));
            u.job_starts.push(t(s));
        }
        u
    }

    #[test]
    fn working_set_has_ten_minutes_per_two_hours() {
        // 8 min used from 0 to 8 min: 2 min left in the 2 h window.
        let u = used(&[(0, 8 * MIN)]);
        assert_eq!(
            remaining(&qc(), &u, StandbyBucket::WorkingSet, t(9 * MIN)),
            2 * MIN
        );
        let u = used(&[(0, 10 * MIN)]);
        assert!(!in_quota(&qc(), &u, StandbyBucket::WorkingSet, t(11 * MIN)));
        // Back in quota once 30 s of the first session ages out of the window: at 2 h + 30 s.
        assert_eq!(
            next_in_quota(&qc(), &u, StandbyBucket::WorkingSet, t(11 * MIN)),
            Some(t(2 * HOUR + 30_000))
        );
    }

    #[test]
    fn active_bucket_is_bounded_only_by_the_daily_cap() {
        // Legacy ACTIVE: window = allowed time = 10 min, so a continuous run never exhausts it
        // within the window faster than it ages out… but 4 h per 24 h still bites.
        let u = used(&[(0, 4 * HOUR)]);
        assert_eq!(remaining(&qc(), &u, StandbyBucket::Active, t(4 * HOUR)), 0);
    }

    #[test]
    fn aging_usage_extends_the_time_until_consumed() {
        // 9.5 min used from 0; at 2 h the first 0 ms of it has aged out: 30 s left now, but as
        // the old session ages out at the rate new usage accrues, a job started at 2 h runs until
        // the old session is gone (9.5 min later) and then 30 s more.
        let u = used(&[(0, 9 * MIN + 30_000)]);
        assert_eq!(
            remaining(&qc(), &u, StandbyBucket::WorkingSet, t(2 * HOUR)),
            30_000
        );
        assert_eq!(
            time_until_consumed(&qc(), &u, StandbyBucket::WorkingSet, t(2 * HOUR)),
            10 * MIN
        );
    }

    /// The plain search `time_until_consumed` replaced: clone, open, probe with `time_left`.
    fn time_until_consumed_plain(
        _: &QuotaConstants,
        u: &Usage,
        bucket: StandbyBucket,
        now: SimTime,
    ) -> u64 {
        let mut running = u.clone();
        running.open(&qc(), now);
        let left = |t: u64| time_left(&qc(), &running, bucket, SimTime::from_millis(t));
        if left(now.as_millis()) == 0 {
            return 0;
        }
        let (mut lo, mut hi) = (now.as_millis(), now.as_millis() + DAY + 4 * HOUR);
        if left(hi) > 0 {
            return hi - now.as_millis();
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if left(mid) > 0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        hi - now.as_millis()
    }

    #[test]
    fn time_until_consumed_matches_the_plain_search() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for case in 0..400 {
            let mut u = Usage::default();
            let mut now = 0u64;
            for _ in 0..rng.random_range(0..40) {
                // Gaps and sessions from a few seconds (coalescing, boundaries at 0) to hours;
                // half the cases on a 5-minute grid, so boundaries line up with the windows.
                let scale = if rng.random_bool(0.3) {
                    10_000
                } else {
                    3 * HOUR
                };
                let grid = if case % 2 == 0 { 5 * MIN } else { 1 };
                now += rng.random_range(0..scale) / grid * grid;
                u.open(&qc(), t(now));
                now += rng.random_range(0..scale.min(20 * MIN)) / grid * grid;
                u.close(t(now));
            }
            // Sometimes a session is still open, sometimes one just closed (it reopens).
            match case / 2 % 3 {
                0 => u.open(&qc(), t(now)),
                1 => now += rng.random_range(0..2 * 5_000),
                _ => now += rng.random_range(0..DAY),
            }
            // Also the instants at which a window's start is next to a session's boundary.
            let mut nows = vec![now];
            for s in &u.sessions {
                for w in [2 * HOUR, 8 * HOUR, DAY] {
                    for edge in [s.start.as_millis(), s.end.map_or(0, SimTime::as_millis)] {
                        nows.extend((edge + w - 1..=edge + w + 1).filter(|&n| n >= now));
                    }
                }
            }
            for now in nows.into_iter().map(t) {
                for b in BUCKETS {
                    assert_eq!(
                        time_until_consumed(&qc(), &u, b, now),
                        time_until_consumed_plain(&qc(), &u, b, now),
                        "case {case}, {b:?}, at {now:?}"
                    );
                }
            }
        }
    }

    /// A random usage record: sessions and starts from a few seconds to hours apart, some of
    /// zero length, the last one sometimes open; with the instants next to their boundaries.
    fn random_usage(rng: &mut rand_chacha::ChaCha8Rng) -> (Usage, Vec<u64>) {
        use rand::Rng;
        let mut u = Usage::default();
        let mut now = 0u64;
        let mut edges = vec![0];
        for _ in 0..rng.random_range(0..40) {
            let scale = if rng.random_bool(0.3) {
                10_000
            } else {
                3 * HOUR
            };
            now += rng.random_range(0..scale);
            u.open(&qc(), t(now));
            u.note_start(&qc(), t(now));
            edges.push(now);
            now += rng.random_range(0..scale.min(20 * MIN));
            u.close(t(now));
            edges.push(now);
        }
        if rng.random_bool(0.5) {
            u.open(&qc(), t(now));
        }
        (u, edges)
    }

    #[test]
    fn window_sums_and_counts_match_the_plain_scans() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        // The sum over every session that `used_in` replaced.
        let plain = |u: &Usage, at: u64, window: u64| -> u64 {
            let from = at.saturating_sub(window);
            u.sessions
                .iter()
                .map(|s| {
                    let end = s.end.map_or(at, |e| e.as_millis().min(at));
                    end.saturating_sub(s.start.as_millis().max(from))
                })
                .sum()
        };
        for _ in 0..300 {
            let (u, edges) = random_usage(&mut rng);
            for &edge in &edges {
                for w in [0, 1, 10 * MIN, 2 * HOUR, DAY] {
                    // At, and the windows' starts at, each boundary and next to it.
                    for at in [edge, edge + w]
                        .into_iter()
                        .flat_map(|a| [a.saturating_sub(1), a, a + 1])
                    {
                        assert_eq!(u.used_in(t(at), w), plain(&u, at, w), "at {at}, window {w}");
                        let count = |times: &mut dyn Iterator<Item = SimTime>| {
                            times.filter(|&x| Usage::in_window(x, t(at), w)).count()
                        };
                        let starts = count(&mut u.job_starts.iter().copied());
                        let sessions = count(&mut u.sessions.iter().map(|s| s.start));
                        for n in 0..=u.job_starts.len() + 1 {
                            assert_eq!(u.starts_at_least(t(at), w, n), starts >= n);
                            assert_eq!(u.sessions_at_least(t(at), w, n), sessions >= n);
                        }
                    }
                }
            }
            let at = rng.random_range(0..4 * DAY);
            assert_eq!(u.used_in(t(at), DAY), plain(&u, at, DAY));
        }
    }

    const BUCKETS: [StandbyBucket; 7] = [
        StandbyBucket::Exempted,
        StandbyBucket::Active,
        StandbyBucket::WorkingSet,
        StandbyBucket::Frequent,
        StandbyBucket::Rare,
        StandbyBucket::Restricted,
        StandbyBucket::Never,
    ];

    #[test]
    fn under_counts_matches_the_plain_counts() {
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
        // The counts `under_counts` compared before it asked whether they reached the limits.
        let plain = |qc: &QuotaConstants, u: &Usage, bucket, at: SimTime| {
            let Some(q) = qc.bucket(bucket) else {
                return false;
            };
            let count = |times: &mut dyn Iterator<Item = SimTime>, w| {
                times.filter(|&x| Usage::in_window(x, at, w)).count()
            };
            let rate_ok = u.rate_window_expires.is_none_or(|e| e <= at)
                || u.rate_window_count < qc.rate_max_jobs;
            let open = usize::from(u.is_open() && u.sessions.last().is_some_and(|s| s.start <= at));
            let sessions = |w| count(&mut u.sessions.iter().map(|s| s.start), w);
            rate_ok
                && count(&mut u.job_starts.iter().copied(), q.window_ms) < q.max_jobs
                && sessions(q.window_ms).saturating_sub(open) < q.max_sessions
                && sessions(qc.rate_window_ms) < qc.rate_max_sessions
        };
        // The defaults, and limits that bind more often (RESTRICTED with no session at all).
        let tight = QuotaConstants::new(&finished(&[
            ("qc_max_session_count_restricted", 0),
            ("qc_max_session_count_working", 1),
            ("qc_max_session_count_frequent", 2),
            ("qc_max_job_count_rare", 10),
            ("qc_max_session_count_per_rate_limiting_window", 10),
            ("qc_rate_limiting_window_ms", DAY as i64),
        ]));
        for _ in 0..300 {
            let (u, edges) = random_usage(&mut rng);
            for &edge in &edges {
                // (A day on, an open session started before every window.)
                let later = [edge + 2 * HOUR, edge + DAY + 1];
                for at in [edge.saturating_sub(1), edge, edge + 1]
                    .into_iter()
                    .chain(later)
                {
                    let at = t(at);
                    for qc in [&qc(), &tight] {
                        for b in BUCKETS {
                            assert_eq!(under_counts(qc, &u, b, at), plain(qc, &u, b, at));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn verdicts_match_in_quota_and_running_in_quota() {
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
        for _ in 0..200 {
            let (u, edges) = random_usage(&mut rng);
            for &at in &edges {
                for b in BUCKETS {
                    let at = t(at);
                    assert_eq!(
                        verdicts(&qc(), &u, b, at),
                        (
                            in_quota(&qc(), &u, b, at),
                            running_in_quota(&qc(), &u, b, at)
                        )
                    );
                }
            }
        }
    }

    #[test]
    fn sessions_coalesce_within_five_seconds() {
        let mut u = Usage::default();
        u.open(&qc(), t(0));
        u.close(t(1_000));
        u.open(&qc(), t(5_999));
        assert_eq!(u.sessions.len(), 1, "reopened");
        u.close(t(7_000));
        u.open(&qc(), t(12_000));
        assert_eq!(u.sessions.len(), 2);
    }

    #[test]
    fn rare_bucket_allows_three_sessions_a_day() {
        let u = used(&[
            (0, 1_000),
            (HOUR, HOUR + 1_000),
            (2 * HOUR, 2 * HOUR + 1_000),
        ]);
        assert_eq!(remaining(&qc(), &u, StandbyBucket::Rare, t(3 * HOUR)), 0);
    }

    #[test]
    fn rate_limit_is_twenty_jobs_a_minute() {
        let mut u = Usage::default();
        (0..20).for_each(|i| u.note_start(&qc(), t(i * 1_000)));
        assert_eq!(remaining(&qc(), &u, StandbyBucket::Active, t(30_000)), 0);
        // The fixed window opened at the first start and expires 60 s later.
        assert!(remaining(&qc(), &u, StandbyBucket::Active, t(60_000)) > 0);
        assert!(
            running_in_quota(&qc(), &u, StandbyBucket::Active, t(30_000)),
            "counts never stop a running job"
        );
    }

    #[test]
    fn rewards_pay_back_used_ej_time_but_never_beyond_the_limit() {
        let mut u = used(&[(0, 25 * MIN)]);
        u.credits.push((t(HOUR), 2 * MIN));
        // ACTIVE: 30 min limit, 25 min used, 2 min earned back: 7 min left.
        assert_eq!(
            ej_remaining(&qc(), &u, StandbyBucket::Active, t(HOUR)),
            7 * MIN
        );
        u.credits.push((t(HOUR), 60 * MIN));
        assert_eq!(
            ej_remaining(&qc(), &u, StandbyBucket::Active, t(HOUR)),
            30 * MIN
        );
    }

    #[test]
    fn ej_quota_per_day_by_bucket() {
        let u = used(&[(0, 25 * MIN)]);
        assert_eq!(
            ej_remaining(&qc(), &u, StandbyBucket::Active, t(HOUR)),
            5 * MIN
        );
        assert_eq!(ej_remaining(&qc(), &u, StandbyBucket::Rare, t(HOUR)), 0);
        assert_eq!(
            ej_remaining(&qc(), &u, StandbyBucket::Active, t(DAY + 25 * MIN)),
            30 * MIN
        );
    }

    /// Tunables with `set` applied, then `finish` (which runs [`clamp_tunables`]).
    fn finished(set: &[(&str, i64)]) -> Tunables {
        let mut t = Tunables::default();
        for &(n, v) in set {
            t.set(n, TunableValue::Int(v)).unwrap();
        }
        t.finish();
        t
    }

    #[test]
    fn defaults_resolve_to_the_legacy_table() {
        let qc = qc();
        let b = |b| *qc.bucket(b).unwrap();
        let q = |allowed_ms, window_ms, max_jobs, max_sessions, ej_limit_ms| BucketQuota {
            allowed_ms,
            window_ms,
            max_jobs,
            max_sessions,
            ej_limit_ms,
        };
        assert_eq!(
            b(StandbyBucket::Exempted),
            q(10 * MIN, 10 * MIN, 75, 75, HOUR)
        );
        assert_eq!(
            b(StandbyBucket::Active),
            q(10 * MIN, 10 * MIN, 75, 75, 30 * MIN)
        );
        assert_eq!(
            b(StandbyBucket::WorkingSet),
            q(10 * MIN, 2 * HOUR, 120, 10, 30 * MIN)
        );
        assert_eq!(
            b(StandbyBucket::Frequent),
            q(10 * MIN, 8 * HOUR, 200, 8, 10 * MIN)
        );
        assert_eq!(b(StandbyBucket::Rare), q(10 * MIN, DAY, 48, 3, 10 * MIN));
        assert_eq!(
            b(StandbyBucket::Restricted),
            q(10 * MIN, DAY, 10, 1, 5 * MIN)
        );
        assert!(qc.bucket(StandbyBucket::Never).is_none());
        assert_eq!(
            (qc.max_execution_ms, qc.in_quota_buffer_ms, qc.coalescing_ms),
            (4 * HOUR, 30_000, 5_000)
        );
        assert_eq!(
            (qc.rate_window_ms, qc.rate_max_jobs, qc.rate_max_sessions),
            (MIN, 20, 20)
        );
        assert_eq!((qc.ej_window_ms, qc.horizon_ms), (DAY, DAY));
        // The defaults sit inside every clamp: finishing changes nothing.
        assert_eq!(finished(&[]), Tunables::default());
    }

    #[test]
    fn max_execution_time_is_clamped_to_one_hour_through_a_day() {
        let at = |v| finished(&[("qc_max_execution_time_ms", v)]).qc_max_execution_time_ms;
        assert_eq!(at(HOUR as i64 - 1), HOUR as i64);
        assert_eq!(at(HOUR as i64), HOUR as i64);
        assert_eq!(at(DAY as i64), DAY as i64);
        assert_eq!(at(DAY as i64 + 1), DAY as i64);
    }

    #[test]
    fn allowed_time_is_at_least_a_minute_and_at_most_the_max_execution_time() {
        let k = "qc_allowed_time_per_period_working_ms";
        let at = |set: &[(&str, i64)]| finished(set).qc_allowed_time_per_period_working_ms;
        assert_eq!(at(&[(k, MIN as i64 - 1)]), MIN as i64);
        assert_eq!(at(&[(k, MIN as i64)]), MIN as i64);
        assert_eq!(at(&[(k, 4 * HOUR as i64)]), 4 * HOUR as i64);
        assert_eq!(at(&[(k, 4 * HOUR as i64 + 1)]), 4 * HOUR as i64);
        // The cap follows a clamped max execution time (30 min is raised to 1 h first).
        let lowered = [
            (k, 2 * HOUR as i64),
            ("qc_max_execution_time_ms", 30 * MIN as i64),
        ];
        assert_eq!(at(&lowered), HOUR as i64);
    }

    #[test]
    fn windows_lie_between_the_allowed_time_and_a_day_or_a_week_for_restricted() {
        let t = finished(&[
            ("qc_allowed_time_per_period_working_ms", 30 * MIN as i64),
            ("qc_window_size_working_ms", 30 * MIN as i64 - 1),
            ("qc_window_size_frequent_ms", DAY as i64 + 1),
            ("qc_window_size_rare_ms", DAY as i64),
            ("qc_window_size_restricted_ms", 7 * DAY as i64 + 1),
            ("qc_window_size_exempted_ms", 0),
        ]);
        assert_eq!(
            t.qc_window_size_working_ms,
            30 * MIN as i64,
            "raised to its allowed time"
        );
        assert_eq!(t.qc_window_size_frequent_ms, DAY as i64);
        assert_eq!(t.qc_window_size_rare_ms, DAY as i64);
        assert_eq!(t.qc_window_size_restricted_ms, 7 * DAY as i64);
        assert_eq!(t.qc_window_size_exempted_ms, 10 * MIN as i64);
        let t = finished(&[("qc_window_size_restricted_ms", 3 * DAY as i64)]);
        assert_eq!(t.qc_window_size_restricted_ms, 3 * DAY as i64);
        // Usage is kept (and coming back is searched for) as far back as the longest window.
        assert_eq!(QuotaConstants::new(&t).horizon_ms, 3 * DAY);
    }

    #[test]
    fn in_quota_buffer_is_at_most_five_minutes_and_the_smallest_allowed_time() {
        let at = |set: &[(&str, i64)]| finished(set).qc_in_quota_buffer_ms;
        let k = "qc_in_quota_buffer_ms";
        assert_eq!(at(&[(k, -1)]), 0);
        assert_eq!(at(&[(k, 5 * MIN as i64)]), 5 * MIN as i64);
        assert_eq!(at(&[(k, 5 * MIN as i64 + 1)]), 5 * MIN as i64);
        let small = ("qc_allowed_time_per_period_rare_ms", 2 * MIN as i64);
        assert_eq!(at(&[(k, 3 * MIN as i64), small]), 2 * MIN as i64);
    }

    #[test]
    fn counts_have_their_floors_and_restricted_may_have_no_session() {
        let t = finished(&[
            ("qc_max_job_count_rare", 9),
            ("qc_max_job_count_working", 10),
            ("qc_max_session_count_frequent", 0),
            ("qc_max_session_count_working", 1),
            ("qc_max_session_count_restricted", 0),
            ("qc_max_job_count_per_rate_limiting_window", 9),
            ("qc_max_session_count_per_rate_limiting_window", 10),
        ]);
        assert_eq!(
            (t.qc_max_job_count_rare, t.qc_max_job_count_working),
            (10, 10)
        );
        assert_eq!(
            (
                t.qc_max_session_count_frequent,
                t.qc_max_session_count_working
            ),
            (1, 1)
        );
        assert_eq!(t.qc_max_session_count_restricted, 0);
        assert_eq!(t.qc_max_job_count_per_rate_limiting_window, 10);
        assert_eq!(t.qc_max_session_count_per_rate_limiting_window, 10);
        assert_eq!(
            finished(&[("qc_max_session_count_restricted", -1)]).qc_max_session_count_restricted,
            0
        );
    }

    #[test]
    fn rate_window_and_coalescing_are_clamped() {
        let t = finished(&[
            ("qc_rate_limiting_window_ms", 29_999),
            ("qc_timing_session_coalescing_duration_ms", -1),
        ]);
        assert_eq!(t.qc_rate_limiting_window_ms, 30_000);
        assert_eq!(t.qc_timing_session_coalescing_duration_ms, 0);
        let t = finished(&[
            ("qc_rate_limiting_window_ms", DAY as i64 + 1),
            (
                "qc_timing_session_coalescing_duration_ms",
                15 * MIN as i64 + 1,
            ),
        ]);
        assert_eq!(t.qc_rate_limiting_window_ms, DAY as i64);
        assert_eq!(t.qc_timing_session_coalescing_duration_ms, 15 * MIN as i64);
    }

    #[test]
    fn ej_limits_chain_down_from_the_window() {
        // Window 30 min is raised to 1 h; EXEMPTED 2 h is cut to it; ACTIVE 10 min is raised to
        // 15 min; WORKING_SET 45 min is cut to ACTIVE's 15 min; FREQUENT 20 min is cut to
        // 15 min; RARE 1 min is raised to 10 min; RESTRICTED 20 min is cut to RARE's 10 min.
        let t = finished(&[
            ("qc_ej_window_size_ms", 30 * MIN as i64),
            ("qc_ej_limit_exempted_ms", 2 * HOUR as i64),
            ("qc_ej_limit_active_ms", 10 * MIN as i64),
            ("qc_ej_limit_working_ms", 45 * MIN as i64),
            ("qc_ej_limit_frequent_ms", 20 * MIN as i64),
            ("qc_ej_limit_rare_ms", MIN as i64),
            ("qc_ej_limit_restricted_ms", 20 * MIN as i64),
        ]);
        let m = |v: i64| v / MIN as i64;
        assert_eq!(m(t.qc_ej_window_size_ms), 60);
        assert_eq!(
            [
                t.qc_ej_limit_exempted_ms,
                t.qc_ej_limit_active_ms,
                t.qc_ej_limit_working_ms,
                t.qc_ej_limit_frequent_ms,
                t.qc_ej_limit_rare_ms,
                t.qc_ej_limit_restricted_ms
            ]
            .map(m),
            [60, 15, 15, 15, 10, 10]
        );
        let t = finished(&[
            ("qc_ej_window_size_ms", DAY as i64 + 1),
            ("qc_ej_limit_restricted_ms", 0),
        ]);
        assert_eq!(
            (t.qc_ej_window_size_ms, t.qc_ej_limit_restricted_ms),
            (DAY as i64, 5 * MIN as i64)
        );
    }

    #[test]
    fn ej_rewards_and_grace_periods_are_clamped() {
        let t = finished(&[
            ("qc_ej_top_app_time_chunk_size_ms", 0),
            ("qc_ej_reward_top_app_ms", 9_999),
            ("qc_ej_reward_interaction_ms", 4_999),
            ("qc_ej_grace_period_top_app_ms", -1),
            ("qc_ej_grace_period_temp_allowlist_ms", HOUR as i64 + 1),
        ]);
        assert_eq!(t.qc_ej_top_app_time_chunk_size_ms, 1);
        assert_eq!(t.qc_ej_reward_top_app_ms, 10_000);
        assert_eq!(t.qc_ej_reward_interaction_ms, 5_000);
        assert_eq!(t.qc_ej_grace_period_top_app_ms, 0);
        assert_eq!(t.qc_ej_grace_period_temp_allowlist_ms, HOUR as i64);
        let fifteen = 15 * MIN as i64;
        let t = finished(&[
            ("qc_ej_top_app_time_chunk_size_ms", fifteen + 1),
            ("qc_ej_reward_top_app_ms", fifteen + 1),
            ("qc_ej_reward_interaction_ms", fifteen),
        ]);
        assert_eq!(t.qc_ej_top_app_time_chunk_size_ms, fifteen);
        assert_eq!(t.qc_ej_reward_top_app_ms, fifteen);
        assert_eq!(t.qc_ej_reward_interaction_ms, fifteen);
    }

    fn with_defaults(flag: bool, set: &[(&str, i64)]) -> Tunables {
        let mut t = Tunables::default();
        for &(n, v) in set {
            t.set(n, TunableValue::Int(v)).unwrap();
        }
        apply_default_constants(&mut t, flag, |n| set.iter().any(|(k, _)| *k == n));
        t.finish();
        t
    }

    #[test]
    fn the_flag_switches_nine_defaults_unless_set() {
        let t = with_defaults(true, &[("qc_window_size_working_ms", 3 * HOUR as i64)]);
        assert_eq!(
            t.qc_window_size_working_ms,
            3 * HOUR as i64,
            "an explicit value wins"
        );
        assert_eq!(t.qc_window_size_frequent_ms, 12 * HOUR as i64);
        let qc = QuotaConstants::new(&t);
        let active = qc.bucket(StandbyBucket::Active).unwrap();
        assert_eq!((active.allowed_ms, active.window_ms), (20 * MIN, HOUR));
        let exempted = qc.bucket(StandbyBucket::Exempted).unwrap();
        assert_eq!(
            (exempted.allowed_ms, exempted.window_ms),
            (20 * MIN, 40 * MIN)
        );
        assert_eq!(
            qc.bucket(StandbyBucket::WorkingSet).unwrap().ej_limit_ms,
            15 * MIN
        );
        assert_eq!(t.qc_ej_top_app_time_chunk_size_ms, 5 * MIN as i64);
        assert_eq!(t.qc_ej_reward_interaction_ms, 5_000);
        // Off, and nothing set: the legacy table.
        assert_eq!(with_defaults(false, &[]), finished(&[]));
    }

    #[test]
    fn setting_an_execution_period_key_reads_active_and_exempted_allowed_time_as_20_minutes() {
        // updateExecutionPeriodConstantsLocked reads the group with the current 20 min defaults
        // for EXEMPTED and ACTIVE; their legacy 10 min windows are raised to 20 min with them.
        let t = with_defaults(false, &[("qc_window_size_rare_ms", 12 * HOUR as i64)]);
        assert_eq!(t.qc_allowed_time_per_period_active_ms, 20 * MIN as i64);
        assert_eq!(t.qc_window_size_active_ms, 20 * MIN as i64);
        assert_eq!(t.qc_allowed_time_per_period_working_ms, 10 * MIN as i64);
        // A key outside the group leaves them alone.
        let t = with_defaults(false, &[("qc_max_job_count_rare", 20)]);
        assert_eq!(t.qc_allowed_time_per_period_active_ms, 10 * MIN as i64);
    }

    #[test]
    fn ej_exempted_limit_alone_is_never_read() {
        let alone = with_defaults(false, &[("qc_ej_limit_exempted_ms", 20 * MIN as i64)]);
        assert_eq!(alone.qc_ej_limit_exempted_ms, HOUR as i64);
        let with_group = with_defaults(
            false,
            &[
                ("qc_ej_limit_exempted_ms", 40 * MIN as i64),
                ("qc_ej_limit_rare_ms", 10 * MIN as i64),
            ],
        );
        // Read with the group; ACTIVE's 30 min is then cut to EXEMPTED's 40 min: unchanged.
        assert_eq!(with_group.qc_ej_limit_exempted_ms, 40 * MIN as i64);
    }

    #[test]
    fn quota_follows_the_resolved_constants() {
        // WORKING_SET with 5 min per 1 h: 5 min used from 0 is all of it until 1 h + 30 s.
        let t = finished(&[
            ("qc_allowed_time_per_period_working_ms", 5 * MIN as i64),
            ("qc_window_size_working_ms", HOUR as i64),
        ]);
        let qc = QuotaConstants::new(&t);
        let u = used(&[(0, 5 * MIN)]);
        assert_eq!(
            remaining(&qc, &u, StandbyBucket::WorkingSet, t_(6 * MIN)),
            0
        );
        assert_eq!(
            next_in_quota(&qc, &u, StandbyBucket::WorkingSet, t_(6 * MIN)),
            Some(t_(HOUR + 30_000))
        );
        // Coalescing 0: a session reopened at once is a new one.
        let qc = QuotaConstants::new(&finished(&[(
            "qc_timing_session_coalescing_duration_ms",
            0,
        )]));
        let mut u = Usage::default();
        u.open(&qc, t_(0));
        u.close(t_(1_000));
        u.open(&qc, t_(1_000));
        assert_eq!(u.sessions.len(), 2);
    }

    fn t_(ms: u64) -> SimTime {
        SimTime::from_millis(ms)
    }
}
