//! The benchmark binary: `okta-bench [--quick]` runs every scenario and prints
//! the report; `rss` and `startup` are the child processes it starts itself.

use std::process::ExitCode;

use okta_bench::run;

const USAGE: &str = "usage: okta-bench [--quick] [--latency-ms N] [--fault-every N]
       (--latency-ms: the mock answers N ms late; --fault-every: every N-th request gets 503)
       okta-bench rss <org-url> <sdk|sdk-raw|value|minimal>   (child: one listing, peak RSS)
       okta-bench startup <sdk|raw>                    (child: time to a usable client)
       okta-bench profile <list|get> <sdk|sdk-raw|value|minimal> <times> [users]   (for a profiler)";

/// The plan the options describe.
fn plan(options: &[&str]) -> Result<run::Plan, String> {
    let mut plan = run::Plan::full();
    let mut rest = options.iter();
    let number = |value: Option<&&str>| {
        value
            .and_then(|v| v.parse::<u64>().ok())
            .ok_or_else(|| USAGE.to_owned())
    };
    let (mut latency, mut fault_every) = (0, 0);
    while let Some(option) = rest.next() {
        match *option {
            "--quick" => plan = run::Plan::quick(),
            "--latency-ms" => latency = number(rest.next())?,
            "--fault-every" => fault_every = number(rest.next())?,
            _ => return Err(USAGE.to_owned()),
        }
    }
    plan.latency = std::time::Duration::from_millis(latency);
    plan.fault_every = fault_every;
    Ok(plan)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["rss", base, which] => okta_bench::children::rss_child(base, which),
        ["startup", what] => okta_bench::children::startup_child(what),
        ["profile", scenario, which, times] => run::profile(scenario, which, times, None),
        ["profile", scenario, which, times, users] => {
            run::profile(scenario, which, times, Some(users))
        }
        options => plan(options).and_then(|plan| run::run(&plan)),
    };
    match result {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("okta-bench: {message}");
            ExitCode::FAILURE
        }
    }
}
