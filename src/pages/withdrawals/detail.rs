//! `/wallet/withdrawals/<id>`: one withdrawal as a timeline (done, current, and the expected
//! time of each stage ahead; a late stage is marked with the help wizard's link), cancel while
//! it is allowed (after a confirmation), the reason of a rejection in the reader's language,
//! and a receipt that prints on its own. Read again every few seconds until it is final.

use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use wallet_api::{ErrorCode, StageStatus, WithdrawalDetail, WithdrawalStage, WithdrawalState};

use crate::api::{self, ApiError};
use crate::components::copy_button::CopyButton;
use crate::components::error_notice::ErrorNotice;
use crate::components::load_error::load_error;
use crate::components::modal::ConfirmDialog;
use crate::components::require_sign_in::RequireSignIn;
use crate::components::text_field::fill_in;
use crate::components::withdrawal_text::{reason_label, state_label};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::time::format_timestamp;

/// How often a withdrawal on its way is read again.
const REFRESH: Duration = Duration::from_secs(3);

type CancelAction = Action<String, Result<WithdrawalDetail, ApiError>>;

#[component]
pub fn WithdrawalPage() -> impl IntoView {
    view! {
        <RequireSignIn>
            <WithdrawalContent />
        </RequireSignIn>
    }
}

/// The wizard for a late or failed withdrawal, with this withdrawal's ID.
pub fn wizard_href(id: &str) -> String {
    Page::HelpWizard("withdrawal".into()).with_query(&[("transaction", id)])
}

#[component]
fn WithdrawalContent() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let tick = RwSignal::new(0u32);
    // Kept here, outside the timeline that is built again at each reading, and no reading
    // while it is open: the confirmation stays put.
    let asking = RwSignal::new(false);
    let cancel: CancelAction = Action::new_local(|id: &String| api::cancel_withdrawal(id.clone()));
    let detail = LocalResource::new(move || {
        tick.get();
        cancel.version().get();
        api::withdrawal(id.get())
    });
    let final_state = Memo::new(move |_| {
        detail.get().and_then(Result::ok).is_some_and(|d| d.withdrawal.state.is_final())
    });
    if cfg!(target_arch = "wasm32") {
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if !final_state.get_untracked() && !cancel.pending().get_untracked() && !asking.get_untracked() {
                    tick.update(|t| *t += 1);
                }
            },
            REFRESH,
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    let content = move || {
        Suspend::new(async move {
            match detail.await {
                Ok(detail) => Ok(view! { <Timeline detail cancel asking /> }.into_any()),
                Err(error) if error.code() == Some(ErrorCode::NotFound) => Ok(view! {
                    <p class="notice notice-error" role="alert" data-testid="withdrawal-not-found">
                        {move || fill_in(t_string!(i18n, withdrawal.not_found), "id", id.get())}
                    </p>
                }
                .into_any()),
                Err(error) => Err(error),
            }
        })
    };
    view! {
        <Title text=move || t_string!(i18n, withdrawal.title).to_string() />
        <h1>{t!(i18n, withdrawal.title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, app.loading)}</p> }>
            <ErrorBoundary fallback=load_error>{content}</ErrorBoundary>
        </Transition>
        <p class="receipt-back">
            <A href=Page::Transactions.with_query(&[("type", "withdrawal")])>{t!(i18n, withdrawal.back)}</A>
        </p>
    }
}

