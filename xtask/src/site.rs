//! `dist/` from `index.html`, read the way Trunk reads it (`trunk serve` still uses the same
//! file for frontend work): `rel="css"` links become one fingerprinted stylesheet, `copy-file`
//! and `copy-dir` are copied, and `rel="rust"` becomes the loader of the split bundle with
//! preload links for the main module. Pre-rendered pages load the app after their first paint
//! instead, with the chunks of their own route, so no chunk waits for the main module to ask
//! for it and no byte of the app delays the page's text.

use anyhow::{bail, Context};
use std::hash::Hasher;
use std::path::Path;

use crate::wasm::Bundle;

/// Writes `dist/index.html` and the assets it names.
pub fn assemble(root: &Path, dist: &Path, bundle: &Bundle) -> anyhow::Result<()> {
    let source = std::fs::read_to_string(root.join("index.html")).context("reading index.html")?;
    let mut html = String::new();
    let mut styles = String::new();
    let mut style_at = None;
    let mut rest = source.as_str();
    while let Some(start) = rest.find("<link data-trunk") {
        html.push_str(&rest[..start]);
        let end = start + rest[start..].find('>').context("an unclosed <link data-trunk")? + 1;
        let tag = &rest[start..end];
        rest = rest[end..].trim_start_matches([' ', '\n']);
        let href = attribute(tag, "href");
        match attribute(tag, "rel").as_deref() {
            Some("css") => {
                let path = root.join(href.context("a css link without href")?);
                styles.push_str(&std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?);
                styles.push('\n');
                style_at.get_or_insert(html.len());
            }
            Some("copy-file") => {
                let path = root.join(href.context("a copy-file link without href")?);
                std::fs::copy(&path, dist.join(path.file_name().context("a file name")?))
                    .with_context(|| format!("copying {}", path.display()))?;
            }
            Some("copy-dir") => {
                let path = root.join(href.context("a copy-dir link without href")?);
                copy_dir(&path, &dist.join(path.file_name().context("a folder name")?))?;
            }
            Some("rust") => html.push_str(&loader(bundle)),
            other => bail!("index.html: unknown data-trunk rel {other:?}"),
        }
    }
    html.push_str(rest);
    let css = minify_css(&styles);
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hasher.write(css.as_bytes());
    let css_name = format!("style-{:016x}.css", hasher.finish());
    std::fs::write(dist.join(&css_name), css)?;
    html.insert_str(style_at.context("index.html links no stylesheet")?, &format!("<link rel=\"stylesheet\" href=\"/{css_name}\">\n    "));
    std::fs::write(dist.join("index.html"), html).context("writing dist/index.html")
}

/// The module script that starts the app (`public/boot.js`, a file because the CSP allows no
/// inline script), with the main module and its wasm preloaded alongside.
fn loader(bundle: &Bundle) -> String {
    let (js, wasm, split) = (bundle.main_js(), bundle.main_wasm(), bundle.split_loader());
    format!(
        "<link rel=\"modulepreload\" href=\"{js}\">\n    \
         <link rel=\"modulepreload\" href=\"{split}\">\n    \
         <link rel=\"preload\" href=\"{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n    \
         <script type=\"module\" src=\"/boot.js\" data-js=\"{js}\" data-wasm=\"{wasm}\"></script>\n    "
    )
}

/// A pre-rendered page is readable before the app loads, so the app waits for the page's first
/// paint: its preload links leave the `<head>` (the bytes of the app would otherwise compete
/// with the page's text and stylesheet for the network), and `boot.js` fetches the main module
/// and the chunks of the page's own route (`data-chunks`) once the page has been painted.
pub fn defer_app_until_painted(page: &Path, chunks: &[String]) -> anyhow::Result<()> {
    let html = std::fs::read_to_string(page).with_context(|| format!("reading {}", page.display()))?;
    let kept: Vec<&str> = html
        .lines()
        .filter(|line| !(line.trim_start().starts_with("<link rel=\"modulepreload\"") || line.contains("as=\"fetch\" type=\"application/wasm\"")))
        .collect();
    let html = kept.join("\n");
    let boot = "<script type=\"module\" src=\"/boot.js\"";
    anyhow::ensure!(html.contains(boot), "{} has no boot script", page.display());
    let deferred = format!("{boot} data-after-paint data-chunks=\"{}\"", chunks.join(" "));
    std::fs::write(page, html.replacen(boot, &deferred, 1))?;
    Ok(())
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_string())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    for path in crate::tree::files(from)? {
        let target = to.join(path.strip_prefix(from)?);
        std::fs::create_dir_all(target.parent().context("a parent folder")?)?;
        std::fs::copy(&path, &target).with_context(|| format!("copying {}", path.display()))?;
    }
    Ok(())
}

/// Drops comments and collapses whitespace outside strings; no space is kept next to
/// `{ } ; , >`, where CSS never needs one.
fn minify_css(css: &str) -> String {
    const TIGHT: [char; 5] = ['{', '}', ';', ',', '>'];
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = ' ';
            for d in chars.by_ref() {
                if last == '*' && d == '/' {
                    break;
                }
                last = d;
            }
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() && !out.ends_with(TIGHT) && !TIGHT.contains(&c) {
            out.push(' ');
        }
        space = false;
        out.push(c);
        if c == '"' || c == '\'' {
            while let Some(d) = chars.next() {
                out.push(d);
                if d == '\\' {
                    out.extend(chars.next());
                } else if d == c {
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minified_css_keeps_selectors_values_and_drops_comments() {
        let css = "/* a */\n.a > .b,\n.c {\n  margin: 0 auto;\n  color: var(--x);\n}\n@media (min-width: 40rem) { .d { gap: 1rem } }\n.e::before { content: \", \"; }\n";
        assert_eq!(
            minify_css(css),
            ".a>.b,.c{margin: 0 auto;color: var(--x);}@media (min-width: 40rem){.d{gap: 1rem}}.e::before{content: \", \";}"
        );
    }
}
