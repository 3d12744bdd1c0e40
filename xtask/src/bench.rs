//! `cargo xtask bench size`: what the browser downloads.

use crate::build::{self, files, is_fingerprinted};
use crate::compress;

pub fn size() -> anyhow::Result<()> {
    let dist = build::app_release()?;
    println!("{:<52} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    let mut first_load = (0, 0, 0);
    for path in files(&dist)? {
        let name = path.strip_prefix(&dist)?.to_string_lossy().to_string();
        if name.ends_with(".br") || name.ends_with(".gz") || name.starts_with('.') {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let (raw, gz, br) = (bytes.len(), compress::gzip(&bytes).len(), compress::brotli(&bytes).len());
        println!("{name:<52} {raw:>10} {gz:>10} {br:>10}");
        if is_first_load(&name) {
            first_load = (first_load.0 + raw, first_load.1 + gz, first_load.2 + br);
        }
    }
    println!(
        "{:<52} {:>10} {:>10} {:>10}",
        "first load (html + js + wasm + css + brand)", first_load.0, first_load.1, first_load.2
    );
    Ok(())
}

/// What the browser fetches before the first page shows: the shell, its scripts, the
/// fingerprinted JS, wasm and CSS, and the brand file the header reads.
fn is_first_load(name: &str) -> bool {
    matches!(name, "index.html" | "boot.js" | "prefs.js" | "brand.json") || is_fingerprinted(name)
}
