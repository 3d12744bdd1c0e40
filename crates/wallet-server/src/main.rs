use clap::Parser;
use wallet_server::{telemetry, Application, Config};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let config = Config::parse();
    let app = Application::build(config).await?;
    // One plain line on stdout that scripts (cargo xtask) read to learn the real port.
    println!("wallet-server listening on {}", app.url());
    for note in app.demo_notes() {
        println!("{note}");
    }
    app.run_until_stopped().await?;
    Ok(())
}
