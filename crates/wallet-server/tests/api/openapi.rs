use crate::helpers::spawn_app;

#[tokio::test]
async fn the_openapi_document_is_served_and_describes_the_routes() {
    let app = spawn_app().await;

    let response = app.get("/api/v1/openapi.json").await;

    assert_eq!(response.status(), 200);
    let document: serde_json::Value = response.json().await.unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let health = &document["paths"]["/api/v1/health"]["get"];
    assert!(health.is_object(), "health is documented: {document}");
    assert!(health["responses"]["200"].is_object());
    let schemas = &document["components"]["schemas"];
    for name in ["ApiError", "ErrorCode", "Health", "Money"] {
        assert!(schemas[name].is_object(), "schema {name} is documented");
    }
}

#[tokio::test]
async fn the_documented_error_codes_are_the_contracts_codes() {
    let app = spawn_app().await;

    let document: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();

    let documented: Vec<&str> = document["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .or_else(|| document["components"]["schemas"]["ErrorCode"]["oneOf"][0]["enum"].as_array())
        .unwrap_or_else(|| panic!("ErrorCode is an enum: {}", document["components"]["schemas"]["ErrorCode"]))
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for code in wallet_api::ErrorCode::ALL {
        assert!(documented.contains(&code.as_str()), "{} is documented in {documented:?}", code.as_str());
    }
}

#[tokio::test]
async fn the_money_endpoints_are_documented_with_the_idempotency_key() {
    let app = spawn_app().await;
    let document: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let paths = &document["paths"];
    for (path, method) in [
        ("/api/v1/wallet/overview", "get"),
        ("/api/v1/wallet/rules", "get"),
        ("/api/v1/recipients", "get"),
        ("/api/v1/payments/quote", "post"),
        ("/api/v1/payments", "post"),
        ("/api/v1/payments/last-failure", "get"),
        ("/api/v1/top-ups", "post"),
        ("/api/v1/transactions", "get"),
        ("/api/v1/transactions/{id}", "get"),
        ("/api/v1/transactions/export.csv", "get"),
        ("/api/v1/support/call-code", "post"),
        ("/api/v1/support/call-code/check", "post"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path} is documented");
    }
    for path in ["/api/v1/payments", "/api/v1/top-ups"] {
        let parameters = paths[path]["post"]["parameters"].as_array().expect("parameters");
        assert!(parameters.iter().any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header"), "{path}");
    }
}
