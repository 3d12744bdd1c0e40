use anyhow::{bail, Context};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A wallet-server on a free port, in demo mode, stopped when dropped.
/// Builds the server the tests run (the debug build `cargo test` has mostly compiled already:
/// a second, release build would cost CI minutes and test nothing the debug one does not; its
/// password hashing crates are optimised in every profile) and returns its path.
pub fn test_binary() -> anyhow::Result<std::path::PathBuf> {
    crate::process::run(crate::process::cargo().args(["build", "--quiet", "--package", "wallet-server", "--bin", "wallet-server"]))?;
    Ok(crate::process::root().join("target/debug/wallet-server"))
}

pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    /// A server for test clients, which all sign in from 127.0.0.1 far more often than a
    /// person: the per-address rate of the sign-in endpoints is lifted (it has its own API test).
    pub fn start(binary: &Path, dist: &Path, database: &Path, brand: Option<&Path>) -> anyhow::Result<Server> {
        Server::start_with(binary, dist, database, brand, &["--auth-requests-per-minute", "100000"])
    }

    /// `start`'s server with more flags (shorter withdrawal stages, say).
    pub fn start_with_flags(binary: &Path, dist: &Path, database: &Path, flags: &[&str]) -> anyhow::Result<Server> {
        let flags: Vec<&str> = ["--auth-requests-per-minute", "100000"].into_iter().chain(flags.iter().copied()).collect();
        Server::start_with(binary, dist, database, None, &flags)
    }

    /// A server with the production rules, as a client on the internet would meet them.
    pub fn start_with_production_rates(binary: &Path, dist: &Path, database: &Path) -> anyhow::Result<Server> {
        Server::start_with(binary, dist, database, None, &[])
    }

    fn start_with(binary: &Path, dist: &Path, database: &Path, brand: Option<&Path>, extra: &[&str]) -> anyhow::Result<Server> {
        let mut command = Command::new(binary);
        command.args(["--bind", "127.0.0.1:0", "--demo"]).arg("--database").arg(database).arg("--dist").arg(dist);
        command.args(extra);
        if let Some(brand) = brand {
            command.arg("--brand").arg(brand);
        }
        let mut child = command.stdout(Stdio::piped()).spawn().context("starting wallet-server")?;
        let stdout = child.stdout.take().context("server stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(url) = line.strip_prefix("wallet-server listening on ") {
                        break url.trim().to_string();
                    }
                }
                _ => {
                    let _ = child.kill();
                    bail!("wallet-server exited before listening");
                }
            }
        };
        // Keep draining its output so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        eprintln!("xtask: wallet-server at {url}");
        Ok(Server { child, url })
    }

    /// `host:port`, for `crate::http`.
    pub fn address(&self) -> &str {
        self.url.strip_prefix("http://").unwrap_or(&self.url)
    }

    /// The server process's id (to read its `/proc/<pid>/status`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's peak resident memory so far (`VmHWM`), in KiB.
    pub fn peak_memory_kib(&self) -> anyhow::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).context("reading the server's /proc status")?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .context("no VmHWM in the server's /proc status")
    }

    /// Stops the server with SIGKILL (std's `Child::kill` on Unix), as a crash or a power cut
    /// would: no shutdown code runs.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
