"""Hostile text in the sign-up, login and profile forms: an error or an inert page."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import MemberCommentFactory
from tests.outbox import deliver

from .checks import has_form_error, problems
from .vectors import hostile_strings, short

pytestmark = pytest.mark.django_db

HOSTILE = hostile_strings()
PASSWORD = "a long and unusual passphrase 1"


def answer_problems(response, value, success=302):
    """A success status, or a page with a form error; either way inert."""
    page = response.content.decode()
    found = [(short(value), p) for p in problems(page)]
    if response.status_code == 200 and not has_form_error(page):
        found.append((short(value), "refused without a form error"))
    elif response.status_code not in (200, success):
        found.append((short(value), f"status {response.status_code}"))
    return found


@pytest.mark.parametrize("field", ["username", "email", "password1"])
def test_sign_up_with_hostile_fields(client, field, mailoutbox):
    failures = []
    for n, value in enumerate(HOSTILE):
        data = {"username": f"user{n}", "email": f"user{n}@example.org"}
        data.update(password1=PASSWORD, password2=PASSWORD)
        data[field] = value
        if field == "password1":
            data["password2"] = value
        response = client.post("/accounts/signup/", data)
        failures += answer_problems(response, value)
        deliver()
        for message in mailoutbox:
            for content, _mimetype in message.alternatives:
                failures += [(short(value), "mail", p) for p in problems(content)]
        mailoutbox.clear()
    for member in get_user_model().objects.all():
        page = client.get(member.get_absolute_url()).content.decode()
        failures += [(short(member.username), p) for p in problems(page)]
    assert failures == []
    if field != "email":  # no string is an address; some are fine as a name or password
        assert get_user_model().objects.exists()


@pytest.mark.parametrize("field", ["login", "password"])
def test_login_with_hostile_fields(client, member, field):
    failures = []
    for value in HOSTILE:
        data = {"login": "ada", "password": "not the password", field: value}
        failures += answer_problems(client.post("/accounts/login/", data), value)
    assert failures == []


def test_password_reset_with_hostile_addresses(client, mailoutbox):
    failures = []
    for value in HOSTILE:
        response = client.post("/accounts/password/reset/", {"email": value})
        failures += answer_problems(response, value)
    assert failures == []


@pytest.mark.parametrize("field", ["display_name", "website", "bio"])
def test_profile_with_hostile_fields(member_client, member, post, field):
    MemberCommentFactory(post=post, author=member)
    failures = []
    saved = 0
    for value in HOSTILE:
        data = {"display_name": "", "website": "", "bio": "", "notify_on_reply": "on"}
        data[field] = value
        response = member_client.post("/members/settings/", data)
        failures += answer_problems(response, value)
        if response.status_code == 302:
            saved += 1
            # The name also shows beside the member's comments.
            urls = [member.get_absolute_url()]
            if field == "display_name":
                urls.append(post.get_absolute_url())
            for url in urls:
                page = member_client.get(url).content.decode()
                failures += [(short(value), url, p) for p in problems(page)]
    assert failures == []
    if field != "website":  # most strings are fine as a name or a bio
        assert saved > len(HOSTILE) // 2


def test_account_forms_with_hostile_fields(member_client, member):
    """Adding an e-mail address, changing the password, deleting the account."""
    forms = [
        ("/accounts/email/", lambda v: {"email": v, "action_add": ""}),
        ("/accounts/password/change/",
         lambda v: {"oldpassword": v, "password1": v, "password2": v}),
        ("/members/delete/", lambda v: {"password": v}),
    ]  # fmt: skip
    failures = []
    for value in HOSTILE:
        for url, data in forms:
            failures += [
                (url, *f) for f in answer_problems(member_client.post(url, data(value)), value)
            ]
    assert failures == []
    assert get_user_model().objects.get(pk=member.pk).is_active  # no string was the password
