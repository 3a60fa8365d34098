"""The public profile at /members/<username>/ and the generated default avatar."""

import re

import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime

from tests.inert import executable_markup

pytestmark = pytest.mark.django_db


def test_profile_shows_name_avatar_website_bio_and_member_since(client, member):
    member.display_name = "Ada Lovelace"
    member.website = "https://ada.example.org/notes"
    member.bio = "Notes on the Analytical Engine.\n\nAnd on Bernoulli numbers."
    member.save()

    body = client.get(f"/members/{member.username}/", headers={"accept-language": "en"})
    body = body.content.decode()
    assert '<h1 class="page-title">Ada Lovelace</h1>' in body
    assert f'src="/members/{member.username}/avatar.svg"' in body
    assert '<a href="https://ada.example.org/notes" rel="nofollow ugc">' in body
    assert "<p>Notes on the Analytical Engine.</p>" in body
    with translation.override("en"):
        joined = date_format(localtime(member.date_joined), "DATE_FORMAT")
    assert f"Member since {joined}" in body


def test_profile_without_a_display_name_shows_the_username(client, member):
    body = client.get(f"/members/{member.username}/").content.decode()
    assert f'<h1 class="page-title">{member.username}</h1>' in body


def test_unknown_and_deactivated_members_have_no_profile(client, member):
    assert client.get("/members/nobody-here/").status_code == 404
    member.is_active = False
    member.save()
    assert client.get(f"/members/{member.username}/").status_code == 404


def test_default_avatar_is_a_local_svg_drawn_from_the_username(client):
    first = client.get("/members/ada/avatar.svg")
    assert first.status_code == 200
    assert first["Content-Type"] == "image/svg+xml"
    assert "max-age" in first["Cache-Control"]
    svg = first.content.decode()
    assert svg.startswith("<svg")
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", svg)  # nothing fetched elsewhere
    assert executable_markup(svg) == []
    assert client.get("/members/ada/avatar.svg").content == first.content
    assert client.get("/members/grace/avatar.svg").content != first.content


def test_hostile_username_in_the_avatar_url_draws_only_shapes(client):
    response = client.get('/members/"%3E%3Cscript%3Ealert(1)/avatar.svg')
    assert response.status_code == 200
    assert "script" not in response.content.decode()
