//! The one clock of a client: rate-limit resets and waits read the same time.

use std::time::SystemTime;

/// The wall-clock time rate-limit resets are compared with, read as the time the client was
/// built plus tokio's monotonic time since: one clock for waits and resets, which a paused tokio
/// clock (tests) moves too, and which wall-clock adjustments do not shake mid-call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    wall: SystemTime,
    monotonic: tokio::time::Instant,
}

impl Clock {
    pub(crate) fn start() -> Self {
        Clock {
            wall: SystemTime::now(),
            monotonic: tokio::time::Instant::now(),
        }
    }

    /// The later of the system's time and the build time plus monotonic time: the system's time
    /// after the host was suspended (monotonic time stood still), the monotonic reading when the
    /// clock is paused in a test (system time does not move).
    pub(crate) fn now(&self) -> SystemTime {
        let monotonic = self.wall + self.monotonic.elapsed();
        SystemTime::now().max(monotonic)
    }
}
