fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(wallet_web::App);
    wallet_web::register_service_worker();
}
