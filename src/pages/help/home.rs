use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::{category_name, highlighted};
use crate::api::{self, ApiError};
use crate::help::{IndexedDoc, WizardSummary, CATEGORIES};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::prerendered::{use_prerendered, HelpHome};
use crate::routes::Page;

#[component]
pub fn HelpHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = Memo::new(move |_| lang_of(i18n.get_locale()));
    let fetched_index = LocalResource::new(move || api::help_index(lang.get()));
    let fetched_wizards = LocalResource::new(api::wizards);
    let prerendered = use_prerendered();
    let pre_wizards = prerendered.content::<HelpHome>().map(|home| home.wizards);
    let index = Memo::new(move |_| {
        fetched_index.get().or_else(|| prerendered.content_in::<HelpHome>(lang.get()).map(|home| Ok(home.index)))
    });
    let wizards = Memo::new(move |_| fetched_wizards.get().or_else(|| pre_wizards.clone().map(Ok)));
    let query = use_query_map();
    let text = RwSignal::new(query.read_untracked().get("q").unwrap_or_default());
    let navigate = use_navigate();
    // The query is kept in the address, so a search can be shared or reloaded.
    let on_input = move |event| {
        let value = event_target_value(&event);
        text.set(value.clone());
        let target = if value.trim().is_empty() {
            Page::Help.path()
        } else {
            format!("{}?q={}", Page::Help.path(), js_sys::encode_uri_component(&value))
        };
        navigate(&target, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    };
    let content = move || match index.get() {
        Some(docs) => view! { <HelpContent docs text /> }.into_any(),
        None => view! { <p>{t!(i18n, help.loading)}</p> }.into_any(),
    };
    view! {
        <Title text=move || t_string!(i18n, help.title).to_string() />
        <h1>{t!(i18n, help.title)}</h1>
        <p class="lead">{t!(i18n, help.intro)}</p>
        <form class="help-search" role="search" on:submit=|event| event.prevent_default()>
            <label for="help-search-input">{t!(i18n, help.search_label)}</label>
            <input
                id="help-search-input"
                type="search"
                data-testid="help-search"
                autocomplete="off"
                placeholder=move || t_string!(i18n, help.search_placeholder)
                prop:value=move || text.get()
                on:input=on_input
            />
        </form>
        {content}
        <WizardList wizards />
        <p><A href=Page::Contact.path()>{t!(i18n, help.still_stuck)}</A></p>
    }
}

/// Search results while there is a query, the topics otherwise.
#[component]
fn HelpContent(docs: Result<Vec<IndexedDoc>, ApiError>, text: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let Ok(docs) = docs else {
        return view! { <p class="notice notice-error" role="alert">{t!(i18n, help.unavailable)}</p> }.into_any();
    };
    let results = {
        let docs = docs.clone();
        move || {
            let query = text.get();
            let hits = help_search::search(&docs, &query);
            let count = hits.len();
            let items = hits
                .into_iter()
                .map(|hit| {
                    let href = Page::HelpArticle(hit.doc.slug.clone()).path();
                    let title = highlighted(&hit.doc.title, &query);
                    let summary = highlighted(&hit.doc.summary, &query);
                    view! {
                        <li>
                            <A href=href>{title}</A>
                            <p class="muted">{summary}</p>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p data-testid="help-result-count">
                    {move || if count == 0 { t_string!(i18n, help.no_results).to_string() } else { String::new() }}
                    {(count > 0).then(|| t!(i18n, help.results_count, count))}
                </p>
                <ol class="help-results" data-testid="help-results">{items}</ol>
            }
        }
    };
    let topics = CATEGORIES
        .into_iter()
        .map(|category| {
            let links = docs
                .iter()
                .filter(|d| d.category == category)
                .cloned()
                .map(|d| view! { <li><A href=Page::HelpArticle(d.slug).path()>{d.title}</A></li> })
                .collect_view();
            let heading_id = format!("topic-{category}");
            let labelled_by = heading_id.clone();
            view! {
                <section class="card help-topic" aria-labelledby=labelled_by>
                    <h3 id=heading_id>{move || category_name(i18n, category)}</h3>
                    <ul>{links}</ul>
                </section>
            }
        })
        .collect_view();
    let searching = move || !text.get().trim().is_empty();
    view! {
        <div aria-live="polite">
            <Show when=searching>{results.clone()}</Show>
        </div>
        <section aria-labelledby="browse-heading" class:hidden=searching>
            <h2 id="browse-heading">{t!(i18n, help.browse_heading)}</h2>
            <div class="help-topics">{topics}</div>
        </section>
    }
    .into_any()
}

#[component]
fn WizardList(wizards: Memo<Option<Result<Vec<WizardSummary>, ApiError>>>) -> impl IntoView {
    let i18n = use_i18n();
    let list = move || {
        let lang = lang_of(i18n.get_locale());
        wizards.get().and_then(Result::ok).map(|wizards| {
            wizards
                .into_iter()
                .map(|w| {
                    view! {
                        <li class="card">
                            <A href=Page::HelpWizard(w.id.clone()).path()>{w.title.get(lang).to_string()}</A>
                            <p class="muted">{w.summary.get(lang).to_string()}</p>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section aria-labelledby="wizards-heading">
            <h2 id="wizards-heading">{t!(i18n, help.wizards_heading)}</h2>
            <p>{t!(i18n, help.wizards_intro)}</p>
            <ul class="wizard-list" data-testid="wizard-list">{list}</ul>
        </section>
    }
}
