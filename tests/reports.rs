//! Reports rendered from real scenarios: the timeline chart (SVG bytes snapshotted, PNG decoded),
//! the tables, the job history and the Perfetto export.

mod common;

use reports::chart::{self, raster, svg, Scene};
use reports::lanes::{lanes, State};
use reports::Uids;
use serde_json::Value;
use sim_core::engine::Stamped;
use sim_core::model::{header, simulate_to_vec, Header, Record};
use sim_core::time::SimTime;

struct Rendered {
    header: Header,
    records: Vec<Stamped<Record>>,
    end: SimTime,
    uids: Uids,
}

fn render(rel: &str) -> Rendered {
    let sc = common::load(rel);
    let (records, stats) = simulate_to_vec(&sc, None);
    Rendered {
        header: header(&sc),
        records,
        end: stats.end,
        uids: Uids::new(sc.apps.iter().map(|a| (a.package.clone(), a.uid))),
    }
}

impl Rendered {
    fn scene(&self, expand: bool) -> Scene {
        let opts = chart::Options {
            expand,
            uids: self.uids.clone(),
        };
        chart::timeline(&self.header, &self.records, self.end, &opts)
    }

    fn summary(&self) -> reports::Summary {
        reports::Summary::from_trace(&self.records, self.end)
    }
}

#[test]
fn timeline_svg_photo_backup() {
    let r = render("scenarios/uidt/photo-backup.yaml");
    let svg = svg::render(&r.scene(false));
    // The connectivity stop is a marker with its reasons in a tooltip.
    assert!(svg.contains(
        "STOP_REASON_CONSTRAINT_CONNECTIVITY (code 7), internal CONSTRAINTS_NOT_SATISFIED"
    ));
    assert!(svg.contains("#u0a100/1 com.example.photos: running (user-initiated), attempt 2"));
    insta::assert_snapshot!("timeline_photo_backup_svg", svg);
}

#[test]
fn timeline_svg_task_manager_stop() {
    let r = render("scenarios/user/task-manager-stop.yaml");
    insta::assert_snapshot!(
        "timeline_task_manager_stop_svg",
        svg::render(&r.scene(false))
    );
}

#[test]
fn timeline_is_byte_identical_across_renders() {
    let a = render("scenarios/regular/guarantee-contention.yaml");
    let b = render("scenarios/regular/guarantee-contention.yaml");
    assert_eq!(svg::render(&a.scene(false)), svg::render(&b.scene(false)));
    assert_eq!(
        raster::render_png(&a.scene(false)).unwrap(),
        raster::render_png(&b.scene(false)).unwrap()
    );
}

#[test]
fn timeline_png_decodes_to_the_scene_size() {
    let r = render("scenarios/uidt/photo-backup.yaml");
    let scene = r.scene(false);
    let bytes = raster::render_png(&scene).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (scene.width, scene.height));
    assert_eq!(info.color_type, png::ColorType::Rgb);
    // Something besides the white background was drawn: the job's user-initiated purple.
    let purple = buf.chunks(3).filter(|p| *p == [0xcc, 0x79, 0xa7]).count();
    assert!(purple > 1_000, "{purple} purple pixels");
}

#[test]
fn a_ready_job_waiting_for_a_slot_shows_as_queued() {
    // More long jobs than slots: the one left over is ready but waits for a slot
    // (PENDING_JOB_REASON_DEVICE_STATE with no device restriction), queued until its first start.
    let r = render("scenarios/regular/guarantee-contention.yaml");
    let l = lanes(&r.records, r.end);
    let waiting_for_slot = l
        .iter()
        .find(|l| l.segments.first().is_some_and(|s| s.state == State::Queued))
        .expect("a lane that starts queued");
    let first = &waiting_for_slot.segments[0];
    let next = &waiting_for_slot.segments[1];
    assert_eq!(first.reasons, ["PENDING_JOB_REASON_DEVICE_STATE"]);
    assert_eq!(
        next.state,
        State::Running(reports::lanes::RunClass::Regular)
    );
    assert_eq!(first.end, next.start);
}

#[test]
fn a_thousand_jobs_aggregate_per_app_unless_expanded() {
    let r = render("scenarios/bench/device-day.yaml");
    let agg = r.scene(false);
    let all = r.scene(true);
    let agg_svg = svg::render(&agg);
    assert!(agg_svg.contains("one lane per app (--expand draws every job)"));
    assert!(agg_svg.contains("com.example.mail: jobs running (at most"));
    // Four app lanes fit in a screen; a thousand job lanes do not.
    assert!(agg.height < 1_000, "{}", agg.height);
    assert!(all.height > 20_000, "{}", all.height);
}

