pub mod forgot_password;
pub mod sign_in;
pub mod sign_up;
pub mod sign_up_attempt;
pub mod unlock;
pub mod verify_email;
