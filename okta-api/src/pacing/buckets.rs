//! Which Okta rate-limit bucket a request counts against.
//!
//! Okta groups endpoints into buckets that share one limit (its published
//! rate-limit tables). [`RULES`] is that grouping as data, for the endpoints
//! the tables name; every other request is tracked per operation: its method
//! and its path with the identifier segments replaced by `{id}`, so that
//! `GET /api/v1/meta/schemas/user/osc1` and `…/osc2` share one state.

use reqwest::Method;

/// One bucket of Okta's grouping: the methods and the path pattern whose
/// requests share its limit.
#[derive(Debug)]
pub(crate) struct Rule {
    /// The bucket's name, as [`BucketState::bucket`](crate::pacing::BucketState::bucket)
    /// reports it.
    pub name: &'static str,
    /// The methods counted (upper case); empty = every method.
    pub methods: &'static [&'static str],
    /// The path, segment by segment: `*` matches one segment, a final `**`
    /// any number (one or more).
    pub path: &'static str,
}

const fn rule(name: &'static str, methods: &'static [&'static str], path: &'static str) -> Rule {
    Rule {
        name,
        methods,
        path,
    }
}

const READ_CREATE: &[&str] = &["GET", "POST"];
const ONE_RESOURCE: &[&str] = &["GET", "PUT", "POST", "DELETE"];
const ANY: &[&str] = &[];

/// Okta's bucket grouping, first match wins. Specific rows come before the
/// patterns that would also match them.
pub(crate) const RULES: &[Rule] = &[
    rule("/api/v1/users", READ_CREATE, "/api/v1/users"),
    rule("/api/v1/users/{id}", ONE_RESOURCE, "/api/v1/users/*"),
    rule("/api/v1/groups", READ_CREATE, "/api/v1/groups"),
    rule("/api/v1/groups/{id}", ONE_RESOURCE, "/api/v1/groups/*"),
    rule("/api/v1/apps", READ_CREATE, "/api/v1/apps"),
    rule("/api/v1/apps/{id}", ONE_RESOURCE, "/api/v1/apps/*"),
    rule("/api/v1/logs", &["GET"], "/api/v1/logs"),
    rule("/api/v1/events", &["GET"], "/api/v1/events"),
    rule("/api/v1/authn", ANY, "/api/v1/authn/**"),
    rule("/api/v1/authn", ANY, "/api/v1/authn"),
    rule("/api/v1/sessions", ANY, "/api/v1/sessions/**"),
    rule("/api/v1/sessions", ANY, "/api/v1/sessions"),
    rule("/api/v1/orgs", ANY, "/api/v1/orgs/**"),
    rule("/api/v1/orgs", ANY, "/api/v1/orgs"),
    rule("/oauth2/v1/token", &["POST"], "/oauth2/v1/token"),
    rule(
        "/oauth2/{authServerId}/v1/token",
        &["POST"],
        "/oauth2/*/v1/token",
    ),
    rule("/oauth2/v1/authorize", ANY, "/oauth2/v1/authorize"),
    rule(
        "/oauth2/{authServerId}/v1/authorize",
        ANY,
        "/oauth2/*/v1/authorize",
    ),
];

/// The bucket `method path` counts against: a row of [`RULES`], or the
/// operation itself (`METHOD /path/{id}/…`) when no row matches.
pub(crate) fn bucket_of(method: &Method, path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    RULES
        .iter()
        .find(|rule| rule.applies_to(method, &segments))
        .map(|rule| rule.name.to_owned())
        .unwrap_or_else(|| operation_bucket(method, &segments))
}

impl Rule {
    fn applies_to(&self, method: &Method, segments: &[&str]) -> bool {
        (self.methods.is_empty() || self.methods.contains(&method.as_str()))
            && matches(self.path, segments)
    }
}

/// Whether `segments` match the pattern (see [`Rule::path`]).
fn matches(pattern: &str, segments: &[&str]) -> bool {
    let parts: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    if parts.last() == Some(&"**") {
        let fixed = &parts[..parts.len() - 1];
        return segments.len() > fixed.len() && same(fixed, &segments[..fixed.len()]);
    }
    parts.len() == segments.len() && same(&parts, segments)
}

fn same(parts: &[&str], segments: &[&str]) -> bool {
    parts
        .iter()
        .zip(segments)
        .all(|(part, segment)| *part == "*" || part == segment)
}

/// `METHOD /a/{id}/b`: the per-operation bucket of a path no row names.
fn operation_bucket(method: &Method, segments: &[&str]) -> String {
    let mut name = String::from(method.as_str());
    name.push(' ');
    if segments.is_empty() {
        name.push('/');
    }
    for segment in segments {
        name.push('/');
        name.push_str(if is_identifier(segment) {
            "{id}"
        } else {
            segment
        });
    }
    name
}

/// Whether a path segment is a value rather than a fixed name. Okta's fixed
/// segments are words (`users`, `lifecycle`, `appLinks`, `credentials`) and
/// version tags (`v1`); identifiers (`00u1ab2C3d4`), logins
/// (`jane@example.com`) and encoded values contain something else.
fn is_identifier(segment: &str) -> bool {
    let version = segment
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    !version
        && !segment
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_fall_into_okta_buckets_or_their_operation() {
        let cases: &[(&str, &str, &str)] = &[
            ("GET", "/api/v1/users", "/api/v1/users"),
            ("POST", "/api/v1/users", "/api/v1/users"),
            ("GET", "/api/v1/users/", "/api/v1/users"),
            ("GET", "/api/v1/users/00u1ab2C3d4", "/api/v1/users/{id}"),
            ("PUT", "/api/v1/users/00u1ab2C3d4", "/api/v1/users/{id}"),
            (
                "DELETE",
                "/api/v1/users/jane@example.com",
                "/api/v1/users/{id}",
            ),
            ("GET", "/api/v1/users/me", "/api/v1/users/{id}"),
            ("DELETE", "/api/v1/users", "DELETE /api/v1/users"),
            (
                "POST",
                "/api/v1/users/00u1/lifecycle/activate",
                "POST /api/v1/users/{id}/lifecycle/activate",
            ),
            ("GET", "/api/v1/groups", "/api/v1/groups"),
            ("GET", "/api/v1/groups/00g1", "/api/v1/groups/{id}"),
            (
                "GET",
                "/api/v1/groups/00g1/users",
                "GET /api/v1/groups/{id}/users",
            ),
            ("GET", "/api/v1/apps", "/api/v1/apps"),
            ("DELETE", "/api/v1/apps/0oa1", "/api/v1/apps/{id}"),
            ("GET", "/api/v1/logs", "/api/v1/logs"),
            ("GET", "/api/v1/events", "/api/v1/events"),
            ("POST", "/api/v1/authn", "/api/v1/authn"),
            ("POST", "/api/v1/authn/factors/f1/verify", "/api/v1/authn"),
            ("DELETE", "/api/v1/sessions/102abc", "/api/v1/sessions"),
            ("POST", "/oauth2/v1/token", "/oauth2/v1/token"),
            (
                "POST",
                "/oauth2/aus1default/v1/token",
                "/oauth2/{authServerId}/v1/token",
            ),
            (
                "POST",
                "/oauth2/default/v1/token",
                "/oauth2/{authServerId}/v1/token",
            ),
            (
                "GET",
                "/api/v1/meta/schemas/user/osc1abc",
                "GET /api/v1/meta/schemas/user/{id}",
            ),
            (
                "GET",
                "/api/v1/meta/schemas/user/default",
                "GET /api/v1/meta/schemas/user/default",
            ),
            ("GET", "/api/v2/things", "GET /api/v2/things"),
            ("GET", "/", "GET /"),
            ("GET", "/api/v1/%E2%9C%93", "GET /api/v1/{id}"),
        ];
        for (method, path, bucket) in cases {
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            assert_eq!(bucket_of(&method, path), *bucket, "{method} {path}");
        }
    }

    #[test]
    fn every_rule_is_reachable() {
        // A row shadowed by an earlier one would never apply.
        for (i, rule) in RULES.iter().enumerate() {
            let path = rule.path.replace("**", "x/y").replace('*', "id1");
            let method = rule.methods.first().copied().unwrap_or("GET");
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            let first = RULES
                .iter()
                .position(|r| r.applies_to(&method, &segments))
                .unwrap();
            assert_eq!(
                RULES[first].name, rule.name,
                "row {i} ({}) is shadowed",
                rule.path
            );
        }
    }
}
