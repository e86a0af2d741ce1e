"""Checks a running production layout (deploy/smoke.sh starts it): gunicorn for pages and the API,
uvicorn for WebSockets, a task worker, all on PostgreSQL and Redis with production settings.

    python deploy/smoke_check.py --web http://127.0.0.1:18000 --ws ws://127.0.0.1:18001 --host alongside.test
    python deploy/smoke_check.py --proxy https://127.0.0.1:18443 --cafile cert.pem --host alongside.test

Direct mode sends requests straight to the processes, as nginx would: with the public Host header and
X-Forwarded-Proto: https (SSL redirect is on). Proxy mode goes through nginx with the example
configuration (deploy/nginx/alongside.conf), as a browser would. One line per check; exit 1 on failure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import ssl
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

failures: list[str] = []


def check(name: str) -> Callable[[Callable[[], str | None]], None]:
    def run(fn: Callable[[], str | None]) -> None:
        try:
            detail = fn()
        except Exception as exc:  # a failed check is reported, and the others still run
            failures.append(name)
            print(f"  FAIL {name}: {type(exc).__name__}: {exc}")
        else:
            print(f"  ok   {name}{f' ({detail})' if detail else ''}")

    return run


class Web:
    """HTTP(S) with a Host header of our choosing and a cookie jar that sends Secure cookies anyway."""

    def __init__(self, base: str, host: str, *, behind_proxy: bool, context: ssl.SSLContext | None = None) -> None:
        parts = urllib.parse.urlsplit(base)
        self.https = parts.scheme == "https"
        self.address = (parts.hostname or "127.0.0.1", parts.port or (443 if self.https else 80))
        self.host = host
        self.context = context
        # Straight to gunicorn, we add what nginx would; through nginx, nginx adds it.
        self.extra = {} if behind_proxy else {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        *,
        body: dict[str, str] | None = None,
        headers: dict[str, str | None] | None = None,
    ) -> tuple[int, dict[str, str], list[str], str]:
        all_headers: dict[str, str | None] = {"Host": self.host, **self.extra}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["Origin"] = f"https://{self.host}"
            all_headers["Referer"] = f"https://{self.host}{path}"
        all_headers.update(headers or {})
        sent = {k: v for k, v in all_headers.items() if v is not None}
        if self.https:
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                *self.address, timeout=10, context=self.context
            )
        else:
            connection = http.client.HTTPConnection(*self.address, timeout=10)
        try:
            connection.request(method, path, body=data, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            set_cookies = response.headers.get_all("Set-Cookie") or []
            for cookie in set_cookies:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            merged: dict[str, str] = {}
            for key, value in response.getheaders():  # a repeated header (Cache-Control) keeps every value
                merged[key.lower()] = f"{merged[key.lower()]}, {value}" if key.lower() in merged else value
            return response.status, merged, set_cookies, text
        finally:
            connection.close()


def seed_peer() -> tuple[str, str, str]:
    """A peer (no second step needed) to sign in as, created through the ORM with these settings."""
    import django

    django.setup()
    from alongside.accounts.models import Network, Organization
    from alongside.accounts.roles import Role
    from alongside.accounts.services import user_create_with_membership

    network, _ = Network.objects.get_or_create(name="Smoke network")
    org, _ = Organization.objects.get_or_create(
        slug="smoke", defaults={"name": "Smoke Peer Center", "network": network}
    )
    email = f"peer-{secrets.token_hex(4)}@smoke.test"
    password = secrets.token_urlsafe(16)
    user_create_with_membership(
        email=email, full_name="Smoke Peer", password=password, organization=org, role=Role.PEER
    )
    return email, password, "Smoke Peer"


def run_checks(web: Web, ws_base: str, host: str, *, proxy: bool, context: ssl.SSLContext | None) -> None:
    email, password, full_name = seed_peer()
    state: dict[str, str] = {}

    @check("GET /health answers 200 ok")
    def _() -> str | None:
        status, _, _, text = web.request("GET", "/health")
        assert status == 200 and json.loads(text)["status"] == "ok", (status, text[:200])
        return None

    if not proxy:

        @check("plain http is redirected to https")
        def _() -> str | None:
            status, headers, _, _ = web.request("GET", "/health", headers={"X-Forwarded-Proto": None})
            assert status == 301 and headers["location"] == f"https://{host}/health", (status, headers.get("location"))
            return headers["location"]

        @check("an unknown Host is refused")
        def _() -> str | None:
            status, _, _, _ = web.request("GET", "/health", headers={"Host": "evil.test"})
            assert status == 400, status
            return None

    @check("GET /account/login/ answers 200 with security headers and __Host- cookies")
    def _() -> str | None:
        status, headers, cookies, text = web.request("GET", "/account/login/")
        assert status == 200, status
        assert "max-age=" in headers.get("strict-transport-security", ""), "no HSTS"
        assert "default-src 'self'" in headers.get("content-security-policy", ""), "no CSP"
        assert headers.get("x-frame-options") == "DENY", headers.get("x-frame-options")
        csrf = [c for c in cookies if c.startswith("__Host-csrftoken=")]
        assert csrf and "Secure" in csrf[0], cookies
        assert "988" in text, "no crisis line on the login page"
        state["login"] = text
        return None

    @check("the stylesheet is served under its hashed name" + (" by nginx, cached for a year" if proxy else ""))
    def _() -> str | None:
        match = re.search(r'<link rel="stylesheet" href="([^"]+)"', state["login"])
        assert match, "no stylesheet link"
        href = match.group(1)
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), f"not a hashed name: {href}"
        status, headers, _, _ = web.request("GET", href)
        assert status == 200 and headers["content-type"].startswith("text/css"), (status, headers.get("content-type"))
        if proxy:
            # nginx's "expires 1y" (whitenoise, behind it, would say 10 years).
            assert "max-age=31536000" in headers.get("cache-control", ""), headers.get("cache-control")
            assert headers.get("x-content-type-options") == "nosniff", headers.get("x-content-type-options")
        return href

    @check("a peer signs in (session cookie is __Host-, Secure, HttpOnly) and sees the home page")
    def _() -> str | None:
        match = re.search(r'<form action="" method="post".*?</form>', state["login"], re.S)
        assert match, "no sign-in form"
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', match.group(0)))
        fields.update({"auth-username": email, "auth-password": password})
        status, _, cookies, text = web.request("POST", "/account/login/", body=fields)
        assert status == 302, (status, text[:500])
        session = [c for c in cookies if c.startswith("__Host-sessionid=")]
        assert session and "Secure" in session[0] and "HttpOnly" in session[0], cookies
        status, _, _, text = web.request("GET", "/")
        assert status == 200 and full_name in text, status
        return None

    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    ws_url = f"{ws_base}/ws/ping/"
    origin = f"https://{host}"
    session_cookie = f"__Host-sessionid={web.cookies.get('__Host-sessionid', '')}"
    tls = {"ssl": context} if ws_url.startswith("wss:") else {}

    if not proxy:

        @check("WebSocket /ws/ping/ without a session is refused")
        def _() -> str | None:
            try:
                with connect(ws_url, origin=origin, open_timeout=5) as ws:  # type: ignore[arg-type]
                    ws.recv(timeout=5)
            except InvalidStatus as exc:
                assert exc.response.status_code == 403, exc.response.status_code
                return "403"
            raise AssertionError("the socket stayed open")

        @check("WebSocket from another site's page is refused")
        def _() -> str | None:
            headers = {"Cookie": session_cookie}
            try:
                with connect(ws_url, origin="https://evil.test", additional_headers=headers, open_timeout=5):  # type: ignore[arg-type]
                    pass
            except InvalidStatus as exc:
                assert exc.response.status_code == 403, exc.response.status_code
                return "403"
            raise AssertionError("accepted a cross-site WebSocket")

    @check("WebSocket with the session: ping comes back as pong through the Redis channel layer")
    def _() -> str | None:
        headers = {"Cookie": session_cookie}
        with connect(ws_url, origin=origin, additional_headers=headers, open_timeout=5, **tls) as ws:  # type: ignore[arg-type]
            ws.send(json.dumps({"type": "ping"}))
            reply = json.loads(ws.recv(timeout=5))
        assert reply == {"type": "pong"}, reply
        return None

    if not proxy:

        @check("a task enqueued here is run by the worker")
        def _() -> str | None:
            from django_tasks import TaskResultStatus

            from alongside.outbox.tasks import outbox_sweep

            result = outbox_sweep.enqueue()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                result.refresh()
                if result.status in {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}:
                    break
                time.sleep(0.2)
            assert result.status == TaskResultStatus.SUCCESSFUL, result.status
            return f"{result.task.name} {result.status}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True, help="the public host name (in DJANGO_ALLOWED_HOSTS)")
    parser.add_argument("--web", help="gunicorn, e.g. http://127.0.0.1:18000")
    parser.add_argument("--ws", help="uvicorn, e.g. ws://127.0.0.1:18001")
    parser.add_argument("--proxy", help="nginx, e.g. https://127.0.0.1:18443 (instead of --web and --ws)")
    parser.add_argument("--cafile", help="the certificate nginx presents")
    args = parser.parse_args()
    if args.proxy:
        context = ssl.create_default_context(cafile=args.cafile)
        web = Web(args.proxy, args.host, behind_proxy=True, context=context)
        run_checks(web, "wss://" + args.proxy.split("://", 1)[1], args.host, proxy=True, context=context)
    else:
        if not (args.web and args.ws):
            parser.error("give --web and --ws, or --proxy")
        run_checks(Web(args.web, args.host, behind_proxy=False), args.ws, args.host, proxy=False, context=None)
    if failures:
        print(f"{len(failures)} check(s) failed: {', '.join(failures)}")
        return 1
    print("All checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
