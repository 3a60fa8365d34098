"""The Preview button's endpoint: the posting pipeline, rate limited, POST with CSRF."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from kexue.markup import render_comment
from tests.comments.posting import english, send

pytestmark = pytest.mark.django_db

PREVIEW = "/comments/preview/"
BODY = (
    "**Bold** claim: $\\sum_{n\\ge1} 1/n^2 = \\pi^2/6$, see [here](https://example.org/).\n\n# No"
)


def test_the_preview_route_is_named():
    assert reverse("comments:preview") == PREVIEW


def test_preview_renders_exactly_what_posting_stores(member_client, post, member):
    preview = member_client.post(PREVIEW, {"body": BODY})
    assert preview.status_code == 200
    html = preview.json()["html"]
    assert "<strong>Bold</strong>" in html and 'class="arithmatex"' in html
    assert 'rel="nofollow ugc noopener"' in html
    assert "<h1" not in html
    assert not Comment.objects.exists()
    send(member_client, post, BODY)
    assert Comment.objects.get().body_html == html == render_comment(BODY)


def test_preview_is_limited_to_thirty_a_minute(client):
    for _ in range(30):
        assert client.post(PREVIEW, {"body": "$x$"}).status_code == 200
    refused = client.post(PREVIEW, {"body": "$x$"})
    assert refused.status_code == 429
    assert refused.json()["error"] == english("Too many previews. Wait a minute.")
    other = client.post(PREVIEW, {"body": "$x$"}, REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 200


def test_preview_limit_follows_the_member(member_client):
    for n in range(30):
        member_client.post(PREVIEW, {"body": "$x$"}, REMOTE_ADDR=f"192.0.2.{n + 1}")
    assert (
        member_client.post(PREVIEW, {"body": "$x$"}, REMOTE_ADDR="192.0.2.200").status_code == 429
    )


def test_preview_needs_post(client):
    assert client.get(PREVIEW, {"body": "x"}).status_code == 405


def test_a_member_needs_the_csrf_token_to_preview_and_to_post(member, post):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    assert browser.post(PREVIEW, {"body": "x"}).status_code == 403
    assert send(browser, post, "Forged").status_code == 403
    assert not Comment.objects.exists()

    browser.get(post.get_absolute_url())  # the form page hands out the token
    token = browser.cookies["csrftoken"].value
    assert browser.post(PREVIEW, {"body": "x"}, HTTP_X_CSRFTOKEN=token).status_code == 200
    assert send(browser, post, "Genuine", csrfmiddlewaretoken=token).status_code == 302
    assert Comment.objects.get().body == "Genuine"
