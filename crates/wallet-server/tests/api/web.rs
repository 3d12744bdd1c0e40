use wallet_api::{ApiError, ErrorCode};

use crate::helpers::{spawn_app, spawn_app_with, INDEX_MARKER, JS_FILE, WASM_FILE};

#[tokio::test]
async fn a_deep_link_is_answered_with_the_app_shell_which_is_never_cached() {
    let app = spawn_app().await;

    let response = app.get("/contact").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(response.text().await.unwrap().contains(INDEX_MARKER));
}

#[tokio::test]
async fn the_root_serves_the_app_shell() {
    let app = spawn_app().await;

    let response = app.get("/").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.text().await.unwrap().contains(INDEX_MARKER));
}

#[tokio::test]
async fn a_missing_asset_is_a_real_404_not_the_app_shell() {
    let app = spawn_app().await;

    let response = app.get("/missing-0123456789abcdef.js").await;

    assert_eq!(response.status(), 404);
    assert!(!response.text().await.unwrap().contains(INDEX_MARKER));
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404_in_the_error_shape() {
    let app = spawn_app().await;

    for path in ["/api/v1/no-such-thing", "/api/v2/health", "/api", "/api/"] {
        let response = app.get(path).await;

        assert_eq!(response.status(), 404, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
        let error: ApiError = response.json().await.unwrap();
        assert_eq!(error.code, ErrorCode::NotFound, "{path}");
    }
}

#[tokio::test]
async fn a_wrong_method_on_an_api_route_is_a_json_405() {
    let app = spawn_app().await;

    // With the CSRF header, which every state change needs before anything else is checked.
    let response =
        app.client.delete(app.url("/api/v1/health")).header(wallet_api::CSRF_HEADER, "1").send().await.unwrap();

    assert_eq!(response.status(), 405);
    let error: ApiError = response.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::MethodNotAllowed);
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm_and_cached_for_a_year() {
    let app = spawn_app().await;

    let response = app.get(&format!("/{WASM_FILE}")).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
}

#[tokio::test]
async fn responses_are_compressed_when_the_browser_accepts_it() {
    let app = spawn_app().await;

    for encoding in ["br", "gzip"] {
        let response = app
            .client
            .get(app.url(&format!("/{JS_FILE}")))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
}

#[tokio::test]
async fn precompressed_files_are_preferred_when_the_build_made_them() {
    let app = spawn_app().await;
    let dist = app.folder().join("dist");
    std::fs::write(dist.join(format!("{JS_FILE}.br")), b"precompressed-bytes").unwrap();

    let response = app
        .client
        .get(app.url(&format!("/{JS_FILE}")))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();

    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"precompressed-bytes");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;

    for path in ["/", "/contact", "/api/v1/health", "/api/v1/nope", &format!("/{WASM_FILE}")] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();

        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{path}: {csp}");
        for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"] {
            assert!(csp.contains(directive), "{path}: {directive}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert!(headers["strict-transport-security"].to_str().unwrap().contains("max-age="));
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(headers.contains_key("referrer-policy"));
    }
}

#[tokio::test]
async fn an_operator_brand_file_replaces_the_built_one_without_a_rebuild() {
    let app = spawn_app_with(|config| {
        let brand = config.dist.parent().unwrap().join("operator-brand.json");
        std::fs::write(&brand, r#"{"product_name":{"en":"Operator Pay"}}"#).unwrap();
        config.brand = Some(brand);
    })
    .await;

    let response = app.get("/brand.json").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.text().await.unwrap().contains("Operator Pay"));
}

#[tokio::test]
async fn without_an_operator_brand_file_the_built_one_is_served() {
    let app = spawn_app().await;

    let response = app.get("/brand.json").await;

    assert!(response.text().await.unwrap().contains("Built-in"));
}

#[tokio::test]
async fn a_page_prerendered_for_a_route_is_served_at_the_route_itself() {
    let app = spawn_app().await;
    let folder = app.folder().join("dist/help/account-locked");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("index.html"), "<main>prerendered article</main>").unwrap();

    let response = app.get("/help/account-locked").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.url().path(), "/help/account-locked", "no redirect to a folder URL");
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert_eq!(response.text().await.unwrap(), "<main>prerendered article</main>");
    assert!(app.get("/help/other").await.text().await.unwrap().contains(INDEX_MARKER));
}

#[tokio::test]
async fn the_prerendered_home_page_is_served_at_the_root_in_the_readers_language_and_the_shell_stays_the_fallback() {
    let app = spawn_app().await;
    let folder = app.folder().join("dist").join(wallet_api::HOME_FOLDER);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("index.html"), "<main>首页</main>").unwrap();
    std::fs::write(folder.join("index.en.html"), "<main>home</main>").unwrap();

    let chinese = app.client.get(app.url("/")).header("accept-language", "zh-CN,zh;q=0.9").send().await.unwrap();
    assert_eq!(chinese.text().await.unwrap(), "<main>首页</main>");
    let english = app.client.get(app.url("/")).header("accept-language", "en-GB,en;q=0.9").send().await.unwrap();
    assert_eq!(english.headers()["content-language"], "en");
    assert_eq!(english.text().await.unwrap(), "<main>home</main>");
    // Other routes still get the app shell, and the home folder is not a route of its own.
    assert!(app.get("/wallet").await.text().await.unwrap().contains(INDEX_MARKER));
    assert!(app.get(&format!("/{}", wallet_api::HOME_FOLDER)).await.text().await.unwrap().contains(INDEX_MARKER));
}
