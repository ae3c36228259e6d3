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
//! Defaults are the legacy values; the "new" constants behind the aconfig flag
//! `adjust_quota_default_constants` are **(unconfirmed)** in shipping builds and not modeled.

use crate::app::StandbyBucket;
use crate::time::{SimDuration, SimTime};

const MIN: u64 = 60_000;
const HOUR: u64 = 60 * MIN;
const DAY: u64 = 24 * HOUR;

/// `ALLOWED_TIME_PER_PERIOD_*`: 10 min in every bucket.
pub const ALLOWED_TIME: u64 = 10 * MIN;
/// `MAX_EXECUTION_TIME_MS`: at most 4 h of counted execution in any 24 h.
pub const MAX_EXECUTION_TIME: u64 = 4 * HOUR;
/// `IN_QUOTA_BUFFER_MS`: an app out of quota comes back once it has this much time again.
pub const IN_QUOTA_BUFFER: u64 = 30_000;
/// `TIMING_SESSION_COALESCING_DURATION_MS`.
pub const SESSION_COALESCING: u64 = 5_000;
/// `RATE_LIMITING_WINDOW_MS` and the job and session counts allowed in it.
pub const RATE_LIMIT_WINDOW: u64 = MIN;
pub const RATE_LIMIT_COUNT: usize = 20;

/// The per-bucket quota constants (legacy defaults).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BucketQuota {
    pub window_ms: u64,
    pub max_jobs: usize,
    pub max_sessions: usize,
    /// Expedited-job time per 24 h.
    pub ej_limit_ms: u64,
}

/// Quota constants of a bucket; `None` for NEVER (no quota at all).
pub fn bucket_quota(b: StandbyBucket) -> Option<BucketQuota> {
    let q = |window_ms, max_jobs, max_sessions, ej_limit_ms| BucketQuota {
        window_ms,
        max_jobs,
        max_sessions,
        ej_limit_ms,
    };
    Some(match b {
        StandbyBucket::Exempted => q(10 * MIN, 75, 75, 60 * MIN),
        StandbyBucket::Active => q(10 * MIN, 75, 75, 30 * MIN),
        StandbyBucket::WorkingSet => q(2 * HOUR, 120, 10, 30 * MIN),
        StandbyBucket::Frequent => q(8 * HOUR, 200, 8, 10 * MIN),
        StandbyBucket::Rare => q(DAY, 48, 3, 10 * MIN),
        StandbyBucket::Restricted => q(DAY, 10, 1, 5 * MIN),
        StandbyBucket::Never => return None,
    })
}

/// A closed or open period of counted execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    pub start: SimTime,
    /// `None` while open.
    pub end: Option<SimTime>,
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
    pub fn note_start(&mut self, now: SimTime) {
        self.job_starts.push(now);
        if self.rate_window_expires.is_none_or(|e| e <= now) {
            self.rate_window_expires =
                Some(now.saturating_add(SimDuration::from_millis(RATE_LIMIT_WINDOW)));
            self.rate_window_count = 0;
        }
        self.rate_window_count += 1;
    }

    pub fn is_open(&self) -> bool {
        self.sessions.last().is_some_and(|s| s.end.is_none())
    }

    /// Opens a session at `now`, or reopens the last one if it ended less than 5 s ago.
    pub fn open(&mut self, now: SimTime) {
        if self.is_open() {
            return;
        }
        if let Some(last) = self.sessions.last_mut() {
            if last
                .end
                .is_some_and(|e| now.saturating_since(e).as_millis() < SESSION_COALESCING)
            {
                last.end = None;
                return;
            }
        }
        self.sessions.push(Session {
            start: now,
            end: None,
        });
    }

    pub fn close(&mut self, now: SimTime) {
        if let Some(last) = self.sessions.last_mut() {
            if last.end.is_none() {
                last.end = Some(now);
            }
        }
    }

    /// Forgets usage older than a day (no window is longer), keeping memory bounded. Usage is in
    /// time order, so what is forgotten is a prefix, found by binary search: this runs at every
    /// start and end of one of the app's jobs, and usually forgets nothing.
    pub fn prune(&mut self, now: SimTime) {
        let horizon = now.as_millis().saturating_sub(DAY);
        self.credits.retain(|(t, _)| t.as_millis() > horizon);
        let old_sessions = self
            .sessions
            .partition_point(|s| s.end.is_some_and(|e| e.as_millis() <= horizon));
        self.sessions.drain(..old_sessions);
        let old_starts = self
            .job_starts
            .partition_point(|t| t.as_millis() <= horizon);
        self.job_starts.drain(..old_starts);
    }

    /// Counted execution time inside `[at - window, at]`, with open sessions running until `at`.
    pub fn used_in(&self, at: SimTime, window_ms: u64) -> u64 {
        let from = at.as_millis().saturating_sub(window_ms);
        // Sessions are in time order and do not overlap, so their ends rise (the open one is
        // last): those that ended by `from` add nothing and are skipped without a look.
        let first = self
            .sessions
            .partition_point(|s| s.end.is_some_and(|e| e.as_millis() <= from));
        self.sessions[first..]
            .iter()
            .map(|s| {
                let end = s
                    .end
                    .map_or(at.as_millis(), |e| e.as_millis().min(at.as_millis()));
                end.saturating_sub(s.start.as_millis().max(from))
            })
            .sum()
    }

    /// Whether `t` lies in the window `(at - window, at]`.
    fn in_window(t: SimTime, at: SimTime, window_ms: u64) -> bool {
        t <= at && t.as_millis() + window_ms > at.as_millis()
    }

    /// How many of `items` lie in the window `(at - window, at]` by their `time`. Items are in
    /// time order (starts are recorded as the clock advances), so the window is a run of the
    /// list found by two binary searches instead of a scan: quota is judged for an app whenever
    /// its usage changes, and a busy app has hundreds of starts in a day.
    fn count_in_window<T>(
        items: &[T],
        time: impl Fn(&T) -> SimTime,
        at: SimTime,
        window_ms: u64,
    ) -> usize {
        debug_assert!(items.is_sorted_by_key(&time), "usage is kept in time order");
        let up_to_at = items.partition_point(|x| time(x) <= at);
        let aged_out =
            items[..up_to_at].partition_point(|x| !Self::in_window(time(x), at, window_ms));
        up_to_at - aged_out
    }

    fn starts_in(&self, at: SimTime, window_ms: u64) -> usize {
        Self::count_in_window(&self.job_starts, |t| *t, at, window_ms)
    }

    fn sessions_in(&self, at: SimTime, window_ms: u64) -> usize {
        Self::count_in_window(&self.sessions, |s| s.start, at, window_ms)
    }
}

