"""What the rest of the site shows of discussions: counts, widget, profile, feeds."""

import re

import feedparser
import pytest
from django.urls import resolve, reverse

from comments import services
from comments.models import Comment
from tests.comments.posting import english
from tests.factories import CommentFactory, MemberCommentFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(post, member):
    """Two public comments by the member on a public post, and every kind that is not."""
    draft = PostFactory(status="draft", title="Unfinished draft")
    return {
        "public": [
            MemberCommentFactory(post=post, author=member, body="Public one"),
            MemberCommentFactory(post=post, author=member, body="Public two"),
        ],
        "hidden": [
            MemberCommentFactory(post=post, author=member, status="pending", body="Pending one"),
            MemberCommentFactory(post=post, author=member, status="spam", body="Spam one"),
            MemberCommentFactory(post=post, author=member, status="removed", body="Removed one"),
            MemberCommentFactory(post=post, author=member, is_deleted=True, body="Deleted one"),
            MemberCommentFactory(post=draft, author=member, body="On a draft"),
        ],
    }


HIDDEN_BODIES = ["Pending one", "Spam one", "Removed one", "Deleted one", "On a draft"]


def widget(page):
    match = re.search(r'<section class="widget widget-recent-comments">.*?</section>', page, re.S)
    return match.group(0) if match else ""


def test_home_counts_only_public_comments(client, post, mixed):
    page = client.get("/").content.decode()
    entry = page[page.index(f'href="{post.get_absolute_url()}#comments"') :]
    assert entry.startswith(
        f'href="{post.get_absolute_url()}#comments" class="comment-count">'
        f"{english('%(count)s comments', count=2)}</a>"
    )


def test_post_page_heading_counts_only_public_comments(client, post, mixed):
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'<h2 id="comments-heading">{english("%(count)s comments", count=2)}</h2>' in page


def test_recent_comments_widget_lists_only_public_comments(client, post, mixed):
    listed = widget(client.get("/").content.decode())
    assert "Public one" in listed and "Public two" in listed
    for body in HIDDEN_BODIES:
        assert body not in listed
    for comment in mixed["public"]:
        assert comment.get_absolute_url() in listed


def test_recent_comments_widget_shows_a_comment_once_approved(client, post, mixed):
    assert "Pending one" not in widget(client.get("/").content.decode())
    services.moderate(Comment.objects.filter(body="Pending one"), "approved", "http://testserver")
    assert "Pending one" in widget(client.get("/").content.decode())


def test_member_profile_lists_only_public_comments(client, member, mixed):
    page = client.get(reverse("members:profile", args=[member.username])).content.decode()
    section = page[page.index('<section class="member-comments">') :]
    section = section[: section.index("</section>")]
    assert "Public one" in section and "Public two" in section
    for body in HIDDEN_BODIES:
        assert body not in section


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def test_the_comments_feed_parses_and_holds_only_public_comments(client, post, mixed):
    other = CommentFactory(body="On another post")
    feed = parse(client, reverse("comments:feed"))
    bodies = " ".join(entry.summary for entry in feed.entries)
    assert len(feed.entries) == 3
    assert "Public one" in bodies and "On another post" in bodies
    for body in HIDDEN_BODIES:
        assert body not in bodies
    links = {entry.link for entry in feed.entries}
    assert f"http://testserver{other.get_absolute_url()}" in links


def test_the_post_comments_feed_holds_only_that_posts_public_comments(client, post, mixed):
    CommentFactory(body="On another post")
    feed = parse(client, reverse("comments:post_feed", args=[post.pk]))
    assert sorted(entry.summary for entry in feed.entries) == sorted(
        comment.body_html for comment in mixed["public"]
    )
    assert post.title in feed.feed.title


def test_a_post_feed_served_while_another_is_being_served_keeps_to_its_post(
    client, rf, post, mixed, monkeypatch
):
    """Django serves every request for a feed with one instance: a request for
    another post's feed, arriving between this one's lookup and its rendering,
    must leave this one's feed about this post."""
    other = CommentFactory(body="On another post")
    url = reverse("comments:post_feed", args=[post.pk])
    feed = resolve(url).func
    lookup = feed.get_object
    served_between = []

    def lookup_then_serve_the_other(request, post_id):
        found = lookup(request, post_id)
        if post_id == post.pk:
            other_url = reverse("comments:post_feed", args=[other.post.pk])
            served_between.append(feed(rf.get(other_url), post_id=other.post.pk))
        return found

    monkeypatch.setattr(feed, "get_object", lookup_then_serve_the_other)
    this = parse(client, url)
    that = feedparser.parse(served_between[0].content)
    assert sorted(entry.summary for entry in this.entries) == sorted(
        comment.body_html for comment in mixed["public"]
    )
    assert post.title in this.feed.title
    assert [entry.summary for entry in that.entries] == [other.body_html]
    assert other.post.title in that.feed.title


def test_the_feed_of_a_draft_post_is_404(client):
    draft = PostFactory(status="draft")
    assert client.get(reverse("comments:post_feed", args=[draft.pk])).status_code == 404
