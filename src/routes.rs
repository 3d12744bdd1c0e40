//! Every path of the app. Links and routes take their paths from here, never from literals.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Home,
    Contact,
    Help,
    HelpArticle(String),
    HelpWizard(String),
}

/// Path segments the router matches (see `lib.rs`).
pub const CONTACT: &str = "contact";
pub const HELP: &str = "help";
pub const WIZARD: &str = "wizard";

impl Page {
    /// The absolute path, for links.
    pub fn path(&self) -> String {
        match self {
            Page::Home => "/".to_string(),
            Page::Contact => format!("/{CONTACT}"),
            Page::Help => format!("/{HELP}"),
            Page::HelpArticle(slug) => format!("/{HELP}/{slug}"),
            Page::HelpWizard(id) => format!("/{HELP}/{WIZARD}/{id}"),
        }
    }

    /// The page at `href` (ignoring `?query` and `#fragment`), if the app has one: content
    /// files link only to pages that exist.
    pub fn from_path(href: &str) -> Option<Page> {
        let path = href.split(['?', '#']).next()?;
        if !path.starts_with('/') || path.starts_with("//") {
            return None;
        }
        let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Some(Page::Home),
            [CONTACT] => Some(Page::Contact),
            [HELP] => Some(Page::Help),
            [HELP, WIZARD, id] => Some(Page::HelpWizard(id.to_string())),
            [HELP, slug] if *slug != WIZARD => Some(Page::HelpArticle(slug.to_string())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_reads_back_from_its_own_path() {
        let pages = [
            Page::Home,
            Page::Contact,
            Page::Help,
            Page::HelpArticle("account-locked".into()),
            Page::HelpWizard("locked".into()),
        ];
        for page in pages {
            assert_eq!(Page::from_path(&page.path()), Some(page.clone()), "{}", page.path());
        }
    }

    #[test]
    fn paths_the_app_does_not_have_are_not_pages() {
        for href in ["/unlock", "/security/2fa", "https://example.com/", "/help/wizard", "contact"] {
            assert_eq!(Page::from_path(href), None, "{href}");
        }
    }

    #[test]
    fn a_fragment_or_query_does_not_change_the_page() {
        assert_eq!(Page::from_path("/contact#notes"), Some(Page::Contact));
        assert_eq!(Page::from_path("/help?q=2fa"), Some(Page::Help));
    }
}
