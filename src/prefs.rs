//! Preferences kept on the device (language, theme). `public/prefs.js` applies the same keys
//! before the first paint; this module owns them once the app runs.

use leptos::prelude::*;
use wallet_api::Lang;

use leptos_i18n::I18nContext;

use crate::i18n::Locale;

const LANG_KEY: &str = "wallet.lang";
const THEME_KEY: &str = "wallet.theme";
const HIDE_AMOUNTS_KEY: &str = "wallet.hide-amounts";

fn storage() -> Option<web_sys::Storage> {
    // Natively (the pre-renderer) there is no browser to ask.
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn save(key: &str, value: &str) {
    if let Some(storage) = storage() {
        // Storage may be full or disabled; the preference then lasts for this visit only.
        let _ = storage.set_item(key, value);
    }
}

pub fn lang_of(locale: Locale) -> Lang {
    match locale {
        Locale::zh_CN => Lang::ZhCn,
        Locale::en => Lang::En,
    }
}

pub fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::ZhCn => Locale::zh_CN,
        Lang::En => Locale::en,
    }
}

/// Restores the saved language, else the language the server pre-rendered the page in (it
/// chose by the `lang` cookie or the browser's languages). It runs as an effect because the
/// i18n provider sets the browser's preferred language in an effect of its own, which would
/// override a plain set.
pub fn restore_language(i18n: I18nContext<Locale>, prerendered_in: Option<Lang>) {
    if let Some(lang) = load(LANG_KEY).as_deref().and_then(Lang::from_tag).or(prerendered_in) {
        Effect::new(move |_| i18n.set_locale(locale_of(lang)));
    }
}

pub fn choose_language(i18n: I18nContext<Locale>, lang: Lang) {
    save(LANG_KEY, lang.tag());
    save_language_cookie(lang);
    i18n.set_locale(locale_of(lang));
}

/// The `lang` cookie tells the server which language to pre-render pages in for this reader
/// (`public/prefs.js` writes the same cookie from storage on every page).
fn save_language_cookie(lang: Lang) {
    use wasm_bindgen::JsCast;
    if !cfg!(target_arch = "wasm32") {
        return;
    }
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(document) = document.and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok()) {
        let _ = document.set_cookie(&format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax; Secure", lang.tag()));
    }
}

/// Whether the reader chose to hide amounts (balances, transactions) from onlookers.
pub fn amounts_hidden() -> bool {
    load(HIDE_AMOUNTS_KEY).as_deref() == Some("true")
}

pub fn save_amounts_hidden(hidden: bool) {
    save(HIDE_AMOUNTS_KEY, if hidden { "true" } else { "false" });
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_key(key: &str) -> Theme {
        Theme::ALL.into_iter().find(|t| t.key() == key).unwrap_or(Theme::System)
    }
}

/// The theme choice, shared by the picker and whatever else reads it.
#[derive(Clone, Copy)]
pub struct ThemeChoice(pub RwSignal<Theme>);

pub fn provide_theme() {
    let theme = RwSignal::new(load(THEME_KEY).map(|k| Theme::from_key(&k)).unwrap_or(Theme::System));
    Effect::new(move |_| apply_theme(theme.get()));
    provide_context(ThemeChoice(theme));
}

pub fn choose_theme(theme: Theme) {
    save(THEME_KEY, theme.key());
    expect_context::<ThemeChoice>().0.set(theme);
}

/// `data-theme` on `<html>` forces light or dark; without it the CSS follows the system.
fn apply_theme(theme: Theme) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        other => root.set_attribute("data-theme", other.key()),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_saved_theme_falls_back_to_the_system_one() {
        assert_eq!(Theme::from_key("sepia"), Theme::System);
        assert_eq!(Theme::from_key("dark"), Theme::Dark);
    }

    #[test]
    fn locales_and_languages_map_both_ways() {
        for lang in Lang::ALL {
            assert_eq!(lang_of(locale_of(lang)), lang);
        }
    }
}

#[cfg(test)]
mod locale_file_tests {
    use serde_json::Value;

    fn keys(prefix: &str, value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| keys(&format!("{prefix}{k}."), v, out)),
            Value::String(text) => {
                assert!(!text.trim().is_empty(), "{prefix} is empty");
                out.push(prefix.trim_end_matches('.').to_string());
            }
            other => panic!("{prefix} is not text: {other}"),
        }
    }

    fn all_keys(json: &str) -> Vec<String> {
        let mut found = Vec::new();
        keys("", &serde_json::from_str(json).expect("locale file parses"), &mut found);
        found.sort();
        found
    }

    #[test]
    fn every_string_exists_in_both_languages() {
        let english = all_keys(include_str!("../locales/en.json"));
        let chinese = all_keys(include_str!("../locales/zh-CN.json"));
        let only_english: Vec<_> = english.iter().filter(|k| !chinese.contains(k)).collect();
        let only_chinese: Vec<_> = chinese.iter().filter(|k| !english.contains(k)).collect();
        assert!(only_english.is_empty() && only_chinese.is_empty(), "en only: {only_english:?}; zh-CN only: {only_chinese:?}");
    }
}
