"""The licence is chosen from a list: its name, address and badge change
together on every page and in the feeds, and cannot disagree."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from defusedxml import ElementTree as ET
from django.conf import settings
from django.urls import reverse

from kexue import licences
from kexue.models import SiteSettings
from tests.factories import PostFactory, StaffFactory, TagFactory, VerifiedMemberFactory
from tests.kexue.test_site_settings import CHANGE_URL, admin_form_data

pytestmark = pytest.mark.django_db

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC_BY_NC_SA = "https://creativecommons.org/licenses/by-nc-sa/4.0/"
ATOM = "{http://www.w3.org/2005/Atom}"


class _LicenceMarks(HTMLParser):
    """What a page says about its licence: rel=license links and badge images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.badges, self._in_link = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "license" in (attrs.get("rel") or "").split():
            self._in_link = {"href": attrs.get("href"), "text": ""}
            self.links.append(self._in_link)
        if tag == "img" and "licence-badge" in (attrs.get("class") or "").split():
            self.badges.append({"src": attrs["src"], "alt": attrs.get("alt")})

    def handle_data(self, data):
        if self._in_link is not None:
            self._in_link["text"] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_link = None


def licence_marks(response):
    assert response.status_code == 200
    parser = _LicenceMarks()
    parser.feed(response.content.decode())
    return parser


def badge_file(src):
    """The badge's name without a storage hash: img/licences/cc-by.svg."""
    return re.sub(r"\.[0-9a-f]{12}\.svg$", ".svg", src.removeprefix(settings.STATIC_URL))


def choose(**changes):
    row = SiteSettings.current()
    for field, value in changes.items():
        setattr(row, field, value)
    row.save()
    return row


@pytest.fixture
def site_pages():
    """One page of every kind a reader meets, each with the footer."""
    member = VerifiedMemberFactory(username="noether")
    post = PostFactory(title="On the calculus of variations")
    post.tags.add(TagFactory(slug="variations"))
    year = post.published_at.year
    return [
        "/",
        post.get_absolute_url(),
        post.category.get_absolute_url(),
        reverse("blog:tag", args=["variations"]),
        reverse("blog:archive"),
        reverse("blog:year", args=[year]),
        reverse("blog:author", args=[post.author.username]),
        reverse("search") + "?q=variations",
        member.get_absolute_url(),
        reverse("account_login"),
    ]


def test_the_default_is_cc_by_nc_sa_with_its_badge(client):
    marks = licence_marks(client.get("/"))
    assert {link["href"] for link in marks.links} == {CC_BY_NC_SA}
    assert [badge_file(badge["src"]) for badge in marks.badges] == ["img/licences/cc-by-nc-sa.svg"]
    assert marks.badges[0]["alt"] == "CC BY-NC-SA 4.0"


def test_choosing_cc_by_in_the_admin_changes_name_address_and_badge_on_every_page(
    client, site_pages
):
    client.force_login(StaffFactory())
    form = admin_form_data(
        SiteSettings.current(), licence="cc-by-4.0", licence_notice="Reuse it; name the author."
    )
    assert client.post(CHANGE_URL, form).status_code == 302
    client.logout()

    for path in site_pages:
        marks = licence_marks(client.get(path))
        assert {link["href"] for link in marks.links} == {CC_BY}, path
        assert "CC BY 4.0" in {link["text"].strip() for link in marks.links}, path
        assert [badge_file(b["src"]) for b in marks.badges] == ["img/licences/cc-by.svg"], path
        assert [b["alt"] for b in marks.badges] == ["CC BY 4.0"], path
        assert "NC-SA" not in client.get(path).content.decode(), path


@pytest.mark.parametrize("feed", ["blog:feed", "blog:feed_atom"])
def test_the_feeds_carry_the_chosen_licence(client, feed):
    post = PostFactory()
    choose(licence="cc-by-4.0", licence_notice="")
    for url in [reverse(feed), reverse("blog:category_feed", args=[post.category.slug])]:
        root = ET.fromstring(client.get(url, headers={"accept-language": "en"}).content)
        rights = root.find("channel/copyright") if root.tag == "rss" else root.find(f"{ATOM}rights")
        assert rights is not None, url
        assert rights.text == f"Content on Kexue 科学 is licensed under CC BY 4.0. {CC_BY}"
    chinese = client.get(reverse(feed)).content.decode()
    assert "CC BY 4.0" in chinese and CC_BY in chinese and "NC-SA" not in chinese


def test_a_custom_licence_shows_its_name_and_address_and_no_badge(client):
    choose(
        licence="custom",
        custom_licence_name="Kexue Reuse Terms",
        custom_licence_url="https://example.org/terms/",
        licence_notice="See the terms.",
    )
    marks = licence_marks(client.get("/"))
    assert marks.badges == []
    assert [(link["href"], link["text"].strip()) for link in marks.links] == [
        ("https://example.org/terms/", "Kexue Reuse Terms")
    ]
    rss = client.get(reverse("blog:feed")).content.decode()
    assert "Kexue Reuse Terms" in rss and "https://example.org/terms/" in rss


