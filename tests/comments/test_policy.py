"""Who may comment, and whose comment waits for a moderator (site settings)."""

import pytest

from comments.models import Comment
from kexue.models import SiteSettings
from tests.comments.posting import discussion, english, guest_fields, send, textarea
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

THANKS = "Thank you. Your comment will appear once a moderator approves it."


def test_guest_is_refused_when_the_site_allows_only_members(client, post, site_settings):
    site_settings.guests_may_comment = False
    site_settings.save()
    response = send(client, post, "A guest's thoughts on $\\zeta(2)$.", **guest_fields())
    assert response.status_code == 400
    page = response.content.decode()
    assert english("Log in to comment.") in page
    assert textarea(page) == "A guest's thoughts on $\\zeta(2)$."
    assert not Comment.objects.exists()


def test_post_page_offers_no_guest_form_when_guests_may_not_comment(client, post, site_settings):
    site_settings.guests_may_comment = False
    site_settings.save()
    section = discussion(client.get(post.get_absolute_url()).content.decode())
    assert "comment-form" not in section
    assert "/accounts/login/" in section


def test_member_without_a_confirmed_address_is_refused(client, post):
    client.force_login(UserFactory())
    response = send(client, post, "Unverified, but keen.")
    assert response.status_code == 400
    assert english("Confirm your e-mail address before you comment.") in response.content.decode()
    assert not Comment.objects.exists()


def test_guest_needs_a_name_and_an_address(client, post):
    response = send(client, post, "Anonymous remark.")
    assert response.status_code == 400
    assert english("This field is required.") in response.content.decode()
    assert not Comment.objects.exists()


def test_moderation_for_guests_holds_a_new_guest(client, post, site_settings):
    site_settings.moderation = SiteSettings.Moderation.GUESTS
    site_settings.save()
    response = send(client, post, "First time here.", **guest_fields())
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert english(THANKS) in client.get(response.url).content.decode()


def test_moderation_for_guests_trusts_an_address_with_an_approved_comment(
    client, post, site_settings
):
    site_settings.moderation = SiteSettings.Moderation.GUESTS
    site_settings.save()
    CommentFactory(post=post, guest_email="grace@example.net")
    CommentFactory(post=post, guest_email="pending@example.net", status="pending")
    send(client, post, "Back again.", **guest_fields(email="Grace@Example.net"))
    send(client, post, "Still waiting.", **guest_fields(email="pending@example.net"))
    assert Comment.objects.get(body="Back again.").status == Comment.Status.APPROVED
    assert Comment.objects.get(body="Still waiting.").status == Comment.Status.PENDING


def test_moderation_for_guests_lets_verified_members_post_directly(
    member_client, post, site_settings
):
    site_settings.moderation = SiteSettings.Moderation.GUESTS
    site_settings.save()
    response = send(member_client, post, "Members are trusted.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert response.url.endswith(f"#comment-{comment.pk}")


def test_moderation_for_everyone_holds_members_too(member_client, post, site_settings):
    site_settings.moderation = SiteSettings.Moderation.EVERYONE
    site_settings.save()
    response = send(member_client, post, "Even mine waits.")
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert english(THANKS) in member_client.get(response.url).content.decode()


def test_no_moderation_publishes_a_new_guest_at_once(client, post, site_settings):
    site_settings.moderation = SiteSettings.Moderation.NONE
    site_settings.save()
    response = send(client, post, "Straight onto the page.", **guest_fields())
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    page = client.get(response.url).content.decode()
    assert "Straight onto the page." in page
    assert english(THANKS) not in page
