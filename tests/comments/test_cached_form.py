"""A guest posts from a page served by the shared cache, with or without script.

The cached page carries no token and no stamp. With script, the reader's
browser fetches both (the form ticket); without, the form goes to the confirm
page, made for that reader, and is posted from there."""

import re
import time
from html import unescape
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.comments.posting import english, guest_fields, textarea, ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def guest():
    return Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")


def cached_post_page(guest, post):
    guest.get(post.get_absolute_url())
    page = guest.get(post.get_absolute_url())
    assert page["X-Cache"] == "hit"
    return page.content.decode()


def later(seconds=10):
    """Past the minimum writing time."""
    return mock.patch("comments.stamps.time.time", return_value=time.time() + seconds)


def form_of(page):
    """The comment form's action and the values of its inputs, as a browser would send them."""
    form = re.search(r"<form class=\"comment-form\".*?</form>", page, re.S).group(0)
    action = re.search(r'action="([^"]+)"', form).group(1)
    fields = {
        name: unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)
    }
    return action, fields


def test_the_cached_form_carries_no_token_and_no_stamp(guest, post):
    page = cached_post_page(guest, post)
    action, fields = form_of(page)
    assert "csrfmiddlewaretoken" not in page
    assert fields["started"] == ""
    assert action == reverse("comments:compose", args=[post.pk])


def test_with_script_a_guest_fetches_a_ticket_and_posts_in_place(guest, post):
    cached_post_page(guest, post)
    answer = guest.get(reverse("comments:form_ticket"))
    assert "no-store" in answer["Cache-Control"]
    assert "csrftoken" in answer.cookies
    token, stamp = answer.json()["csrf_token"], answer.json()["started"]
    # The cookie the ticket set makes no reader personal: the page still comes from the cache.
    assert guest.get(post.get_absolute_url())["X-Cache"] == "hit"
    with later():
        response = guest.post(
            reverse("comments:post", args=[post.pk]),
            {"body": "Posted in place, $x^2$.", "started": stamp, "parent": "", "homepage": "",
             **guest_fields(name="Cached Guest")},
            HTTP_X_CSRFTOKEN=token, HTTP_ACCEPT="application/json",
            HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin",
        )  # fmt: skip
    assert response.status_code == 200
    assert Comment.objects.get().guest_name == "Cached Guest"


def test_a_ticket_costs_no_query_and_each_has_its_own_stamp(guest, django_assert_num_queries):
    with django_assert_num_queries(0):
        first = ticket(guest)
    assert first[1] != ticket(guest)[1]
    assert settings.SESSION_COOKIE_NAME not in guest.cookies  # nothing personal was made


def test_without_script_a_guest_confirms_on_a_page_of_their_own_and_posts(guest, post):
    action, fields = form_of(cached_post_page(guest, post))
    typed = {
        **fields,
        "body": "Typed on a cached page: $e^{i\\pi} + 1 = 0$.",
        "homepage": "",
        **guest_fields(name="No Script", guest_website="https://noscript.example/"),
    }
    confirm = guest.post(action, typed)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert english("Your comment is not posted yet. Check it, then post it.") in page
    assert textarea(page) == typed["body"]
    assert 'value="No Script"' in page and 'value="https://noscript.example/"' in page
    assert 'class="arithmatex"' in page  # previewed as it will show
    assert not Comment.objects.exists()
    assert "X-Cache" not in confirm

    action, fields = form_of(page)
    assert action == reverse("comments:post", args=[post.pk])
    assert fields["csrfmiddlewaretoken"] and fields["started"]
    with later():
        posted = guest.post(action, {**typed, **fields})
    assert posted.status_code == 302
    comment = Comment.objects.get()
    assert (comment.guest_name, comment.body) == ("No Script", typed["body"])


def test_without_script_mistakes_are_shown_on_the_confirm_page(guest, post):
    action, fields = form_of(cached_post_page(guest, post))
    response = guest.post(action, {**fields, "body": "Hello", **guest_fields(email="not mail")})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="field-error"' in page or "field-error" in page
    assert textarea(page) == "Hello"
    assert not Comment.objects.exists()


def test_without_script_the_reply_page_carries_its_own_ticket(guest, post):
    parent = Comment.objects.create(post=post, body="Parent", guest_name="Ann", status="approved")
    page = guest.get(reverse("comments:reply", args=[parent.pk]))
    assert "X-Cache" not in page  # never from the cache
    action, fields = form_of(page.content.decode())
    assert (
        fields["csrfmiddlewaretoken"] and fields["started"] and fields["parent"] == str(parent.pk)
    )
    with later():
        posted = guest.post(action, {**fields, "body": "A reply", "homepage": "", **guest_fields()})
    assert posted.status_code == 302
    assert Comment.objects.get(parent=parent).body == "A reply"
