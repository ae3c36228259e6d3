//! Physical-unit newtypes used in scenario files and reports.
//!
//! Scenario authors write quantities as strings with explicit units
//! (`2GiB`, `20Mbps`, `80%`) because a bare number is the classic source of
//! off-by-1000 mistakes (was that bytes or kilobytes? kbps or Mbps?). Each
//! type therefore parses only unit-bearing strings, reports which forms it
//! accepts when it rejects input, and serializes back to a string that
//! parses to the same value, so configs survive a load/save round trip.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};

/// Error for any unit-bearing string that failed to parse.
///
/// Shared by every unit type (and `SimDuration`) so callers can handle
/// configuration errors uniformly; `expected` names the accepted forms so the
/// message alone is enough for a user to fix their file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseUnitError {
    /// Human description of what would have been accepted.
    pub expected: &'static str,
    /// The offending input, verbatim.
    pub found: String,
}

impl ParseUnitError {
    pub(crate) fn new(expected: &'static str, found: &str) -> Self {
        ParseUnitError {
            expected,
            found: found.to_string(),
        }
    }
}

impl fmt::Display for ParseUnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}, found {:?}", self.expected, self.found)
    }
}

impl std::error::Error for ParseUnitError {}

/// `expected` text used when a number overflows its representation; kept
/// separate so the message says "too large" rather than "malformed".
pub(crate) const TOO_LARGE: &str = "a smaller value (the value is too large to represent)";

/// Most fractional digits accepted; bounds the power of ten we scale by so the
/// exact integer arithmetic below cannot overflow on legitimate input.
const MAX_FRAC_DIGITS: u32 = 19;

/// A non-negative decimal number held exactly as `int + frac / 10^frac_digits`.
///
/// Parsing through integers rather than `f64` means `1.1GB` is exactly
/// 1_100_000_000 bytes, and "does this land on a whole millisecond?" has an
/// exact answer instead of a floating-point guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Decimal {
    pub int: u128,
    pub frac: u128,
    pub frac_digits: u32,
}

/// Why a decimal literal was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DecimalError {
    Malformed,
    TooLarge,
}

impl Decimal {
    /// Parses `digits` or `digits.digits` (both sides non-empty).
    pub fn parse(s: &str) -> Result<Decimal, DecimalError> {
        let (int_s, frac_s) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(int_s) {
            return Err(DecimalError::Malformed);
        }
        let int = parse_u128(int_s)?;
        let (frac, frac_digits) = match frac_s {
            None => (0, 0),
            Some(f) => {
                if !all_digits(f) {
                    return Err(DecimalError::Malformed);
                }
                // Trailing zeros carry no value; dropping them lets `1.50000…0`
                // with many zeros still parse.
                let f = f.trim_end_matches('0');
                if f.len() as u32 > MAX_FRAC_DIGITS {
                    return Err(DecimalError::Malformed);
                }
                (
                    if f.is_empty() { 0 } else { parse_u128(f)? },
                    f.len() as u32,
                )
            }
        };
        Ok(Decimal {
            int,
            frac,
            frac_digits,
        })
    }

    /// True when the literal had a (non-zero) fractional part.
    pub fn has_fraction(&self) -> bool {
        self.frac_digits > 0
    }

    /// Returns `(numerator, denominator)` of `self * mult` as an exact
    /// fraction; callers choose whether to demand exactness or round.
    pub fn times(&self, mult: u128) -> Result<(u128, u128), DecimalError> {
        let den = 10u128.pow(self.frac_digits);
        let num = self
            .int
            .checked_mul(mult)
            .and_then(|v| v.checked_mul(den))
            .and_then(|v| self.frac.checked_mul(mult).and_then(|f| v.checked_add(f)))
            .ok_or(DecimalError::TooLarge)?;
        Ok((num, den))
    }

    /// `self * mult` if it is a whole number, `Ok(None)` if it is not.
    pub fn times_exact(&self, mult: u128) -> Result<Option<u128>, DecimalError> {
        let (num, den) = self.times(mult)?;
        Ok(if num % den == 0 {
            Some(num / den)
        } else {
            None
        })
    }

    /// `self * mult` rounded to the nearest integer (halves round up).
    pub fn times_rounded(&self, mult: u128) -> Result<u128, DecimalError> {
        let (num, den) = self.times(mult)?;
        // Round half up: bump when the remainder is at least half the divisor.
        Ok(num / den + u128::from(num % den >= den.div_ceil(2)))
    }
}

