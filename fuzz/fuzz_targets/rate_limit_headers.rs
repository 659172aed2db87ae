//! Rate-limit headers (`X-Rate-Limit-*`, `Date`, request id): reading them
//! and computing the wait never panics, and no wait exceeds the policy.
#![no_main]

use libfuzzer_sys::fuzz_target;
use okta_api::retry::{classify, AttemptOutcome};
use okta_api::{ApiError, RateLimit, RetryPolicy};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, DATE};
use reqwest::{Method, StatusCode};

const NAMES: [&str; 5] = [
    okta_api::RATE_LIMIT_LIMIT_HEADER,
    okta_api::RATE_LIMIT_REMAINING_HEADER,
    okta_api::RATE_LIMIT_RESET_HEADER,
    okta_api::REQUEST_ID_HEADER,
    "date",
];

fuzz_target!(|data: &[u8]| {
    // Each line: one selector byte (which header) and the value; headers repeat.
    let mut headers = HeaderMap::new();
    for line in data.split(|b| *b == b'\n') {
        let Some((&which, value)) = line.split_first() else {
            continue;
        };
        let name = NAMES[usize::from(which) % NAMES.len()];
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(HeaderName::from_static(name), value);
        }
    }
    if let Some(limit) = RateLimit::from_headers(&headers) {
        let _ = limit.reset_epoch_seconds();
    }
    let _ = okta_api::request_id_of(&headers);
    let _ = headers.get(DATE);
    let policy = RetryPolicy::default();
    for status in [
        StatusCode::TOO_MANY_REQUESTS,
        StatusCode::SERVICE_UNAVAILABLE,
    ] {
        let verdict = classify(
            &Method::POST,
            AttemptOutcome::Response {
                status,
                headers: &headers,
            },
        );
        for retry in 0..=policy.max_retries + 1 {
            if let Some(wait) = policy.wait_before(verdict, retry) {
                assert!(
                    wait <= policy.max_wait + policy.jitter,
                    "wait {wait:?} beyond the policy"
                );
            }
        }
        let error = ApiError::from_parts(status, &headers, b"", Some("fuzzOperation"));
        let _ = (error.to_string(), format!("{error:?}"));
    }
});
