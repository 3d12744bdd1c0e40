//! `cargo xtask test fuzz`: property-based fuzzing of the REST API with schemathesis against
//! the server's own OpenAPI document, signed in as a demo account with its CSRF token.
//!
//! The operations run in groups, each against a fresh demo server on a fresh database, so that
//! the ones that end the session or count failed attempts (which lock the account after 5 and
//! rate-limit the client address after 50) cannot turn the rest of the run into 401s, 423s and
//! 429s. Inside a group the hooks (tools/fuzz/hooks.py) sign in again when a session ends, and
//! fall back to another demo account when one is locked. Locks and rate limits are the server
//! working as intended: they are documented statuses, never turned off here.

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::process::{cargo, output, root, run};
use crate::server::Server;

/// The checks every response must pass.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance";

/// Generated cases per operation in the fuzzing phase (the coverage phase adds its own
/// boundary cases on top).
const EXAMPLES_PER_OPERATION: u32 = 25;

/// The default seed: the same cases on every run, so CI is reproducible. `--seed N` picks others.
const DEFAULT_SEED: u64 = 20_261_202;

/// Operations that count failed attempts towards the account lock and the per-address limit.
const ATTEMPTS: &str = "auth/(sign-in|second-factor|reset-password)|unlock/verify|help/lock-status";

/// One schemathesis run on its own server: a name, which operations, as whom.
struct Group {
    name: &'static str,
    /// `--include-path-regex` (None: every operation no other group takes).
    include: Option<String>,
    accounts: &'static str,
}

fn groups() -> Vec<Group> {
    let reauth = "/session/reauth$";
    let password = "/account/password$";
    let attempts = format!("/({ATTEMPTS})$");
    vec![
        // One sign-in for the whole group (sign-in and re-authentication are rate-limited per
        // address, so a group that signs in again and again soon runs signed out).
        Group { name: "signed in", include: None, accounts: "demo@wallet.example,friend@wallet.example" },
        // Every sign-out ends the session: the hooks sign in again for the next case.
        Group { name: "sign-out", include: Some("/auth/sign-out$".into()), accounts: "demo@wallet.example,friend@wallet.example" },
        // Wrong passwords lock the account after 5: its own server, so the lock spoils nothing else.
        Group { name: "re-authentication", include: Some(reauth.into()), accounts: "demo@wallet.example,friend@wallet.example" },
        // A successful change makes the demo password wrong for any later sign-in.
        Group { name: "password change", include: Some(password.into()), accounts: "demo@wallet.example" },
        // Failed attempts from one address: the per-address limit (429) soon answers them all.
        Group { name: "sign-in attempts", include: Some(attempts), accounts: "demo@wallet.example,friend@wallet.example" },
    ]
}