fn parse_u128(s: &str) -> Result<u128, DecimalError> {
    s.parse::<u128>().map_err(|_| DecimalError::TooLarge)
}

/// Splits `"12.5MB"` into `("12.5", "MB")`: the numeric prefix is every
/// leading ASCII digit or dot.
pub(crate) fn split_number(s: &str) -> (&str, &str) {
    let idx = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    s.split_at(idx)
}

/// Converts a [`DecimalError`] into the user-facing error for one type.
fn decimal_err(e: DecimalError, expected: &'static str, found: &str) -> ParseUnitError {
    match e {
        DecimalError::Malformed => ParseUnitError::new(expected, found),
        DecimalError::TooLarge => ParseUnitError::new(TOO_LARGE, found),
    }
}

/// Parses a finite `f64` from a plain decimal literal (optionally signed).
///
/// Used for quantities that are naturally real-valued (percent, current,
/// temperature). We validate the shape ourselves because `f64::from_str`
/// also accepts `inf`, `NaN` and `1e3`, none of which belong in a config.
fn parse_f64_literal(num: &str, allow_negative: bool) -> Option<f64> {
    let body = match num.strip_prefix('-') {
        Some(rest) if allow_negative => rest,
        Some(_) => return None,
        None => num,
    };
    Decimal::parse(body).ok()?;
    let v: f64 = num.parse().ok()?;
    v.is_finite().then_some(if v == 0.0 { 0.0 } else { v })
}

/// Serde visitor shared by every unit type: accepts the string form, and
/// optionally integer 0 (which is unit-independent), and rejects other bare
/// numbers with a message telling the user to add a unit.
pub(crate) struct UnitVisitor<T> {
    /// What to say the user should write, e.g. "a size with a unit such as 2GiB".
    pub with_unit: &'static str,
    /// Whether a bare integer 0 is meaningful for this type.
    pub zero: Option<T>,
}

impl<'de, T> Visitor<'de> for UnitVisitor<T>
where
    T: FromStr<Err = ParseUnitError>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.with_unit)
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<T, Er> {
        v.parse().map_err(Er::custom)
    }

    fn visit_u64<Er: de::Error>(self, v: u64) -> Result<T, Er> {
        match self.zero {
            Some(z) if v == 0 => Ok(z),
            _ => Err(Er::custom(format!(
                "expected {}, found integer {v}",
                self.with_unit
            ))),
        }
    }

    fn visit_i64<Er: de::Error>(self, v: i64) -> Result<T, Er> {
        match u64::try_from(v) {
            Ok(u) => self.visit_u64(u),
            Err(_) => Err(Er::custom(format!(
                "expected {}, found integer {v}",
                self.with_unit
            ))),
        }
    }

    fn visit_f64<Er: de::Error>(self, v: f64) -> Result<T, Er> {
        Err(Er::custom(format!(
            "expected {}, found number {v}",
            self.with_unit
        )))
    }
}

/// Implements `Serialize` via `Display` and `Deserialize` via [`UnitVisitor`].
macro_rules! string_serde {
    ($ty:ty, $with_unit:expr, $zero:expr) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any($crate::units::UnitVisitor {
                    with_unit: $with_unit,
                    zero: $zero,
                })
            }
        }
    };
}
pub(crate) use string_serde;

// ---------------------------------------------------------------------------
// Bytes

/// A size in bytes (download size, storage, memory).
///
/// Both SI (`MB` = 10^6) and IEC (`MiB` = 2^20) units are accepted because
/// network payloads are usually quoted in the former and memory in the latter;
/// the unit spellings are strict so `mb` (millibits?) is never guessed at.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bytes(pub u64);

const BYTES_EXPECTED: &str = "a size such as 2GiB, 500MB, 1.5GB, 100KiB, 123B or 0 \
     (units: B, kB, KB, MB, GB, TB, KiB, MiB, GiB, TiB)";

const KI: u64 = 1024;
const BINARY_UNITS: [(&str, u64); 4] = [
    ("TiB", KI * KI * KI * KI),
    ("GiB", KI * KI * KI),
    ("MiB", KI * KI),
    ("KiB", KI),
];
const DECIMAL_UNITS: [(&str, u64); 4] = [
    ("TB", 1_000_000_000_000),
    ("GB", 1_000_000_000),
    ("MB", 1_000_000),
    ("kB", 1_000),
];

