"""The header's unread count is kept (comments/unread.py), yet exact right after
every change to the member's notices, and never another member's."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog.models import Post
from comments import follows, notice_versions, notices
from comments.models import Comment, ThreadFollow
from comments.services import delete_comment, moderate, submit_comment
from tests.factories import MemberCommentFactory, PostFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def header_count(client):
    """The count beside the member's name on the home page, 0 when none shows."""
    page = client.get("/").content.decode()
    nav = page[page.index('<nav class="member-nav"') :]
    nav = nav[: nav.index("</nav>")]
    if 'class="unread-count"' not in nav:
        return 0
    return int(nav.split('<span aria-hidden="true">')[1].split("<")[0])


def counted(client):
    """The header's count, and whether this request counted it in the database."""
    with CaptureQueriesContext(connection) as queries:
        count = header_count(client)
    return count, any("comments_readnotice" in query["sql"] for query in queries)


def reply(parent, author=None, body="An answer."):
    return submit_comment(
        post=parent.post,
        author=author or VerifiedMemberFactory(),
        body=body,
        parent=parent,
        address="192.0.2.7",
        user_agent="test",
        base_url=SITE,
    )


@pytest.fixture
def own_comment(member, post):
    return MemberCommentFactory(post=post, author=member)


def test_the_count_is_kept_until_something_changes(member_client, own_comment):
    reply(own_comment)
    assert counted(member_client) == (1, True)
    assert counted(member_client) == (1, False)


def test_a_new_reply_shows_at_once_and_reading_it_clears_it(member_client, own_comment):
    assert header_count(member_client) == 0
    answer = reply(own_comment)
    assert counted(member_client) == (1, True)
    member_client.post(f"/members/notifications/{answer.pk}/read/")
    assert header_count(member_client) == 0
    reply(own_comment)
    reply(own_comment)
    assert header_count(member_client) == 2
    member_client.post("/members/notifications/read/")
    assert header_count(member_client) == 0


def test_a_reply_moderated_away_or_deleted_stops_counting(member_client, own_comment):
    first, second = reply(own_comment), reply(own_comment)
    assert header_count(member_client) == 2
    moderate(Comment.objects.filter(pk=first.pk), Comment.Status.SPAM, SITE)
    assert header_count(member_client) == 1
    delete_comment(Comment.objects.get(pk=second.pk))
    assert header_count(member_client) == 0


def test_following_and_unfollowing_change_the_count_at_once(member, member_client):
    other = PostFactory()
    follow = follows.follow_as_member(other, member, SITE)
    assert header_count(member_client) == 0
    reply(MemberCommentFactory(post=other))  # news in the followed discussion
    assert header_count(member_client) == 1
    follow.delete()
    assert header_count(member_client) == 0
    assert not ThreadFollow.objects.exists()


def test_a_post_taken_down_takes_its_replies_out_of_the_count(member_client, own_comment):
    reply(own_comment)
    assert header_count(member_client) == 1
    post = Post.objects.get(pk=own_comment.post_id)
    post.status = "draft"
    post.save()  # bumps the content version, as every post edit does
    assert header_count(member_client) == 0


def test_one_members_count_never_reaches_another(member_client, own_comment, monkeypatch):
    # Both members' notice versions start from the clock: the same millisecond
    # gives them the same number, and the key must still tell them apart.
    monkeypatch.setattr(notice_versions.time, "time", lambda: 1_800_000_000.0)
    emmy = VerifiedMemberFactory(username="emmy")
    emmys_client = Client()
    emmys_client.force_login(emmy)
    reply(own_comment)
    reply(own_comment)
    reply(MemberCommentFactory(post=own_comment.post, author=emmy))
    assert header_count(member_client) == 2
    assert header_count(emmys_client) == 1
    assert header_count(member_client) == 2


def test_the_kept_count_is_the_counted_one(member, own_comment):
    """The same number the notifications page's query gives."""
    for _ in range(3):
        reply(own_comment)
    client = Client()
    client.force_login(member)
    assert header_count(client) == notices.unread_count(member) == 3
