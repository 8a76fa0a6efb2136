//! A progress line for builds that take more than a moment, on a terminal only (Trunk's hook
//! output and CI logs stay clean).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Shown only once a build has run this long.
const QUIET_FOR: Duration = Duration::from_millis(300);
const EVERY: Duration = Duration::from_millis(100);

pub struct Progress {
    started: Instant,
    last: Option<Instant>,
    enabled: bool,
}

impl Progress {
    pub fn new() -> Self {
        Progress {
            started: Instant::now(),
            last: None,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    /// Reports `done` of `total` posts read.
    pub fn update(&mut self, done: usize, total: usize) {
        let now = Instant::now();
        let due = self.last.is_none_or(|last| now - last >= EVERY);
        if !self.enabled || now - self.started < QUIET_FOR || !due {
            return;
        }
        self.last = Some(now);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\rquire-build: reading posts {done}/{total}…");
        let _ = err.flush();
    }

    /// Clears the line if one was shown.
    pub fn finish(&mut self) {
        if self.last.take().is_some() {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

impl Default for Progress {
    fn default() -> Self {
        Self::new()
    }
}
