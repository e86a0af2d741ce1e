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
from alongside.peers.forms import CompletionForm, CredentialForm, ProfileForm, TimeOffForm, TrainingForm


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
    peers = [(peer, selectors.peer_has_room(peer, today)) for peer in selectors.peer_list(viewer=user)]
    return render(
        request,
        "peers/team.html",
        {
            "peers": peers,
            "expiring": selectors.credentials_expiring(viewer=user, today=today),
            "wellbeing": selectors.team_wellbeing(viewer=user, now=timezone.now()),
            "min_peers": selectors.TEAM_WELLBEING_MIN_PEERS,
            "shared_checkins": selectors.checkin_list(viewer=user).filter(status="complete")[:20],
            "credit_name": proqol.CREDIT_NAME,
            "credit_url": proqol.CREDIT_URL,
        },
    )
