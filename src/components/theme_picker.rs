use leptos::prelude::*;

use crate::i18n::*;
use crate::prefs::{choose_theme, Theme, ThemeChoice};

/// Light, dark or as the system says; kept on the device.
#[component]
pub fn ThemePicker() -> impl IntoView {
    let i18n = use_i18n();
    let choice = expect_context::<ThemeChoice>().0;
    let label = move |theme: Theme| match theme {
        Theme::System => t_string!(i18n, prefs.theme_system),
        Theme::Light => t_string!(i18n, prefs.theme_light),
        Theme::Dark => t_string!(i18n, prefs.theme_dark),
    };
    view! {
        <div class="picker">
            <label for="theme-picker">{t!(i18n, prefs.theme)}</label>
            <select
                id="theme-picker"
                data-testid="theme-picker"
                on:change=move |event| choose_theme(Theme::from_key(&event_target_value(&event)))
                prop:value=move || choice.get().key()
            >
                {Theme::ALL
                    .into_iter()
                    .map(|theme| {
                        view! {
                            <option value=theme.key() selected=move || choice.get() == theme>
                                {move || label(theme)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
