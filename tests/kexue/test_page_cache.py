"""Anonymous readers get cached pages; nobody ever gets someone else's page."""

import time
from unittest import mock

import pytest
from django.test import Client

from comments.models import Comment
from comments.services import submit_comment
from kexue.models import SiteSettings
from tests.factories import PostFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600


def test_second_anonymous_request_is_served_from_the_cache_without_sql(
    client, django_assert_num_queries
):
    post = PostFactory()
    first = client.get(post.get_absolute_url())
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(post.get_absolute_url())
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and "max-age=60" in second["Cache-Control"]
    assert "Cookie" in second["Vary"] and "Accept-Language" in second["Vary"]


def test_cached_pages_carry_no_csrf_token_session_or_cookie(client):
    post = PostFactory()
    for _ in range(2):
        response = client.get(post.get_absolute_url())
        body = response.content.decode()
        assert "csrfmiddlewaretoken" not in body
        assert not response.cookies


def test_languages_are_cached_apart(client):
    post = PostFactory()
    chinese = client.get(post.get_absolute_url()).content.decode()
    english = client.get(post.get_absolute_url(), headers={"accept-language": "en"})
    assert '<html lang="zh-hans">' in chinese
    assert '<html lang="en">' in english.content.decode()


def test_editing_a_post_makes_the_next_request_fresh(client):
    post = PostFactory(title="Before the edit")
    client.get(post.get_absolute_url())
    post.title = "After the edit"
    post.save()
    response = client.get(post.get_absolute_url())
    assert response["X-Cache"] == "miss"
    assert "After the edit" in response.content.decode()


def test_a_new_approved_comment_makes_the_next_request_fresh(client):
    post = PostFactory()
    client.get(post.get_absolute_url())
    submit_comment(post=post, author=VerifiedMemberFactory(), body="Fresh remark",
                   address="192.0.2.1", user_agent="", base_url="")  # fmt: skip
    assert "Fresh remark" in client.get(post.get_absolute_url()).content.decode()


def test_a_site_settings_change_makes_the_next_request_fresh(client):
    client.get("/")
    row = SiteSettings.current()
    row.sponsor_text = "Now sponsored by the Gauss Society"
    row.save()
    assert "Gauss Society" in client.get("/").content.decode()


def test_a_guest_posts_a_comment_from_a_cached_page():
    """The page carries no token or stamp; the comment script's ticket does
    (tests/comments/test_cached_form.py has the way without script)."""
    post = PostFactory()
    reader = Client(enforce_csrf_checks=True)
    reader.get(post.get_absolute_url())
    page = reader.get(post.get_absolute_url())
    assert page["X-Cache"] == "hit"
    ticket = reader.get("/comments/form-ticket/").json()
    later = time.time() + 10  # past the minimum writing time
    with mock.patch("comments.stamps.time.time", return_value=later):
        response = reader.post(
            f"/comments/post/{post.pk}/",
            {
                "body": "Posted from a cached page, $x^2$.",
                "guest_name": "Cached Guest",
                "guest_email": "guest@example.org",
                "started": ticket["started"],
            },
            HTTP_X_CSRFTOKEN=ticket["csrf_token"],
        )
    assert response.status_code == 302
    assert Comment.objects.get().guest_name == "Cached Guest"


def test_a_member_receives_the_cached_page_with_their_own_name_and_token(client):
    """tests/sitewide/test_member_pages.py has two members and a guest in turn."""
    post = PostFactory()
    client.get(post.get_absolute_url())  # cached for anonymous readers now
    member = VerifiedMemberFactory(username="cachetest")
    client.force_login(member)
    response = client.get(post.get_absolute_url())
    assert response["X-Cache"] == "hit"
    assert "cachetest" in response.content.decode()
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_members_still_need_csrf_to_post_comments():
    post = PostFactory()
    member = Client(enforce_csrf_checks=True)
    member.force_login(VerifiedMemberFactory())
    response = member.post(f"/comments/post/{post.pk}/", {"body": "x"})
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_private_pages_are_never_cached(client):
    for url in ["/accounts/login/", "/healthz"]:
        client.get(url)
        assert "X-Cache" not in client.get(url), url


def test_a_scheduled_post_appears_in_cached_pages_at_its_time(client):
    from datetime import timedelta

    from django.utils import timezone

    PostFactory(title="Already out")
    soon = timezone.now() + timedelta(minutes=5)
    PostFactory(title="Comes out soon", published_at=soon)
    client.get("/")
    assert "Comes out soon" not in client.get("/").content.decode()  # cached, and right
    with (
        mock.patch("kexue.caching.time.time", return_value=soon.timestamp() + 1),
        mock.patch("django.utils.timezone.now", return_value=soon + timedelta(seconds=1)),
    ):
        response = client.get("/")
    assert response["X-Cache"] == "miss"
    assert "Comes out soon" in response.content.decode()


def test_cached_pages_are_stored_gzipped_and_unpacked_for_clients_without_gzip(client):
    import gzip

    from tests.factories import CommentFactory

    post = PostFactory()
    CommentFactory.create_batch(20, post=post)
    plain = client.get(post.get_absolute_url()).content
    packed = client.get(post.get_absolute_url(), headers={"accept-encoding": "gzip, br"})
    assert packed["X-Cache"] == "hit"
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain
    # Stored in pieces at the slots for members' parts, which costs a little:
    # a page of twenty comments still shrinks more than fourfold.
    assert len(packed.content) < len(plain) / 4
    unpacked = client.get(post.get_absolute_url())
    assert unpacked["X-Cache"] == "hit" and "Content-Encoding" not in unpacked
    assert unpacked.content == plain
    assert "Accept-Encoding" in unpacked["Vary"]


def test_after_the_cache_is_lost_a_scheduled_post_still_appears_at_its_time(client):
    """A fresh cache knows no schedule; the first request asks blog for it."""
    from datetime import timedelta

    from django.core.cache import cache
    from django.utils import timezone

    PostFactory(title="Already out")
    soon = timezone.now() + timedelta(minutes=5)
    PostFactory(title="Comes out soon", published_at=soon)
    cache.clear()  # a Redis restart: version and schedule are gone
    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"
    with (
        mock.patch("kexue.caching.time.time", return_value=soon.timestamp() + 1),
        mock.patch("django.utils.timezone.now", return_value=soon + timedelta(seconds=1)),
    ):
        response = client.get("/")
    assert response["X-Cache"] == "miss"
    assert "Comes out soon" in response.content.decode()


def test_a_comment_or_tag_change_keeps_the_known_schedule(client):
    """Only post changes can move the next publication; after other edits the
    next reader need not ask blog again."""
    from datetime import timedelta

    from django.core.cache import cache
    from django.utils import timezone

    from kexue.caching import NEXT_CHANGE_KEY, content_version
    from tests.factories import CommentFactory, TagFactory

    soon = timezone.now() + timedelta(minutes=5)
    post = PostFactory(published_at=timezone.now() - timedelta(days=1))
    PostFactory(published_at=soon)
    assert cache.get(NEXT_CHANGE_KEY) == (content_version(), soon.timestamp())
    CommentFactory(post=post)
    TagFactory()
    assert cache.get(NEXT_CHANGE_KEY) == (content_version(), soon.timestamp())
