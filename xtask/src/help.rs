//! The help centre's build step: Markdown articles and wizard flows from `content/help/`
//! become static JSON (rendered HTML, search index) that the app loads lazily. The Markdown
//! parser stays here, at build time; none of it reaches the wasm.

use anyhow::{bail, ensure, Context};
use help_search::IndexedDoc;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub const LANGS: [&str; 2] = ["zh-CN", "en"];
const CATEGORIES: [&str; 6] = ["account", "payments", "withdrawals", "security", "restrictions", "support"];

/// App pages that exist today. An article's link to any other in-app page is rendered as
/// plain text until that page is built, so help never sends anyone to a dead end.
const LIVE_PATHS: &[&str] = &[
    "/",
    "/contact",
    "/help",
    "/sign-in",
    "/sign-up",
    "/verify-email",
    "/forgot-password",
    "/unlock",
    "/security",
    "/security/two-factor",
    "/security/sessions",
    "/security/password",
    "/security/official-channels",
    "/messages",
    "/wallet",
    "/wallet/pay",
    "/wallet/top-up",
    "/wallet/transactions",
    "/account/restrictions",
];

#[derive(Debug, Clone)]
pub struct Article {
    pub lang: String,
    pub slug: String,
    pub category: String,
    pub title: String,
    pub summary: String,
    pub keywords: Vec<String>,
    pub markdown: String,
}

#[derive(Serialize)]
struct RenderedArticle<'a> {
    slug: &'a str,
    category: &'a str,
    title: &'a str,
    summary: &'a str,
    html: String,
}

/// Writes `<out>/<lang>/index.json`, `<out>/<lang>/<slug>.json` and `<out>/wizards/*.json`.
pub fn generate(root: &Path, out: &Path) -> anyhow::Result<()> {
    let content = root.join("content/help");
    let articles = load_articles(&content)?;
    let slugs = check_articles(&articles)?;
    let wizards = load_wizards(&content, &slugs)?;

    let _ = std::fs::remove_dir_all(out);
    for lang in LANGS {
        let folder = out.join(lang);
        std::fs::create_dir_all(&folder)?;
        let mut index = Vec::new();
        for article in articles.iter().filter(|a| a.lang == lang) {
            let (html, text) = render(&article.markdown, &slugs, &wizards)?;
            index.push(IndexedDoc::new(
                &article.slug, &article.category, &article.title, &article.summary, &article.keywords, &text,
            ));
            let rendered = RenderedArticle {
                slug: &article.slug,
                category: &article.category,
                title: &article.title,
                summary: &article.summary,
                html,
            };
            write_json(&folder.join(format!("{}.json", article.slug)), &rendered)?;
        }
        write_json(&folder.join("index.json"), &index)?;
    }
    let wizard_folder = out.join("wizards");
    std::fs::create_dir_all(&wizard_folder)?;
    let mut list = Vec::new();
    for (id, wizard) in &wizards {
        write_json(&wizard_folder.join(format!("{id}.json")), wizard)?;
        list.push(serde_json::json!({ "id": id, "title": wizard["title"], "summary": wizard["summary"] }));
    }
    write_json(&wizard_folder.join("index.json"), &list)?;
    Ok(())
}

fn write_json(path: &Path, value: &impl Serialize) -> anyhow::Result<()> {
    std::fs::write(path, serde_json::to_vec(value)?).with_context(|| format!("writing {}", path.display()))
}

pub fn load_articles(content: &Path) -> anyhow::Result<Vec<Article>> {
    let mut articles = Vec::new();
    for lang in LANGS {
        let folder = content.join(lang);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
            .with_context(|| format!("reading {}", folder.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path)?;
            articles.push(parse_article(lang, &text).with_context(|| format!("in {}", path.display()))?);
        }
    }
    Ok(articles)
}

/// Front matter (`key: value` lines between `---`) and the Markdown body.
pub fn parse_article(lang: &str, text: &str) -> anyhow::Result<Article> {
    let rest = text.strip_prefix("---\n").context("an article starts with front matter (---)")?;
    let (front, body) = rest.split_once("\n---\n").context("front matter ends with ---")?;
    let mut fields = BTreeMap::new();
    for line in front.lines().filter(|l| !l.trim().is_empty()) {
        let (key, value) = line.split_once(':').with_context(|| format!("front matter line {line:?}"))?;
        fields.insert(key.trim(), value.trim().to_string());
    }
    let mut take = |key: &str| fields.remove(key).with_context(|| format!("front matter lacks {key}"));
    let article = Article {
        lang: lang.to_string(),
        slug: take("slug")?,
        category: take("category")?,
        title: take("title")?,
        summary: take("summary")?,
        keywords: take("keywords")?.split([',', '，']).map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect(),
        markdown: body.to_string(),
    };
    ensure!(fields.is_empty(), "unknown front matter keys: {:?}", fields.keys());
    ensure!(CATEGORIES.contains(&article.category.as_str()), "unknown category {}", article.category);
    Ok(article)
}

