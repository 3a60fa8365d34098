"""How a discussion shows: nesting, deep replies, pages, permalinks, pending comments."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.thread import MAX_INDENT, THREADS_PER_PAGE
from tests.comments.posting import comment_ids, discussion, english, guest_fields, send
from tests.comments.trees import bulk_discussion
from tests.factories import CommentFactory, MemberCommentFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db


def article(section, comment):
    """The opening tag and header of one comment's <article>."""
    match = re.search(rf'<article id="comment-{comment.pk}".*?</header>', section, re.S)
    assert match, f"comment {comment.pk} is not shown"
    return match.group(0)


def depth_and_indent(section, comment):
    head = article(section, comment)
    depth = int(re.search(r'data-depth="(\d+)"', head).group(1))
    indent = int(re.search(r"indent-(\d+)", head).group(1))
    return depth, indent


def show(client, post, query=""):
    return discussion(client.get(post.get_absolute_url() + query).content.decode())


def test_replies_nest_under_their_parents_in_order(client, post):
    first = CommentFactory(post=post)
    second = CommentFactory(post=post)
    reply = CommentFactory(parent=first)
    reply_to_reply = CommentFactory(parent=reply)
    later_reply = CommentFactory(parent=first)
    section = show(client, post)
    assert comment_ids(section) == [
        first.pk,
        reply.pk,
        reply_to_reply.pk,
        later_reply.pk,
        second.pk,
    ]
    assert depth_and_indent(section, first) == (0, 0)
    assert depth_and_indent(section, reply) == (1, 1)
    assert depth_and_indent(section, reply_to_reply) == (2, 2)
    assert depth_and_indent(section, later_reply) == (1, 1)


def test_replies_deeper_than_six_stay_at_six_and_say_whom_they_answer(client, post):
    chain = [CommentFactory(post=post, guest_name="Level 0")]
    for level in range(1, 9):
        chain.append(CommentFactory(parent=chain[-1], guest_name=f"Level {level}"))
    section = show(client, post)
    for level, comment in enumerate(chain):
        head = article(section, comment)
        assert depth_and_indent(section, comment) == (level, min(level, MAX_INDENT))
        if level > MAX_INDENT:
            parent = chain[level - 1]
            link = english("in reply to @%(name)s", name=parent.guest_name)
            assert f'<a class="in-reply-to" href="#comment-{parent.pk}">{link}</a>' in head
        else:
            assert "in-reply-to" not in head


def test_each_comment_shows_its_anchor_writer_date_and_reply_link(client, post):
    by_member = MemberCommentFactory(post=post, author__display_name="Émilie")
    by_guest = CommentFactory(
        post=post, guest_name="Sophie", guest_website="https://sophie.example/"
    )
    section = show(client, post)
    head = article(section, by_member)
    assert f'href="{by_member.author.get_absolute_url()}">Émilie</a>' in head
    assert f'href="#comment-{by_member.pk}"' in head and "<time datetime=" in head
    assert 'class="avatar"' in head
    assert 'href="https://sophie.example/" rel="nofollow ugc noopener">Sophie</a>' in article(
        section, by_guest
    )
    assert reverse("comments:reply", args=[by_guest.pk]) in section
    assert "sophie.example" not in by_guest.guest_email  # the address is never shown
    assert by_guest.guest_email not in section


@pytest.fixture
def long_discussion(post):
    """120 top-level threads (three pages), each with one reply; oldest first."""
    return bulk_discussion(post, [[[]]] * 120)


def roots(comments):
    return [comment for comment in comments if comment.level == 0]


