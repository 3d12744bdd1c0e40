use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (xtask lives one folder below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent folder").to_path_buf()
}

/// Runs a command to completion, failing with its command line when it fails.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    let line = format!("{command:?}");
    eprintln!("xtask: {line}");
    let status = command.status().with_context(|| format!("could not start {line}"))?;
    if !status.success() {
        bail!("{line} failed with {status}");
    }
    Ok(())
}

/// The trimmed standard output of a command that succeeded, or `None`.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// `PATH` with the project's npm tools and cargo's binaries first, so the build finds the pinned
/// wasm-opt and wasm-bindgen and never Debian's.
pub fn tool_path() -> std::ffi::OsString {
    let mut paths = vec![root().join("tools/node_modules/.bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(cargo_home) {
        paths.push(home.join("bin"));
    }
    if let Some(existing) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&existing));
    }
    std::env::join_paths(paths).expect("PATH entries are valid")
}

fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo"))
}

/// `cargo` as invoked by `cargo xtask`, with the tool PATH.
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(root()).env("PATH", tool_path());
    command
}
