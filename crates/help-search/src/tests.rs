use super::*;

fn doc(slug: &str, title: &str, keywords: &[&str], body: &str) -> IndexedDoc {
    let keywords: Vec<String> = keywords.iter().map(|k| k.to_string()).collect();
    IndexedDoc::new(slug, "account", title, "", &keywords, body)
}

fn slugs(docs: &[IndexedDoc], query: &str) -> Vec<String> {
    search(docs, query).into_iter().map(|hit| hit.doc.slug.clone()).collect()
}

fn library() -> Vec<IndexedDoc> {
    vec![
        doc("locked", "账户被锁定怎么办", &["锁定", "解锁"], "连续输错密码五次后账户会被锁定三十分钟。"),
        doc("withdraw-failed", "提现失败或迟迟未到账", &["提现", "失败"], "提现被拒绝时，冻结的资金会退回余额。"),
        doc("two-factor", "开启双因素认证", &["2fa", "两步验证"], "双因素认证在登录时要求一次性验证码。"),
        doc("withdrawal", "How to make a withdrawal", &["withdraw", "cash out"], "Withdrawals go to your bank account."),
        doc("payments", "When a payment fails", &["payment failed"], "Payments can fail for several reasons."),
        doc("security", "Keeping your account secure", &["2fa", "password"], "Turn on two-factor authentication."),
    ]
}

#[test]
fn chinese_text_is_split_into_overlapping_character_pairs() {
    let found: Vec<String> = tokens("账户被锁定").into_iter().map(|t| t.text).collect();
    assert_eq!(found, ["账户", "户被", "被锁", "锁定"]);
}

#[test]
fn mixed_text_keeps_english_words_whole_and_lower_cased() {
    let found: Vec<String> = tokens("开启2FA认证 Two-Factor").into_iter().map(|t| t.text).collect();
    assert_eq!(found, ["开启", "2fa", "认证", "two", "factor"]);
}

#[test]
fn a_chinese_question_finds_the_article_about_it_first() {
    let docs = library();
    assert_eq!(slugs(&docs, "账户被锁定").first().map(String::as_str), Some("locked"));
    assert_eq!(slugs(&docs, "提现失败").first().map(String::as_str), Some("withdraw-failed"));
    assert_eq!(slugs(&docs, "双因素").first().map(String::as_str), Some("two-factor"));
}

#[test]
fn a_single_chinese_character_still_finds_articles() {
    assert_eq!(slugs(&library(), "锁").first().map(String::as_str), Some("locked"));
}

#[test]
fn an_english_word_with_one_typo_is_still_found() {
    assert_eq!(slugs(&library(), "withdrawl").first().map(String::as_str), Some("withdrawal"));
}

#[test]
fn a_prefix_typed_so_far_finds_the_word() {
    assert_eq!(slugs(&library(), "withdr").first().map(String::as_str), Some("withdrawal"));
}

#[test]
fn plural_and_singular_forms_meet() {
    assert!(slugs(&library(), "payment").contains(&"payments".to_string()));
    assert!(slugs(&library(), "withdrawals").contains(&"withdrawal".to_string()));
}

#[test]
fn a_title_match_outranks_a_body_match() {
    let docs = vec![
        doc("body", "Something else", &[], "all about passwords here"),
        doc("title", "Choosing a password", &[], "text"),
    ];
    assert_eq!(slugs(&docs, "password"), ["title", "body"]);
}

#[test]
fn an_abbreviation_in_keywords_is_found_in_both_languages() {
    let found = slugs(&library(), "2fa");
    assert!(found.contains(&"two-factor".to_string()) && found.contains(&"security".to_string()));
}

#[test]
fn unrelated_or_empty_queries_find_nothing() {
    assert!(slugs(&library(), "").is_empty());
    assert!(slugs(&library(), "  ，。 ").is_empty());
    assert!(slugs(&library(), "zebra").is_empty());
}

#[test]
fn short_words_are_not_matched_loosely() {
    // "at" is neither a prefix match (too short) nor a one-typo match of "account".
    assert!(!slugs(&library(), "ab").contains(&"security".to_string()));
}

#[test]
fn one_edit_means_one_insertion_deletion_or_substitution() {
    assert!(within_one_edit("withdrawl", "withdrawal"));
    assert!(within_one_edit("pasword", "password"));
    assert!(within_one_edit("passwerd", "password"));
    assert!(within_one_edit("same", "same"));
    assert!(!within_one_edit("pswd", "password"));
    assert!(!within_one_edit("lock", "look1"));
}

#[test]
fn matches_are_marked_for_highlighting() {
    let pieces = highlight("Your account is locked", "LOCK acc");
    assert_eq!(
        pieces,
        vec![
            ("Your ".to_string(), false),
            ("acc".to_string(), true),
            ("ount is ".to_string(), false),
            ("lock".to_string(), true),
            ("ed".to_string(), false),
        ]
    );
    let chinese = highlight("账户被锁定怎么办", "锁定");
    assert_eq!(chinese[1], ("锁定".to_string(), true));
}

#[test]
fn a_query_inside_a_word_is_not_highlighted() {
    assert!(highlight("unlock", "lock").iter().all(|(_, marked)| !marked));
}
