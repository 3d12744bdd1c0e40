//! Every path of the app. Links and routes take their paths from here, never from literals.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Home,
    Contact,
    Help,
    HelpArticle(String),
    HelpWizard(String),
    SignIn,
    SignUp,
    VerifyEmail,
    ForgotPassword,
    Unlock,
    Security,
    TwoFactor,
    Sessions,
    ChangePassword,
    OfficialChannels,
    Messages,
    Wallet,
    TopUp,
    Pay,
    Transactions,
    Transaction(String),
    Restrictions,
    Withdraw,
    Withdrawal(String),
    BankAccounts,
}

/// Path segments the router matches (see `lib.rs`).
pub const CONTACT: &str = "contact";
pub const HELP: &str = "help";
pub const WIZARD: &str = "wizard";
pub const SIGN_IN: &str = "sign-in";
pub const SIGN_UP: &str = "sign-up";
pub const VERIFY_EMAIL: &str = "verify-email";
pub const FORGOT_PASSWORD: &str = "forgot-password";
pub const UNLOCK: &str = "unlock";
pub const SECURITY: &str = "security";
pub const TWO_FACTOR: &str = "two-factor";
pub const SESSIONS: &str = "sessions";
pub const PASSWORD: &str = "password";
pub const OFFICIAL_CHANNELS: &str = "official-channels";
pub const MESSAGES: &str = "messages";
pub const WALLET: &str = "wallet";
pub const TOP_UP: &str = "top-up";
pub const PAY: &str = "pay";
pub const TRANSACTIONS: &str = "transactions";
pub const ACCOUNT: &str = "account";
pub const RESTRICTIONS: &str = "restrictions";
pub const WITHDRAW: &str = "withdraw";
pub const WITHDRAWALS: &str = "withdrawals";
pub const BANK_ACCOUNTS: &str = "bank-accounts";

impl Page {
    /// The absolute path, for links.
    pub fn path(&self) -> String {
        match self {
            Page::Home => "/".to_string(),
            Page::Contact => format!("/{CONTACT}"),
            Page::Help => format!("/{HELP}"),
            Page::HelpArticle(slug) => format!("/{HELP}/{slug}"),
            Page::HelpWizard(id) => format!("/{HELP}/{WIZARD}/{id}"),
            Page::SignIn => format!("/{SIGN_IN}"),
            Page::SignUp => format!("/{SIGN_UP}"),
            Page::VerifyEmail => format!("/{VERIFY_EMAIL}"),
            Page::ForgotPassword => format!("/{FORGOT_PASSWORD}"),
            Page::Unlock => format!("/{UNLOCK}"),
            Page::Security => format!("/{SECURITY}"),
            Page::TwoFactor => format!("/{SECURITY}/{TWO_FACTOR}"),
            Page::Sessions => format!("/{SECURITY}/{SESSIONS}"),
            Page::ChangePassword => format!("/{SECURITY}/{PASSWORD}"),
            Page::OfficialChannels => format!("/{SECURITY}/{OFFICIAL_CHANNELS}"),
            Page::Messages => format!("/{MESSAGES}"),
            Page::Wallet => format!("/{WALLET}"),
            Page::TopUp => format!("/{WALLET}/{TOP_UP}"),
            Page::Pay => format!("/{WALLET}/{PAY}"),
            Page::Transactions => format!("/{WALLET}/{TRANSACTIONS}"),
            Page::Transaction(id) => format!("/{WALLET}/{TRANSACTIONS}/{}", percent_encode(id)),
            Page::Restrictions => format!("/{ACCOUNT}/{RESTRICTIONS}"),
            Page::Withdraw => format!("/{WALLET}/{WITHDRAW}"),
            Page::Withdrawal(id) => format!("/{WALLET}/{WITHDRAWALS}/{}", percent_encode(id)),
            Page::BankAccounts => format!("/{ACCOUNT}/{BANK_ACCOUNTS}"),
        }
    }

    /// This page's path with a query string (values percent-encoded).
    pub fn with_query(&self, pairs: &[(&str, &str)]) -> String {
        url_with_query(&self.path(), pairs)
    }

    /// The sign-in page that leads back to `return_to` (a path of this app) afterwards.
    pub fn sign_in_then(return_to: &str) -> String {
        Page::SignIn.with_query(&[("next", return_to)])
    }

    /// A `next` query value, if it is a path of this app (never another site: an open
    /// redirect would let a phishing link use our sign-in page).
    /// Without one (or with the home page or a page of the sign-in flows), the wallet.
    pub fn safe_return_path(next: Option<String>) -> String {
        next.filter(|n| Page::from_path(n).is_some_and(|page| page.is_worth_returning_to()))
            .unwrap_or_else(|| Page::Wallet.path())
    }

    /// Whether signing in should lead back here: not to the home page (the wallet is where a
    /// signed-in user goes) nor into the sign-in, sign-up and recovery flows.
    pub fn is_worth_returning_to(&self) -> bool {
        !matches!(
            self,
            Page::Home | Page::SignIn | Page::SignUp | Page::VerifyEmail | Page::ForgotPassword | Page::Unlock
        )
    }

