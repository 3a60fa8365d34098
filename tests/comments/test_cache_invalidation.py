"""Cached pages go stale only when readers can see a comment appear, change or go.

A reader's cached home and post pages stay cache hits (no SQL at all) through
everything nobody can see yet: a guest's comment held for moderation, a spam
mark, an edit of a pending comment. A change readers see makes the next
request fresh, once.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import services
from comments.importing import ImportedComment, import_discussion
from comments.models import Comment
from kexue.caching import page_version
from kexue.models import SiteSettings
from tests.comments.posting import guest_fields, send
from tests.factories import StaffFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def reader(post):
    """An anonymous reader whose home and post pages are cached."""
    reader = Client()
    for url in ("/", post.get_absolute_url()):
        assert reader.get(url)["X-Cache"] == "miss"
    return reader


def assert_still_cached(reader, post, django_assert_num_queries):
    for url in ("/", post.get_absolute_url()):
        with django_assert_num_queries(0):
            response = reader.get(url)
        assert response["X-Cache"] == "hit", url


def fresh_page(reader, post):
    response = reader.get(post.get_absolute_url())
    assert response["X-Cache"] == "miss"
    return response.content.decode()


def post_as_guest(post, body):
    guest = Client()
    assert send(guest, post, body, **guest_fields()).status_code == 302
    return Comment.objects.get(body=body)


def test_a_pending_guest_comment_leaves_the_cached_pages_as_hits(
    reader, post, django_assert_num_queries
):
    held = post_as_guest(post, "Held for the moderator: $x^2$")
    assert held.status == Comment.Status.PENDING
    assert_still_cached(reader, post, django_assert_num_queries)


def test_a_spam_mark_leaves_the_cached_pages_as_hits(reader, post, django_assert_num_queries):
    held = post_as_guest(post, "Cheap pills")
    editor = Client()
    editor.force_login(StaffFactory())
    marked = editor.post(reverse("admin:comments_moderation"), {"action": "spam", "ids": [held.pk]})
    assert marked.status_code == 302
    held.refresh_from_db()
    assert held.status == Comment.Status.SPAM
    assert_still_cached(reader, post, django_assert_num_queries)


def test_an_edit_of_a_pending_comment_leaves_the_cached_pages_as_hits(
    reader, post, site_settings, django_assert_num_queries
):
    site_settings.moderation = SiteSettings.Moderation.EVERYONE
    site_settings.save()
    writer = Client()
    writer.force_login(VerifiedMemberFactory())
    assert send(writer, post, "First draft").status_code == 302
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING
    # The settings change above was a visible change: cache the pages again.
    for url in ("/", post.get_absolute_url()):
        reader.get(url)

    edited = writer.post(reverse("comments:edit", args=[held.pk]), {"body": "Second draft"})
    assert edited.status_code == 302
    held.refresh_from_db()
    assert held.body == "Second draft"
    assert_still_cached(reader, post, django_assert_num_queries)


def test_approving_the_comment_makes_the_next_request_fresh_and_shows_it(reader, post):
    held = post_as_guest(post, "Worth reading after all")
    assert "Worth reading after all" not in reader.get(post.get_absolute_url()).content.decode()
    editor = Client()
    editor.force_login(StaffFactory())
    editor.post(reverse("admin:comments_moderation"), {"action": "approve", "ids": [held.pk]})
    assert "Worth reading after all" in fresh_page(reader, post)
    home = reader.get("/")
    assert home["X-Cache"] == "miss"
    assert "Worth reading after all" in home.content.decode()  # the recent comments widget


def test_a_member_comment_published_at_once_makes_the_next_request_fresh(reader, post):
    writer = Client()
    writer.force_login(VerifiedMemberFactory())
    assert send(writer, post, "Published at once").status_code == 302
    assert "Published at once" in fresh_page(reader, post)


def test_editing_a_public_comment_makes_the_next_request_fresh(reader, post):
    member = VerifiedMemberFactory()
    writer = Client()
    writer.force_login(member)
    send(writer, post, "Before the edit")
    comment = Comment.objects.get()
    reader.get(post.get_absolute_url())
    writer.post(reverse("comments:edit", args=[comment.pk]), {"body": "After the edit"})
    page = fresh_page(reader, post)
    assert "After the edit" in page and "Before the edit" not in page


def test_deleting_a_public_comment_makes_the_next_request_fresh(reader, post):
    writer = Client()
    writer.force_login(VerifiedMemberFactory())
    send(writer, post, "Soon gone")
    comment = Comment.objects.get()
    assert "Soon gone" in fresh_page(reader, post)
    writer.post(reverse("comments:delete", args=[comment.pk]))
    assert "Soon gone" not in fresh_page(reader, post)


def test_deleting_a_pending_comment_leaves_the_cached_pages_as_hits(
    reader, post, site_settings, django_assert_num_queries
):
    site_settings.moderation = SiteSettings.Moderation.EVERYONE
    site_settings.save()
    writer = Client()
    writer.force_login(VerifiedMemberFactory())
    send(writer, post, "Never mind")
    for url in ("/", post.get_absolute_url()):
        reader.get(url)
    writer.post(reverse("comments:delete", args=[Comment.objects.get().pk]))
    assert not Comment.objects.exists()
    assert_still_cached(reader, post, django_assert_num_queries)


def test_removing_a_public_comment_in_the_admin_makes_the_next_request_fresh(reader, post):
    writer = Client()
    writer.force_login(VerifiedMemberFactory())
    send(writer, post, "Out of line")
    comment = Comment.objects.get()
    assert "Out of line" in fresh_page(reader, post)
    editor = Client()
    editor.force_login(StaffFactory())
    changelist = reverse("admin:comments_comment_changelist")
    editor.post(changelist, {"action": "remove", "_selected_action": [comment.pk]})
    assert Comment.objects.get().status == Comment.Status.REMOVED
    assert "Out of line" not in fresh_page(reader, post)


def test_moderating_many_comments_moves_the_version_once(post, monkeypatch):
    held = [post_as_guest(post, f"Held {n}") for n in range(3)]
    bumps = []
    monkeypatch.setattr(services, "bump_discussion_version", lambda: bumps.append(1))
    services.moderate(Comment.objects.filter(pk__in=[c.pk for c in held]), "approved", "")
    assert len(bumps) == 1
    services.moderate(Comment.objects.filter(pk__in=[c.pk for c in held]), "approved", "")
    assert len(bumps) == 1  # nothing changed the second time


def test_importing_only_held_comments_keeps_the_version_and_public_ones_move_it(post):
    before = page_version()
    held = ImportedComment(key="1", body="Held", guest_name="Old", status="pending", source_id="1")
    assert import_discussion(post, [held]) == 1
    assert page_version() == before
    shown = ImportedComment(key="2", body="Shown", guest_name="Old", source_id="2")
    assert import_discussion(post, [held, shown]) == 1
    assert page_version() != before


def test_a_new_comment_rebuilds_the_home_page_without_asking_for_what_it_cannot_change(post):
    """Every page shows the recent comments, so a visible comment makes every
    page stale; the sidebar's post-only widgets (categories, tags, months)
    are kept and not queried again."""
    reader = Client()
    with CaptureQueriesContext(connection) as cold:
        reader.get("/")
    # Read now: the next request through the test client empties the log.
    cold = [query["sql"] for query in cold.captured_queries]
    writer = Client()
    writer.force_login(VerifiedMemberFactory())
    send(writer, post, "A remark on every page")
    with CaptureQueriesContext(connection) as after_comment:
        home = reader.get("/")
    assert home["X-Cache"] == "miss"
    assert "A remark on every page" in home.content.decode()
    post_only = ('FROM "blog_category"', 'FROM "blog_tag"', "DATE_TRUNC")
    asked = [query["sql"] for query in after_comment.captured_queries]
    assert [sql for sql in cold if any(table in sql for table in post_only)]
    assert not [sql for sql in asked if any(table in sql for table in post_only)]
    assert len(asked) < len(cold)


def test_a_post_edit_still_renews_the_post_only_widgets(post):
    reader = Client()
    reader.get("/")
    post.category.name = "Renamed category"
    post.category.save()
    assert "Renamed category" in reader.get("/").content.decode()


def test_deleting_a_public_comment_in_the_admin_makes_the_next_request_fresh(reader, post):
    writer = Client()
    writer.force_login(VerifiedMemberFactory())
    send(writer, post, "Deleted by an editor")
    comment = Comment.objects.get()
    assert "Deleted by an editor" in fresh_page(reader, post)
    editor = Client()
    editor.force_login(StaffFactory())
    changelist = reverse("admin:comments_comment_changelist")
    editor.post(
        changelist, {"action": "delete_selected", "_selected_action": [comment.pk], "post": "yes"}
    )
    assert not Comment.objects.exists()
    assert "Deleted by an editor" not in fresh_page(reader, post)
