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

/// Every operation of the document with its path and method.
fn operations(document: &serde_json::Value) -> Vec<(String, String, serde_json::Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            if ["get", "put", "post", "delete", "patch", "head", "options"].contains(&method.as_str()) {
                found.push((path.clone(), method.clone(), operation.clone()));
            }
        }
    }
    found
}

/// The response an operation documents for `status`, with a `$ref` to `components.responses`
/// resolved.
fn documented<'a>(document: &'a serde_json::Value, operation: &'a serde_json::Value, status: &str) -> Option<&'a serde_json::Value> {
    let response = operation["responses"].get(status)?;
    match response["$ref"].as_str() {
        Some(reference) => document.pointer(reference.trim_start_matches('#')),
        None => Some(response),
    }
}

/// The statuses any operation can meet (a malformed request, validation, rate limits, the
/// server's own failures, CSRF, no session, an unknown ID) are in the document, so a client
/// generated from it, and `cargo xtask test fuzz`, know every answer.
#[tokio::test]
async fn every_operation_documents_the_errors_it_can_return() {
    let app = spawn_app().await;
    let document: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let all = operations(&document);
    assert!(all.len() > 30, "the document lists the operations: {}", all.len());
    let public = ["/api/v1/health", "/api/v1/session", "/api/v1/auth/sign-in", "/api/v1/auth/sign-up"];
    for (path, method, operation) in &all {
        let mut wanted = vec!["400", "422", "429", "500", "503"];
        if method != "get" {
            wanted.push("403");
        }
        if operation.get("requestBody").is_some() {
            wanted.push("413");
        }
        if path.contains('{') {
            wanted.push("404");
        }
        if path.starts_with("/api/v1/account") || path.starts_with("/api/v1/wallet") || path.starts_with("/api/v1/payments") {
            wanted.push("401");
        }
        for status in wanted {
            let response = documented(&document, operation, status)
                .unwrap_or_else(|| panic!("{method} {path} documents {status}: {}", operation["responses"]));
            let schema = &response["content"]["application/json"]["schema"];
            assert!(schema.is_object(), "{method} {path} {status} is an application/json body: {response}");
        }
        if public.contains(&path.as_str()) && path != "/api/v1/auth/sign-in" {
            assert!(operation["responses"].get("401").is_none(), "{method} {path} needs no session");
        }
    }
}

/// Black box: every operation, called signed out with an empty body, answers a status its
/// document lists, in JSON. Catches an operation that needs a session but is not documented
/// with 401 (or the reverse list in routes/openapi.rs going stale).
#[tokio::test]
async fn signed_out_every_operation_answers_a_documented_status_in_json() {
    let app = spawn_app().await;
    let document: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for (path, method, operation) in operations(&document) {
        let concrete = path.split('/').map(|part| if part.starts_with('{') { "unknown-id" } else { part }).collect::<Vec<_>>().join("/");
        let mut request = app
            .client
            .request(method.to_uppercase().parse().unwrap(), app.url(&concrete))
            .header("x-wallet-csrf", "1")
            .header("Idempotency-Key", "fuzz-regression");
        if operation.get("requestBody").is_some() {
            request = request.json(&serde_json::json!({}));
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let status_text = status.as_u16().to_string();
        assert!(
            operation["responses"].get(&status_text).is_some(),
            "{method} {path} answered {status}, not in {}",
            operation["responses"]
        );
        let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        if !status.is_success() {
            assert!(content_type.starts_with("application/json"), "{method} {path}: {status} is JSON, not {content_type:?}");
        }
    }
}

#[tokio::test]
async fn the_withdrawal_operations_are_documented_with_the_statuses_they_answer() {
    let app = spawn_app().await;
    let document: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let paths = &document["paths"];
    for (path, method, statuses) in [
        ("/api/v1/bank-accounts", "get", &["200", "401"][..]),
        ("/api/v1/bank-accounts", "post", &["201", "401", "403", "409", "422"][..]),
        ("/api/v1/bank-accounts/{id}", "delete", &["204", "401", "403", "404"][..]),
        ("/api/v1/bank-accounts/{id}/default", "post", &["204", "401", "403", "404"][..]),
        ("/api/v1/withdrawals/rules", "get", &["200", "401"][..]),
        ("/api/v1/withdrawals", "get", &["200", "401"][..]),
        ("/api/v1/withdrawals", "post", &["201", "401", "403", "404", "409", "422", "423", "429", "503"][..]),
        ("/api/v1/withdrawals/{id}", "get", &["200", "401", "404"][..]),
        ("/api/v1/withdrawals/{id}/cancel", "post", &["200", "401", "403", "404", "409"][..]),
    ] {
        let operation = &paths[path][method];
        assert!(operation.is_object(), "{method} {path} is documented");
        for status in statuses {
            assert!(operation["responses"][status].is_object(), "{method} {path} documents {status}");
        }
    }
    let header = paths["/api/v1/withdrawals"]["post"]["parameters"].to_string();
    assert!(header.contains("Idempotency-Key"), "{header}");
}
