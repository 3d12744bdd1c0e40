use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;
use wallet_api::{Restriction, RestrictionScope};

use crate::api;
use crate::components::load_error::load_error;
use crate::components::require_sign_in::RequireSignIn;
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::time::format_date;

/// What a restriction stops, in the reader's words.
pub fn scope_label(i18n: I18nContext<Locale>, scope: RestrictionScope) -> String {
    match scope {
        RestrictionScope::Payments => t_string!(i18n, restrictions.scope_payments),
        RestrictionScope::Withdrawals => t_string!(i18n, restrictions.scope_withdrawals),
        RestrictionScope::All => t_string!(i18n, restrictions.scope_all),
    }
    .to_string()
}

/// The restrictions on the account, why, since when, and what the reader can do about them.
#[component]
pub fn RestrictionsPage() -> impl IntoView {
    view! {
        <RequireSignIn>
            <RestrictionsContent />
        </RequireSignIn>
    }
}

#[component]
fn RestrictionsContent() -> impl IntoView {
    let i18n = use_i18n();
    let overview = LocalResource::new(api::overview);
    let list = move || {
        Suspend::new(async move { overview.await.map(|overview| view! { <RestrictionList restrictions=overview.restrictions /> }) })
    };
    view! {
        <Title text=move || t_string!(i18n, restrictions.title).to_string() />
        <h1 data-testid="restrictions-page">{t!(i18n, restrictions.title)}</h1>
        <p class="lead">{t!(i18n, restrictions.intro)}</p>
        <div aria-live="polite">
            <Transition fallback=move || view! { <p>{t!(i18n, app.loading)}</p> }>
                <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn RestrictionList(restrictions: Vec<Restriction>) -> impl IntoView {
    let i18n = use_i18n();
    if restrictions.is_empty() {
        return view! { <NoRestrictions /> }.into_any();
    }
    let items = restrictions
        .into_iter()
        .map(|restriction| {
            let Restriction { scope, reason_code, reason, since } = restriction;
            view! {
                <li class="restriction" data-testid="restriction" data-scope=scope.as_str() data-reason=reason_code>
                    <h3>{move || scope_label(i18n, scope)}</h3>
                    <dl class="restriction-facts">
                        <dt>{t!(i18n, restrictions.reason)}</dt>
                        // The operator writes the reason in English.
                        <dd lang="en">{reason}</dd>
                        <dt>{t!(i18n, restrictions.since)}</dt>
                        <dd>{move || format_date(lang_of(i18n.get_locale()), since)}</dd>
                    </dl>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="restrictions-heading">
            <h2 id="restrictions-heading">{t!(i18n, restrictions.list_heading)}</h2>
            <ul class="restriction-list">{items}</ul>
        </section>
        <WhatToDo />
    }
    .into_any()
}

/// Nothing is restricted: say so, and what that means, without steps that assume otherwise.
#[component]
fn NoRestrictions() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" data-testid="no-restrictions">
            <h2>{t!(i18n, restrictions.none)}</h2>
            <p>{t!(i18n, restrictions.none_detail)}</p>
            <p>
                <A href=Page::HelpArticle("account-restricted".into()).path()>{t!(i18n, restrictions.none_learn)}</A>
            </p>
        </section>
    }
}

#[component]
fn WhatToDo() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="what-to-do-heading">
            <h2 id="what-to-do-heading">{t!(i18n, restrictions.what_to_do)}</h2>
            <ol class="restriction-steps" data-testid="restriction-steps">
                <li>{t!(i18n, restrictions.step_read)}</li>
                <li>
                    {t!(i18n, restrictions.step_article)} " "
                    <A href=Page::HelpArticle("account-restricted".into()).path()>{t!(i18n, restrictions.step_article_link)}</A>
                </li>
                <li>
                    {t!(i18n, restrictions.step_appeal)} " "
                    <A href=Page::HelpArticle("appeal-a-restriction".into()).path()>{t!(i18n, restrictions.step_appeal_link)}</A>
                </li>
                <li>
                    {t!(i18n, restrictions.step_call)} " "
                    <A href=Page::Contact.path()>{t!(i18n, restrictions.step_call_link)}</A>
                </li>
            </ol>
        </section>
    }
}
