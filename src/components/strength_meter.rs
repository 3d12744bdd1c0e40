//! How strong a new password is, live as it is typed, with what to change. The same check
//! (`password-strength`) runs on the server, so a password the meter accepts is accepted.

use leptos::prelude::*;
use leptos_i18n::I18nContext;
use password_strength::{assess, Assessment, MIN_LENGTH};
use wallet_api::{ErrorDetail, PasswordProblem};

use crate::api::ApiError;
use crate::i18n::*;

/// The strength check, with the user's own details (name, e-mail, phone) as words to avoid.
pub fn assess_with(password: &str, personal: &[String]) -> Assessment {
    let personal: Vec<&str> = personal.iter().map(String::as_str).filter(|p| !p.trim().is_empty()).collect();
    assess(password, &personal)
}

/// What to change about a password, in the reader's language.
pub fn problem_hint(i18n: I18nContext<Locale>, problem: PasswordProblem) -> String {
    match problem {
        // The limits are written in the texts (a test checks they match the crate's).
        PasswordProblem::TooShort => t_string!(i18n, password.problem_too_short).to_string(),
        PasswordProblem::TooLong => t_string!(i18n, password.problem_too_long).to_string(),
        PasswordProblem::Common => t_string!(i18n, password.problem_common).to_string(),
        PasswordProblem::ContainsPersonalInfo => t_string!(i18n, password.problem_personal).to_string(),
        PasswordProblem::Repetitive => t_string!(i18n, password.problem_repetitive).to_string(),
        PasswordProblem::Sequence => t_string!(i18n, password.problem_sequence).to_string(),
        PasswordProblem::TooPredictable => t_string!(i18n, password.problem_predictable).to_string(),
    }
}

/// "Choose a stronger password" and what to change, for the password field's error.
pub fn weak_password_message(i18n: I18nContext<Locale>, problems: &[PasswordProblem]) -> String {
    let problems = if problems.is_empty() { &[PasswordProblem::TooPredictable][..] } else { problems };
    let mut parts = vec![t_string!(i18n, password.too_weak).to_string()];
    parts.extend(problems.iter().map(|&p| problem_hint(i18n, p)));
    parts.join(" ")
}

/// The browser's verdict on a new password before sending: the message, or `None` when the
/// password may be used.
pub fn new_password_error(i18n: I18nContext<Locale>, password: &str, personal: &[String]) -> Option<String> {
    if password.is_empty() {
        return Some(t_string!(i18n, password.required).to_string());
    }
    new_password_problems(password, personal).map(|problems| weak_password_message(i18n, &problems))
}

/// The server's `PASSWORD_TOO_WEAK`, said as the browser's check says it; `None` for any
/// other error.
pub fn server_weak_password_message(i18n: I18nContext<Locale>, error: &ApiError) -> Option<String> {
    refused_password_problems(error).map(|problems| weak_password_message(i18n, &problems))
}

/// What keeps a new password from being accepted, or `None` when it may be used.
pub fn new_password_problems(password: &str, personal: &[String]) -> Option<Vec<PasswordProblem>> {
    let assessment = assess_with(password, personal);
    (!assessment.acceptable()).then_some(assessment.problems)
}

/// The problems the server found with a password it refused (`PASSWORD_TOO_WEAK`); `None`
/// for any other error.
pub fn refused_password_problems(error: &ApiError) -> Option<Vec<PasswordProblem>> {
    match error {
        ApiError::Server { error, .. } if error.code == wallet_api::ErrorCode::PasswordTooWeak => match &error.detail() {
            Some(ErrorDetail::WeakPassword { problems }) => Some(problems.clone()),
            _ => Some(Vec::new()),
        },
        _ => None,
    }
}

fn score_label(i18n: I18nContext<Locale>, score: u8) -> String {
    match score {
        0 => t_string!(i18n, password.strength_very_weak),
        1 => t_string!(i18n, password.strength_weak),
        2 => t_string!(i18n, password.strength_fair),
        3 => t_string!(i18n, password.strength_good),
        _ => t_string!(i18n, password.strength_strong),
    }
    .to_string()
}

