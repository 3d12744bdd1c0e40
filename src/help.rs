//! The help centre's data: rendered articles, the search index and the wizard flows, made by
//! the build step (`cargo xtask build`) into static files under `/help-data/`. They are
//! fetched when a help page needs them, never with the first load, and never from the API.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use crate::localized::Localized;

pub use help_search::IndexedDoc;

/// One article, its body already HTML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub slug: String,
    pub category: String,
    pub title: String,
    pub summary: String,
    pub html: String,
}

/// A wizard in the list on the help centre's home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WizardSummary {
    pub id: String,
    pub title: Localized,
    pub summary: Localized,
}

/// A troubleshooting flow: questions that lead to an answer with actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Wizard {
    pub id: String,
    pub title: Localized,
    pub summary: Localized,
    pub start: String,
    pub steps: HashMap<String, Step>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    #[serde(default)]
    pub question: Option<Localized>,
    #[serde(default)]
    pub options: Vec<Choice>,
    #[serde(default)]
    pub answer: Option<Localized>,
    #[serde(default)]
    pub actions: Vec<Action>,
    #[serde(default)]
    pub articles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub label: Localized,
    pub next: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub label: Localized,
    pub href: String,
}

/// The categories, in the order the help centre lists them.
pub const CATEGORIES: [&str; 6] = ["account", "payments", "withdrawals", "security", "restrictions", "support"];