/// Every article exists in every language; returns the slugs.
fn check_articles(articles: &[Article]) -> anyhow::Result<BTreeSet<String>> {
    let per_lang = |lang: &str| -> BTreeSet<String> {
        articles.iter().filter(|a| a.lang == lang).map(|a| a.slug.clone()).collect()
    };
    let first = per_lang(LANGS[0]);
    for lang in &LANGS[1..] {
        let other = per_lang(lang);
        ensure!(first == other, "articles differ between {} and {lang}: {:?}", LANGS[0], first.symmetric_difference(&other).collect::<Vec<_>>());
    }
    Ok(first)
}

/// The wizard flows, checked (see `check_wizard`).
fn load_wizards(content: &Path, slugs: &BTreeSet<String>) -> anyhow::Result<BTreeMap<String, serde_json::Value>> {
    let mut wizards = BTreeMap::new();
    for entry in std::fs::read_dir(content.join("wizards"))? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let wizard: serde_json::Value = serde_json::from_slice(&std::fs::read(&path)?)
            .with_context(|| format!("parsing {}", path.display()))?;
        let id = check_wizard(&wizard, slugs).with_context(|| format!("in {}", path.display()))?;
        wizards.insert(id, wizard);
    }
    if wizards.is_empty() {
        bail!("no wizards in {}", content.display());
    }
    Ok(wizards)
}

/// A wizard's steps: each is exactly one of a question (with options), an answer or a lock
/// check; every `next` names a step, every step is reachable from `start`, every article
/// exists. Returns the wizard's id.
fn check_wizard(wizard: &serde_json::Value, slugs: &BTreeSet<String>) -> anyhow::Result<String> {
    let id = wizard["id"].as_str().context("a wizard has an id")?.to_string();
    let steps = wizard["steps"].as_object().context("a wizard has steps")?;
    let start = wizard["start"].as_str().unwrap_or_default();
    ensure!(steps.contains_key(start), "{id}: start step missing");
    for (name, step) in steps {
        let kinds = ["question", "answer", "lock_check"].into_iter().filter(|k| !step[*k].is_null()).count();
        ensure!(kinds == 1, "{id}/{name}: a step is exactly one of question, answer or lock_check");
        let has_options = step["options"].as_array().is_some_and(|o| !o.is_empty());
        ensure!(step["question"].is_null() || has_options, "{id}/{name}: a question has options");
        ensure!(step["answer"].is_null() || !has_options, "{id}/{name}: an answer has no options");
        if !step["lock_check"].is_null() {
            ensure!(step["lock_check"]["next"].is_string(), "{id}/{name}: a lock check names its next step");
        }
        for next in next_steps(step) {
            ensure!(steps.contains_key(next), "{id}/{name}: next step {next:?} does not exist");
        }
        for slug in step["articles"].as_array().into_iter().flatten() {
            let slug = slug.as_str().unwrap_or_default();
            ensure!(slugs.contains(slug), "{id}/{name}: article {slug:?} does not exist");
        }
    }
    let mut reached = BTreeSet::from([start]);
    let mut todo = vec![start];
    while let Some(name) = todo.pop() {
        for next in next_steps(&steps[name]) {
            if reached.insert(next) {
                todo.push(next);
            }
        }
    }
    let unreachable: Vec<&String> = steps.keys().filter(|k| !reached.contains(k.as_str())).collect();
    ensure!(unreachable.is_empty(), "{id}: steps not reachable from {start:?}: {unreachable:?}");
    Ok(id)
}

/// The steps a step can lead to: its options' and, for a lock check, where "not locked" goes.
fn next_steps(step: &serde_json::Value) -> impl Iterator<Item = &str> {
    let options = step["options"].as_array().into_iter().flatten().map(|o| o["next"].as_str().unwrap_or_default());
    options.chain(step["lock_check"]["next"].as_str())
}

