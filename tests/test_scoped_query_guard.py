"""scripts/check_scoped_queries.py (run by ``make lint``) refuses raw reads of protected models."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_scoped_queries.py"

sys.path.insert(0, str(ROOT / "scripts"))
from check_scoped_queries import find_violations, is_excluded  # noqa: E402

MODELS = frozenset({"Program", "User", "AuditEvent"})


def _run(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, paths)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_it_fails_on_a_file_with_a_raw_query(tmp_path: Path) -> None:
    view = tmp_path / "views.py"
    view.write_text(
        textwrap.dedent(
            """
            from alongside.programs.models import Program

            def detail(request, pk):
                return Program.objects.get(pk=pk)
            """
        )
    )
    result = _run(view)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{view}:5: Program.objects.get" in result.stderr


def test_it_passes_on_the_real_tree() -> None:
    result = _run()
    assert result.returncode == 0, result.stderr
    assert "no raw queries" in result.stdout


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("Program.objects.filter(organization=org)", ["Program.objects.filter"]),
        ("Program.objects.all()", ["Program.objects.all"]),
        ("Program.objects.exclude(pk=1).first()", ["Program.objects.exclude"]),
        ("User.objects.count()", ["User.objects.count"]),
        ("Program.objects.create(name='x')", ["Program.objects.create"]),
        ("qs = Program.objects", ["Program.objects"]),
        ("Program._default_manager.get(pk=1)", ["Program._default_manager"]),
        ("Program._base_manager.filter(pk=1)", ["Program._base_manager"]),
        ("models.Program.objects.get(pk=1)", ["Program.objects.get"]),
        ("get_object_or_404(Program, pk=1)", ["get_object_or_404(Program, …)"]),
        ("shortcuts.get_list_or_404(User)", ["get_list_or_404(User, …)"]),
        ("x = (\n    Program.objects\n    .filter(pk=1)\n)", ["Program.objects.filter"]),
        ("Program.objects.visible_to(user).get(pk=1)", []),
        ("AuditEvent.objects.none()", []),
        ("Organization.objects.get(pk=1)", []),  # not a protected model
        ("# Program.objects.get(pk=1)", []),
        ("text = 'Program.objects.get(pk=1)'", []),
        ("program.objects_seen = 1", []),
    ],
)
def test_what_counts_as_a_raw_query(code: str, expected: list[str]) -> None:
    violations = find_violations(code + "\n", Path("views.py"), MODELS)
    assert [violation.code for violation in violations] == expected


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        ("alongside/programs/views.py", False),
        ("alongside/programs/api.py", False),
        ("config/urls.py", False),
        ("alongside/programs/selectors.py", True),
        ("alongside/programs/services.py", True),
        ("alongside/programs/models.py", True),
        ("alongside/programs/migrations/0001_initial.py", True),
        ("alongside/programs/tests/test_views.py", True),
        ("alongside/demo/management/commands/demo_load.py", True),
        ("alongside/core/access.py", True),
        ("alongside/core/views.py", False),
    ],
)
def test_which_files_are_scanned(path: str, excluded: bool) -> None:
    assert is_excluded(ROOT / path) is excluded
