//! # reports: what a jobsim run looks like to a person or a tool
//!
//! Everything here reads a finished trace and renders into memory; writing files is the CLI's
//! job. Renderings are deterministic: the same trace gives the same bytes.

pub mod markdown;
pub mod summary;
pub mod trace;

pub use markdown::{console, summary_markdown};
pub use summary::{JobSummary, Summary};
