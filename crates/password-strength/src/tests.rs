use super::*;
use wallet_api::PasswordProblem::*;

const PERSONAL: [&str; 3] = ["zhang.wei88@example.com", "Zhang Wei", "+86 138 0013 8000"];

fn problems(password: &str) -> Vec<PasswordProblem> {
    assess(password, &PERSONAL).problems
}

#[test]
fn eleven_characters_are_too_short() {
    assert!(problems("gT7#qP2!zR9").contains(&TooShort));
    assert!(!problems("gT7#qP2!zR9w").contains(&TooShort));
}

#[test]
fn a_129_character_password_is_too_long() {
    let password: String = "gT7#qP2!zR9w&k".chars().cycle().take(129).collect();
    assert!(problems(&password).contains(&TooLong));
    assert!(!problems(&password[..128]).contains(&TooLong));
}

#[test]
fn length_counts_characters_not_bytes() {
    // 12 characters, 36 bytes in UTF-8.
    let chinese = assess("我的密码是一句很长的话啊", &[]);
    assert!(chinese.acceptable(), "{chinese:?}");
    assert!(problems("我的密码是一句很长的话").contains(&TooShort));
    let emojis = assess("🔐🐼🌙🎸🍜🚲🦊🌵🎈🧩🪁🍩", &[]);
    assert!(emojis.acceptable(), "{emojis:?}");
}

#[test]
fn a_common_password_with_digits_is_refused() {
    let assessment = assess("Password1234", &[]);
    assert_eq!(assessment.problems, [Common]);
    assert_eq!(assessment.score, 0);
}

#[test]
fn a_common_password_with_a_year_is_refused() {
    assert!(problems("sunshine2024").contains(&Common));
    assert!(problems("Summer2024!!").contains(&Common));
}

#[test]
fn a_repeated_common_password_is_refused() {
    assert!(problems("monkeymonkey").contains(&Common));
    assert!(problems("dragon1990dragon1990").contains(&Common));
}

#[test]
fn leetspeak_does_not_hide_a_common_password() {
    assert!(problems("P@ssw0rd2024!").contains(&Common));
    assert!(problems("!!@dm1n2024!!").contains(&Common));
}

#[test]
fn favourite_passwords_of_chinese_users_are_refused() {
    for password in ["woaini1314520", "Nihao12345678", "zhongguo2024!", "520131452013145201314"] {
        assert!(problems(password).contains(&Common) || problems(password).contains(&Repetitive), "{password}");
    }
    assert!(problems("5201314!!!!!!").contains(&Common));
}

#[test]
fn the_users_email_name_inside_the_password_is_refused() {
    assert!(assess("Blue-zhang.wei88-Piano!", &PERSONAL).problems.contains(&ContainsPersonalInfo));
    assert!(assess("tulip#ZhangSeven%92", &["zhang@example.com"]).problems.contains(&ContainsPersonalInfo));
}

#[test]
fn a_word_of_the_display_name_inside_the_password_is_refused() {
    assert!(problems("Violin$Wei&Harbour9").contains(&ContainsPersonalInfo));
    assert!(assess("月光张伟钢琴海边的风2024", &["张伟"]).problems.contains(&ContainsPersonalInfo));
}

#[test]
fn four_digits_of_the_phone_inside_the_password_is_refused() {
    assert!(problems("tulip#0013-piano").contains(&ContainsPersonalInfo));
    assert!(!problems("tulip#0031-piano").contains(&ContainsPersonalInfo));
}

#[test]
fn short_name_words_and_empty_details_are_ignored() {
    let assessment = assess("Violin$Li&Harbour9", &["Li Na", "", "   ", "@", "ab@example.com"]);
    assert!(!assessment.problems.contains(&ContainsPersonalInfo), "{assessment:?}");
}

#[test]
fn one_repeated_character_is_repetitive() {
    assert!(problems("aaaaaaaaaaaa").contains(&Repetitive));
    assert!(problems("🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥").contains(&Repetitive));
}

#[test]
fn a_repeated_chunk_is_repetitive() {
    assert!(problems("abcabcabcabc").contains(&Repetitive));
    assert!(problems("xk#9xk#9xk#9").contains(&Repetitive));
}

#[test]
fn an_alphabet_run_is_a_sequence() {
    assert_eq!(problems("abcdefghijklm"), [Sequence]);
}

#[test]
fn descending_digits_and_keyboard_rows_are_sequences() {
    assert!(problems("987654321098").contains(&Sequence));
    assert!(problems("asdfghjklzxcvbnm").contains(&Sequence));
    assert!(problems("POIUYTREWQ!@#").contains(&Sequence));
}

#[test]
fn a_four_word_passphrase_is_acceptable() {
    let assessment = assess("correct horse battery staple 42", &PERSONAL);
    assert!(assessment.acceptable(), "{assessment:?}");
}

#[test]
fn a_random_mix_of_character_classes_is_acceptable() {
    let assessment = assess("gT7#qP2!zR9w&k", &PERSONAL);
    assert!(assessment.acceptable(), "{assessment:?}");
}

#[test]
fn twelve_lower_case_letters_without_a_pattern_are_too_predictable() {
    assert_eq!(assess("kxqzmvbtrplw", &[]), Assessment { score: 2, problems: vec![TooPredictable] });
}

#[test]
fn a_password_with_a_problem_scores_at_most_two() {
    let assessment = assess("correct horse battery staple zhang", &PERSONAL);
    assert_eq!(assessment.problems, [ContainsPersonalInfo]);
    assert!(assessment.score <= 2);
}

#[test]
fn acceptable_means_no_problem_and_a_score_of_three() {
    assert!(Assessment { score: 3, problems: vec![] }.acceptable());
    assert!(!Assessment { score: 2, problems: vec![] }.acceptable());
    assert!(!Assessment { score: 4, problems: vec![Common] }.acceptable());
}

#[test]
fn tr0ub4dor_is_assessed_without_panicking() {
    let assessment = assess("Tr0ub4dor&3xyz", &PERSONAL);
    assert!(assessment.score <= 4);
}

#[test]
fn odd_inputs_never_panic() {
    let long: String = "x".repeat(200);
    let huge: String = "ab1!".repeat(100_000);
    let combining: String = "e\u{301}\u{302}".repeat(10);
    let odd = ["", " ", "            ", "\t\n\r\u{0}", "İİİİİİİİİİİİ", "\u{200f}\u{202e}abc", "ß🏳️‍🌈👨‍👩‍👧", "@$@$@$", "1111"];
    let personal = ["", "@", "@@", "+", "a@", "@b", "İ", "1234", "\u{301}\u{301}\u{301}"];
    for password in odd.iter().copied().chain([long.as_str(), huge.as_str(), combining.as_str()]) {
        let assessment = assess(password, &personal);
        assert!(assessment.score <= 4);
        assert!(!assessment.problems.is_empty() || assessment.score >= 3);
    }
    assert_eq!(problems(""), [TooShort]);
}

#[test]
fn the_common_list_is_sorted_and_unique() {
    let entries: Vec<&str> = common::entries().collect();
    assert!(entries.len() > 2_000);
    for pair in entries.windows(2) {
        assert!(pair[0] < pair[1], "{} then {}", pair[0], pair[1]);
    }
    assert!(entries.iter().all(|entry| entry.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())));
}

#[test]
fn the_common_list_stays_small_for_the_browser() {
    assert!(common::COMMON_TXT.len() < 25_000, "{} bytes", common::COMMON_TXT.len());
}

#[test]
fn a_long_number_is_not_common_merely_for_containing_1234() {
    assert!(!problems("839201234567882").contains(&Common));
}

