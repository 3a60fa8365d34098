"""The header shows a member who they are, their unread notifications and log out,
on a desktop and on a phone; the notifications page marks them read without script."""

import shutil

import pytest
from django.test import Client

from tests.browser.test_accessibility_browser import (
    VNU_JAR,
    blocking_violations,
    settle,
    vnu_errors,
)
from tests.factories import CommentFactory, MemberCommentFactory, VerifiedMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A display name as long as the profile allows, in one unbreakable word.
LONG_NAME = "Ada" + "x" * 47


def log_in(page, login):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_login", login)
    page.fill("#id_password", "correct horse battery")
    page.click('form[action="/accounts/login/"] button[type="submit"]')
    page.wait_for_url(page.base_url + "/")


def sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [1280, 360])
def test_a_member_sees_name_count_and_logs_out_from_the_header(page, width):
    member = VerifiedMemberFactory(username="ada", display_name=LONG_NAME)
    mine = MemberCommentFactory(author=member)
    CommentFactory.create_batch(2, parent=mine)
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, "ada")

    header = page.locator(".site-header")
    name = header.locator(".member-name")
    assert name.is_visible()
    assert LONG_NAME in name.inner_text()
    assert header.locator(".member-notices .unread-count [aria-hidden]").inner_text() == "2"
    logout = header.locator('.logout-form button[type="submit"]')
    assert logout.is_visible()
    assert sideways_scroll(page) <= 0
    # Everything in the header stays inside the screen, wrapped rather than cut.
    right_edges = header.locator("a, button").evaluate_all(
        "nodes => nodes.map(n => n.getBoundingClientRect().right)"
    )
    assert max(right_edges) <= width

    logout.click()
    page.wait_for_url(page.base_url + "/")
    assert header.locator(".member-name").count() == 0
    assert header.locator('a[href="/accounts/login/"]').is_visible()
    assert header.locator('a[href="/accounts/signup/"]').is_visible()
    assert page.console_errors == []


def test_notices_are_marked_read_one_by_one_and_all_at_once(page):
    member = VerifiedMemberFactory(username="ada")
    mine = MemberCommentFactory(author=member)
    first, second, third = CommentFactory.create_batch(3, parent=mine)
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, "ada")

    page.click(".site-header .member-notices")
    page.wait_for_url("**/members/notifications/")
    assert page.locator(".notice-unread").count() == 3
    assert sideways_scroll(page) <= 0
    page.click(f'#notice-{second.pk} button[type="submit"]')
    page.wait_for_url("**/members/notifications/?page=1")
    assert page.locator(".notice-unread").count() == 2
    assert page.locator(".site-header .unread-count [aria-hidden]").inner_text() == "2"
    page.click('.notices-read-all button[type="submit"]')
    page.wait_for_url("**/members/notifications/?page=1")
    assert page.locator(".notice-unread").count() == 0
    assert page.locator(".site-header .unread-count").count() == 0
    assert page.console_errors == []


def test_the_members_header_and_notifications_page_pass_axe_and_the_html_checker(page, tmp_path):
    member = VerifiedMemberFactory(username="ada", display_name="Ada L.")
    mine = MemberCommentFactory(author=member, body="Why $\\frac13$?")
    CommentFactory.create_batch(2, parent=mine, body="Because $\\int_0^1 x^2 = 1/3$.")
    log_in(page, "ada")
    found = {}
    for url in ("/", "/members/notifications/"):
        page.goto(page.base_url + url)
        settle(page)
        found[url] = blocking_violations(page)
    assert found == {"/": [], "/members/notifications/": []}

    if not shutil.which("java") or not VNU_JAR.exists():
        pytest.skip(f"The Nu HTML Checker needs Java and {VNU_JAR} (make test fetches it)")
    client = Client()
    client.force_login(member)
    served = {
        name: client.get(url).content
        for name, url in [("home", "/"), ("notices", "/members/notifications/")]
    }
    errors = vnu_errors(served, tmp_path)
    assert errors == {"home": [], "notices": []}
