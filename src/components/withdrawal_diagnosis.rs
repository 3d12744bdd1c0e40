//! The "my withdrawal is late or failed" wizard's signed-in diagnosis: the withdrawal the
//! reader came about (`?transaction=`), else the latest one that is on its way or was
//! rejected; what state it is in since when, when it is expected, whether it is late or why
//! it was rejected, and the matching action. It never holds up the wizard's questions.

use leptos::prelude::*;
use leptos_router::components::A;
use wallet_api::{StageStatus, WithdrawalDetail, WithdrawalState};

use crate::api::{self, ApiError};
use crate::components::text_field::fill_in;
use crate::components::withdrawal_text::{reason_label, state_label};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::time::format_timestamp;

/// The withdrawal to talk about, if there is one.
async fn find(reference: Option<String>) -> Result<Option<WithdrawalDetail>, ApiError> {
    if let Some(id) = reference.filter(|id| !id.trim().is_empty()) {
        if let Ok(detail) = api::withdrawal(id).await {
            return Ok(Some(detail));
        }
    }
    let list = api::withdrawals().await?;
    let Some(latest) = list.into_iter().find(|w| !w.state.is_final() || w.state == WithdrawalState::Rejected) else {
        return Ok(None);
    };
    api::withdrawal(latest.id).await.map(Some)
}

#[component]
pub fn WithdrawalDiagnosisPanel(reference: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let found = LocalResource::new(move || find(reference.clone()));
    let content = move || match found.get() {
        None => view! { <p class="muted">{t!(i18n, help.withdrawal_checking)}</p> }.into_any(),
        Some(Ok(Some(detail))) => view! { <Findings detail /> }.into_any(),
        Some(Ok(None)) => view! { <p data-testid="withdrawal-diagnosis">{t!(i18n, help.withdrawal_none)}</p> }.into_any(),
        Some(Err(_)) => view! { <p class="notice">{t!(i18n, help.withdrawal_unavailable)}</p> }.into_any(),
    };
    view! {
        <section class="card diagnosis" aria-labelledby="diagnosis-heading">
            <h2 id="diagnosis-heading">{t!(i18n, help.diagnosis_heading)}</h2>
            <div aria-live="polite">{content}</div>
        </section>
    }
}

#[component]
fn Findings(detail: WithdrawalDetail) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let WithdrawalDetail { withdrawal, timeline } = detail;
    let id = withdrawal.id.clone();
    let state = withdrawal.state;
    let current = timeline.iter().find(|s| s.status == StageStatus::Current).cloned();
    let since = current.as_ref().and_then(|s| s.at).unwrap_or(withdrawal.updated_at);
    let expected = current.as_ref().and_then(|s| s.expected_at);
    let (total, updated, late) = (withdrawal.total, withdrawal.updated_at, withdrawal.late);
    let reason = withdrawal.reason;
    let text_id = id.clone();
    let text = move || {
        let text = match (state, reason) {
            (WithdrawalState::Rejected, Some(reason)) => {
                let text = fill_in(t_string!(i18n, help.withdrawal_rejected), "reason", reason_label(i18n, reason));
                let text = fill_in(&text, "total", total.format(lang()));
                fill_in(&text, "date", format_timestamp(lang(), updated))
            }
            _ => {
                let key = if late { t_string!(i18n, help.withdrawal_late) } else { t_string!(i18n, help.withdrawal_on_its_way) };
                let text = fill_in(key, "state", state_label(i18n, state));
                let text = fill_in(&text, "since", format_timestamp(lang(), since));
                fill_in(&text, "expected", expected.map(|e| format_timestamp(lang(), e)).unwrap_or_default())
            }
        };
        fill_in(&text, "id", &text_id)
    };
    let action = match state {
        WithdrawalState::Rejected => view! {
            <A href=Page::BankAccounts.path() attr:class="button" attr:data-testid="diagnosis-action">{t!(i18n, help.withdrawal_check_account)}</A>
        }
        .into_any(),
        _ if late => view! {
            <A href=Page::Contact.with_query(&[("transaction", id.as_str())]) attr:class="button" attr:data-testid="diagnosis-action">
                {t!(i18n, help.withdrawal_call)}
            </A>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <div data-testid="withdrawal-diagnosis" data-state=state.as_str() data-late=late.to_string()>
            <p>{text}</p>
            <p>
                {action} " "
                <A href=Page::Withdrawal(id.clone()).path() attr:data-testid="diagnosis-withdrawal-link">{t!(i18n, help.withdrawal_open)}</A>
            </p>
        </div>
    }
}
