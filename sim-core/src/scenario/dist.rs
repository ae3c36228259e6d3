//! Distributions for generated workloads, sampled from a named random stream.

use crate::rng::{exp_sample, unit_f64};

/// A distribution of a non-negative quantity (bytes or milliseconds).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dist {
    Fixed(f64),
    Uniform {
        low: f64,
        high: f64,
    },
    Exponential {
        mean: f64,
    },
    /// Log-normal with the given median and shape σ (of the underlying normal).
    LogNormal {
        median: f64,
        sigma: f64,
    },
}

impl Dist {
    /// Draws one value, rounded to an integer and never negative.
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        let x = match *self {
            Dist::Fixed(v) => v,
            Dist::Uniform { low, high } => low + (high - low) * unit_f64(rng),
            Dist::Exponential { mean } => exp_sample(rng, mean),
            Dist::LogNormal { median, sigma } => median * libm::exp(sigma * standard_normal(rng)),
        };
        if x.is_finite() && x > 0.0 {
            x.round().min(u64::MAX as f64 / 4.0) as u64
        } else {
            0
        }
    }
}

/// Box–Muller transform with libm, so draws are identical on every platform.
fn standard_normal<R: rand::Rng + ?Sized>(rng: &mut R) -> f64 {
    let u1 = 1.0 - unit_f64(rng); // (0, 1]
    let u2 = unit_f64(rng);
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * std::f64::consts::PI * u2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::RngStreams;

    #[test]
    fn lognormal_median_is_about_right() {
        let mut rng = RngStreams::new(7).stream("t");
        let d = Dist::LogNormal {
            median: 1000.0,
            sigma: 1.0,
        };
        let mut v: Vec<u64> = (0..4001).map(|_| d.sample(&mut rng)).collect();
        v.sort_unstable();
        let median = v[2000] as f64;
        assert!((800.0..1250.0).contains(&median), "{median}");
    }

    #[test]
    fn uniform_stays_in_range() {
        let mut rng = RngStreams::new(7).stream("t");
        let d = Dist::Uniform {
            low: 10.0,
            high: 20.0,
        };
        assert!((0..1000)
            .map(|_| d.sample(&mut rng))
            .all(|x| (10..=20).contains(&x)));
    }
}
