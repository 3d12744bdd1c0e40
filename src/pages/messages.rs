use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;
use wallet_api::{Message, MessageFacts, MessageKind, MessageList};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::load_error::load_error;
use crate::components::require_sign_in::RequireSignIn;
use crate::components::text_field::fill_in;
use crate::components::user_agent::device_name;
use crate::components::withdrawal_text::{reason_label, state_label};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::session::use_session;
use crate::time::format_timestamp;

/// The message centre: what happened to the account, newest first, written in the reader's
/// language from each message's kind and facts.
#[component]
pub fn MessagesPage() -> impl IntoView {
    view! {
        <RequireSignIn>
            <MessagesContent />
        </RequireSignIn>
    }
}

#[component]
fn MessagesContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let mark_one = Action::new_local(move |id: &String| {
        let id = id.clone();
        // A change the server accepted refreshes the header's count (`api::on_change`).
        async move { api::mark_message_read(id).await }
    });
    let mark_all = Action::new_local(move |_: &()| api::mark_all_messages_read());
    let messages = LocalResource::new(move || {
        mark_one.version().get();
        mark_all.version().get();
        api::messages()
    });
    Effect::new(move |_| {
        if let Some(Ok(list)) = messages.get() {
            session.set_unread(list.unread);
        }
    });
    let busy = Signal::derive(move || mark_one.pending().get() || mark_all.pending().get());
    let failure =
        move || mark_one.value().get().and_then(Result::err).or_else(|| mark_all.value().get().and_then(Result::err));
    let phrase = move || session.user().and_then(|user| user.anti_phishing_phrase);
    let list = move || {
        Suspend::new(async move {
            messages.await.map(|list| view! { <MessageListView list busy on_read=move |id| { mark_one.dispatch_local(id); } on_read_all=move |_| { mark_all.dispatch_local(()); } /> })
        })
    };
    view! {
        <Title text=move || t_string!(i18n, messages.title).to_string() />
        <h1>{t!(i18n, messages.title)}</h1>
        {move || phrase().map(|phrase| view! {
            <p class="notice phrase-reminder" data-testid="phrase-reminder">
                {move || fill_in(t_string!(i18n, messages.phrase_reminder), "phrase", &phrase)}
            </p>
        })}
        <div aria-live="polite">{move || failure().map(|error| view! { <ErrorNotice error /> })}</div>
        <Transition fallback=move || view! { <p>{t!(i18n, app.loading)}</p> }>
            <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn MessageListView(
    list: MessageList,
    busy: Signal<bool>,
    #[prop(into)] on_read: Callback<String>,
    #[prop(into)] on_read_all: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let unread = list.unread;
    if list.messages.is_empty() {
        return view! { <p class="muted" data-testid="no-messages">{t!(i18n, messages.empty)}</p> }.into_any();
    }
    let mut messages = list.messages;
    messages.sort_by(|a, b| b.at.cmp(&a.at));
    let items = messages.into_iter().map(|message| view! { <MessageItem message busy on_read /> }).collect_view();
    view! {
        <div class="messages-toolbar">
            <p aria-live="polite" data-testid="unread-count">
                {move || if unread == 0 {
                    t_string!(i18n, messages.all_read).to_string()
                } else {
                    fill_in(t_string!(i18n, messages.unread_count), "count", unread)
                }}
            </p>
            <Show when=move || { unread > 0 }>
                <button type="button" disabled=move || busy.get() on:click=move |_| on_read_all.run(()) data-testid="mark-all-read">
                    {t!(i18n, messages.mark_all_read)}
                </button>
            </Show>
        </div>
        <ul class="message-list">{items}</ul>
    }
    .into_any()
}

#[component]
fn MessageItem(message: Message, busy: Signal<bool>, on_read: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let title_id = format!("message-{}", message.id);
    let describedby = title_id.clone();
    let (at, read, kind) = (message.at, message.read, message.kind);
    let text = message.clone();
    let (title, body) = (move || message_title(i18n, kind), move || message_body(i18n, &text));
    let id = message.id.clone();
    let mark = (!read).then(|| {
        view! {
            <button
                type="button"
                aria-describedby=describedby
                disabled=move || busy.get()
                on:click=move |_| on_read.run(id.clone())
                data-testid="mark-read"
            >
                {t!(i18n, messages.mark_read)}
            </button>
        }
    });
    let link = (kind == MessageKind::NewDeviceSignIn)
        .then(|| view! { <p><A href=Page::Sessions.path()>{t!(i18n, messages.review_sessions)}</A></p> });
    let transaction = transaction_link(i18n, kind, &message.facts);
    view! {
        <li class="card message" class:message-unread=!read data-testid="message" data-kind=kind_name(kind) data-read=read.to_string()>
            <h2 id=title_id class="message-title">
                {(!read).then(|| view! { <span class="visually-hidden">{t!(i18n, messages.unread)} ": "</span> })}
                {title}
            </h2>
            <p class="muted">{move || format_timestamp(lang_of(i18n.get_locale()), at)}</p>
            <p>{body}</p>
            {link}
            {transaction}
            {mark}
        </li>
    }
}

/// The kind as the API spells it (`two_factor_enabled`), for tests and styles.
fn kind_name(kind: MessageKind) -> String {
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn message_title(i18n: I18nContext<Locale>, kind: MessageKind) -> String {
    match kind {
        MessageKind::AccountLocked => t_string!(i18n, messages.account_locked_title),
        MessageKind::AccountUnlocked => t_string!(i18n, messages.account_unlocked_title),
        MessageKind::NewDeviceSignIn => t_string!(i18n, messages.new_device_title),
        MessageKind::PasswordChanged => t_string!(i18n, messages.password_changed_title),
        MessageKind::TwoFactorEnabled => t_string!(i18n, messages.two_factor_enabled_title),
        MessageKind::TwoFactorDisabled => t_string!(i18n, messages.two_factor_disabled_title),
        MessageKind::RecoveryCodesRegenerated => t_string!(i18n, messages.codes_regenerated_title),
        MessageKind::SignInReported => t_string!(i18n, messages.sign_in_reported_title),
        MessageKind::Welcome => t_string!(i18n, messages.welcome_title),
        MessageKind::PaymentReceived => t_string!(i18n, messages.payment_received_title),
        MessageKind::TopUpCompleted => t_string!(i18n, messages.top_up_completed_title),
        MessageKind::TopUpFailed => t_string!(i18n, messages.top_up_failed_title),
        MessageKind::BankAccountAdded => t_string!(i18n, messages.bank_account_added_title),
        MessageKind::WithdrawalUpdate => t_string!(i18n, messages.withdrawal_update_title),
    }
    .to_string()
}

fn message_body(i18n: I18nContext<Locale>, message: &Message) -> String {
    let facts = &message.facts;
    let unknown = || t_string!(i18n, messages.unknown).to_string();
    match message.kind {
        MessageKind::AccountLocked => match facts.until {
            Some(until) => {
                let until = format_timestamp(lang_of(i18n.get_locale()), until);
                fill_in(t_string!(i18n, messages.account_locked_body), "until", until)
            }
            None => t_string!(i18n, messages.account_locked_body_no_time).to_string(),
        },
        MessageKind::AccountUnlocked => t_string!(i18n, messages.account_unlocked_body).to_string(),
        MessageKind::NewDeviceSignIn => {
            let device = facts.device.as_deref().map(|ua| device_name(i18n, ua)).unwrap_or_else(unknown);
            let ip = facts.ip.clone().unwrap_or_else(unknown);
            fill_in(&fill_in(t_string!(i18n, messages.new_device_body), "device", device), "ip", ip)
        }
        MessageKind::PasswordChanged => t_string!(i18n, messages.password_changed_body).to_string(),
        MessageKind::TwoFactorEnabled => t_string!(i18n, messages.two_factor_enabled_body).to_string(),
        MessageKind::TwoFactorDisabled => t_string!(i18n, messages.two_factor_disabled_body).to_string(),
        MessageKind::RecoveryCodesRegenerated => t_string!(i18n, messages.codes_regenerated_body).to_string(),
        MessageKind::SignInReported => t_string!(i18n, messages.sign_in_reported_body).to_string(),
        MessageKind::Welcome => t_string!(i18n, messages.welcome_body).to_string(),
        MessageKind::PaymentReceived => money_body(
            i18n,
            facts,
            t_string!(i18n, messages.payment_received_body),
            t_string!(i18n, messages.payment_received_body_no_amount),
        ),
        MessageKind::TopUpCompleted => money_body(
            i18n,
            facts,
            t_string!(i18n, messages.top_up_completed_body),
            t_string!(i18n, messages.top_up_completed_body_no_amount),
        ),
        MessageKind::TopUpFailed => money_body(
            i18n,
            facts,
            t_string!(i18n, messages.top_up_failed_body),
            t_string!(i18n, messages.top_up_failed_body_no_amount),
        ),
        MessageKind::BankAccountAdded => match &facts.bank_account {
            Some(account) => fill_in(t_string!(i18n, messages.bank_account_added_body), "account", account),
            None => t_string!(i18n, messages.bank_account_added_body_no_account).to_string(),
        },
        MessageKind::WithdrawalUpdate => {
            let state = facts.state.map(|s| state_label(i18n, s)).unwrap_or_else(unknown);
            let body = fill_in(
                &money_body(
                    i18n,
                    facts,
                    t_string!(i18n, messages.withdrawal_update_body),
                    t_string!(i18n, messages.withdrawal_update_body_no_amount),
                ),
                "state",
                state,
            );
            match facts.reason {
                Some(reason) => {
                    let reason = fill_in(t_string!(i18n, messages.withdrawal_reason), "reason", reason_label(i18n, reason));
                    format!("{body} {reason}")
                }
                None => body,
            }
        }
    }
}

/// A money message's text: with the amount in the reader's format when the facts have it.
fn money_body(i18n: I18nContext<Locale>, facts: &MessageFacts, with_amount: &str, without_amount: &str) -> String {
    match facts.amount {
        Some(amount) => fill_in(with_amount, "amount", amount.format(lang_of(i18n.get_locale()))),
        None => without_amount.to_string(),
    }
}

/// The link to the transaction a money message is about, named by its ID (a withdrawal's
/// leads to its timeline).
fn transaction_link(i18n: I18nContext<Locale>, kind: MessageKind, facts: &MessageFacts) -> Option<impl IntoView + use<>> {
    let id = facts.transaction_id.clone()?;
    let withdrawal = kind == MessageKind::WithdrawalUpdate;
    let href = if withdrawal { Page::Withdrawal(id.clone()).path() } else { Page::Transaction(id.clone()).path() };
    Some(view! {
        <p>
            <A href=href attr:data-testid="message-transaction-link">
                {move || {
                    let text = if withdrawal {
                        t_string!(i18n, messages.withdrawal_link)
                    } else {
                        t_string!(i18n, messages.transaction_link)
                    };
                    fill_in(text, "id", &id)
                }}
            </A>
        </p>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_is_named_as_the_api_spells_it() {
        assert_eq!(kind_name(MessageKind::TwoFactorEnabled), "two_factor_enabled");
        assert_eq!(kind_name(MessageKind::NewDeviceSignIn), "new_device_sign_in");
        assert_eq!(kind_name(MessageKind::TopUpFailed), "top_up_failed");
    }
}
