"""Addresses stored without a form (an import, the shell, an old row) are
checked again when a page prints them: only web addresses become links."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from comments.models import Comment
from kexue.models import SiteSettings
from tests.factories import CommentFactory, VerifiedMemberFactory

from .checks import problems

pytestmark = pytest.mark.django_db

STORED = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript://example.org/%0aalert(1)",
    "javascript:123",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//example.org/",
]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")


def hrefs(response):
    parser = _Links()
    parser.feed(response.content.decode())
    return parser.hrefs


def link_problems(page):
    """What the hardening checks find wrong with the page's links."""
    return [problem for problem in problems(page) if " href=" in problem]


def leads_to(hrefs, stored):
    """The links printed from the stored value (a template prints it as it is)."""
    return [href for href in hrefs if href.strip() == stored.strip()]


@pytest.mark.parametrize("stored", STORED)
def test_a_member_website_stored_directly_is_no_link(client, stored):
    member = VerifiedMemberFactory(username="mallory")
    get_user_model().objects.filter(pk=member.pk).update(website=stored)
    response = client.get(member.get_absolute_url())
    assert response.status_code == 200
    assert leads_to(hrefs(response), stored) == []
    assert 'class="member-website"' not in response.content.decode()
    assert link_problems(response.content.decode()) == []


def test_a_member_website_that_is_a_web_address_stays_a_link(client):
    member = VerifiedMemberFactory(username="ada", website="https://ada.example.org/")
    assert "https://ada.example.org/" in hrefs(client.get(member.get_absolute_url()))


@pytest.mark.parametrize("stored", STORED)
def test_a_guest_website_stored_directly_is_no_link(client, post, stored):
    comment = CommentFactory(post=post, guest_name="Mallory")
    Comment.objects.filter(pk=comment.pk).update(guest_website=stored)
    response = client.get(post.get_absolute_url())
    page = response.content.decode()
    assert leads_to(hrefs(response), stored) == []
    assert '<span class="comment-author">Mallory</span>' in page
    assert link_problems(page) == []


def test_a_guest_website_that_is_a_web_address_stays_a_link(client, post):
    CommentFactory(post=post, guest_name="Ada", guest_website="https://ada.example.org/")
    assert "https://ada.example.org/" in hrefs(client.get(post.get_absolute_url()))


@pytest.mark.parametrize("stored", STORED[:3] + STORED[-3:])
def test_a_licence_address_stored_directly_is_no_link(client, stored):
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(
        licence="custom", custom_licence_name="The Reuse Licence", custom_licence_url=stored
    )
    SiteSettings.forget_cached()
    response = client.get("/")
    assert leads_to(hrefs(response), stored) == []
    assert "The Reuse Licence" in response.content.decode()
    assert link_problems(response.content.decode()) == []
