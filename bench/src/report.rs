//! The report: Markdown tables of medians and ratios, and the machine line.

use std::fmt::Write;
use std::process::Command;
use std::time::Duration;

use crate::loops::{Loop, Outcome};
use crate::measure::median;

/// Figures of one timed run of one loop.
#[derive(Clone, Debug)]
pub(crate) struct Sample {
    /// Wall time.
    pub(crate) wall: Duration,
    /// The client's CPU time (the process's less the mock's).
    pub(crate) cpu: Duration,
    /// The mock thread's CPU time.
    pub(crate) mock_cpu: Duration,
    /// Connections the mock accepted.
    pub(crate) connections: u64,
    /// What the loop saw.
    pub(crate) outcome: Outcome,
}

/// How a loop is named in tables.
pub(crate) fn label(which: Loop) -> &'static str {
    match which {
        Loop::Sdk => "okta-rs typed (`list_users().stream()`, `get_user()`)",
        Loop::SdkRaw => "okta-rs `client.request()` → `User`",
        Loop::Value => "raw reqwest → `serde_json::Value`",
        Loop::Minimal => "raw reqwest → 4-field struct",
    }
}

/// Appends the table of `samples` (every loop's rounds) under `title`.
pub(crate) fn table(out: &mut String, title: &str, samples: &[(Loop, Vec<Sample>)]) {
    let med = |l: &[Sample], f: fn(&Sample) -> Duration| {
        median(
            &l.iter()
                .map(|s| f(s).as_secs_f64() * 1000.0)
                .collect::<Vec<_>>(),
        )
    };
    let of = |which: Loop| {
        samples
            .iter()
            .find(|(l, _)| *l == which)
            .map(|(_, s)| (med(s, |s| s.wall), med(s, |s| s.cpu)))
            .unwrap_or((0.0, 0.0))
    };
    let (value_wall, value_cpu) = of(Loop::Value);
    let (min_wall, min_cpu) = of(Loop::Minimal);
    let _ = writeln!(out, "\n### {title}\n");
    let _ = writeln!(
        out,
        "| loop | items (failed calls) | wall (ms) | wall / Value | wall / 4-field | CPU (ms) | CPU / Value | CPU / 4-field | mock CPU (ms) | new connections |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for (which, list) in samples {
        let (wall, cpu) = of(*which);
        let items = list.last().map_or(String::new(), |s| {
            format!("{} ({})", s.outcome.ok, s.outcome.failed)
        });
        let _ = writeln!(
            out,
            "| {} | {items} | {wall:.1} | {:.2}x | {:.2}x | {cpu:.1} | {:.2}x | {:.2}x | {:.1} | {} |",
            label(*which),
            wall / value_wall,
            wall / min_wall,
            cpu / value_cpu,
            cpu / min_cpu,
            med(list, |s| s.mock_cpu),
            list.last().map_or(0, |s| s.connections),
        );
    }
}

/// The machine: cores, CPU model, compiler.
pub(crate) fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".into());
    format!("Machine: {cores} cores, {cpu}; {rustc}.")
}
