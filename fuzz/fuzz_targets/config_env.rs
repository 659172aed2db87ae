//! Environment maps: loading any set of `OKTA_*` variables (values need not be
//! Unicode) never panics.
#![no_main]

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use libfuzzer_sys::fuzz_target;
use okta_config::ConfigLoader;

fuzz_target!(|data: &[u8]| {
    let names: Vec<&str> = okta_config::environment_variables()
        .map(|(var, _)| var)
        .collect();
    // Each line: one selector byte (a known variable, or the rest of the line
    // as the name up to `=`) and the value.
    let mut vars: Vec<(String, OsString)> = Vec::new();
    for line in data.split(|b| *b == b'\n') {
        let Some((&which, rest)) = line.split_first() else {
            continue;
        };
        let (name, value) = match names.get(usize::from(which)) {
            Some(name) => ((*name).to_owned(), rest.to_vec()),
            None => {
                let Some(eq) = rest.iter().position(|b| *b == b'=') else {
                    continue;
                };
                let name = String::from_utf8_lossy(&rest[..eq]).into_owned();
                (format!("OKTA_{name}"), rest[eq + 1..].to_vec())
            }
        };
        vars.push((name, OsString::from_vec(value)));
    }
    match ConfigLoader::isolated().env_os(vars).load_with_provenance() {
        Ok(loaded) => {
            let _ = format!("{loaded:?}");
        }
        Err(e) => {
            let _ = (e.to_string(), format!("{e:?}"));
        }
    }
});
