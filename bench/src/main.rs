//! The benchmark binary: `okta-bench [--quick]` runs every scenario and prints
//! the report; `rss` and `startup` are the child processes it starts itself.

use std::process::ExitCode;

use okta_bench::run;

const USAGE: &str = "usage: okta-bench [--quick]
       okta-bench rss <org-url> <sdk|value|minimal>   (child: one listing, peak RSS)
       okta-bench startup <sdk|raw>                    (child: time to a usable client)
       okta-bench profile <list|get> <sdk|value|minimal> <times>   (for a profiler)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        [] => run::run(&run::Plan::full()),
        ["--quick"] => run::run(&run::Plan::quick()),
        ["rss", base, which] => run::rss_child(base, which),
        ["startup", what] => run::startup_child(what),
        ["profile", scenario, which, times] => run::profile(scenario, which, times),
        _ => Err(USAGE.to_owned()),
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
