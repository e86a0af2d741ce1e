#!/usr/bin/env python
"""Refuse raw queries of protected models outside selectors and services (run by ``make lint``).

Every model that subclasses ``alongside.core.models.ScopedModel`` is read only through
``Model.objects.visible_to(user)`` (or a selector built on it), and single rows through
``alongside.core.access.get_visible_or_404``. This script boots Django to learn which models those
are, then reads every ``.py`` file under ``alongside/`` and ``config/`` (or the paths given) and
reports, as ``file:line``, each place that reaches such a model another way:

- ``Model.objects.<anything but visible_to or none>`` — ``.get(``, ``.filter(``, ``.all(``, a bare
  ``Model.objects`` handed on, and so on;
- ``Model._default_manager`` and ``Model._base_manager``;
- ``get_object_or_404(Model, …)`` and ``get_list_or_404(Model, …)``.

Where such reads belong, and so are not scanned: ``selectors.py``, ``services.py``, ``models.py``,
migrations, tests, management commands, and ``alongside/core/access.py`` (the one lookup helper).
The file is parsed, not grepped, so a query split over lines is caught and comments are not.

Exit status: 0 when clean, 1 with a list of violations.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = ("alongside", "config")

ALLOWED_MANAGER_METHODS = frozenset({"visible_to", "none"})
RAW_MANAGERS = frozenset({"_default_manager", "_base_manager"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})

EXCLUDED_NAMES = frozenset({"selectors.py", "services.py", "models.py", "conftest.py"})
EXCLUDED_DIRS = frozenset({"migrations", "tests", "__pycache__"})
EXCLUDED_FILES = frozenset({Path("alongside/core/access.py")})


@dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    code: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code}"


def scoped_model_names() -> frozenset[str]:
    """Class names of the concrete models that subclass ScopedModel (Django must be set up)."""
    from django.apps import apps

    from alongside.core.models import ScopedModel

    return frozenset(
        model.__name__
        for model in apps.get_models(include_auto_created=False)
        if issubclass(model, ScopedModel) and not model._meta.abstract
    )


def is_excluded(path: Path) -> bool:
    try:
        relative = path.resolve().relative_to(ROOT)
    except ValueError:
        relative = path
    parts = relative.parts
    if relative in EXCLUDED_FILES or path.name in EXCLUDED_NAMES or path.name.startswith("test_"):
        return True
    if any(part in EXCLUDED_DIRS for part in parts[:-1]):
        return True
    return any(a == "management" and b == "commands" for a, b in zip(parts, parts[1:], strict=False))


def python_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*.py")):
                if not is_excluded(found):
                    yield found
        elif path.suffix == ".py" and not is_excluded(path):
            yield path


def _model_name(node: ast.expr, models: frozenset[str]) -> str | None:
    """``Program`` for ``Program`` or ``models.Program`` (a module attribute), if it is scoped."""
    if isinstance(node, ast.Name) and node.id in models:
        return node.id
    if isinstance(node, ast.Attribute) and node.attr in models:
        return node.attr
    return None


def find_violations(source: str, path: Path, models: frozenset[str]) -> list[Violation]:
    tree = ast.parse(source, filename=str(path))
    parents: dict[ast.AST, ast.AST] = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent
    found: list[Violation] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            model = _model_name(node.value, models)
            if model is None:
                continue
            if node.attr in RAW_MANAGERS:
                found.append(Violation(path, node.lineno, f"{model}.{node.attr}"))
            elif node.attr == "objects":
                parent = parents.get(node)
                method = parent.attr if isinstance(parent, ast.Attribute) and parent.value is node else None
                if method not in ALLOWED_MANAGER_METHODS:
                    found.append(Violation(path, node.lineno, f"{model}.objects{f'.{method}' if method else ''}"))
        elif isinstance(node, ast.Call):
            function = node.func
            name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", None)
            if name in SHORTCUTS and node.args:
                model = _model_name(node.args[0], models)
                if model is not None:
                    found.append(Violation(path, node.lineno, f"{name}({model}, …)"))
    return sorted(found, key=lambda violation: violation.line)


def check(paths: Iterable[Path], models: frozenset[str]) -> list[Violation]:
    violations: list[Violation] = []
    for path in python_files(paths):
        shown = path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path
        violations += find_violations(path.read_text(encoding="utf-8"), Path(shown), models)
    return violations


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: alongside/ and config/)")
    args = parser.parse_args(argv)
    _setup_django()
    models = scoped_model_names()
    paths = args.paths or [ROOT / name for name in DEFAULT_PATHS]
    violations = check(paths, models)
    if violations:
        print(
            "Protected models read without a scope. Use Model.objects.visible_to(user) in a selector, "
            "or alongside.core.access.get_visible_or_404, instead of:",
            file=sys.stderr,
        )
        for violation in violations:
            print(f"  {violation}", file=sys.stderr)
        return 1
    print(f"Scoped-query check: {len(models)} protected models, no raw queries outside selectors and services.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
