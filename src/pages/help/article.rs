use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::category_name;
use crate::api::{self, ApiError};
use crate::help::Article;
use crate::i18n::*;
use crate::prefs::{self, lang_of};
use crate::prerendered::use_prerendered;
use crate::routes::Page;

#[component]
pub fn HelpArticlePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let lang = Memo::new(move |_| lang_of(i18n.get_locale()));
    let fetched = LocalResource::new(move || api::help_article(lang.get(), slug.get()));
    let prerendered = use_prerendered();
    let article = Memo::new(move |_| {
        fetched.get().or_else(|| {
            let page: Article = prerendered.content_in(lang.get())?;
            (page.slug == slug.get()).then_some(Ok(page))
        })
    });
    let content = move || match article.get() {
        None => view! { <p>{t!(i18n, help.loading)}</p> }.into_any(),
        Some(Ok(article)) => view! { <ArticleView article /> }.into_any(),
        Some(Err(ApiError::Unexpected { status: 404 })) => view! {
            <h1>{t!(i18n, help.article_not_found)}</h1>
            <p><A href=Page::Help.path()>{t!(i18n, help.back_to_help)}</A></p>
        }
        .into_any(),
        Some(Err(_)) => view! {
            <p class="notice notice-error" role="alert">{t!(i18n, help.unavailable)}</p>
        }
        .into_any(),
    };
    view! { {content} }
}

#[component]
fn ArticleView(article: Article) -> impl IntoView {
    let i18n = use_i18n();
    let category = article.category.clone();
    let title = article.title.clone();
    view! {
        <Title text=title.clone() />
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, help.back_to_help)>
            <A href=Page::Help.path()>{t!(i18n, help.back_to_help)}</A>
            " › "
            <span>{move || category_name(i18n, &category)}</span>
        </nav>
        <article class="help-article" data-testid="help-article">
            <h1>{title}</h1>
            // Rendered at build time from the project's own Markdown, with raw HTML escaped.
            <div class="article-body" inner_html=article.html></div>
        </article>
        <WasThisHelpful slug=article.slug />
    }
}

/// "Was this helpful?", remembered on this device per article.
#[component]
fn WasThisHelpful(slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let key = format!("wallet.helpful.{slug}");
    let answer = RwSignal::new(prefs::load(&key));
    let choose = move |value: &'static str| {
        let key = key.clone();
        move |_| {
            prefs::save(&key, value);
            answer.set(Some(value.to_string()));
        }
    };
    let pressed = move |value: &'static str| move || (answer.get().as_deref() == Some(value)).to_string();
    view! {
        <section class="card helpful" aria-labelledby="helpful-heading">
            <h2 id="helpful-heading">{t!(i18n, help.helpful_question)}</h2>
            <div class="button-row">
                <button type="button" aria-pressed=pressed("yes") on:click=choose("yes") data-testid="helpful-yes">
                    {t!(i18n, help.helpful_yes)}
                </button>
                <button type="button" aria-pressed=pressed("no") on:click=choose("no") data-testid="helpful-no">
                    {t!(i18n, help.helpful_no)}
                </button>
            </div>
            <p aria-live="polite" data-testid="helpful-result">
                {move || match answer.get().as_deref() {
                    Some("yes") => t_string!(i18n, help.helpful_thanks).to_string(),
                    Some(_) => t_string!(i18n, help.helpful_sorry).to_string(),
                    None => String::new(),
                }}
            </p>
        </section>
        <p><A href=Page::Contact.path()>{t!(i18n, help.still_stuck)}</A></p>
    }
}
