import pytest
from django.urls import reverse

from kexue.models import SiteSettings
from tests.factories import StaffFactory
from tests.inert import executable_markup

pytestmark = pytest.mark.django_db

CHANGE_URL = reverse("admin:kexue_sitesettings_change", args=[1])


def admin_form_data(settings_row, **changes):
    data = {
        "site_name": settings_row.site_name,
        "tagline": settings_row.tagline,
        "author_name": settings_row.author_name,
        "licence": settings_row.licence,
        "custom_licence_name": settings_row.custom_licence_name,
        "custom_licence_url": settings_row.custom_licence_url,
        "licence_notice": settings_row.licence_notice,
        "show_licence_badge": "on",
        "sponsor_text": settings_row.sponsor_text,
        "take_part_text": settings_row.take_part_text,
        "guests_may_comment": "on",
        "moderation": settings_row.moderation,
    }
    data.update(changes)
    return data


def test_footer_and_sidebar_show_the_site_settings(client):
    body = client.get("/").content.decode()
    row = SiteSettings.current()
    assert row.licence_notice in body
    assert 'href="https://creativecommons.org/licenses/by-nc-sa/4.0/"' in body
    assert "CC BY-NC-SA 4.0" in body
    assert "感谢每一位赞助者" in body


def test_admin_edit_changes_the_next_page_despite_the_cache(client):
    client.get("/")  # the settings row is now cached
    staff = StaffFactory()
    client.force_login(staff)
    row = SiteSettings.current()
    response = client.post(
        CHANGE_URL,
        admin_form_data(
            row,
            licence_notice="Reuse freely, say where it came from.",
            sponsor_text="Supported by **the Euler Fund**.",
            licence="cc-by-4.0",
        ),
    )
    assert response.status_code == 302
    client.logout()

    body = client.get("/").content.decode()
    footer = body[body.index('<footer class="site-footer">') :]
    sidebar = body[body.index('<aside class="sidebar"') : body.index("</aside>")]
    # Once per page, in the footer.
    assert "Reuse freely, say where it came from." in footer
    assert "Supported by <strong>the Euler Fund</strong>." in footer
    assert body.count("the Euler Fund") == 1
    assert "Reuse freely" not in sidebar
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in footer
    assert "CC BY 4.0" in footer
    assert "感谢每一位赞助者" not in body


def test_saving_the_row_invalidates_the_cached_copy():
    first = SiteSettings.current()
    first.tagline = "A new tagline"
    first.save()
    assert SiteSettings.current().tagline == "A new tagline"


def test_script_in_the_sponsor_text_never_reaches_a_page(client):
    row = SiteSettings.current()
    row.sponsor_text = (
        'Thanks <script>alert("x")</script> [friend](javascript:alert(1)) '
        '<img src=x onerror="alert(2)">'
    )
    row.save()
    body = client.get("/").content.decode()
    assert executable_markup(body) == []
    assert "&lt;script&gt;" in body  # shown as text, inert


def test_there_is_only_one_settings_row_and_it_cannot_be_added_or_deleted(client):
    client.force_login(StaffFactory())
    SiteSettings.current()
    assert client.get(reverse("admin:kexue_sitesettings_add")).status_code == 403
    assert client.get(reverse("admin:kexue_sitesettings_delete", args=[1])).status_code == 403
    changelist = client.get(reverse("admin:kexue_sitesettings_changelist"))
    assert changelist.status_code == 302 and changelist.url == CHANGE_URL
    SiteSettings(site_name="Second").save()
    assert SiteSettings.objects.count() == 1


def test_site_settings_admin_groups_fields_and_previews_the_sponsor_text(client):
    row = SiteSettings.current()
    row.sponsor_text = "Thanks to **the Riemann Fund**"
    row.save()
    client.force_login(StaffFactory())
    body = client.get(CHANGE_URL, headers={"accept-language": "en"}).content.decode()
    for group in ["Identity", "Licence", "Sponsor and take part", "Comment policy"]:
        assert f">{group}</h2>" in body
    assert "<strong>the Riemann Fund</strong>" in body
