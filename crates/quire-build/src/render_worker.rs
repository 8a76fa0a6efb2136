//! The app's render worker (a second wasm that renders Markdown in a Web Worker, built by
//! Trunk from `<link data-trunk rel="rust" data-bin="quire-render" data-type="worker">`),
//! made ready to serve. Trunk names a worker's files without a content hash
//! (`quire-render.js`, `quire-render_bg.wasm`); here they get one, as the app's own files
//! have, so they can be cached for a year and a deploy never mixes an old script with a new
//! wasm; a loader script that starts them is written beside them, and its path goes into
//! every page (`<meta name="quire-render-worker">`, see [`crate::shell::with_render_worker`]).

use crate::compress::remove_siblings;
use crate::diagnostic::Diagnostic;
use crate::fs;
use std::path::Path;

/// The worker's binary, as `index.html` names it.
pub const WORKER_BIN: &str = "quire-render";

/// Gives the worker's files in `out` hashed names and writes their loader; returns the
/// loader's file name, or `None` when the build has no worker. Run again on an output where
/// that was done, it finds the loader written then.
pub fn publish(out: &Path) -> Result<Option<String>, Diagnostic> {
    let js_path = out.join(format!("{WORKER_BIN}.js"));
    let wasm_path = out.join(format!("{WORKER_BIN}_bg.wasm"));
    if !js_path.is_file() || !wasm_path.is_file() {
        return existing_loader(out);
    }
    let (js, wasm) = (fs::read(&js_path)?, fs::read(&wasm_path)?);
    let hash = fnv1a(&[&js, &wasm]);
    let names = Names::new(hash);
    let write = |name: &str, bytes: &[u8]| {
        crate::output::replace_file(&out.join(name), bytes)
            .map(|()| remove_siblings(&out.join(name)))
    };
    write(&names.js, &js)?;
    write(&names.wasm, &wasm)?;
    write(&names.loader, loader(&names).as_bytes())?;
    for path in [&js_path, &wasm_path] {
        fs::remove_file(path)?;
        remove_siblings(path);
    }
    Ok(Some(names.loader))
}

/// The hashed names of the worker's files.
struct Names {
    js: String,
    wasm: String,
    loader: String,
}

impl Names {
    fn new(hash: u64) -> Self {
        Self {
            js: format!("{WORKER_BIN}-{hash:016x}.js"),
            wasm: format!("{WORKER_BIN}-{hash:016x}_bg.wasm"),
            loader: format!("{WORKER_BIN}-loader-{hash:016x}.js"),
        }
    }
}

/// The worker's script: a classic worker (module workers are newer than everything else the
/// app needs) that loads wasm-bindgen's `no-modules` glue and the wasm beside it. A wasm that
/// fails to load is thrown from the worker, which the app sees as the worker's `error`.
fn loader(names: &Names) -> String {
    format!(
        "importScripts('./{}');\n\
         wasm_bindgen({{ module_or_path: './{}' }}).catch((e) => setTimeout(() => {{ throw e; }}));\n",
        names.js, names.wasm
    )
}

/// The loader an earlier run wrote, when exactly one is there.
fn existing_loader(out: &Path) -> Result<Option<String>, Diagnostic> {
    let prefix = format!("{WORKER_BIN}-loader-");
    let mut found: Vec<String> = fs::read_dir(out)?
        .into_iter()
        .map(|entry| entry.name)
        .filter(|name| name.starts_with(&prefix) && name.ends_with(".js"))
        .collect();
    match found.len() {
        0 | 1 => Ok(found.pop()),
        _ => Err(Diagnostic::error(
            out,
            0,
            format!(
                "it holds {} render worker loaders ({}): build into an empty folder",
                found.len(),
                found.join(", ")
            ),
        )),
    }
}

/// FNV-1a over the parts: stable across builds and Rust versions, which std's hasher is not.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    parts
        .iter()
        .flat_map(|p| p.iter())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn the_workers_files_get_hashed_names_and_a_loader() {
        let dir = std::env::temp_dir().join(format!("quire-render-worker-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("quire-render.js"), "let wasm_bindgen;").unwrap();
        fs::write(dir.join("quire-render_bg.wasm"), b"\0asm").unwrap();
        let loader = publish(&dir).unwrap().unwrap();
        let hash = loader
            .strip_prefix("quire-render-loader-")
            .and_then(|l| l.strip_suffix(".js"))
            .unwrap();
        assert_eq!(hash.len(), 16);
        assert!(crate::headers::is_hashed_asset(&loader), "{loader}");
        let code = fs::read_to_string(dir.join(&loader)).unwrap();
        assert_eq!(
            code,
            format!(
                "importScripts('./quire-render-{hash}.js');\n\
                 wasm_bindgen({{ module_or_path: './quire-render-{hash}_bg.wasm' }}).catch((e) => setTimeout(() => {{ throw e; }}));\n"
            )
        );
        assert_eq!(
            fs::read(dir.join(format!("quire-render-{hash}_bg.wasm"))).unwrap(),
            b"\0asm"
        );
        assert!(!dir.join("quire-render.js").exists());
        assert!(!dir.join("quire-render_bg.wasm").exists());
        // Run again on the same output: the same loader.
        assert_eq!(publish(&dir).unwrap(), Some(loader));
        let empty = dir.join("empty");
        fs::create_dir_all(&empty).unwrap();
        assert_eq!(publish(&empty).unwrap(), None);
        fs::remove_dir_all(&dir).unwrap();
    }
}
