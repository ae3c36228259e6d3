//! `cargo bench`: the engine against a bare heap on the hold model, and the full model on the
//! 1,000-job device day (its speed and peak memory), plus the parse of a file of 1,000 explicit
//! jobs, printed side by side in one run. Timings are measured here, never in tests.

mod hold_model;

use sim_core::engine::CountingSink;
use sim_core::scenario::parse_scenario;
use std::hint::black_box;
use std::time::Instant;

const DAY: &str = include_str!("../scenarios/bench/device-day.yaml");
const THOUSAND_JOBS: &str = include_str!("../scenarios/bench/thousand-jobs.yaml");

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

/// The process's peak resident set size so far (`VmHWM`), in bytes; Linux only.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Peak resident memory while `f` runs: the kernel's high-water mark is reset to the current
/// size first (`/proc/self/clear_refs`), so this is the process as it was plus what `f` needs
/// at most. Measured before anything else runs, so little else is resident.
fn peak_rss_during<T>(f: impl FnOnce() -> T) -> (Option<u64>, T) {
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let v = f();
    (peak_rss().filter(|_| reset), v)
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    // `cargo bench --bench bench -- --profile-day N`: only the device day, N times, for a
    // profiler (`perf record`); nothing is printed but the rate.
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--profile-day") {
        let n: usize = args.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(200);
        let sc = parse_scenario("device-day.yaml", DAY).expect("bench scenario parses");
        let (t, events) = best_of(1, || {
            let mut events = 0;
            for _ in 0..n {
                let mut sink = CountingSink::default();
                events += sim_core::model::simulate(black_box(&sc), None, &mut sink).events;
            }
            events
        });
        println!("device day x{n}: {:.2} M events/s", events as f64 / t / 1e6);
        return;
    }
    // Peak memory of the device day first, in a fresh process: parsing, the world, and every
    // record kept in memory (as `jobsim run` keeps them for its reports).
    let (day_peak, day_records) = peak_rss_during(|| {
        let sc = parse_scenario("device-day.yaml", DAY).expect("bench scenario parses");
        sim_core::model::simulate_to_vec(black_box(&sc), None)
            .0
            .len()
    });
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
    let (parse_1k_s, sc_1k) = best_of(rounds, || {
        parse_scenario("thousand-jobs.yaml", THOUSAND_JOBS).expect("bench scenario parses")
    });
    println!(
        "parse + validate thousand-jobs.yaml ({} explicit jobs, {} timeline entries): {:.2} ms",
        sc_1k.jobs.len(),
        sc_1k.timeline.len(),
        parse_1k_s * 1e3
    );
    let (run_s, stats) = best_of(rounds, || {
        let mut sink = CountingSink::default();
        let s = sim_core::model::simulate(black_box(&sc), None, &mut sink);
        (s, sink.count)
    });
    let (summary, records) = stats;
    println!(
        "device day (1,000 jobs, 24 h): {:.1} ms | {} events handled ({} stale timers dropped) | {:.2} M events/s handled, {:.2} M/s popped | {} records",
        run_s * 1e3,
        summary.events,
        summary.dropped,
        summary.events as f64 / run_s / 1e6,
        (summary.events + summary.dropped) as f64 / run_s / 1e6,
        records
    );
    match day_peak {
        Some(bytes) => println!(
            "device day peak memory (parse, simulate, keep {day_records} records): {:.1} MiB RSS",
            bytes as f64 / (1024.0 * 1024.0)
        ),
        None => println!("device day peak memory: n/a (needs Linux /proc)"),
    }

    // A 200-run sweep (5 uplinks x 5 UIDT limits x 8 seeds of the flaky-upload example) at 1
    // and 2 threads: parallel efficiency is t1 / (2 * t2). The rows must be identical.
    const SWEEP_BASE: &str = include_str!("../scenarios/sweeps/uidt-flaky-upload.yaml");
    const SWEEP: &str = "base: uidt-flaky-upload.yaml\nseeds: 8\naxes:\n  - { path: device.network.up, values: [2Mbps, 4Mbps, 8Mbps, 12Mbps, 20Mbps] }\n  - { tunable: runtime_ui_limit_ms, range: { from: 1800000, to: 43200000, steps: 5, scale: log } }\n";
    let raw = sim_core::sweep::parse_sweep("bench.sweep", SWEEP).expect("bench sweep parses");
    let plan = sim_core::sweep::plan(
        "bench.sweep",
        SWEEP,
        raw,
        "uidt-flaky-upload.yaml",
        SWEEP_BASE,
    )
    .expect("bench sweep plans");
    let sweep_rounds = if full { 3 } else { 1 };
    let (t1, rows1) = best_of(sweep_rounds, || {
        sim_core::sweep::execute(black_box(&plan), None, 1, &|| {}).expect("pool starts")
    });
    let (t2, rows2) = best_of(sweep_rounds, || {
        sim_core::sweep::execute(black_box(&plan), None, 2, &|| {}).expect("pool starts")
    });
    assert_eq!(
        rows1, rows2,
        "the thread count must not change a sweep's rows"
    );
    println!(
        "sweep ({} runs): 1 thread {:.1} ms | 2 threads {:.1} ms | speed-up {:.2}x | parallel efficiency {:.0}%",
        rows1.len(),
        t1 * 1e3,
        t2 * 1e3,
        t1 / t2,
        100.0 * t1 / (2.0 * t2)
    );
    let (records, run) = sim_core::model::simulate_to_vec(&sc, None);
    let h = sim_core::model::header(&sc);
    let (svg_s, svg_len) = best_of(rounds, || {
        let opts = reports::chart::Options::default();
        let scene = reports::chart::timeline(&h, black_box(&records), run.end, &opts);
        reports::chart::svg::render(&scene).len()
    });
    println!(
        "device day timeline.svg (aggregated): {:.1} ms render | {:.1} ms with the simulation | {} KiB",
        svg_s * 1e3,
        (run_s + svg_s) * 1e3,
        svg_len / 1024
    );
}
