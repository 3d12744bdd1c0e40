//! "Chrome on Linux" from the user-agent string the server records for a session or sign-in.

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::components::text_field::fill_in;
use crate::i18n::*;

/// What a user-agent string says about the browser and the operating system. Names are
/// products' own, the same in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Device {
    pub browser: Option<&'static str>,
    pub os: Option<&'static str>,
}

/// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", and Android
/// also says "Linux".
const BROWSERS: [(&str, &str); 9] = [
    ("Edg/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
];

const SYSTEMS: [(&str, &str); 8] = [
    ("Windows", "Windows"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Macintosh", "macOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
];

pub fn parse_user_agent(user_agent: &str) -> Device {
    let find = |table: &[(&str, &'static str)]| {
        table.iter().find(|(marker, _)| user_agent.contains(marker)).map(|&(_, name)| name)
    };
    Device { browser: find(&BROWSERS), os: find(&SYSTEMS) }
}

/// The device in the reader's language: "Chrome on Linux", "Linux 上的 Chrome".
pub fn device_name(i18n: I18nContext<Locale>, user_agent: &str) -> String {
    match parse_user_agent(user_agent) {
        Device { browser: Some(browser), os: Some(os) } => {
            fill_in(&fill_in(t_string!(i18n, sessions.device_browser_on_os), "browser", browser), "os", os)
        }
        Device { browser: Some(name), os: None } | Device { browser: None, os: Some(name) } => name.to_string(),
        Device { browser: None, os: None } => t_string!(i18n, sessions.device_unknown).to_string(),
    }
}

/// The device's readable name, with the raw string as a tooltip for the curious.
#[component]
pub fn DeviceName(user_agent: String) -> impl IntoView {
    let i18n = use_i18n();
    let title = user_agent.clone();
    view! { <span class="device-name" title=title>{move || device_name(i18n, &user_agent)}</span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(browser: &'static str, os: &'static str) -> Device {
        Device { browser: Some(browser), os: Some(os) }
    }

    #[test]
    fn chrome_on_linux_is_recognised() {
        let ua =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
        assert_eq!(parse_user_agent(ua), device("Chrome", "Linux"));
    }

    #[test]
    fn headless_chrome_counts_as_chrome() {
        let ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36";
        assert_eq!(parse_user_agent(ua), device("Chrome", "Linux"));
    }

    #[test]
    fn edge_on_windows_is_not_taken_for_chrome() {
        let ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0";
        assert_eq!(parse_user_agent(ua), device("Edge", "Windows"));
    }

    #[test]
    fn safari_on_an_iphone_is_not_taken_for_macos() {
        let ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(parse_user_agent(ua), device("Safari", "iOS"));
    }

    #[test]
    fn safari_on_a_mac_is_recognised() {
        let ua = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
        assert_eq!(parse_user_agent(ua), device("Safari", "macOS"));
    }

    #[test]
    fn chrome_on_android_is_not_taken_for_linux() {
        let ua = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
        assert_eq!(parse_user_agent(ua), device("Chrome", "Android"));
    }

    #[test]
    fn firefox_on_windows_is_recognised() {
        let ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0";
        assert_eq!(parse_user_agent(ua), device("Firefox", "Windows"));
    }

    #[test]
    fn chrome_on_an_iphone_is_recognised() {
        let ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1";
        assert_eq!(parse_user_agent(ua), device("Chrome", "iOS"));
    }

    #[test]
    fn a_program_that_is_no_browser_is_unknown() {
        assert_eq!(parse_user_agent("curl/8.5.0"), Device { browser: None, os: None });
        assert_eq!(parse_user_agent(""), Device { browser: None, os: None });
    }
}
