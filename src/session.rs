//! Who is signed in, shared by every page through a context that `App` provides.
//!
//! The session itself is an `HttpOnly` cookie the app never sees; what the app keeps is the
//! server's `SessionInfo` (the user and the CSRF token, in memory only). When any call finds
//! the session over, or it has been idle past its timeout, the state becomes `Expired` and
//! signed-in pages show the "session expired" screen, which brings the user back here.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wallet_api::{ErrorCode, SessionInfo, User};

use crate::api;

#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// Still asking the server.
    Unknown,
    SignedOut,
    SignedIn(SessionInfo),
    /// The session ended while signed in; `return_to` is where the user was.
    Expired { return_to: String },
}

#[derive(Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
    /// The page the user is on (path and query), for "come back here after signing in".
    here: Memo<String>,
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Asks the server who is signed in and watches for the session's end. Call inside `<Router>`.
pub fn provide_session() {
    let location = use_location();
    let here = Memo::new(move |_| format!("{}{}", location.pathname.get(), search(&location.search.get())));
    let session = Session {
        state: RwSignal::new(SessionState::Unknown),
        here,
    };
    provide_context(session);
    if !cfg!(target_arch = "wasm32") {
        session.state.set(SessionState::SignedOut);
        return;
    }
    api::on_session_ended(move |code| session.ended(code));
    // Only a signed-in user's header shows counts the change may have moved.
    api::on_change(move || {
        if session.state.with_untracked(|s| matches!(s, SessionState::SignedIn(_))) {
            session.reload();
        }
    });
    leptos::task::spawn_local(async move { session.refresh().await });
    watch_idle_timeout(session);
}

fn search(query: &str) -> String {
    if query.is_empty() || query.starts_with('?') { query.to_string() } else { format!("?{query}") }
}

impl Session {
    pub fn state(&self) -> SessionState {
        self.state.get()
    }

    pub fn user(&self) -> Option<User> {
        self.state.with(|s| match s {
            SessionState::SignedIn(info) => Some(info.user.clone()),
            _ => None,
        })
    }

    pub fn info(&self) -> Option<SessionInfo> {
        self.state.with(|s| match s {
            SessionState::SignedIn(info) => Some(info.clone()),
            _ => None,
        })
    }

    pub fn is_signed_in(&self) -> bool {
        self.state.with(|s| matches!(s, SessionState::SignedIn(_)))
    }

    pub fn unread_messages(&self) -> u32 {
        self.state.with(|s| match s {
            SessionState::SignedIn(info) => info.unread_messages,
            _ => 0,
        })
    }

    /// The server's unread count, read with the message list: the badge agrees with the list.
    pub fn set_unread(&self, unread: u32) {
        let differs = self.state.with_untracked(|s| matches!(s, SessionState::SignedIn(info) if info.unread_messages != unread));
        if differs {
            self.state.update(|s| {
                if let SessionState::SignedIn(info) = s {
                    info.unread_messages = unread;
                }
            });
        }
    }

    /// After sign-in (or verification): the server has set the cookie and sent this.
    pub fn signed_in(&self, info: SessionInfo) {
        api::set_csrf_token(Some(info.csrf_token.clone()));
        self.change_to(SessionState::SignedIn(info));
    }

    pub fn signed_out(&self) {
        api::set_csrf_token(None);
        self.change_to(SessionState::SignedOut);
    }

    /// A session read again that has not changed wakes nobody: pages keep their place.
    fn change_to(&self, state: SessionState) {
        if self.state.with_untracked(|current| *current != state) {
            self.state.set(state);
        }
    }

    /// Asks the server again (after a change that affects the user, such as turning on 2FA
    /// or reading a message).
    pub async fn refresh(&self) {
        match api::session().await {
            Ok(Some(info)) => self.signed_in(info),
            Ok(None) => {
                if matches!(self.state.get_untracked(), SessionState::SignedIn(_)) {
                    self.ended(ErrorCode::SessionExpired);
                } else if !matches!(self.state.get_untracked(), SessionState::Expired { .. }) {
                    self.signed_out();
                }
            }
            // Network trouble: keep what we know; a signed-in page will show its own error.
            Err(_) => {
                if self.state.get_untracked() == SessionState::Unknown {
                    self.state.set(SessionState::SignedOut);
                }
            }
        }
    }

    /// Re-reads the session in the background.
    pub fn reload(&self) {
        let session = *self;
        leptos::task::spawn_local(async move { session.refresh().await });
    }

    fn ended(&self, code: ErrorCode) {
        let was_signed_in = matches!(self.state.get_untracked(), SessionState::SignedIn(_));
        api::set_csrf_token(None);
        if was_signed_in || code == ErrorCode::SessionExpired {
            self.state.set(SessionState::Expired { return_to: self.here.get_untracked() });
        } else {
            self.state.set(SessionState::SignedOut);
        }
    }

    /// The page the user is on, path and query (tracked).
    pub fn here(&self) -> String {
        self.here.get()
    }

    /// Where "sign in again" should lead back to.
    pub fn return_to(&self) -> Option<String> {
        self.state.with(|s| match s {
            SessionState::Expired { return_to } => Some(return_to.clone()),
            _ => None,
        })
    }
}

/// The server ends an idle session on its own; this shows it as soon as it happens instead
/// of at the next click.
fn watch_idle_timeout(session: Session) {
    let check = move || {
        let SessionState::SignedIn(info) = session.state.get_untracked() else { return };
        let idle_ms = info.idle_timeout_secs as f64 * 1000.0;
        let absolute_ms = info.absolute_expires_at as f64 * 1000.0;
        let now = crate::time::now_millis();
        if now - api::last_api_answer() > idle_ms || now > absolute_ms {
            session.ended(ErrorCode::SessionExpired);
        }
    };
    let _ = set_interval_with_handle(check, std::time::Duration::from_secs(10));
}
