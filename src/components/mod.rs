pub mod error_notice;
pub mod hotline_status;
pub mod layout;
pub mod lang_picker;
pub mod theme_picker;
