from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts import selectors as account_selectors
from alongside.accounts.models import User
from alongside.accounts.roles import Role
from alongside.core.forms import add_validation_errors
from alongside.participants import selectors, services
from alongside.participants.forms import (
    AssignPeerForm,
    ConsentForm,
    EnrollmentForm,
    EnrollmentStatusForm,
    ParticipantForm,
)
from alongside.participants.models import Consent, EnrollmentStatus, Participant
from alongside.programs import selectors as program_selectors


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _peers(viewer: User) -> Any:
    return account_selectors.user_list(viewer=viewer, role=Role.PEER, active="yes")


@login_required
def participant_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("participants.view_participant_list"):
        raise PermissionDenied
    search = request.GET.get("q", "")
    page = Paginator(selectors.participant_list(viewer=_user(request), search=search), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "participants/list.html",
        {
            "page": page,
            "search": search,
            "query": urlencode({"q": search}) if search else "",
            "can_add": request.user.has_perm("participants.add_participant"),
        },
    )


@login_required
def participant_mine(request: HttpRequest) -> HttpResponse:
    """A participant's own record, from the navigation."""
    if _user(request).role != Role.PARTICIPANT:
        raise Http404
    participant = selectors.participant_of_user(viewer=_user(request))
    if participant is None:
        return render(request, "participants/no_record.html")
    return redirect("participants:detail", participant_id=participant.pk)


def _detail_context(request: HttpRequest, participant: Participant) -> dict[str, Any]:
    user = _user(request)
    can_manage = user.has_perm("participants.manage_enrollment", participant)
    can_assign = user.has_perm("participants.assign_peer", participant)
    return {
        "participant": participant,
        "is_self": participant.user_id == user.pk,
        "enrollments": [
            {
                "enrollment": enrollment,
                # Only the moves the service allows, in the order of the journey.
                "next": [
                    (value, label)
                    for value, label in EnrollmentStatus.choices
                    if value in services.TRANSITIONS[enrollment.status]
                ],
            }
            for enrollment in selectors.enrollment_list(viewer=user, participant=participant)
        ],
        "consents": selectors.consent_list(viewer=user, participant=participant),
        "disclosures": selectors.disclosure_list(viewer=user, participant=participant),
        "assignments": selectors.assignment_list(viewer=user, participant=participant),
        "can_change": user.has_perm("participants.change_participant", participant),
        "can_manage": can_manage,
        "can_assign": can_assign,
        "can_grant": user.has_perm("participants.grant_consent", participant),
        "can_revoke": user.has_perm("participants.revoke_consent", _any_consent(participant)),
        "enroll_form": EnrollmentForm(programs=program_selectors.program_list(viewer=user)) if can_manage else None,
        "status_form": EnrollmentStatusForm() if can_manage else None,
        "assign_form": AssignPeerForm(peers=_peers(user)) if can_assign else None,
        "minor": services.is_minor(participant),
        # Everyone who reads about a participant sees how to reach 988 (the base banner is for participants).
        "show_crisis_banner": user.role == Role.PARTICIPANT,
    }


def _any_consent(participant: Participant) -> Any:
    """The revoke permission is asked of a consent; any consent of this participant answers the same."""
    return Consent(participant=participant, organization_id=participant.organization_id)


@login_required
def participant_detail(request: HttpRequest, participant_id: Any) -> HttpResponse:
    participant = selectors.participant_get(viewer=_user(request), participant_id=participant_id)
    return render(request, "participants/detail.html", _detail_context(request, participant))


@login_required
def participant_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("participants.add_participant"):
        raise PermissionDenied
    form = ParticipantForm(request.POST or None, initial={"contact_channel": "none"})
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_create(actor=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Participant added."))
            return redirect("participants:detail", participant_id=participant.pk)
    return render(request, "participants/form.html", {"form": form, "participant": None})


@login_required
def participant_edit(request: HttpRequest, participant_id: Any) -> HttpResponse:
    participant = selectors.participant_get(
        viewer=_user(request), participant_id=participant_id, perm="participants.change_participant"
    )
    initial = {field: getattr(participant, field) for field in services.PARTICIPANT_FIELDS}
    form = ParticipantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(actor=_user(request), participant=participant, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Details saved."))
            return redirect("participants:detail", participant_id=participant.pk)
    return render(request, "participants/form.html", {"form": form, "participant": participant})


def _flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_POST
def enrollment_create(request: HttpRequest, participant_id: Any) -> HttpResponse:
    user = _user(request)
    participant = selectors.participant_get(
        viewer=user, participant_id=participant_id, perm="participants.manage_enrollment"
    )
    programs = program_selectors.program_list(viewer=user)
    form = EnrollmentForm(request.POST, programs=programs)
    if not form.is_valid():
        messages.error(request, _("Choose a program from the list."))
    else:
        try:
            services.enrollment_create(
                actor=user,
                participant=participant,
                program=programs.get(pk=form.cleaned_data["program"]),
                status=form.cleaned_data["status"],
                referred_on=form.cleaned_data["referred_on"],
            )
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Program added."))
    return redirect("participants:detail", participant_id=participant.pk)


@login_required
@require_POST
def enrollment_status(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    user = _user(request)
    enrollment = selectors.enrollment_get(viewer=user, enrollment_id=enrollment_id)
    form = EnrollmentStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
    else:
        try:
            services.enrollment_change_status(
                actor=user,
                enrollment=enrollment,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Status changed."))
    return redirect("participants:detail", participant_id=enrollment.participant_id)


@login_required
@require_POST
def peer_assign(request: HttpRequest, participant_id: Any) -> HttpResponse:
    user = _user(request)
    participant = selectors.participant_get(viewer=user, participant_id=participant_id, perm="participants.assign_peer")
    form = AssignPeerForm(request.POST, peers=_peers(user))
    if not form.is_valid():
        messages.error(request, _("Choose a peer from the list."))
    else:
        try:
            services.peer_assign(
                actor=user, participant=participant, peer=_peers(user).get(pk=form.cleaned_data["peer"])
            )
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Peer assigned."))
    return redirect("participants:detail", participant_id=participant.pk)


@login_required
def consent_create(request: HttpRequest, participant_id: Any) -> HttpResponse:
    user = _user(request)
    participant = selectors.participant_get(
        viewer=user, participant_id=participant_id, perm="participants.grant_consent"
    )
    form = ConsentForm(request.POST or None, initial={"signed_name": participant.preferred_name})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.consent_grant(actor=user, participant=participant, **data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("participants:detail", participant_id=participant.pk)
    return render(
        request,
        "participants/consent_form.html",
        {
            "form": form,
            "participant": participant,
            "minor": services.is_minor(participant),
            "text_version": services.CONSENT_TEXT_VERSION,
        },
    )


@login_required
@require_POST
def consent_revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    user = _user(request)
    consent = selectors.consent_get(viewer=user, consent_id=consent_id)
    try:
        services.consent_revoke(actor=user, consent=consent)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Consent taken back. Nothing more will be shared under it."))
    return redirect("participants:detail", participant_id=consent.participant_id)
