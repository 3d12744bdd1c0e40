pub mod account;
pub mod contact;
pub mod help;
pub mod home;
pub mod messages;
pub mod not_found;
pub mod security;
pub mod wallet;
