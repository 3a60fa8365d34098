"""Unsubscribing from new posts: one signed link, no login, undo offered."""

import pytest
from django.test import Client
from django.urls import reverse

from blog.models import Subscriber
from blog.subscriptions import unsubscribe_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def subscriber():
    return Subscriber.objects.create(email="emmy@example.org")


def stop_path(subscriber):
    return reverse("blog:unsubscribe", args=[unsubscribe_token(subscriber)])


def test_the_link_asks_first_then_unsubscribes_without_login(client, subscriber):
    path = stop_path(subscriber)
    page = client.get(path)
    assert "emmy@example.org" in page.content.decode()
    assert Subscriber.objects.exists()
    response = client.post(path)
    assert response.status_code == 200
    assert "Subscribe again" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_one_click_post_needs_no_csrf_token_even_from_the_mail_provider(subscriber):
    mail_provider = Client(enforce_csrf_checks=True)
    response = mail_provider.post(
        stop_path(subscriber),
        {"List-Unsubscribe": "One-Click"},
        HTTP_ORIGIN="https://mail.example.net",
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_undo_subscribes_again(client, member):
    Subscriber.objects.create(email="ada@example.org", member=member)
    response = client.post(stop_path(Subscriber.objects.get()))
    undo_token = response.context["undo_token"]
    client.post(reverse("blog:subscribe_undo"), {"token": undo_token})
    again = Subscriber.objects.get()
    assert (again.email, again.member) == ("ada@example.org", member)


@pytest.mark.parametrize(
    "alter",
    [
        lambda token: token[:-2] + ("xy" if not token.endswith("xy") else "zw"),
        lambda token: "x" + token,
        lambda token: token.split(":")[0],
        lambda token: unsubscribe_token(Subscriber(email="sophie@example.org"))[:-4] + token[-4:],
    ],
)
def test_a_forged_or_altered_link_is_refused_and_changes_nothing(client, subscriber, alter):
    Subscriber.objects.create(email="sophie@example.org")
    path = reverse("blog:unsubscribe", args=[alter(unsubscribe_token(subscriber))])
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 404
        assert "not valid" in response.content.decode()
    assert Subscriber.objects.count() == 2


def test_a_forged_undo_is_refused(client):
    response = client.post(reverse("blog:subscribe_undo"), {"token": "emmy@example.org"})
    assert response.status_code == 404
    assert not Subscriber.objects.exists()
