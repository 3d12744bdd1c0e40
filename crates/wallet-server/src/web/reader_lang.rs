//! The language a pre-rendered page is served in: the one the reader picked (`?lang=` on the
//! page's alternate links, else the `lang` cookie the language picker sets), else the first
//! of their browser's languages the product speaks, else Chinese, the product's first.

use axum::http::{header, HeaderMap, Uri};
use wallet_api::Lang;

/// The cookie the app's language picker writes (and `prefs.js` mirrors from storage).
pub const COOKIE: &str = "lang";

pub fn reader_lang(uri: &Uri, headers: &HeaderMap) -> Lang {
    from_query(uri).or_else(|| from_cookie(headers)).or_else(|| from_accept_language(headers)).unwrap_or(Lang::ZhCn)
}

fn from_query(uri: &Uri) -> Option<Lang> {
    uri.query()?.split('&').find_map(|pair| pair.strip_prefix("lang=")).and_then(Lang::from_tag)
}

fn from_cookie(headers: &HeaderMap) -> Option<Lang> {
    crate::cookies::cookie_value(headers, COOKIE).and_then(Lang::from_tag)
}

/// The highest-weighted language of `Accept-Language` that the product has (`q=0` excluded).
fn from_accept_language(headers: &HeaderMap) -> Option<Lang> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut ranked: Vec<(u16, Lang)> = value
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let lang = Lang::from_tag(parts.next()?)?;
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), |q| q.trim().parse::<f32>().ok().map(|q| (q.clamp(0.0, 1.0) * 1000.0) as u16))?;
            (weight > 0).then_some((weight, lang))
        })
        .collect();
    // Stable: of equal weights the first listed wins.
    ranked.sort_by(|a, b| b.0.cmp(&a.0));
    ranked.first().map(|(_, lang)| *lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn lang_for(uri: &str, headers: &[(header::HeaderName, &str)]) -> Lang {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        reader_lang(&uri.parse().unwrap(), &map)
    }

    #[test]
    fn a_reader_with_nothing_to_go_on_gets_chinese() {
        assert_eq!(lang_for("/help", &[]), Lang::ZhCn);
        assert_eq!(lang_for("/help", &[(header::ACCEPT_LANGUAGE, "fr-FR, de;q=0.5")]), Lang::ZhCn);
    }

    #[test]
    fn the_browsers_best_weighted_known_language_wins() {
        assert_eq!(lang_for("/help", &[(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")]), Lang::En);
        assert_eq!(lang_for("/help", &[(header::ACCEPT_LANGUAGE, "fr, zh-TW;q=0.4, en;q=0.8")]), Lang::En);
        assert_eq!(lang_for("/help", &[(header::ACCEPT_LANGUAGE, "en;q=0, zh-CN;q=0.1")]), Lang::ZhCn);
    }

    #[test]
    fn the_picked_language_beats_the_browsers() {
        let english_browser = (header::ACCEPT_LANGUAGE, "en-GB");
        assert_eq!(lang_for("/help", &[english_browser.clone(), (header::COOKIE, "a=1; lang=zh-CN")]), Lang::ZhCn);
        assert_eq!(lang_for("/help?lang=zh-CN", &[english_browser]), Lang::ZhCn);
        assert_eq!(lang_for("/help?x=1&lang=en", &[(header::COOKIE, "lang=zh-CN")]), Lang::En);
    }

    #[test]
    fn an_unknown_picked_language_is_ignored() {
        assert_eq!(lang_for("/help?lang=xx", &[(header::ACCEPT_LANGUAGE, "en")]), Lang::En);
        assert_eq!(lang_for("/help", &[(header::COOKIE, "lang=<script>"), (header::ACCEPT_LANGUAGE, "en")]), Lang::En);
    }
}