fn is_live(href: &str, slugs: &BTreeSet<String>, wizards: &BTreeMap<String, serde_json::Value>) -> bool {
    let path = href.split(['#', '?']).next().unwrap_or_default();
    if let Some(id) = path.strip_prefix("/help/wizard/") {
        return wizards.contains_key(id);
    }
    if let Some(slug) = path.strip_prefix("/help/") {
        return slugs.contains(slug);
    }
    // A transaction's own page: /wallet/transactions/<id>.
    let transaction = path.strip_prefix("/wallet/transactions/").is_some_and(|id| !id.is_empty() && !id.contains('/'));
    transaction || LIVE_PATHS.contains(&path)
}

/// The article as HTML, and its plain text for the search index. Raw HTML in Markdown is
/// shown as text; links to in-app pages that do not exist yet become plain text.
fn render(
    markdown: &str,
    slugs: &BTreeSet<String>,
    wizards: &BTreeMap<String, serde_json::Value>,
) -> anyhow::Result<(String, String)> {
    let mut text = String::new();
    let mut dropped_links = Vec::new();
    let mut events = Vec::new();
    for event in Parser::new_ext(markdown, Options::empty()) {
        match event {
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let href = dest_url.to_string();
                let internal = href.starts_with('/');
                if internal && href.starts_with("/help/") && !is_live(&href, slugs, wizards) {
                    bail!("link to a help page that does not exist: {href}");
                }
                let keep = !internal || is_live(&href, slugs, wizards);
                dropped_links.push(!keep);
                if keep {
                    events.push(event);
                }
            }
            Event::End(TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    events.push(event);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                text.push_str(&html);
                events.push(Event::Text(html));
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                text.push_str(t);
                text.push(' ');
                events.push(event);
            }
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Ok((html, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(lang: &str) -> Vec<IndexedDoc> {
        let content = crate::process::root().join("content/help");
        let articles = load_articles(&content).unwrap();
        let slugs = check_articles(&articles).unwrap();
        let wizards = load_wizards(&content, &slugs).unwrap();
        articles
            .iter()
            .filter(|a| a.lang == lang)
            .map(|a| {
                let (_, text) = render(&a.markdown, &slugs, &wizards).unwrap();
                IndexedDoc::new(&a.slug, &a.category, &a.title, &a.summary, &a.keywords, &text)
            })
            .collect()
    }

    fn top(docs: &[IndexedDoc], query: &str, n: usize) -> Vec<String> {
        help_search::search(docs, query).into_iter().take(n).map(|h| h.doc.slug.clone()).collect()
    }

    #[test]
    fn every_article_exists_in_both_languages_and_every_wizard_link_resolves() {
        let content = crate::process::root().join("content/help");
        let articles = load_articles(&content).unwrap();
        let slugs = check_articles(&articles).unwrap();
        assert!(slugs.len() >= 20, "at least 20 articles per language, found {}", slugs.len());
        let wizards = load_wizards(&content, &slugs).unwrap();
        for id in ["locked", "payment-failed", "withdrawal", "security", "restricted"] {
            assert!(wizards.contains_key(id), "wizard {id}");
        }
        for article in &articles {
            render(&article.markdown, &slugs, &wizards).unwrap();
        }
    }

    #[test]
    fn chinese_queries_find_the_right_articles() {
        let docs = index("zh-CN");
        assert_eq!(top(&docs, "账户被锁定", 1), ["account-locked"]);
        assert!(top(&docs, "提现失败", 2).contains(&"withdrawal-late-or-failed".to_string()), "{:?}", top(&docs, "提现失败", 5));
        assert!(top(&docs, "双因素", 2).contains(&"two-factor-authentication".to_string()), "{:?}", top(&docs, "双因素", 5));
    }

    #[test]
    fn english_queries_with_abbreviations_and_typos_find_the_right_articles() {
        let docs = index("en");
        assert!(top(&docs, "2fa", 3).contains(&"two-factor-authentication".to_string()), "{:?}", top(&docs, "2fa", 5));
        assert!(top(&docs, "withdrawl", 3).contains(&"how-to-withdraw".to_string()), "{:?}", top(&docs, "withdrawl", 5));
        assert_eq!(top(&docs, "account locked", 1), ["account-locked"]);
    }

    #[test]
    fn links_to_pages_not_built_yet_are_plain_text_and_help_links_stay() {
        let slugs: BTreeSet<String> = ["account-locked".to_string()].into();
        let wizards = BTreeMap::new();
        let (html, _) = render("See [withdraw](/withdraw), [help](/help/account-locked) and [us](/contact).", &slugs, &wizards).unwrap();
        assert!(html.contains("See withdraw,"), "{html}");
        assert!(html.contains(r#"<a href="/help/account-locked">help</a>"#));
        assert!(html.contains(r#"<a href="/contact">us</a>"#));
    }

    #[test]
    fn links_to_the_account_pages_are_kept_with_their_query() {
        let (html, _) = render(
            "[Unlock](/unlock?email=a%40b.example), [2FA](/security/two-factor) and [sign-ins](/security/sessions).",
            &BTreeSet::new(),
            &BTreeMap::new(),
        )
        .unwrap();
        assert!(html.contains(r#"<a href="/unlock?email=a%40b.example">Unlock</a>"#), "{html}");
        assert!(html.contains(r#"<a href="/security/two-factor">2FA</a>"#), "{html}");
        assert!(html.contains(r#"<a href="/security/sessions">sign-ins</a>"#), "{html}");
    }

    fn wizard_with(steps: serde_json::Value) -> serde_json::Value {
        serde_json::json!({ "id": "w", "title": {}, "summary": {}, "start": "q1", "steps": steps })
    }

    fn choice(next: &str) -> serde_json::Value {
        serde_json::json!({ "label": { "zh-CN": "是", "en": "Yes" }, "next": next })
    }

    #[test]
    fn a_lock_check_step_leading_to_existing_steps_is_accepted() {
        let wizard = wizard_with(serde_json::json!({
            "q1": { "question": { "zh-CN": "？", "en": "?" }, "options": [choice("check")] },
            "check": { "lock_check": { "next": "a_elsewhere" }, "options": [choice("a_skip")] },
            "a_elsewhere": { "answer": { "zh-CN": "。", "en": "." } },
            "a_skip": { "answer": { "zh-CN": "。", "en": "." } }
        }));
        assert_eq!(check_wizard(&wizard, &BTreeSet::new()).unwrap(), "w");
    }

    #[test]
    fn a_lock_check_step_whose_next_targets_a_missing_step_is_refused() {
        let wizard = wizard_with(serde_json::json!({
            "q1": { "question": { "zh-CN": "？", "en": "?" }, "options": [choice("check")] },
            "check": { "lock_check": { "next": "a_nowhere" } }
        }));
        let error = check_wizard(&wizard, &BTreeSet::new()).unwrap_err().to_string();
        assert!(error.contains("a_nowhere"), "{error}");
    }

    #[test]
    fn a_lock_check_without_next_or_mixed_with_an_answer_is_refused() {
        let without_next = wizard_with(serde_json::json!({ "q1": { "lock_check": {} } }));
        assert!(check_wizard(&without_next, &BTreeSet::new()).is_err());
        let mixed = wizard_with(serde_json::json!({
            "q1": { "lock_check": { "next": "q1" }, "answer": { "zh-CN": "。", "en": "." } }
        }));
        assert!(check_wizard(&mixed, &BTreeSet::new()).is_err());
    }

    #[test]
    fn a_step_only_a_lock_check_leads_to_is_reachable_and_an_orphan_is_refused() {
        let reachable = wizard_with(serde_json::json!({
            "q1": { "lock_check": { "next": "a_elsewhere" } },
            "a_elsewhere": { "answer": { "zh-CN": "。", "en": "." } }
        }));
        assert!(check_wizard(&reachable, &BTreeSet::new()).is_ok());
        let orphan = wizard_with(serde_json::json!({
            "q1": { "answer": { "zh-CN": "。", "en": "." } },
            "a_orphan": { "answer": { "zh-CN": "。", "en": "." } }
        }));
        let error = check_wizard(&orphan, &BTreeSet::new()).unwrap_err().to_string();
        assert!(error.contains("a_orphan"), "{error}");
    }

    #[test]
    fn raw_html_in_an_article_is_shown_as_text() {
        let (html, _) = render("Hi <script>alert(1)</script>", &BTreeSet::new(), &BTreeMap::new()).unwrap();
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn front_matter_is_read_strictly() {
        let article = parse_article("en", "---\nslug: a\ncategory: account\ntitle: T\nsummary: S\nkeywords: x, y\n---\nBody").unwrap();
        assert_eq!(article.keywords, ["x", "y"]);
        assert!(parse_article("en", "---\nslug: a\ncategory: nope\ntitle: T\nsummary: S\nkeywords: x\n---\n").is_err());
        assert!(parse_article("en", "no front matter").is_err());
    }
}
