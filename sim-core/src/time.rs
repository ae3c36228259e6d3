//! Simulated time: instants ([`SimTime`]) and spans ([`SimDuration`]).
//!
//! Both are whole milliseconds in a `u64`. Integer time is what makes runs
//! reproducible: float timestamps accumulate rounding differently depending on
//! the order of additions, which would let an innocent refactor reorder events.
//! Millisecond resolution matches the granularity of JobScheduler's own
//! deadlines and alarms. Arithmetic saturates instead of panicking so that
//! "never" can be modelled as [`SimDuration::MAX`] without special cases.

use std::fmt;
use std::ops::{Add, Mul, Sub};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use crate::units::ParseUnitError;
use crate::units::{split_number, string_serde, Decimal, DecimalError, TOO_LARGE};

/// An instant: milliseconds since the start of the simulation.
///
/// Serialized as the bare integer so traces stay compact and trivially
/// sortable by downstream tools.
#[derive(
    Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct SimTime(u64);

impl SimTime {
    /// The simulation start.
    pub const ZERO: SimTime = SimTime(0);

    /// The instant `ms` milliseconds after the start.
    pub const fn from_millis(ms: u64) -> Self {
        SimTime(ms)
    }

    /// Milliseconds since the start.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// `self + d`, or `None` if that is beyond the representable range.
    pub fn checked_add(self, d: SimDuration) -> Option<SimTime> {
        self.0.checked_add(d.0).map(SimTime)
    }

    /// `self + d`, clamped to the last representable instant (effectively "never").
    pub fn saturating_add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }

    /// Time elapsed since `earlier`; zero if `earlier` is actually later, so
    /// callers measuring waits never underflow on out-of-order bookkeeping.
    pub fn saturating_since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;

    /// Saturating, see [`SimTime::saturating_add`].
    fn add(self, d: SimDuration) -> SimTime {
        self.saturating_add(d)
    }
}

impl Sub<SimTime> for SimTime {
    type Output = SimDuration;

    /// Saturating, see [`SimTime::saturating_since`].
    fn sub(self, earlier: SimTime) -> SimDuration {
        self.saturating_since(earlier)
    }
}

impl fmt::Display for SimTime {
    /// `h:mm:ss.mmm` with unbounded hours, e.g. `26:03:00.250`: readable in
    /// logs and still sorts correctly within a single run's trace.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0 % 1000;
        let total_s = self.0 / 1000;
        let s = total_s % 60;
        let m = (total_s / 60) % 60;
        let h = total_s / 3600;
        write!(f, "{h}:{m:02}:{s:02}.{ms:03}")
    }
}

/// A span of simulated time in milliseconds.
///
/// Displayed and serialized in human form (`1h30m`) because durations live in
/// hand-written scenario files; parsing demands units for the same reason.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimDuration(u64);

const MS_PER_S: u64 = 1_000;
const MS_PER_M: u64 = 60 * MS_PER_S;
const MS_PER_H: u64 = 60 * MS_PER_M;
const MS_PER_D: u64 = 24 * MS_PER_H;

/// Units largest first; display emits them in this order and parsing demands it.
const UNITS: [(&str, u64); 5] = [
    ("d", MS_PER_D),
    ("h", MS_PER_H),
    ("m", MS_PER_M),
    ("s", MS_PER_S),
    ("ms", 1),
];

const DURATION_EXPECTED: &str = "a duration such as 90s, 1h30m or 250ms";
const DURATION_NEGATIVE: &str =
    "a non-negative duration such as 90s, 1h30m or 250ms (durations cannot be negative)";
const DURATION_FRACTION: &str = "a duration such as 1.5h or 2.25s with a single unit \
     that lands on a whole millisecond";

impl SimDuration {
    /// No time at all.
    pub const ZERO: SimDuration = SimDuration(0);
    /// The longest span; used as "never" and as the saturation point.
    pub const MAX: SimDuration = SimDuration(u64::MAX);

