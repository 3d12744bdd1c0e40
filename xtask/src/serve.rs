use anyhow::{bail, Context};

use crate::build;
use crate::process::{self, cargo, root};

/// Builds everything (release) and runs the server with demo data until interrupted.
pub fn run_serve(port: u16) -> anyhow::Result<()> {
    let dist = build::app_release()?;
    process::run(cargo().args(["build", "--release", "--quiet", "--package", "wallet-server"]))?;
    let root = root();
    let server = root.join("target/release/wallet-server");
    eprintln!("xtask: starting the server; open http://127.0.0.1:{port} (Ctrl-C stops it)");
    let status = std::process::Command::new(server)
        .current_dir(&root)
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(root.join("data/wallet.db"))
        .arg("--dist")
        .arg(dist)
        .arg("--demo")
        .status()
        .context("starting wallet-server")?;
    if !status.success() {
        bail!("wallet-server stopped with {status}");
    }
    Ok(())
}

pub fn run(args: &[&str]) -> anyhow::Result<()> {
    let port = match args {
        [] => 8080,
        ["--port", port] => port.parse().context("--port takes a number")?,
        _ => bail!("usage: cargo xtask serve [--port N]"),
    };
    run_serve(port)
}
