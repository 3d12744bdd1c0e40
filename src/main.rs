#[cfg(feature = "csr")]
fn main() {
    console_error_panic_hook::set_once();
    wallet_web::take_over_prerendered_page();
    leptos::mount::mount_to_body(wallet_web::App);
    wallet_web::mark_app_started();
    wallet_web::register_service_worker();
}

// Built with `ssr` (for the pre-renderer) the app has no browser entry point.
#[cfg(not(feature = "csr"))]
fn main() {}
