//! Serving the built app: its files, deep links, caching and the security headers.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::{routes, Config};

mod reader_lang;

/// The Content-Security-Policy of every response. Scripts only from this origin (Trunk's
/// loader is an external `boot.js`, not an inline script) plus `'wasm-unsafe-eval'`, which
/// compiling WebAssembly needs; no inline styles either, so markup cannot restyle the page.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
    font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
    object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

#[derive(Clone)]
struct WebFiles {
    dist: PathBuf,
    brand: Option<PathBuf>,
}

/// The fallback of the whole router: every path that is not an API route.
pub fn service(config: &Config) -> Router {
    let files = WebFiles { dist: config.dist.clone(), brand: config.brand.clone() };
    Router::new().fallback(serve).with_state(files)
}

async fn serve(State(files): State<WebFiles>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if path == "/api" || path.starts_with("/api/") {
        return routes::not_found(request).await.into_response();
    }
    if path == "/brand.json" {
        if let Some(brand) = &files.brand {
            return with_cache_control(send(ServeFile::new(brand), request).await, REVALIDATE);
        }
    }

    let lang = reader_lang::reader_lang(request.uri(), request.headers());
    if let Some(page) = prerendered_page(&files.dist, &path, lang) {
        let response = send(ServeFile::new(page).precompressed_br().precompressed_gzip(), request).await;
        return in_reader_lang(with_cache_control(response, REVALIDATE), lang);
    }
    let index_request = app_shell_request(&request);
    // Build-internal folders (`_home/`) are not addresses of their own: the app shell answers.
    if path.trim_start_matches('/').starts_with('_') {
        if let Some(request) = index_request {
            return app_shell(&files, request).await;
        }
    }
    let dir = ServeDir::new(&files.dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true);
    let response = send(dir, request).await;

    if response.status() == StatusCode::NOT_FOUND && looks_like_app_route(&path) {
        if let Some(request) = index_request {
            return app_shell(&files, request).await;
        }
    }
    let cache = if is_fingerprinted(&path) { IMMUTABLE } else { REVALIDATE };
    with_cache_control(response, cache)
}

/// The app shell (`index.html`), for an address the app routes itself.
async fn app_shell(files: &WebFiles, request: Request) -> Response {
    let index = ServeFile::new(files.dist.join("index.html")).precompressed_br().precompressed_gzip();
    with_cache_control(send(index, request).await, REVALIDATE)
}

async fn send<S>(service: S, request: Request) -> Response
where
    S: tower::Service<Request, Error = std::convert::Infallible> + Send,
    S::Response: IntoResponse,
    S::Future: Send,
{
    match service.oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

/// A page written at build time for an app route (`dist/help/account-locked/index.html` for
/// `/help/account-locked`, `index.en.html` beside it in English): served at the route's own
/// address in the reader's language, not redirected to a folder URL.
fn prerendered_page(dist: &std::path::Path, path: &str, lang: wallet_api::Lang) -> Option<PathBuf> {
    let relative = path.trim_matches('/');
    let safe = relative.split('/').all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains('\\'));
    let is_home = relative.is_empty();
    if !is_home && (!safe || !looks_like_app_route(path) || relative.starts_with('_')) {
        return None;
    }
    let folder = dist.join(wallet_api::prerendered_folder(path));
    [lang.page_file(), "index.html".to_string()]
        .into_iter()
        .map(|file| folder.join(file))
        .find(|page| page.is_file())
}

/// Caches must keep one copy per language choice; the page says which it is in.
fn in_reader_lang(mut response: Response, lang: wallet_api::Lang) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("cookie, accept-language, accept-encoding"));
    if let Ok(value) = HeaderValue::from_str(lang.tag()) {
        headers.insert(header::CONTENT_LANGUAGE, value);
    }
    response
}

/// A copy of a GET or HEAD request, to answer a deep link with the app shell.
fn app_shell_request(request: &Request) -> Option<Request> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return None;
    }
    let mut copy = Request::builder().method(request.method().clone()).uri("/index.html");
    for (name, value) in request.headers() {
        copy = copy.header(name, value);
    }
    copy.body(Body::empty()).ok()
}

/// A path the app's router handles (`/contact`, `/help/account-locked`) rather than a file:
/// its last segment has no extension. Missing files (`/app.js`) stay real 404s.
fn looks_like_app_route(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !last.contains('.')
}

/// Built assets are named `name-<hex hash>[_bg].ext` (up to 16 digits), or sit in a folder so
/// named (`/wasm-<hash>/…`, the split wasm bundle): their content never changes under that
/// name, so browsers may keep them for a year.
fn is_fingerprinted(path: &str) -> bool {
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(name) = segments.pop() else { return false };
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    has_hash_suffix(stem) || segments.first().is_some_and(|folder| has_hash_suffix(folder))
}

fn has_hash_suffix(name: &str) -> bool {
    match name.rsplit_once('-') {
        Some((_, hash)) => (8..=16).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit()),
        None => false,
    }
}

fn with_cache_control(mut response: Response, value: &'static str) -> Response {
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Security headers on every response, API and files alike.
pub async fn add_security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set("content-security-policy", CONTENT_SECURITY_POLICY);
    set("strict-transport-security", "max-age=63072000; includeSubDomains");
    set("x-content-type-options", "nosniff");
    set("referrer-policy", "strict-origin-when-cross-origin");
    set("x-frame-options", "DENY");
    set("cross-origin-opener-policy", "same-origin");
    set("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_output_names_are_recognised_as_fingerprinted() {
        assert!(is_fingerprinted("/wallet-web-00a1b2c3d4e5f607_bg.wasm"));
        assert!(is_fingerprinted("/wallet-web-00a1b2c3d4e5f607.js"));
        assert!(is_fingerprinted("/wallet-web-cbde9eee738e15c.js"));
        assert!(is_fingerprinted("/main-00a1b2c3d4e5f607.css"));
        assert!(is_fingerprinted("/wasm-00a1b2c3d4e5f607/split_pay_view_1.wasm"));
        assert!(is_fingerprinted("/wasm-00a1b2c3d4e5f607/__wasm_split.js"));
    }

    #[test]
    fn files_whose_content_changes_under_one_name_are_not_fingerprinted() {
        for path in ["/", "/index.html", "/brand.json", "/boot.js", "/sw.js", "/help/x-y", "/help-data/en/a.json"] {
            assert!(!is_fingerprinted(path), "{path}");
        }
    }

    #[test]
    fn a_path_without_extension_is_an_app_route() {
        assert!(looks_like_app_route("/contact"));
        assert!(looks_like_app_route("/help/account-locked"));
        assert!(!looks_like_app_route("/missing.js"));
    }
}
