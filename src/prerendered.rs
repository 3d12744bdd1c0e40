//! The data a page was pre-rendered with at build time (see `examples/prerender.rs`).
//!
//! The pre-renderer provides it as context while rendering natively, and embeds it in the
//! page as JSON; the app in the browser reads it back, so the content it shows before its own
//! requests return is the same as the pre-rendered markup it replaces: no flash.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wallet_api::Lang;

use crate::brand_file::Brand;
use crate::help::{Article, IndexedDoc, Wizard, WizardSummary};

/// The id of the `<script type="application/json">` element that carries it.
pub const ELEMENT_ID: &str = "prerendered";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Prerendered {
    pub lang: Option<Lang>,
    pub brand: Option<Brand>,
    pub help_index: Option<Vec<IndexedDoc>>,
    pub article: Option<Article>,
    pub wizards: Option<Vec<WizardSummary>>,
    pub wizard: Option<Wizard>,
}

impl Prerendered {
    /// JSON safe inside a `<script>` element: no `<` that could close it.
    pub fn to_script_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default().replace('<', "\\u003c")
    }

    /// What was pre-rendered for `lang`, if the page was pre-rendered in it.
    pub fn in_lang(&self, lang: Lang) -> Option<&Prerendered> {
        (self.lang == Some(lang)).then_some(self)
    }
}

/// Provides the page's pre-rendered data (the pre-renderer's own, or the page's embedded one).
pub fn provide() {
    if use_context::<Prerendered>().is_none() {
        provide_context(from_document().unwrap_or_default());
    }
}

pub fn use_prerendered() -> Prerendered {
    use_context().unwrap_or_default()
}

fn from_document() -> Option<Prerendered> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    let element = web_sys::window()?.document()?.get_element_by_id(ELEMENT_ID)?;
    serde_json::from_str(&element.text_content()?).ok()
}
