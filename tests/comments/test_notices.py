"""The notifications page: replies to a member, newest first, read one by one or all at once."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment, ReadNotice, ThreadFollow
from comments.notices import unread_count
from comments.services import readers_see_a_change
from tests.factories import CommentFactory, MemberCommentFactory, PostFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/members/notifications/"
START = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def own_comment(member, post):
    return MemberCommentFactory(post=post, author=member, created_at=START)


def visible(comment):
    """What the services do after a change readers see (factories write behind their
    back): the header's kept unread count (comments/unread.py) is counted afresh."""
    readers_see_a_change()
    return comment


def reply_to(comment, minutes, **fields):
    return visible(
        CommentFactory(parent=comment, created_at=START + timedelta(minutes=minutes), **fields)
    )


def follow(member, post, minutes):
    """The member follows `post` from START + minutes (a member's follow is confirmed when made)."""
    at = START + timedelta(minutes=minutes)
    return ThreadFollow.objects.create(post=post, member=member, created_at=at, confirmed_at=at)


def news(post, minutes, **fields):
    """A comment on `post` that readers could first see at START + minutes."""
    at = START + timedelta(minutes=minutes)
    return visible(CommentFactory(post=post, created_at=at, approved_at=at, **fields))


def listed_ids(client, url=LIST_URL):
    page = client.get(url).content.decode()
    return [int(pk) for pk in re.findall(r'<li class="notice[^"]*" id="notice-(\d+)"', page)]


def unread_ids(client):
    page = client.get(LIST_URL).content.decode()
    return [
        int(pk) for pk in re.findall(r'<li class="notice notice-unread" id="notice-(\d+)"', page)
    ]


def header_count(client):
    """The unread count the header shows beside the member's name, 0 when it shows none."""
    page = client.get("/").content.decode()
    header = page[
        page.index('<nav class="member-nav"') : page.index(
            "</nav>", page.index('class="member-nav"')
        )
    ]
    found = re.search(r'<span aria-hidden="true">(\d+)</span>', header)
    return int(found.group(1)) if found else 0


def test_replies_to_the_member_are_listed_newest_first(member_client, own_comment):
    older = reply_to(own_comment, 5)
    newer = reply_to(own_comment, 50)
    by_a_member = MemberCommentFactory(parent=own_comment, created_at=START + timedelta(minutes=20))
    assert listed_ids(member_client) == [newer.pk, by_a_member.pk, older.pk]
    assert unread_ids(member_client) == [newer.pk, by_a_member.pk, older.pk]
    assert header_count(member_client) == 3


def test_own_comments_and_others_threads_are_not_notices(member_client, member, own_comment):
    MemberCommentFactory(parent=own_comment, author=member)  # answering themselves
    unrelated = CommentFactory(post=own_comment.post)
    reply_to(unrelated, 3)  # a reply to someone else
    assert listed_ids(member_client) == []
    assert header_count(member_client) == 0
    assert "Nothing yet" in member_client.get(LIST_URL).content.decode()


@pytest.mark.parametrize(
    "hidden",
    [{"status": "pending"}, {"status": "spam"}, {"status": "removed"}, {"is_deleted": True}],
    ids=["pending", "spam", "removed", "deleted by its writer"],
)
def test_only_public_replies_are_notices(member_client, own_comment, hidden):
    shown = reply_to(own_comment, 1)
    reply_to(own_comment, 2, **hidden)
    assert listed_ids(member_client) == [shown.pk]
    assert header_count(member_client) == 1


def test_replies_on_a_draft_are_not_notices(member_client, member):
    draft = PostFactory(status="draft")
    comment = MemberCommentFactory(post=draft, author=member)
    reply_to(comment, 1)
    assert listed_ids(member_client) == []


def test_marking_one_read_changes_its_state_and_the_count(member_client, own_comment):
    first, second = reply_to(own_comment, 1), reply_to(own_comment, 2)
    response = member_client.post(reverse("notices:read", args=[first.pk]), {"page": "1"})
    assert response.status_code == 302
    assert response.url == f"{LIST_URL}?page=1"
    assert listed_ids(member_client) == [second.pk, first.pk]  # still listed, in its place
    assert unread_ids(member_client) == [second.pk]
    assert header_count(member_client) == 1
    # Twice is no error and stores nothing more.
    member_client.post(reverse("notices:read", args=[first.pk]))
    assert ReadNotice.objects.count() == 1


def test_mark_all_read_clears_the_count_and_a_new_reply_counts_again(member_client, own_comment):
    for minutes in range(3):
        reply_to(own_comment, minutes)
    response = member_client.post(reverse("notices:read_all"))
    assert response.status_code == 302
    assert response.url == LIST_URL
    assert unread_ids(member_client) == []
    assert header_count(member_client) == 0
    later = reply_to(own_comment, 90)
    assert unread_ids(member_client) == [later.pk]
    assert header_count(member_client) == 1


