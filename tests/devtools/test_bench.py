"""`manage.py bench` (what `make bench` runs) and its query counter, on a tiny scale."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.factories import PostFactory

PAGES = ["home", "post", "post, 30 comments", "RSS feed", "archive", "search"]


def bench_database_url():
    """A database of the bench's own, on the server the suite uses."""
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/test_bench_{db['NAME']}"


def test_a_tiny_bench_serves_every_page_and_writes_the_table_and_json(tmp_path):
    output = tmp_path / "bench.json"
    out = StringIO()
    call_command(
        "bench",
        "--database-url",
        bench_database_url(),
        "--redis-url",
        "",
        "--posts",
        "20",
        "--comments",
        "200",
        "--thread",
        "30",
        "--seconds",
        "1",
        "--warmup",
        "0",
        "--connections",
        "4",
        "--python-load",
        "--drop",
        "--output",
        str(output),
        stdout=out,
    )
    table = out.getvalue()
    assert "req/s" in table and "p99 ms" in table and "x floor" in table
    for page in ["floor", *PAGES]:
        assert page in table

    report = json.loads(output.read_text())
    rows = {(row["scenario"], row["cache"]): row for row in report["rows"]}
    caches = ("uncached", "cached", "member")
    assert set(rows) == {("floor", "-")} | {(p, c) for p in PAGES for c in caches}
    assert report["server"]["cache"] == "database"
    assert report["load"]["tool"].startswith("python")
    for row in report["rows"]:
        assert row["requests"] > 0 and row["requests_per_second"] > 0
        assert row["non_2xx"] == 0 and row["errors"] == 0
        assert row["p50_ms"] <= row["p99_ms"]
        assert row["gunicorn_cpu"] > 0 and row["machine_cpu"] > 0
    assert rows[("floor", "-")]["of_floor"] == 1
    assert rows[("floor", "-")]["queries"] == 0
    assert rows[("post, 30 comments", "uncached")]["queries"] > 0
    # Search is left out of the page cache on purpose; the other pages are hits.
    assert all(rows[(page, "cached")]["x_cache"] == "hit" for page in PAGES if page != "search")
    # The member gets the same cached pages, filled in: a hit, for a few queries. This
    # bench runs on the database cache, where the cached copy, the session, the versions
    # and the kept unread count are reads too: the page's own 5 are pinned in
    # tests/sitewide/test_member_pages.py, and far fewer than the uncached page's.
    assert all(rows[(page, "member")]["x_cache"] == "hit" for page in PAGES if page != "search")
    member = rows[("post", "member")]["queries"]
    assert 0 < member <= 10 and member < rows[("post", "uncached")]["queries"]
    assert {target["target"] for target in report["targets"]} >= {"zero non-2xx responses"}


def test_bench_refuses_a_database_not_named_for_benchmarks():
    with pytest.raises(Exception, match="contains 'bench'"):
        call_command("bench", "--database-url", "postgres://postgres@127.0.0.1:5432/kexue")


@pytest.mark.django_db
def test_bench_queries_counts_the_queries_of_a_warm_page(settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 0
    post = PostFactory()
    out = StringIO()
    call_command("bench_queries", "/", post.get_absolute_url(), "--host", "testserver", stdout=out)
    counts = json.loads(out.getvalue())
    assert counts["/"]["status"] == 200 and counts["/"]["queries"] > 0
    assert counts[post.get_absolute_url()]["x_cache"] == ""

    settings.KEXUE_PAGE_CACHE_SECONDS = 600
    out = StringIO()
    call_command("bench_queries", "/", "--host", "testserver", stdout=out)
    assert json.loads(out.getvalue())["/"] == {"queries": 0, "status": 200, "x_cache": "hit"}


@pytest.mark.django_db
def test_bench_member_signs_in_once_and_its_session_gets_filled_cached_pages(settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600
    PostFactory()
    cookies = []
    for _ in range(2):
        out = StringIO()
        call_command("bench_member", stdout=out)
        cookies.append(out.getvalue().strip())
    assert all(cookie.startswith(f"{settings.SESSION_COOKIE_NAME}=") for cookie in cookies)
    out = StringIO()
    call_command("bench_queries", "/", "--host", "testserver", "--cookie", cookies[1], stdout=out)
    home = json.loads(out.getvalue())["/"]
    assert home["status"] == 200 and home["x_cache"] == "hit"
    assert 0 < home["queries"] <= 4  # the session, the member, the unread count
