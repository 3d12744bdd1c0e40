//! The words for a transaction's kind, status and counterparty, in one place for every page.

use leptos_i18n::I18nContext;
use wallet_api::{Counterparty, PartyKind, TransactionKind, TransactionStatus};

use crate::i18n::*;

pub fn kind_label(i18n: I18nContext<Locale>, kind: TransactionKind) -> String {
    match kind {
        TransactionKind::TopUp => t_string!(i18n, transactions.kind_top_up),
        TransactionKind::PaymentSent => t_string!(i18n, transactions.kind_payment_sent),
        TransactionKind::PaymentReceived => t_string!(i18n, transactions.kind_payment_received),
        TransactionKind::Withdrawal => t_string!(i18n, transactions.kind_withdrawal),
    }
    .to_string()
}

pub fn status_label(i18n: I18nContext<Locale>, status: TransactionStatus) -> String {
    match status {
        TransactionStatus::Pending => t_string!(i18n, transactions.status_pending),
        TransactionStatus::Completed => t_string!(i18n, transactions.status_completed),
        TransactionStatus::Failed => t_string!(i18n, transactions.status_failed),
    }
    .to_string()
}

pub fn party_kind_label(i18n: I18nContext<Locale>, kind: PartyKind) -> String {
    match kind {
        PartyKind::User => t_string!(i18n, transactions.party_user),
        PartyKind::Merchant => t_string!(i18n, transactions.party_merchant),
        PartyKind::Card => t_string!(i18n, transactions.party_card),
        PartyKind::BankAccount => t_string!(i18n, transactions.party_bank_account),
    }
    .to_string()
}

/// The other side as one line: the masked name and its ID (`*三丰 · W12345678`), or the
/// card alone (`•••• 4242`) where there is no name.
pub fn counterparty_text(party: &Counterparty) -> String {
    let name = party.masked_name.trim();
    if name.is_empty() || name == party.id {
        party.id.clone()
    } else {
        format!("{name} · {}", party.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(kind: PartyKind, id: &str, masked_name: &str) -> Counterparty {
        Counterparty { kind, id: id.into(), masked_name: masked_name.into() }
    }

    #[test]
    fn a_counterparty_reads_as_its_masked_name_and_id() {
        assert_eq!(counterparty_text(&party(PartyKind::User, "W12345678", "*三丰")), "*三丰 · W12345678");
    }

    #[test]
    fn a_card_without_a_name_reads_as_its_last_digits_alone() {
        assert_eq!(counterparty_text(&party(PartyKind::Card, "•••• 4242", "")), "•••• 4242");
        assert_eq!(counterparty_text(&party(PartyKind::Card, "•••• 4242", "•••• 4242")), "•••• 4242");
    }
}
