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

/// A troubleshooting flow: questions (and checks) that lead to an answer with actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Wizard {
    pub id: String,
    pub title: Localized,
    pub summary: Localized,
    pub start: String,
    pub steps: HashMap<String, Step>,
}

/// One of: a question (`question` + `options`), an answer (`answer`, `actions`, `articles`)
/// or a lock check (`lock_check`, with `options` as the ways around it).
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
    #[serde(default)]
    pub lock_check: Option<LockCheck>,
}

/// Asks for the e-mail and the registered phone's last 4 digits and tells whether the account
/// is locked (see `components::lock_check`); the wizard goes on to `next` when it is not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LockCheck {
    pub next: String,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_check_step_reads_from_the_wizard_data_with_its_way_around() {
        let json = r#"{"lock_check": {"next": "q_elsewhere"},
                       "options": [{"label": {"zh-CN": "跳过", "en": "Skip"}, "next": "q_locked"}]}"#;
        let step: Step = serde_json::from_str(json).unwrap();
        assert_eq!(step.lock_check, Some(LockCheck { next: "q_elsewhere".into() }));
        assert_eq!(step.options[0].next, "q_locked");
        assert_eq!(step.question, None);
    }

    #[test]
    fn a_question_step_has_no_lock_check() {
        let json = r#"{"question": {"zh-CN": "？", "en": "?"}, "options": []}"#;
        assert_eq!(serde_json::from_str::<Step>(json).unwrap().lock_check, None);
    }
}
