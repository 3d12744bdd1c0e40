//! Notes a person keeps about calls to customer service, stored on the device.

use serde::{Deserialize, Serialize};

use crate::prefs;

const KEY: &str = "wallet.call-notes";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallNote {
    pub id: String,
    /// `YYYY-MM-DD`, as a date input gives it.
    pub date: String,
    pub case_number: String,
    pub advice: String,
    pub links: Vec<String>,
}

impl CallNote {
    /// Links worth rendering as links: web addresses only (never `javascript:` and the like).
    pub fn web_links(&self) -> impl Iterator<Item = &str> {
        self.links.iter().map(String::as_str).filter(|l| l.starts_with("https://") || l.starts_with("http://"))
    }
}

/// One link per non-empty line.
pub fn parse_links(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// Adds the note, or replaces the one with its id; newest call first.
pub fn upsert(notes: &mut Vec<CallNote>, note: CallNote) {
    match notes.iter_mut().find(|n| n.id == note.id) {
        Some(existing) => *existing = note,
        None => notes.push(note),
    }
    notes.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.id.cmp(&a.id)));
}

pub fn remove(notes: &mut Vec<CallNote>, id: &str) {
    notes.retain(|n| n.id != id);
}

/// All notes as plain text, for the download.
pub fn export_text(notes: &[CallNote], case_label: &str, advice_label: &str, links_label: &str) -> String {
    let mut out = String::new();
    for note in notes {
        out.push_str(&format!("{}\n{case_label}: {}\n{advice_label}: {}\n", note.date, note.case_number, note.advice));
        if !note.links.is_empty() {
            out.push_str(&format!("{links_label}:\n"));
            for link in &note.links {
                out.push_str(&format!("  {link}\n"));
            }
        }
        out.push('\n');
    }
    out
}

pub fn load() -> Vec<CallNote> {
    prefs::load(KEY).and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default()
}

pub fn save(notes: &[CallNote]) {
    if let Ok(json) = serde_json::to_string(notes) {
        prefs::save(KEY, &json);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: &str, date: &str) -> CallNote {
        CallNote { id: id.into(), date: date.into(), case_number: "C-1".into(), advice: "wait".into(), links: vec![] }
    }

    #[test]
    fn a_new_note_is_added_and_the_newest_call_comes_first() {
        let mut notes = vec![note("1", "2026-11-01")];
        upsert(&mut notes, note("2", "2026-11-20"));
        assert_eq!(notes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), ["2", "1"]);
    }

    #[test]
    fn saving_a_note_with_an_existing_id_replaces_it() {
        let mut notes = vec![note("1", "2026-11-01")];
        let mut edited = note("1", "2026-11-01");
        edited.advice = "call back tomorrow".into();
        upsert(&mut notes, edited);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].advice, "call back tomorrow");
    }

    #[test]
    fn removing_a_note_keeps_the_others() {
        let mut notes = vec![note("1", "2026-11-01"), note("2", "2026-11-02")];
        remove(&mut notes, "1");
        assert_eq!(notes, vec![note("2", "2026-11-02")]);
    }

    #[test]
    fn only_web_addresses_become_links() {
        let mut n = note("1", "2026-11-01");
        n.links = parse_links("https://okpay.example/help\n\n javascript:alert(1) \nhttp://x.example");
        assert_eq!(n.links.len(), 3);
        assert_eq!(n.web_links().collect::<Vec<_>>(), ["https://okpay.example/help", "http://x.example"]);
    }

    #[test]
    fn the_export_lists_every_note_with_its_links() {
        let mut n = note("1", "2026-11-01");
        n.links = vec!["https://okpay.example/help".into()];
        let text = export_text(&[n], "Case", "Advice", "Links");
        assert!(text.contains("2026-11-01\nCase: C-1\nAdvice: wait\nLinks:\n  https://okpay.example/help\n"));
    }
}
