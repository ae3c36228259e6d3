//! # reports: what a jobsim run looks like to a person or a tool
//!
//! Everything here reads a finished trace and renders into memory; writing files is the CLI's
//! job. Renderings are deterministic: the same trace gives the same bytes.

pub mod chart;
pub mod device_tracks;
pub mod history;
pub mod labels;
pub mod lanes;
pub mod markdown;
pub mod perfetto;
pub mod summary;
pub mod tables;
pub mod trace;

pub use labels::Uids;
pub use markdown::{console, summary_markdown};
pub use summary::{JobSummary, Summary};