def test_more_than_fifty_threads_are_paginated_with_the_newest_page_last(
    client, post, long_discussion
):
    threads = roots(long_discussion)
    last = show(client, post)
    assert [pk for pk in comment_ids(last) if pk in {t.pk for t in threads}] == [
        t.pk for t in threads[2 * THREADS_PER_PAGE :]
    ]
    assert len(comment_ids(last)) == 2 * 20
    first = show(client, post, "?cpage=1")
    assert comment_ids(first)[:2] == [threads[0].pk, long_discussion[1].pk]
    assert len(comment_ids(first)) == 2 * THREADS_PER_PAGE
    assert '<a href="?cpage=1#comments">1</a>' in last
    assert '<span aria-current="page">3</span>' in last
    assert f'<h2 id="comments-heading">{english("%(count)s comments", count=240)}</h2>' in last


@pytest.mark.parametrize("query", ["?cpage=0", "?cpage=99", "?cpage=x"])
def test_odd_page_numbers_show_a_real_page(client, post, long_discussion, query):
    assert len(comment_ids(show(client, post, query))) in {2 * THREADS_PER_PAGE, 2 * 20}


@pytest.mark.parametrize("position", [0, 121, 239], ids=["first page", "middle", "last page"])
def test_a_permalink_finds_the_page_its_comment_is_on(client, post, long_discussion, position):
    comment = long_discussion[position]
    response = client.get(reverse("comments:permalink", args=[comment.pk]))
    assert response.status_code == 302
    assert response.url.endswith(f"#comment-{comment.pk}")
    path = response.url.split("#")[0]
    assert path.startswith(post.get_absolute_url())
    assert comment.pk in comment_ids(show(client, post, path[len(post.get_absolute_url()) :]))


def test_a_permalink_to_a_hidden_comment_is_404(client, post):
    pending = CommentFactory(post=post, status="pending")
    spam = CommentFactory(post=post, status="spam")
    for comment in (pending, spam):
        assert client.get(reverse("comments:permalink", args=[comment.pk])).status_code == 404


def test_a_member_sees_their_own_pending_comment_marked_and_others_do_not(
    member_client, post, member, site_settings
):
    site_settings.moderation = "everyone"
    site_settings.save()
    approved = CommentFactory(post=post)
    send(member_client, post, "Mine, still waiting.")
    pending = Comment.objects.get(author=member)
    mine = show(member_client, post)
    assert comment_ids(mine) == [approved.pk, pending.pk]
    assert english("Awaiting moderation") in article(mine, pending)
    assert "Mine, still waiting." in mine

    others = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert comment_ids(show(others, post)) == [approved.pk]
    others.force_login(VerifiedMemberFactory())
    theirs = show(others, post)
    assert comment_ids(theirs) == [approved.pk]
    assert "Mine, still waiting." not in theirs


def test_a_guest_sees_their_own_pending_comment_in_the_same_session(client, post):
    response = send(client, post, "A guest, waiting.", **guest_fields())
    pending = Comment.objects.get()
    assert pending.status == Comment.Status.PENDING
    assert response.url.endswith(f"#comment-{pending.pk}")
    section = show(client, post)
    assert english("Awaiting moderation") in article(section, pending)
    assert "A guest, waiting." not in show(Client(), post)


def test_a_pending_reply_keeps_its_place_under_an_approved_parent(member_client, post, member):
    parent = CommentFactory(post=post)
    mine = MemberCommentFactory(parent=parent, author=member, status="pending")
    section = show(member_client, post)
    assert depth_and_indent(section, mine) == (1, 1)


def test_replies_to_a_removed_comment_keep_their_place(client, post):
    removed = CommentFactory(post=post, status="removed", body="Rude words")
    reply = CommentFactory(parent=removed)
    section = show(client, post)
    assert comment_ids(section) == [removed.pk, reply.pk]
    assert "Rude words" not in section
    assert english("This comment is not available.") in section


def test_the_reply_page_works_without_javascript(client, post):
    parent = CommentFactory(post=post, body="Reply to *me*.")
    page = client.get(reverse("comments:reply", args=[parent.pk])).content.decode()
    assert "<em>me</em>" in page
    assert f'name="parent" value="{parent.pk}"' in page
    hidden = CommentFactory(post=post, status="pending")
    assert client.get(reverse("comments:reply", args=[hidden.pk])).status_code == 404
