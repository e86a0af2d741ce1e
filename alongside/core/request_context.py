"""Where the current request came from, for audit rows written deep inside services."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    ip: str | None
    user_agent: str


_current: ContextVar[RequestMeta | None] = ContextVar("alongside_request_meta", default=None)


def current_request_meta() -> RequestMeta:
    return _current.get() or RequestMeta(ip=None, user_agent="")


def set_request_meta(meta: RequestMeta | None) -> object:
    return _current.set(meta)


def reset_request_meta(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
