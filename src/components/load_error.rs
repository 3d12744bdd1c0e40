use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::error_notice::ErrorNotice;

/// The fallback of an `<ErrorBoundary>` around API reads: the first error, translated.
pub fn load_error(errors: ArcRwSignal<Errors>) -> impl IntoView {
    move || {
        errors.with(|errors| {
            errors.iter().next().map(|(_, error)| {
                let error = error.downcast_ref::<ApiError>().cloned().unwrap_or(ApiError::Unexpected { status: 0 });
                view! { <ErrorNotice error /> }
            })
        })
    }
}
