//! The typed client of the wallet API: one function per endpoint, each returning
//! `Result<T, ApiError>`. Requests are same-origin (`/api/v1/...`).

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use std::fmt;
use wallet_api as json;
use wallet_api::ErrorCode;

use crate::brand::Brand;
use crate::help::{Article, IndexedDoc, Wizard, WizardSummary};
use wallet_api::Lang;

/// Why a call did not return its value.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with an error body: act on `error.code`.
    Server { status: u16, error: json::ApiError },
    /// The server could not be reached (offline, DNS, connection refused).
    Network,
    /// An answer that is neither the expected value nor an error body (a proxy's HTML page,
    /// a truncated body).
    Unexpected { status: u16 },
}

impl ApiError {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Server { error, .. } => Some(error.code),
            _ => None,
        }
    }

    /// The request field the server blamed, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Server { error, .. } => error.field.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Server { status, error } => write!(f, "HTTP {status}: {error}"),
            ApiError::Network => f.write_str("network failure"),
            ApiError::Unexpected { status } => write!(f, "unexpected answer (HTTP {status})"),
        }
    }
}

impl std::error::Error for ApiError {}

fn api_url(path: &str) -> String {
    format!("{}{path}", json::API_PREFIX)
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = Request::get(url).send().await.map_err(|_| ApiError::Network)?;
    decode(response).await
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response.json::<T>().await.map_err(|_| ApiError::Unexpected { status });
    }
    match response.json::<json::ApiError>().await {
        Ok(error) => Err(ApiError::Server { status, error }),
        Err(_) => Err(ApiError::Unexpected { status }),
    }
}

/// `GET /api/v1/health`
pub async fn health() -> Result<json::Health, ApiError> {
    get(&api_url("/health")).await
}

/// The operator's brand file, `/brand.json` (a static file, not an API endpoint: it must load
/// even while the API is down).
pub async fn brand() -> Result<Brand, ApiError> {
    get("/brand.json").await
}

// Help content: static files made at build time (see `help`), loaded only by help pages.

pub async fn help_index(lang: Lang) -> Result<Vec<IndexedDoc>, ApiError> {
    get(&format!("/help-data/{}/index.json", lang.tag())).await
}

pub async fn help_article(lang: Lang, slug: String) -> Result<Article, ApiError> {
    get(&format!("/help-data/{}/{slug}.json", lang.tag())).await
}

pub async fn wizards() -> Result<Vec<WizardSummary>, ApiError> {
    get("/help-data/wizards/index.json").await
}

pub async fn wizard(id: String) -> Result<Wizard, ApiError> {
    get(&format!("/help-data/wizards/{id}.json")).await
}
