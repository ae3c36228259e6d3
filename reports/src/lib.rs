//! # reports: what a jobsim run looks like to a person or a tool
//!
//! Everything here reads a finished trace (and, to explain the jobs that never finished, the
//! world's job states at the end) and renders into memory; writing files is the CLI's job.
//! Renderings are deterministic: the same trace gives the same bytes. Sweep charts
//! (`sweep_charts`) are drawn with the same chart primitives from a sweep's rows.

pub mod chart;
pub mod device_tracks;
pub mod history;
pub mod html;
pub mod labels;
pub mod lanes;
pub mod markdown;
pub mod perfetto;
pub mod summary;
pub mod sweep_charts;
pub mod tables;
pub mod trace;
pub mod unfinished;

pub use labels::Uids;
pub use markdown::{console, summary_markdown, summary_markdown_with};
pub use summary::{JobSummary, Summary};
