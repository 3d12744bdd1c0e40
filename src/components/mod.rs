pub mod call_notes_panel;
pub mod error_notice;
pub mod hotline_status;
pub mod lang_picker;
pub mod layout;
pub mod theme_picker;
pub mod wait_chart;
pub mod require_sign_in;
