"""`manage.py bench_scale`: cold pages at several archive sizes, on a database of its own."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test.utils import override_settings

from blog.models import Post
from kexue.devtools.management.commands import bench_scale
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_a_database_not_named_for_it():
    PostFactory()
    with pytest.raises(CommandError, match="whose name contains 'scale'"):
        call_command("bench_scale", stdout=StringIO())
    assert Post.objects.count() == 1  # nothing dropped


@pytest.mark.parametrize("sizes", ["1000,x", "10000,1000", "100", ""])
def test_sizes_must_be_numbers_that_grow(sizes):
    with pytest.raises(CommandError, match="--sizes"):
        call_command("bench_scale", "--sizes", sizes, stdout=StringIO())


def test_every_request_is_cold(client):
    post = PostFactory()
    with override_settings(CACHES=bench_scale.COLD_CACHES, KEXUE_PAGE_CACHE_SECONDS=0):
        first = bench_scale.cold_request(client, post.get_absolute_url())
        again = bench_scale.cold_request(client, post.get_absolute_url())
        client.get(post.get_absolute_url())
        with bench_scale.timed_queries() as warm:
            client.get(post.get_absolute_url())
    assert first["queries"] == again["queries"] > warm.count
    assert first["sql_ms"] < first["ms"] and first["bytes"] > 1000


def test_the_table_gives_each_page_per_size_and_the_ratio():
    def row(size, ms):
        figures = {"ms": ms, "sql_ms": ms / 2, "queries": 9, "bytes": 120_000}
        return {
            "generated": size,
            "posts": size + 20,
            **{page: figures for page in bench_scale.PAGES},
        }

    text = bench_scale.table([row(1000, 80), row(50_000, 100)])
    assert "| 50,000 | 100 ms, 50 ms SQL, 9 q |" in text
    assert "120 KB |" in text
    assert "50,000 posts against 1,000: home 1.25x, category 1.25x" in text
