from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.models import User
from alongside.core.forms import add_validation_errors
from alongside.peers import proqol, selectors, services
from alongside.peers.forms import (
    CompletionForm,
    CredentialForm,
    EthicsAcknowledgeForm,
    EthicsCodeForm,
    ProfileForm,
    SupervisionForm,
    TimeOffForm,
    TrainingForm,
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require(request: HttpRequest, perm: str) -> User:
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return _user(request)


def _back_to(viewer: User, peer: User) -> HttpResponse:
    return redirect("peers:me") if peer.pk == viewer.pk else redirect("peers:detail", user_id=peer.pk)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _peer_page(request: HttpRequest, viewer: User, peer: User) -> HttpResponse:
    profile = selectors.profile_for(viewer=viewer, peer=peer)
    return render(
        request,
        "peers/detail.html",
        {
            "peer": peer,
            "profile": profile,
            "is_me": viewer.pk == peer.pk,
            "completions": selectors.completion_list(viewer=viewer, peer=peer),
            "credentials": selectors.credential_list(viewer=viewer, peer=peer),
            "can_add_records": viewer.has_perm("peers.add_peer_record", peer),
            "has_room": selectors.peer_has_room(peer, timezone.localdate()),
            "time_off_form": TimeOffForm() if viewer.pk == peer.pk else None,
            "ethics_due": viewer.pk == peer.pk
            and selectors.ethics_due_for(viewer=viewer, peer=peer, now=timezone.now()),
        },
    )


@login_required
def me(request: HttpRequest) -> HttpResponse:
    user = _require(request, "peers.edit_own_profile")
    return _peer_page(request, user, user)


@login_required
def peer_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    viewer = _user(request)
    return _peer_page(request, viewer, selectors.peer_get(viewer=viewer, user_id=user_id))


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = _require(request, "peers.edit_own_profile")
    profile = selectors.profile_for(viewer=user, peer=user)
    initial: dict[str, object] = {"max_caseload": 8}
    if profile is not None:
        experiences = list(profile.lived_experiences.all())
        initial = {
            "bio": profile.bio,
            "languages": ", ".join(profile.languages),
            "specialties": profile.specialties,
            "max_caseload": profile.max_caseload,
            "experience_for_matching": "\n".join(e.area for e in experiences if e.use_for_matching),
            "experience_private": "\n".join(e.area for e in experiences if not e.use_for_matching),
        }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        private = [(area, False) for area in _lines(data["experience_private"])]
        shared = [(area, True) for area in _lines(data["experience_for_matching"])]
        try:
            services.profile_update(
                actor=user,
                bio=data["bio"],
                languages=data["languages"].split(","),
                specialties=data["specialties"],
                max_caseload=data["max_caseload"],
                lived_experiences=private + shared,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc, default_field="bio")
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("peers:me")
    return render(request, "peers/profile_form.html", {"form": form})


@login_required
@require_POST
def time_off_add(request: HttpRequest) -> HttpResponse:
    user = _require(request, "peers.edit_own_profile")
    form = TimeOffForm(request.POST)
    if form.is_valid():
        try:
            services.time_off_add(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your time off is saved. You will get no new matches then."))
            return redirect("peers:me")
    return render(request, "peers/time_off_form.html", {"form": form}, status=200)


@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    user = _require(request, "peers.view_trainings")
    can_manage = user.has_perm("peers.manage_trainings")
    form = TrainingForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.training_create(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Training added."))
                return redirect("peers:trainings")
    trainings = selectors.training_list(viewer=user, include_inactive=True)
    return render(request, "peers/trainings.html", {"trainings": trainings, "form": form, "can_manage": can_manage})


@login_required
@require_POST
def training_seed_defaults(request: HttpRequest) -> HttpResponse:
    user = _require(request, "peers.manage_trainings")
    added = services.training_seed_defaults(actor=user)
    messages.success(request, _("%(count)s standard trainings added.") % {"count": len(added)})
    return redirect("peers:trainings")


@login_required
def completion_record(request: HttpRequest, user_id: int) -> HttpResponse:
    viewer = _user(request)
    peer = selectors.peer_get(viewer=viewer, user_id=user_id, perm="peers.add_peer_record")
    form = CompletionForm(request.POST or None, trainings=selectors.training_list(viewer=viewer))
    if request.method == "POST" and form.is_valid():
        try:
            services.training_completion_record(actor=viewer, peer=peer, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Training record saved."))
            return _back_to(viewer, peer)
    return render(
        request, "peers/record_form.html", {"form": form, "peer": peer, "title": _("Add a finished training")}
    )


@login_required
def credential_add(request: HttpRequest, user_id: int) -> HttpResponse:
    viewer = _user(request)
    peer = selectors.peer_get(viewer=viewer, user_id=user_id, perm="peers.add_peer_record")
    form = CredentialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.credential_add(actor=viewer, peer=peer, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Credential saved."))
            return _back_to(viewer, peer)
    return render(request, "peers/record_form.html", {"form": form, "peer": peer, "title": _("Add a credential")})


@login_required
def team(request: HttpRequest) -> HttpResponse:
    user = _require(request, "peers.view_team")
    today = timezone.localdate()
    peers = selectors.team_with_room(viewer=user, on=today)
    return render(
        request,
        "peers/team.html",
        {
            "peers": peers,
            "expiring": selectors.credentials_expiring(viewer=user, today=today),
            "wellbeing": selectors.team_wellbeing(viewer=user, now=timezone.now()),
            "min_peers": selectors.TEAM_WELLBEING_MIN_PEERS,
            "supervision_overdue": selectors.supervision_overdue(viewer=user, today=today),
            "overdue_days": selectors.supervision_overdue_days(),
            "ethics_due": selectors.ethics_due(viewer=user, now=timezone.now()),
            "shared_checkins": selectors.checkin_list(viewer=user).filter(status="complete")[:20],
            "credit_name": proqol.CREDIT_NAME,
            "credit_url": proqol.CREDIT_URL,
        },
    )


# --- Supervision -------------------------------------------------------------------------------


@login_required
def supervision_list(request: HttpRequest) -> HttpResponse:
    user = _require(request, "peers.view_supervision")
    return render(
        request,
        "peers/supervision_list.html",
        {
            "sessions": selectors.supervision_list(viewer=user)[:200],
            "can_record": user.has_perm("peers.record_supervision"),
        },
    )


@login_required
def supervision_record(request: HttpRequest) -> HttpResponse:
    user = _require(request, "peers.record_supervision")
    form = SupervisionForm(request.POST or None, peers=selectors.peer_list(viewer=user))
    if request.method == "POST" and form.is_valid():
        try:
            session = services.supervision_record(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Supervision session saved."))
            return redirect("peers:supervision_detail", session_id=session.pk)
    return render(request, "peers/supervision_form.html", {"form": form})


@login_required
def supervision_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    user = _user(request)
    session = selectors.supervision_get(viewer=user, session_id=session_id)
    return render(
        request,
        "peers/supervision_detail.html",
        {"session": session, "show_notes": user.has_perm("peers.view_supervision_notes", session)},
    )


# --- Ethics ------------------------------------------------------------------------------------


@login_required
def ethics(request: HttpRequest) -> HttpResponse:
    user = _require(request, "peers.view_ethics")
    code = selectors.ethics_current(viewer=user)
    can_manage = user.has_perm("peers.manage_ethics")
    form = EthicsCodeForm(request.POST or None, initial={"text": code.text if code else ""}) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.ethics_code_set(actor=user, text=form.cleaned_data["text"])
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("The code of ethics is saved. Peers will be asked to acknowledge it."))
                return redirect("peers:ethics")
    is_peer = user.has_perm("peers.acknowledge_ethics")
    return render(
        request,
        "peers/ethics.html",
        {
            "code": code,
            "form": form,
            "is_peer": is_peer,
            "acknowledgement": selectors.ethics_last_acknowledgement(viewer=user, peer=user) if is_peer else None,
            "due": is_peer and selectors.ethics_due_for(viewer=user, peer=user, now=timezone.now()),
        },
    )


@login_required
@require_POST
def ethics_acknowledge(request: HttpRequest) -> HttpResponse:
    user = _require(request, "peers.acknowledge_ethics")
    form = EthicsAcknowledgeForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.ethics_acknowledge(actor=user, version=version)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("peers:ethics")
    messages.success(request, _("Thank you. Your acknowledgement of the code of ethics is recorded."))
    return redirect("peers:me")
