//! Okta error bodies: decoding any body never panics, and no string value of
//! a JSON body under a secret-looking key reaches `Display` or `Debug`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use okta_api::{ApiError, DecodeError, Error};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

fuzz_target!(|data: &[u8]| {
    let Some((&status, body)) = data.split_first() else {
        return;
    };
    let status = StatusCode::from_u16(400 + u16::from(status)).unwrap_or(StatusCode::BAD_REQUEST);
    let api = ApiError::from_parts(status, &HeaderMap::new(), body, Some("fuzzOperation"));
    let shown = format!("{api} {api:?}");
    let error = Error::Api(Box::new(api));
    let _ = (
        error.to_string(),
        format!("{error:?}"),
        error.okta_error_code(),
        error.error_summary(),
    );

    // A decode failure on the same body: the excerpt masks every value.
    if let Err(e) = serde_json::from_slice::<Vec<u32>>(body) {
        let decode = DecodeError::from_json(Some("fuzzOperation"), None, &e, body);
        let text = format!("{decode} {decode:?}");
        for secret in secret_values(body) {
            assert!(!text.contains(&secret), "decode error shows a secret value");
        }
    }
    for secret in secret_values(body) {
        assert!(!shown.contains(&secret), "API error shows a secret value");
    }
});

/// Long string values under top-level keys that name a secret (and that no
/// other key of the body also holds, which the error may show legitimately).
fn secret_values(body: &[u8]) -> Vec<String> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body)
    else {
        return Vec::new();
    };
    let is_secret_key = |k: &str| {
        let k = k.to_ascii_lowercase();
        k.contains("secret") || k.contains("password") || k.contains("token")
    };
    let elsewhere: Vec<String> = map
        .iter()
        .filter(|(k, _)| !is_secret_key(k))
        .map(|(k, v)| format!("{k}{v}"))
        .collect();
    map.iter()
        .filter(|(k, _)| is_secret_key(k))
        .filter_map(|(_, v)| v.as_str())
        .filter(|v| v.len() >= 8 && v.chars().all(|c| c.is_ascii_alphanumeric()))
        .filter(|v| !elsewhere.iter().any(|e| e.contains(*v)))
        .map(str::to_owned)
        .collect()
}
