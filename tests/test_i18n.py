"""Every page can be switched between English and Spanish."""

import pytest
from django.conf import settings
from django.test import Client

from conftest import World, sign_in

pytestmark = pytest.mark.django_db


def _in_spanish(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


def test_the_sign_in_page_speaks_spanish_when_chosen(client: Client) -> None:
    page = _in_spanish(client).get("/account/login/").content.decode()
    assert '<html lang="es">' in page
    assert "Iniciar sesión" in page
    assert "Llame o envíe un mensaje de texto" in page


def test_the_language_switch_sets_the_choice(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/account/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert "Iniciar sesión" in client.get("/account/login/").content.decode()


def test_signed_in_pages_and_navigation_are_in_spanish(world: World, client: Client) -> None:
    sign_in(_in_spanish(client), world.own["org_admin"])
    page = client.get("/people/").content.decode()
    assert "Personas" in page
    assert "Registro de auditoría" in page
    assert "Invitar a alguien" in page


def test_a_form_error_is_in_spanish(world: World, client: Client) -> None:
    sign_in(_in_spanish(client), world.own["org_admin"])
    page = client.post(
        "/programs/new/", {"name": "Jóvenes", "model": "youth", "min_age": "30", "max_age": "12"}
    ).content.decode()
    assert "La edad máxima debe ser igual o mayor que la edad mínima." in page
