"""Scheduling: a post published with a future date goes public at that time."""

from datetime import timedelta

import feedparser
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from members.roles import make_editor
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:blog_post_changelist")


@pytest.fixture
def editor_client(client):
    editor = UserFactory(username="editor")
    make_editor(editor)
    client.force_login(editor)
    return client


def visible_titles(client):
    home = client.get("/").content.decode()
    feed = feedparser.parse(client.get("/feed/").content)
    return {
        "home": "Scheduled one" in home,
        "feed": "Scheduled one" in [entry.title for entry in feed.entries],
    }


def test_a_scheduled_post_appears_on_the_home_page_and_feed_only_after_its_time(
    client, monkeypatch
):
    start = timezone.now()
    PostFactory(title="Already out", published_at=start - timedelta(days=1))
    post = PostFactory(title="Scheduled one", published_at=start + timedelta(minutes=1))
    monkeypatch.setattr(timezone, "now", lambda: start)
    assert visible_titles(client) == {"home": False, "feed": False}
    assert client.get(post.get_absolute_url()).status_code == 404

    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=1, seconds=1))
    assert visible_titles(client) == {"home": True, "feed": True}
    assert client.get(post.get_absolute_url()).status_code == 200


def schedule(client, posts, **data):
    return client.post(
        CHANGELIST,
        {"action": "schedule", ACTION_CHECKBOX_NAME: [post.pk for post in posts], **data},
    )


def test_the_schedule_action_asks_for_the_time_then_publishes_at_it(editor_client):
    drafts = [PostFactory(status="draft", title=f"Draft {n}") for n in range(2)]
    page = schedule(editor_client, drafts)
    assert page.status_code == 200
    assert 'type="datetime-local"' in page.content.decode()
    assert "Draft 1" in page.content.decode()
    assert set(Post.objects.values_list("status", flat=True)) == {"draft"}

    when = timezone.localtime() + timedelta(days=2)
    response = schedule(
        editor_client, drafts, apply="1", publish_at=when.strftime("%Y-%m-%dT%H:%M")
    )
    assert response.status_code == 302
    for post in Post.objects.all():
        assert post.status == "published" and post.is_scheduled
        assert post.published_at == when.replace(second=0, microsecond=0)
    listing = editor_client.get(CHANGELIST, {"state": "scheduled"})
    assert len(listing.context["cl"].result_list) == 2


def test_scheduling_in_the_past_is_refused_with_a_hint(editor_client, settings):
    settings.LANGUAGE_CODE = "en"
    draft = PostFactory(status="draft")
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = schedule(editor_client, [draft], apply="1", publish_at=past)
    assert response.status_code == 200
    assert "Choose a time in the future" in response.content.decode()
    assert Post.objects.get().status == "draft"


def test_publish_now_and_unpublish(editor_client):
    later = PostFactory(title="Later", published_at=timezone.now() + timedelta(days=3))
    editor_client.post(CHANGELIST, {"action": "publish_now", ACTION_CHECKBOX_NAME: [later.pk]})
    later.refresh_from_db()
    assert later.is_public
    assert "Later" in editor_client.get("/").content.decode()
    editor_client.post(CHANGELIST, {"action": "unpublish", ACTION_CHECKBOX_NAME: [later.pk]})
    later.refresh_from_db()
    assert later.status == "draft"


def test_after_the_cache_is_lost_a_member_sees_a_scheduled_post_on_time(member_client):
    """Members never get the page cache; their lists are cached fragments, which
    learn the schedule again after a lost cache too."""
    from unittest import mock

    from django.core.cache import cache

    soon = timezone.now() + timedelta(minutes=5)
    PostFactory(title="Scheduled one", published_at=soon)
    cache.clear()
    assert "Scheduled one" not in member_client.get("/").content.decode()
    with (
        mock.patch("kexue.caching.time.time", return_value=soon.timestamp() + 1),
        mock.patch("django.utils.timezone.now", return_value=soon + timedelta(seconds=1)),
    ):
        assert "Scheduled one" in member_client.get("/").content.decode()
