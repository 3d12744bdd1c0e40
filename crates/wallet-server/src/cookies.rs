//! Reading a cookie from a request's `Cookie` headers (the session and the `lang` choice).

use axum::http::{header::COOKIE, HeaderMap};

/// The non-empty value of the cookie `name`, if the request carries one.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name && !value.is_empty()).then_some(value)
    })
}
