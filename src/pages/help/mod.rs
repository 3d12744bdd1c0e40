//! The help centre: home with search and topics, articles, troubleshooting wizards.

pub mod article;
pub mod home;
pub mod wizard;

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::i18n::*;

/// The translated name of a help category.
pub fn category_name(i18n: I18nContext<Locale>, category: &str) -> String {
    match category {
        "account" => t_string!(i18n, help.categories.account),
        "payments" => t_string!(i18n, help.categories.payments),
        "withdrawals" => t_string!(i18n, help.categories.withdrawals),
        "security" => t_string!(i18n, help.categories.security),
        "restrictions" => t_string!(i18n, help.categories.restrictions),
        _ => t_string!(i18n, help.categories.support),
    }
    .to_string()
}

/// `text` with the parts that match `query` in `<mark>`.
pub fn highlighted(text: &str, query: &str) -> AnyView {
    help_search::highlight(text, query)
        .into_iter()
        .map(|(piece, matched)| if matched { view! { <mark>{piece}</mark> }.into_any() } else { piece.into_any() })
        .collect_view()
        .into_any()
}
