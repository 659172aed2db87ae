//! The one source of the current time and of waits in the SDK, replaceable
//! in tests. `okta-api` re-exports it as `okta_api::Clock`.

use std::fmt::Debug;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use futures::future::BoxFuture;

/// Tells the current wall-clock time and waits.
///
/// The OAuth 2.0 source reads it for JWT `iat`/`exp` claims and to decide
/// when a cached access token must be renewed; the runtime in `okta-api`
/// reads it for deadlines and cache expiry and sleeps through it between
/// retries (and hands its clock to the credential source it builds).
/// Production code uses [`SystemClock`]; tests inject a [`ManualClock`] (or
/// their own clock) and move time forward explicitly instead of sleeping.
pub trait Clock: Send + Sync + Debug {
    /// The current time.
    fn now(&self) -> SystemTime;

    /// Waits for `duration`. The default sleeps on the tokio timer; a test
    /// clock returns at once and moves its time forward instead.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// The operating system's wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that only moves when told to; for tests. Its
/// [`sleep`](Clock::sleep) returns at once after moving the clock forward by
/// the wait, so retry waits take no real time.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use okta_auth::{Clock, ManualClock};
///
/// let clock = ManualClock::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_000));
/// clock.advance(Duration::from_secs(60));
/// assert_eq!(clock.now(), SystemTime::UNIX_EPOCH + Duration::from_secs(1_060));
/// ```
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<SystemTime>,
}

impl ManualClock {
    /// A clock standing at `start`.
    pub fn new(start: SystemTime) -> Self {
        ManualClock {
            now: Mutex::new(start),
        }
    }

    /// Moves the clock forward by `by` (no further than the latest time the
    /// platform can represent).
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(later) = now.checked_add(by) {
            *now = later;
        }
    }

    /// Sets the clock to `to`.
    pub fn set(&self, to: SystemTime) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = to;
    }
}

impl Default for ManualClock {
    /// A clock standing at the current system time.
    fn default() -> Self {
        ManualClock::new(SystemTime::now())
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.advance(duration);
        Box::pin(std::future::ready(()))
    }
}

/// Seconds since the Unix epoch, as used in JWT claims (0 before the epoch).
pub(crate) fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
