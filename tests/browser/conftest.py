"""Browser fixtures: Debian's chromium driven by Playwright against pytest-django's live server.

Chromium comes from Debian (``apt-get install chromium``), never from ``playwright install``. Without
it the browser tests skip with a reason, except in CI (``CI=true``), where a missing browser fails.

Playwright's sync API keeps an asyncio loop running in the test's thread, and Django refuses ORM calls
from a thread with a running loop. The tests here call the ORM between page actions (to make users or
read a device), which is safe because nothing is async at that moment, so this package sets
``DJANGO_ALLOW_ASYNC_UNSAFE`` while its browser is open, and closes the browser when the package ends.

Every test gets screenshots of its last page in ``test-results/screenshots/`` (as seen 1024 and 320 px
wide), and
``visit(page, url)`` checks each page: axe-core finds no violations, and at 320 px wide nothing
scrolls sideways.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
NARROW = 320


def _chromium_missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError as exc:
        return f"Playwright or axe-playwright-python is missing ({exc}); run make install"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def _allow_orm_beside_playwright() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser(_allow_orm_beside_playwright: None) -> Iterator[Any]:
    missing = _chromium_missing()
    if missing:
        if IN_CI:
            pytest.fail(f"CI=true and the browser tests cannot run: {missing}", pytrace=False)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 800}, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A page may answer 4xx on purpose (a lockout is 429); a missing stylesheet, script or icon may not.
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} for {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        page.set_viewport_size({"width": NARROW, "height": 640})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{NARROW}px.png"), full_page=True)
    finally:
        context.close()


def screenshot(page: Any, name: str) -> None:
    """An extra screenshot in the middle of a test (the fixture takes one of the last page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def check_page(page: Any, label: str = "") -> None:
    """axe-core reports no violations, and at 320 px wide the page does not scroll sideways."""
    from axe_playwright_python.sync_playwright import Axe

    where = label or page.url
    results = Axe().run(page)
    assert results.violations_count == 0, f"axe-core found problems on {where}:\n{_describe(results.response)}"
    size = page.viewport_size
    page.set_viewport_size({"width": NARROW, "height": 640})
    try:
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, Array.from(document.querySelectorAll('body *'))"
            ".filter(e => e.getBoundingClientRect().right > 320.5).slice(0, 5)"
            ".map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))]"
        )
        assert widths[0] <= NARROW, (
            f"{where} scrolls sideways at {NARROW} px (scrollWidth {widths[0]}); too wide: {widths[1]}"
        )
    finally:
        page.set_viewport_size(size)
    js_errors = getattr(page, "js_errors", [])
    assert not js_errors, f"JavaScript errors on {where}: {js_errors}"


def _describe(response: dict[str, Any]) -> str:
    lines = []
    for violation in response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


def visit(page: Any, path: str, *, check: bool = True) -> Any:
    """Go to a path, expect a page that is not an error, and check it (axe, 320 px)."""
    response = page.goto(path)
    assert response is not None and response.status < 400, f"{path} answered {response and response.status}"
    if check:
        check_page(page, path)
    return response
