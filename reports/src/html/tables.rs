//! The summary's tables as HTML: the same rows and columns as `summary.md` (jobs, stops by app,
//! concurrency) and the same explanations of the jobs that never finished.

use super::escape::escape;
use crate::markdown::{moved, opt_time};
use crate::summary::Summary;
use crate::unfinished::{job_label, Unfinished};
use sim_core::time::SimDuration;
use sim_core::units::Bytes;
use std::fmt::Write;

/// The jobs table: one row per job, its stops listed in the last cell.
pub fn jobs(s: &Summary) -> String {
    let mut out = String::from(
        "<div class=\"scroll\"><table>\n<thead><tr><th>Job</th><th>Kind</th><th>Outcome</th>\
         <th class=\"num\">Runs</th><th>First start</th><th>End</th><th>Runtime</th>\
         <th class=\"num\">Moved</th><th class=\"num\">Wasted</th><th>Stop reasons</th></tr></thead>\n<tbody>\n",
    );
    for j in &s.jobs {
        let stops: Vec<String> = j
            .stops
            .iter()
            .map(|st| format!("{} {}", st.at, escape(st.reason)))
            .collect();
        let stops = if stops.is_empty() {
            "-".to_string()
        } else {
            stops.join("<br>")
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"job\">{}</td><td>{}</td><td class=\"outcome-{o}\">{o}</td>\
             <td class=\"num\">{}</td><td class=\"time\">{}</td><td class=\"time\">{}</td>\
             <td class=\"time\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"stops\">{stops}</td></tr>",
            escape(&job_label(j)),
            escape(&j.kind),
            j.attempts,
            opt_time(j.first_start),
            opt_time(j.finished_at.or(j.last_end)),
            SimDuration::from_millis(j.runtime_ms),
            escape(&moved(j)),
            escape(&Bytes(j.wasted).human()),
            o = escape(&j.outcome),
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
    out
}

/// Stop counts per app and public reason.
pub fn stops_by_app(s: &Summary) -> String {
    if s.stops_by_app.is_empty() {
        return "<p>No job was stopped.</p>\n".to_string();
    }
    let mut out = String::from(
        "<table>\n<thead><tr><th>App</th><th>Stop reason</th><th class=\"num\">Count</th></tr></thead>\n<tbody>\n",
    );
    for (app, reasons) in &s.stops_by_app {
        for (r, n) in reasons {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{n}</td></tr>",
                escape(app),
                escape(r)
            );
        }
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The most jobs each app had running at once.
pub fn concurrency(s: &Summary) -> String {
    let mut out = String::from(
        "<table>\n<thead><tr><th>App</th><th class=\"num\">Max running at once</th></tr></thead>\n<tbody>\n",
    );
    for (app, n) in &s.max_concurrency {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{n}</td></tr>",
            escape(app)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// Each job that never finished, with the trace's reason and its state at the end.
pub fn unfinished(list: &[Unfinished]) -> String {
    if list.is_empty() {
        return "<p>None: every job had ended by the end of the run.</p>\n".to_string();
    }
    let mut out = String::from("<ul class=\"unfinished\">\n");
    for u in list {
        let _ = write!(
            out,
            "<li><code>{}</code>: {}",
            escape(&u.label),
            escape(&u.headline)
        );
        if !u.details.is_empty() {
            out.push_str("\n<ul>");
            for d in &u.details {
                let _ = write!(out, "<li>{}</li>", escape(d));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
    out
}
