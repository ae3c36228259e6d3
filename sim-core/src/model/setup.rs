//! Building the world's parts from a scenario: apps, and the jobs of workload generators.

use crate::app::Work;
use crate::app::{App, ProcState};
use crate::rng::{exp_sample, unit_f64, RngStreams};
use crate::scenario::{AppSpec, Arrivals, JobSpec, Scenario};
use crate::time::SimTime;

pub fn app_from_spec(s: &AppSpec) -> App {
    App {
        package: s.package.as_str().into(),
        uid: s.uid,
        target_sdk: s.target_sdk,
        run_user_initiated_jobs: s.run_user_initiated_jobs,
        access_network_state: s.access_network_state,
        receive_boot_completed: s.receive_boot_completed,
        bucket: s.bucket,
        background_restricted: s.background_restricted,
        power_allowlisted: s.power_allowlisted,
        data_saver_allowlisted: s.data_saver_allowlisted,
        temp_allowlisted_until: None,
        has_foreground_service: s.foreground_service,
        proc: if s.foreground_service {
            ProcState::ForegroundService
        } else {
            ProcState::Dead
        },
        left_top_at: None,
        bal_exempt_until: None,
        foreground_memory: s.foreground_memory,
        estimated_launch: s.estimated_launch_in.map(|d| SimTime::ZERO + d),
        installed: true,
    }
}

/// Expands every workload into job specs appended to `specs`, returning each generated job's
/// arrival time and spec index, sorted by time (ties in generation order).
pub fn generate_workloads(
    sc: &Scenario,
    streams: &RngStreams,
    specs: &mut Vec<JobSpec>,
) -> Vec<(SimTime, usize)> {
    let mut arrivals = Vec::new();
    for (w_idx, w) in sc.workloads.iter().enumerate() {
        let mut rng = streams.stream(&format!("workload/{w_idx}"));
        let mut t = w.start.as_millis() as f64;
        for i in 0..w.count {
            let at = match w.arrivals {
                Arrivals::Poisson { mean_interval } => {
                    t += exp_sample(&mut rng, mean_interval.as_millis() as f64);
                    t
                }
                Arrivals::Uniform { over } => {
                    w.start.as_millis() as f64 + unit_f64(&mut rng) * over.as_millis() as f64
                }
                Arrivals::Every { interval } => {
                    w.start.as_millis() as f64 + f64::from(i) * interval.as_millis() as f64
                }
            };
            let mut info = w.template.clone();
            info.id = w.first_id.saturating_add(i as i32);
            let mut behavior = w.behavior.clone();
            let drawn = Work {
                download: w.work.download.map_or(0, |d| d.sample(&mut rng)),
                upload: w.work.upload.map_or(0, |d| d.sample(&mut rng)),
                cpu_ms: w.work.cpu.map_or(0, |d| d.sample(&mut rng)),
            };
            behavior.work = behavior.work.plus(drawn);
            if let Some(n) = behavior.notification.as_mut() {
                n.id = info.id;
            }
            specs.push(JobSpec {
                app: w.app,
                info,
                behavior,
            });
            arrivals.push((
                SimTime::from_millis(at.max(0.0).min(u64::MAX as f64 / 2.0) as u64),
                specs.len() - 1,
            ));
        }
    }
    arrivals.sort_by_key(|(t, _)| *t);
    arrivals
}
