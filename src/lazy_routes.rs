//! Every page except the shell's own (home, not found) is a lazy route, grouped by area: with
//! the `split` feature (the release build, `cargo xtask build`) each area's code is a wasm
//! chunk the browser fetches the first time one of its pages is shown. Areas, not pages,
//! because code shared by several split points becomes a chunk of its own per combination:
//! one split per page made hundreds of tiny chunks. Without `split` (`trunk serve`, the tests)
//! the same routes are ordinary code in the one wasm.
//!
//! An area's split is named after its function (`help_area_<hash>`): `cargo xtask build`
//! finds each page's chunks by that name (xtask/src/pages.rs).

use leptos::prelude::*;

use crate::takeover::RevealWhenRendered;

use crate::pages::account::{
    forgot_password::ForgotPasswordPage, sign_in::SignInPage, sign_up::SignUpPage, unlock::UnlockPage,
    verify_email::VerifyEmailPage,
};
use crate::pages::help::{article::HelpArticlePage, home::HelpHomePage, wizard::HelpWizardPage};
use crate::pages::security::{
    checkup::SecurityPage, official_channels::OfficialChannelsPage, password::ChangePasswordPage,
    sessions::SessionsPage, two_factor::TwoFactorPage,
};
use crate::pages::wallet::{
    dashboard::DashboardPage, pay::PayPage, restrictions::RestrictionsPage, top_up::TopUpPage,
    transaction::TransactionPage, transactions::TransactionsPage,
};
use crate::pages::withdrawals::{bank_accounts::BankAccountsPage, detail::WithdrawalPage, withdraw::WithdrawPage};
use crate::pages::{contact::ContactPage, messages::MessagesPage};

/// `area!(fn_name, Enum { Route => PageComponent, .. })`: an area function that renders one of
/// its pages (split into a chunk with `split`), and for each page a route type that calls it.
macro_rules! area {
    ($area:ident, $kind:ident { $($route:ident => $page:ident),* $(,)? }) => {
        #[derive(Clone, Copy)]
        pub enum $kind {
            $($route),*
        }

        #[cfg_attr(feature = "split", leptos::lazy)]
        async fn $area(page: $kind) -> AnyView {
            match page {
                $($kind::$route => view! { <$page /> <RevealWhenRendered /> }.into_any()),*
            }
        }

        $(
            pub struct $route;

            impl leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    Self
                }
                async fn view(_this: Self) -> AnyView {
                    $area($kind::$route).await
                }
            }
        )*
    };
}

area!(help_area, HelpArea {
    Help => HelpHomePage,
    HelpArticle => HelpArticlePage,
});

// The wizards read the reader's payments, withdrawals and lock state: their code stays out of
// the help home and the articles, which most readers open alone.
area!(wizard_area, WizardArea { HelpWizard => HelpWizardPage });

area!(contact_area, ContactArea { Contact => ContactPage });

area!(account_area, AccountArea {
    SignIn => SignInPage,
    SignUp => SignUpPage,
    VerifyEmail => VerifyEmailPage,
    ForgotPassword => ForgotPasswordPage,
    Unlock => UnlockPage,
});

area!(wallet_area, WalletArea {
    Wallet => DashboardPage,
    TopUp => TopUpPage,
    Pay => PayPage,
    Transactions => TransactionsPage,
    Transaction => TransactionPage,
    Restrictions => RestrictionsPage,
    Messages => MessagesPage,
});

area!(security_area, SecurityArea {
    Security => SecurityPage,
    TwoFactor => TwoFactorPage,
    Sessions => SessionsPage,
    ChangePassword => ChangePasswordPage,
    OfficialChannels => OfficialChannelsPage,
});

area!(withdrawals_area, WithdrawalsArea {
    Withdraw => WithdrawPage,
    Withdrawal => WithdrawalPage,
    BankAccounts => BankAccountsPage,
});
