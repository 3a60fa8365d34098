"""Revisions: saving a post keeps the text it replaced; restoring brings it back."""

import pytest
from django.urls import reverse

from blog.models import Post, PostRevision
from tests.factories import PostFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db

FIRST = "First: $a^2$.\n\nUnchanged paragraph."
SECOND = "Second: $b^2$.\n\nUnchanged paragraph."
THIRD = "Third: $c^2$.\n\nUnchanged paragraph."


def edit(client, post, body, title=None):
    data = {
        "title": title or post.title,
        "slug": post.slug,
        "body": body,
        "status": post.status,
        "author": post.author_id,
        "published_at_0": "2024-05-01",
        "published_at_1": "08:00:00",
        "allow_comments": "on",
        "_continue": "1",
    }
    response = client.post(reverse("admin:blog_post_change", args=[post.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_two_edits_keep_the_two_texts_they_replaced(editor_client, editor):
    post = PostFactory(body=FIRST, title="Old title")
    edit(editor_client, post, SECOND)
    edit(editor_client, post, THIRD, title="New title")
    older, newer = PostRevision.objects.filter(post=post).order_by("saved_at", "id")
    assert (older.title, older.body) == ("Old title", FIRST)
    assert (newer.title, newer.body) == ("Old title", SECOND)
    assert {older.saved_by, newer.saved_by} == {editor}


def test_a_save_that_changes_no_text_keeps_no_revision(editor_client):
    post = PostFactory(body=FIRST)
    edit(editor_client, post, FIRST)
    assert not PostRevision.objects.exists()


def test_history_lists_revisions_and_shows_the_diff_escaped(editor_client):
    post = PostFactory(body="Line <b>one</b>\nkept")
    edit(editor_client, post, "Line two\nkept")
    revision = PostRevision.objects.get()
    history = editor_client.get(reverse("admin:blog_post_revisions", args=[post.pk]))
    revision_url = reverse("admin:blog_post_revision", args=[post.pk, revision.pk])
    assert revision_url in history.content.decode()
    page = editor_client.get(revision_url).content.decode()
    assert '<span class="diff-removed">-Line &lt;b&gt;one&lt;/b&gt;</span>' in page
    assert '<span class="diff-added">+Line two</span>' in page
    assert '<span class="diff-same"> kept</span>' in page


def test_restore_brings_the_old_text_back_rerendered_and_keeps_the_replaced_one(editor_client):
    post = PostFactory(body=FIRST, title="Old title")
    edit(editor_client, post, SECOND, title="New title")
    edit(editor_client, post, THIRD, title="New title")
    first = PostRevision.objects.get(body=FIRST)
    response = editor_client.post(reverse("admin:blog_post_revision", args=[post.pk, first.pk]))
    assert response.status_code == 302
    post = Post.objects.get(pk=post.pk)
    assert (post.title, post.body) == ("Old title", FIRST)
    assert r"\(a^2\)" in post.body_html and "c^2" not in post.body_html
    assert r"\(a^2\)" in post.excerpt_html
    assert PostRevision.objects.filter(post=post).count() == 3
    assert PostRevision.objects.filter(body=THIRD, title="New title").exists()


def test_viewing_the_history_never_restores(editor_client):
    post = PostFactory(body=FIRST)
    edit(editor_client, post, SECOND)
    revision = PostRevision.objects.get()
    editor_client.get(reverse("admin:blog_post_revision", args=[post.pk, revision.pk]))
    assert Post.objects.get(pk=post.pk).body == SECOND


@pytest.mark.parametrize("staff", [False, True], ids=["member", "staff-not-editor"])
def test_only_editors_see_or_restore_revisions(client, editor_client, staff):
    post = PostFactory(body=FIRST)
    edit(editor_client, post, SECOND)
    revision = PostRevision.objects.get()
    client.force_login(VerifiedMemberFactory(is_staff=staff))
    for response in (
        client.get(reverse("admin:blog_post_revisions", args=[post.pk])),
        client.post(reverse("admin:blog_post_revision", args=[post.pk, revision.pk])),
    ):
        assert response.status_code in {302, 403}
    assert Post.objects.get(pk=post.pk).body == SECOND


def test_a_revision_of_another_post_is_not_found(editor_client):
    post, other = PostFactory(body=FIRST), PostFactory()
    edit(editor_client, post, SECOND)
    revision = PostRevision.objects.get()
    url = reverse("admin:blog_post_revision", args=[other.pk, revision.pk])
    assert editor_client.post(url).status_code == 404
    assert Post.objects.get(pk=other.pk).body != FIRST
