"""Database helpers shared by services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


@contextmanager
def unique_or_invalid(field: str, message: str) -> Iterator[None]:
    """Turn a unique-constraint failure inside the block into a ValidationError on ``field``.

    The block runs in a savepoint, so the caller's transaction stays usable and nothing is half saved.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise ValidationError({field: message}) from exc
