//! A QR code drawn by the app itself as inline SVG: the 2FA secret never leaves the page
//! (no third-party image service) and no markup is injected as text.

use leptos::prelude::*;
use qrcode::{Color, QrCode};

/// Light modules around the code, as the QR specification asks, so scanners find its edges.
const QUIET_ZONE: usize = 4;

/// The side of the drawing in modules and one SVG path of all dark modules (one unit square
/// each), or `None` when `data` is too long for a QR code.
pub fn qr_path(data: &str) -> Option<(usize, String)> {
    let code = QrCode::new(data.as_bytes()).ok()?;
    let width = code.width();
    let mut path = String::new();
    for (index, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (index % width + QUIET_ZONE, index / width + QUIET_ZONE);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some((width + 2 * QUIET_ZONE, path))
}

/// `data` as a QR code, with `label` as its accessible name.
#[component]
pub fn QrCodeImage(data: String, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let Some((side, path)) = qr_path(&data) else {
        return ().into_any();
    };
    view! {
        <svg
            class="qr-code"
            role="img"
            aria-label=label
            viewBox=format!("0 0 {side} {side}")
            shape-rendering="crispEdges"
            data-testid="qr-code"
        >
            <rect class="qr-light" width=side height=side />
            <path class="qr-dark" d=path />
        </svg>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_otpauth_address_becomes_a_square_with_a_quiet_zone() {
        let uri = "otpauth://totp/OKPay:ana@example.com?secret=JBSWY3DPEHPK3PXP&issuer=OKPay";
        let (side, path) = qr_path(uri).expect("fits in a QR code");
        let modules = side - 2 * QUIET_ZONE;
        assert_eq!((modules - 21) % 4, 0, "a QR code is 21 + 4n modules wide");
        // The finder pattern's top-left module is dark and sits just inside the quiet zone.
        assert!(path.starts_with("M4 4h1v1h-1z"));
        assert!(path.matches('M').count() > modules * modules / 4);
    }

    #[test]
    fn data_too_long_for_any_qr_code_draws_nothing() {
        assert_eq!(qr_path(&"x".repeat(5000)), None);
    }
}