/// `isUnderJobCountQuotaLocked` and `isUnderSessionCountQuotaLocked`: counted job starts and
/// sessions in the bucket window below the bucket's limits, and below the rate limits.
pub fn under_counts(u: &Usage, bucket: StandbyBucket, at: SimTime) -> bool {
    let Some(q) = bucket_quota(bucket) else {
        return false;
    };
    let rate_ok =
        u.rate_window_expires.is_none_or(|e| e <= at) || u.rate_window_count < RATE_LIMIT_COUNT;
    // `updateExecutionStatsLocked` leaves an active session out of the session count, so that
    // a running session never keeps new jobs (or itself) from starting.
    let open = usize::from(u.is_open() && u.sessions.last().is_some_and(|s| s.start <= at));
    rate_ok
        && u.starts_in(at, q.window_ms) < q.max_jobs
        && u.sessions_in(at, q.window_ms).saturating_sub(open) < q.max_sessions
        && u.sessions_in(at, RATE_LIMIT_WINDOW) < RATE_LIMIT_COUNT
}

/// `getRemainingExecutionTimeLocked`: execution time left in the bucket window and under the
/// daily cap, at `at`.
pub fn time_left(u: &Usage, bucket: StandbyBucket, at: SimTime) -> u64 {
    let Some(q) = bucket_quota(bucket) else {
        return 0;
    };
    // When the window is no longer than the allowed time (legacy ACTIVE and EXEMPTED) the
    // window can never be used up faster than it ages out: only the daily cap bites.
    let window_left = if q.window_ms <= ALLOWED_TIME {
        u64::MAX
    } else {
        ALLOWED_TIME.saturating_sub(u.used_in(at, q.window_ms))
    };
    let day_left = MAX_EXECUTION_TIME.saturating_sub(u.used_in(at, DAY));
    window_left.min(day_left)
}

