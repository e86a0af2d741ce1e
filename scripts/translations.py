"""Compile or check the translation catalogues, with polib (no GNU gettext needed).

    python scripts/translations.py compile locale/es/LC_MESSAGES/django.po locale/es/LC_MESSAGES/django.mo
    python scripts/translations.py check   locale/es/LC_MESSAGES/django.po
    python scripts/translations.py refresh   (update the .po files from the code; needs gettext)

``check`` first refreshes the catalogue from the code and templates (``makemessages``, when GNU
xgettext is installed), then fails when an entry has no translation or is marked fuzzy: every string
the UI marks for translation is shown in Spanish too. The committed file is left as it was.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib

MAKEMESSAGES = [
    "makemessages",
    "-l",
    "es",
    "--ignore=.venv",
    "--ignore=staticfiles",
    "--ignore=tests",
    "--ignore=*/tests/*",
    "--ignore=bench",
    "--ignore=scripts",
    "--ignore=deploy",
]


def untranslated(po_path: str) -> list[str]:
    catalogue = polib.pofile(po_path)
    return [entry.msgid for entry in catalogue if not entry.obsolete and not entry.translated()]


def refresh(*, quiet: bool = False) -> None:
    subprocess.run([sys.executable, "manage.py", *MAKEMESSAGES], check=True, capture_output=quiet)


def untranslated_after_refresh(po_path: str) -> list[str]:
    if shutil.which("xgettext") is None:
        print("xgettext not found (apt-get install gettext): checking the committed catalogue only")
        return untranslated(po_path)
    committed = Path(po_path).read_bytes()
    try:
        refresh(quiet=True)
        return untranslated(po_path)
    finally:
        Path(po_path).write_bytes(committed)


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[1] == "compile":
        polib.pofile(argv[2]).save_as_mofile(argv[3])
        return 0
    if len(argv) == 2 and argv[1] == "refresh":
        refresh()
        return 0
    if len(argv) == 3 and argv[1] == "check":
        missing = untranslated_after_refresh(argv[2])
        for msgid in missing:
            print(f"untranslated: {msgid!r}")
        return 1 if missing else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