def test_all_rights_reserved_has_no_address_and_no_badge(client):
    choose(licence="all-rights-reserved", licence_notice="")
    english = client.get("/", headers={"accept-language": "en"})
    marks = licence_marks(english)
    assert marks.links == [] and marks.badges == []
    assert "all rights reserved." in english.content.decode()
    rss = client.get(reverse("blog:feed"), headers={"accept-language": "en"}).content.decode()
    assert "<copyright>Content on Kexue 科学: all rights reserved.</copyright>" in rss


def test_cc0_is_worded_as_a_dedication_to_the_public_domain(client):
    choose(licence="cc0-1.0", licence_notice="")
    response = client.get("/", headers={"accept-language": "en"})
    marks = licence_marks(response)
    assert [badge_file(b["src"]) for b in marks.badges] == ["img/licences/cc0.svg"]
    assert {link["href"] for link in marks.links} == {
        "https://creativecommons.org/publicdomain/zero/1.0/"
    }
    assert "is dedicated to the public domain under" in response.content.decode()


def test_the_badge_can_be_hidden_and_the_link_stays(client):
    choose(show_licence_badge=False)
    marks = licence_marks(client.get("/"))
    assert marks.badges == []
    assert {link["href"] for link in marks.links} == {CC_BY_NC_SA}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"custom_licence_name": "Our terms", "custom_licence_url": ""},
         "custom_licence_url", "A custom licence needs the address where its terms are written."),
        ({"custom_licence_name": "  ", "custom_licence_url": "https://example.org/terms/"},
         "custom_licence_name", "A custom licence needs a name."),
    ],
)  # fmt: skip
def test_a_custom_licence_without_name_or_address_is_refused_and_nothing_is_saved(
    client, changes, field, message
):
    client.force_login(StaffFactory())
    form = admin_form_data(
        SiteSettings.current(), licence="custom", licence_notice="Ask first.", **changes
    )
    response = client.post(CHANGE_URL, form, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field]
    assert message in response.content.decode()
    row = SiteSettings.objects.get()
    assert (row.licence, row.licence_notice) == (licences.DEFAULT, SiteSettings().licence_notice)


def test_a_notice_that_names_another_licence_is_refused(client):
    client.force_login(StaffFactory())
    row = SiteSettings.current()  # its notice names CC BY-NC-SA 4.0
    response = client.post(
        CHANGE_URL, admin_form_data(row, licence="cc-by-4.0"), headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["licence_notice"] == [
        "The notice names CC BY-NC-SA 4.0, but the licence chosen is CC BY 4.0: change one of them."
    ]
    assert SiteSettings.objects.get().licence == licences.DEFAULT
    english = admin_form_data(row, licence_notice_en="Shared under CC BY-ND 4.0.")
    response = client.post(CHANGE_URL, english, headers={"accept-language": "en"})
    assert "CC BY-ND 4.0" in response.context["adminform"].form.errors["licence_notice_en"][0]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("除非另有说明，本站文章以CC BY-NC-SA 4.0许可发布。", {"cc-by-nc-sa-4.0"}),
        ("cc by nd 4.0, or CC-BY 4.0", {"cc-by-nd-4.0", "cc-by-4.0"}),
        ("本站文章以 CC0 发布", {"cc0-1.0"}),
        ("CC BY-NC-SA 3.0 and ACC BY 4.0 are not in the list", set()),
        ("", set()),
    ],
)
def test_a_notice_is_read_for_the_licences_it_names(text, named):
    assert licences.named_in(text) == named


def test_the_badge_of_a_licence_follows_the_table_not_a_template():
    assert SiteSettings(licence="cc-by-sa-4.0").chosen_licence.badge == "img/licences/cc-by-sa.svg"
    assert SiteSettings(licence="custom").chosen_licence.badge == ""
    assert SiteSettings(licence="all-rights-reserved").chosen_licence.url == ""


@pytest.mark.parametrize("licence", [lic for lic in licences.LICENCES.values() if lic.badge])
def test_every_badge_is_a_local_accessible_svg_with_its_own_background(licence):
    path = Path(settings.STATICFILES_DIRS[0]) / licence.badge
    svg = ET.parse(path).getroot()
    assert svg.get("role") == "img" and svg.get("aria-label") == licence.name
    assert (svg.get("width"), svg.get("height")) == ("88", "31")
    # Opaque from edge to edge, so the badge reads on a light page and a dark one.
    background = svg.find("{http://www.w3.org/2000/svg}rect")
    assert (background.get("width"), background.get("height")) == ("87", "30")
    assert background.get("fill") not in (None, "none", "transparent")
    assert "href" not in path.read_text()  # nothing fetched from elsewhere


def test_the_choices_are_the_six_cc_licences_cc0_all_rights_reserved_and_custom():
    names = [str(name) for _, name in licences.CHOICES]
    assert names[:6] == ["CC BY 4.0", "CC BY-SA 4.0", "CC BY-ND 4.0", "CC BY-NC 4.0",
                         "CC BY-NC-SA 4.0", "CC BY-NC-ND 4.0"]  # fmt: skip
    codes = [code for code, _ in licences.CHOICES]
    assert codes[6:] == ["cc0-1.0", "all-rights-reserved", "custom"]
