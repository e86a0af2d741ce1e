from __future__ import annotations

from typing import Any, ClassVar, Self

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from alongside.accounts.roles import Role
from alongside.core.models import ScopedModel, ScopedQuerySet, viewer_membership


class Network(models.Model):
    """A group of organizations that share de-identified aggregates."""

    name = models.CharField(_("name"), max_length=200)

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """A provider that runs peer support programs; every domain row belongs to one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True)
    network = models.ForeignKey(Network, null=True, blank=True, on_delete=models.PROTECT, related_name="organizations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserQuerySet(ScopedQuerySet):
    def visible_to(self, user: User) -> Self:
        membership = viewer_membership(user)
        if membership is None:
            return self.none()
        if membership.role in {Role.ORG_ADMIN, Role.SUPERVISOR}:
            return self.filter(membership__organization_id=membership.organization_id)
        return self.filter(pk=user.pk)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def visible_to(self, user: User) -> UserQuerySet:
        return self.get_queryset().visible_to(user)

    def get_by_natural_key(self, username: str | None) -> User:
        # Emails are stored lowercased; signing in with "Alice@Example.org" must find alice@example.org.
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(ScopedModel, AbstractBaseUser, PermissionsMixin):
    """A person who signs in: staff, participants and admins alike. Identified by email."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(_("language"), max_length=8, default="en")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("can use the site admin"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Bumped by "sign out everywhere" and deactivation; part of the session hash, so every
    # existing session stops validating at once.
    session_epoch = models.PositiveIntegerField(default=0)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self) -> str:
        return f"User {self.pk}"

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django checks this hash on every request (and again with SECRET_KEY_FALLBACKS after a key
        # rotation). Mixing in session_epoch means a password change, "sign out everywhere", a role
        # change or deactivation stops every existing session at once.
        return salted_hmac(
            "alongside.accounts.User.session",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def active_membership(self) -> Membership | None:
        cached = self.__dict__.get("_active_membership", ...)
        if cached is ...:
            if "membership" in self._state.fields_cache:
                loaded = self._state.fields_cache["membership"]
                cached = loaded if loaded is not None and loaded.is_active else None
            else:
                cached = Membership.objects.select_related("organization").filter(user=self, is_active=True).first()
            self.__dict__["_active_membership"] = cached
        return cached

    @property
    def role(self) -> str | None:
        membership = self.active_membership
        return membership.role if membership else None

    @property
    def organization(self) -> Organization | None:
        membership = self.active_membership
        return membership.organization if membership else None


class MembershipQuerySet(ScopedQuerySet):
    def visible_to(self, user: User) -> Self:
        membership = viewer_membership(user)
        if membership is None:
            return self.none()
        if membership.role in {Role.ORG_ADMIN, Role.SUPERVISOR}:
            return self.filter(organization_id=membership.organization_id)
        return self.filter(user=user)


class Membership(ScopedModel):
    """A user's role in their organization. One per user; deactivating keeps the row."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="membership")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organization", "role"])]

    def __str__(self) -> str:
        return f"{self.role} in {self.organization_id}"


class InvitationQuerySet(ScopedQuerySet):
    def visible_to(self, user: User) -> Self:
        return self.in_viewer_organization(user, {Role.ORG_ADMIN})


class Invitation(ScopedModel):
    """An emailed invitation to join an organization in a role. The link token is stored hashed."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class ApiTokenQuerySet(ScopedQuerySet):
    def visible_to(self, user: User) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class ApiToken(ScopedModel):
    """A personal token for integrations. Only a SHA-256 of the secret is kept; it is shown once."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
