//! Models: any JSON that decodes as `User`, `Application`, `Policy` or
//! `UserFactor` re-encodes to the same JSON value (lossless round trip), and
//! `Debug` never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use okta::models::{Application, Policy, User, UserFactor};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

fn round_trip<T: DeserializeOwned + Serialize + std::fmt::Debug>(json: &[u8]) {
    let Ok(model) = serde_json::from_slice::<T>(json) else {
        return;
    };
    let _ = format!("{model:?}");
    let input: Value = serde_json::from_slice(json).expect("decoded as a model but not as a value");
    let output = serde_json::to_value(&model).expect("a decoded model re-encodes");
    assert_eq!(input, output, "round trip is lossy");
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, json)) = data.split_first() else {
        return;
    };
    match which % 4 {
        0 => round_trip::<User>(json),
        1 => round_trip::<Application>(json),
        2 => round_trip::<Policy>(json),
        _ => round_trip::<UserFactor>(json),
    }
});
