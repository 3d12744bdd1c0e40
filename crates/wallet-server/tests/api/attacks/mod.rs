//! Attacks found in review, each performed against the server as an attacker (or a clumsy
//! user) would: the test fails on the behaviour the review found and passes on the fix.

mod amounts;
mod at_rest;
mod enumeration;
mod locks;
mod parallel;
mod payments_2fa;
mod sign_up;
mod notices;
