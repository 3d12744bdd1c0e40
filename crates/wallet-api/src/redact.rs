//! `Debug` for types that carry passwords, codes, tokens or secrets: the secret fields print
//! as `<redacted>`, so a `{:?}` of a whole request can never put one into a log.

/// `redacted_debug!(Type { shown_a, shown_b; secret_a, secret_b })`. Every field must be named
/// (the impl destructures the type), so a field added later is a compile error here until
/// someone decides which side it belongs to.
macro_rules! redacted_debug {
    ($ty:ident { $($shown:ident),* ; $($secret:ident),* $(,)? }) => {
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let $ty { $($shown,)* $($secret: _,)* } = self;
                f.debug_struct(stringify!($ty))
                    $(.field(stringify!($shown), $shown))*
                    $(.field(stringify!($secret), &format_args!("<redacted>")))*
                    .finish()
            }
        }
    };
}

pub(crate) use redacted_debug;

#[cfg(test)]
mod tests {
    use crate::{Lang, ResetPasswordRequest, SignInRequest, SignUpRequest};

    #[test]
    fn a_request_printed_for_a_log_shows_no_password_or_code() {
        let sign_in = SignInRequest { email: "ana@example.com".into(), password: "hunter2-hunter2".into(), time_zone: None };
        let reset = ResetPasswordRequest { email: "ana@example.com".into(), code: "482913".into(), new_password: "s3cret-s3cret".into() };
        let sign_up = SignUpRequest {
            email: "ana@example.com".into(),
            phone: "13800000000".into(),
            display_name: "Ana".into(),
            password: "hunter2-hunter2".into(),
            lang: Lang::En,
        };
        for printed in [format!("{sign_in:?}"), format!("{reset:#?}"), format!("{sign_up:?}")] {
            assert!(printed.contains("ana@example.com"), "{printed}");
            for secret in ["hunter2", "482913", "s3cret"] {
                assert!(!printed.contains(secret), "{printed}");
            }
            assert!(printed.contains("<redacted>"), "{printed}");
        }
    }
}
