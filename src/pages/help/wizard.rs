use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::lock_check::LockCheckStep;
use crate::help::{Action, Choice, Wizard};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::prerendered::use_prerendered;
use crate::routes::Page;

#[component]
pub fn HelpWizardPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let fetched = LocalResource::new(move || api::wizard(id.get()));
    let prerendered = use_prerendered().wizard;
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
/// "Back" retraces it.
#[component]
fn WizardView(wizard: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
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
        <div aria-live="polite">{step_view}</div>
        <div class="button-row">
            <button type="button" on:click=move |_| path.update(|p| { p.pop(); }) disabled=move || path.with(|p| p.len() <= 1)>
                {t!(i18n, help.wizard_back)}
            </button>
            <button type="button" on:click=move |_| path.update(|p| p.truncate(1)) disabled=move || path.with(|p| p.len() <= 1)>
                {t!(i18n, help.wizard_restart)}
            </button>
        </div>
        <p><A href=Page::Contact.path()>{t!(i18n, help.still_stuck)}</A></p>
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