    /// `ms` milliseconds.
    pub const fn from_millis(ms: u64) -> Self {
        SimDuration(ms)
    }

    /// `s` seconds (saturating).
    pub const fn from_secs(s: u64) -> Self {
        SimDuration(s.saturating_mul(MS_PER_S))
    }

    /// `m` minutes (saturating).
    pub const fn from_mins(m: u64) -> Self {
        SimDuration(m.saturating_mul(MS_PER_M))
    }

    /// `h` hours (saturating).
    pub const fn from_hours(h: u64) -> Self {
        SimDuration(h.saturating_mul(MS_PER_H))
    }

    /// `d` days (saturating).
    pub const fn from_days(d: u64) -> Self {
        SimDuration(d.saturating_mul(MS_PER_D))
    }

    /// Whole milliseconds.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// Seconds as a float, for reports and rate computations only.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// `self * k`, clamped to [`SimDuration::MAX`].
    pub fn saturating_mul(self, k: u64) -> SimDuration {
        SimDuration(self.0.saturating_mul(k))
    }

    /// `self - other`, clamped to zero.
    pub fn saturating_sub(self, other: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_sub(other.0))
    }

    /// `self + other`, clamped to [`SimDuration::MAX`].
    pub fn saturating_add(self, other: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(other.0))
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: SimDuration) -> Option<SimDuration> {
        self.0.checked_add(other.0).map(SimDuration)
    }

    /// True for the zero duration.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl Add for SimDuration {
    type Output = SimDuration;

    /// Saturating.
    fn add(self, other: SimDuration) -> SimDuration {
        self.saturating_add(other)
    }
}

impl Sub for SimDuration {
    type Output = SimDuration;

    /// Saturating at zero.
    fn sub(self, other: SimDuration) -> SimDuration {
        self.saturating_sub(other)
    }
}

impl Mul<u64> for SimDuration {
    type Output = SimDuration;

    /// Saturating.
    fn mul(self, k: u64) -> SimDuration {
        self.saturating_mul(k)
    }
}

impl fmt::Display for SimDuration {
    /// Shortest exact form: each non-zero component largest first (`1h1ms`),
    /// `0s` for zero. Exact so that serialization round-trips.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("0s");
        }
        let mut rest = self.0;
        for (name, mult) in UNITS {
            let n = rest / mult;
            rest %= mult;
            if n != 0 {
                write!(f, "{n}{name}")?;
            }
        }
        Ok(())
    }
}

impl FromStr for SimDuration {
    type Err = ParseUnitError;

    /// Accepts `<integer><unit>` components largest unit first with optional
    /// spaces between them (`1h 30m`), a single decimal component (`1.5h`)
    /// that lands on a whole millisecond, or a bare `0`. Units must appear at
    /// most once and in descending order, since `30m1h` is more likely a typo
    /// than intent.
    fn from_str(input: &str) -> Result<Self, ParseUnitError> {
        let s = input.trim();
        if s == "0" {
            return Ok(SimDuration::ZERO);
        }
        if s.starts_with('-') {
            return Err(ParseUnitError::new(DURATION_NEGATIVE, input));
        }
        let malformed = || ParseUnitError::new(DURATION_EXPECTED, input);
        let too_large = || ParseUnitError::new(TOO_LARGE, input);
        let mut rest = s;
        let mut total: u64 = 0;
        let mut components = 0usize;
        let mut saw_fraction = false;
        // Index into UNITS of the smallest unit used so far; next must be smaller.
        let mut next_allowed = 0usize;
        while !rest.is_empty() {
            let (num, after) = split_number(rest);
            let unit_len = after
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(after.len());
            let (unit, tail) = after.split_at(unit_len);
            let idx = UNITS
                .iter()
                .position(|(name, _)| *name == unit)
                .ok_or_else(malformed)?;
            if idx < next_allowed {
                return Err(malformed());
            }
            next_allowed = idx + 1;
            let d = Decimal::parse(num).map_err(|e| match e {
                DecimalError::Malformed => malformed(),
                DecimalError::TooLarge => too_large(),
            })?;
            saw_fraction |= d.has_fraction();
            let ms = d
                .times_exact(u128::from(UNITS[idx].1))
                .map_err(|_| too_large())?
                .ok_or_else(|| ParseUnitError::new(DURATION_FRACTION, input))?;
            let ms = u64::try_from(ms).map_err(|_| too_large())?;
            total = total.checked_add(ms).ok_or_else(too_large)?;
            components += 1;
            rest = tail.trim_start();
        }
        if components == 0 {
            return Err(malformed());
        }
        if saw_fraction && components > 1 {
            return Err(ParseUnitError::new(DURATION_FRACTION, input));
        }
        Ok(SimDuration(total))
    }
}