impl Bytes {
    /// Human-oriented rendering for reports (`1.50 GiB`, `512 B`); lossy, so
    /// never used for serialization.
    pub fn human(self) -> String {
        for (name, mult) in BINARY_UNITS {
            if self.0 >= mult {
                return format!("{:.2} {name}", self.0 as f64 / mult as f64);
            }
        }
        format!("{} B", self.0)
    }
}

impl FromStr for Bytes {
    type Err = ParseUnitError;

    fn from_str(input: &str) -> Result<Self, ParseUnitError> {
        let s = input.trim();
        if s == "0" {
            return Ok(Bytes(0));
        }
        let (num, unit) = split_number(s);
        let mult: u64 = match unit {
            "B" => 1,
            "kB" | "KB" => 1_000,
            "MB" => 1_000_000,
            "GB" => 1_000_000_000,
            "TB" => 1_000_000_000_000,
            "KiB" => KI,
            "MiB" => KI * KI,
            "GiB" => KI * KI * KI,
            "TiB" => KI * KI * KI * KI,
            _ => return Err(ParseUnitError::new(BYTES_EXPECTED, input)),
        };
        let d = Decimal::parse(num).map_err(|e| decimal_err(e, BYTES_EXPECTED, input))?;
        let v = d
            .times_rounded(u128::from(mult))
            .map_err(|e| decimal_err(e, BYTES_EXPECTED, input))?;
        u64::try_from(v)
            .map(Bytes)
            .map_err(|_| ParseUnitError::new(TOO_LARGE, input))
    }
}

impl fmt::Display for Bytes {
    /// Exact and round-trippable: the largest binary unit that divides the
    /// value, else the largest decimal one, else plain bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 != 0 {
            for (name, mult) in BINARY_UNITS.iter().chain(DECIMAL_UNITS.iter()) {
                if self.0.is_multiple_of(*mult) {
                    return write!(f, "{}{name}", self.0 / mult);
                }
            }
        }
        write!(f, "{}B", self.0)
    }
}

string_serde!(
    Bytes,
    "a size with a unit such as 2GiB or 500MB",
    Some(Bytes(0))
);

// ---------------------------------------------------------------------------
// Bandwidth

/// Link bandwidth in kilobits per second (1 kbps = 1000 bit/s).
///
/// Kilobits are the unit of Android's `NetworkCapabilities` link bandwidth
/// estimates, so keeping the same integer unit lets the simulator reproduce
/// the platform's transfer-time arithmetic exactly.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bandwidth {
    /// Kilobits per second.
    pub kbps: u64,
}

const BANDWIDTH_EXPECTED: &str = "a bandwidth such as 20Mbps, 500kbps, 1.5Mbps, 1Gbps or 0 \
     (units: kbps, Mbps, Gbps; must be a whole number of kbps)";

impl Bandwidth {
    /// Throughput in bytes per millisecond: 1 kbps is 1 bit/ms, i.e. 1/8 byte/ms.
    pub fn bytes_per_ms(self) -> f64 {
        self.kbps as f64 / 8.0
    }

    /// The platform's estimate of the milliseconds to move `bytes` at this rate:
    /// `bytes * 1000 / (kbps * 1000 / 8)` in integer arithmetic, i.e. `bytes * 8 / kbps`
    /// rounded down (ConnectivityController.calculateTransferTimeMs); `None` on a
    /// zero-bandwidth link (the platform's "unknown"). Saturates at `u64::MAX`.
    pub fn transfer_time_ms(self, bytes: u64) -> Option<u64> {
        if self.kbps == 0 {
            return None;
        }
        let bits = u128::from(bytes) * 8;
        let ms = bits / u128::from(self.kbps);
        Some(u64::try_from(ms).unwrap_or(u64::MAX))
    }
}

impl FromStr for Bandwidth {
    type Err = ParseUnitError;

