//! The brand (`brand.json`, see `brand_file`) shared with every page: fetched at start-up, or
//! the one the page was pre-rendered with until it arrives.

use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::brand_file::Brand;
use crate::i18n::use_i18n;
use crate::prefs::lang_of;
use crate::prerendered::use_prerendered;

/// The brand, shared: the file fetched at start-up or, until it arrives, the one the page was
/// pre-rendered with (equal values do not re-render anything).
#[derive(Clone, Copy)]
pub struct BrandContext(pub Memo<Option<Result<Brand, ApiError>>>);

pub fn provide_brand() {
    let fetched = LocalResource::new(api::brand);
    let prerendered = use_prerendered().brand;
    let current = Memo::new(move |_| match (fetched.get(), &prerendered) {
        (Some(Ok(brand)), _) => Some(Ok(brand)),
        (_, Some(brand)) => Some(Ok(brand.clone())),
        (other, None) => other,
    });
    provide_context(BrandContext(current));
}

pub fn use_brand() -> Memo<Option<Result<Brand, ApiError>>> {
    expect_context::<BrandContext>().0
}

/// The product name in the current language, once the brand is known.
pub fn product_name() -> Signal<Option<String>> {
    let brand = use_brand();
    let i18n = use_i18n();
    Signal::derive(move || {
        let lang = lang_of(i18n.get_locale());
        brand.get().and_then(|b| b.ok()).map(|b| b.product_name.get(lang).to_string())
    })
}
