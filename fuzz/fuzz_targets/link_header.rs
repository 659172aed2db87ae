//! `Link` header parsing: never panics; the lenient and the strict parser
//! agree whenever the strict one accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reqwest::header::{HeaderMap, HeaderValue, LINK};

fuzz_target!(|data: &[u8]| {
    // Each line is one `Link` header value (a value that HTTP cannot carry is skipped).
    let mut headers = HeaderMap::new();
    for line in data.split(|b| *b == b'\n') {
        if let Ok(value) = HeaderValue::from_bytes(line) {
            headers.append(LINK, value);
        }
    }
    let lenient = okta_api::parse_links(&headers);
    if let Ok(strict) = okta_api::try_parse_links(&headers) {
        assert_eq!(strict, lenient, "the parsers disagree on a valid header");
    }
});
