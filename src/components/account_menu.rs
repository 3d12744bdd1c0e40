//! The header's account area: "Sign in" and "Sign up" when signed out; messages (with the
//! unread count), security, the user's name and "Sign out" when signed in. Also the notice
//! line under the header that confirms what just happened ("you are signed out").

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use wallet_api::ErrorCode;

use crate::api;
use crate::i18n::*;
use crate::routes::Page;
use crate::session::{use_session, SessionState};

/// The `notice` query value that says the e-mail was verified and the user is signed in.
pub const NOTICE_VERIFIED: &str = "verified";
/// The `notice` query value that says the user signed out.
pub const NOTICE_SIGNED_OUT: &str = "signed-out";

/// The home page with a notice in the header about what just happened.
pub fn home_with_notice(notice: &str) -> String {
    Page::Home.with_query(&[("notice", notice)])
}

/// The count on the messages badge: big numbers are cut short so the pill stays small.
pub fn badge_text(unread: u32) -> String {
    if unread > 99 { "99+".to_string() } else { unread.to_string() }
}

/// The header's sign-in link from the page at `path` (with its `?query`): it leads back there
/// afterwards when that page is worth returning to, otherwise to the wallet.
pub fn sign_in_link(path: &str) -> String {
    match Page::from_path(path) {
        Some(page) if page.is_worth_returning_to() => Page::sign_in_then(path),
        _ => Page::SignIn.path(),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum MenuState {
    Unknown,
    SignedOut,
    SignedIn { name: String },
}

#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sign_in_href = move || sign_in_link(&session.here());
    // Only what the menu shows: a new unread count must not rebuild (and unfocus) the menu.
    let state = Memo::new(move |_| match session.state() {
        SessionState::Unknown => MenuState::Unknown,
        SessionState::SignedIn(info) => MenuState::SignedIn { name: info.user.display_name },
        SessionState::SignedOut | SessionState::Expired { .. } => MenuState::SignedOut,
    });
    let content = move || match state.get() {
        // Until the session is known, the signed-out links' room, unseen and unreachable: the
        // header keeps its height when they appear (most readers are signed out).
        MenuState::Unknown => view! {
            <span class="account-menu-pending" aria-hidden="true">
                <a>{t!(i18n, account_menu.sign_in)}</a>
                <a class="button">{t!(i18n, account_menu.sign_up)}</a>
            </span>
        }
        .into_any(),
        MenuState::SignedOut => view! {
            <A href=sign_in_href attr:data-testid="header-sign-in">{t!(i18n, account_menu.sign_in)}</A>
            <A href=Page::SignUp.path() attr:class="button" attr:data-testid="header-sign-up">
                {t!(i18n, account_menu.sign_up)}
            </A>
        }
        .into_any(),
        MenuState::SignedIn { name } => view! { <SignedInMenu name /> }.into_any(),
    };
    view! {
        <nav class="account-menu" aria-label=move || t_string!(i18n, account_menu.label) data-testid="account-menu">
            {content}
        </nav>
    }
}

/// On a phone, the one account link that stays in the header's row beside "Menu": messages
/// with the unread count when signed in, "Sign in" when signed out.
#[component]
pub fn AccountShortcut() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let signed_in = Memo::new(move |_| match session.state() {
        SessionState::Unknown => None,
        SessionState::SignedIn(_) => Some(true),
        SessionState::SignedOut | SessionState::Expired { .. } => Some(false),
    });
    let sign_in_href = move || sign_in_link(&session.here());
    let content = move || match signed_in.get() {
        None => ().into_any(),
        Some(true) => view! {
            <A href=Page::Messages.path() attr:class="account-messages" attr:data-testid="shortcut-messages">
                <MessagesIcon />
            </A>
        }
        .into_any(),
        Some(false) => view! {
            <A href=sign_in_href attr:data-testid="shortcut-sign-in">{t!(i18n, account_menu.sign_in)}</A>
        }
        .into_any(),
    };
    view! { <div class="account-shortcut">{content}</div> }
}

/// The unread count: a badge for the eye, the count in words for screen readers.
#[component]
fn UnreadCount(count: u32, badge_testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="unread-badge" aria-hidden="true" data-testid=badge_testid>{badge_text(count)}</span>
        <span class="visually-hidden">{t!(i18n, account_menu.messages_unread, count)}</span>
    }
}

