"""page_of counts in SQL the page lay_out would put a comment on, for every viewer."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from comments import thread
from tests.factories import CommentFactory, MemberCommentFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db


def laid_out_page(post, comment_id, viewer, own_guest_ids):
    """The page as the post page lays the discussion out (the reference)."""
    entries = thread.lay_out(post, viewer, own_guest_ids)
    starts = thread.page_bounds(entries)
    for index, entry in enumerate(entries):
        if entry.comment.pk == comment_id and entry.shown:
            return sum(1 for start in starts if start <= index), len(starts)
    return None


def test_page_of_agrees_with_the_laid_out_discussion_for_every_viewer(post, monkeypatch):
    monkeypatch.setattr(thread, "THREADS_PER_PAGE", 3)
    alice, bob = VerifiedMemberFactory(), VerifiedMemberFactory()
    comments, guest_pending = [], []
    kinds = itertools.cycle(
        ["approved", "alice pending", "bob pending", "spam", "deleted", "guest pending"]
    )
    for _ in range(14):
        kind = next(kinds)
        if kind == "approved":
            root = CommentFactory(post=post)
        elif kind.endswith("pending") and kind != "guest pending":
            root = MemberCommentFactory(
                post=post, status="pending", author=alice if kind[0] == "a" else bob
            )
        elif kind == "guest pending":
            root = CommentFactory(post=post, status="pending")
            guest_pending.append(root.pk)
        elif kind == "spam":
            root = CommentFactory(post=post, status="spam")
        else:
            root = CommentFactory(post=post, is_deleted=True)
        comments.append(root)
        # Every other tree has replies a viewer may see although its root is hidden.
        if len(comments) % 2:
            reply = CommentFactory(parent=root)
            comments += [reply, MemberCommentFactory(parent=reply, status="pending", author=bob)]
    viewers = [
        (AnonymousUser(), ()),
        (AnonymousUser(), guest_pending[:1]),
        (alice, ()),
        (bob, guest_pending),
    ]
    pages_seen = set()
    for (viewer, own), comment in itertools.product(viewers, comments):
        expected = laid_out_page(post, comment.pk, viewer, own)
        assert thread.page_of(post, comment.pk, viewer, own) == expected, (viewer, comment)
        pages_seen.add(expected)
    # The discussion really spans pages, and hides comments from some viewers.
    assert None in pages_seen
    assert len({place[0] for place in pages_seen if place}) >= 3


def test_page_of_costs_two_queries_however_long_the_discussion(
    post, member, django_assert_num_queries
):
    comments = [MemberCommentFactory(post=post) for _ in range(5)]
    comments.append(MemberCommentFactory(parent=comments[0]))
    with django_assert_num_queries(2):
        assert thread.page_of(post, comments[-1].pk, member) == (1, 1)
