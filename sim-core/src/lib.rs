//! # sim-core: jobsim's engine and Android JobScheduler model
//!
//! jobsim replays how Android's JobScheduler treats an app's jobs on a modeled device, from a
//! scenario file, byte-for-byte reproducibly from a seed.
//!
//! The crate is layered, and the dependency direction is the architecture:
//! - [`time`], [`units`], [`rng`] and [`engine`]: integer-millisecond virtual time, physical
//!   units, named random streams and a generic discrete-event loop. Nothing here knows Android.
//! - [`device`], [`app`], [`job`] and [`policy`]: the modeled phone, the apps and their
//!   JobServices, JobInfo and job status, and the platform's rules, one controller per file.
//! - [`model`]: the world that ties them together and reacts to events, emitting trace records.
//! - [`scenario`]: the YAML format and its validation, with located errors.
//!
//! ## Determinism contract
//! Simulated time is an integer number of milliseconds; events at equal times run in the order
//! they were scheduled. All randomness comes from ChaCha8 streams derived from the scenario seed,
//! one per named random process, so adding a process never shifts another's draws. Nothing
//! iterated into output comes from a hash map, and no wall clock is read. The same scenario and
//! seed give the same trace, byte for byte.
//!
//! ## A scenario
//! ```yaml
#![doc = include_str!("../../scenarios/uidt/photo-backup.yaml")]
//! ```

pub mod app;
pub mod device;
pub mod engine;
pub mod job;
pub mod model;
pub mod policy;
pub mod rng;
pub mod scenario;
pub mod sweep;
pub mod time;
pub mod units;
