//! New recovery codes, shown once: to download, print, and confirm as saved before moving on.

use leptos::prelude::*;

use crate::i18n::*;

/// The codes as a text file, for the download.
pub fn codes_file(heading: &str, codes: &[String]) -> String {
    let mut text = format!("{heading}\n\n");
    for code in codes {
        text.push_str(code);
        text.push('\n');
    }
    text
}

/// The codes with "Download", "Print" and "I have saved these codes" (required before
/// `on_done`). Printing shows only this panel (see `@media print` in security.css).
#[component]
pub fn RecoveryCodes(codes: Vec<String>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let saved = RwSignal::new(false);
    let file_codes = codes.clone();
    // A link to the file itself (not a scripted click), so it works like any download link.
    let href = Memo::new(move |previous: Option<&String>| {
        if let Some(url) = previous {
            revoke(url);
        }
        object_url(&codes_file(&t_string!(i18n, recovery.file_heading).to_string(), &file_codes))
    });
    on_cleanup(move || {
        if let Some(url) = href.try_get_untracked() {
            revoke(&url);
        }
    });
    let items =
        codes.into_iter().map(|code| view! { <li><code data-testid="recovery-code">{code}</code></li> }).collect_view();
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <section class="card recovery-print" aria-labelledby="recovery-heading" data-testid="recovery-codes">
            <h2 id="recovery-heading">{t!(i18n, recovery.heading)}</h2>
            <p>{t!(i18n, recovery.intro)}</p>
            <p class="notice notice-warning">{t!(i18n, recovery.shown_once)}</p>
            <ol class="recovery-code-list">{items}</ol>
            <div class="button-row recovery-actions">
                <a class="button" href=href download="recovery-codes.txt" data-testid="recovery-download">
                    {t!(i18n, recovery.download)}
                </a>
                <button type="button" on:click=print data-testid="recovery-print">{t!(i18n, recovery.print)}</button>
            </div>
            <div class="recovery-actions recovery-confirm">
                <p class="checkbox-row">
                    <input
                        id="recovery-saved"
                        type="checkbox"
                        data-testid="recovery-saved"
                        prop:checked=saved
                        on:change=move |e| saved.set(event_target_checked(&e))
                    />
                    <label for="recovery-saved">{t!(i18n, recovery.saved)}</label>
                </p>
                <button
                    type="button"
                    class="primary"
                    aria-describedby="recovery-done-hint"
                    disabled=move || !saved.get()
                    on:click=move |_| on_done.run(())
                    data-testid="recovery-done"
                >
                    {t!(i18n, recovery.done)}
                </button>
                <p id="recovery-done-hint" class="muted">{t!(i18n, recovery.done_hint)}</p>
            </div>
        </section>
    }
}

fn object_url(text: &str) -> String {
    crate::text_file::object_url(text).unwrap_or_default()
}

fn revoke(url: &str) {
    if !url.is_empty() {
        let _ = web_sys::Url::revoke_object_url(url);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_lists_one_code_a_line_under_its_heading() {
        let codes = vec!["aaaa-bbbb".to_string(), "cccc-dddd".to_string()];
        assert_eq!(codes_file("Recovery codes", &codes), "Recovery codes\n\naaaa-bbbb\ncccc-dddd\n");
    }
}
