//! Time source used for retry waits, deadlines and cache expiry.

use std::fmt;
use std::time::{Duration, SystemTime};

use futures::future::BoxFuture;

/// A source of the current time and of waits.
///
/// The runtime reads the time and sleeps only through this trait, so tests can
/// inject a clock that records waits instead of sleeping.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current wall-clock time.
    fn now(&self) -> SystemTime;

    /// Waits for `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// The real clock: [`SystemTime::now`] and `tokio::time::sleep`.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}
