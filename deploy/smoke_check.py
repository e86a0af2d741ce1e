"""Checks a running production layout (deploy/smoke.sh starts it): gunicorn for pages and the API,
uvicorn for WebSockets, a task worker, all on PostgreSQL and Redis with production settings.

    python deploy/smoke_check.py --web http://127.0.0.1:18000 --ws ws://127.0.0.1:18001 --host alongside.test

Requests go straight to the processes, as nginx would send them: with the public Host header and
X-Forwarded-Proto: https (SSL redirect is on). Prints one line per check; exits 1 if any fails.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    """Plain HTTP to gunicorn, with the headers nginx adds and a cookie jar that ignores Secure."""

    def __init__(self, base: str, host: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.address = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.host = host
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, *, body: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], list[str], str]:
        all_headers = {"Host": self.host, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["Origin"] = f"https://{self.host}"
            all_headers["Referer"] = f"https://{self.host}{path}"
        all_headers.update(headers or {})
        all_headers = {k: v for k, v in all_headers.items() if v is not None}
        connection = http.client.HTTPConnection(*self.address, timeout=10)
        try:
            connection.request(method, path, body=data, headers=all_headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            set_cookies = response.headers.get_all("Set-Cookie") or []
            for cookie in set_cookies:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, {k.lower(): v for k, v in response.getheaders()}, set_cookies, text
        finally:
            connection.close()


def seed_peer() -> tuple[str, str, str]:
    """A peer (no second step needed) to sign in as. Created through the ORM with these settings."""
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--web", required=True)
    parser.add_argument("--ws", required=True)
    parser.add_argument("--host", required=True)
    args = parser.parse_args()
    host = args.host
    web = Web(args.web, host)
    email, password, full_name = seed_peer()
    login_page: dict[str, Any] = {}

    @check("GET /health answers 200 ok")
    def _() -> str | None:
        status, _, _, text = web.request("GET", "/health")
        assert status == 200 and json.loads(text)["status"] == "ok", (status, text[:200])
        return None

    @check("plain http is redirected to https")
    def _() -> str | None:
        status, headers, _, _ = web.request("GET", "/health", headers={"X-Forwarded-Proto": None})  # type: ignore[dict-item]
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
        login_page["html"] = text
        return None

    @check("static files are served (hashed names from collectstatic)")
    def _() -> str | None:
        href = re.search(r'<link rel="stylesheet" href="([^"]+)"', login_page["html"]).group(1)  # type: ignore[union-attr]
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), f"not a hashed name: {href}"
        status, headers, _, _ = web.request("GET", href)
        assert status == 200 and headers["content-type"].startswith("text/css"), (status, headers.get("content-type"))
        return href

    @check("a peer signs in through gunicorn (session cookie is __Host-, Secure, HttpOnly)")
    def _() -> str | None:
        form = re.search(r'<form action="" method="post".*?</form>', login_page["html"], re.S).group(0)  # type: ignore[union-attr]
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        fields.update({"auth-username": email, "auth-password": password})
        status, headers, cookies, text = web.request("POST", "/account/login/", body=fields)
        assert status == 302, (status, text[:500])
        session = [c for c in cookies if c.startswith("__Host-sessionid=")]
        assert session and "Secure" in session[0] and "HttpOnly" in session[0], cookies
        status, _, _, text = web.request("GET", "/")
        assert status == 200 and full_name in text, status
        return None

    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    ws_url = f"{args.ws}/ws/ping/"
    origin = f"https://{host}"

    @check("WebSocket /ws/ping/ without a session is refused")
    def _() -> str | None:
        try:
            with connect(ws_url, origin=origin, open_timeout=5) as ws:  # type: ignore[arg-type]
                ws.recv(timeout=5)
        except InvalidStatus as exc:
            assert exc.response.status_code == 403, exc.response.status_code
            return "403"
        except Exception as exc:  # closed right after opening also counts as refused
            if getattr(exc, "rcvd", None) is not None and exc.rcvd.code == 4401:  # type: ignore[attr-defined]
                return "closed 4401"
            raise
        raise AssertionError("the socket stayed open")

    session_cookie = f"__Host-sessionid={web.cookies.get('__Host-sessionid', '')}"

    @check("WebSocket from another site's page is refused")
    def _() -> str | None:
        try:
            with connect(
                ws_url, origin="https://evil.test", additional_headers={"Cookie": session_cookie}, open_timeout=5
            ):  # type: ignore[arg-type]
                pass
        except InvalidStatus as exc:
            assert exc.response.status_code == 403, exc.response.status_code
            return "403"
        raise AssertionError("accepted a cross-site WebSocket")

    @check("WebSocket with the session: ping comes back as pong through the Redis channel layer")
    def _() -> str | None:
        with connect(ws_url, origin=origin, additional_headers={"Cookie": session_cookie}, open_timeout=5) as ws:  # type: ignore[arg-type]
            ws.send(json.dumps({"type": "ping"}))
            reply = json.loads(ws.recv(timeout=5))
        assert reply == {"type": "pong"}, reply
        return None

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

    if failures:
        print(f"{len(failures)} check(s) failed: {', '.join(failures)}")
        return 1
    print("All smoke checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
