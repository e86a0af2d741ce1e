"""Keeps personal data out of logs.

Code never logs names, contact details or note text on purpose; this filter is the net under that
rule for what libraries log (an email address in an auth library's message, a query string).
"""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"\+?\d[\d\s().-]{8,}\d")
QUERY = re.compile(r"\?[^\s\"']*")


def redact(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    text = PHONE.sub("[number]", text)
    return QUERY.sub("?[query]", text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        for key, value in list(vars(record).items()):
            if key == "request":
                # Django attaches the request object; its repr includes the full path.
                record.request = None
            elif isinstance(value, str) and key not in {"msg", "levelname", "name", "pathname", "filename", "module", "funcName", "processName", "threadName", "taskName"}:
                setattr(record, key, redact(value))
        return True
