"""The notifications page and the header's unread count: the same queries for 3 or 30 notices."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import ThreadFollow
from tests.factories import (
    CommentFactory,
    MemberCommentFactory,
    PostFactory,
    VerifiedMemberFactory,
)

pytestmark = pytest.mark.django_db

# The session, the member, the paginator's count, one page of notices with their
# writers and posts. (The header's unread count was counted on the first visit
# and is kept: comments/unread.py.)
NOTIFICATIONS_PAGE = 4


@pytest.fixture(params=[3, 30])
def notices(request, member, post):
    """`count` notices: replies by guests and members, one on a second post, and
    news of a followed thread."""
    mine = MemberCommentFactory(post=post, author=member)
    replies = CommentFactory.create_batch(request.param // 2, parent=mine)
    elsewhere = MemberCommentFactory(author=member)
    replies.append(MemberCommentFactory(parent=elsewhere, author=VerifiedMemberFactory()))
    followed = PostFactory()
    since = timezone.now()
    ThreadFollow.objects.create(post=followed, member=member, confirmed_at=since)
    news = [
        CommentFactory(post=followed, approved_at=since + timedelta(seconds=n))
        for n in range(1, request.param - len(replies) + 1)
    ]
    return replies + news


def test_the_notifications_page_does_not_grow_with_its_notices(
    member_client, notices, django_assert_num_queries
):
    member_client.get("/members/notifications/")  # site settings now come from the cache
    with django_assert_num_queries(NOTIFICATIONS_PAGE):
        page = member_client.get("/members/notifications/").content.decode()
    assert len(notices) in (3, 30)
    assert page.count('class="notice notice-unread"') == min(len(notices), 20)


def queries_of_home(client):
    client.get("/")  # site settings and the sidebar's widgets now come from the cache
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    return [query["sql"] for query in queries], page


def test_the_header_count_is_one_count_query_and_then_kept(client, member, notices):
    anonymous, _page = queries_of_home(client)
    client.force_login(member)
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    counting = [query["sql"] for query in first if "comments_readnotice" in query["sql"]]
    assert len(counting) == 1
    assert counting[0].startswith("SELECT COUNT(*)")
    # Afterwards the session and the member are all a member adds: the count is kept.
    signed_in, page = queries_of_home(client)
    assert not [sql for sql in signed_in if "comments_readnotice" in sql]
    assert len(signed_in) == len(anonymous) + 2
    assert f'<span aria-hidden="true">{len(notices)}</span>' in page


def test_anonymous_readers_pay_no_query_for_the_header(client, notices):
    queries, page = queries_of_home(client)
    assert not [sql for sql in queries if "comments_readnotice" in sql]
    assert "/members/notifications/" not in page
