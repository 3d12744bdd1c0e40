//! The app's pages as the build and the size budgets see them: the path, the area whose chunk
//! shows it (`src/lazy_routes.rs`; `None` for the shell's own pages) and its first-load budget.

/// First-load target, brotli bytes, of a page anyone can open before signing in (issue 11).
pub const PUBLIC_TARGET: usize = 180_000;
/// First-load target, brotli bytes, of every other page.
pub const SIGNED_IN_TARGET: usize = 260_000;

/// The enforced ceiling of each area's pages, brotli bytes: what the split build measured
/// (`cargo xtask bench size`) plus about 1.5 %, so that no change can grow a page unnoticed
/// while the pages are brought down to their targets. Lower them as they fall. Last set
/// 2026-12-04 (evening), when the phone shell (menu, tab bar, account shortcut, offline banner)
/// and the lock warning grew the main module by 13.5 KB; see README, "Speed".
fn ceiling(area: Option<&str>) -> usize {
    match area {
        None => 234_000,
        Some("help") => 322_000,
        Some("wizard") => 391_000,
        Some("contact") => 361_000,
        Some("account") => 405_000,
        Some("wallet") => 546_000,
        Some("security") => 474_000,
        Some("withdrawals") => 437_000,
        Some(other) => panic!("no first-load ceiling for the area {other}"),
    }
}

pub struct AppPage {
    pub path: &'static str,
    pub area: Option<&'static str>,
    pub public: bool,
}

impl AppPage {
    pub fn target(&self) -> usize {
        if self.public {
            PUBLIC_TARGET
        } else {
            SIGNED_IN_TARGET
        }
    }

    /// The most the page may load today: its target once it meets it, else its ceiling.
    pub fn budget(&self) -> usize {
        self.target().max(ceiling(self.area))
    }
}

const fn page(path: &'static str, area: Option<&'static str>, public: bool) -> AppPage {
    AppPage { path, area, public }
}

/// One page per route (help articles and wizards share theirs: the first of each stands for
/// all, as they load the same files apart from their own pre-rendered HTML).
pub const PAGES: &[AppPage] = &[
    page("/", None, true),
    page("/help", Some("help"), true),
    page("/help/account-locked", Some("help"), true),
    page("/help/wizard/payment-failed", Some("wizard"), true),
    page("/contact", Some("contact"), true),
    page("/sign-in", Some("account"), true),
    page("/sign-up", Some("account"), true),
    page("/verify-email", Some("account"), true),
    page("/forgot-password", Some("account"), true),
    page("/unlock", Some("account"), true),
    page("/wallet", Some("wallet"), false),
    page("/wallet/top-up", Some("wallet"), false),
    page("/wallet/pay", Some("wallet"), false),
    page("/wallet/transactions", Some("wallet"), false),
    page("/wallet/transactions/tx", Some("wallet"), false),
    page("/account/restrictions", Some("wallet"), false),
    page("/security", Some("security"), false),
    page("/security/two-factor", Some("security"), false),
    page("/security/sessions", Some("security"), false),
    page("/security/password", Some("security"), false),
    page("/security/official-channels", Some("security"), false),
    page("/messages", Some("wallet"), false),
    page("/wallet/withdraw", Some("withdrawals"), false),
    page("/wallet/withdrawals/tx", Some("withdrawals"), false),
    page("/account/bank-accounts", Some("withdrawals"), false),
];

/// The area of a page pre-rendered at `relative` (`help/x/index.html`, `help/x/index.en.html`).
pub fn prerendered_area(relative: &[&str]) -> Option<&'static str> {
    let (file, folders) = relative.split_last()?;
    if !(file.starts_with("index.") && file.ends_with(".html")) {
        return None;
    }
    match folders {
        ["contact"] => Some("contact"),
        ["help", "wizard", ..] => Some("wizard"),
        ["help", ..] => Some("help"),
        ["sign-in" | "sign-up" | "forgot-password" | "unlock"] => Some("account"),
        _ => None,
    }
}
