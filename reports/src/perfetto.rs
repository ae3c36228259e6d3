//! `trace.perfetto.json`: the run in the Chrome JSON trace-event format, which the Perfetto UI
//! (and `chrome://tracing`) opens. One process per app with one thread per job, whose complete
//! slices ("X") are the job's states from [`crate::lanes`] (every run, wait and backoff);
//! a "device" process holds counter tracks ("C") for battery level, temperature and bandwidth
//! and instant events ("i") for every other device change. Timestamps are microseconds.

use crate::device_tracks::snake;
use crate::labels::{short_pending, short_stop, Uids};
use crate::lanes::{lanes, Lane, State};
use serde_json::{json, Value};
use sim_core::engine::Stamped;
use sim_core::model::{Header, Record};
use sim_core::time::SimTime;

const DEVICE_PID: u64 = 1;
const DEVICE_TID: u64 = 1;

fn us(t: SimTime) -> u64 {
    t.as_millis().saturating_mul(1000)
}

/// The whole export, one event per line inside `traceEvents`.
pub fn perfetto_json(h: &Header, records: &[Stamped<Record>], end: SimTime, uids: &Uids) -> String {
    let mut ev: Vec<Value> = vec![
        json!({"ph": "M", "name": "process_name", "pid": DEVICE_PID, "args": {"name": "device"}}),
        json!({"ph": "M", "name": "process_sort_index", "pid": DEVICE_PID, "args": {"sort_index": 0}}),
        json!({"ph": "M", "name": "thread_name", "pid": DEVICE_PID, "tid": DEVICE_TID, "args": {"name": "device changes"}}),
    ];
    device_events(records, &mut ev);
    job_events(&lanes(records, end), uids, &mut ev);
    let mut out = format!(
        "{{\"displayTimeUnit\":\"ms\",\"otherData\":{},\"traceEvents\":[\n",
        json!({"scenario": h.scenario, "seed": h.seed, "platform": h.platform, "jobsim": h.jobsim})
    );
    let lines: Vec<String> = ev.iter().map(Value::to_string).collect();
    out.push_str(&lines.join(",\n"));
    out.push_str("\n]}\n");
    out
}

fn counter(ev: &mut Vec<Value>, t: SimTime, name: &str, args: Value) {
    ev.push(json!({"ph": "C", "name": name, "pid": DEVICE_PID, "ts": us(t), "args": args}));
}

fn instant(ev: &mut Vec<Value>, t: SimTime, name: String, args: Value) {
    ev.push(json!({"ph": "i", "s": "t", "name": name, "pid": DEVICE_PID, "tid": DEVICE_TID, "ts": us(t), "args": args}));
}

fn device_events(records: &[Stamped<Record>], ev: &mut Vec<Value>) {
    for r in records {
        let t = r.t_ms;
        match &r.record {
            Record::BatteryLevel { level, .. } => {
                counter(ev, t, "battery level %", json!({"level": level}));
            }
            Record::Thermal {
                status,
                temperature_c,
                ..
            } => {
                counter(
                    ev,
                    t,
                    "temperature °C",
                    json!({"temperature": temperature_c}),
                );
                instant(
                    ev,
                    t,
                    format!("thermal {status}"),
                    json!({"temperature_c": temperature_c}),
                );
            }
            Record::Network {
                transport,
                down_kbps,
                up_kbps,
                ..
            } => {
                counter(
                    ev,
                    t,
                    "bandwidth kbps",
                    json!({"down": down_kbps, "up": up_kbps}),
                );
                let args = serde_json::to_value(&r.record).unwrap_or(Value::Null);
                instant(ev, t, format!("network {}", snake(transport)), args);
            }
            Record::Screen { .. }
            | Record::Power { .. }
            | Record::BatteryLow { .. }
            | Record::BatterySaver { .. }
            | Record::DataSaver { .. }
            | Record::MemoryPressure { .. }
            | Record::StorageLow { .. }
            | Record::Doze { .. }
            | Record::DeviceIdle { .. }
            | Record::Foreground { .. }
            | Record::Reboot { .. }
            | Record::ProcessDied { .. } => {
                // The record's own fields are the args; its `event` tag names the instant.
                let args = serde_json::to_value(&r.record).unwrap_or(Value::Null);
                let name = args
                    .get("event")
                    .and_then(Value::as_str)
                    .unwrap_or("device")
                    .to_string();
                instant(ev, t, name, args);
            }
            _ => {}
        }
    }
}

fn job_events(lanes: &[Lane], uids: &Uids, ev: &mut Vec<Value>) {
    let mut apps: Vec<&str> = Vec::new();
    for (i, lane) in lanes.iter().enumerate() {
        if !apps.contains(&lane.app.as_str()) {
            apps.push(&lane.app);
            let pid = DEVICE_PID + apps.len() as u64;
            ev.push(
                json!({"ph": "M", "name": "process_name", "pid": pid, "args": {"name": lane.app}}),
            );
            ev.push(json!({"ph": "M", "name": "process_sort_index", "pid": pid, "args": {"sort_index": apps.len()}}));
        }
        let pid = DEVICE_PID + apps.len() as u64;
        let tid = i as u64 + 2;
        let name = uids.full(&lane.app, lane.namespace.as_deref(), lane.id);
        ev.push(json!({"ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": {"name": name}}));
        ev.push(json!({"ph": "M", "name": "thread_sort_index", "pid": pid, "tid": tid, "args": {"sort_index": i}}));
        for seg in &lane.segments {
            let mut args = json!({"kind": lane.kind, "attempt": seg.attempt});
            if !seg.reasons.is_empty() {
                let r: Vec<&str> = seg.reasons.iter().map(|r| short_pending(r)).collect();
                args["pending_reasons"] = json!(r);
            }
            if let Some(stop) = &seg.stop {
                args["stop_reason"] = json!(stop.reason);
                args["internal_reason"] = json!(stop.internal);
            }
            let name = match seg.state {
                State::Running(_) => format!("{} #{}", seg.state.label(), seg.attempt),
                other => other.label().to_string(),
            };
            let dur = us(seg.end).saturating_sub(us(seg.start));
            ev.push(json!({"ph": "X", "cat": "job", "name": name, "pid": pid, "tid": tid, "ts": us(seg.start), "dur": dur, "args": args}));
        }
        for m in &lane.stops {
            let args = json!({"reason": m.reason, "reason_code": m.code, "internal_reason": m.internal, "attempt": m.attempt});
            ev.push(json!({"ph": "i", "s": "t", "name": format!("stop {}", short_stop(m.reason)), "pid": pid, "tid": tid, "ts": us(m.at), "args": args}));
        }
    }
}
