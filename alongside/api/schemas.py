"""Base classes for API input schemas."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ConfigDict, field_validator

NUL_MESSAGE = "Text may not contain NUL characters."


class InputSchema(Schema):
    """A request body: unknown fields are refused (422), never silently dropped.

    Refusing them matters most for ids: a body that names ``organization_id`` or ``user_id`` where
    the endpoint takes none is a client that believes it can choose them, and it must learn that it
    cannot before anything is written. Text may not hold NUL characters (PostgreSQL refuses them).
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError(NUL_MESSAGE)
        return value
