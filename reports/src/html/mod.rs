//! `report.html`: the whole run in one file a person can open anywhere, with no network, no
//! scripts and no fonts to fetch. It holds the scenario's name and description, the timeline
//! SVG inline (its `<title>` tooltips still work), the summary's tables, the explanations of
//! the jobs that never finished (the same as `summary.md`) and the job history.
//!
//! The page is assembled from already-rendered pieces (the SVG text, the history text), so it
//! shows exactly what the separate files show.

mod escape;
mod prose;
mod style;
mod tables;

pub use escape::escape;

use crate::summary::Summary;
use crate::unfinished::Unfinished;
use sim_core::model::Header;
use std::fmt::Write;

/// Above this many lines the job history starts folded (`<details>`), so a long run's page
/// opens on its tables rather than thousands of log lines.
const HISTORY_OPEN_LINES: usize = 300;

/// What the page shows.
pub struct Page<'a> {
    pub header: &'a Header,
    /// The scenario's free-text description.
    pub description: &'a str,
    pub summary: &'a Summary,
    /// The timeline chart as a standalone SVG document (`chart::svg::render`).
    pub timeline_svg: &'a str,
    /// `job-history.txt`.
    pub history: &'a str,
    pub unfinished: &'a [Unfinished],
}

/// The page as one HTML document.
pub fn report_html(p: &Page) -> String {
    let h = p.header;
    let mut out = String::with_capacity(p.timeline_svg.len() + p.history.len() + 16_384);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · jobsim report</title>\n<style>{}</style>\n</head>\n<body>\n",
        escape(&h.scenario),
        style::CSS
    );
    head(&mut out, p);
    section(&mut out, "timeline", "Timeline");
    out.push_str(
        "<p class=\"hint\">Device tracks above, one lane per job below (one per app past 60 \
         jobs). Point at a segment, band or stop marker for its details.</p>\n<div class=\"chart\">\n",
    );
    out.push_str(p.timeline_svg.trim_end());
    out.push_str("\n</div>\n</section>\n");
    section(&mut out, "jobs", "Jobs");
    out.push_str(&tables::jobs(p.summary));
    out.push_str("</section>\n");
    section(&mut out, "unfinished", "Jobs that never finished");
    out.push_str(&tables::unfinished(p.unfinished));
    out.push_str("</section>\n");
    section(&mut out, "stops", "Stops by app");
    out.push_str(&tables::stops_by_app(p.summary));
    out.push_str("</section>\n");
    section(&mut out, "concurrency", "Concurrency");
    out.push_str(&tables::concurrency(p.summary));
    out.push_str("</section>\n");
    section(&mut out, "history", "Job history");
    history(&mut out, p.history);
    out.push_str("</section>\n");
    let _ = write!(
        out,
        "<footer>Written by jobsim {} from the run's trace; the same scenario and seed give \
         the same file. The other files of the run hold the same facts for tools.</footer>\n\
         </body>\n</html>\n",
        escape(h.jobsim)
    );
    out
}

fn section(out: &mut String, id: &str, title: &str) {
    let _ = writeln!(out, "<section id=\"{id}\">\n<h2>{title}</h2>");
}

/// Title, run facts, outcome counts, description and the table of contents.
fn head(out: &mut String, p: &Page) {
    let (h, s) = (p.header, p.summary);
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape(&h.scenario));
    let _ = writeln!(
        out,
        "<p class=\"meta\">Seed {} · platform {} · simulated to {} · {} · jobsim {}</p>",
        h.seed,
        escape(h.platform),
        s.end,
        escape(&outcomes(s)),
        escape(h.jobsim)
    );
    out.push_str(&prose::paragraphs(p.description));
    let _ = writeln!(
        out,
        "<nav><a href=\"#timeline\">Timeline</a><a href=\"#jobs\">Jobs</a>\
         <a href=\"#unfinished\">Never finished ({})</a><a href=\"#stops\">Stops by app</a>\
         <a href=\"#concurrency\">Concurrency</a><a href=\"#history\">Job history</a></nav>\n</header>",
        p.unfinished.len()
    );
}

/// `3 jobs: 2 finished, 1 waiting`, outcomes in order of first appearance in the job list.
fn outcomes(s: &Summary) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for j in &s.jobs {
        match counts.iter_mut().find(|(o, _)| *o == j.outcome) {
            Some(c) => c.1 += 1,
            None => counts.push((&j.outcome, 1)),
        }
    }
    let parts: Vec<String> = counts.iter().map(|(o, n)| format!("{n} {o}")).collect();
    let n = s.jobs.len();
    let jobs = if n == 1 { "job" } else { "jobs" };
    if parts.is_empty() {
        format!("{n} {jobs}")
    } else {
        format!("{n} {jobs}: {}", parts.join(", "))
    }
}

/// The history as preformatted text, folded when it is long.
fn history(out: &mut String, text: &str) {
    let lines = text.lines().count();
    let pre = format!("<pre>{}</pre>\n", escape(text.trim_end()));
    if lines <= HISTORY_OPEN_LINES {
        out.push_str(&pre);
    } else {
        let _ = write!(
            out,
            "<details>\n<summary>Show all {lines} lines</summary>\n{pre}</details>\n"
        );
    }
}
