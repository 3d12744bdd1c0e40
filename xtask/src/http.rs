//! A plain HTTP/1.0 client for the local wallet-server (one request per connection; HTTP/1.0
//! so the answer is never chunked): enough for the benches and the crash and load tests
//! without an HTTP client dependency.

use anyhow::Context;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

pub const DEMO_EMAIL: &str = "demo@wallet.example";
pub const FRIEND_EMAIL: &str = "friend@wallet.example";
pub const DEMO_PASSWORD: &str = "Lantern-Harbour-Sunrise-42";

/// What `request` got back.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Why `request` got no answer.
#[derive(Debug)]
pub enum Failure {
    /// The connection was refused or not made: the request never reached the server.
    NotSent(std::io::Error),
    /// Sent (at least in part), but no complete answer came back: the server may or may not
    /// have acted on it.
    NoAnswer(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NotSent(error) => write!(f, "not sent: {error}"),
            Failure::NoAnswer(why) => write!(f, "no answer: {why}"),
        }
    }
}

impl std::error::Error for Failure {}

/// One exchange with the server at `address` (`host:port`), waiting at most `timeout` for the
/// answer.
pub fn request(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    timeout: Duration,
) -> Result<Answer, Failure> {
    let socket = address
        .to_socket_addrs()
        .map_err(Failure::NotSent)?
        .next()
        .ok_or_else(|| Failure::NotSent(std::io::Error::other(format!("{address} has no address"))))?;
    let mut stream = TcpStream::connect_timeout(&socket, Duration::from_secs(5)).map_err(Failure::NotSent)?;
    let no_answer = |error: std::io::Error| Failure::NoAnswer(error.to_string());
    stream.set_read_timeout(Some(timeout)).map_err(no_answer)?;
    stream.set_write_timeout(Some(timeout)).map_err(no_answer)?;
    let mut text = format!("{method} {path} HTTP/1.0\r\nhost: {address}\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or("");
    if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) && !body.is_empty() {
        text.push_str("content-type: application/json\r\n");
    }
    text.push_str(&format!("content-length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(text.as_bytes()).map_err(no_answer)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(no_answer)?;
    parse(&answer).ok_or_else(|| Failure::NoAnswer(format!("an incomplete answer of {} bytes", answer.len())))
}

fn parse(answer: &[u8]) -> Option<Answer> {
    let answer = String::from_utf8_lossy(answer);
    let (head, body) = answer.split_once("\r\n\r\n")?;
    let mut lines = head.lines();
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect();
    // A connection cut mid-body still parses; the length tells.
    let length = headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("content-length"));
    if let Some(length) = length.and_then(|(_, value)| value.parse::<usize>().ok()) {
        if body.len() < length {
            return None;
        }
    }
    Some(Answer { status, headers, body: body.to_string() })
}

/// `request` with a 30-second timeout, any failure as an error.
pub fn call(address: &str, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> anyhow::Result<Answer> {
    request(address, method, path, headers, body, Duration::from_secs(30))
        .with_context(|| format!("{method} {path} on {address}"))
}

/// The session cookie (`name=value`) an answer sets.
pub fn session_cookie(answer: &Answer) -> anyhow::Result<String> {
    let cookie = answer
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, value)| value.split(';').next())
        .find(|pair| pair.contains("wallet_session="))
        .context("the answer set no session cookie")?;
    Ok(cookie.to_string())
}

/// A signed-in session: the cookie pair to send back and the CSRF token for state changes.
#[derive(Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

impl Session {
    /// Signs in an account without 2FA; a busy or rate-limited server (429, 503) is asked
    /// again a few times.
    pub fn sign_in(address: &str, email: &str, password: &str) -> anyhow::Result<Session> {
        let body = serde_json::json!({ "email": email, "password": password }).to_string();
        let mut answer = call(address, "POST", "/api/v1/auth/sign-in", &[("x-wallet-csrf", "1")], Some(&body))?;
        for _ in 0..20 {
            if !matches!(answer.status, 429 | 503) {
                break;
            }
            std::thread::sleep(Duration::from_millis(500));
            // Before a session the CSRF header need only be present (the app sends "1").
            answer = call(address, "POST", "/api/v1/auth/sign-in", &[("x-wallet-csrf", "1")], Some(&body))?;
        }
        anyhow::ensure!(answer.status == 200, "sign-in as {email} answered {}: {}", answer.status, answer.body);
        let cookie = session_cookie(&answer)?;
        let outcome: serde_json::Value = serde_json::from_str(&answer.body).context("sign-in answer")?;
        anyhow::ensure!(outcome["outcome"] == "signed_in", "sign-in as {email}: {outcome}");
        let csrf = outcome["session"]["csrf_token"].as_str().context("sign-in answer has no session.csrf_token")?.to_string();
        Ok(Session { cookie, csrf })
    }

    pub fn get(&self, address: &str, path: &str) -> anyhow::Result<Answer> {
        call(address, "GET", path, &[("cookie", &self.cookie)], None)
    }
}
