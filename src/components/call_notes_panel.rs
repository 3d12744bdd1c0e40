use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::call_notes::{self, CallNote};
use crate::i18n::*;

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Saved,
    Deleted,
    Missing,
}

/// Add, edit, delete and download call notes; kept on this device.
#[component]
pub fn CallNotesPanel() -> impl IntoView {
    let i18n = use_i18n();
    let notes = RwSignal::new(call_notes::load());
    let editing = RwSignal::new(None::<String>);
    let date = RwSignal::new(today());
    let case_number = RwSignal::new(String::new());
    let advice = RwSignal::new(String::new());
    let links = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);

    let reset = move || {
        editing.set(None);
        date.set(today());
        case_number.set(String::new());
        advice.set(String::new());
        links.set(String::new());
    };
    let store = move |change: &dyn Fn(&mut Vec<CallNote>)| {
        notes.update(|list| change(list));
        notes.with_untracked(|list| call_notes::save(list));
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if case_number.get_untracked().trim().is_empty() && advice.get_untracked().trim().is_empty() {
            outcome.set(Some(Outcome::Missing));
            return;
        }
        let note = CallNote {
            id: editing.get_untracked().unwrap_or_else(|| format!("{}", js_sys::Date::now() as u64)),
            date: date.get_untracked(),
            case_number: case_number.get_untracked().trim().to_string(),
            advice: advice.get_untracked().trim().to_string(),
            links: call_notes::parse_links(&links.get_untracked()),
        };
        store(&|list| call_notes::upsert(list, note.clone()));
        reset();
        outcome.set(Some(Outcome::Saved));
    };
    let edit = move |note: CallNote| {
        editing.set(Some(note.id.clone()));
        date.set(note.date);
        case_number.set(note.case_number);
        advice.set(note.advice);
        links.set(note.links.join("\n"));
        outcome.set(None);
    };
    let delete = move |id: String| {
        store(&|list| call_notes::remove(list, &id));
        if editing.get_untracked().as_deref() == Some(id.as_str()) {
            reset();
        }
        outcome.set(Some(Outcome::Deleted));
    };
    let export = move |_| {
        let text = notes.with_untracked(|list| {
            call_notes::export_text(
                list,
                &t_string!(i18n, contact.notes_case).to_string(),
                &t_string!(i18n, contact.notes_advice).to_string(),
                &t_string!(i18n, contact.notes_links).to_string(),
            )
        });
        download("call-notes.txt", &text);
    };

    let list = move || {
        let items = notes.get();
        if items.is_empty() {
            return view! { <p class="muted">{t!(i18n, contact.notes_empty)}</p> }.into_any();
        }
        let items = items
            .into_iter()
            .map(|note| {
                let for_edit = note.clone();
                let id = note.id.clone();
                let web_links = note
                    .web_links()
                    .map(|link| view! { <li><a href=link.to_string() rel="noopener noreferrer">{link.to_string()}</a></li> })
                    .collect_view();
                let case = note.case_number.clone();
                view! {
                    <li class="card call-note" data-testid="call-note">
                        <p><strong>{note.date.clone()}</strong> " · " {t!(i18n, contact.notes_case_label, case)}</p>
                        <p>{note.advice.clone()}</p>
                        <ul>{web_links}</ul>
                        <div class="button-row">
                            <button type="button" on:click=move |_| edit(for_edit.clone())>{t!(i18n, contact.notes_edit)}</button>
                            <button type="button" on:click=move |_| delete(id.clone())>{t!(i18n, contact.notes_delete)}</button>
                        </div>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="call-note-list">{items}</ul> }.into_any()
    };

    view! {
        <section id="notes" class="card" aria-labelledby="notes-heading" data-testid="call-notes">
            <h2 id="notes-heading">{t!(i18n, contact.notes_heading)}</h2>
            <p>{t!(i18n, contact.notes_intro)}</p>
            <form class="stack" on:submit=on_submit novalidate>
                <label for="note-date">{t!(i18n, contact.notes_date)}</label>
                <input id="note-date" type="date" prop:value=date on:input=move |e| date.set(event_target_value(&e)) />
                <label for="note-case">{t!(i18n, contact.notes_case)}</label>
                <input
                    id="note-case"
                    type="text"
                    aria-describedby="note-outcome"
                    prop:value=case_number
                    on:input=move |e| case_number.set(event_target_value(&e))
                />
                <label for="note-advice">{t!(i18n, contact.notes_advice)}</label>
                <textarea id="note-advice" rows="3" prop:value=advice on:input=move |e| advice.set(event_target_value(&e))></textarea>
                <label for="note-links">{t!(i18n, contact.notes_links)}</label>
                <textarea id="note-links" rows="2" prop:value=links on:input=move |e| links.set(event_target_value(&e))></textarea>
                <div class="button-row">
                    <button type="submit" class="primary">
                        {move || if editing.get().is_some() { t_string!(i18n, contact.notes_update) } else { t_string!(i18n, contact.notes_add) }}
                    </button>
                    <Show when=move || editing.get().is_some()>
                        <button type="button" on:click=move |_| reset()>{t!(i18n, contact.notes_cancel)}</button>
                    </Show>
                </div>
                <p id="note-outcome" aria-live="polite" data-testid="notes-outcome" class:field-error=move || outcome.get() == Some(Outcome::Missing)>
                    {move || match outcome.get() {
                        Some(Outcome::Saved) => t_string!(i18n, contact.notes_saved).to_string(),
                        Some(Outcome::Deleted) => t_string!(i18n, contact.notes_deleted).to_string(),
                        Some(Outcome::Missing) => t_string!(i18n, contact.notes_case_missing).to_string(),
                        None => String::new(),
                    }}
                </p>
            </form>
            {list}
            <button type="button" on:click=export disabled=move || notes.with(|n| n.is_empty()) data-testid="notes-export">
                {t!(i18n, contact.notes_export)}
            </button>
        </section>
    }
}

/// Today's date on this device, `YYYY-MM-DD`.
fn today() -> String {
    if !cfg!(target_arch = "wasm32") {
        return String::new();
    }
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

/// Offers `text` as a file download.
fn download(name: &str, text: &str) {
    let Some(url) = crate::text_file::object_url(text) else { return };
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(anchor) = anchor {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    // Revoked a little later: the browser reads the blob after the click returns.
    set_timeout(move || drop(web_sys::Url::revoke_object_url(&url)), std::time::Duration::from_secs(5));
}
