"""Refusals that keep spam out: each shows its message, keeps the text, saves nothing."""

import pytest
from django import forms
from django.urls import reverse
from django.utils.translation import override

from blog.models import Post
from comments.forms import MAX_LENGTH, MAX_LINKS
from comments.models import Comment
from tests.comments.posting import english, guest_fields, send, started, textarea
from tests.factories import CommentFactory, PostFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db

TOO_FAST = "You are commenting very fast. Wait a minute, then post again."


def refused(response, message, status=400):
    assert response.status_code == status
    page = response.content.decode()
    assert message in page
    return page


def test_a_member_may_post_five_comments_a_minute(member_client, post):
    for n in range(5):
        assert send(member_client, post, f"Comment {n}").status_code == 302
    page = refused(send(member_client, post, "The sixth"), english(TOO_FAST), status=429)
    assert textarea(page) == "The sixth"
    assert Comment.objects.count() == 5


def test_the_member_limit_follows_the_member_across_addresses(member_client, post):
    for n in range(5):
        send(member_client, post, f"Comment {n}", REMOTE_ADDR=f"192.0.2.{n + 1}")
    refused(
        send(member_client, post, "From yet another address", REMOTE_ADDR="192.0.2.99"),
        english(TOO_FAST),
        status=429,
    )
    assert Comment.objects.count() == 5


def test_an_address_may_post_eight_comments_a_minute(client, post):
    for n in range(8):
        response = send(client, post, f"Comment {n}", **guest_fields(email=f"g{n}@example.net"))
        assert response.status_code == 302
    refused(send(client, post, "The ninth", **guest_fields()), english(TOO_FAST), status=429)
    assert Comment.objects.count() == 8
    other = send(client, post, "Elsewhere", REMOTE_ADDR="198.51.100.7", **guest_fields())
    assert other.status_code == 302


def test_the_honeypot_field_refuses_a_bot(client, post):
    page = refused(
        send(client, post, "Buy now", homepage="http://spam.example", **guest_fields()),
        english("This comment looks automated and was not posted."),
    )
    assert textarea(page) == "Buy now"
    assert not Comment.objects.exists()


def test_a_form_sent_within_three_seconds_is_refused(client, post):
    refused(
        send(client, post, "Typed at bot speed", started=started(seconds_ago=1), **guest_fields()),
        english("That was quick. Take a moment to read your comment, then post it again."),
    )
    assert not Comment.objects.exists()


def test_a_form_shown_days_ago_is_refused(client, post):
    refused(
        send(
            client,
            post,
            "Left open all week",
            started=started(seconds_ago=3 * 24 * 3600),
            **guest_fields(),
        ),
        english("This form was open too long. Check your comment and post it again."),
    )
    assert not Comment.objects.exists()


@pytest.mark.parametrize("stamp", ["", "1700000000", "garbage:signature", "tampered"])
def test_a_missing_or_garbled_timestamp_is_refused(client, post, stamp):
    if stamp == "tampered":
        stamp = started()[:-3] + "abc"
    response = send(client, post, "Tampered", started=stamp, **guest_fields())
    assert response.status_code == 400
    page = response.content.decode()
    assert english("This form was damaged. Check your comment and post it again.") in page
    assert not Comment.objects.exists()


def test_at_most_five_links(client, post):
    links = " ".join(f"https://example.org/{n}" for n in range(MAX_LINKS + 1))
    refused(
        send(client, post, links, **guest_fields()),
        english("At most %(count)d links per comment, please.", count=MAX_LINKS),
    )
    assert not Comment.objects.exists()
    five = " ".join(f"https://example.org/{n}" for n in range(MAX_LINKS))
    assert send(client, post, five, **guest_fields()).status_code == 302


def test_at_most_ten_thousand_characters(client, post):
    with override("en"), pytest.raises(forms.ValidationError) as too_long:
        forms.CharField(max_length=MAX_LENGTH).clean("x" * (MAX_LENGTH + 1))
    page = refused(
        send(client, post, "x" * (MAX_LENGTH + 1), **guest_fields()), too_long.value.messages[0]
    )
    assert textarea(page) == "x" * (MAX_LENGTH + 1)
    assert not Comment.objects.exists()
    assert send(client, post, "x" * MAX_LENGTH, **guest_fields()).status_code == 302


