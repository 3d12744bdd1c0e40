use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};

use crate::i18n::*;
use crate::routes::Page;
use crate::session::{use_session, SessionState};

/// Shows `children` only when signed in. Signed out, it sends the user to sign in and back;
/// when the session has ended, it says so and offers to sign in again to return here.
#[component]
pub fn RequireSignIn(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let here = leptos_router::hooks::use_location();
    // Only a change of gate re-renders the page: a refreshed session (after reading a message,
    // say) must not rebuild it and lose the reader's place and focus.
    let gate = Memo::new(move |_| match session.state() {
        SessionState::Unknown => Gate::Unknown,
        SessionState::SignedOut => Gate::SignedOut,
        SessionState::Expired { return_to } => Gate::Expired(return_to),
        SessionState::SignedIn(_) => Gate::SignedIn,
    });
    move || match gate.get() {
        Gate::Unknown => view! {
            <p class="loading" aria-live="polite">{t!(i18n, session.checking)}</p>
        }
        .into_any(),
        Gate::SignedOut => {
            let back = format!("{}{}", here.pathname.get_untracked(), here.search.get_untracked());
            view! { <Redirect path=Page::sign_in_then(&back) /> }.into_any()
        }
        Gate::Expired(return_to) => view! { <SessionExpired return_to /> }.into_any(),
        Gate::SignedIn => children().into_any(),
    }
}

#[derive(Clone, PartialEq)]
enum Gate {
    Unknown,
    SignedOut,
    Expired(String),
    SignedIn,
}

/// "Your session has ended": why, and a way back to the same page after signing in again.
#[component]
pub fn SessionExpired(return_to: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, session.expired_title).to_string() />
        <section class="card session-expired" data-testid="session-expired" aria-live="polite">
            <h1>{t!(i18n, session.expired_title)}</h1>
            <p>{t!(i18n, session.expired_body)}</p>
            <A href=Page::sign_in_then(&return_to) attr:class="button">{t!(i18n, session.sign_in_again)}</A>
        </section>
    }
}
