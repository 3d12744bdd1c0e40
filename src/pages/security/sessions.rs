use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use std::time::Duration;
use wallet_api::{SessionSummary, SignInEvent, SignInResult};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::load_error::load_error;
use crate::components::modal::ConfirmDialog;
use crate::components::require_sign_in::RequireSignIn;
use crate::components::text_field::fill_in;
use crate::components::user_agent::DeviceName;
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::session::use_session;
use crate::time::format_timestamp;

/// Where the account is signed in (with "sign out" for the others) and every recent sign-in
/// (with "this wasn't me").
#[component]
pub fn SessionsPage() -> impl IntoView {
    view! {
        <RequireSignIn>
            <SessionsContent />
        </RequireSignIn>
    }
}

#[component]
fn SessionsContent() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, sessions.title).to_string() />
        <h1>{t!(i18n, sessions.title)}</h1>
        <p class="lead">{t!(i18n, sessions.intro)}</p>
        <ActiveSessions />
        <SignInHistory />
    }
}

#[component]
fn ActiveSessions() -> impl IntoView {
    let i18n = use_i18n();
    let end_one = Action::new_local(|id: &String| api::end_session(id.clone()));
    let end_others = Action::new_local(|_: &()| api::sign_out_others());
    let sessions = LocalResource::new(move || {
        end_one.version().get();
        end_others.version().get();
        api::sessions()
    });
    let failure =
        move || end_one.value().get().and_then(Result::err).or_else(|| end_others.value().get().and_then(Result::err));
    let done = move || {
        let ended =
            end_one.value().get().is_some_and(|r| r.is_ok()) || end_others.value().get().is_some_and(|r| r.is_ok());
        ended.then(|| t_string!(i18n, sessions.signed_out_done).to_string())
    };
    let busy = Signal::derive(move || end_one.pending().get() || end_others.pending().get());
    let list = move || {
        Suspend::new(async move {
            sessions.await.map(|list| {
                let others = list.iter().filter(|s| !s.current).count();
                let items = list
                    .into_iter()
                    .map(|session| view! { <SessionItem session busy on_end=move |id| { end_one.dispatch_local(id); } /> })
                    .collect_view();
                view! {
                    <ul class="session-list">{items}</ul>
                    <Show when=move || { others > 0 }>
                        <button
                            type="button"
                            disabled=move || busy.get()
                            on:click=move |_| { end_others.dispatch_local(()); }
                            data-testid="sign-out-others"
                        >
                            {t!(i18n, sessions.sign_out_others)}
                        </button>
                    </Show>
                }
            })
        })
    };
    view! {
        <section aria-labelledby="active-heading">
            <h2 id="active-heading">{t!(i18n, sessions.active_heading)}</h2>
            <p>{t!(i18n, sessions.active_intro)}</p>
            <Transition fallback=move || view! { <p>{t!(i18n, app.loading)}</p> }>
                <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
            </Transition>
            <div aria-live="polite" data-testid="sessions-result">
                {move || failure().map(|error| view! { <ErrorNotice error /> })}
                {move || done().map(|text| view! { <p class="notice notice-ok">{text}</p> })}
            </div>
        </section>
    }
}

#[component]
fn SessionItem(session: SessionSummary, busy: Signal<bool>, #[prop(into)] on_end: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let heading_id = format!("session-{}", session.id);
    let describedby = heading_id.clone();
    let (created, used) = (session.created_at, session.last_used_at);
    let ip = session.ip.clone();
    let id = session.id.clone();
    let end = (!session.current).then(|| {
        view! {
            <button
                type="button"
                aria-describedby=describedby
                disabled=move || busy.get()
                on:click=move |_| on_end.run(id.clone())
                data-testid="end-session"
            >
                {t!(i18n, sessions.sign_out)}
            </button>
        }
    });
    view! {
        <li class="card session" data-testid="session" data-current=session.current.to_string()>
            <h3 id=heading_id>
                <DeviceName user_agent=session.device.clone() />
                {session.current.then(|| view! { " " <span class="badge" data-testid="this-device">{t!(i18n, sessions.this_device)}</span> })}
                {session.new_device.then(|| view! { " " <span class="badge badge-warning" data-testid="new-device">{t!(i18n, sessions.new_device)}</span> })}
            </h3>
            <dl class="facts">
                <dt>{t!(i18n, sessions.ip)}</dt>
                <dd>{ip}</dd>
                <dt>{t!(i18n, sessions.signed_in_at)}</dt>
                <dd>{move || format_timestamp(lang(), created)}</dd>
                <dt>{t!(i18n, sessions.last_used)}</dt>
                <dd>{move || format_timestamp(lang(), used)}</dd>
            </dl>
            {end}
        </li>
    }
}

