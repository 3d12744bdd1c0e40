//! Writes the help centre's and the hotline's pages as static HTML into `dist/`, rendered
//! natively by the app's own components (feature `ssr`), so they read before the wasm has
//! loaded, with JavaScript off, and for crawlers. The app takes over when it loads.
//!
//! `cargo run --example prerender --no-default-features --features ssr -- dist` (run by
//! `cargo xtask build` after Trunk and the help content step).

use leptos::prelude::*;
use leptos_router::location::RequestUrl;
use serde::de::DeserializeOwned;
use std::error::Error;
use std::path::{Path, PathBuf};
use wallet_api::Lang;
use wallet_web::brand_file::Brand;
use wallet_web::help::{Article, IndexedDoc, Wizard, WizardSummary};
use wallet_web::prerendered::{Prerendered, ELEMENT_ID};
use wallet_web::App;

/// Pre-rendered in Chinese, the product's first language; the app switches on load for
/// readers who chose English.
const LANG: Lang = Lang::ZhCn;

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
    let data = dist.join("help-data");
    let brand: Brand = read(&dist.join("brand.json"))?;
    let index: Vec<IndexedDoc> = read(&data.join(LANG.tag()).join("index.json"))?;
    let wizards: Vec<WizardSummary> = read(&data.join("wizards/index.json"))?;
    let base = Prerendered { lang: Some(LANG), brand: Some(brand.clone()), ..Default::default() };

    let mut pages = vec![
        Page {
            path: "/contact".into(),
            title: "联系客服".into(),
            description: "客服热线号码、服务时间、各时段等待时间和来电前的准备。".into(),
            data: base.clone(),
        },
        Page {
            path: "/help".into(),
            title: "帮助中心".into(),
            description: "账户锁定、付款失败、提现、账户安全和账户限制等问题的解答。".into(),
            data: Prerendered { help_index: Some(index.clone()), wizards: Some(wizards.clone()), ..base.clone() },
        },
    ];
    for doc in &index {
        let article: Article = read(&data.join(LANG.tag()).join(format!("{}.json", doc.slug)))?;
        pages.push(Page {
            path: format!("/help/{}", doc.slug),
            title: doc.title.clone(),
            description: doc.summary.clone(),
            data: Prerendered { article: Some(article), ..base.clone() },
        });
    }
    for summary in &wizards {
        let wizard: Wizard = read(&data.join(format!("wizards/{}.json", summary.id)))?;
        pages.push(Page {
            path: format!("/help/wizard/{}", summary.id),
            title: summary.title.get(LANG).to_string(),
            description: summary.summary.get(LANG).to_string(),
            data: Prerendered { wizard: Some(wizard), ..base.clone() },
        });
    }

    let shell = std::fs::read_to_string(dist.join("index.html"))?;
    let product = brand.product_name.get(LANG).to_string();
    for page in &pages {
        let body = render(&page.path, page.data.clone());
        let html = fill_shell(&shell, page, &product, &body)?;
        let folder = dist.join(page.path.trim_start_matches('/'));
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join("index.html"), html)?;
    }
    println!("prerender: {} pages", pages.len());
    Ok(())
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

/// The page inside Trunk's `index.html`: its language, title, description, the data the app
/// takes over with, and the rendered body. Trunk's minifier drops attribute quotes, so both
/// spellings are matched.
fn fill_shell(shell: &str, page: &Page, product: &str, body: &str) -> Result<String, Box<dyn Error>> {
    let title = format!("<title>{} · {}</title>", escape(&page.title), escape(product));
    let head_extra = format!(
        r#"<meta name="description" content="{}"><script type="application/json" id="{ELEMENT_ID}">{}</script></head>"#,
        escape(&page.description),
        page.data.to_script_json()
    );
    let mut html = shell.to_string();
    let title_start = html.find("<title>").ok_or("index.html has no <title>")?;
    let title_end = html[title_start..].find("</title>").ok_or("unclosed <title>")? + title_start + "</title>".len();
    html.replace_range(title_start..title_end, &title);
    // The shell's generic description gives way to the page's own.
    if let Some(at) = html.find("name=description") {
        if let (Some(start), Some(len)) = (html[..at].rfind("<meta"), html[at..].find('>')) {
            html.replace_range(start..at + len + 1, "");
        }
    }
    html = html.replacen("</head>", &head_extra, 1);
    html = html.replacen("<html lang=zh-CN>", &format!(r#"<html lang="{}">"#, LANG.tag()), 1);
    let body_at = html.find("<body>").ok_or("index.html has no <body>")? + "<body>".len();
    html.insert_str(body_at, body);
    Ok(html)
}
