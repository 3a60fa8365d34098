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
# writers and posts, and the header's unread count.
NOTIFICATIONS_PAGE = 5


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


def test_the_header_count_is_one_count_query(client, member, notices):
    anonymous, _page = queries_of_home(client)
    client.force_login(member)
    signed_in, page = queries_of_home(client)
    counting = [sql for sql in signed_in if "comments_readnotice" in sql]
    assert len(counting) == 1
    assert counting[0].startswith("SELECT COUNT(*)")
    # Beyond the session and the member, the header's count is all a member adds.
    assert len(signed_in) == len(anonymous) + 2 + 1
    assert f'<span aria-hidden="true">{len(notices)}</span>' in page


def test_anonymous_readers_pay_no_query_for_the_header(client, notices):
    queries, page = queries_of_home(client)
    assert not [sql for sql in queries if "comments_readnotice" in sql]
    assert "/members/notifications/" not in page