/// "Messages" with the unread count.
#[component]
fn MessagesLabel(badge_testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        let count = session.unread_messages();
        if count == 0 {
            view! { {t!(i18n, account_menu.messages)} }.into_any()
        } else {
            view! {
                <span aria-hidden="true">{t!(i18n, account_menu.messages)}</span>
                <UnreadCount count badge_testid />
            }
            .into_any()
        }
    }
}

/// The phone header's messages link: an envelope and the unread count, named in words for
/// screen readers (the row has no room for the word).
#[component]
fn MessagesIcon() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let unread = move || session.unread_messages();
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            <path d="M3 6h18v12H3z M3 6l9 7 9-7" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
        </svg>
        {move || match unread() {
            0 => view! { <span class="visually-hidden">{t!(i18n, account_menu.messages)}</span> }.into_any(),
            count => view! { <UnreadCount count badge_testid="shortcut-unread-badge" /> }.into_any(),
        }}
    }
}

#[component]
fn SignedInMenu(name: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = Action::new_local(|_: &()| api::sign_out());
    let failed = RwSignal::new(false);
    Effect::new(move |_| {
        let Some(result) = sign_out.value().get() else { return };
        match result {
            // A session that has ended already is as good as signed out.
            Ok(_) => {}
            Err(error) if matches!(error.code(), Some(ErrorCode::SessionExpired | ErrorCode::Unauthenticated)) => {}
            Err(_) => {
                failed.set(true);
                return;
            }
        }
        session.signed_out();
        navigate(&home_with_notice(NOTICE_SIGNED_OUT), Default::default());
    });
    view! {
        <A href=Page::Wallet.path() attr:data-testid="header-wallet">{t!(i18n, wallet.nav_link)}</A>
        <A href=Page::Messages.path() attr:class="account-messages" attr:data-testid="header-messages">
            <MessagesLabel badge_testid="unread-badge" />
        </A>
        <A href=Page::Security.path() attr:data-testid="header-security">{t!(i18n, account_menu.security)}</A>
        <A href=Page::Restrictions.path() attr:class="menu-only" attr:data-testid="header-restrictions">
            {t!(i18n, account_menu.restrictions)}
        </A>
        <span class="account-name" data-testid="account-name">
            <span class="visually-hidden">{t!(i18n, account_menu.signed_in_as)} " "</span>
            {name}
        </span>
        <button
            type="button"
            class="sign-out"
            data-testid="sign-out"
            disabled=move || sign_out.pending().get()
            on:click=move |_| {
                failed.set(false);
                sign_out.dispatch(());
            }
        >
            {t!(i18n, account_menu.sign_out)}
        </button>
        <span class="account-menu-error" role="alert">
            {move || failed.get().then(|| t_string!(i18n, account_menu.sign_out_failed))}
        </span>
    }
}

/// A line under the header confirming what just happened, from the page's `notice` query.
/// The live region is always there so the message is announced when it appears.
#[component]
pub fn AccountNotice() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = move || match query.read().get("notice").as_deref() {
        Some(NOTICE_VERIFIED) => Some(t_string!(i18n, account_menu.notice_verified)),
        Some(NOTICE_SIGNED_OUT) => Some(t_string!(i18n, account_menu.notice_signed_out)),
        _ => None,
    };
    view! {
        <p class="account-notice" role="status" data-testid="account-notice">{notice}</p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_sign_in_leads_back_to_the_page_it_was_clicked_on_except_the_home_page() {
        assert_eq!(sign_in_link("/contact"), "/sign-in?next=/contact");
        assert_eq!(sign_in_link("/help?q=2fa"), "/sign-in?next=/help%3Fq%3D2fa");
        assert_eq!(sign_in_link("/"), "/sign-in");
        assert_eq!(sign_in_link("/sign-up"), "/sign-in");
    }

    #[test]
    fn the_unread_badge_shows_at_most_two_digits_and_a_plus() {
        assert_eq!(badge_text(3), "3");
        assert_eq!(badge_text(99), "99");
        assert_eq!(badge_text(250), "99+");
    }

    #[test]
    fn the_home_page_carries_the_notice_in_its_query() {
        assert_eq!(home_with_notice(NOTICE_SIGNED_OUT), "/?notice=signed-out");
    }
}
