//! Building the app into `dist/` with Trunk, skipped when no input changed since the last
//! build, then precompressing the fingerprinted assets for the server.

use anyhow::Context;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use crate::compress;
use crate::process::{cargo, root, run, tool_path};
use crate::tools;

const STAMP: &str = ".build-stamp";
/// Everything the app build reads.
const INPUTS: &[&str] = &[
    "index.html", "Trunk.toml", "Cargo.toml", "Cargo.lock", "build.rs", "src", "style", "public",
    "locales", "content", "examples", "crates/wallet-api", "crates/help-search",
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
    // The help content, rendered for Trunk to copy into dist/help-data (index.html says so).
    crate::help::generate(&root, &root.join("target/help-data"))?;
    // Trunk builds offline so that it can never try to download a tool; fetch crates first.
    run(cargo().args(["fetch", "--quiet"]))?;
    run(std::process::Command::new("trunk")
        .args(["build", "--release", "--offline", "--skip-version-check"])
        .current_dir(&root)
        .env("PATH", tool_path())
        .env("NO_COLOR", "1"))?;
    // Help and hotline pages as static HTML, rendered by the app's own components.
    run(cargo()
        .args(["run", "--quiet", "--example", "prerender", "--no-default-features", "--features", "ssr", "--"])
        .arg(&dist))?;
    write_service_worker_constants(&dist)?;
    precompress(&dist)?;
    std::fs::write(&stamp, fingerprint).context("writing the build stamp")?;
    Ok(dist)
}

/// Fills `sw.js`'s precache list (every file of the build, each page under its route) and its
/// version (a hash of all of them), so each deploy installs a fresh worker.
fn write_service_worker_constants(dist: &Path) -> anyhow::Result<()> {
    let worker = dist.join("sw.js");
    let mut urls = Vec::new();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for path in files(dist)? {
        let name = path.strip_prefix(dist)?.to_string_lossy().replace('\\', "/");
        if name.starts_with('.') || name.ends_with(".br") || name.ends_with(".gz") || name == "sw.js" {
            continue;
        }
        hasher.write(name.as_bytes());
        hasher.write(&std::fs::read(&path)?);
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
        let worth_it = name == "index.html" || is_fingerprinted(name);
        if !worth_it {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        std::fs::write(path.with_file_name(format!("{name}.br")), compress::brotli(&bytes))?;
        std::fs::write(path.with_file_name(format!("{name}.gz")), compress::gzip(&bytes))?;
    }
    Ok(())
}

/// Trunk's `name-<hex hash, up to 16 digits>[_bg].ext`.
pub fn is_fingerprinted(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| (8..=16).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Every file below `folder`, sorted.
pub fn files(folder: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
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