def test_a_reply_approved_after_mark_all_read_is_unread(member_client, own_comment):
    """A guest's reply waits for moderation: written before the click, seen after it."""
    held = reply_to(own_comment, 1, status="pending")
    member_client.post(reverse("notices:read_all"))
    Comment.objects.filter(pk=held.pk).update(status="approved")
    assert unread_ids(member_client) == [held.pk]


def test_someone_elses_reply_cannot_be_marked(member_client, post):
    strangers = MemberCommentFactory(post=post)
    reply = reply_to(strangers, 1)
    response = member_client.post(reverse("notices:read", args=[reply.pk]))
    assert response.status_code == 404
    assert ReadNotice.objects.count() == 0


def test_a_hidden_reply_cannot_be_marked(member_client, own_comment):
    spam = reply_to(own_comment, 1, status="spam")
    assert member_client.post(reverse("notices:read", args=[spam.pk])).status_code == 404
    assert ReadNotice.objects.count() == 0


def test_marking_asks_for_post_and_a_member(client, member_client, own_comment):
    reply = reply_to(own_comment, 1)
    assert member_client.get(reverse("notices:read", args=[reply.pk])).status_code == 405
    assert member_client.get(reverse("notices:read_all")).status_code == 405
    member_client.logout()
    response = client.post(reverse("notices:read_all"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert ReadNotice.objects.count() == 0


def test_the_page_asks_anonymous_readers_to_log_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_marking_needs_the_csrf_token(member, own_comment):
    reply = reply_to(own_comment, 1)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    refused = browser.post(reverse("notices:read", args=[reply.pk]))
    assert refused.status_code == 403
    assert browser.post(reverse("notices:read_all")).status_code == 403
    assert ReadNotice.objects.count() == 0

    page = browser.get(LIST_URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    accepted = browser.post(
        reverse("notices:read", args=[reply.pk]), {"csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 302
    assert unread_count(member) == 0


def test_a_long_list_is_paginated_and_buttons_keep_the_page(member_client, own_comment):
    replies = [reply_to(own_comment, minutes) for minutes in range(25)]
    newest_first = [reply.pk for reply in reversed(replies)]
    assert listed_ids(member_client) == newest_first[:20]
    assert listed_ids(member_client, f"{LIST_URL}?page=2") == newest_first[20:]
    response = member_client.post(reverse("notices:read", args=[newest_first[21]]), {"page": "2"})
    assert response.url == f"{LIST_URL}?page=2"
    assert header_count(member_client) == 24


def test_comments_in_a_followed_thread_after_the_follow_are_notices(member_client, member, post):
    news(post, 5)  # before the follow: history, not news
    follow(member, post, 10)
    first = news(post, 20)
    answer = news(post, 30, parent=first)  # a reply to someone else, in the thread
    MemberCommentFactory(post=post, author=member, approved_at=START + timedelta(minutes=40))
    news(PostFactory(), 50)  # a thread the member does not follow
    assert listed_ids(member_client) == [answer.pk, first.pk]
    assert header_count(member_client) == 2
    page = member_client.get(LIST_URL).content.decode()
    assert "which you follow" in page
    assert "replied to you" not in page


def test_a_held_comment_approved_after_the_follow_is_news(member_client, member, post):
    held = CommentFactory(post=post, created_at=START, status="pending")
    follow(member, post, 10)
    Comment.objects.filter(pk=held.pk).update(
        status="approved", approved_at=START + timedelta(minutes=20)
    )
    assert listed_ids(member_client) == [held.pk]


def test_followed_threads_hide_what_the_public_does_not_see(member_client, member, post):
    follow(member, post, 10)
    shown = news(post, 20)
    news(post, 21, status="spam")
    news(post, 22, is_deleted=True)
    pending = CommentFactory(post=post, created_at=START + timedelta(minutes=23), status="pending")
    assert pending.approved_at is None
    assert listed_ids(member_client) == [shown.pk]


def test_an_unconfirmed_follow_and_an_ended_one_bring_no_news(member_client, member, post):
    row = follow(member, post, 10)
    row.confirmed_at = None
    row.save()
    news(post, 20)
    assert listed_ids(member_client) == []
    row.delete()
    assert listed_ids(member_client) == []


def test_replies_and_followed_news_mix_newest_first_and_count_once(
    member_client, member, own_comment
):
    post = own_comment.post
    follow(member, post, 0)
    reply = news(post, 30, parent=own_comment)  # a reply in a followed thread: one notice
    other = news(post, 20)
    held_reply = reply_to(own_comment, 1, status="pending")
    Comment.objects.filter(pk=held_reply.pk).update(
        status="approved", approved_at=START + timedelta(minutes=40)
    )
    assert listed_ids(member_client) == [held_reply.pk, reply.pk, other.pk]
    assert header_count(member_client) == 3
    member_client.post(reverse("notices:read", args=[other.pk]))
    assert unread_ids(member_client) == [held_reply.pk, reply.pk]
    member_client.post(reverse("notices:read_all"))
    assert header_count(member_client) == 0
