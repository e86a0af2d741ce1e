"""Idempotent API creates: a retry with the same ``Idempotency-Key`` gets the first answer again.

A client that sends a create and loses the answer (a dropped connection, a timeout) can send the same
request again with the same key and be sure nothing is created twice (DESIGN.md, "Idempotent
creates"). With the same key:

- the same request again gets the first answer (status and body), marked ``Idempotent-Replayed``;
- a different request (body, method or address) is refused with 422;
- while the first request is still being processed, another one is refused with 409.

Keys belong to one user and last 24 hours (``manage.py idempotency_prune`` removes older records).
Without the header the operation behaves as it always does.

Use it under the ``@router.post(...)`` line of a django-ninja operation::

    @router.post("/things", response={201: ThingOut})
    @idempotent
    def thing_create(request, payload: ThingIn): ...

The operation's writes run in one transaction with the claim released if they fail, so a failed
first attempt (a 4xx problem, an error) can be retried with the same key. Only an answer to work
that was done is kept.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from cryptography.fernet import Fernet, InvalidToken
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from ninja.decorators import decorate_view
from ninja.operation import Operation as NinjaOperation
from ninja.utils import contribute_operation_callback

from alongside.api.problems import problem
from alongside.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
RETENTION = timedelta(hours=24)

_CLAIM_ATTRIBUTE = "_alongside_idempotency_claim"

logger = logging.getLogger(__name__)

Operation = TypeVar("Operation", bound=Callable[..., Any])


@dataclass(frozen=True)
class _Claim:
    record: IdempotencyRecord
    raw_key: str


def _lookup_hash(user_id: int, raw_key: str) -> str:
    return salted_hmac("alongside.idempotency.key", f"{user_id}:{raw_key}", algorithm="sha256").hexdigest()


def _request_hash(raw_key: str, request: HttpRequest) -> str:
    """A keyed hash of what was asked: method, address and body (JSON compared by meaning, not spacing)."""
    body = request.body
    with contextlib.suppress(ValueError):
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    digest = hashlib.sha256(body).hexdigest()
    return salted_hmac(
        "alongside.idempotency.request", f"{raw_key}\n{request.method}\n{request.path}\n{digest}", algorithm="sha256"
    ).hexdigest()


def _cipher(raw_key: str) -> Fernet:
    secret = salted_hmac("alongside.idempotency.response", raw_key, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(secret))


def _valid_key(raw_key: str) -> bool:
    return 0 < len(raw_key) <= MAX_KEY_LENGTH and raw_key.isascii() and raw_key.isprintable()


def _claim(request: HttpRequest, raw_key: str) -> _Claim | HttpResponse:
    """Claim the key for this request, or the answer to give instead (a replay or a problem)."""
    if not _valid_key(raw_key):
        return problem(400, _("The Idempotency-Key header must be 1 to 255 letters, digits or symbols."))
    user_id = request.user.pk
    assert user_id is not None, "ninja authenticates before the operation runs"
    lookup = _lookup_hash(user_id, raw_key)
    request_hash = _request_hash(raw_key, request)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user_id=user_id,
                    key=lookup,
                    method=request.method or "",
                    path=request.path[:255],
                    body_hash=request_hash,
                )
            return _Claim(record=record, raw_key=raw_key)
        except IntegrityError:
            earlier = IdempotencyRecord.objects.filter(user_id=user_id, key=lookup).first()
        if earlier is None:
            continue  # released or pruned a moment ago: claim it again
        if earlier.created_at < timezone.now() - RETENTION:
            earlier.delete()  # an expired key may be used again
            continue
        if earlier.body_hash != request_hash:
            return problem(
                422,
                _("This Idempotency-Key was already used for a different request. Use a new key for a new request."),
            )
        if earlier.response_status is None:
            return _in_flight()
        return _replay(earlier, raw_key)
    return _in_flight()


def _in_flight() -> HttpResponse:
    return problem(
        409, _("A request with this Idempotency-Key is still being processed. Wait a moment, then try again.")
    )


def _replay(record: IdempotencyRecord, raw_key: str) -> HttpResponse:
    try:
        kept = json.loads(_cipher(raw_key).decrypt(record.response_body.encode()))
    except (InvalidToken, ValueError):
        # Only after the server's secret key changed; the first answer cannot be read back.
        return problem(409, _("The first answer to this request cannot be shown again. Use a new Idempotency-Key."))
    response = HttpResponse(kept["body"].encode(), status=record.response_status, content_type=kept["content_type"])
    response[REPLAYED_HEADER] = "true"
    return response


def _keep_answer(claim: _Claim, response: HttpResponseBase) -> None:
    content = response.content if isinstance(response, HttpResponse) else b""
    kept = {"content_type": response.get("Content-Type", "application/json"), "body": content.decode()}
    claim.record.response_status = response.status_code
    claim.record.response_body = _cipher(claim.raw_key).encrypt(json.dumps(kept).encode()).decode()
    claim.record.save(update_fields=["response_status", "response_body"])


def _release(claim: _Claim) -> None:
    IdempotencyRecord.objects.filter(pk=claim.record.pk).delete()


def _keeping_answers(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wraps ninja's ``Operation.run``, which turns the operation's result into the response sent."""

    @wraps(run)
    def wrapped(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        response = run(request, **kwargs)
        claim: _Claim | None = request.__dict__.pop(_CLAIM_ATTRIBUTE, None)
        if claim is not None:
            try:
                _keep_answer(claim, response)
            except DatabaseError:
                # The work is done and the client gets its answer; a retry is refused (409) instead of
                # doing it twice, until the record is pruned.
                logger.exception("Could not keep the answer for an idempotent request")
        return response

    return wrapped


_HEADER_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH},
    "description": (
        "Any unique string, such as a UUID. Sending the same request again with the same key returns the "
        "first answer instead of creating a second record. Keys last 24 hours."
    ),
}


def _document_header(operation: NinjaOperation) -> None:
    extra = operation.openapi_extra = dict(operation.openapi_extra or {})
    extra["parameters"] = [*extra.get("parameters", []), _HEADER_PARAMETER]


def idempotent(operation: Operation) -> Operation:
    """Make a django-ninja create operation honour the ``Idempotency-Key`` header (see the module notes)."""

    @wraps(operation)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        raw_key = request.headers.get(HEADER)
        if raw_key is None:
            return operation(request, *args, **kwargs)
        claim = _claim(request, raw_key)
        if isinstance(claim, HttpResponse):
            return claim
        try:
            with transaction.atomic():
                result = operation(request, *args, **kwargs)
                refused = isinstance(result, HttpResponseBase) and not 200 <= result.status_code < 300
                if refused:
                    transaction.set_rollback(True)
        except BaseException:
            _release(claim)
            raise
        if refused:
            _release(claim)
        else:
            # The work is done: from here on the key answers with what ninja sends back.
            setattr(request, _CLAIM_ATTRIBUTE, claim)
        return result

    # functools.wraps copied the operation's list of ninja callbacks; give the wrapper its own.
    wrapped.__dict__["_ninja_contribute_to_operation"] = list(getattr(operation, "_ninja_contribute_to_operation", []))
    decorate_view(_keeping_answers)(wrapped)
    contribute_operation_callback(wrapped, _document_header)
    return wrapped  # type: ignore[return-value]


def idempotency_prune(*, older_than: timedelta = RETENTION) -> int:
    """Remove records older than ``older_than`` (24 hours by default). Returns how many went."""
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
