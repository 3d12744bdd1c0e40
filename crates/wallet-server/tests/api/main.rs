//! Black-box tests of the server: each starts the real server on port 0 with a fresh SQLite
//! database and talks HTTP to it.

mod helpers;

mod health;
mod logs;
mod openapi;
mod web;
mod accounts;
mod money;
mod attacks;
mod withdrawals;
