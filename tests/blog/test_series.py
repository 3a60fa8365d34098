"""Series: the box on each part, the series page, and numbering the parts."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from blog.models import Post
from blog.series import reorder
from tests.blog.test_queries import POST_QUERIES
from tests.factories import PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def three_parts(series, **kwargs):
    start = timezone.now() - timedelta(days=30)
    return [
        PostFactory(
            title=f"Part {n}",
            series=series,
            series_position=n,
            published_at=start + timedelta(days=n),
            **kwargs,
        )
        for n in (1, 2, 3)
    ]


def series_box(html):
    match = re.search(r'<nav class="series-box".*?</nav>', html, re.DOTALL)
    return match and match.group()


def test_each_part_shows_the_parts_in_order_marks_itself_and_links_its_neighbours(client):
    series = SeriesFactory(title="变分自编码器")
    parts = three_parts(series)
    PostFactory(title="Not in it")
    for at, part in enumerate(parts):
        box = series_box(client.get(part.get_absolute_url()).content.decode())
        assert "变分自编码器" in box
        assert [box.index(f">Part {n}<") for n in (1, 2, 3)] == sorted(
            box.index(f">Part {n}<") for n in (1, 2, 3)
        )
        assert "Not in it" not in box
        assert f'<a href="{part.get_absolute_url()}" aria-current="page">' in box
        assert box.count("aria-current") == 1
        previous = re.search(r'class="series-previous" href="([^"]+)"', box)
        following = re.search(r'class="series-next" href="([^"]+)"', box)
        assert (previous and previous.group(1)) == (
            parts[at - 1].get_absolute_url() if at > 0 else None
        )
        assert (following and following.group(1)) == (
            parts[at + 1].get_absolute_url() if at < 2 else None
        )
        assert f'href="{series.get_absolute_url()}"' in box


def test_the_box_follows_the_numbers_not_the_dates(client):
    series = SeriesFactory()
    first, second, third = three_parts(series)
    reorder(series, {first.pk: 3, third.pk: 1})  # trade places
    box = series_box(client.get(second.get_absolute_url()).content.decode())
    assert box.index(">Part 3<") < box.index(">Part 2<") < box.index(">Part 1<")
    assert f'class="series-previous" href="{third.get_absolute_url()}"' in box
    assert f'class="series-next" href="{first.get_absolute_url()}"' in box


def test_drafts_and_scheduled_parts_are_left_out(client):
    series = SeriesFactory()
    first, second, third = three_parts(series)
    second.status = Post.Status.DRAFT
    second.save()
    third.published_at = timezone.now() + timedelta(days=3)
    third.save()
    box = series_box(client.get(first.get_absolute_url()).content.decode())
    assert ">Part 2<" not in box and ">Part 3<" not in box
    assert "series-next" not in box
    page = client.get(series.get_absolute_url()).content.decode()
    assert ">Part 1<" in page and ">Part 2<" not in page and ">Part 3<" not in page


def test_a_post_outside_any_series_has_no_box(client):
    post = PostFactory()
    assert series_box(client.get(post.get_absolute_url()).content.decode()) is None


def test_the_series_page_lists_its_published_parts_in_order(client):
    series = SeriesFactory(title="信息论五讲", slug="信息论", description="A first course.")
    three_parts(series)
    response = client.get(series.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="page-title">信息论五讲</h1>' in body and "A first course." in body
    listed = body[body.index('<ol class="series-parts">') :]
    assert listed.index(">Part 1<") < listed.index(">Part 2<") < listed.index(">Part 3<")
    assert '<li value="2">' in listed


def test_a_series_without_public_parts_is_not_found(client):
    series = SeriesFactory()
    assert client.get(series.get_absolute_url()).status_code == 404
    assert client.get("/series/no-such/").status_code == 404


def test_a_number_taken_in_the_series_is_refused_with_a_clear_message():
    series = SeriesFactory()
    three_parts(series)
    post = PostFactory.build(series=series, series_position=2, author=Post.objects.first().author)
    post.category.save()
    with override("en"), pytest.raises(ValidationError) as refused:
        post.full_clean()
    assert "Another part of this series has this number." in str(refused.value)


def test_a_part_without_a_number_becomes_the_last():
    series = SeriesFactory()
    three_parts(series)
    post = Post(title="Part 4", body="b", series=series, author=Post.objects.first().author)
    post.full_clean()
    assert post.series_position == 4


def test_reorder_refuses_two_parts_on_one_number_and_changes_nothing():
    series = SeriesFactory()
    first, second, _ = three_parts(series)
    with pytest.raises(ValueError):
        reorder(series, {first.pk: 2, second.pk: 2})
    assert list(series.parts.order_by("series_position").values_list("title", flat=True)) == [
        "Part 1",
        "Part 2",
        "Part 3",
    ]


def test_series_with_public_parts_are_in_the_sitemap(client):
    listed = SeriesFactory(slug="listed")
    SeriesFactory(slug="empty")
    three_parts(listed)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/series/listed/" in sitemap and "/series/empty/" not in sitemap


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_part_costs_what_any_post_costs_however_long_the_series(client):
    """The parts are one query, cached with the content: a part page costs no
    more than a post outside any series, warm or cold (the post's own parts are
    cached with the content too), but for that query when cold."""
    series, other, another = SeriesFactory(), PostFactory(), PostFactory()
    parts = [PostFactory(series=series, series_position=n) for n in range(1, 9)]
    for url in (other.get_absolute_url(), parts[3].get_absolute_url()):
        client.get(url)  # warm: site settings, sidebar, the post's parts
    alone = queries_for(client, other.get_absolute_url())
    assert queries_for(client, parts[3].get_absolute_url()) == alone <= POST_QUERIES
    # Never shown yet: their related posts, neighbours and discussion are read.
    assert queries_for(client, parts[5].get_absolute_url()) == queries_for(
        client, another.get_absolute_url()
    )
    PostFactory(series=series, series_position=9)  # an edit: the cached parts are gone
    client.get("/")  # the sidebar, warm again
    cold = queries_for(client, other.get_absolute_url())
    assert queries_for(client, parts[3].get_absolute_url()) == cold + 1  # the parts
