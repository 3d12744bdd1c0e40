//! The data a page was pre-rendered with at build time (see `examples/prerender.rs`).
//!
//! The pre-renderer provides it as context while rendering natively, and embeds it in the
//! page as JSON; the app in the browser reads it back, so the content it shows before its own
//! requests return is the same as the pre-rendered markup it replaces: no flash.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use wallet_api::Lang;

use crate::brand_file::Brand;
use crate::help::{IndexedDoc, WizardSummary};

/// The id of the `<script type="application/json">` element that carries it.
pub const ELEMENT_ID: &str = "prerendered";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Prerendered {
    pub lang: Option<Lang>,
    pub brand: Option<Brand>,
    /// The page's own content (`HelpHome`, an `Article`, a `Wizard`), kept as JSON here and
    /// parsed by the page that shows it: its parser then loads with that page's chunk, not
    /// with the shell every page loads.
    pub content: Option<Box<RawValue>>,
}

/// What the help centre's home page is rendered from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpHome {
    pub index: Vec<IndexedDoc>,
    pub wizards: Vec<WizardSummary>,
}

impl Prerendered {
    /// JSON safe inside a `<script>` element: no `<` that could close it.
    pub fn to_script_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default().replace('<', "\\u003c")
    }

    /// `base` with `content` as the page's content.
    pub fn with_content(base: &Prerendered, content: &impl Serialize) -> Prerendered {
        Prerendered { content: serde_json::value::to_raw_value(content).ok(), ..base.clone() }
    }

    /// The page's content, if the page was pre-rendered with content of this type.
    pub fn content<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(self.content.as_ref()?.get()).ok()
    }

    /// The page's content, if the page was pre-rendered in `lang` with content of this type.
    pub fn content_in<T: DeserializeOwned>(&self, lang: Lang) -> Option<T> {
        if self.lang != Some(lang) {
            return None;
        }
        self.content()
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