    /// Fractions must land on a whole kbps: silently rounding a link speed
    /// would change simulated transfer times without the author noticing.
    fn from_str(input: &str) -> Result<Self, ParseUnitError> {
        let s = input.trim();
        if s == "0" {
            return Ok(Bandwidth { kbps: 0 });
        }
        let (num, unit) = split_number(s);
        let mult: u128 = match unit {
            "kbps" => 1,
            "Mbps" => 1_000,
            "Gbps" => 1_000_000,
            _ => return Err(ParseUnitError::new(BANDWIDTH_EXPECTED, input)),
        };
        let d = Decimal::parse(num).map_err(|e| decimal_err(e, BANDWIDTH_EXPECTED, input))?;
        let v = d
            .times_exact(mult)
            .map_err(|e| decimal_err(e, BANDWIDTH_EXPECTED, input))?
            .ok_or_else(|| ParseUnitError::new(BANDWIDTH_EXPECTED, input))?;
        u64::try_from(v)
            .map(|kbps| Bandwidth { kbps })
            .map_err(|_| ParseUnitError::new(TOO_LARGE, input))
    }
}

impl fmt::Display for Bandwidth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let k = self.kbps;
        if k != 0 && k.is_multiple_of(1_000_000) {
            write!(f, "{}Gbps", k / 1_000_000)
        } else if k != 0 && k.is_multiple_of(1_000) {
            write!(f, "{}Mbps", k / 1_000)
        } else {
            write!(f, "{k}kbps")
        }
    }
}

string_serde!(
    Bandwidth,
    "a bandwidth with a unit such as 20Mbps or 500kbps",
    Some(Bandwidth { kbps: 0 })
);

// ---------------------------------------------------------------------------
// Percent

/// A percentage in `0..=100` (battery level, thresholds).
///
/// The `%` sign is mandatory so that `0.8` (a fraction) can never be mistaken
/// for 0.8 %; the field is private to keep the range invariant.
#[derive(Copy, Clone, Debug, Default, PartialEq, PartialOrd)]
pub struct Percent(f64);

const PERCENT_EXPECTED: &str =
    "a percentage from 0% to 100% such as 80% or 12.5% (the % sign is required)";

impl Percent {
    /// `Some` when `value` is within `0..=100` (NaN rejected).
    pub fn new(value: f64) -> Option<Percent> {
        (0.0..=100.0)
            .contains(&value)
            .then_some(Percent(if value == 0.0 { 0.0 } else { value }))
    }

    /// The value in percent, e.g. 80.0 for `80%`.
    pub fn value(self) -> f64 {
        self.0
    }

    /// The value as a fraction in `0..=1`, e.g. 0.8 for `80%`.
    pub fn fraction(self) -> f64 {
        self.0 / 100.0
    }
}

impl FromStr for Percent {
    type Err = ParseUnitError;

    fn from_str(input: &str) -> Result<Self, ParseUnitError> {
        let s = input.trim();
        let num = s
            .strip_suffix('%')
            .ok_or_else(|| ParseUnitError::new(PERCENT_EXPECTED, input))?;
        let v = parse_f64_literal(num, true)
            .ok_or_else(|| ParseUnitError::new(PERCENT_EXPECTED, input))?;
        Percent::new(v).ok_or_else(|| ParseUnitError::new(PERCENT_EXPECTED, input))
    }
}

impl fmt::Display for Percent {
    /// Uses Rust's shortest round-trip float formatting, so it parses back exactly.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

string_serde!(
    Percent,
    "a percentage with a % sign such as 80%",
    None::<Percent>
);

// ---------------------------------------------------------------------------
// Battery quantities

/// Battery capacity in milliamp-hours, the unit on every phone spec sheet.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MilliAmpHours(pub u32);

const MAH_EXPECTED: &str =
    "a battery capacity such as 4500mAh or 4.5Ah (units: mAh, Ah; whole mAh only)";

impl FromStr for MilliAmpHours {
    type Err = ParseUnitError;

    fn from_str(input: &str) -> Result<Self, ParseUnitError> {
        let s = input.trim();
        if s == "0" {
            return Ok(MilliAmpHours(0));
        }
        let (num, unit) = split_number(s);
        let mult: u128 = match unit {
            "mAh" => 1,
            "Ah" => 1_000,
            _ => return Err(ParseUnitError::new(MAH_EXPECTED, input)),
        };
        let d = Decimal::parse(num).map_err(|e| decimal_err(e, MAH_EXPECTED, input))?;
        let v = d
            .times_exact(mult)
            .map_err(|e| decimal_err(e, MAH_EXPECTED, input))?
            .ok_or_else(|| ParseUnitError::new(MAH_EXPECTED, input))?;
        u32::try_from(v)
            .map(MilliAmpHours)
            .map_err(|_| ParseUnitError::new(TOO_LARGE, input))
    }
}

impl fmt::Display for MilliAmpHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}mAh", self.0)
    }
}

