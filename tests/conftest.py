"""Shared fixtures. The suite runs on PostgreSQL, the production database."""

import os
import shutil

import pytest
from django.core.cache import cache

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_configure(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.exit(
            "The test suite runs on PostgreSQL: set DATABASE_URL "
            "(make test does: postgres://postgres@127.0.0.1:5432/kexue).",
            returncode=2,
        )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: site settings and rate limits."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Failed logins still hash (Django's guard against timing attacks), and the
    # rate-limit tests make dozens of them; strength is not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def member(db):
    """A member with a verified address, as most member tests need."""
    from tests.factories import VerifiedMemberFactory

    return VerifiedMemberFactory(username="ada", email="ada@example.org")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Pages render for real in every test; the page-cache tests turn it on."""
    settings.KEXUE_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium (Debian's), shared by the session's browser tests."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("KEXUE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # calls from the test body are still synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; console errors and dialogs are collected for assertions."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.console_errors = []
    page.dialogs = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))

    def _dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", _dialog)
    page.base_url = live_server.url
    yield page
    context.close()
