use serde::{Deserialize, Serialize};
use wallet_api::Lang;

/// A text in each of the product's languages, as data files (brand, wizards) carry it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Localized {
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    pub en: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.zh_cn,
            Lang::En => &self.en,
        }
    }
}
