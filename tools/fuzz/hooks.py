"""Schemathesis hooks for `cargo xtask test fuzz` (loaded through SCHEMATHESIS_HOOKS).

Every generated case is sent signed in as a demo account: the session cookie and the session's
own CSRF token (required on every state-changing request). Some operations end the session
(sign-out, a lock after wrong passwords); when a response is 401 the provider signs in again
and schemathesis replays the case once with the new session (its `retry_on` default). A
sign-in refused by the per-address rate limit (429) waits as long as the server says, a few
times; a locked account (423) makes way for the next demo account; when none can sign in, the
cases go signed out and get the documented 401. The hotline's check gets the demo support token.

Environment (set by xtask/src/fuzz.rs):
  WALLET_FUZZ_URL       the server's origin, e.g. http://127.0.0.1:40123
  WALLET_FUZZ_ACCOUNTS  demo accounts to sign in as, comma-separated, tried in order
  WALLET_FUZZ_REAUTH    1: re-authenticate each new session (for the operations behind it)
"""

import os
import sys
import time

import requests
import schemathesis

URL = os.environ.get("WALLET_FUZZ_URL", "http://127.0.0.1:8080").rstrip("/")
PASSWORD = "Lantern-Harbour-Sunrise-42"
# Tried in order: when one is locked (423) or refused, the next one signs in.
ACCOUNTS = os.environ.get("WALLET_FUZZ_ACCOUNTS", "demo@wallet.example,friend@wallet.example").split(",")
# Re-authenticate right after signing in, so operations behind a recent re-authentication
# (2FA enrolment, recovery codes, password change) reach their own logic.
REAUTH = os.environ.get("WALLET_FUZZ_REAUTH") == "1"
# How many times a sign-in waits for the rate limit before giving up.
WAITS = 8
COOKIE = "__Host-wallet_session"
CSRF_HEADER = "x-wallet-csrf"
API = f"{URL}/api/v1"
warned = set()


def note(message):
    if message not in warned:
        warned.add(message)
        print(f"fuzz hooks: {message}", file=sys.stderr, flush=True)


def post(path, body, headers):
    """POST that waits out the per-address rate limit (429 with `Retry-After` or the seconds in
    its `detail`) a few times: the limit is respected, never turned off."""
    for _ in range(WAITS):
        response = requests.post(f"{API}{path}", json=body, headers=headers, timeout=60)
        if response.status_code != 429:
            return response
        try:
            seconds = int(response.headers.get("retry-after") or response.json()["detail"]["seconds"])
        except (KeyError, TypeError, ValueError):
            seconds = 2
        time.sleep(min(max(seconds, 1), 10))
    return response


def sign_in(email):
    """A fresh session as `email`: (cookie value, CSRF token), or None when refused."""
    # Signed out, any non-empty value passes the CSRF check.
    response = post("/auth/sign-in", {"email": email, "password": PASSWORD}, {CSRF_HEADER: "1"})
    if response.status_code != 200:
        note(f"sign-in as {email} refused: {response.status_code} {response.text[:200]}")
        return None
    # The cookie is `Secure`, so it is read from the header rather than from a cookie jar
    # that would refuse it over plain http.
    cookie = None
    for header in response.raw.headers.getlist("set-cookie"):
        name, _, rest = header.partition("=")
        if name.strip() == COOKIE:
            cookie = rest.split(";", 1)[0]
    if not cookie:
        raise RuntimeError(f"sign-in as {email} set no {COOKIE} cookie")
    csrf = response.json()["session"]["csrf_token"]
    if REAUTH:
        granted = post("/session/reauth", {"password": PASSWORD}, {CSRF_HEADER: csrf, "Cookie": f"{COOKIE}={cookie}"})
        if granted.status_code != 200:
            note(f"re-authentication as {email} refused: {granted.status_code} {granted.text[:200]}")
    return cookie, csrf


# Cached for the run; a 401 (the session was ended by sign-out, "this wasn't me", a lock...)
# makes schemathesis call `get` again and replay the case once.
@schemathesis.auth(refresh_interval=3600)
class DemoSession:
    def get(self, case, context):
        for email in ACCOUNTS:
            session = sign_in(email)
            if session:
                return session
        # Every account is locked or the address is rate limited: the lock and the limits
        # are the server's security working, not a failure. The case goes signed out, and its
        # 401 is documented.
        note("no demo account can sign in now (locked or rate limited): cases run signed out")
        return None

    def set(self, case, data, context):
        cookie, csrf = data
        case.headers = dict(case.headers or {})
        case.headers["Cookie"] = f"{COOKIE}={cookie}"
        case.headers[CSRF_HEADER] = csrf
        if case.operation.path.endswith("/support/call-code/check"):
            # The hotline's check takes the support token, not a session (demo mode's token).
            case.headers.setdefault("Authorization", "Bearer demo-support-token")
