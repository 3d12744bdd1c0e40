//! Every path of the app. Links and routes take their paths from here, never from literals.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    Contact,
}

impl Page {
    pub const ALL: [Page; 2] = [Page::Home, Page::Contact];

    /// The path's one segment, as the router matches it.
    pub const fn segment(self) -> &'static str {
        match self {
            Page::Home => "",
            Page::Contact => "contact",
        }
    }

    /// The absolute path, for links.
    pub fn path(self) -> String {
        format!("/{}", self.segment())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_a_distinct_absolute_path() {
        let paths: std::collections::HashSet<String> = Page::ALL.iter().map(|p| p.path()).collect();
        assert_eq!(paths.len(), Page::ALL.len());
        assert!(paths.iter().all(|p| p.starts_with('/')));
    }

    #[test]
    fn the_home_page_is_the_root() {
        assert_eq!(Page::Home.path(), "/");
        assert_eq!(Page::Contact.path(), "/contact");
    }
}
