"""Compile a gettext catalogue (.po) into the binary form Django reads (.mo), with Python alone.

    python3 scripts/msgfmt.py locale/es/LC_MESSAGES/django.po locale/es/LC_MESSAGES/django.mo

`make` uses GNU msgfmt (package gettext) when it is installed, and this otherwise, so that `make demo`
shows Spanish on a machine without gettext. Like msgfmt: untranslated and fuzzy entries are left out
(the header is always kept: it carries the plural rule), contexts and plurals are kept.
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path


def parse(text: str) -> dict[str, str]:
    catalogue: dict[str, str] = {}
    entry: dict[str, object] = {}
    fuzzy = False
    section: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal entry, fuzzy, section
        if "msgid" in entry:
            msgid = str(entry["msgid"])
            key = msgid if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{msgid}"
            if "msgid_plural" in entry:
                forms = entry.get("plural", {})
                assert isinstance(forms, dict)
                values = [forms[i] for i in sorted(forms)]
                key = f"{key}\0{entry['msgid_plural']}"
                value = "\0".join(values)
                translated = any(values)
            else:
                value = str(entry.get("msgstr", ""))
                translated = bool(value)
            if msgid == "" or (translated and not fuzzy):
                catalogue[key] = value
        entry, fuzzy, section = {}, False, None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                if "msgid" in entry:
                    finish()
                fuzzy = True
            elif line.startswith("#~"):
                continue
            elif "msgstr" in entry or "plural" in entry:
                finish()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = "", line
        if keyword in {"msgctxt", "msgid"} and ("msgstr" in entry or "plural" in entry):
            keep_fuzzy = fuzzy if keyword == "msgctxt" else False
            finish()
            fuzzy = keep_fuzzy
        try:
            value = ast.literal_eval(rest) if rest else ""
        except (SyntaxError, ValueError) as exc:
            raise SystemExit(f"line {number}: cannot read {raw!r}") from exc
        if keyword in {"msgctxt", "msgid", "msgid_plural", "msgstr"}:
            section = (keyword, None)
            entry[keyword] = value
        elif keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            section = ("plural", index)
            entry.setdefault("plural", {})[index] = value  # type: ignore[union-attr]
        elif keyword == "" and section is not None:
            name, index = section
            if index is None:
                entry[name] = str(entry[name]) + value
            else:
                forms = entry["plural"]
                assert isinstance(forms, dict)
                forms[index] += value
        else:
            raise SystemExit(f"line {number}: unexpected {raw!r}")
    finish()
    return catalogue


def generate(catalogue: dict[str, str]) -> bytes:
    keys = sorted(catalogue, key=lambda k: k.encode("utf-8"))
    ids = b""
    strs = b""
    offsets = []
    for key in keys:
        k, v = key.encode("utf-8"), catalogue[key].encode("utf-8")
        offsets.append((len(ids), len(k), len(strs), len(v)))
        ids += k + b"\0"
        strs += v + b"\0"
    count = len(keys)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    key_table: list[int] = []
    value_table: list[int] = []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_table += [id_length, id_offset + key_start]
        value_table += [str_length, str_offset + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    return (
        header
        + struct.pack(f"{len(key_table)}i", *key_table)
        + struct.pack(f"{len(value_table)}i", *value_table)
        + ids
        + strs
    )


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.write_bytes(generate(parse(source.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
