//! The report files `jobsim run --out DIR` writes beside `trace.jsonl`: `summary.md`, the
//! one-file `report.html`, the timeline chart, the tables, the job history and the Perfetto
//! export. Everything is rendered
//! in memory by `reports`; `main` writes the files atomically.

use clap::ValueEnum;
use reports::chart::{self, raster, svg};
use reports::{Summary, Uids};
use sim_core::engine::Stamped;
use sim_core::model::inspect::JobState;
use sim_core::model::{Header, Record};
use sim_core::scenario::Scenario;
use sim_core::time::SimTime;

/// A chart file format for `--charts`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChartFormat {
    Svg,
    Png,
    /// No chart at all.
    None,
}

/// What the report options of `jobsim run` ask for.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    pub charts: Vec<ChartFormat>,
    pub expand: bool,
}

/// The uids the scenario gives its apps, for the platform's `#u0a…` job labels.
pub fn uids(sc: &Scenario) -> Uids {
    Uids::new(sc.apps.iter().map(|a| (a.package.clone(), a.uid)))
}

/// A finished run, as the report files need it.
pub struct RunData<'a> {
    pub sc: &'a Scenario,
    pub header: &'a Header,
    pub records: &'a [Stamped<Record>],
    pub summary: &'a Summary,
    pub end: SimTime,
    /// Every job's state at the end of the run, to explain the jobs that never finished.
    pub states: &'a [JobState],
}

/// `summary.md`, with the end state of every job that never finished.
pub fn summary_md(run: &RunData) -> String {
    reports::summary_markdown_with(run.header, run.summary, run.states)
}

/// Every report file after the trace and summary, as (file name, bytes), in a fixed order.
/// `report.html` always holds the timeline; `--charts` only chooses the chart files.
pub fn report_files(
    run: &RunData,
    opts: &ReportOptions,
) -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    let (header, records, summary, end) = (run.header, run.records, run.summary, run.end);
    let uids = uids(run.sc);
    let mut files = Vec::new();
    files.push(("jobs.csv", reports::tables::jobs_csv(summary).into_bytes()));
    files.push((
        "stops.csv",
        reports::tables::stops_csv(records).into_bytes(),
    ));
    files.push((
        "summary.json",
        reports::tables::summary_json(header, summary).into_bytes(),
    ));
    let history = reports::history::job_history(header, records, &uids);
    let perfetto = reports::perfetto::perfetto_json(header, records, end, &uids);
    files.push(("trace.perfetto.json", perfetto.into_bytes()));
    let want =
        |f: ChartFormat| opts.charts.contains(&f) && !opts.charts.contains(&ChartFormat::None);
    let copts = chart::Options {
        expand: opts.expand,
        uids: uids.clone(),
    };
    let scene = chart::timeline(header, records, end, &copts);
    let timeline_svg = svg::render(&scene);
    let unfinished = reports::unfinished::unfinished(summary, run.states);
    let page = reports::html::Page {
        header,
        description: &run.sc.description,
        summary,
        timeline_svg: &timeline_svg,
        history: &history,
        unfinished: &unfinished,
    };
    files.push((
        "report.html",
        reports::html::report_html(&page).into_bytes(),
    ));
    files.push(("job-history.txt", history.into_bytes()));
    if want(ChartFormat::Png) {
        files.push(("timeline.png", raster::render_png(&scene)?));
    }
    if want(ChartFormat::Svg) {
        files.push(("timeline.svg", timeline_svg.into_bytes()));
    }
    Ok(files)
}

/// The files [`report_files`] can write, for the CLI's closing line.
pub const REPORT_FILES: &str = "report.html, timeline.svg/.png, jobs.csv, stops.csv, \
     summary.json, job-history.txt, trace.perfetto.json";
