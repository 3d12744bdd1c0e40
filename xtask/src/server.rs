use anyhow::{bail, Context};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A wallet-server on a free port, in demo mode, stopped when dropped.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    pub fn start(binary: &Path, dist: &Path, database: &Path, brand: Option<&Path>) -> anyhow::Result<Server> {
        let mut command = Command::new(binary);
        command.args(["--bind", "127.0.0.1:0", "--demo"]).arg("--database").arg(database).arg("--dist").arg(dist);
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
