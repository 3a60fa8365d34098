"""The admin wears the site's name and icon, and says which zone its times are in."""

import pytest

from kexue.models import SiteSettings
from tests.factories import PostFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_header_and_title_carry_the_site_name(staff_client):
    row = SiteSettings.current()
    row.site_name = "熵的花园"
    row.save()
    for url in ["/admin/", "/admin/blog/post/"]:
        page = staff_client.get(url).content.decode()
        assert '<div id="site-name"><a href="/admin/">熵的花园</a></div>' in page
        title = page[page.index("<title>") : page.index("</title>")]
        assert title.endswith("| 熵的花园")
        assert "Django" not in title and "Django 管理" not in page
        assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page


def test_publish_date_says_which_time_zone(staff_client, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    post = PostFactory()
    page = staff_client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert "时间均为 Asia/Shanghai 时区。" in page
    assert "/static/js/admin-time-zone.js" in page
    english = staff_client.get(
        f"/admin/blog/post/{post.pk}/change/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "A date in the future schedules the post. Times are in Asia/Shanghai." in english
