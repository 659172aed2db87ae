//! `okta-bench`: okta-rs side by side with raw reqwest loops, on a loopback mock.
//!
//! ```text
//! cargo run --release -p okta-bench -- [--quick]     (or: cargo xtask bench [--quick])
//! ```
//!
//! One run times, interleaved round by round, the SDK (`stream()` into typed
//! models, `get_user` at concurrency 32), a raw reqwest loop into
//! `serde_json::Value` and a raw loop into a 4-field struct; measures peak RSS
//! of listings in fresh processes, client start-up, and rate-limited runs;
//! and prints Markdown tables of medians and ratios (`BENCHMARKS.md` holds one
//! run's output). The mock runs on its own thread and reports its CPU time,
//! which is subtracted from the process's to give the client's.

#![deny(missing_docs)]

pub mod children;
pub mod data;
pub mod loops;
pub mod measure;
pub mod mock;
mod report;
pub mod run;
