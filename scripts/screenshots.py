"""Take the README's screenshots from a running demo (make demo), with Debian's chromium.

.venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "alongside-demo-2026"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def current_code(email: str) -> str:
    out = subprocess.run(
        [sys.executable, "manage.py", "demo_code", email], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return out.split()[0]


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/account/login/")
    page.fill("input[name='auth-username']", email)
    page.fill("input[name='auth-password']", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if page.locator("input[name='token-otp_token']").count():
        page.fill("input[name='token-otp_token']", current_code(email))
        page.get_by_role("button", name="Continue").click()


def shoot(page: Page, name: str) -> None:
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    print(f"docs/screenshots/{name}.png")


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        desktop = browser.new_context(viewport={"width": 1100, "height": 720})
        page = desktop.new_page()
        page.goto(f"{base}/account/login/")
        shoot(page, "sign-in")
        sign_in(page, base, "admin@riverbend.example")
        shoot(page, "home-org-admin")
        page.goto(f"{base}/people/")
        shoot(page, "people")
        page.goto(f"{base}/audit/")
        shoot(page, "audit-log")
        page.goto(f"{base}/programs/")
        shoot(page, "programs")
        desktop.close()

        phone = browser.new_context(viewport={"width": 320, "height": 640})
        page = phone.new_page()
        sign_in(page, base, "participant@riverbend.example")
        shoot(page, "participant-home-320px")
        page.goto(f"{base}/account/")
        shoot(page, "my-account-320px")
        phone.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
