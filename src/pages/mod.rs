pub mod contact;
pub mod home;
pub mod not_found;
pub mod help;
