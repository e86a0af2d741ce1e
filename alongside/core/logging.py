"""Keeps personal data out of logs.

The rule: no names, contact details or note text are ever written to a log. Our code logs ids only
(``User.__str__`` is "User 12" for the same reason). This filter, on the one handler everything goes
through (settings.LOGGING), is the net under that rule for what libraries log:

* email addresses and phone-like numbers become ``[email]`` / ``[number]``;
* query strings become ``?[query]`` (search boxes put names there);
* link tokens in paths (invitations, password resets) become ``[token]``;
* SQL logged by ``django.db.backends`` keeps its shape but loses its values (``'?'``);
* exception text and stack traces are redacted the same way before a formatter sees them, and the
  template engine's missing-variable tracebacks (which quote the whole context) are dropped;
* the request object Django attaches is dropped (its repr carries the full path).

Names cannot be recognised by a pattern, which is why code must never log them in the first place.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Dates and times ("2026-11-23 05:13:25.6+00:00") look like phone numbers to a pattern; keep them.
_DATE = r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[+-]\d{2}:?\d{2}|Z)?)?"
PHONE = re.compile(rf"(?P<date>{_DATE})|\+?\d[\d\s().-]{{8,}}\d")
QUERY = re.compile(r"(?<=\S)\?[^\s\"']+")  # "/people/?q=Robin", not "Are you sure?"
# A path segment that looks like a secret (invitation and password-reset links); ids and words are shorter.
TOKEN = re.compile(r"(?<=/)[A-Za-z0-9_-]{32,}(?=/|\s|$|\")|(?<=/)[0-9A-Za-z]{1,13}-[0-9a-f]{20,}(?=/|\s|$|\")")
SQL_STRING = re.compile(r"'(?:[^']|'')*'")

# LogRecord attributes that hold no message text: leave them alone.
_STRUCTURAL = frozenset(
    {
        "name",
        "msg",
        "args",
        "levelname",
        "levelno",
        "pathname",
        "filename",
        "module",
        "exc_info",
        "exc_text",
        "stack_info",
        "lineno",
        "funcName",
        "created",
        "msecs",
        "relativeCreated",
        "thread",
        "threadName",
        "processName",
        "process",
        "taskName",
    }
)


def _number(match: re.Match[str]) -> str:
    return match.group("date") or "[number]"


def redact(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    text = QUERY.sub("?[query]", text)
    text = TOKEN.sub("[token]", text)
    return PHONE.sub(_number, text)


def redact_sql(text: str) -> str:
    # No query-string rule here: "?" is SQL, not the start of a URL's query.
    text = SQL_STRING.sub("'?'", text)
    return PHONE.sub(_number, TOKEN.sub("[token]", EMAIL.sub("[email]", text)))


def _redact_value(value: Any, scrub: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list | tuple | dict | set):
        return scrub(repr(value))
    return value


class RedactPersonalData(logging.Filter):
    """Rewrites each record so no formatter or handler after it can see personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        is_sql = record.name.startswith("django.db.backends")
        scrub = redact_sql if is_sql else redact
        sql = getattr(record, "sql", None)
        if is_sql and isinstance(sql, str):
            # "(0.001) SELECT ... WHERE email = 'x'; args=('x',); alias=default": keep the statement's
            # shape, drop the values (the args repr would need its own parser; the statement has them all).
            duration = getattr(record, "duration", None)
            timing = f"({duration:.3f}) " if isinstance(duration, float) else ""
            message = f"{timing}{sql}; alias={getattr(record, 'alias', '')}"
        else:
            try:
                message = record.getMessage()
            except (TypeError, ValueError):
                message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        if record.name == "django.template":
            # "Exception while resolving variable": its traceback quotes the whole template context
            # (CSRF token, form values, query strings). The message names the variable and template.
            record.exc_info, record.exc_text = None, None
        if record.exc_info:
            record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        for key, value in list(vars(record).items()):
            if key in _STRUCTURAL:
                continue
            if key == "request":
                # Django attaches the request object; its repr includes the full path.
                record.request = None
            elif is_sql and key == "params":
                record.params = None
            else:
                setattr(record, key, _redact_value(value, scrub))
        return True
