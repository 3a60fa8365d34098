"""/members/settings/: members edit their profile; hostile input is refused or inert."""

import pytest
from django.contrib.auth import get_user_model

from tests.inert import executable_markup

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def save_profile(client, **changes):
    data = {"display_name": "", "website": "", "bio": "", "notify_on_reply": "on", **changes}
    return client.post("/members/settings/", data, headers=ENGLISH)


def reload(member):
    return get_user_model().objects.get(pk=member.pk)


def test_settings_need_a_logged_in_member(client):
    response = client.get("/members/settings/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/members/settings/"


def test_member_saves_profile_and_notification_preference(member_client, member):
    response = save_profile(
        member_client,
        display_name="  Ada Lovelace ",
        website="ada.example.org",
        bio="Line one.\r\nLine two.",
        notify_on_reply="",
    )
    assert response.status_code == 302
    member = reload(member)
    assert member.display_name == "Ada Lovelace"
    assert member.website == "https://ada.example.org"
    assert member.bio == "Line one.\r\nLine two."
    assert member.notify_on_reply is False
    page = member_client.get(response["Location"], headers=ENGLISH).content.decode()
    assert "Your profile has been saved." in page


@pytest.mark.parametrize(
    "website",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://files.example.org/",
        "https://",
    ],
)
def test_website_must_be_a_web_address(member_client, member, website):
    response = save_profile(member_client, website=website)
    assert response.status_code == 200
    assert response.context["form"].errors["website"]
    assert reload(member).website == ""


@pytest.mark.parametrize(
    "name",
    [
        "Ada\u202eecalevoL",  # right-to-left override
        "Ada\u200b",  # zero-width space
        "Ada\x07",
        "Ada\x00",
        "Ada\nLovelace",
        "A" * 51,
    ],
)
def test_display_name_with_control_characters_or_too_long_is_refused(member_client, member, name):
    response = save_profile(member_client, display_name=name)
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    assert reload(member).display_name == ""
    # The refused value never shows as the member's name elsewhere on the page.
    assert f"Logged in as {member.username}." in response.content.decode()


def test_emoji_with_joiners_is_a_fine_display_name(member_client, member):
    assert save_profile(member_client, display_name="Ada 👩‍🔬").status_code == 302
    assert reload(member).display_name == "Ada 👩‍🔬"


def test_bio_is_limited_in_length_and_refuses_control_characters(member_client, member):
    too_long = save_profile(member_client, bio="x" * 1001)
    assert too_long.context["form"].errors["bio"]
    control = save_profile(member_client, bio="hello\x1b[31m")
    assert control.context["form"].errors["bio"]
    assert reload(member).bio == ""


def test_html_in_display_name_and_bio_is_stored_as_text_and_shown_inert(
    client, member_client, member
):
    hostile_name = '<img src=x onerror="alert(1)">'
    hostile_bio = '<script>alert("bio")</script><a href="javascript:alert(2)">click</a>'
    assert (
        save_profile(member_client, display_name=hostile_name, bio=hostile_bio).status_code == 302
    )
    assert reload(member).bio == hostile_bio

    for page in (
        client.get(f"/members/{member.username}/"),
        member_client.get("/"),
        member_client.get("/members/settings/"),
    ):
        body = page.content.decode()
        assert executable_markup(body) == []
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body
