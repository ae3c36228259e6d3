//! `cargo bench`: the engine against a bare heap on the hold model, and the full model on the
//! 1,000-job device day, printed side by side in one run. Timings are measured here, never in
//! tests.

mod hold_model;

use sim_core::engine::CountingSink;
use sim_core::scenario::parse_scenario;
use std::hint::black_box;
use std::time::Instant;

const DAY: &str = include_str!("../scenarios/bench/device-day.yaml");

fn best_of<T>(rounds: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..rounds {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(v);
    }
    (best, last.expect("at least one round"))
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (ops, rounds) = if full { (4_000_000, 5) } else { (100_000, 1) };
    let (e, b) = hold_model::hold_model_rates(1000, ops);
    println!(
        "hold model (1000 pending): engine {:.1} M ops/s | bare BinaryHeap {:.1} M ops/s | ratio {:.0}%",
        e / 1e6,
        b / 1e6,
        100.0 * e / b
    );
    let (parse_s, sc) = best_of(rounds, || {
        parse_scenario("device-day.yaml", DAY).expect("bench scenario parses")
    });
    println!("parse + validate device-day.yaml: {:.2} ms", parse_s * 1e3);
    let (run_s, stats) = best_of(rounds, || {
        let mut sink = CountingSink::default();
        let s = sim_core::model::simulate(black_box(&sc), None, &mut sink);
        (s, sink.count)
    });
    let (summary, records) = stats;
    println!(
        "device day (1,000 jobs, 24 h): {:.1} ms | {} events | {:.2} M events/s | {} records",
        run_s * 1e3,
        summary.events,
        summary.events as f64 / run_s / 1e6,
        records
    );
}
