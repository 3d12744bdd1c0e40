//! What `brand.json` holds: product name, hotlines, opening hours, support e-mail, official
//! domains. The operator edits the file; nothing here is compiled in. `api::brand` fetches it,
//! the pre-renderer embeds it, and `brand` shares it with the pages.

use serde::{Deserialize, Serialize};

use crate::hours::OpeningHours;
use crate::localized::Localized;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brand {
    pub product_name: Localized,
    pub support_email: String,
    pub official_domains: Vec<String>,
    #[serde(default)]
    pub logo: Option<String>,
    /// IANA time zone of the opening hours (e.g. `Asia/Shanghai`).
    pub time_zone: String,
    pub hotlines: Vec<Hotline>,
    /// Expected minutes on hold for each hour of the day (0 to 23, in `time_zone`).
    #[serde(default)]
    pub expected_wait_minutes: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hotline {
    pub id: String,
    pub label: Localized,
    /// As people read it, e.g. `400-820-0000` or `+86 21 6000 0000`.
    pub number: String,
    pub hours: Vec<OpeningHours>,
}

/// A `tel:` link to a number as people write it: its digits, and a leading `+`.
pub fn tel_href(number: &str) -> String {
    let number = number.trim();
    let plus = if number.starts_with('+') { "+" } else { "" };
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    format!("tel:{plus}{digits}")
}

impl Hotline {
    /// A `tel:` link: the digits, with the leading `+` of an international number.
    pub fn tel_href(&self) -> String {
        tel_href(&self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merchants_phone_number_becomes_a_tel_link_of_its_digits() {
        assert_eq!(tel_href("+86 21 5555-0102"), "tel:+862155550102");
        assert_eq!(tel_href("400 820 0000"), "tel:4008200000");
    }

    fn shipped() -> Brand {
        serde_json::from_str(include_str!("../public/brand.json")).expect("public/brand.json parses")
    }

    #[test]
    fn the_shipped_brand_file_is_complete() {
        let brand = shipped();
        assert!(!brand.product_name.zh_cn.is_empty() && !brand.product_name.en.is_empty());
        assert!(brand.support_email.contains('@'));
        assert!(!brand.official_domains.is_empty());
        assert!(!brand.hotlines.is_empty());
        assert!(brand.hotlines.iter().all(|h| !h.hours.is_empty()));
        assert_eq!(brand.expected_wait_minutes.len(), 24);
    }

    #[test]
    fn a_tel_link_keeps_only_digits_and_the_international_plus() {
        let mut line = shipped().hotlines[0].clone();
        line.number = "+86 21 6000-0000".into();
        assert_eq!(line.tel_href(), "tel:+862160000000");
        line.number = "400-820-0000".into();
        assert_eq!(line.tel_href(), "tel:4008200000");
    }
}