    /// The page at `href` (ignoring `?query` and `#fragment`), if the app has one: content
    /// files link only to pages that exist.
    pub fn from_path(href: &str) -> Option<Page> {
        let path = href.split(['?', '#']).next()?;
        if !path.starts_with('/') || path.starts_with("//") {
            return None;
        }
        let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Some(Page::Home),
            [CONTACT] => Some(Page::Contact),
            [HELP] => Some(Page::Help),
            [HELP, WIZARD, id] => Some(Page::HelpWizard(id.to_string())),
            [HELP, slug] if *slug != WIZARD => Some(Page::HelpArticle(slug.to_string())),
            [SIGN_IN] => Some(Page::SignIn),
            [SIGN_UP] => Some(Page::SignUp),
            [VERIFY_EMAIL] => Some(Page::VerifyEmail),
            [FORGOT_PASSWORD] => Some(Page::ForgotPassword),
            [UNLOCK] => Some(Page::Unlock),
            [SECURITY] => Some(Page::Security),
            [SECURITY, TWO_FACTOR] => Some(Page::TwoFactor),
            [SECURITY, SESSIONS] => Some(Page::Sessions),
            [SECURITY, PASSWORD] => Some(Page::ChangePassword),
            [SECURITY, OFFICIAL_CHANNELS] => Some(Page::OfficialChannels),
            [MESSAGES] => Some(Page::Messages),
            [WALLET] => Some(Page::Wallet),
            [WALLET, TOP_UP] => Some(Page::TopUp),
            [WALLET, PAY] => Some(Page::Pay),
            [WALLET, TRANSACTIONS] => Some(Page::Transactions),
            [WALLET, TRANSACTIONS, id] => Some(Page::Transaction(id.to_string())),
            [ACCOUNT, RESTRICTIONS] => Some(Page::Restrictions),
            [WALLET, WITHDRAW] => Some(Page::Withdraw),
            [WALLET, WITHDRAWALS, id] => Some(Page::Withdrawal(id.to_string())),
            [ACCOUNT, BANK_ACCOUNTS] => Some(Page::BankAccounts),
            _ => None,
        }
    }
}

/// `url?key=value&...` with each value percent-encoded; `url` alone without pairs.
pub fn url_with_query<V: AsRef<str>>(url: &str, pairs: &[(&str, V)]) -> String {
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", percent_encode(v.as_ref()))).collect();
    let joiner = if url.contains('?') { '&' } else { '?' };
    if query.is_empty() { url.to_string() } else { format!("{url}{joiner}{}", query.join("&")) }
}

pub(crate) fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_pages() -> Vec<Page> {
        vec![
            Page::Home,
            Page::Contact,
            Page::Help,
            Page::HelpArticle("account-locked".into()),
            Page::HelpWizard("locked".into()),
            Page::SignIn,
            Page::SignUp,
            Page::VerifyEmail,
            Page::ForgotPassword,
            Page::Unlock,
            Page::Security,
            Page::TwoFactor,
            Page::Sessions,
            Page::ChangePassword,
            Page::OfficialChannels,
            Page::Messages,
            Page::Wallet,
            Page::TopUp,
            Page::Pay,
            Page::Transactions,
            Page::Transaction("TABCDEF123456".into()),
            Page::Restrictions,
            Page::Withdraw,
            Page::Withdrawal("TABCDEF123456".into()),
            Page::BankAccounts,
        ]
    }

    #[test]
    fn every_page_reads_back_from_its_own_path() {
        for page in example_pages() {
            assert_eq!(Page::from_path(&page.path()), Some(page.clone()), "{}", page.path());
        }
    }

    #[test]
    fn the_phone_layout_journey_visits_every_page() {
        let spec = include_str!("../tests/e2e/specs/phone-layout.spec.ts");
        for page in example_pages() {
            let path = page.path();
            let named = match page {
                // Visited with an ID the journey makes.
                Page::Transaction(_) | Page::Withdrawal(_) => format!("{}/${{", path.rsplit_once('/').unwrap().0),
                _ => format!("'{path}"),
            };
            assert!(spec.contains(&named), "the phone-layout journey does not visit {path}");
        }
    }

    #[test]
    fn a_query_added_to_an_address_that_has_one_extends_it() {
        assert_eq!(url_with_query("/wallet/top-up?amount=1.00", &[("next", "/wallet/pay?to=W1")]), "/wallet/top-up?amount=1.00&next=/wallet/pay%3Fto%3DW1");
        assert_eq!(url_with_query("/wallet/pay", &[("to", "W1")]), "/wallet/pay?to=W1");
    }

    #[test]
    fn paths_the_app_does_not_have_are_not_pages() {
        for href in ["/wallet/nowhere", "/security/2fa", "https://example.com/", "/help/wizard", "contact"] {
            assert_eq!(Page::from_path(href), None, "{href}");
        }
    }

    #[test]
    fn a_fragment_or_query_does_not_change_the_page() {
        assert_eq!(Page::from_path("/contact#notes"), Some(Page::Contact));
        assert_eq!(Page::from_path("/help?q=2fa"), Some(Page::Help));
    }

    #[test]
    fn a_return_path_is_only_ever_a_page_of_this_app() {
        assert_eq!(Page::safe_return_path(Some("/security/sessions".into())), "/security/sessions");
        assert_eq!(Page::safe_return_path(Some("/help?q=2fa".into())), "/help?q=2fa");
        for evil in ["https://evil.example/", "//evil.example/x", "/sign-in?next=/", "javascript:alert(1)"] {
            assert_eq!(Page::safe_return_path(Some(evil.into())), "/wallet", "{evil}");
        }
    }

    #[test]
    fn signing_in_from_the_home_page_or_with_nowhere_to_return_lands_on_the_wallet() {
        assert_eq!(Page::safe_return_path(None), "/wallet");
        for start in ["/", "/sign-up", "/unlock?email=a%40b.c", "/forgot-password"] {
            assert_eq!(Page::safe_return_path(Some(start.into())), "/wallet", "{start}");
        }
    }

    #[test]
    fn a_query_value_is_percent_encoded() {
        assert_eq!(Page::sign_in_then("/help?q=a b"), "/sign-in?next=/help%3Fq%3Da%20b");
    }
}
