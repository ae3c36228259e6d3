//! A numeric axis for charts of values (the sweep charts): a range widened to round ticks and
//! the ticks' labels. Tick steps are 1, 2 or 5 times a power of ten, found by multiplying and
//! dividing by ten rather than with logarithms, and labels are formatted with a fixed number of
//! decimals, so the same values give the same pixels and text everywhere.

/// Largest number of decimals a label gets.
const MAX_DECIMALS: usize = 6;

/// A value range with round ticks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ValueAxis {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    /// Labels are divided by this (1, 1e3, 1e6, 1e9) and carry [`ValueAxis::suffix`].
    scale: f64,
    suffix: &'static str,
    decimals: usize,
}

impl ValueAxis {
    /// An axis covering `[min, max]` with about `ticks` steps. A flat or empty range is widened
    /// so it still has ticks; a range of non-negative values never goes below zero.
    pub fn new(min: f64, max: f64, ticks: usize) -> Self {
        let (mut min, mut max) = if min.is_finite() && max.is_finite() && min <= max {
            (min, max)
        } else {
            (0.0, 1.0)
        };
        if max <= min {
            let d = if min == 0.0 { 1.0 } else { min.abs() / 10.0 };
            let non_negative = min >= 0.0;
            min -= d;
            max += d;
            if non_negative {
                min = min.max(0.0);
            }
        }
        let step = nice_step((max - min) / ticks.max(1) as f64);
        let lo = (min / step).floor() * step;
        let hi = (max / step).ceil() * step;
        let top = lo.abs().max(hi.abs());
        let (scale, suffix) = si(top);
        ValueAxis {
            lo,
            hi,
            step,
            scale,
            suffix,
            decimals: decimals(step / scale),
        }
    }

    /// Tick values from `lo` to `hi`.
    pub fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round().max(0.0) as usize;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }

    /// A tick's label: `250`, `0.5`, `1.5G`.
    pub fn label(&self, v: f64) -> String {
        if v.abs() < self.step / 2.0 {
            return "0".to_string();
        }
        let s = format!("{:.*}{}", self.decimals, v / self.scale, self.suffix);
        match s.strip_prefix('-') {
            Some(rest) if rest.chars().all(|c| matches!(c, '0' | '.')) || rest == "0" => {
                rest.to_string()
            }
            _ => s,
        }
    }

    /// The pixel row of `v` in a plot from `top` down `height` pixels (larger values higher).
    pub fn y(&self, v: f64, top: i32, height: i32) -> i32 {
        let f = if self.hi > self.lo {
            (self.hi - v) / (self.hi - self.lo)
        } else {
            0.5
        };
        top + (f.clamp(-0.05, 1.05) * f64::from(height)).round() as i32
    }
}

/// 1, 2 or 5 times a power of ten, the smallest at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mut p = 1.0;
    while p * 10.0 <= raw {
        p *= 10.0;
    }
    while p > raw {
        p /= 10.0;
    }
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * p)
}

/// Decimals needed to write multiples of `step` exactly.
fn decimals(step: f64) -> usize {
    let mut m = step;
    for d in 0..MAX_DECIMALS {
        if (m - m.round()).abs() < 1e-6 * m.abs().max(1.0) {
            return d;
        }
        m *= 10.0;
    }
    MAX_DECIMALS
}

/// The SI prefix for numbers up to `top`: G and M from a billion and a million, k only from
/// ten thousand (`2500` reads better than `2.5k`).
fn si(top: f64) -> (f64, &'static str) {
    [(1e9, "G", 1e9), (1e6, "M", 1e6), (1e3, "k", 1e4)]
        .into_iter()
        .find(|(_, _, from)| top >= *from)
        .map_or((1.0, ""), |(s, p, _)| (s, p))
}

/// A value as a short label (a heatmap cell, a tooltip): three significant figures at most,
/// with a k/M/G suffix ([`si`]).
pub fn short(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let a = v.abs();
    let (scale, suffix) = si(a);
    let x = v / scale;
    let d = if x.abs() >= 100.0 || x == x.round() {
        0
    } else if x.abs() >= 10.0 {
        1
    } else {
        2
    };
    let s = format!("{x:.d$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    let s = if s == "-0" { "0".to_string() } else { s };
    format!("{s}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let a = ValueAxis::new(0.0, 7.3, 5);
        assert_eq!((a.lo, a.hi, a.step), (0.0, 8.0, 2.0));
        assert_eq!(a.ticks().len(), 5);
        assert_eq!(a.label(4.0), "4");
        let a = ValueAxis::new(0.12, 0.31, 4);
        assert_eq!(a.label(a.lo), "0.10");
        let a = ValueAxis::new(0.0, 2.4e9, 5);
        assert_eq!(a.label(a.hi), "2.5G");
        assert_eq!(a.label(1.5e9), "1.5G");
    }

    #[test]
    fn flat_ranges_are_widened_and_stay_non_negative() {
        let a = ValueAxis::new(0.0, 0.0, 5);
        assert_eq!((a.lo, a.hi), (0.0, 1.0));
        let a = ValueAxis::new(3.0, 3.0, 5);
        assert!(a.lo >= 0.0 && a.lo < 3.0 && a.hi > 3.0, "{a:?}");
        assert_eq!(a.y(a.hi, 10, 100), 10);
        assert_eq!(a.y(a.lo, 10, 100), 110);
    }

    #[test]
    fn short_labels() {
        assert_eq!(short(3.0), "3");
        assert_eq!(short(2.375), "2.38");
        assert_eq!(short(31.26), "31.3");
        assert_eq!(short(1234.6), "1235");
        assert_eq!(short(1.5e9), "1.5G");
        assert_eq!(short(-0.0001), "0");
    }
}
