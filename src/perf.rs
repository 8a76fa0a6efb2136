//! Performance marks for the benchmarks (`benches/`): named `performance.measure` entries
//! around the work a reader waits for. They cost a few microseconds and show in DevTools.

/// A `performance.mark`.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// A `performance.measure` entry from the mark `start` to now.
pub fn measure(name: &str, start: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, start);
    }
}
