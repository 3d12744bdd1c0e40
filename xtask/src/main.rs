//! `cargo xtask <command>`: the project's commands, runnable on a fresh machine. Each one first
//! installs what it needs and is missing (see `tools`).

mod bench;
mod build;
mod compress;
mod fuzz;
mod crash;
mod help;
mod http;
mod lighthouse;
mod load;
mod pages;
mod process;
mod serve;
mod server;
mod site;
mod test;
mod tools;
mod totp;
mod tree;
mod wasm;

use anyhow::bail;

const USAGE: &str = "usage: cargo xtask <command>

  serve [--port N]   build the app (release) and serve the whole product with demo data
                     on http://127.0.0.1:8080 (or port N)
  test               run every test: unit, server black-box, browser (wasm-bindgen-test)
                     and Playwright journeys in Chromium against the real server
  test journeys [FILTER..]
                     only the Playwright journeys (for working on them); filters go to
                     `playwright test` (spec files, or -g 'title')
  test fuzz [--seed N] [--examples N]
                     property-based API fuzzing (schemathesis) of every operation in the
                     OpenAPI document, signed in on a demo server: no 5xx, only documented
                     statuses, content types and schemas
  test crash         kill -9 the server 5 times under concurrent payments and withdrawals;
                     every acknowledged one survives once, none is half-done, withdrawals on
                     their way resume after the restart, the ledger balances
  test load          300 concurrent wrong sign-ins: the release server stays under 300 MiB
                     and answers each with 401, 423, 429 or 503 in time
  screenshots        a PNG of every page at 390 and 1280 px, both languages, signed out and
                     in, into target/screenshots/ (for reviewing layout changes)
  build              build the app into dist/ (release, precompressed)
  bench size         bytes of each file in dist/ (raw, gzip, brotli) and each page's first load
                     against its budget (fails when a page is over)
  bench lighthouse   Lighthouse (simulated mobile) performance score, FCP and LCP of key pages
  bench api          REST API load against the release server: payments and balance reads
                     per second, p50/p99 latency at a fixed concurrency, then the ledger check;
                     and 300 concurrent wrong sign-ins: statuses, latency, server peak memory";

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["serve", rest @ ..] => serve::run(rest),
        ["test"] => test::run_all(),
        ["test", "journeys", filters @ ..] => test::journeys(filters),
        ["test", "fuzz", rest @ ..] => fuzz::run_fuzz(rest),
        ["screenshots"] => test::screenshots(),
        ["test", "crash"] => crash::run_test(),
        ["test", "load"] => load::run_test(),
        ["build"] => build::app_release().map(|_| ()),
        ["bench", "size"] => bench::size(),
        ["bench", "lighthouse"] => bench::lighthouse(),
        ["bench", "api"] => bench::api(),
        ["help" | "--help" | "-h"] | [] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => bail!("unknown command {args:?}\n\n{USAGE}"),
    }
}
