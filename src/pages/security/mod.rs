pub mod checkup;
pub mod official_channels;
pub mod password;
pub mod sessions;
pub mod two_factor;