/// Regular-job quota for a job about to start: execution time left, or 0 when a count limit
/// is reached.
pub fn remaining(u: &Usage, bucket: StandbyBucket, at: SimTime) -> u64 {
    if under_counts(u, bucket, at) {
        time_left(u, bucket, at)
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
pub fn time_until_consumed(u: &Usage, bucket: StandbyBucket, now: SimTime) -> u64 {
    let Some(q) = bucket_quota(bucket) else {
        return 0;
    };
    let running = RunningUsage::new(u, now);
    let now = now.as_millis();
    let mut out = running.first_reaching(now, DAY, MAX_EXECUTION_TIME);
    // A window no longer than the allowed time is never used up (see `time_left`).
    if q.window_ms > ALLOWED_TIME {
        out = out.min(running.first_reaching(now, q.window_ms, ALLOWED_TIME));
    }
    out.min(now + DAY + MAX_EXECUTION_TIME) - now
}

/// A usage record as it would be after `open(now)`, for instants from `now` on: the closed
/// sessions (in time order, not overlapping, all ended by the open one's start) and the start
/// of the session that stays open.
struct RunningUsage<'a> {
    closed: &'a [Session],
    open_start: u64,
}

impl<'a> RunningUsage<'a> {
    fn new(u: &'a Usage, now: SimTime) -> Self {
        // The same three cases as `Usage::open`: already open, reopened within the coalescing
        // time, or a new session from `now`.
        let (closed, open_start) = match u.sessions.split_last() {
            Some((last, rest)) if last.end.is_none() => (rest, last.start),
            Some((last, rest))
                if last
                    .end
                    .is_some_and(|e| now.saturating_since(e).as_millis() < SESSION_COALESCING) =>
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
        let k = self.closed.partition_point(|s| Self::end_of(s) <= from);
        let closed: u64 = self.closed[k..]
            .iter()
            .map(|s| Self::end_of(s) - s.start.as_millis().max(from))
            .sum();
        closed + at.saturating_sub(self.open_start.max(from))
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
pub fn in_quota(u: &Usage, bucket: StandbyBucket, at: SimTime) -> bool {
    let left = remaining(u, bucket, at);
    if u.is_open() {
        left > 0
    } else {
        left >= IN_QUOTA_BUFFER.min(ALLOWED_TIME)
    }
}

/// The earliest time after `now` at which a closed-out app is in quota again, assuming no new
/// usage: in-quota status can only improve as old usage ages out, so a binary search is exact.
pub fn next_in_quota(u: &Usage, bucket: StandbyBucket, now: SimTime) -> Option<SimTime> {
    bucket_quota(bucket)?;
    next_in_quota_by(|t| in_quota(u, bucket, t), now)
}

/// The earliest time from `now` within a day at which the monotone predicate `ok` holds.
pub fn next_in_quota_by(ok: impl Fn(SimTime) -> bool, now: SimTime) -> Option<SimTime> {
    let ok = |t: u64| ok(SimTime::from_millis(t));
    let (mut lo, mut hi) = (now.as_millis(), now.as_millis() + DAY + 1);
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
pub fn running_in_quota(u: &Usage, bucket: StandbyBucket, at: SimTime) -> bool {
    if bucket == StandbyBucket::Restricted {
        return remaining(u, bucket, at) > 0;
    }
    time_left(u, bucket, at) > 0
}

/// Expedited-job quota left over the last 24 h.
pub fn ej_remaining(u: &Usage, bucket: StandbyBucket, at: SimTime) -> u64 {
    let Some(q) = bucket_quota(bucket) else {
        return 0;
    };
    // Rewards pay back EJ time used (ShrinkableDebits: the tally never goes below zero).
    let earned: u64 = u
        .credits
        .iter()
        .filter(|(t, _)| *t <= at && t.as_millis() + DAY > at.as_millis())
        .map(|(_, ms)| *ms)
        .sum();
    q.ej_limit_ms
        .saturating_sub(u.used_in(at, DAY).saturating_sub(earned))
}

/// Half of the bucket's EJ limit, the floor QC grants top and foreground apps.
pub fn ej_half_limit(bucket: StandbyBucket) -> SimDuration {
    SimDuration::from_millis(bucket_quota(bucket).map_or(0, |q| q.ej_limit_ms / 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(ms: u64) -> SimTime {
        SimTime::from_millis(ms)
    }

    fn used(sessions: &[(u64, u64)]) -> Usage {
        Usage {
            sessions: sessions
                .iter()
                .map(|&(s, e)| Session {
                    start: t(s),
                    end: Some(t(e)),
                })
                .collect(),
            job_starts: sessions.iter().map(|&(s, _)| t(s)).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn working_set_has_ten_minutes_per_two_hours() {
        // 8 min used from 0 to 8 min: 2 min left in the 2 h window.
        let u = used(&[(0, 8 * MIN)]);
        assert_eq!(
            remaining(&u, StandbyBucket::WorkingSet, t(9 * MIN)),
            2 * MIN
        );
        let u = used(&[(0, 10 * MIN)]);
        assert!(!in_quota(&u, StandbyBucket::WorkingSet, t(11 * MIN)));
        // Back in quota once 30 s of the first session ages out of the window: at 2 h + 30 s.
        assert_eq!(
            next_in_quota(&u, StandbyBucket::WorkingSet, t(11 * MIN)),
            Some(t(2 * HOUR + 30_000))
        );
    }

    #[test]
    fn active_bucket_is_bounded_only_by_the_daily_cap() {
        // Legacy ACTIVE: window = allowed time = 10 min, so a continuous run never exhausts it
        // within the window faster than it ages out… but 4 h per 24 h still bites.
        let u = used(&[(0, 4 * HOUR)]);
        assert_eq!(remaining(&u, StandbyBucket::Active, t(4 * HOUR)), 0);
    }

    #[test]
    fn aging_usage_extends_the_time_until_consumed() {
        // 9.5 min used from 0; at 2 h the first 0 ms of it has aged out: 30 s left now, but as
        // the old session ages out at the rate new usage accrues, a job started at 2 h runs until
        // the old session is gone (9.5 min later) and then 30 s more.
        let u = used(&[(0, 9 * MIN + 30_000)]);
        assert_eq!(
            remaining(&u, StandbyBucket::WorkingSet, t(2 * HOUR)),
            30_000
        );
        assert_eq!(
            time_until_consumed(&u, StandbyBucket::WorkingSet, t(2 * HOUR)),
            10 * MIN
        );
    }

    /// The plain search `time_until_consumed` replaced: clone, open, probe with `time_left`.
    fn time_until_consumed_plain(u: &Usage, bucket: StandbyBucket, now: SimTime) -> u64 {
        let mut running = u.clone();
        running.open(now);
        let left = |t: u64| time_left(&running, bucket, SimTime::from_millis(t));
        if left(now.as_millis()) == 0 {
            return 0;
        }
        let (mut lo, mut hi) = (now.as_millis(), now.as_millis() + DAY + MAX_EXECUTION_TIME);
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
        let buckets = [
            StandbyBucket::Exempted,
            StandbyBucket::Active,
            StandbyBucket::WorkingSet,
            StandbyBucket::Frequent,
            StandbyBucket::Rare,
            StandbyBucket::Restricted,
            StandbyBucket::Never,
        ];
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
                u.open(t(now));
                now += rng.random_range(0..scale.min(20 * MIN)) / grid * grid;
                u.close(t(now));
            }
            // Sometimes a session is still open, sometimes one just closed (it reopens).
            match case / 2 % 3 {
                0 => u.open(t(now)),
                1 => now += rng.random_range(0..2 * SESSION_COALESCING),
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
                for b in buckets {
                    assert_eq!(
                        time_until_consumed(&u, b, now),
                        time_until_consumed_plain(&u, b, now),
                        "case {case}, {b:?}, at {now:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn sessions_coalesce_within_five_seconds() {
        let mut u = Usage::default();
        u.open(t(0));
        u.close(t(1_000));
        u.open(t(5_999));
        assert_eq!(u.sessions.len(), 1, "reopened");
        u.close(t(7_000));
        u.open(t(12_000));
        assert_eq!(u.sessions.len(), 2);
    }

    #[test]
    fn rare_bucket_allows_three_sessions_a_day() {
        let u = used(&[
            (0, 1_000),
            (HOUR, HOUR + 1_000),
            (2 * HOUR, 2 * HOUR + 1_000),
        ]);
        assert_eq!(remaining(&u, StandbyBucket::Rare, t(3 * HOUR)), 0);
    }

    #[test]
    fn rate_limit_is_twenty_jobs_a_minute() {
        let mut u = Usage::default();
        (0..20).for_each(|i| u.note_start(t(i * 1_000)));
        assert_eq!(remaining(&u, StandbyBucket::Active, t(30_000)), 0);
        // The fixed window opened at the first start and expires 60 s later.
        assert!(remaining(&u, StandbyBucket::Active, t(60_000)) > 0);
        assert!(
            running_in_quota(&u, StandbyBucket::Active, t(30_000)),
            "counts never stop a running job"
        );
    }

    #[test]
    fn rewards_pay_back_used_ej_time_but_never_beyond_the_limit() {
        let mut u = used(&[(0, 25 * MIN)]);
        u.credits.push((t(HOUR), 2 * MIN));
        // ACTIVE: 30 min limit, 25 min used, 2 min earned back: 7 min left.
        assert_eq!(ej_remaining(&u, StandbyBucket::Active, t(HOUR)), 7 * MIN);
        u.credits.push((t(HOUR), 60 * MIN));
        assert_eq!(ej_remaining(&u, StandbyBucket::Active, t(HOUR)), 30 * MIN);
    }

    #[test]
    fn ej_quota_per_day_by_bucket() {
        let u = used(&[(0, 25 * MIN)]);
        assert_eq!(ej_remaining(&u, StandbyBucket::Active, t(HOUR)), 5 * MIN);
        assert_eq!(ej_remaining(&u, StandbyBucket::Rare, t(HOUR)), 0);
        assert_eq!(
            ej_remaining(&u, StandbyBucket::Active, t(DAY + 25 * MIN)),
            30 * MIN
        );
    }
}
