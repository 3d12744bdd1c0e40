//! Building the app into `dist/` (the split wasm bundle, the site around it, the pre-rendered
//! pages), skipped when no input changed since the last build, then precompressing the
//! fingerprinted assets for the server.

use anyhow::Context;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use crate::compress;
use crate::process::{cargo, root, run};
use crate::tree::files;
use crate::tools;
use crate::{site, wasm};

/// The areas (`src/lazy_routes.rs`) whose chunks the service worker installs up front: the
/// help centre and the hotline work offline after a first visit to any page.
const PRECACHED_AREAS: &[&str] = &["help", "wizard", "contact"];

/// Every pre-rendered page (`dist/<path>/index*.html`) with the area that shows it.
fn prerendered_pages(dist: &Path) -> anyhow::Result<Vec<(PathBuf, &'static str)>> {
    let mut pages = Vec::new();
    for path in files(dist)? {
        let Ok(relative) = path.strip_prefix(dist) else { continue };
        let parts: Vec<&str> = relative.iter().filter_map(|p| p.to_str()).collect();
        if let Some(area) = crate::pages::prerendered_area(&parts) {
            pages.push((path, area));
        }
    }
    Ok(pages)
}

const STAMP: &str = ".build-stamp";
/// Everything the app build reads.
const INPUTS: &[&str] = &[
    "index.html", "Cargo.toml", "Cargo.lock", "build.rs", "src", "style", "public", "locales", "content",
    "examples", "crates/wallet-api", "crates/help-search", "crates/password-strength", "xtask/src/site.rs",
    "xtask/src/wasm.rs",
];

/// Builds the release app unless `dist/` already holds a build of the same inputs.
/// Returns the `dist/` folder.
pub fn app_release() -> anyhow::Result<PathBuf> {
    tools::ensure_build_tools()?;
    let root = root();
    let dist = root.join("dist");
    let fingerprint = format!("{:016x}", inputs_fingerprint(&root)?);
    let stamp = dist.join(STAMP);
    if dist.join("index.html").exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(&fingerprint) {
        eprintln!("xtask: dist/ is up to date");
        return Ok(dist);
    }
    // A fresh folder: stale bundles and pages must not linger beside the new ones.
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist)?;
    // The help content, rendered for the site step to copy into dist/help-data.
    crate::help::generate(&root, &root.join("target/help-data"))?;
    let bundle = wasm::build(&dist)?;
    site::assemble(&root, &dist, &bundle)?;
    // Help and hotline pages as static HTML, rendered by the app's own components.
    run(cargo()
        .args(["run", "--quiet", "--example", "prerender", "--no-default-features", "--features", "ssr", "--"])
        .arg(&dist))?;
    for (page, area) in prerendered_pages(&dist)? {
        site::defer_app_until_painted(&page, &bundle.chunks_of_area(area))?;
    }
    write_service_worker_constants(&dist, &bundle)?;
    precompress(&dist)?;
    std::fs::write(&stamp, fingerprint).context("writing the build stamp")?;
    Ok(dist)
}

/// Fills `sw.js`'s precache list (every file of the build, each page under its route) and its
/// version (a hash of all of them), so each deploy installs a fresh worker.
fn write_service_worker_constants(dist: &Path, bundle: &wasm::Bundle) -> anyhow::Result<()> {
    let worker = dist.join("sw.js");
    let precached_chunks: Vec<String> = PRECACHED_AREAS.iter().flat_map(|a| bundle.chunks_of_area(a)).collect();
    let mut urls = Vec::new();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for path in files(dist)? {
        let name = path.strip_prefix(dist)?.to_string_lossy().replace('\\', "/");
        if name.starts_with('.') || name.ends_with(".br") || name.ends_with(".gz") || name == "sw.js" {
            continue;
        }
        hasher.write(name.as_bytes());
        hasher.write(&std::fs::read(&path)?);
        // Other pages' chunks are cached on first use (sw.js: cacheFirst).
        let is_chunk = name.starts_with(&bundle.folder) && name.ends_with(".wasm") && !name.ends_with("_bg.wasm");
        // A page's English file is served at its route, by the reader's language choice.
        let other_language = name.ends_with(".html") && !name.ends_with("index.html");
        if other_language || (is_chunk && !precached_chunks.contains(&format!("/{name}"))) {
            continue;
        }
        // A page is cached under its route: `help/x/index.html` as `/help/x`.
        let url = match name.strip_suffix("index.html") {
            Some(folder) => format!("/{}", folder.trim_end_matches('/')),
            None => format!("/{name}"),
        };
        urls.push(url);
    }
    let script = std::fs::read_to_string(&worker).context("reading dist/sw.js")?;
    let list = urls.iter().map(|u| format!("{u:?}")).collect::<Vec<_>>().join(", ");
    let script = script
        .replacen("const VERSION = 'dev';", &format!("const VERSION = '{:016x}';", hasher.finish()), 1)
        .replacen("const PRECACHE = [];", &format!("const PRECACHE = [{list}];"), 1);
    anyhow::ensure!(script.contains(&list), "sw.js lacks the PRECACHE placeholder");
    std::fs::write(&worker, script).context("writing dist/sw.js")
}

/// Writes `.br` and `.gz` beside the fingerprinted files and `index.html`. Files an operator
/// may edit in place (`brand.json`) are left to on-the-fly compression, so an edit is never
/// shadowed by a stale precompressed copy.
fn precompress(dist: &Path) -> anyhow::Result<()> {
    for path in files(dist)? {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let relative = path.strip_prefix(dist)?.to_string_lossy().replace('\\', "/");
        let is_page = name.starts_with("index.") && name.ends_with(".html");
        let worth_it = is_page || is_fingerprinted(&relative);
        if !worth_it {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        std::fs::write(path.with_file_name(format!("{name}.br")), compress::brotli(&bytes))?;
        std::fs::write(path.with_file_name(format!("{name}.gz")), compress::gzip(&bytes))?;
    }
    Ok(())
}

/// `name-<hex hash, up to 16 digits>[_bg].ext`, or any file in a `wasm-<hash>` folder.
pub fn is_fingerprinted(name: &str) -> bool {
    if let Some((folder, _)) = name.split_once('/') {
        return is_fingerprinted(folder) || is_fingerprinted(name.rsplit('/').next().unwrap_or_default());
    }
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| (8..=16).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

fn inputs_fingerprint(root: &Path) -> anyhow::Result<u64> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for input in INPUTS {
        let path = root.join(input);
        let paths = if path.is_dir() { files(&path)? } else { vec![path] };
        for file in paths.into_iter().filter(|p| p.exists()) {
            hasher.write(file.strip_prefix(root).unwrap_or(&file).to_string_lossy().as_bytes());
            hasher.write(&std::fs::read(&file)?);
        }
    }
    Ok(hasher.finish())
}