#[component]
fn Timeline(detail: WithdrawalDetail, cancel: CancelAction, asking: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let WithdrawalDetail { withdrawal, timeline } = detail;
    let id = withdrawal.id.clone();
    let state = withdrawal.state;
    let (amount, fee, total) = (withdrawal.amount, withdrawal.fee, withdrawal.total);
    let account = format!(
        "{} {} · {}",
        withdrawal.bank_account.currency.code(),
        withdrawal.bank_account.masked_number,
        withdrawal.bank_account.holder_name
    );
    let created_at = withdrawal.created_at;
    let late = withdrawal.late;
    let cancel_id = id.clone();
    let on_confirm = Callback::new(move |_| {
        if !cancel.pending().get_untracked() {
            cancel.dispatch_local(cancel_id.clone());
        }
    });
    let cancel_button = withdrawal.cancellable.then(|| {
        view! {
            <button
                type="button"
                class="danger"
                disabled=move || cancel.pending().get()
                on:click=move |_| asking.set(true)
                data-testid="cancel-withdrawal"
            >
                {t!(i18n, withdrawal.cancel)}
            </button>
            <ConfirmDialog
                open=asking
                id="cancel-withdrawal-heading"
                title=Signal::derive(move || t_string!(i18n, withdrawal.cancel_title).to_string())
                body=Signal::derive(move || fill_in(t_string!(i18n, withdrawal.cancel_body), "total", total.format(lang())))
                confirm_label=Signal::derive(move || t_string!(i18n, withdrawal.cancel_yes).to_string())
                cancel_label=Signal::derive(move || t_string!(i18n, withdrawal.cancel_no).to_string())
                on_confirm
            />
        }
    });
    let cancel_outcome = move || {
        cancel.value().get().map(|result| match result {
            Ok(_) => view! { <p class="notice notice-ok" data-testid="cancel-done">{t!(i18n, withdrawal.cancel_done)}</p> }.into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    let rejection = withdrawal.reason.filter(|_| state == WithdrawalState::Rejected).map(|reason| {
        view! {
            <div class="notice notice-error" data-testid="withdrawal-rejected">
                <p data-testid="withdrawal-reason">{move || reason_label(i18n, reason)}</p>
                <p data-testid="withdrawal-returned">{move || fill_in(t_string!(i18n, withdrawal.returned), "total", total.format(lang()))}</p>
            </div>
        }
    });
    let cancelled = (state == WithdrawalState::Cancelled).then(|| {
        view! {
            <p class="notice notice-ok" data-testid="withdrawal-cancelled">
                {move || fill_in(t_string!(i18n, withdrawal.returned), "total", total.format(lang()))}
            </p>
        }
    });
    let late_notice = late.then(|| {
        let href = wizard_href(&id);
        view! {
            <p class="notice notice-warning" data-testid="withdrawal-late">
                {t!(i18n, withdrawal.late_notice)} " "
                <A href=href attr:data-testid="late-help-link">{t!(i18n, withdrawal.late_help)}</A>
            </p>
        }
    });
    let stages = timeline
        .into_iter()
        .map(|stage| view! { <Stage stage id=id.clone() /> })
        .collect_view();
    let copy_label = Signal::derive(move || t_string!(i18n, receipt.copy_id).to_string());
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <article class="card receipt withdrawal" aria-labelledby="withdrawal-heading" data-testid="withdrawal" data-state=state.as_str()>
            <h2 id="withdrawal-heading" data-testid="withdrawal-state">{move || state_label(i18n, state)}</h2>
            {rejection}
            {cancelled}
            {late_notice}
            <dl class="receipt-fields">
                <dt>{t!(i18n, receipt.id)}</dt>
                <dd class="copy-row">
                    <code data-testid="withdrawal-id">{id.clone()}</code>
                    <CopyButton text=id.clone() label=copy_label testid="copy-withdrawal-id" />
                </dd>
                <dt>{t!(i18n, withdraw.to)}</dt>
                <dd data-testid="withdrawal-account">{account}</dd>
                <dt>{t!(i18n, withdraw.amount)}</dt>
                <dd data-testid="withdrawal-amount">{move || amount.format(lang())}</dd>
                <dt>{t!(i18n, withdraw.fee)}</dt>
                <dd data-testid="withdrawal-fee">{move || fee.format(lang())}</dd>
                <dt>{t!(i18n, withdraw.total)}</dt>
                <dd data-testid="withdrawal-total">{move || total.format(lang())}</dd>
                <dt>{t!(i18n, receipt.created)}</dt>
                <dd>{move || format_timestamp(lang(), created_at)}</dd>
            </dl>
            <h3>{t!(i18n, withdrawal.timeline)}</h3>
            <ol class="timeline" data-testid="timeline">{stages}</ol>
            <div class="button-row no-print">
                {cancel_button}
                <button type="button" class="button button-secondary" on:click=print data-testid="print-withdrawal">
                    {t!(i18n, withdrawal.print)}
                </button>
            </div>
            <div aria-live="polite" data-testid="cancel-outcome">{cancel_outcome}</div>
        </article>
    }
}

/// One stage of the timeline: its state, whether done, current (since when) or ahead (expected
/// when), and, when late, the mark and the help wizard's link for this withdrawal.
#[component]
pub fn Stage(stage: WithdrawalStage, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let WithdrawalStage { state, status, at, expected_at, late } = stage;
    let status_name = match status {
        StageStatus::Done => "done",
        StageStatus::Current => "current",
        StageStatus::Ahead => "ahead",
    };
    let when = move || match (status, at, expected_at) {
        (StageStatus::Done, Some(at), _) => fill_in(t_string!(i18n, withdrawal.stage_done_at), "time", format_timestamp(lang(), at)),
        (StageStatus::Current, Some(at), _) => fill_in(t_string!(i18n, withdrawal.stage_since), "time", format_timestamp(lang(), at)),
        (_, _, Some(expected)) => fill_in(t_string!(i18n, withdrawal.stage_expected), "time", format_timestamp(lang(), expected)),
        _ => String::new(),
    };
    let status_text = move || match status {
        StageStatus::Done => t_string!(i18n, withdrawal.status_done),
        StageStatus::Current => t_string!(i18n, withdrawal.status_current),
        StageStatus::Ahead => t_string!(i18n, withdrawal.status_ahead),
    };
    let late_mark = late.then(|| {
        view! {
            " "
            <strong class="badge badge-warning" data-testid="stage-late">{t!(i18n, withdrawal.late)}</strong>
            " "
            <A href=wizard_href(&id)>{t!(i18n, withdrawal.late_help)}</A>
        }
    });
    view! {
        <li
            class="timeline-stage"
            class:stage-done=status == StageStatus::Done
            class:stage-current=status == StageStatus::Current
            data-testid="stage"
            data-state=state.as_str()
            data-status=status_name
            aria-current=(status == StageStatus::Current).then_some("step")
        >
            <span class="stage-name">{move || state_label(i18n, state)}</span>
            <span class="visually-hidden">" (" {status_text} ")"</span>
            <span class="stage-when muted">{when}</span>
            {late_mark}
        </li>
    }
}
