"""Every POST needs this site's CSRF token and may not come from another site:
guests' comments and previews too, though their pages come from the cache."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.comments.posting import english, guest_fields, send, ticket

pytestmark = pytest.mark.django_db

REFUSED = (
    "This form was refused: it came from another site, or without the security "
    "code this site gives its forms. If you wrote it here, go back, reload the "
    "page and send it again."
)
ELSEWHERE = "https://spam.example"


@pytest.fixture
def browser():
    """A visitor's browser, with CSRF checked as in production."""
    return Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")


def assert_refused_page(response):
    assert response.status_code == 403
    page = response.content.decode()
    assert english(REFUSED) in page
    assert english("Form refused") in page  # the site's own page, not Django's
    assert "<footer" in page


def test_a_guest_comment_from_another_site_is_refused_and_stores_nothing(browser, post):
    response = send(browser, post, "Laundered spam", HTTP_ORIGIN=ELSEWHERE, **guest_fields())
    assert_refused_page(response)
    assert not Comment.objects.exists()


def test_a_guest_comment_without_a_token_is_refused(browser, post):
    browser.get(post.get_absolute_url())
    response = send(browser, post, "No token", **guest_fields())
    assert_refused_page(response)
    assert not Comment.objects.exists()


def test_a_post_the_browser_calls_cross_site_is_refused_even_with_a_token(browser, post):
    """A token read by some other means does not help: the browser, not the page,
    says where the request comes from."""
    token, stamp = ticket(browser)
    response = send(
        browser, post, "Cross-site", started=stamp, csrfmiddlewaretoken=token,
        HTTP_SEC_FETCH_SITE="cross-site", **guest_fields(),
    )  # fmt: skip
    assert_refused_page(response)
    assert not Comment.objects.exists()


def test_the_same_post_from_this_site_is_accepted(browser, post):
    token, _ = ticket(browser)
    response = send(
        browser, post, "Same origin", csrfmiddlewaretoken=token,
        HTTP_SEC_FETCH_SITE="same-origin", HTTP_ORIGIN="http://testserver", **guest_fields(),
    )  # fmt: skip
    assert response.status_code == 302
    assert Comment.objects.get().body == "Same origin"


def test_a_forged_post_from_the_script_gets_the_message_as_json(browser, post):
    response = send(
        browser, post, "Forged", HTTP_ORIGIN=ELSEWHERE, HTTP_ACCEPT="application/json",
        **guest_fields(),
    )  # fmt: skip
    assert response.status_code == 403
    assert response.json()["errors"]["__all__"][0]["message"] == english(REFUSED)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_ORIGIN": ELSEWHERE}, {"HTTP_SEC_FETCH_SITE": "cross-site"}],
    ids=["no token", "foreign origin", "cross-site"],
)
def test_a_guest_preview_needs_a_token_and_this_site(browser, headers):
    preview = reverse("comments:preview")
    response = browser.post(preview, {"body": "$x$"}, HTTP_ACCEPT="application/json", **headers)
    assert response.status_code == 403
    assert response.json()["error"] == english(REFUSED)
    if headers:
        token, _ = ticket(browser)
        refused = browser.post(preview, {"body": "$x$"}, HTTP_X_CSRFTOKEN=token, **headers)
        assert refused.status_code == 403
    token, _ = ticket(browser)
    assert browser.post(preview, {"body": "$x$"}, HTTP_X_CSRFTOKEN=token).status_code == 200


@pytest.mark.parametrize(
    "headers", [{"HTTP_ORIGIN": ELSEWHERE}, {"HTTP_SEC_FETCH_SITE": "cross-site"}]
)
def test_the_confirm_page_needs_no_token_but_refuses_other_sites(browser, post, headers):
    """The form on a cached page is sent there without a token; from another
    site it is refused all the same."""
    data = {"body": "Via the confirm page", "parent": "", "homepage": "", **guest_fields()}
    confirm = reverse("comments:compose", args=[post.pk])
    assert_refused_page(browser.post(confirm, data, **headers))
    assert browser.post(confirm, data).status_code == 200
    assert not Comment.objects.exists()


def test_a_member_still_needs_the_token(browser, post, member):
    browser.force_login(member)
    assert send(browser, post, "Forged").status_code == 403
    page = browser.get(post.get_absolute_url()).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page  # members' pages are theirs alone
    token = browser.cookies["csrftoken"].value
    assert send(browser, post, "Genuine", csrfmiddlewaretoken=token).status_code == 302
    assert Comment.objects.get().body == "Genuine"


def test_logging_out_from_another_site_is_refused(browser, member):
    """Not only comments: every form of the site."""
    browser.force_login(member)
    response = browser.post(reverse("account_logout"), HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert browser.get(reverse("members:settings")).status_code == 200  # still logged in
