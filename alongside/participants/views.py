from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts import selectors as account_selectors
from alongside.accounts.models import User
from alongside.accounts.roles import Role
from alongside.core.forms import add_validation_errors, flash_outcome
from alongside.core.paging import page_context
from alongside.participants import selectors, services
from alongside.participants.forms import (
    AssignPeerForm,
    ConsentForm,
    EnrollmentForm,
    EnrollmentStatusForm,
    ParticipantForm,
    ReferralAcceptForm,
    ReferralDeclineForm,
    ReferralForm,
    SelfReferralForm,
)
from alongside.participants.models import Consent, EnrollmentStatus, Participant, Referral, ReferralStatus
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
    return render(
        request,
        "participants/list.html",
        {
            **page_context(request, selectors.participant_list(viewer=_user(request), search=search)),
            "search": search,
            "can_add": request.user.has_perm("participants.add_participant"),
            "can_refer": request.user.has_perm("participants.manage_referrals"),
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
        flash_outcome(
            request,
            lambda: services.enrollment_create(
                actor=user,
                participant=participant,
                program=programs.get(pk=form.cleaned_data["program"]),
                status=form.cleaned_data["status"],
                referred_on=form.cleaned_data["referred_on"],
            ),
            success=_("Program added."),
        )
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
        flash_outcome(
            request,
            lambda: services.enrollment_change_status(
                actor=user,
                enrollment=enrollment,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            ),
            success=_("Status changed."),
        )
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
        flash_outcome(
            request,
            lambda: services.peer_assign(
                actor=user, participant=participant, peer=_peers(user).get(pk=form.cleaned_data["peer"])
            ),
            success=_("Peer assigned."),
        )
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
    flash_outcome(
        request,
        lambda: services.consent_revoke(actor=user, consent=consent),
        success=_("Consent taken back. Nothing more will be shared under it."),
    )
    return redirect("participants:detail", participant_id=consent.participant_id)


# --- Referrals -------------------------------------------------------------------------------


@login_required
def referral_queue(request: HttpRequest) -> HttpResponse:
    """The referral queue per program, oldest first, with each referral's age in days."""
    user = _user(request)
    if not user.has_perm("participants.manage_referrals"):
        raise PermissionDenied
    programs = program_selectors.program_list(viewer=user, include_inactive=True)
    program_id = request.GET.get("program", "")
    status = request.GET.get("status", "open")
    referrals = selectors.referral_queue(
        viewer=user, program_id=program_id if program_id.isdigit() else None, status="" if status == "open" else status
    )
    if status == "open":
        referrals = referrals.filter(status__in=[ReferralStatus.NEW, ReferralStatus.WAITLISTED])
    paging = page_context(request, referrals)
    # Each row gets its own forms, so every field id on the page is unique and has its label.
    rows = [
        {
            "referral": referral,
            "accept_form": ReferralAcceptForm(auto_id=f"accept-{referral.pk}-%s"),
            "decline_form": ReferralDeclineForm(auto_id=f"decline-{referral.pk}-%s"),
        }
        for referral in paging["page"]
    ]
    return render(
        request,
        "participants/referral_queue.html",
        {
            **paging,
            "rows": rows,
            "programs": programs,
            "program_id": program_id,
            "status": status,
            "statuses": ReferralStatus.choices,
        },
    )


@login_required
def referral_create(request: HttpRequest) -> HttpResponse:
    """A referral entered by staff for a clinician, a hospital, a school, a court or a family member."""
    user = _user(request)
    if not user.has_perm("participants.manage_referrals"):
        raise PermissionDenied
    programs = program_selectors.program_list(viewer=user)
    form = ReferralForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.referral_create(actor=user, **{**data, "program": programs.get(pk=data["program"])})
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Referral added to the queue."))
            return redirect("participants:referral_queue")
    return render(request, "participants/referral_form.html", {"form": form})


def _back_to_queue(referral: Referral) -> HttpResponse:
    return redirect(f"{reverse('participants:referral_queue')}?program={referral.program_id}")


@login_required
@require_POST
def referral_accept(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = _user(request)
    referral = selectors.referral_get(viewer=user, referral_id=referral_id)
    form = ReferralAcceptForm(request.POST)
    form.is_valid()
    flash_outcome(
        request,
        lambda: services.referral_accept(
            actor=user,
            referral=referral,
            enrollment_status=form.cleaned_data.get("enrollment_status") or EnrollmentStatus.REFERRED,
        ),
        success=_("Referral accepted. %(name)s is now a participant.") % {"name": referral.person_name},
    )
    return _back_to_queue(referral)


@login_required
@require_POST
def referral_waitlist(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = _user(request)
    referral = selectors.referral_get(viewer=user, referral_id=referral_id)
    flash_outcome(
        request,
        lambda: services.referral_waitlist(actor=user, referral=referral),
        success=_("Referral put on the waitlist."),
    )
    return _back_to_queue(referral)


@login_required
@require_POST
def referral_decline(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = _user(request)
    referral = selectors.referral_get(viewer=user, referral_id=referral_id)
    form = ReferralDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why, and write which other services you offered."))
    else:
        flash_outcome(
            request,
            lambda: services.referral_decline(actor=user, referral=referral, **form.cleaned_data),
            success=_("Referral declined."),
        )
    return _back_to_queue(referral)


def self_referral(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The public self-referral form: no account needed. A filled-in honeypot saves nothing."""
    organization = selectors.organization_for_self_referral(slug=org_slug)
    if organization is None:
        raise Http404
    programs = selectors.programs_for_self_referral(organization=organization)
    form = SelfReferralForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.pop("website"):
            # A bot filled in the field people cannot see: answer as if it worked, keep nothing.
            return redirect("self_referral_sent", org_slug=organization.slug)
        try:
            services.referral_submit(organization=organization, **{**data, "program": programs.get(pk=data["program"])})
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            return redirect("self_referral_sent", org_slug=organization.slug)
    return render(
        request,
        "participants/self_referral.html",
        {"form": form, "organization": organization, "has_programs": programs.exists()},
    )


def self_referral_sent(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = selectors.organization_for_self_referral(slug=org_slug)
    if organization is None:
        raise Http404
    return render(request, "participants/self_referral_sent.html", {"organization": organization})
