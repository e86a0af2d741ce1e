from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from alongside.accounts.models import Membership, Organization, User
from alongside.accounts.roles import Role

PASSWORD = "correct horse battery staple"


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class UserFactory(DjangoModelFactory[User]):
    """A user with a membership. ``UserFactory(role=Role.PEER, organization=org)``."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)
    role = Role.PEER
    organization = factory.SubFactory(OrganizationFactory)

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        role = kwargs.pop("role")
        organization = kwargs.pop("organization")
        user = super()._create(model_class, *args, **kwargs)
        Membership.objects.create(user=user, organization=organization, role=role)
        return user