#[test]
fn tables_photo_backup() {
    let r = render("scenarios/uidt/photo-backup.yaml");
    let s = r.summary();
    insta::assert_snapshot!("jobs_csv_photo_backup", reports::tables::jobs_csv(&s));
    insta::assert_snapshot!(
        "stops_csv_photo_backup",
        reports::tables::stops_csv(&r.records)
    );
    insta::assert_snapshot!(
        "summary_json_photo_backup",
        reports::tables::summary_json(&r.header, &s)
    );
    insta::assert_snapshot!(
        "job_history_photo_backup",
        reports::history::job_history(&r.header, &r.records, &r.uids)
    );
}

#[test]
fn perfetto_export_is_json_with_app_job_and_device_tracks() {
    let r = render("scenarios/uidt/photo-backup.yaml");
    let text = reports::perfetto::perfetto_json(&r.header, &r.records, r.end, &r.uids);
    let doc: Value = serde_json::from_str(&text).expect("valid JSON");
    let ev = doc["traceEvents"].as_array().unwrap();
    let named = |ph: &str, name: &str| {
        ev.iter()
            .filter(|e| e["ph"] == ph && e["name"] == name)
            .collect::<Vec<_>>()
    };
    let procs: Vec<&Value> = named("M", "process_name")
        .iter()
        .map(|e| &e["args"]["name"])
        .collect();
    assert_eq!(procs, ["device", "com.example.photos"]);
    let threads = named("M", "thread_name");
    assert!(threads
        .iter()
        .any(|e| e["args"]["name"] == "#u0a100/1 com.example.photos"));
    // Two runs as complete slices; the first carries its stop reason.
    let runs = named("X", "running (user-initiated) #1");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["ts"], 1_000_000);
    assert_eq!(runs[0]["dur"], 1_199_002_000u64);
    assert_eq!(
        runs[0]["args"]["stop_reason"],
        "STOP_REASON_CONSTRAINT_CONNECTIVITY"
    );
    assert_eq!(named("X", "running (user-initiated) #2").len(), 1);
    for counter in ["battery level %", "temperature °C", "bandwidth kbps"] {
        assert!(!named("C", counter).is_empty(), "{counter}");
    }
    assert!(!named("i", "network none").is_empty());
}

// ---- report.html, through the command line ----

/// Runs `jobsim run SCENARIO --out DIR --quiet`.
fn run_cli(rel: &str, out: &std::path::Path) {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_jobsim"))
        .arg("run")
        .arg(common::root().join(rel))
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn report_html_is_one_self_contained_deterministic_file() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let rel = "scenarios/thermal/moderate-allows-uidt-not-regular.yaml";
    run_cli(rel, &a);
    run_cli(rel, &b);
    let html = std::fs::read_to_string(a.join("report.html")).unwrap();
    assert_eq!(
        html.as_bytes(),
        std::fs::read(b.join("report.html")).unwrap(),
        "byte-identical across runs"
    );
    assert!(html.starts_with("<!DOCTYPE html>"));
    // The timeline inline, tooltips included, exactly as timeline.svg.
    let svg = std::fs::read_to_string(a.join("timeline.svg")).unwrap();
    assert!(html.contains(svg.trim_end()));
    assert!(html.contains("<title>#u0a100/1 com.example.bg: running"));
    // The summary's tables and the explanation of the jobs that never finished.
    for table in [
        "Stop reasons</th>",
        "Max running at once</th>",
        "Count</th>",
    ] {
        assert!(html.contains(table), "{table}");
    }
    assert!(html.contains("<td class=\"job\">com.example.video/1</td>"));
    assert!(html.contains("held back: thermal status SEVERE (ThermalStatusRestriction)"));
    assert!(html.contains("START: #u0a100/1 com.example.bg/1"));
    // Nothing to fetch: no script, no link, no address but the SVG namespace.
    assert!(!html.contains("<script") && !html.contains("<link"));
    let outside_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!outside_ns.contains("http://") && !outside_ns.contains("https://"));
    // summary.md says the same about the unfinished jobs.
    let md = std::fs::read_to_string(a.join("summary.md")).unwrap();
    assert!(md.contains(
        "- `com.example.bg/1`: waiting: PENDING_JOB_REASON_DEVICE_STATE\n  - at the end: waiting\n  - held back: thermal status SEVERE (ThermalStatusRestriction)\n"
    ));
    assert!(md.contains("  - at the end: running (executing) since 0:00:02.000\n"));
}

#[test]
fn report_html_escapes_scenario_text() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(common::root().join("scenarios/uidt/photo-backup.yaml"))
        .unwrap()
        .replacen("name: ", "name: \"<script>alert(1)</script> & 'x' \" # ", 1);
    let sc = dir.path().join("s.yaml");
    std::fs::write(&sc, src).unwrap();
    let out = dir.path().join("o");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_jobsim"))
        .args([
            "run".as_ref(),
            sc.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "-q".as_ref(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script>"));
    assert!(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;x&#39; </h1>"));
}
