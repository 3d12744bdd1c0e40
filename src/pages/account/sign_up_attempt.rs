//! The sign-up this tab started: its token, kept for the sign-up and e-mail check pages.

/// Where this tab keeps its sign-up attempt's token (sessionStorage: this tab only, gone with
/// it), so that the code it verifies can only complete its own sign-up.
const SIGN_UP_ATTEMPT_KEY: &str = "wallet.sign-up-attempt";

fn tab_storage() -> Option<web_sys::Storage> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    web_sys::window()?.session_storage().ok().flatten()
}

/// The stored form of an attempt: the address (lower-cased, trimmed), a newline, the token.
fn attempt_entry(email: &str, attempt: &str) -> String {
    format!("{}\n{attempt}", email.trim().to_lowercase())
}

/// The token in `entry`, if it is for `email`.
fn attempt_for(entry: &str, email: &str) -> Option<String> {
    let (stored, token) = entry.split_once('\n')?;
    (stored == email.trim().to_lowercase() && !token.is_empty()).then(|| token.to_string())
}

/// Keeps the token of the sign-up this tab just started for `email`.
pub fn remember_sign_up_attempt(email: &str, attempt: Option<&str>) {
    let Some(storage) = tab_storage() else { return };
    let _ = match attempt {
        Some(attempt) => storage.set_item(SIGN_UP_ATTEMPT_KEY, &attempt_entry(email, attempt)),
        None => storage.remove_item(SIGN_UP_ATTEMPT_KEY),
    };
}

/// The token of this tab's sign-up for `email`, if it started one.
pub fn sign_up_attempt(email: &str) -> Option<String> {
    let entry = tab_storage()?.get_item(SIGN_UP_ATTEMPT_KEY).ok().flatten()?;
    attempt_for(&entry, email)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sign_up_attempt_is_found_only_for_its_own_address() {
        let entry = super::attempt_entry(" Li.Wei@Example.com ", "tok");
        assert_eq!(super::attempt_for(&entry, "li.wei@example.com"), Some("tok".to_string()));
        assert_eq!(super::attempt_for(&entry, "other@example.com"), None);
        assert_eq!(super::attempt_for("li.wei@example.com\n", "li.wei@example.com"), None);
    }
}