string_serde!(
    MilliAmpHours,
    "a capacity with a unit such as 4500mAh",
    Some(MilliAmpHours(0))
);

/// A (non-negative) current draw in milliamps; real-valued because power
/// models average over time and produce fractional currents.
#[derive(Copy, Clone, Debug, Default, PartialEq, PartialOrd)]
pub struct MilliAmps(pub f64);

const MA_EXPECTED: &str = "a non-negative current such as 200mA, 12.5mA or 1.2A (units: mA, A)";

impl FromStr for MilliAmps {
    type Err = ParseUnitError;

    fn from_str(input: &str) -> Result<Self, ParseUnitError> {
        let s = input.trim();
        if s == "0" {
            return Ok(MilliAmps(0.0));
        }
        let (num, unit) = split_number(s);
        let mult = match unit {
            "mA" => 1.0,
            "A" => 1000.0,
            _ => return Err(ParseUnitError::new(MA_EXPECTED, input)),
        };
        let v =
            parse_f64_literal(num, false).ok_or_else(|| ParseUnitError::new(MA_EXPECTED, input))?;
        let ma = v * mult;
        if ma.is_finite() {
            Ok(MilliAmps(ma))
        } else {
            Err(ParseUnitError::new(TOO_LARGE, input))
        }
    }
}

impl fmt::Display for MilliAmps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}mA", self.0)
    }
}

string_serde!(
    MilliAmps,
    "a current with a unit such as 200mA or 1.2A",
    Some(MilliAmps(0.0))
);

/// A temperature in degrees Celsius (battery/skin temperature for thermal
/// throttling). Bare numbers are rejected, including 0, because the scale
/// matters even at zero.
#[derive(Copy, Clone, Debug, Default, PartialEq, PartialOrd)]
pub struct Celsius(pub f64);

const CELSIUS_EXPECTED: &str = "a temperature such as 25C, 36.5C or -5C (unit: C or °C)";

impl FromStr for Celsius {
    type Err = ParseUnitError;

    fn from_str(input: &str) -> Result<Self, ParseUnitError> {
        let s = input.trim();
        let num = s
            .strip_suffix("°C")
            .or_else(|| s.strip_suffix('C'))
            .ok_or_else(|| ParseUnitError::new(CELSIUS_EXPECTED, input))?;
        parse_f64_literal(num, true)
            .map(Celsius)
            .ok_or_else(|| ParseUnitError::new(CELSIUS_EXPECTED, input))
    }
}

impl fmt::Display for Celsius {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}C", self.0)
    }
}

