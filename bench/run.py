"""Benchmarks: figures and ratios against a bare Django view measured in the same run.

    make bench                 (or: .venv/bin/python bench/run.py [--requests 400] [--rows 50] [--strict])

Everything runs in-process with Django's test client on a throwaway test database (SQLite in memory,
or PostgreSQL when DATABASE_URL is set), signed in as an organization admin with a verified second
step, so every request goes through the whole middleware stack (sessions, 2FA, CSP, axes ...).

- bare view: the full middleware stack and a view that returns a short text, not signed in (the
  baseline, as DESIGN measured it);
- bare, signed in: the same view signed in: what loading the session, the user with their role, and
  the verified 2FA device adds before any page does its own work;
- programs list page: ``/programs/`` with ``--rows`` programs (DESIGN budget: at most 16x the bare view);
- programs JSON list: ``/api/v1/programs?per_page=<rows>`` (DESIGN budget: at most 10x the bare view).

The figure is the median of ``--requests`` timed requests after a warm-up; ratios, not absolute
times, are what carries over between machines. ``--strict`` exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import include, path  # noqa: E402

BUDGETS = {"list page": 16.0, "JSON list": 10.0}


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bench__/bare", bare), path("", include(settings.ROOT_URLCONF))]


def measure(fn: Callable[[], object], requests: int, warmup: int) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def get(client: Client, url: str) -> Callable[[], object]:
    def _get() -> object:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        return response

    return _get


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400, help="timed requests per case (default 400)")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--rows", type=int, default=50, help="programs in the list (default 50)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a budget is missed")
    args = parser.parse_args()

    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
            results = run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    base = results["bare view"]
    signed_in = results["bare, signed in"]
    print(f"Alongside benchmarks ({connection.vendor}, {args.rows} rows, median of {args.requests} requests)")
    print(f"  {'case':<16} {'ms/request':>10} {'x bare':>8} {'x signed-in bare':>17}   budget (x bare)")
    missed = []
    for name, ms in results.items():
        ratio = ms / base
        budget = BUDGETS.get(name)
        verdict = ""
        if budget is not None:
            verdict = f"{'<=' if ratio <= budget else '> '} {budget:.0f}x" + (
                "" if ratio <= budget else "  OVER BUDGET"
            )
            if ratio > budget:
                missed.append(name)
        print(f"  {name:<16} {ms:>10.3f} {ratio:>7.1f}x {ms / signed_in:>16.1f}x   {verdict}")
    if missed:
        print(f"Over budget: {', '.join(missed)} (the signed-in column shows how much is the page's own work)")
    return 1 if missed and args.strict else 0


def run(args: argparse.Namespace) -> dict[str, float]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from alongside.accounts.roles import Role
    from alongside.accounts.tests.factories import OrganizationFactory, UserFactory
    from alongside.programs.models import Program, ProgramModel

    org = OrganizationFactory.create(slug="bench", name="Bench Peer Center")
    admin = UserFactory.create(email="admin@bench.test", full_name="Bench Admin", role=Role.ORG_ADMIN, organization=org)
    models = list(ProgramModel.values)
    Program.objects.bulk_create(
        Program(
            organization=org,
            name=f"Program {i:03d}",
            model=models[i % len(models)],
            description="A program for the benchmark.",
            min_age=18 if i % 3 else None,
            max_age=None if i % 2 else 64,
            is_active=bool(i % 7),
        )
        for i in range(args.rows)
    )
    client = Client()
    client.force_login(admin)
    device = TOTPDevice.objects.create(user=admin, name="default", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    anonymous = Client()
    timings = {"bare view": measure(get(anonymous, "/__bench__/bare"), args.requests, args.warmup)}
    cases = {
        "bare, signed in": "/__bench__/bare",
        "list page": "/programs/",
        "JSON list": f"/api/v1/programs?include_inactive=true&per_page={args.rows}",
    }
    for url in cases.values():  # fail early, with the reason, if a page does not answer
        get(client, url)()
    for name, url in cases.items():
        timings[name] = measure(get(client, url), args.requests, args.warmup)
    return timings


if __name__ == "__main__":
    sys.exit(main())
