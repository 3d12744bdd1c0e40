//! "Hide amounts": a privacy switch for reading the wallet where others can see the screen.
//! The choice is kept on the device (`prefs`) and shared by every `Amount` on the page.

use leptos::prelude::*;

use crate::i18n::*;
use crate::prefs;

/// Whether amounts are hidden, shared through the context of the page that provides it.
#[derive(Clone, Copy)]
pub struct HideAmounts(pub RwSignal<bool>);

impl HideAmounts {
    pub fn hidden(self) -> bool {
        self.0.get()
    }

    pub fn set(self, hidden: bool) {
        prefs::save_amounts_hidden(hidden);
        self.0.set(hidden);
    }
}

/// A page showing amounts calls this first, so that its toggle and amounts share one switch.
pub fn provide_hide_amounts() -> HideAmounts {
    let hide = HideAmounts(RwSignal::new(prefs::amounts_hidden()));
    provide_context(hide);
    hide
}

/// The page's switch, or one read from the saved preference where no page provided it.
pub fn use_hide_amounts() -> HideAmounts {
    use_context::<HideAmounts>().unwrap_or_else(|| HideAmounts(RwSignal::new(prefs::amounts_hidden())))
}

/// The toggle button: pressed while amounts are hidden.
#[component]
pub fn HideAmountsToggle() -> impl IntoView {
    let i18n = use_i18n();
    let hide = use_hide_amounts();
    view! {
        <button
            type="button"
            class="hide-amounts"
            aria-pressed=move || hide.hidden().to_string()
            on:click=move |_| hide.set(!hide.0.get_untracked())
            data-testid="hide-amounts"
        >
            {t!(i18n, wallet.hide_amounts)}
        </button>
    }
}
