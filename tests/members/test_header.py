"""The site header says who is signed in; for readers it is the same page for everyone."""

import pytest
from django.test import Client

from kexue.models import SiteSettings
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def header_of(page):
    start = page.index('<header class="site-header">')
    return page[start : page.index("</header>", start)]


def take_part_of(page):
    start = page.index('<section class="widget widget-take-part">')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def named_member(member):
    member.display_name = "Ada Lovelace"
    member.save()
    return member


def test_a_member_sees_their_name_notifications_and_a_logout_form(client, named_member):
    client.force_login(named_member)
    header = header_of(client.get("/").content.decode())
    assert '<a class="member-name" href="/members/settings/">' in header
    assert "Ada Lovelace" in header
    assert 'href="/members/notifications/"' in header
    assert '<form class="logout-form" action="/accounts/logout/" method="post">' in header
    assert 'name="csrfmiddlewaretoken"' in header
    assert 'href="/accounts/signup/"' not in header


def test_logging_out_from_the_header_form_works(client, named_member):
    client.force_login(named_member)
    assert client.post("/accounts/logout/").status_code == 302
    header = header_of(client.get("/").content.decode())
    assert "Ada Lovelace" not in header
    assert 'href="/accounts/login/"' in header


def test_readers_get_log_in_and_register_and_nothing_personal(client):
    header = header_of(client.get("/").content.decode())
    assert 'href="/accounts/login/"' in header
    assert 'href="/accounts/signup/"' in header
    assert "csrfmiddlewaretoken" not in header
    assert "/members/notifications/" not in header


def test_readers_share_one_cached_page_with_the_same_header(settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 300
    post = PostFactory()
    first = Client().get(post.get_absolute_url())
    second = Client().get(post.get_absolute_url())
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert header_of(first.content.decode()) == header_of(second.content.decode())


def test_the_take_part_box_invites_readers_but_not_members(client, member):
    invitation = SiteSettings.current().take_part_html
    assert invitation  # the default text asks readers to register
    assert invitation in take_part_of(client.get("/").content.decode())
    client.force_login(member)
    box = take_part_of(client.get("/").content.decode())
    assert invitation not in box
    assert 'href="/accounts/signup/"' not in box
    assert 'href="/members/notifications/"' in box
