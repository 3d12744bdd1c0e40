//! A line under the header while the device is offline: what still works (help, the hotline,
//! call notes) and that money waits for the connection. Announced as it appears.

use leptos::ev;
use leptos::leptos_dom::helpers::window_event_listener;
use leptos::prelude::*;

use crate::i18n::*;

#[component]
pub fn OfflineBanner() -> impl IntoView {
    let i18n = use_i18n();
    // Online until the browser says otherwise (and in the pre-rendered page).
    let offline = RwSignal::new(false);
    // In the browser only (an effect): the pre-renderer has no window to listen to.
    Effect::new(move |_| {
        let on_line = web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
        offline.set(!on_line);
        let went_offline = window_event_listener(ev::offline, move |_| offline.set(true));
        let came_back = window_event_listener(ev::online, move |_| offline.set(false));
        on_cleanup(move || {
            went_offline.remove();
            came_back.remove();
        });
    });
    view! {
        <div class="offline-banner" role="status" data-testid="offline-banner">
            {move || offline.get().then(|| view! {
                <p><strong>{t!(i18n, offline.title)}</strong> " " {t!(i18n, offline.detail)}</p>
            })}
        </div>
    }
}
