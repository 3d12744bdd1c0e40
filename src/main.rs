#[cfg(feature = "csr")]
fn main() {
    console_error_panic_hook::set_once();
    wallet_web::takeover::mount(wallet_web::App);
    wallet_web::register_service_worker();
}

// Built with `ssr` (for the pre-renderer) the app has no browser entry point.
#[cfg(not(feature = "csr"))]
fn main() {}