string_serde!(
    Celsius,
    "a temperature with a unit such as 25C",
    None::<Celsius>
);

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> u64 {
        s.parse::<Bytes>().unwrap().0
    }

    #[test]
    fn bytes_parse() {
        assert_eq!(b("2GiB"), 2 * 1024 * 1024 * 1024);
        assert_eq!(b("500MB"), 500_000_000);
        assert_eq!(b("1.5GB"), 1_500_000_000);
        assert_eq!(b("100KiB"), 102_400);
        assert_eq!(b("123B"), 123);
        assert_eq!(b("0"), 0);
        assert_eq!(b("1kB"), 1000);
        assert_eq!(b("1KB"), 1000);
        assert_eq!(b("1TB"), 1_000_000_000_000);
        assert_eq!(b("1TiB"), 1 << 40);
        // Rounded to the nearest byte.
        assert_eq!(b("1.0005kB"), 1001);
        assert_eq!(b("0.4B"), 0);
        assert_eq!(b("0.5B"), 1);
        assert_eq!(b(" 1MiB "), 1 << 20);
    }

    #[test]
    fn bytes_reject() {
        for bad in [
            "", "12", "1kb", "1mb", "1 MB", "-1MB", "1.MB", ".5MB", "MB", "1e3B", "1XB",
        ] {
            let e = bad.parse::<Bytes>().unwrap_err();
            assert_eq!(e.expected, BYTES_EXPECTED, "{bad}");
            assert!(e.to_string().contains("KiB"), "{e}");
        }
        let e = "99999999999TB".parse::<Bytes>().unwrap_err();
        assert!(e.to_string().contains("too large"), "{e}");
    }

    #[test]
    fn bytes_display_round_trip() {
        assert_eq!(Bytes(2 << 30).to_string(), "2GiB");
        assert_eq!(Bytes(500_000_000).to_string(), "500MB");
        assert_eq!(Bytes(1_500_000_000).to_string(), "1500MB");
        assert_eq!(Bytes(123).to_string(), "123B");
        assert_eq!(Bytes(0).to_string(), "0B");
        assert_eq!(Bytes(1024).to_string(), "1KiB");
        assert_eq!(Bytes(1000).to_string(), "1kB");
        for v in [0, 1, 999, 1000, 1024, 3 << 40, 5_000_000_000_000, u64::MAX] {
            assert_eq!(Bytes(v).to_string().parse::<Bytes>().unwrap(), Bytes(v));
        }
    }

    #[test]
    fn bytes_human() {
        assert_eq!(Bytes(512).human(), "512 B");
        assert_eq!(Bytes(3 << 29).human(), "1.50 GiB");
        assert_eq!(Bytes(1024).human(), "1.00 KiB");
    }

    #[test]
    fn bytes_serde() {
        let v: Bytes = serde_yaml::from_str("2GiB").unwrap();
        assert_eq!(v, Bytes(2 << 30));
        let v: Bytes = serde_yaml::from_str("0").unwrap();
        assert_eq!(v, Bytes(0));
        let e = serde_yaml::from_str::<Bytes>("4096")
            .unwrap_err()
            .to_string();
        assert!(e.contains("found integer 4096"), "{e}");
        assert!(e.contains("with a unit"), "{e}");
        let s = serde_yaml::to_string(&Bytes(500_000_000)).unwrap();
        assert_eq!(s.trim(), "500MB");
        assert_eq!(
            serde_yaml::from_str::<Bytes>(&s).unwrap(),
            Bytes(500_000_000)
        );
    }

    #[test]
    fn bandwidth_parse_display() {
        let p = |s: &str| s.parse::<Bandwidth>().unwrap().kbps;
        assert_eq!(p("20Mbps"), 20_000);
        assert_eq!(p("500kbps"), 500);
        assert_eq!(p("1.5Mbps"), 1_500);
        assert_eq!(p("1Gbps"), 1_000_000);
        assert_eq!(p("0"), 0);
        for bad in ["20", "20mbps", "1.5kbps", "20 Mbps", "-1Mbps", "fast"] {
            let e = bad.parse::<Bandwidth>().unwrap_err();
            assert!(e.to_string().contains("Mbps"), "{bad}: {e}");
        }
        assert_eq!(Bandwidth { kbps: 20_000 }.to_string(), "20Mbps");
        assert_eq!(Bandwidth { kbps: 1_500 }.to_string(), "1500kbps");
        assert_eq!(Bandwidth { kbps: 2_000_000 }.to_string(), "2Gbps");
        assert_eq!(Bandwidth { kbps: 0 }.to_string(), "0kbps");
        for k in [0, 1, 1500, 20_000, 3_000_000, u64::MAX] {
            let bw = Bandwidth { kbps: k };
            assert_eq!(bw.to_string().parse::<Bandwidth>().unwrap(), bw);
        }
    }

    #[test]
    fn bandwidth_transfer() {
        let bw = Bandwidth { kbps: 8 };
        assert_eq!(bw.bytes_per_ms(), 1.0);
        assert_eq!(bw.transfer_time_ms(1000), Some(1000));
        assert_eq!(Bandwidth { kbps: 3 }.transfer_time_ms(1), Some(2)); // 8/3 -> 2
        assert_eq!(Bandwidth { kbps: 0 }.transfer_time_ms(1), None);
        assert_eq!(
            Bandwidth { kbps: 1 }.transfer_time_ms(u64::MAX),
            Some(u64::MAX)
        );
        // 1 MB over 20 Mbps = 8e6 bits / 2e4 bits/ms = 400 ms.
        let bw: Bandwidth = "20Mbps".parse().unwrap();
        assert_eq!(bw.transfer_time_ms(1_000_000), Some(400));
        assert_eq!(bw.transfer_time_ms(0), Some(0));
    }

    #[test]
    fn bandwidth_serde() {
        let v: Bandwidth = serde_yaml::from_str("1.5Mbps").unwrap();
        assert_eq!(v.kbps, 1500);
        let e = serde_yaml::from_str::<Bandwidth>("20")
            .unwrap_err()
            .to_string();
        assert!(e.contains("found integer 20"), "{e}");
        let s = serde_yaml::to_string(&v).unwrap();
        assert_eq!(serde_yaml::from_str::<Bandwidth>(&s).unwrap(), v);
    }

    #[test]
    fn percent() {
        assert_eq!("80%".parse::<Percent>().unwrap().value(), 80.0);
        assert_eq!("12.5%".parse::<Percent>().unwrap().fraction(), 0.125);
        assert_eq!("0%".parse::<Percent>().unwrap().value(), 0.0);
        assert_eq!("100%".parse::<Percent>().unwrap().value(), 100.0);
        for bad in [
            "80", "0.8", "101%", "-1%", "NaN%", "inf%", "%", "1e1%", "abc",
        ] {
            let e = bad.parse::<Percent>().unwrap_err();
            assert_eq!(e.expected, PERCENT_EXPECTED, "{bad}");
        }
        assert_eq!(Percent::new(12.5).unwrap().to_string(), "12.5%");
        assert_eq!(Percent::new(80.0).unwrap().to_string(), "80%");
        assert!(Percent::new(f64::NAN).is_none());
        let p: Percent = serde_yaml::from_str("'33.3%'").unwrap();
        assert_eq!(p.to_string().parse::<Percent>().unwrap(), p);
        assert!(serde_yaml::from_str::<Percent>("80").is_err());
        assert!(serde_yaml::from_str::<Percent>("0").is_err());
    }

    #[test]
    fn battery_units() {
        assert_eq!(
            "4500mAh".parse::<MilliAmpHours>().unwrap(),
            MilliAmpHours(4500)
        );
        assert_eq!(
            "4.5Ah".parse::<MilliAmpHours>().unwrap(),
            MilliAmpHours(4500)
        );
        assert!("4500".parse::<MilliAmpHours>().is_err());
        assert!("4.5mAh".parse::<MilliAmpHours>().is_err());
        assert!("9999999Ah"
            .parse::<MilliAmpHours>()
            .unwrap_err()
            .to_string()
            .contains("too large"));
        assert_eq!(MilliAmpHours(4500).to_string(), "4500mAh");

        assert_eq!("200mA".parse::<MilliAmps>().unwrap(), MilliAmps(200.0));
        assert_eq!("1.2A".parse::<MilliAmps>().unwrap(), MilliAmps(1200.0));
        assert!("-1mA".parse::<MilliAmps>().is_err());
        assert!("200".parse::<MilliAmps>().is_err());
        assert_eq!(MilliAmps(12.5).to_string(), "12.5mA");
        let m = MilliAmps(0.1 + 0.2);
        assert_eq!(m.to_string().parse::<MilliAmps>().unwrap(), m);

        assert_eq!("25C".parse::<Celsius>().unwrap(), Celsius(25.0));
        assert_eq!("36.5C".parse::<Celsius>().unwrap(), Celsius(36.5));
        assert_eq!("-5C".parse::<Celsius>().unwrap(), Celsius(-5.0));
        assert_eq!("-5°C".parse::<Celsius>().unwrap(), Celsius(-5.0));
        for bad in ["25", "25F", "--5C", "C", "0"] {
            assert!(bad.parse::<Celsius>().is_err(), "{bad}");
        }
        assert_eq!(Celsius(-5.0).to_string(), "-5C");
        let c: Celsius = serde_yaml::from_str("36.5C").unwrap();
        assert_eq!(serde_yaml::to_string(&c).unwrap().trim(), "36.5C");
        assert!(serde_yaml::from_str::<Celsius>("0").is_err());
        assert_eq!(
            serde_yaml::from_str::<MilliAmps>("0").unwrap(),
            MilliAmps(0.0)
        );
    }

    #[test]
    fn decimal_exactness() {
        let d = Decimal::parse("1.1").unwrap();
        assert_eq!(d.times_exact(1_000_000_000).unwrap(), Some(1_100_000_000));
        assert_eq!(
            Decimal::parse("0.0001").unwrap().times_exact(1000).unwrap(),
            None
        );
        assert_eq!(
            Decimal::parse("1.50000000000000000000000000")
                .unwrap()
                .frac_digits,
            1
        );
        assert_eq!(Decimal::parse("1.").unwrap_err(), DecimalError::Malformed);
        assert_eq!(
            Decimal::parse("99999999999999999999999999999999999999999").unwrap_err(),
            DecimalError::TooLarge
        );
    }
}
