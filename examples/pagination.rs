//! Pagination: the users one page (of one user) at a time, then every user as one
//! stream, then a listing resumed from a saved cursor.
//!
//! ```text
//! cargo run --example pagination
//! ```
//!
//! Okta answers a listing in pages of at most `limit` items and points to the next page
//! with a `Link: <…?after=CURSOR>; rel="next"` header.
//!
//! Python → Rust: `resp.has_next()` / `await resp.next()` become a stream of pages,
//! `pages()`, each a `Page<T>` (its items, `has_next()`, `next_cursor()`, headers,
//! request id, rate limit); `stream()` is every item of every page (one page in memory);
//! no `StopAsyncIteration`: a stream simply ends (`None`).

use std::io::Write;

use futures::TryStreamExt;

fn login(user: &okta::models::User) -> &str {
    user.profile
        .as_ref()
        .and_then(|p| p.login.as_deref())
        .unwrap_or("-")
}

/// Prints the users page by page (`limit` 1), then counts every user with `stream()`,
/// then resumes the listing after the first page's cursor.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // Page by page.
    let mut pages = client.list_users().limit(1).pages();
    let mut number = 0;
    let mut first_cursor = None;
    while let Some(page) = pages.try_next().await? {
        number += 1;
        let logins: Vec<&str> = page.items().iter().map(login).collect();
        writeln!(
            out,
            "page {number}: {} (more: {})",
            logins.join(", "),
            page.has_next()
        )?;
        if number == 1 {
            // A cursor can be stored and used later, e.g. by another process.
            first_cursor = page.next_cursor().map(str::to_owned);
        }
    }

    // Every item of every page.
    let all: Vec<okta::models::User> = client.list_users().limit(1).stream().try_collect().await?;
    writeln!(out, "stream: {} users", all.len())?;

    // Resumed after the first page.
    if let Some(cursor) = first_cursor {
        let rest: Vec<okta::models::User> = client
            .list_users()
            .limit(1)
            .after(cursor)
            .stream()
            .try_collect()
            .await?;
        let logins: Vec<&str> = rest.iter().map(login).collect();
        writeln!(out, "after the first page: {}", logins.join(", "))?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    run(&org.client, &mut std::io::stdout()).await
}
