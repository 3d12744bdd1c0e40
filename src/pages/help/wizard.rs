use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::call_checklist::{contact_href, reference_in_query, CopyTransactionId};
use crate::components::lock_check::LockCheckStep;
use crate::components::payment_diagnosis::PaymentDiagnosisPanel;
use crate::components::withdrawal_diagnosis::WithdrawalDiagnosisPanel;
use crate::help::{Action, Choice, Wizard};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::prerendered::use_prerendered;
use crate::routes::Page;
use crate::session::use_session;

/// The wizard that starts, for a signed-in reader, with a diagnosis of their failed payment.
pub const PAYMENT_FAILED_WIZARD: &str = "payment-failed";
/// The wizard that starts, for a signed-in reader, with their latest withdrawal's state.
pub const WITHDRAWAL_WIZARD: &str = "withdrawal";

#[component]
pub fn HelpWizardPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let fetched = LocalResource::new(move || api::wizard(id.get()));
    let prerendered: Option<Wizard> = use_prerendered().content();
    let wizard = Memo::new(move |_| {
        fetched.get().or_else(|| prerendered.clone().filter(|w| w.id == id.get()).map(Ok))
    });
    let content = move || match wizard.get() {
        Some(Ok(wizard)) => view! { <WizardView wizard /> }.into_any(),
        Some(Err(_)) => view! {
            <p class="notice notice-error" role="alert">{t!(i18n, help.unavailable)}</p>
            <p><A href=Page::Help.path()>{t!(i18n, help.back_to_help)}</A></p>
        }
        .into_any(),
        None => view! { <p>{t!(i18n, help.loading)}</p> }.into_any(),
    };
    view! { {content} }
}

/// One step at a time (a question, a lock check or the answer); the path taken is kept so
/// "Back" retraces it. Above the steps: the transaction the reader came about (`?transaction=`,
/// from a transaction's "report a problem") and, in the payment wizard when signed in, the
/// diagnosis of the failed payment; neither holds up the steps.
#[component]
fn WizardView(wizard: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let session = use_session();
    let signed_in = Memo::new(move |_| session.is_signed_in());
    let reference = reference_in_query();
    let contact = contact_href(reference.as_deref());
    let reference_view = reference.clone().map(|id| view! { <Reference id /> });
    let diagnoses = wizard.id == PAYMENT_FAILED_WIZARD;
    let withdrawal = wizard.id == WITHDRAWAL_WIZARD;
    let diagnosis = move || {
        if !signed_in.get() {
            return None;
        }
        if diagnoses {
            Some(view! { <PaymentDiagnosisPanel reference=reference.clone() /> }.into_any())
        } else if withdrawal {
            Some(view! { <WithdrawalDiagnosisPanel reference=reference.clone() /> }.into_any())
        } else {
            None
        }
    };
    let path = RwSignal::new(vec![wizard.start.clone()]);
    let titles = LocalResource::new(move || api::help_index(lang()));
    let title = wizard.title.clone();
    let summary = wizard.summary.clone();
    let steps = StoredValue::new(wizard.steps);

    let step_view = move || {
        let current = path.with(|p| p.last().cloned().unwrap_or_default());
        let Some(step) = steps.with_value(|s| s.get(&current).cloned()) else {
            return ().into_any();
        };
        if let Some(check) = step.lock_check {
            let next = check.next;
            // The step's options are the ways around the check (not knowing the digits, say).
            let ways_around = (!step.options.is_empty()).then(|| {
                let legend = Signal::derive(move || t_string!(i18n, lock_check.other_ways).to_string());
                view! { <Choices legend options=step.options path /> }
            });
            view! {
                <LockCheckStep on_not_locked=move || path.update(|p| p.push(next.clone())) />
                {ways_around}
            }
            .into_any()
        } else if let Some(question) = step.question {
            let legend = Signal::derive(move || question.get(lang()).to_string());
            view! { <Choices legend options=step.options path /> }.into_any()
        } else {
            let answer = step.answer.unwrap_or_default();
            let actions = step.actions.into_iter().map(|action| view! { <li><ActionLink action /></li> }).collect_view();
            let articles = step
                .articles
                .into_iter()
                .map(|slug| {
                    let href = Page::HelpArticle(slug.clone()).path();
                    let label = move || {
                        titles
                            .get()
                            .and_then(Result::ok)
                            .and_then(|docs| docs.into_iter().find(|d| d.slug == slug).map(|d| d.title))
                            .unwrap_or_else(|| slug.clone())
                    };
                    view! { <li><A href=href>{label}</A></li> }
                })
                .collect_view();
            view! {
                <section class="card wizard-answer" data-testid="wizard-answer" aria-labelledby="wizard-answer-heading">
                    <h2 id="wizard-answer-heading">{t!(i18n, help.wizard_answer)}</h2>
                    <p>{move || answer.get(lang()).to_string()}</p>
                    <ul class="wizard-actions">{actions}</ul>
                    <h3>{t!(i18n, help.wizard_related)}</h3>
                    <ul>{articles}</ul>
                </section>
            }
            .into_any()
        }
    };

    view! {
        <Title text={
            let title = title.clone();
            move || title.get(lang()).to_string()
        } />
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, help.back_to_help)>
            <A href=Page::Help.path()>{t!(i18n, help.back_to_help)}</A>
        </nav>
        <h1>{move || title.get(lang()).to_string()}</h1>
        <p class="lead">{move || summary.get(lang()).to_string()}</p>
        {reference_view}
        {diagnosis}
        <div aria-live="polite">{step_view}</div>
        <div class="button-row">
            <button type="button" on:click=move |_| path.update(|p| { p.pop(); }) disabled=move || path.with(|p| p.len() <= 1)>
                {t!(i18n, help.wizard_back)}
            </button>
            <button type="button" on:click=move |_| path.update(|p| p.truncate(1)) disabled=move || path.with(|p| p.len() <= 1)>
                {t!(i18n, help.wizard_restart)}
            </button>
        </div>
        <p><A href=contact>{t!(i18n, help.still_stuck)}</A></p>
    }
}

