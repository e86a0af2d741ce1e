from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def add_validation_errors(form: forms.Form, exc: ValidationError, default_field: str | None = None) -> None:
    """Show a service's ValidationError on the form: per field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else default_field
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(default_field, message)


def flash_outcome(request: HttpRequest, action: Callable[[], object], *, success: str) -> bool:
    """Run a service call from a button-sized form; say what went wrong, or ``success``.

    For actions whose page is elsewhere (the view redirects back), so errors travel as messages.
    """
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True
