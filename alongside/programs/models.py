from __future__ import annotations

from typing import Any, Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.core.models import OrganizationOwned, ScopedQuerySet


class ProgramModel(models.TextChoices):
    ONE_ON_ONE = "one_on_one", _("One-on-one mentorship")
    GROUP = "group", _("Group peer support")
    WARM_LINE = "warm_line", _("Warm line")
    YOUTH = "youth", _("Youth peer services")
    FAMILY = "family", _("Family peer support")


class ProgramQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        return self.in_viewer_organization(user)


class Program(OrganizationOwned):
    """A peer support program an organization runs, of one of the five program models."""

    name = models.CharField(_("name"), max_length=200)
    model = models.CharField(_("program model"), max_length=20, choices=ProgramModel.choices)
    description = models.TextField(_("description"), blank=True)
    min_age = models.PositiveSmallIntegerField(_("youngest age served"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest age served"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="programs_program_org_name_unique"),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="programs_program_age_range_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def age_range_label(self) -> str:
        if self.min_age is None and self.max_age is None:
            return str(_("All ages"))
        if self.max_age is None:
            return str(_("%(min)s and older") % {"min": self.min_age})
        return f"{self.min_age or 0}–{self.max_age}"
