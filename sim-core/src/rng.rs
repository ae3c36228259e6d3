//! Seeded, named random streams.
//!
//! Every source of randomness (network flaps, each workload generator, …)
//! draws from its own stream derived from the run seed and the stream's name.
//! That way adding a new consumer, or one consumer drawing more numbers,
//! never shifts the values another consumer sees, so scenarios stay
//! comparable when the model grows.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Factory for independent random streams keyed by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RngStreams {
    seed: u64,
}

impl RngStreams {
    /// Streams derived from `seed`.
    pub fn new(seed: u64) -> Self {
        RngStreams { seed }
    }

    /// The run seed, for recording in trace headers.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// A fresh generator for `name`: the seed picks the key and the name's
    /// FNV-1a hash picks ChaCha's stream id, so streams never overlap.
    /// Calling it twice with the same name restarts that stream.
    pub fn stream(&self, name: &str) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(fnv1a_64(name));
        rng
    }
}

/// 64-bit FNV-1a: tiny, stable forever (unlike `std`'s hasher, which is
/// allowed to change between releases), and good enough to spread names.
pub fn fnv1a_64(s: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    s.bytes()
        .fold(OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// Uniform in `[0, 1)` with 53 bits of precision.
///
/// Built from one `next_u64` by hand rather than `rand`'s float
/// distribution so the mapping from bits to floats is fixed by this crate.
pub fn unit_f64<R: rand::Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Exponentially distributed sample with the given mean (inverse CDF).
///
/// Uses `1 - u` with `u` in `[0, 1)` so the log argument is in `(0, 1]` and
/// the result is always finite; `libm` keeps `log` bit-identical across
/// platforms. A non-positive or non-finite mean yields 0.
pub fn exp_sample<R: rand::Rng + ?Sized>(rng: &mut R, mean: f64) -> f64 {
    if !(mean.is_finite() && mean > 0.0) {
        return 0.0;
    }
    let u = unit_f64(rng);
    -mean * libm::log(1.0 - u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngCore;

    fn first3(rng: &mut ChaCha8Rng) -> [u64; 3] {
        [rng.next_u64(), rng.next_u64(), rng.next_u64()]
    }

    /// Golden vectors: these values were computed once and hard-coded. If a
    /// `rand`/`rand_chacha` upgrade (or a change here) alters them, every
    /// recorded scenario would silently produce different traces, so this
    /// test must fail loudly instead.
    #[test]
    fn golden_vectors_seed_42() {
        let s = RngStreams::new(42);
        assert_eq!(first3(&mut s.stream("network")), GOLDEN_NETWORK);
        assert_eq!(first3(&mut s.stream("workload/0")), GOLDEN_WORKLOAD0);
    }

    const GOLDEN_NETWORK: [u64; 3] = [
        15317787989766169524,
        15478691442096035169,
        10820339092512545009,
    ];
    const GOLDEN_WORKLOAD0: [u64; 3] =
        [8223470401259487177, 114327621856745827, 1206175942636174736];

    #[test]
    fn names_give_different_draws() {
        let s = RngStreams::new(42);
        assert_ne!(first3(&mut s.stream("a")), first3(&mut s.stream("b")));
        // Same name restarts identically.
        assert_eq!(first3(&mut s.stream("a")), first3(&mut s.stream("a")));
        // The stream id actually matters (not just the seed).
        let mut plain = ChaCha8Rng::seed_from_u64(42);
        assert_ne!(first3(&mut plain), GOLDEN_NETWORK);
        // Different seed differs.
        assert_ne!(
            first3(&mut s.stream("a")),
            first3(&mut RngStreams::new(43).stream("a"))
        );
        assert_eq!(s.seed(), 42);
    }

    #[test]
    fn fnv_known_values() {
        assert_eq!(fnv1a_64(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn distributions() {
        let mut rng = RngStreams::new(1).stream("dist");
        let n = 100_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let u = unit_f64(&mut rng);
            assert!((0.0..1.0).contains(&u));
            let x = exp_sample(&mut rng, 10.0);
            assert!(x.is_finite() && x >= 0.0);
            sum += x;
        }
        let mean = sum / n as f64;
        assert!((mean - 10.0).abs() < 0.2, "mean {mean}");
        assert_eq!(exp_sample(&mut rng, 0.0), 0.0);
        assert_eq!(exp_sample(&mut rng, f64::NAN), 0.0);
    }

    /// The extreme draw u = 0 maps to log(1) = 0, and the largest u maps to
    /// a large but finite value.
    #[test]
    fn exp_never_infinite() {
        struct Fixed(u64);
        impl RngCore for Fixed {
            fn next_u32(&mut self) -> u32 {
                self.0 as u32
            }
            fn next_u64(&mut self) -> u64 {
                self.0
            }
            fn fill_bytes(&mut self, dst: &mut [u8]) {
                dst.fill(0);
            }
        }
        assert_eq!(exp_sample(&mut Fixed(0), 5.0), 0.0);
        let big = exp_sample(&mut Fixed(u64::MAX), 5.0);
        assert!(big.is_finite() && big > 100.0, "{big}");
    }
}