@pytest.mark.parametrize("body", ["", "   \n\t  "])
def test_an_empty_comment_is_refused(client, post, body):
    refused(send(client, post, body, **guest_fields()), english("Write something before posting."))
    assert not Comment.objects.exists()


def test_a_reply_to_a_comment_on_another_post_is_refused(member_client, post):
    elsewhere = CommentFactory(post=PostFactory())
    refused(
        send(member_client, post, "Wrong thread", parent=elsewhere.pk),
        english("The comment you reply to is no longer there."),
    )
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("status", ["removed", "spam", "pending"])
def test_a_reply_to_a_comment_that_is_not_public_is_refused(member_client, post, status):
    hidden = CommentFactory(post=post, status=status)
    refused(
        send(member_client, post, "Replying anyway", parent=hidden.pk),
        english("The comment you reply to is no longer there."),
    )
    assert Comment.objects.count() == 1


def test_a_reply_to_a_deleted_comment_is_refused(member_client, post):
    deleted = CommentFactory(post=post, is_deleted=True)
    refused(
        send(member_client, post, "Too late", parent=deleted.pk),
        english("The comment you reply to is no longer there."),
    )
    assert Comment.objects.count() == 1


def test_comments_closed_on_the_post(member_client, post):
    Post.objects.filter(pk=post.pk).update(allow_comments=False)
    refused(send(member_client, post, "Let me in"), english("Comments are closed on this post."))
    assert not Comment.objects.exists()
    page = member_client.get(post.get_absolute_url()).content.decode()
    assert english("Comments are closed on this post.") in page
    assert 'class="comment-form"' not in page


@pytest.mark.parametrize(
    "fields",
    [{"status": "draft"}, {"published_at": "2999-01-01T00:00:00Z"}],
    ids=["draft", "scheduled"],
)
def test_posting_on_a_post_that_is_not_public_is_404(member_client, fields):
    post = PostFactory(**fields)
    assert send(member_client, post, "Sneaky").status_code == 404
    assert not Comment.objects.exists()


def test_posting_needs_post(member_client, post):
    response = member_client.get(reverse("comments:post", args=[post.pk]))
    assert response.status_code == 405


def test_json_refusal_is_400_with_the_errors(member_client, post):
    response = send(member_client, post, "", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["body"][0]["message"] == english("Write something before posting.")
    assert not Comment.objects.exists()


def test_json_policy_refusal_is_a_form_wide_error(client, post, site_settings):
    site_settings.guests_may_comment = False
    site_settings.save()
    response = send(client, post, "Hi", HTTP_ACCEPT="application/json", **guest_fields())
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"][0]["message"] == english("Log in to comment.")


def test_json_success_returns_the_rendered_entry(member_client, post, member):
    parent = CommentFactory(post=post, guest_name="Emmy")
    response = send(
        member_client,
        post,
        "So $a^2 + b^2 = c^2$ **indeed**.",
        parent=parent.pk,
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    comment = Comment.objects.get(author=member)
    assert data["id"] == comment.pk and data["parent"] == parent.pk
    assert f'id="comment-{comment.pk}"' in data["html"]
    assert 'data-depth="1"' in data["html"]
    assert "<strong>indeed</strong>" in data["html"]
    assert 'class="arithmatex"' in data["html"]


def test_json_success_for_a_held_guest_is_marked_awaiting_moderation(client, post):
    response = send(client, post, "Waiting", HTTP_ACCEPT="application/json", **guest_fields())
    assert response.status_code == 200
    assert english("Awaiting moderation") in response.json()["html"]


def test_a_member_is_not_limited_by_other_members(post, client):
    for n, writer in enumerate(VerifiedMemberFactory.create_batch(2)):
        client.force_login(writer)
        address = f"203.0.113.{n + 1}"
        statuses = [send(client, post, f"{n}", REMOTE_ADDR=address).status_code for n in range(3)]
        assert statuses == [302, 302, 302]
    assert Comment.objects.count() == 6
