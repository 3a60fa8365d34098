"""Failed logins are limited per client address and per login, answered with 429."""

import pytest
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "not the password"


def configured_limit(per):
    rates = parse_rates(settings.ACCOUNT_RATE_LIMITS["login_failed"])
    return next(rate.amount for rate in rates if rate.per == per)


def log_in(client, login, password=WRONG_PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": login, "password": password}, **extra)


def test_failed_logins_from_one_address_are_refused_with_429_after_the_limit(client, member):
    for attempt in range(configured_limit("ip")):
        assert log_in(client, f"guess{attempt}").status_code == 200
    refused = log_in(client, "yet-another-guess")
    assert refused.status_code == 429
    assert refused.templates[0].name == "429.html"
    # Even the right password waits: the address is refused before any check.
    assert log_in(client, member.username, PASSWORD).status_code == 429


def test_failed_logins_for_one_account_are_refused_from_any_address(client, member):
    for attempt in range(configured_limit("key")):
        response = log_in(client, member.username, REMOTE_ADDR=f"198.51.100.{attempt}")
        assert response.status_code == 200
    assert log_in(client, member.username, REMOTE_ADDR="198.51.100.200").status_code == 429


def test_a_successful_login_does_not_count_against_the_limit(client, member):
    for _ in range(configured_limit("key") + 1):
        assert log_in(client, member.username, PASSWORD).status_code == 302
        client.post("/accounts/logout/")


def test_forwarded_address_counts_only_behind_a_trusted_proxy(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for attempt in range(configured_limit("ip")):
        log_in(client, f"guess{attempt}", headers={"x-forwarded-for": "203.0.113.7"})
    assert log_in(client, "guess", headers={"x-forwarded-for": "203.0.113.7"}).status_code == 429
    # The proxy's own address is shared by everyone; another client is not refused.
    assert log_in(client, "guess", headers={"x-forwarded-for": "203.0.113.8"}).status_code == 200


def test_forged_forwarded_addresses_do_not_escape_the_limit_without_a_proxy(client):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    for attempt in range(configured_limit("ip")):
        log_in(client, f"guess{attempt}", headers={"x-forwarded-for": f"192.0.2.{attempt}"})
    assert log_in(client, "guess", headers={"x-forwarded-for": "192.0.2.250"}).status_code == 429
