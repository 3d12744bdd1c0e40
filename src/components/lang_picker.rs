use leptos::prelude::*;
use wallet_api::Lang;

use crate::api;
use crate::i18n::*;
use crate::session::Session;
use crate::time::browser_time_zone;
use crate::prefs::{choose_language, lang_of};

/// Chooses the language; the choice is kept on the device.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let current = move || lang_of(i18n.get_locale());
    // Without a session (a picker on its own, as in the component tests) there is no account.
    let session = use_context::<Session>();
    let on_change = move |event| {
        if let Some(lang) = Lang::from_tag(&event_target_value(&event)) {
            choose_language(i18n, lang);
            // The account's mails and messages follow the language its owner reads.
            if session.is_some_and(|session| session.is_signed_in()) {
                leptos::task::spawn_local(async move {
                    let _kept_on_the_device_anyway = api::set_preferences(lang, browser_time_zone()).await;
                });
            }
        }
    };
    view! {
        <div class="picker">
            <label for="language-picker">{t!(i18n, prefs.language)}</label>
            <select id="language-picker" data-testid="language-picker" on:change=on_change prop:value=move || current().tag()>
                <option value=Lang::ZhCn.tag() selected=move || current() == Lang::ZhCn>
                    {t!(i18n, prefs.lang_zh_cn)}
                </option>
                <option value=Lang::En.tag() selected=move || current() == Lang::En>
                    {t!(i18n, prefs.lang_en)}
                </option>
            </select>
        </div>
    }
}
