//! Summary statistics over a grid point's seeds: mean, nearest-rank percentiles and a 95%
//! confidence interval of the mean from Student's t distribution, because sweeps often have
//! only a handful of seeds and the normal 1.96 would claim too much confidence.

/// Two-sided 95% critical values of Student's t for 1 to 30 degrees of freedom.
const T95: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

/// The 95% critical value for `df` degrees of freedom (`df >= 1`). Between tabled values the
/// next smaller `df` is used, which errs on the side of a wider interval.
pub fn t95(df: usize) -> f64 {
    match df {
        0 => f64::INFINITY,
        1..=30 => T95[df - 1],
        31..=39 => T95[29],
        40..=59 => 2.021,
        60..=119 => 2.000,
        120..=999 => 1.980,
        _ => 1.960,
    }
}

/// Summary of one metric at one grid point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stats {
    pub n: usize,
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    /// The 95% confidence interval of the mean; `None` with fewer than two values.
    pub ci95: Option<(f64, f64)>,
}

/// Statistics of `values` (in run order; the order does not change the result's bytes because
/// sums are taken in that fixed order). `None` for no values.
pub fn stats(values: &[f64]) -> Option<Stats> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = |p: usize| sorted[((n * p).div_ceil(100)).clamp(1, n) - 1];
    let ci95 = (n >= 2).then(|| {
        let var = values.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
        let half = t95(n - 1) * libm::sqrt(var / n as f64);
        (mean - half, mean + half)
    });
    Some(Stats {
        n,
        mean,
        p50: rank(50),
        p95: rank(95),
        ci95,
    })
}

/// A summary number with three decimals (never `-0.000`).
pub fn fixed3(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{x:.3}");
    if s == "-0.000" {
        "0.000".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_percentiles_and_interval() {
        let s = stats(&[1.0, 2.0, 3.0, 4.0]).unwrap();
        assert_eq!((s.n, s.mean, s.p50, s.p95), (4, 2.5, 2.0, 4.0));
        let (lo, hi) = s.ci95.unwrap();
        // s = 1.2910, t(3) = 3.182: half-width 3.182 * 1.2910 / 2 = 2.054.
        assert_eq!((fixed3(lo), fixed3(hi)), ("0.446".into(), "4.554".into()));
        let one = stats(&[5.0]).unwrap();
        assert_eq!((one.p50, one.p95, one.ci95), (5.0, 5.0, None));
        assert!(stats(&[]).is_none());
        assert_eq!(fixed3(-0.0001), "0.000");
        assert_eq!(t95(1), 12.706);
        assert_eq!(t95(45), 2.021);
    }
}
