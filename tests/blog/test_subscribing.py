"""Subscribing to new posts: double opt-in for guests, one click for members."""

import pytest
from django.test import Client
from django.urls import reverse

from blog.models import Subscriber
from kexue.outbox.models import Message
from tests.factories import PostFactory, UserFactory
from tests.outbox import deliver

from .subscribing import ask, confirmations_to, link_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_box_is_in_the_sidebar_and_below_the_post_without_a_token(client, settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 60
    post = PostFactory()
    response = client.get(post.get_absolute_url())
    html = response.content.decode()
    assert html.count(f'action="{reverse("blog:subscribe")}"') == 2
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies  # so the shared cache may keep the page
    assert client.get(post.get_absolute_url())["X-Cache"] == "hit"


def test_a_guest_gets_one_confirmation_and_is_subscribed_only_after_confirming(client, mailoutbox):
    response = ask(client, "Noether@Example.org")
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert not Subscriber.objects.exists()
    [confirmation] = confirmations_to("noether@example.org")

    path = link_in(confirmation, "confirm")
    assert client.get(path).status_code == 200  # a mail scanner following it subscribes nobody
    assert not Subscriber.objects.exists()
    response = client.post(path)
    assert response.status_code == 200
    assert "noether@example.org" in response.content.decode()
    assert Subscriber.objects.get().email == "noether@example.org"

    deliver()
    assert [mail.to for mail in mailoutbox] == [["noether@example.org"]]


def test_a_guest_box_on_a_cached_page_works_from_a_browser_without_a_token():
    browser = Client(enforce_csrf_checks=True)
    response = ask(browser, "emmy@example.org", HTTP_ORIGIN="http://testserver",
                   HTTP_SEC_FETCH_SITE="same-origin")  # fmt: skip
    assert response.status_code == 200
    assert confirmations_to("emmy@example.org").count() == 1


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_SEC_FETCH_SITE": "cross-site"}],
)
def test_another_site_cannot_send_the_box(headers):
    response = ask(Client(enforce_csrf_checks=True), "emmy@example.org", **headers)
    assert response.status_code == 403
    assert not Message.objects.exists()


@pytest.mark.parametrize("email", ["", "not an address", "a@b@c.org"])
def test_a_bad_address_is_refused_with_a_message_and_sends_nothing(client, email):
    response = ask(client, email)
    assert response.status_code == 400
    assert "e-mail address" in response.content.decode()
    assert not Message.objects.exists()


def test_fifty_requests_for_one_address_in_a_minute_send_one_confirmation(client, mailoutbox):
    # From many clients, so only the limit per address stands in the way.
    for number in range(50):
        response = ask(client, "emmy@example.org", REMOTE_ADDR=f"10.0.{number // 200}.{number}")
        assert response.status_code == 200
    assert confirmations_to("emmy@example.org").count() == 1
    deliver()
    assert len(mailoutbox) == 1


def test_one_client_is_stopped_after_ten_requests_a_minute(client):
    answers = [ask(client, f"reader{number}@example.org").status_code for number in range(12)]
    assert answers == [200] * 10 + [429] * 2
    assert Message.objects.count() == 10


def test_the_answer_is_the_same_whether_or_not_the_address_is_subscribed(client):
    Subscriber.objects.create(email="emmy@example.org")
    known = ask(client, "emmy@example.org", REMOTE_ADDR="10.0.0.1")
    unknown = ask(client, "sophie@example.org", REMOTE_ADDR="10.0.0.2")
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content


def test_an_altered_confirmation_link_is_refused_and_subscribes_nobody(client):
    ask(client, "emmy@example.org")
    path = link_in(confirmations_to("emmy@example.org").get(), "confirm")
    token = path.split("/")[3]
    altered = reverse("blog:subscribe_confirm", args=[token[:-3] + "abc"])
    for response in (client.get(altered), client.post(altered)):
        assert response.status_code == 404
        assert "not valid" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_member_subscribes_in_one_click_with_their_verified_address(member_client, member):
    page = member_client.get(PostFactory().get_absolute_url())
    assert f'action="{reverse("blog:subscribe_member")}"' in page.content.decode()
    response = member_client.post(reverse("blog:subscribe_member"), {"next": "/archives/"})
    assert response.status_code == 302
    assert response["Location"] == "/archives/"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.member) == ("ada@example.org", member)
    assert not Message.objects.exists()


def test_a_member_without_a_verified_address_confirms_by_mail_first(client):
    unverified = UserFactory(username="grete", email="grete@example.org")
    client.force_login(unverified)
    client.post(reverse("blog:subscribe_member"))
    assert not Subscriber.objects.exists()
    path = link_in(confirmations_to("grete@example.org").get(), "confirm")
    client.post(path)
    assert Subscriber.objects.get().member == unverified


def test_the_settings_page_shows_the_subscription_and_unsubscribes(member_client, member):
    settings_page = reverse("members:settings")
    assert "not subscribed" in member_client.get(settings_page).content.decode()
    member_client.post(reverse("blog:subscribe_member"), {"next": settings_page})
    page = member_client.get(settings_page).content.decode()
    assert "ada@example.org" in page
    assert reverse("blog:unsubscribe_member") in page
    response = member_client.post(reverse("blog:unsubscribe_member"), {"next": settings_page})
    assert response["Location"] == settings_page
    assert not Subscriber.objects.exists()


def test_a_guest_subscription_of_a_members_address_is_theirs_in_the_settings(member):
    from blog.subscriptions import subscriptions_of

    Subscriber.objects.create(email="ada@example.org")
    assert [s.email for s in subscriptions_of(member)] == ["ada@example.org"]
    assert not subscriptions_of(UserFactory(username="other")).exists()
