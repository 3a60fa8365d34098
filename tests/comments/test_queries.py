"""A post page costs the same number of queries with 5 or 500 comments."""

import pytest

from comments.management.commands.check_comment_trees import broken_trees
from comments.models import Comment
from tests.comments.posting import comment_ids, send
from tests.comments.trees import bulk_discussion, chain_thread, size
from tests.factories import VerifiedMemberFactory

pytestmark = pytest.mark.django_db

# The post, its tags, two neighbours and related posts; one query for the whole
# discussion, whatever its size; one for the recent-comments widget.
ANONYMOUS_POST_PAGE = 7
# A member adds their session and user, and the header's unread count.
MEMBER_POST_PAGE = ANONYMOUS_POST_PAGE + 3


def discussion_of(post, comments):
    """Threads of ten (chains reaching depth 8, one side reply) up to `comments` in all."""
    writers = [None, *VerifiedMemberFactory.create_batch(4)]
    shape = chain_thread(9, branch_at=2)
    assert size(shape) == 10
    if comments < 10:
        return bulk_discussion(post, [[] for _ in range(comments)], writers)
    return bulk_discussion(post, [shape] * (comments // 10), writers)


def test_bulk_discussions_are_valid_trees(post):
    discussion_of(post, 500)
    assert broken_trees() == []
    assert Comment.objects.filter(level=8).count() == 50


@pytest.mark.parametrize("comments", [5, 500])
def test_post_page_queries_do_not_grow_with_the_discussion(
    client, post, comments, django_assert_max_num_queries
):
    written = discussion_of(post, comments)
    client.get(post.get_absolute_url())  # site settings now come from the cache
    with django_assert_max_num_queries(ANONYMOUS_POST_PAGE):
        page = client.get(post.get_absolute_url()).content.decode()
    assert comment_ids(page) == [comment.pk for comment in written]


@pytest.mark.parametrize("comments", [5, 500])
def test_post_page_queries_for_a_member_do_not_grow_either(
    member_client, post, comments, django_assert_max_num_queries
):
    written = discussion_of(post, comments)
    member_client.get(post.get_absolute_url())
    with django_assert_max_num_queries(MEMBER_POST_PAGE):
        page = member_client.get(post.get_absolute_url()).content.decode()
    assert len(comment_ids(page)) == len(written)


# Posting a reply in place (JSON) on a discussion of 500: the session, the member,
# the post with its author, the parent, the stamp, the member's address; in the
# transaction the all-trees lock, the stamp spent (savepoint, insert, release, the
# expired ones deleted), the tree's lock, the parent re-read with its writer, mptt's
# shift and the insert with its search vector, the notifications (opt-outs, outbox,
# links); then the heading's count. Most of it waits on a lock, so it is pinned.
REPLY_IN_PLACE = 21


def test_a_reply_costs_the_same_queries_whatever_the_discussion(
    member_client, post, django_assert_num_queries
):
    written = discussion_of(post, 500)
    parent = written[-1]
    send(member_client, post, "Warm-up.", HTTP_ACCEPT="application/json")
    with django_assert_num_queries(REPLY_IN_PLACE):
        response = send(
            member_client, post, "A reply: $a^2$.", parent=parent.pk, HTTP_ACCEPT="application/json"
        )
    reply = Comment.objects.get(pk=response.json()["id"])
    assert reply.parent == parent and reply.search_vector
    assert broken_trees() == []
