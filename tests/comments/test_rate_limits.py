"""Limits that fit real readers: members are counted as members, guests per address.

Forty students behind one campus address discuss a post in the same minute;
forty guests from one address are held to the guest limit. Every limit is an
entry of settings.ACCOUNT_RATE_LIMITS, counted by allauth's rate limits.
"""

import pytest
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings as django_settings
from django.test import Client

from comments.models import Comment
from tests.comments.posting import english, guest_fields, send, textarea
from tests.factories import VerifiedMemberFactory

pytestmark = pytest.mark.django_db

CAMPUS = "198.51.100.20"  # one NAT address for a whole classroom
CLASS_SIZE = 40
TOO_FAST = "You are commenting very fast. Wait a minute, then post again."


def allowed(action):
    (rate,) = parse_rates(django_settings.ACCOUNT_RATE_LIMITS[action])
    return rate.amount


def english_client():
    client = Client()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_forty_members_behind_one_address_each_post_within_a_minute(post):
    statuses = []
    for student in VerifiedMemberFactory.create_batch(CLASS_SIZE):
        browser = english_client()
        browser.force_login(student)
        statuses.append(
            send(browser, post, f"{student.username}: $x^2$", REMOTE_ADDR=CAMPUS).status_code
        )
    assert statuses == [302] * CLASS_SIZE
    assert Comment.objects.filter(ip_address=CAMPUS).count() == CLASS_SIZE


def test_forty_guests_from_one_address_hit_the_guest_limit(post):
    statuses = []
    for n in range(CLASS_SIZE):
        guest = english_client()
        fields = guest_fields(name=f"Guest {n}", email=f"guest{n}@example.net")
        statuses.append(
            send(guest, post, f"Guest {n} says hi", REMOTE_ADDR=CAMPUS, **fields).status_code
        )
    limit = allowed("comment_guest")
    assert limit < CLASS_SIZE
    assert statuses == [302] * limit + [429] * (CLASS_SIZE - limit)
    assert Comment.objects.count() == limit


def test_guests_using_up_an_address_leave_its_members_free_to_post(post):
    for n in range(allowed("comment_guest")):
        send(english_client(), post, f"Guest {n}", REMOTE_ADDR=CAMPUS, **guest_fields())
    assert (
        send(
            english_client(), post, "One too many", REMOTE_ADDR=CAMPUS, **guest_fields()
        ).status_code
        == 429
    )
    student = english_client()
    student.force_login(VerifiedMemberFactory())
    assert send(student, post, "Members count apart", REMOTE_ADDR=CAMPUS).status_code == 302


def test_a_refusal_answers_429_says_why_and_keeps_the_text(member_client, post):
    for n in range(allowed("comment_member")):
        assert send(member_client, post, f"Comment {n}").status_code == 302
    refused = send(member_client, post, "Keep this text, please")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert english(TOO_FAST) in page
    assert textarea(page) == "Keep this text, please"
    assert Comment.objects.count() == allowed("comment_member")


def test_a_refusal_to_the_comment_script_is_a_429_with_a_form_wide_error(member_client, post):
    for n in range(allowed("comment_member")):
        send(member_client, post, f"Comment {n}", HTTP_ACCEPT="application/json")
    refused = send(member_client, post, "Once more", HTTP_ACCEPT="application/json")
    assert refused.status_code == 429
    assert refused.json()["errors"]["__all__"][0]["message"] == english(TOO_FAST)


def test_an_invalid_form_uses_up_nothing(member_client, post):
    for _ in range(allowed("comment_member") + 3):
        assert send(member_client, post, "").status_code == 400
    assert send(member_client, post, "Now with words").status_code == 302


def test_the_limits_are_set_in_the_one_settings_dict(settings, client, post):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "comment_guest": "2/m/ip"}
    statuses = [send(client, post, f"Hi {n}", **guest_fields()).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    settings.ACCOUNT_RATE_LIMITS = False  # allauth's switch turns every limit off
    assert send(client, post, "Unlimited now", **guest_fields()).status_code == 302