pub fn run_fuzz(args: &[&str]) -> anyhow::Result<()> {
    let mut seed = DEFAULT_SEED;
    let mut examples = EXAMPLES_PER_OPERATION;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--seed" => seed = rest.next().context("--seed needs a number")?.parse().context("--seed")?,
            "--examples" => examples = rest.next().context("--examples needs a number")?.parse().context("--examples")?,
            other => bail!("unknown option {other} (test fuzz [--seed N] [--examples N])"),
        }
    }
    let st = ensure_schemathesis()?;
    run(cargo().args(["build", "--quiet", "--package", "wallet-server"]))?;
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"));
    let binary = target.join("debug/wallet-server");
    let work = std::env::temp_dir().join(format!("wallet-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("dist"))?;

    let started = Instant::now();
    let all = groups();
    let special: Vec<&str> = all.iter().filter_map(|g| g.include.as_deref()).collect();
    let exclude = special.iter().map(|r| format!("(?:{r})")).collect::<Vec<_>>().join("|");
    let mut totals = Totals::default();
    let mut failed_groups = Vec::new();
    for (index, group) in all.iter().enumerate() {
        let folder = work.join(format!("group-{index}"));
        std::fs::create_dir_all(&folder)?;
        // The production limits: fuzzing meets the server as it is deployed.
        let mut server = Server::start_with_production_rates(&binary, &work.join("dist"), &folder.join("wallet.db"))?;
        let report = folder.join("report.json");
        let mut command = Command::new(&st);
        command
            .arg("run")
            .arg(format!("{}/api/v1/openapi.json", server.url))
            .args(["--checks", CHECKS])
            .args(["--phases", "examples,coverage,fuzzing"])
            .args(["--max-examples", &examples.to_string()])
            .args(["--seed", &seed.to_string()])
            .arg("--continue-on-failure")
            .args(["--request-timeout", "30"])
            .args(["--report", "json", "--report-json-path"])
            .arg(&report);
        match &group.include {
            Some(regex) => command.args(["--include-path-regex", regex]),
            None => command.args(["--exclude-path-regex", &exclude]),
        };
        command
            .current_dir(root().join("tools/fuzz"))
            .env("PYTHONPATH", root().join("tools/fuzz"))
            .env("SCHEMATHESIS_HOOKS", "hooks")
            .env("WALLET_FUZZ_URL", &server.url)
            .env("WALLET_FUZZ_ACCOUNTS", group.accounts)
            .env("WALLET_FUZZ_REAUTH", "1");
        eprintln!("xtask: fuzz group \"{}\"", group.name);
        let status = command.status().context("starting schemathesis")?;
        server.stop();
        let summary = Summary::read(&report).with_context(|| format!("reading the report of group \"{}\"", group.name))?;
        eprintln!(
            "xtask: fuzz group \"{}\": {} operations, {} cases, {} failures, {} errors",
            group.name, summary.tested, summary.cases, summary.failures, summary.errors
        );
        if !status.success() || summary.failures > 0 || summary.errors > 0 {
            failed_groups.push(group.name);
        }
        // Whatever the fuzzing did with money must still balance.
        run(Command::new(&binary).args(["admin", "check-ledger", "--database"]).arg(folder.join("wallet.db")))
            .with_context(|| format!("admin check-ledger after fuzz group \"{}\"", group.name))?;
        totals.add(&summary);
    }
    let seconds = started.elapsed().as_secs();
    println!(
        "fuzz: {} cases across {} of {} operations in {} groups, {} failures, {} errors, {seconds} s (seed {seed})",
        totals.cases,
        totals.tested,
        totals.operations,
        all.len(),
        totals.failures,
        totals.errors
    );
    if !failed_groups.is_empty() {
        bail!("fuzzing failed in {failed_groups:?}: the failures are printed above each group's summary");
    }
    if totals.tested != totals.operations {
        bail!("only {} of the document's {} operations were fuzzed", totals.tested, totals.operations);
    }
    if totals.cases < 1_000 {
        bail!("only {} cases were generated (at least 1,000 wanted): raise --examples", totals.cases);
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// What one group's JSON report says.
struct Summary {
    operations: u64,
    tested: u64,
    cases: u64,
    failures: u64,
    errors: u64,
}

impl Summary {
    fn read(path: &Path) -> anyhow::Result<Summary> {
        let text = std::fs::read_to_string(path)?;
        let report: serde_json::Value = serde_json::from_str(&text)?;
        let number = |pointer: &str| report.pointer(pointer).and_then(serde_json::Value::as_u64).unwrap_or(0);
        Ok(Summary {
            operations: number("/operations/total"),
            tested: number("/operations/tested"),
            cases: number("/test_cases/generated"),
            failures: number("/test_cases/unique_failures"),
            errors: number("/operations/errored") + number("/test_cases/errored"),
        })
    }
}

#[derive(Default)]
struct Totals {
    operations: u64,
    tested: u64,
    cases: u64,
    failures: u64,
    errors: u64,
}

impl Totals {
    fn add(&mut self, summary: &Summary) {
        self.operations = self.operations.max(summary.operations);
        self.tested += summary.tested;
        self.cases += summary.cases;
        self.failures += summary.failures;
        self.errors += summary.errors;
    }
}

/// schemathesis (tools/fuzz/requirements.txt, every package pinned) in tools/fuzz/.venv
/// (gitignored), installed unless that venv already holds exactly these requirements.
/// Answers the path of its `st` command.
pub fn ensure_schemathesis() -> anyhow::Result<PathBuf> {
    let folder = root().join("tools/fuzz");
    let venv = folder.join(".venv");
    let st = venv.join("bin/st");
    let requirements = std::fs::read_to_string(folder.join("requirements.txt")).context("reading tools/fuzz/requirements.txt")?;
    let stamp = venv.join("requirements.installed");
    if st.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(requirements.as_str()) {
        return Ok(st);
    }
    let python = venv.join("bin/python");
    if !python.exists() {
        if output("python3", &["--version"]).is_none() {
            bail!("python3 (3.10 or newer, with venv) is needed for the API fuzzing: apt-get install python3 python3-venv");
        }
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))
            .context("creating tools/fuzz/.venv (Debian: apt-get install python3-venv)")?;
    }
    run(Command::new(&python).args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"]).arg(folder.join("requirements.txt")))?;
    std::fs::write(&stamp, requirements)?;
    Ok(st)
}

