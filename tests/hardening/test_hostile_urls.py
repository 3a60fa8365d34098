"""Hostile URL parameters and path segments: a page, a redirect or a 404, never a 500."""

from urllib.parse import quote, urlencode, urlsplit

import pytest

from tests.factories import CategoryFactory, CommentFactory, PostFactory, StaffFactory, TagFactory
from tests.inert import executable_markup

from .checks import problems
from .vectors import hostile_strings, short

pytestmark = pytest.mark.django_db

HOSTILE = hostile_strings()
NUMBERS = ["0", "-1", "00001", "1.5", "1e3", "1_000", "١٢٣", "２", "2147483648",
           "9223372036854775808", "9" * 30, "9" * 5000, "NaN", "Infinity"]  # fmt: skip
ELSEWHERE = ["//evil.example", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
             "///evil.example", " //evil.example", "\t//evil.example", "http:evil.example",
             "/%2F%2Fevil.example", "javascript:alert(1)", "data:text/html,x"]  # fmt: skip

LIST_PAGES = ["/", "/category/physics/", "/tag/waves/", "/author/editor/", "/date/2024/",
              "/date/2024/01/"]  # fmt: skip
PATHS_WITH_NAMES = ["/category/{}/", "/category/{}/feed/", "/tag/{}/", "/author/{}/",
                    "/members/{}/", "/comments/unsubscribe/{}/", "/lang/{}/",
                    "/subscribe/confirm/{}/", "/subscribe/stop/{}/"]  # fmt: skip
PATHS_WITH_IDS = ["/archives/{}/", "/comments/{}/", "/comments/{}/reply/", "/comments/{}/edit/",
                  "/comments/{}/delete/", "/comments/feed/{}/", "/date/{}/", "/date/2024/{}/",
                  "/date/{}/01/"]  # fmt: skip


@pytest.fixture
def site(db):
    editor = StaffFactory(username="editor")
    category = CategoryFactory(name="Physics", slug="physics")
    post = PostFactory(title="Waves on the Basel problem", author=editor, category=category,
                       tags=[TagFactory(name="waves", slug="waves")])  # fmt: skip
    CommentFactory(post=post, body="Basel $\\zeta(2)$")
    return post


def check(client, url, allowed=(200, 404)):
    response = client.get(url)
    found = [] if response.status_code in allowed else [f"status {response.status_code}"]
    if response.get("Content-Type", "").startswith("text/html"):
        found += problems(response.content.decode())
    return found


def test_page_numbers_of_every_list(client, site):
    failures = []
    for value in HOSTILE + NUMBERS:
        query = urlencode({"page": value})
        for url in LIST_PAGES + ["/search/?q=basel&"]:
            failures += [(url, short(value), p) for p in check(client, f"{url}?{query}")]
        url = f"{site.get_absolute_url()}?{urlencode({'cpage': value})}"
        failures += [(url, p) for p in check(client, url, allowed=(200,))]
    assert failures == []


def test_search_queries_and_filters(client, site):
    failures = []
    for value in HOSTILE + NUMBERS:
        for params in [{"q": value}, {"q": "basel", "category": value, "year": value}]:
            url = f"/search/?{urlencode(params)}"
            failures += [(short(value), p) for p in check(client, url, allowed=(200,))]
    assert failures == []


def test_names_and_slugs_in_paths(client, site):
    failures = []
    for value in HOSTILE:
        for shape in PATHS_WITH_NAMES:
            url = shape.format(quote(value, safe=""))
            failures += [(url, p) for p in check(client, url, allowed=(200, 302, 404))]
        response = client.get(f"/members/{quote(value, safe='')}/avatar.svg")
        if response.status_code == 200:  # a picture drawn from the name, never the name
            failures += [(short(value), p) for p in executable_markup(response.content.decode())]
    assert failures == []


def test_ids_in_paths(client, site):
    failures = []
    for value in HOSTILE + NUMBERS:
        for shape in PATHS_WITH_IDS:
            url = shape.format(quote(value, safe=""))
            failures += [(url, p) for p in check(client, url, allowed=(200, 302, 404))]
        response = client.post(f"/comments/post/{quote(value, safe='')}/", {"body": "Hi"})
        if response.status_code not in (400, 404):
            failures.append((short(value), f"posting: status {response.status_code}"))
    assert failures == []


def test_the_language_switch_only_goes_back_to_this_site(client, site):
    failures = []
    for value in HOSTILE + ELSEWHERE:
        response = client.get(f"/lang/en/?{urlencode({'next': value})}")
        location = response.get("Location", "")
        parts = urlsplit(location)
        stays = location.startswith("/") and not location.startswith(("//", "/\\"))
        if response.status_code != 302 or parts.scheme or parts.netloc or not stays:
            failures.append((short(value), response.status_code, location))
    assert failures == []