#[derive(Debug, Clone, PartialEq)]
struct Verdict {
    score: u8,
    acceptable: bool,
    problems: Vec<PasswordProblem>,
}

/// A meter (0 to 4) with its label and the hints, announced politely as the password changes.
/// Give the password field `described_by_also=id` so the meter describes it.
#[component]
pub fn StrengthMeter(
    #[prop(into)] id: String,
    #[prop(into)] password: Signal<String>,
    /// The user's name, e-mail and phone, which a password should not contain.
    #[prop(into, optional)]
    personal: Signal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // What the view needs of the assessment (the crate's type need not be comparable).
    let assessment = Memo::new(move |_| {
        let password = password.get();
        (!password.is_empty()).then(|| {
            let a = personal.with(|personal| assess_with(&password, personal));
            Verdict { score: a.score, acceptable: a.acceptable(), problems: a.problems }
        })
    });
    let score = move || assessment.with(|a| a.as_ref().map_or(0, |a| a.score));
    let meter_id = format!("{id}-meter");
    let status = move || match assessment.get() {
        None => t!(i18n, password.strength_empty, min = MIN_LENGTH).into_any(),
        Some(a) => {
            let strength = move || score_label(i18n, a.score);
            if a.acceptable {
                t!(i18n, password.strength_acceptable, strength).into_any()
            } else {
                t!(i18n, password.strength_not_yet, strength).into_any()
            }
        }
    };
    let hints = move || {
        assessment
            .get()
            .map(|a| a.problems.into_iter().map(|p| view! { <li>{move || problem_hint(i18n, p)}</li> }).collect_view())
    };
    view! {
        <div id=id class="strength" data-testid="strength-meter">
            <label for=meter_id.clone()>{t!(i18n, password.strength_label)}</label>
            <meter
                id=meter_id
                min="0"
                max="4"
                low="2"
                high="3"
                optimum="4"
                value=move || score().to_string()
                data-score=move || assessment.with(|a| a.as_ref().map(|a| a.score.to_string()).unwrap_or_default())
            ></meter>
            <div aria-live="polite">
                <p class="strength-status" data-testid="strength-status">{status}</p>
                <ul class="strength-hints" data-testid="strength-hints">{hints}</ul>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use password_strength::MAX_LENGTH;
    use serde_json::Value;

    fn text(json: &str, section: &str, key: &str) -> String {
        let locale: Value = serde_json::from_str(json).expect("locale file parses");
        locale[section][key].as_str().unwrap_or_default().to_string()
    }

    #[test]
    fn the_length_hints_state_the_limits_of_the_strength_check() {
        for json in [include_str!("../../locales/en.json"), include_str!("../../locales/zh-CN.json")] {
            assert!(text(json, "password", "problem_too_short").contains(&MIN_LENGTH.to_string()));
            assert!(text(json, "password", "problem_too_long").contains(&MAX_LENGTH.to_string()));
        }
    }

    #[test]
    fn a_long_phrase_of_unrelated_words_is_acceptable_and_a_repeated_letter_is_not() {
        assert_eq!(new_password_problems("Velvet-Harbor-Quiz-47-Ember", &[]), None);
        let problems = new_password_problems("aaaaaaaaaaaa", &[]).expect("refused");
        assert!(problems.contains(&PasswordProblem::Repetitive));
    }

    #[test]
    fn the_users_own_details_count_against_a_password() {
        let personal = vec!["li.wei@example.com".to_string(), "".to_string()];
        let problems = new_password_problems("Li.Wei-Harbor-Quiz-Ember", &personal).expect("refused");
        assert!(problems.contains(&PasswordProblem::ContainsPersonalInfo));
    }

    #[test]
    fn a_refusal_without_the_problems_still_asks_for_a_stronger_password() {
        let error = ApiError::Server {
            status: 422,
            error: crate::api::ServerError::new(wallet_api::ErrorCode::PasswordTooWeak, "weak"),
        };
        assert_eq!(refused_password_problems(&error), Some(Vec::new()));
        assert_eq!(refused_password_problems(&ApiError::Network), None);
    }
}
