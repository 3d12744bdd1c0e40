//! The error statuses every operation can return, added to the generated document in one
//! place, so the handlers' annotations list only what is particular to them and the document
//! still lists every status a client can meet (checked by `cargo xtask test fuzz`).
//!
//! Every operation can answer, with an `ApiError` body in `application/json`:
//! 400 (a body that is not JSON, a malformed query or header), 422 (JSON of the wrong shape, a
//! field out of range), 429 (rate limited), 500 and 503 (unavailable, or busy hashing passwords:
//! `Retry-After`); operations with a body also 413; state-changing ones 403 (`CSRF_REJECTED`);
//! those that need a session 401; those with a path parameter 404. An operation that already
//! lists one of these statuses keeps its own description.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ComponentsBuilder, ObjectBuilder, Type};
use utoipa::openapi::{OpenApi, Ref, RefOr};
use wallet_api::API_PREFIX;

/// Operations a stranger may call (paths under the API prefix). Every other operation needs a
/// session (or, for the hotline's check, the support token) and may answer 401.
const PUBLIC: &[&str] = &[
    "/health",
    "/session",
    "/auth/sign-up",
    "/auth/verify-email",
    "/auth/resend-verification",
    "/auth/sign-in",
    "/auth/second-factor",
    "/auth/forgot-password",
    "/auth/reset-password",
    "/unlock/start",
    "/unlock/verify",
    "/unlock/complete",
    "/help/lock-status",
    "/demo/outbox",
];

/// The shared responses: (status, component name, description, has `Retry-After`).
const STANDARD: &[(&str, &str, &str, bool)] = &[
    ("400", "BadRequest", "`BAD_REQUEST`: the body is not JSON, or the query or a header is malformed", false),
    ("401", "Unauthenticated", "`UNAUTHENTICATED` or `SESSION_EXPIRED`: sign in (again) first", false),
    ("403", "CsrfRejected", "`CSRF_REJECTED`: the `x-wallet-csrf` header is missing or, signed in, not the session's token", false),
    ("404", "NotFound", "`NOT_FOUND`: nothing with this ID belongs to the caller", false),
    ("413", "PayloadTooLarge", "`PAYLOAD_TOO_LARGE`: the body is larger than the server accepts", false),
    ("422", "ValidationFailed", "`VALIDATION_FAILED` or another typed refusal: JSON of the wrong shape, a value out of range; `field` names the culprit", false),
    ("429", "RateLimited", "`RATE_LIMITED`: too many attempts; `Retry-After` (when present) says in how many seconds to try again", true),
    ("500", "Internal", "`INTERNAL`: something went wrong on the server's side (logged there)", false),
    ("503", "Unavailable", "`SERVICE_UNAVAILABLE` or `SERVICE_BUSY`: try again after `Retry-After` seconds", true),
];

/// Adds the shared responses to `components.responses` and references them from every
/// operation that does not list that status itself.
pub fn add_standard_responses(document: &mut OpenApi) {
    let components = document.components.get_or_insert_with(|| ComponentsBuilder::new().build());
    for (_, name, description, retry_after) in STANDARD {
        let mut response = ResponseBuilder::new().description(*description).content(
            "application/json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name("ApiError"))).build(),
        );
        if *retry_after {
            response = response.header(
                "Retry-After",
                HeaderBuilder::new()
                    .schema(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)))
                    .description(Some("Seconds to wait before trying again"))
                    .build(),
            );
        }
        components.responses.insert(name.to_string(), RefOr::T(response.build()));
    }
    for (path, item) in document.paths.paths.iter_mut() {
        let public = path.strip_prefix(API_PREFIX).is_some_and(|p| PUBLIC.contains(&p));
        let path_parameter = path.contains('{');
        let reads = [item.get.as_mut(), item.head.as_mut(), item.options.as_mut()];
        let writes = [item.post.as_mut(), item.put.as_mut(), item.patch.as_mut(), item.delete.as_mut()];
        for (operation, changes_state) in reads.into_iter().map(|o| (o, false)).chain(writes.into_iter().map(|o| (o, true))) {
            let Some(operation) = operation else { continue };
            let applies = |status: &str| match status {
                "401" => !public,
                "403" => changes_state,
                "404" => path_parameter || has_path_parameter(operation),
                "413" => operation.request_body.is_some(),
                _ => true,
            };
            let wanted: Vec<(&str, &str)> =
                STANDARD.iter().filter(|(status, ..)| applies(status)).map(|(status, name, ..)| (*status, *name)).collect();
            for (status, name) in wanted {
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
            }
        }
    }
}

fn has_path_parameter(operation: &Operation) -> bool {
    operation.parameters.iter().flatten().any(|p| p.parameter_in == ParameterIn::Path)
}