string_serde!(
    SimDuration,
    "a duration with a unit such as 90s or 1h30m",
    Some(SimDuration::ZERO)
);

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> u64 {
        s.parse::<SimDuration>()
            .unwrap_or_else(|e| panic!("{s}: {e}"))
            .as_millis()
    }

    #[test]
    fn simtime_basics() {
        let t = SimTime::from_millis(1000);
        assert_eq!(t.as_millis(), 1000);
        assert_eq!(SimTime::ZERO.as_millis(), 0);
        assert_eq!(t + SimDuration::from_secs(1), SimTime::from_millis(2000));
        assert_eq!(
            SimTime::from_millis(u64::MAX) + SimDuration::from_millis(1),
            SimTime::from_millis(u64::MAX)
        );
        assert_eq!(
            SimTime::from_millis(u64::MAX).checked_add(SimDuration::from_millis(1)),
            None
        );
        assert_eq!(
            t.checked_add(SimDuration::from_millis(5)),
            Some(SimTime::from_millis(1005))
        );
        assert_eq!(t - SimTime::from_millis(400), SimDuration::from_millis(600));
        assert_eq!(SimTime::from_millis(400) - t, SimDuration::ZERO);
        assert_eq!(
            SimTime::from_millis(400).saturating_since(t),
            SimDuration::ZERO
        );
    }

    #[test]
    fn simtime_display() {
        assert_eq!(SimTime::ZERO.to_string(), "0:00:00.000");
        assert_eq!(SimTime::from_millis(1000).to_string(), "0:00:01.000");
        let t = SimTime::ZERO
            + SimDuration::from_hours(26)
            + SimDuration::from_mins(3)
            + SimDuration::from_millis(250);
        assert_eq!(t.to_string(), "26:03:00.250");
    }

    #[test]
    fn simtime_serde_is_integer() {
        let s = serde_yaml::to_string(&SimTime::from_millis(1234)).unwrap();
        assert_eq!(s.trim(), "1234");
        assert_eq!(
            serde_yaml::from_str::<SimTime>("1234").unwrap(),
            SimTime::from_millis(1234)
        );
    }

    #[test]
    fn duration_constructors_saturate() {
        assert_eq!(SimDuration::from_secs(2).as_millis(), 2000);
        assert_eq!(SimDuration::from_mins(2).as_millis(), 120_000);
        assert_eq!(SimDuration::from_hours(1).as_millis(), 3_600_000);
        assert_eq!(SimDuration::from_days(1).as_millis(), 86_400_000);
        assert_eq!(SimDuration::from_days(u64::MAX), SimDuration::MAX);
        assert_eq!(SimDuration::from_secs(u64::MAX), SimDuration::MAX);
        assert_eq!(SimDuration::from_millis(1500).as_secs_f64(), 1.5);
        assert_eq!(SimDuration::MAX * 2, SimDuration::MAX);
        assert_eq!(SimDuration::from_secs(1) * 3, SimDuration::from_secs(3));
        assert_eq!(
            SimDuration::from_secs(1) - SimDuration::from_secs(3),
            SimDuration::ZERO
        );
        assert_eq!(
            SimDuration::MAX + SimDuration::from_secs(1),
            SimDuration::MAX
        );
        assert_eq!(
            SimDuration::MAX.checked_add(SimDuration::from_millis(1)),
            None
        );
        assert_eq!(
            SimDuration::from_secs(1).saturating_mul(2),
            SimDuration::from_secs(2)
        );
    }

    #[test]
    fn duration_display() {
        let cases = [
            (0, "0s"),
            (250, "250ms"),
            (90_000, "1m30s"),
            (5_400_000, "1h30m"),
            (2 * MS_PER_D + 3 * MS_PER_H, "2d3h"),
            (MS_PER_H + 1, "1h1ms"),
            (1000, "1s"),
        ];
        for (ms, s) in cases {
            assert_eq!(SimDuration::from_millis(ms).to_string(), s);
        }
    }

    #[test]
    fn duration_parse() {
        assert_eq!(d("1h30m"), 5_400_000);
        assert_eq!(d("1h 30m"), 5_400_000);
        assert_eq!(d("90s"), 90_000);
        assert_eq!(d("250ms"), 250);
        assert_eq!(d("2d"), 2 * MS_PER_D);
        assert_eq!(d("1.5h"), 5_400_000);
        assert_eq!(d("0.001s"), 1);
        assert_eq!(d("0"), 0);
        assert_eq!(d("0s"), 0);
        assert_eq!(
            d(" 1d 2h 3m 4s 5ms "),
            MS_PER_D + 2 * MS_PER_H + 3 * MS_PER_M + 4005
        );
        assert_eq!(d("1m1ms"), 60_001);
    }

    #[test]
    fn duration_round_trip() {
        for ms in [0, 1, 999, 1000, 60_001, 5_400_000, 86_400_001, u64::MAX] {
            let v = SimDuration::from_millis(ms);
            assert_eq!(v.to_string().parse::<SimDuration>().unwrap(), v);
        }
    }

    #[test]
    fn duration_errors() {
        for bad in [
            "", "abc", "90", "1x", "1 h", "1h1h", "30m1h", "1.5h30m", "1.", ".5s", "h", "1hh",
            "1e3s", "1,5h",
        ] {
            let e = bad.parse::<SimDuration>().unwrap_err();
            assert!(e.to_string().starts_with("expected "), "{bad}: {e}");
        }
        let e = "abc".parse::<SimDuration>().unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"expected a duration such as 90s, 1h30m or 250ms, found "abc""#
        );
        let e = "0.0001s".parse::<SimDuration>().unwrap_err();
        assert!(e.to_string().contains("whole millisecond"), "{e}");
        let e = "-5s".parse::<SimDuration>().unwrap_err();
        assert!(e.to_string().contains("cannot be negative"), "{e}");
        let e = "99999999999999999999d".parse::<SimDuration>().unwrap_err();
        assert!(e.to_string().contains("too large"), "{e}");
        let e = "213503982334d 23h".parse::<SimDuration>().unwrap_err();
        assert!(e.to_string().contains("too large"), "{e}");
    }

    #[test]
    fn duration_serde() {
        let v: SimDuration = serde_yaml::from_str("1h30m").unwrap();
        assert_eq!(v, SimDuration::from_mins(90));
        assert_eq!(
            serde_yaml::from_str::<SimDuration>("0").unwrap(),
            SimDuration::ZERO
        );
        let e = serde_yaml::from_str::<SimDuration>("90")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("expected a duration with a unit such as 90s or 1h30m, found integer 90"),
            "{e}"
        );
        assert!(serde_yaml::from_str::<SimDuration>("1.5").is_err());
        assert_eq!(serde_yaml::to_string(&v).unwrap().trim(), "1h30m");
        #[derive(Deserialize)]
        struct Cfg {
            #[allow(dead_code)]
            period: SimDuration,
        }
        let e = serde_yaml::from_str::<Cfg>("period: 15x")
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("found \"15x\""), "{e}");
    }
}
