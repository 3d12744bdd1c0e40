//! The app's release wasm, split per page: cargo (feature `split`, relocations kept) →
//! wasm-split (the main module, one chunk per area of lazy routes, shared chunks) → wasm-bindgen
//! (`--keep-lld-exports`, which the chunks link against) → wasm-opt on every module. Trunk cannot
//! run the split step between cargo and wasm-bindgen (trunk-rs/trunk#1022), so this is ours.

use anyhow::Context;
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tree::files;
use crate::process::{cargo, root, run, tool_path};

/// The module names in the bundle: the wasm-bindgen JS and its wasm.
pub const NAME: &str = "wallet-web";

/// Where a build leaves its `Bundle`, for the size budgets (a dot file: never precached).
const MANIFEST: &str = ".bundle.json";

/// A built bundle in `dist/<folder>/`: the folder's name carries a hash of every file in it,
/// so all of them may be cached for a year.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Bundle {
    pub folder: String,
    /// For each split (`help_area_<hash>`), the chunk files it needs, in load order.
    pub chunks_of_split: BTreeMap<String, Vec<String>>,
}

impl Bundle {
    /// The bundle of the build in `dist/`.
    pub fn load(dist: &Path) -> anyhow::Result<Bundle> {
        let text = std::fs::read_to_string(dist.join(MANIFEST)).context("reading dist/.bundle.json")?;
        Ok(serde_json::from_str(&text)?)
    }

    pub fn url(&self, file: &str) -> String {
        format!("/{}/{file}", self.folder)
    }

    pub fn main_js(&self) -> String {
        self.url(&format!("{NAME}.js"))
    }

    pub fn main_wasm(&self) -> String {
        self.url(&format!("{NAME}_bg.wasm"))
    }

    pub fn split_loader(&self) -> String {
        self.url("__wasm_split.js")
    }

    /// The chunk URLs an area's pages need: the area's split (named after its function in
    /// `src/lazy_routes.rs`, `help_area_<hash>`) and the shared chunks it imports from.
    pub fn chunks_of_area(&self, area: &str) -> Vec<String> {
        let prefix = format!("{area}_area_");
        self.chunks_of_split
            .iter()
            .filter(|(split, _)| split.trim_start_matches('_').starts_with(&prefix))
            .flat_map(|(_, chunks)| chunks.iter().map(|c| self.url(&format!("{c}.wasm"))))
            .collect()
    }
}

/// Builds the split bundle into `dist/`.
pub fn build(dist: &Path) -> anyhow::Result<Bundle> {
    let root = root();
    let linked = cargo_build(&root)?;
    let work = root.join("target/wasm-split");
    let _ = std::fs::remove_dir_all(&work);
    let split_dir = work.join("split");
    let out = work.join("out");
    std::fs::create_dir_all(&split_dir)?;
    let chunks_of_split = split(&linked, &split_dir)?;
    bindgen(&split_dir, &out)?;
    for entry in std::fs::read_dir(&split_dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let is_chunk = name.ends_with(".wasm") && name != format!("{NAME}.wasm");
        if is_chunk || name == "__wasm_split.js" {
            std::fs::copy(&path, out.join(&name))?;
        }
    }
    let modules: Vec<PathBuf> = files(&out)?.into_iter().filter(|p| p.extension().is_some_and(|e| e == "wasm")).collect();
    optimise_all(&modules)?;
    let folder = format!("wasm-{:016x}", folder_hash(&out)?);
    let target = dist.join(&folder);
    std::fs::create_dir_all(&target)?;
    for path in files(&out)? {
        let name = path.file_name().context("a file name")?;
        std::fs::copy(&path, target.join(name))?;
    }
    let bundle = Bundle { folder, chunks_of_split };
    std::fs::write(dist.join(MANIFEST), serde_json::to_string_pretty(&bundle)?)?;
    Ok(bundle)
}

fn cargo_build(root: &Path) -> anyhow::Result<PathBuf> {
    run(cargo()
        .args(["build", "--bin", NAME, "--target", "wasm32-unknown-unknown", "--profile", "wasm-release"])
        .args(["--features", "split"])
        // wasm-split needs the relocations; `--no-merge-data-segments` lets each chunk take
        // its own strings and tables instead of leaving all of them in the main module.
        .env("RUSTFLAGS", "-Clink-args=--emit-relocs -Clink-arg=--no-merge-data-segments"))?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    Ok(target_dir.join(format!("wasm32-unknown-unknown/wasm-release/{NAME}.wasm")))
}

fn split(linked: &Path, out: &Path) -> anyhow::Result<BTreeMap<String, Vec<String>>> {
    let input = std::fs::read(linked).with_context(|| format!("reading {}", linked.display()))?;
    let main_out = out.join(format!("{NAME}.wasm"));
    let main_module = format!("./{NAME}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = out;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    options.target.web();
    eprintln!("xtask: wasm-split {}", linked.display());
    let split = wasm_split_cli_support::transform(options).map_err(|e| anyhow::anyhow!("wasm-split: {e:?}"))?;
    Ok(split.prefetch_map.into_iter().collect())
}

fn bindgen(split_dir: &Path, out: &Path) -> anyhow::Result<()> {
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript"])
        .arg("--out-dir")
        .arg(out)
        .args(["--out-name", NAME])
        .arg(split_dir.join(format!("{NAME}.wasm")))
        .env("PATH", tool_path()))
}

/// Runs `optimise` on every module, one `wasm-opt` per core: there are a few hundred chunks.
fn optimise_all(modules: &[PathBuf]) -> anyhow::Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    match modules.get(i) {
                        Some(module) => optimise(module)?,
                        None => return anyhow::Ok(()),
                    }
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| h.join().map_err(|_| anyhow::anyhow!("a wasm-opt worker panicked"))?)
    })
}

/// `-Oz`, and without the `producers` and `target_features` sections: no browser reads them, and
/// in a chunk of a few hundred bytes they were more than half the file (about 115 bytes brotli
/// per chunk, and a page loads up to 150 chunks).
fn optimise(wasm: &Path) -> anyhow::Result<()> {
    run(Command::new("wasm-opt")
        .args(["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int"])
        .args(["--strip-producers", "--strip-target-features"])
        .arg(wasm)
        .arg("-o")
        .arg(wasm)
        .env("PATH", tool_path()))
}

fn folder_hash(folder: &Path) -> anyhow::Result<u64> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for path in files(folder)? {
        hasher.write(path.file_name().map(|n| n.as_encoded_bytes()).unwrap_or_default());
        hasher.write(&std::fs::read(&path)?);
    }
    Ok(hasher.finish())
}
