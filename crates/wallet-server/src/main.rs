use clap::Parser;
use wallet_server::{admin, telemetry, Application, Command, Config};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let config = Config::parse();
    if let Some(Command::Admin(command)) = &config.command {
        let sound = admin::run(&config, command).await?;
        std::process::exit(if sound { 0 } else { 1 });
    }
    let app = Application::build(config).await?;
    // One plain line on stdout that scripts (cargo xtask) read to learn the real port.
    println!("wallet-server listening on {}", app.url());
    for note in app.demo_notes() {
        println!("{note}");
    }
    app.run_until_stopped().await?;
    Ok(())
}
