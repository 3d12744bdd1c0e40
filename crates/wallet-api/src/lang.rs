use serde::{Deserialize, Serialize};

/// A language the product is written in. Formatting of amounts, numbers and dates follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

/// The folder (under the built app) of the pre-rendered page for `path`: the route's own, but
/// `_home/` for the home page, whose route's folder holds the app shell (`index.html`, served
/// for every page that is not pre-rendered).
pub fn prerendered_folder(path: &str) -> String {
    match path.trim_matches('/') {
        "" => HOME_FOLDER.to_string(),
        route => route.to_string(),
    }
}

/// See `prerendered_folder`; not a route (the server never treats `_…` as one).
pub const HOME_FOLDER: &str = "_home";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag, as used in `<html lang>` and by `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The file a pre-rendered page is written to in this language, in its route's folder:
    /// `index.html` in Chinese, the product's first, `index.<tag>.html` otherwise. The build
    /// writes both; the server answers the reader's.
    pub fn page_file(self) -> String {
        match self {
            Lang::ZhCn => "index.html".to_string(),
            other => format!("index.{}.html", other.tag()),
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag == "zh" || tag.starts_with("zh-") {
            Some(Lang::ZhCn)
        } else if tag == "en" || tag.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_chinese_tag_maps_to_simplified_chinese() {
        assert_eq!(Lang::from_tag("zh"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("zh-Hans-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("ZH-cn"), Some(Lang::ZhCn));
    }

    #[test]
    fn an_unsupported_language_is_none() {
        assert_eq!(Lang::from_tag("fr-FR"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn each_language_has_its_own_page_file() {
        assert_eq!(Lang::ZhCn.page_file(), "index.html");
        assert_eq!(Lang::En.page_file(), "index.en.html");
    }

    #[test]
    fn tags_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
    }
}
