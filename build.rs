//! Generates the `i18n` module (typed translation keys) from `locales/*.json`.
use leptos_i18n_build::{Config, TranslationsInfos};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // The first locale is the default: people whose browser prefers neither language get
    // English; anyone whose browser prefers Chinese gets zh-CN.
    let config = Config::new("en")?.add_locale("zh-CN")?;
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
