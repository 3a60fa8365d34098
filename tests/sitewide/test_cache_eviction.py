"""A flood of distinct URLs fills the page cache; it never resets a rate limit.

Pages and fragments live in the `pages` cache, which may evict; the login and
comment counters live in `default`, which the flood never touches. The same
flood against one shared cache forgets the counters, which is why they are
kept apart.
"""

import pytest
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings as django_settings
from django.test import Client, override_settings

from tests.comments.posting import guest_fields, send
from tests.factories import PostFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
SMALL = {"MAX_ENTRIES": 30}
SEPARATE = {
    "default": {"BACKEND": LOCMEM, "LOCATION": "eviction-default"},
    "pages": {"BACKEND": LOCMEM, "LOCATION": "eviction-pages", "OPTIONS": SMALL},
}
# Both aliases on one small store: what a single evictable Redis amounts to.
SHARED = {
    "default": {"BACKEND": LOCMEM, "LOCATION": "eviction-shared", "OPTIONS": SMALL},
    "pages": {"BACKEND": LOCMEM, "LOCATION": "eviction-shared", "OPTIONS": SMALL},
}
FLOOD = 200
ATTACKER = "203.0.113.66"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600


def per_key_login_limit():
    rates = parse_rates(django_settings.ACCOUNT_RATE_LIMITS["login_failed"])
    return next(rate.amount for rate in rates if rate.per == "key")


def fail_login(client, login):
    data = {"login": login, "password": "not the password"}
    return client.post("/accounts/login/", data, REMOTE_ADDR=ATTACKER)


def post_as_guest(post, n):
    return send(Client(), post, f"Guest {n}", REMOTE_ADDR=ATTACKER, **guest_fields())


def exhaust_limits(post, member):
    """The login limit for one account, and the guest comment limit of one address."""
    for _ in range(per_key_login_limit()):
        assert fail_login(Client(), member.username).status_code == 200
    assert fail_login(Client(), member.username).status_code == 429
    n = 0
    while post_as_guest(post, n).status_code == 302:
        n += 1
    assert post_as_guest(post, n).status_code == 429


def flood_the_page_cache():
    reader = Client()
    for n in range(FLOOD):
        response = reader.get(f"/?utm_campaign={n}")
        assert response["X-Cache"] == "miss"
    # The pages alias really was full and evicting: the first pages are gone.
    assert reader.get("/?utm_campaign=0")["X-Cache"] == "miss"


def limits_still_hold(post, member):
    return (
        fail_login(Client(), member.username).status_code == 429
        and post_as_guest(post, "again").status_code == 429
    )


def test_filling_the_page_cache_does_not_reset_a_login_or_comment_limit():
    with override_settings(CACHES=SEPARATE):
        post, member = PostFactory(), VerifiedMemberFactory()
        exhaust_limits(post, member)
        flood_the_page_cache()
        assert limits_still_hold(post, member)


def test_one_shared_cache_would_let_the_flood_reset_them():
    with override_settings(CACHES=SHARED):
        post, member = PostFactory(), VerifiedMemberFactory()
        exhaust_limits(post, member)
        flood_the_page_cache()
        assert not limits_still_hold(post, member)