/// The transaction ID the reader came with, ready to copy for the hotline.
#[component]
fn Reference(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let contact = contact_href(Some(&id));
    view! {
        <section class="card wizard-reference" aria-labelledby="reference-heading">
            <h2 id="reference-heading">{t!(i18n, help.reference_heading)}</h2>
            <p>{t!(i18n, help.reference_intro)}</p>
            <p class="reference-field">
                {t!(i18n, help.reference_label)} " "
                <code class="transaction-id" data-testid="wizard-transaction-id">{id.clone()}</code> " "
                <CopyTransactionId id />
            </p>
            <p><A href=contact>{t!(i18n, help.reference_call)}</A></p>
        </section>
    }
}

/// A question's choices, each leading on to its `next` step.
#[component]
fn Choices(legend: Signal<String>, options: Vec<Choice>, path: RwSignal<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let options = options
        .into_iter()
        .map(|choice| {
            let next = choice.next.clone();
            view! {
                <li>
                    <button type="button" class="choice" on:click=move |_| path.update(|p| p.push(next.clone()))>
                        {move || choice.label.get(lang_of(i18n.get_locale())).to_string()}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <fieldset class="card wizard-step" data-testid="wizard-question">
            <legend>{legend}</legend>
            <ul class="choices">{options}</ul>
        </fieldset>
    }
}

/// An action of an answer: a link where the app has the page, plain text until it does.
#[component]
fn ActionLink(action: Action) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || action.label.get(lang_of(i18n.get_locale())).to_string();
    match Page::from_path(&action.href) {
        Some(_) => view! { <A href=action.href.clone() attr:class="button">{label}</A> }.into_any(),
        None => view! { <span class="pending-action">{label}</span> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// Pages the content may name before the app has them (shown as plain text meanwhile; see
    /// content/help/README.md).
    const PLANNED_PATHS: [&str; 4] = ["/withdraw", "/withdrawals", "/bank-accounts", "/settings"];

    fn content() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/help")
    }

    fn files(folder: &str, extension: &str) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(content().join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == extension))
            .collect();
        paths.sort();
        paths
    }

    /// The in-app targets of a Markdown text's links: `](/…)`.
    fn markdown_links(text: &str) -> Vec<String> {
        text.split("](/").skip(1).filter_map(|rest| rest.split_once(')').map(|(href, _)| format!("/{href}"))).collect()
    }

    fn is_page_or_planned(href: &str) -> bool {
        let path = href.split(['?', '#']).next().unwrap_or_default();
        Page::from_path(href).is_some() || PLANNED_PATHS.contains(&path)
    }

    #[test]
    fn every_in_app_link_of_the_help_articles_is_a_page_of_the_app_or_a_planned_one() {
        for lang in ["en", "zh-CN"] {
            for path in files(lang, "md") {
                let text = std::fs::read_to_string(&path).unwrap();
                for href in markdown_links(&text) {
                    assert!(is_page_or_planned(&href), "{}: {href}", path.display());
                }
            }
        }
    }

    #[test]
    fn every_wizard_reads_as_the_app_expects_and_its_actions_are_pages_of_the_app_or_planned_ones() {
        let wizards = files("wizards", "json");
        assert!(wizards.iter().any(|p| p.ends_with(format!("{PAYMENT_FAILED_WIZARD}.json"))));
        for path in wizards {
            let wizard: Wizard = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            for action in wizard.steps.values().flat_map(|step| &step.actions) {
                assert!(is_page_or_planned(&action.href), "{}: {}", path.display(), action.href);
            }
        }
    }

    #[test]
    fn the_payment_wizard_sends_a_short_balance_to_the_top_up_page_and_a_restriction_to_the_restrictions() {
        let path = content().join(format!("wizards/{PAYMENT_FAILED_WIZARD}.json"));
        let wizard: Wizard = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let hrefs = |step: &str| -> Vec<String> { wizard.steps[step].actions.iter().map(|a| a.href.clone()).collect() };
        assert!(hrefs("a_balance").contains(&Page::TopUp.path()));
        assert!(hrefs("a_restricted").contains(&Page::Restrictions.path()));
        assert!(hrefs("a_retry").contains(&Page::Pay.path()));
    }

    #[test]
    fn markdown_links_are_read_up_to_their_closing_parenthesis() {
        assert_eq!(markdown_links("See [Pay](/wallet/pay) and [us](/contact#notes)."), ["/wallet/pay", "/contact#notes"]);
        assert!(markdown_links("No links (here).").is_empty());
    }
}
