import factory
from factory.django import DjangoModelFactory

from alongside.accounts.tests.factories import OrganizationFactory
from alongside.programs.models import Program, ProgramModel


class ProgramFactory(DjangoModelFactory[Program]):
    class Meta:
        model = Program

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Program {n}")
    model = ProgramModel.ONE_ON_ONE
