"""What the comment script and the pages tell a writer: the new count after a
post in place, how long a refused preview waits, whom a reply answers."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.translation import gettext, override

from comments.models import Comment
from tests.comments.posting import english, guest_fields, send
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

AWAITING = "Thank you. Your comment will appear once a moderator approves it."
PREVIEW = "/comments/preview/"


def replying_to(page_html):
    """The form's "Replying to …" line, or None when the page has none to show."""
    match = re.search(r'<p class="replying-to" data-replying-to>(.*?)</p>', page_html, re.S)
    return match and match.group(1)


def test_a_post_in_place_answers_with_the_count_the_heading_shows(member_client, post):
    CommentFactory(post=post)
    CommentFactory(post=post, is_deleted=True)  # a placeholder: not counted
    CommentFactory(post=post, status="pending")  # someone else's, held: not counted
    response = send(member_client, post, "Counted.", HTTP_ACCEPT="application/json")
    data = response.json()
    assert response.status_code == 200
    assert (data["count"], data["heading"], data["message"]) == (
        2,
        english("%(count)s comments", count=2),
        "",
    )
    heading = re.search(
        r'<h2 id="comments-heading">(.*?)</h2>',
        member_client.get(post.get_absolute_url()).content.decode(),
    )
    assert heading.group(1) == data["heading"]


def test_one_comment_is_counted_in_the_singular(member_client, post):
    data = send(member_client, post, "Alone.", HTTP_ACCEPT="application/json").json()
    assert data["heading"] == english("%(count)s comment", count=1)


def test_a_held_comment_leaves_the_count_and_says_it_waits_in_place_only(client, post):
    CommentFactory(post=post)
    response = send(client, post, "Held.", HTTP_ACCEPT="application/json", **guest_fields())
    data = response.json()
    assert Comment.objects.get(body="Held.").status == Comment.Status.PENDING
    assert data["count"] == 1
    assert data["message"] == english(AWAITING)
    # Said in the answer, not queued for the next page as well.
    assert list(get_messages(response.wsgi_request)) == []


def test_without_script_a_held_comment_is_still_announced_on_the_next_page(client, post):
    response = send(client, post, "Held.", **guest_fields())
    assert response.status_code == 302
    assert english(AWAITING) in client.get(response.url).content.decode()


def test_a_refused_preview_says_how_long_to_wait(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **django_settings.ACCOUNT_RATE_LIMITS,
        "comment_preview_guest": "1/10s/ip,2/5m/ip",
    }
    assert "Retry-After" not in client.post(PREVIEW, {"body": "$x$"})
    refused = client.post(PREVIEW, {"body": "$x$"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "300"  # the longest window of the limit


def test_a_members_refused_preview_waits_for_the_members_limit(member_client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **django_settings.ACCOUNT_RATE_LIMITS,
        "comment_preview_member": "1/m/user",
        "comment_preview_guest": "1/h/ip",
    }
    member_client.post(PREVIEW, {"body": "$x$"})
    assert member_client.post(PREVIEW, {"body": "$x$"})["Retry-After"] == "60"


def test_the_reply_page_names_whom_it_answers_with_a_link_to_the_comment(client, post):
    parent = CommentFactory(post=post, guest_name="Alice <b>")
    page = client.get(reverse("comments:reply", args=[parent.pk])).content.decode()
    url = reverse("comments:permalink", args=[parent.pk])
    link = f'<a class="replying-to-name" href="{url}" data-replying-name>Alice &lt;b&gt;</a>'
    with override("en"):
        assert replying_to(page) == gettext("Replying to %(name)s") % {"name": link}


def test_the_form_under_the_discussion_names_no_one_until_reply_is_pressed(client, post):
    CommentFactory(post=post, guest_name="Alice")
    page = client.get(post.get_absolute_url()).content.decode()
    assert replying_to(page) is None
    assert '<p class="replying-to" data-replying-to hidden>' in page
    assert '<a class="replying-to-name" href="" data-replying-name></a>' in page


def test_a_reply_sent_back_from_the_confirm_page_still_names_whom_it_answers(
    client, post, settings
):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600
    parent = CommentFactory(post=post, guest_name="Alice")
    fields = {"body": "Agreed.", "parent": parent.pk, "homepage": "", **guest_fields()}
    confirm = client.post(reverse("comments:compose", args=[post.pk]), fields)
    assert confirm.status_code == 200
    assert "Alice</a>" in replying_to(confirm.content.decode())
    refused = client.post(reverse("comments:compose", args=[post.pk]), {**fields, "body": ""})
    assert refused.status_code == 400
    assert "Alice</a>" in replying_to(refused.content.decode())


def test_a_reply_with_mistakes_still_names_whom_it_answers(client, post):
    parent = CommentFactory(post=post, guest_name="Alice")
    response = send(client, post, "", parent=parent.pk, **guest_fields())
    assert response.status_code == 400
    assert "Alice</a>" in replying_to(response.content.decode())
