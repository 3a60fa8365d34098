"""Following a discussion: the toggle, a guest's double opt-in, the limits,
and following automatically when commenting."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override

from comments.follows import confirm_token
from comments.models import ThreadFollow
from kexue.outbox.models import Message
from tests.comments.follow_helpers import comment_by, digests_to, run_digests
from tests.comments.posting import discussion, english, send
from tests.factories import PostFactory, UserFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db

GUEST = "sophie@example.net"


def toggle(client, post, action):
    return client.post(reverse("comments:follow", args=[post.pk]), {"action": action})


def ask(client, post, email=GUEST, **meta):
    return client.post(
        reverse("comments:follow_by_email", args=[post.pk]), {"email": email}, **meta
    )


def confirmation_link(email=GUEST):
    (mail,) = Message.objects.filter(recipient=email, subject__contains="Confirm")
    url = re.search(r"http://testserver(/comments/follow/confirm/\S+/)", mail.body_text).group(1)
    return url, mail


# A member, in one click


def test_a_member_follows_and_stops_from_the_discussion(member_client, member, post):
    page = discussion(member_client.get(post.get_absolute_url()).content.decode())
    assert english("Follow this discussion") in page and 'name="csrfmiddlewaretoken"' in page

    answer = toggle(member_client, post, "follow")
    assert answer.status_code == 302 and answer["Location"].endswith("#comments")
    assert ThreadFollow.objects.confirmed().filter(post=post, member=member).exists()
    page = discussion(member_client.get(post.get_absolute_url()).content.decode())
    assert english("You follow this discussion.") in page

    toggle(member_client, post, "follow")  # twice is still once
    assert ThreadFollow.objects.filter(post=post, member=member).count() == 1
    toggle(member_client, post, "unfollow")
    assert not ThreadFollow.objects.filter(post=post).exists()


def test_the_settings_page_lists_the_followed_discussions_and_stops_one(
    member_client, member, post
):
    other = PostFactory(title="Another discussion")
    for followed in (post, other):
        toggle(member_client, followed, "follow")
    settings_url = reverse("members:settings")
    page = member_client.get(settings_url).content.decode()
    assert post.title in page and "Another discussion" in page

    answer = member_client.post(
        reverse("comments:follow", args=[other.pk]), {"action": "unfollow", "next": settings_url}
    )
    assert answer.status_code == 302 and answer["Location"] == settings_url
    assert list(ThreadFollow.objects.filter(member=member).values_list("post", flat=True)) == [
        post.pk
    ]
    assert "Another discussion" not in member_client.get(settings_url).content.decode()


def test_stopping_from_the_settings_never_sends_the_member_elsewhere(member_client, post):
    toggle(member_client, post, "follow")
    answer = member_client.post(
        reverse("comments:follow", args=[post.pk]),
        {"action": "unfollow", "next": "https://evil.example/"},
    )
    assert answer["Location"].endswith("#comments")


def test_a_member_without_a_verified_address_is_told_and_follows_nothing(client, post):
    client.force_login(UserFactory())
    answer = toggle(client, post, "follow")
    page = client.get(answer["Location"]).content.decode()
    assert english("Confirm your e-mail address before you follow a discussion.") in page
    assert not ThreadFollow.objects.exists()


def test_the_toggle_refuses_a_forged_post(member, post):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    assert toggle(browser, post, "follow").status_code == 403
    assert not ThreadFollow.objects.exists()


# A guest, by confirming their address


def test_a_guest_follows_only_after_confirming_and_the_link_works_once(client, post):
    page = discussion(client.get(post.get_absolute_url()).content.decode())
    assert reverse("comments:follow_by_email", args=[post.pk]) in page
    assert client.get(reverse("comments:follow_by_email", args=[post.pk])).status_code == 200

    answer = ask(client, post)
    assert answer.status_code == 302
    url, mail = confirmation_link()
    assert "List-Unsubscribe" not in mail.headers
    assert not ThreadFollow.objects.confirmed().exists()

    # Unconfirmed, the address gets nothing but the confirmation.
    comment_by(post, VerifiedMemberFactory(), "News the guest must not get yet.")
    run_digests()
    assert Message.objects.filter(recipient=GUEST).count() == 1

    # Opening the link (a mail scanner does) confirms nothing; the button does.
    assert client.get(url).status_code == 200
    assert not ThreadFollow.objects.confirmed().exists()
    done = client.post(url)
    assert done.status_code == 200
    assert ThreadFollow.objects.confirmed().filter(post=post, email=GUEST).exists()

    again = client.post(url)
    assert again.status_code == 400
    assert english("This link was already used: the address follows the discussion.") in (
        again.content.decode()
    )

    comment_by(post, VerifiedMemberFactory(), "News after confirming.")
    run_digests()
    (digest,) = digests_to(GUEST)
    assert "News after confirming." in digest.body_text
    assert "must not get yet" not in digest.body_text


@pytest.mark.parametrize("damage", ["forged", "altered"])
def test_a_forged_confirmation_link_is_refused_and_changes_nothing(client, post, damage):
    ask(client, post)
    follow = ThreadFollow.objects.get()
    token = confirm_token(follow)
    token = "bm9ib2R5:forged:signature" if damage == "forged" else token[:-2] + "xx"
    answer = client.post(reverse("comments:confirm_follow", args=[token]))
    assert answer.status_code == 400
    assert english("This link is not valid. Copy the whole link from the e-mail.") in (
        answer.content.decode()
    )
    assert not ThreadFollow.objects.confirmed().exists()


def test_a_confirmation_is_not_sent_twice_to_one_address_for_one_thread(client, post):
    ask(client, post)
    ask(Client(REMOTE_ADDR="198.51.100.7"), post, GUEST.upper())
    assert Message.objects.filter(recipient__iexact=GUEST).count() == 1
    assert ThreadFollow.objects.count() == 1


def test_an_address_that_follows_already_gets_no_mail_and_the_same_answer(client, post):
    ask(client, post)
    url, _mail = confirmation_link()
    client.post(url)
    answer = ask(Client(), post)
    assert answer.status_code == 302
    assert Message.objects.filter(recipient=GUEST).count() == 1


def test_a_bad_address_is_refused_with_a_message(client, post):
    answer = ask(client, post, "not an address")
    assert answer.status_code == 400
    assert not ThreadFollow.objects.exists() and not Message.objects.exists()


def test_guest_requests_are_limited_per_e_mail(post):
    statuses = [ask(Client(REMOTE_ADDR=f"198.51.100.{n}"), post).status_code for n in range(1, 8)]
    assert statuses == [302] * 5 + [429] * 2


def test_guest_requests_are_limited_per_address(post):
    browser = Client(REMOTE_ADDR="198.51.100.99")
    statuses = [ask(browser, post, f"reader{n}@example.net").status_code for n in range(12)]
    assert statuses == [302] * 10 + [429] * 2
    page = ask(browser, post, "one.more@example.net").content.decode()
    with override("zh-hans"):  # the page speaks the site's language
        refusal = gettext("Too many requests to follow. Wait an hour, then ask again.")
    assert escape(refusal) in page
    assert Message.objects.count() == 10


# Following automatically when commenting


def test_commenting_follows_when_the_member_asked_for_it(member_client, member, post):
    member.follow_on_comment = True
    member.save()
    send(member_client, post, "I will follow this.")
    assert ThreadFollow.objects.confirmed().filter(post=post, member=member).exists()


def test_commenting_follows_nothing_by_default(member_client, member, post):
    send(member_client, post, "Just a remark.")
    assert not ThreadFollow.objects.exists()


def test_the_member_settings_page_turns_it_on(member_client, member):
    data = {"display_name": "", "website": "", "bio": "", "follow_on_comment": "on"}
    answer = member_client.post(reverse("members:settings"), data)
    assert answer.status_code == 302
    member.refresh_from_db()
    assert member.follow_on_comment is True
    page = member_client.get(reverse("members:settings")).content.decode()
    assert 'name="follow_on_comment"' in page
