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

/// A `performance.measure` entry of `duration_ms` that ends now: work timed elsewhere (in
/// the render worker, whose clock is its own).
pub fn measure_last(name: &str, duration_ms: f64) {
    let Some(p) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let end = p.now();
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &(end - duration_ms).into());
    let _ = js_sys::Reflect::set(&options, &"end".into(), &end.into());
    let measure = js_sys::Reflect::get(&p, &"measure".into())
        .ok()
        .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok());
    if let Some(measure) = measure {
        let _ = measure.call2(&p, &name.into(), &options);
    }
}
