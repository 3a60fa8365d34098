"""Shared fixtures. The suite runs on PostgreSQL, the production database."""

import os
import shutil

import pytest
from django.core.cache import caches

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
    """Each test starts with empty caches: site settings, rate limits, pages."""
    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Failed logins still hash (Django's guard against timing attacks), and the
    # rate-limit tests make dozens of them; strength is not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _staff_force_login_passes_second_factor(monkeypatch):
    """Staff open the admin only after a second factor (members/second_factor.py).
    `force_login` stands for a whole sign-in, so a staff user logged in with it
    also gets an authenticator app and the code recorded in the session. Tests
    of the requirement itself sign in through the login pages instead."""
    from django.test.client import ClientMixin

    from tests.second_factor import pass_second_factor

    force_login = ClientMixin.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        if user.is_staff:
            pass_second_factor(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login_with_second_factor)


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


@pytest.fixture
def mathml_worker():
    """The Node worker that stores formulas as MathML: CI must have it (.ci/run
    installs Node); a machine without Node skips the tests that need it."""
    from kexue.markup import mathml

    if mathml.worker() is None:
        message = "Node.js is not installed (apt-get install nodejs)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