#[component]
fn SignInHistory() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let email = session.user().map(|user| user.email).unwrap_or_default();
    let confirming = RwSignal::new(false);
    let chosen = RwSignal::new(None::<String>);
    let report = Action::new_local(move |id: &String| {
        let (id, email, navigate) = (id.clone(), email.clone(), navigate.clone());
        async move {
            let result = api::report_sign_in(id).await;
            if result.is_ok() {
                let query = [("email", email.as_str()), ("reported", "1")];
                navigate(&Page::ForgotPassword.with_query(&query), Default::default());
                // After the route has changed: signed out on this page, `RequireSignIn` would
                // send the user to the sign-in page instead.
                set_timeout(move || session.signed_out(), Duration::ZERO);
            }
            result
        }
    });
    let events = LocalResource::new(api::sign_ins);
    let on_report = Callback::new(move |event: SignInEvent| {
        chosen.set(Some(event.id));
        confirming.set(true);
    });
    let confirmed = Callback::new(move |_| {
        if let Some(id) = chosen.get_untracked() {
            report.dispatch_local(id);
        }
    });
    let table =
        move || Suspend::new(async move { events.await.map(|events| view! { <SignInTable events on_report /> }) });
    let user_email = move || session.user().map(|user| user.email).unwrap_or_default();
    view! {
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">{t!(i18n, sessions.history_heading)}</h2>
            <p>{t!(i18n, sessions.history_intro)}</p>
            <Transition fallback=move || view! { <p>{t!(i18n, app.loading)}</p> }>
                <ErrorBoundary fallback=load_error>{table}</ErrorBoundary>
            </Transition>
            <div aria-live="polite">
                {move || report.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            </div>
        </section>
        <ConfirmDialog
            open=confirming
            id="report-heading"
            title=Signal::derive(move || t_string!(i18n, sessions.report_title).to_string())
            body=Signal::derive(move || fill_in(t_string!(i18n, sessions.report_body), "email", user_email()))
            confirm_label=Signal::derive(move || t_string!(i18n, sessions.report_confirm).to_string())
            cancel_label=Signal::derive(move || t_string!(i18n, sessions.cancel).to_string())
            on_confirm=confirmed
        />
    }
}

/// What a sign-in attempt came to, in the reader's language.
pub fn sign_in_result_label(i18n: I18nContext<Locale>, result: SignInResult) -> String {
    match result {
        SignInResult::Success => t_string!(i18n, sessions.result_success),
        SignInResult::WrongPassword => t_string!(i18n, sessions.result_wrong_password),
        SignInResult::WrongCode => t_string!(i18n, sessions.result_wrong_code),
        SignInResult::ReplayedCode => t_string!(i18n, sessions.result_replayed_code),
        SignInResult::Locked => t_string!(i18n, sessions.result_locked),
    }
    .to_string()
}

/// Sign-in attempts, newest first; with `on_report`, "This wasn't me" on successful ones.
#[component]
pub fn SignInTable(
    events: Vec<SignInEvent>,
    #[prop(optional)] on_report: Option<Callback<SignInEvent>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if events.is_empty() {
        return view! { <p class="muted">{t!(i18n, sessions.history_empty)}</p> }.into_any();
    }
    let lang = move || lang_of(i18n.get_locale());
    let rows = events
        .into_iter()
        .map(|event| {
            let (at, result) = (event.at, event.result);
            let action = on_report.map(|report| {
                let cell = if event.reported {
                    view! { <span class="badge">{t!(i18n, sessions.reported)}</span> }.into_any()
                } else if result == SignInResult::Success {
                    let chosen = event.clone();
                    view! {
                        <button type="button" on:click=move |_| report.run(chosen.clone()) data-testid="not-me">
                            {t!(i18n, sessions.not_me)}
                        </button>
                    }
                    .into_any()
                } else {
                    ().into_any()
                };
                view! { <td>{cell}</td> }
            });
            let state = if result == SignInResult::Success { "good" } else { "attention" };
            view! {
                <tr data-testid="sign-in-row" data-result=state>
                    <td>{move || format_timestamp(lang(), at)}</td>
                    <td class="sign-in-result" data-state=state>{move || sign_in_result_label(i18n, result)}</td>
                    <td>{event.ip.clone()}</td>
                    <td><DeviceName user_agent=event.device.clone() /></td>
                    {action}
                </tr>
            }
        })
        .collect_view();
    let action_heading = on_report.map(|_| view! { <th scope="col">{t!(i18n, sessions.col_action)}</th> });
    view! {
        <table class="sign-ins" data-testid="sign-ins">
            <caption class="visually-hidden">{t!(i18n, sessions.history_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, sessions.col_time)}</th>
                    <th scope="col">{t!(i18n, sessions.col_result)}</th>
                    <th scope="col">{t!(i18n, sessions.col_ip)}</th>
                    <th scope="col">{t!(i18n, sessions.col_device)}</th>
                    {action_heading}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
