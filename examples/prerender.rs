//! Writes the help centre's, the hotline's and the public account pages as static HTML into `dist/`, rendered
//! natively by the app's own components (feature `ssr`), so they read before the wasm has
//! loaded, with JavaScript off, and for crawlers. The app takes over when it loads.
//!
//! Every page in both languages (`Lang::page_file`); the server answers the reader's.
//!
//! `cargo run --example prerender --no-default-features --features ssr -- dist` (run by
//! `cargo xtask build` once `dist/index.html` and the help content are written).

use leptos::prelude::*;
use leptos_router::location::RequestUrl;
use serde::de::DeserializeOwned;
use std::error::Error;
use std::path::{Path, PathBuf};
use wallet_api::Lang;
use wallet_web::brand_file::Brand;
use wallet_web::help::{Article, IndexedDoc, Wizard, WizardSummary};
use wallet_web::prerendered::{HelpHome, Prerendered, ELEMENT_ID};
use wallet_web::App;
use wallet_web::i18n::td_string;

fn read<T: DeserializeOwned>(path: &Path) -> Result<T, Box<dyn Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?)
}

/// An executor that runs nothing. A page is its first, synchronous render (its data comes
/// with it); effects and tasks the render schedules (leptos_i18n's, for one) would only run
/// after `to_html` returned, on other threads, against an owner already disposed.
struct RenderOnly;

impl any_spawner::CustomExecutor for RenderOnly {
    fn spawn(&self, _: any_spawner::PinnedFuture<()>) {}
    fn spawn_local(&self, _: any_spawner::PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}

struct Page {
    path: String,
    title: String,
    description: String,
    data: Prerendered,
}

fn main() -> Result<(), Box<dyn Error>> {
    any_spawner::Executor::init_custom_executor(RenderOnly)?;
    let dist = PathBuf::from(std::env::args().nth(1).ok_or("usage: prerender DIST")?);
    let shell = std::fs::read_to_string(dist.join("index.html"))?;
    let brand: Brand = read(&dist.join("brand.json"))?;
    let mut written = 0;
    for lang in Lang::ALL {
        let product = brand.product_name.get(lang).to_string();
        for page in pages(&dist, lang, &brand)? {
            let body = render(&page.path, page.data.clone());
            let html = fill_shell(&shell, &page, lang, &product, &body)?;
            let folder = dist.join(wallet_api::prerendered_folder(&page.path));
            std::fs::create_dir_all(&folder)?;
            std::fs::write(folder.join(lang.page_file()), html)?;
            written += 1;
        }
    }
    println!("prerender: {written} pages");
    Ok(())
}

/// The home page, the help centre's, the hotline's and the public account pages in `lang`, with the data each is rendered from.
fn pages(dist: &Path, lang: Lang, brand: &Brand) -> Result<Vec<Page>, Box<dyn Error>> {
    let data = dist.join("help-data");
    let index: Vec<IndexedDoc> = read(&data.join(lang.tag()).join("index.json"))?;
    let wizards: Vec<WizardSummary> = read(&data.join("wizards/index.json"))?;
    let base = Prerendered { lang: Some(lang), brand: Some(brand.clone()), ..Default::default() };
    let locale = wallet_web::prefs::locale_of(lang);
    let mut pages = vec![
        Page {
            path: "/".into(),
            title: td_string!(locale, home.title).to_string(),
            description: td_string!(locale, meta.home_description).to_string(),
            data: base.clone(),
        },
        Page {
            path: "/contact".into(),
            title: td_string!(locale, contact.title).to_string(),
            description: td_string!(locale, meta.contact_description).to_string(),
            data: base.clone(),
        },
        Page {
            path: "/help".into(),
            title: td_string!(locale, help.title).to_string(),
            description: td_string!(locale, meta.help_description).to_string(),
            data: Prerendered::with_content(&base, &HelpHome { index: index.clone(), wizards: wizards.clone() }),
        },
    ];
    // The public account pages, in their first (empty) state.
    let account_pages = [
        ("/sign-in", td_string!(locale, sign_in.title), td_string!(locale, meta.sign_in_description)),
        ("/sign-up", td_string!(locale, sign_up.title), td_string!(locale, meta.sign_up_description)),
        ("/forgot-password", td_string!(locale, forgot.title), td_string!(locale, meta.forgot_description)),
        ("/unlock", td_string!(locale, unlock.title), td_string!(locale, meta.unlock_description)),
    ];
    for (path, title, description) in account_pages {
        pages.push(Page { path: path.into(), title: title.to_string(), description: description.to_string(), data: base.clone() });
    }
    for doc in &index {
        let article: Article = read(&data.join(lang.tag()).join(format!("{}.json", doc.slug)))?;
        pages.push(Page {
            path: format!("/help/{}", doc.slug),
            title: doc.title.clone(),
            description: doc.summary.clone(),
            data: Prerendered::with_content(&base, &article),
        });
    }
    for summary in &wizards {
        let wizard: Wizard = read(&data.join(format!("wizards/{}.json", summary.id)))?;
        pages.push(Page {
            path: format!("/help/wizard/{}", summary.id),
            title: summary.title.get(lang).to_string(),
            description: summary.summary.get(lang).to_string(),
            data: Prerendered::with_content(&base, &wizard),
        });
    }
    Ok(pages)
}

fn render(path: &str, data: Prerendered) -> String {
    let owner = Owner::new();
    let html = owner.with(|| {
        provide_context(RequestUrl::new(path));
        provide_context(data);
        view! { <App /> }.to_html()
    });
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The page inside the built `index.html`: its language, title, description, the other
/// language's address, the rendered body, and after it the data the app takes over with.
fn fill_shell(shell: &str, page: &Page, lang: Lang, product: &str, body: &str) -> Result<String, Box<dyn Error>> {
    let title = format!("<title>{} · {}</title>", escape(&page.title), escape(product));
    let alternates: String = Lang::ALL
        .iter()
        .map(|other| format!(r#"<link rel="alternate" hreflang="{0}" href="{1}?lang={0}">"#, other.tag(), page.path))
        .chain([format!(r#"<link rel="alternate" hreflang="x-default" href="{}">"#, page.path)])
        .collect();
    let head_extra = format!(r#"<meta name="description" content="{}">{alternates}</head>"#, escape(&page.description));
    // The data after the page's own markup: the text arrives (and is painted) first.
    let data = format!(r#"<script type="application/json" id="{ELEMENT_ID}">{}</script>"#, page.data.to_script_json());
    let mut html = shell.to_string();
    let title_start = html.find("<title>").ok_or("index.html has no <title>")?;
    let title_end = html[title_start..].find("</title>").ok_or("unclosed <title>")? + title_start + "</title>".len();
    html.replace_range(title_start..title_end, &title);
    // The shell's generic description gives way to the page's own.
    if let Some(at) = html.find(r#"name="description""#) {
        if let (Some(start), Some(len)) = (html[..at].rfind("<meta"), html[at..].find('>')) {
            html.replace_range(start..at + len + 1, "");
        }
    }
    html = html.replacen("</head>", &head_extra, 1);
    let html_tag_start = html.find("<html").ok_or("index.html has no <html>")?;
    let html_tag_end = html[html_tag_start..].find('>').ok_or("unclosed <html>")? + html_tag_start + 1;
    html.replace_range(html_tag_start..html_tag_end, &format!(r#"<html lang="{}">"#, lang.tag()));
    let body_at = html.find("<body>").ok_or("index.html has no <body>")? + "<body>".len();
    html.insert_str(body_at, &format!("{body}{data}"));
    Ok(html)
}
