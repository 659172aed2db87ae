//! Tail the System Log: poll for new events, and resume where the last run stopped.
//! (The reference README has no such section; this is the common "stream Okta events
//! into my SIEM" job.)
//!
//! ```text
//! cargo run --example system_log [-- <cursor or RFC 3339 time>]
//! ```
//!
//! Okta's System Log is read as a *polling* query: `since` a time (no `until`), oldest
//! first. Every page, even an empty one, carries a `next` link whose `after` cursor is
//! where the next poll starts; storing that cursor (or, as a fallback, the `published`
//! time of the last event seen) makes the tail resumable across restarts. Events are
//! retained for 90 days, so a cursor older than that is no use.

use std::io::Write;
use std::time::Duration;

use okta::models::{ListLogEventsSortOrder, LogEvent};

/// Events per page (Okta allows up to 1000).
const PAGE_SIZE: i64 = 100;

/// Where a tail resumes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resume {
    /// The next page's cursor, as the last poll returned it.
    Cursor(String),
    /// A time (RFC 3339): events published at or after it.
    Since(String),
}

fn print_event(out: &mut impl Write, event: &LogEvent) -> std::io::Result<()> {
    let published = event.published.as_ref().map(|p| p.as_str()).unwrap_or("-");
    let event_type = event.event_type.as_deref().unwrap_or("-");
    let target = event
        .target
        .as_ref()
        .and_then(|targets| targets.first())
        .and_then(|t| t.alternate_id.as_deref())
        .unwrap_or("-");
    writeln!(out, "{published} {event_type} {target}")
}

/// Polls the System Log `polls` times, `interval` apart, printing every new event, and
/// returns where the next run should resume.
pub async fn run(
    client: &okta::Client,
    out: &mut impl Write,
    mut resume: Resume,
    polls: u32,
    interval: Duration,
) -> Result<Resume, Box<dyn std::error::Error + Send + Sync>> {
    for poll in 0..polls {
        if poll > 0 {
            tokio::time::sleep(interval).await;
        }
        // One poll: every page there is now, oldest first.
        loop {
            let request = client
                .list_log_events()
                .sort_order(ListLogEventsSortOrder::Ascending)
                .limit(PAGE_SIZE);
            let request = match &resume {
                Resume::Cursor(cursor) => request.after(cursor),
                Resume::Since(since) => request.since(since),
            };
            let page = request.send_page().await?;
            let fetched = page.items().len();
            for event in page.items() {
                print_event(out, event)?;
            }
            // Prefer the cursor; without one, the last event's time (`since` is inclusive:
            // that event comes again, so a consumer skips the `uuid`s it has seen).
            if let Some(cursor) = page.next_cursor() {
                resume = Resume::Cursor(cursor.to_owned());
            } else if let Some(last) = page.items().last().and_then(|e| e.published.as_ref()) {
                resume = Resume::Since(last.as_str().to_owned());
            }
            // A short page means we have caught up.
            if fetched < PAGE_SIZE as usize || page.next_cursor().is_none() {
                break;
            }
        }
    }
    Ok(resume)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let org = okta_testkit::example_org().await?;
    println!("{}", org.describe());
    // The fake org's log starts empty: write something to read.
    if let Some(fake) = &org.fake {
        let id = fake.seed_user(
            serde_json::json!({"status": "STAGED", "profile": {"login": "new.hire@example.com"}}),
        );
        org.client
            .activate_user()
            .id(&id)
            .send_email(false)
            .send()
            .await?;
    }
    // Resume from the command line (a cursor, or a time), or start an hour ago.
    let resume = match std::env::args().nth(1) {
        Some(time) if time.contains('T') => Resume::Since(time),
        Some(cursor) => Resume::Cursor(cursor),
        None => {
            let hour_ago = okta::chrono::Utc::now() - okta::chrono::Duration::hours(1);
            Resume::Since(hour_ago.to_rfc3339_opts(okta::chrono::SecondsFormat::Millis, true))
        }
    };
    let resume = run(
        &org.client,
        &mut std::io::stdout(),
        resume,
        3,
        Duration::from_secs(2),
    )
    .await?;
    // Store this, and pass it next time.
    match resume {
        Resume::Cursor(cursor) => println!("resume with: {cursor}"),
        Resume::Since(since) => println!("resume with: {since}"),
    }
    Ok(())
}
