"""The site's own texts and the category and tag names in both languages: the
English interface shows the English version when there is one, else the Chinese."""

import pytest
from defusedxml import ElementTree as ET
from django.core.management import call_command
from django.urls import reverse

from kexue.models import SiteSettings
from tests.factories import CategoryFactory, PostFactory, StaffFactory, TagFactory
from tests.kexue.test_site_settings import CHANGE_URL, admin_form_data

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}
CHINESE = {"accept-language": "zh-hans"}

ZH = {
    "tagline": "写给好奇者的数学与物理",
    "sponsor": "感谢每一位赞助者",
    "notice": "除非另有说明，本站文章以 CC BY-NC-SA 4.0 许可发布",
    "take_part": "注册后即可参与评论与讨论",
}
EN = {
    "tagline": "Mathematics and physics for the curious",
    "sponsor": "Kept running by <strong>its readers</strong>.",
    "notice": "Unless noted otherwise, posts here are CC BY-NC-SA 4.0.",
    "take_part": "Register to comment, with <em>Markdown</em> and formulas.",
}


def in_english(**fields):
    row = SiteSettings.current()
    for field, value in fields.items():
        setattr(row, field, value)
    row.save()


def all_english():
    in_english(tagline_en=EN["tagline"], sponsor_text_en="Kept running by **its readers**.",
               licence_notice_en=EN["notice"],
               take_part_text_en="Register to comment, with *Markdown* and formulas.")  # fmt: skip


def parts(response):
    """(head, header, sidebar, footer) of a page, each as text."""
    body = response.content.decode()
    return (
        body[: body.index("</head>")],
        body[body.index("<header") : body.index("</header>")],
        body[body.index('<aside class="sidebar"') : body.index("</aside>")],
        body[body.index("<footer") : body.index("</footer>")],
    )


def assert_speaks(response, texts, *, described_by_tagline=True):
    head, header, sidebar, footer = parts(response)
    if described_by_tagline:  # a post describes itself
        assert f'<meta name="description" content="{texts["tagline"]}">' in head
    assert texts["tagline"] in header
    # Sponsor and notice once per page, in the footer.
    assert texts["sponsor"] in footer and texts["sponsor"] not in sidebar
    assert texts["notice"] in footer
    assert texts["take_part"] in sidebar


def test_the_english_interface_shows_the_english_texts(client):
    all_english()
    assert_speaks(client.get("/", headers=ENGLISH), EN)
    page = client.get("/", headers=ENGLISH).content.decode()
    assert all(text not in page for text in ZH.values())


def test_the_chinese_interface_keeps_the_chinese_texts(client):
    all_english()
    assert_speaks(client.get("/", headers=CHINESE), ZH)
    page = client.get("/").content.decode()  # no preference: the site's own language
    assert all(text not in page for text in EN.values())


def test_an_english_text_left_empty_shows_the_chinese_one(client):
    in_english(tagline_en="Mathematics and physics for the curious", sponsor_text_en=" ")
    head, header, sidebar, footer = parts(client.get("/", headers=ENGLISH))
    assert EN["tagline"] in header and ZH["tagline"] not in header
    assert ZH["sponsor"] in footer
    assert ZH["notice"] in footer and ZH["take_part"] in sidebar


def test_the_language_switch_shows_the_english_texts(client):
    all_english()
    response = client.get("/lang/en/?next=/")
    assert response.status_code == 302
    assert_speaks(client.get("/"), EN)
    client.get("/lang/zh-hans/?next=/")
    assert_speaks(client.get("/"), ZH)


def test_cached_pages_are_right_in_each_language(client, settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600
    all_english()
    post = PostFactory(category=CategoryFactory(name="数学", name_en="Mathematics"))
    for path in ["/", post.get_absolute_url()]:
        for headers in [CHINESE, ENGLISH]:
            assert client.get(path, headers=headers)["X-Cache"] == "miss"
        for headers, texts, category in [(ENGLISH, EN, "Mathematics"), (CHINESE, ZH, "数学")]:
            response = client.get(path, headers=headers)
            assert response["X-Cache"] == "hit"
            assert_speaks(response, texts, described_by_tagline=path == "/")
            assert f">{category}</a>" in response.content.decode()


def test_a_change_to_an_english_text_reaches_the_cached_english_page(client, settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600
    client.get("/", headers=ENGLISH)
    in_english(tagline_en="Now in English")
    assert "Now in English" in parts(client.get("/", headers=ENGLISH))[1]


def test_the_english_texts_go_through_the_same_sanitizer(client):
    in_english(sponsor_text_en='Thanks <script>alert("x")</script> [x](javascript:alert(1))')
    footer = parts(client.get("/", headers=ENGLISH))[3]
    assert "<script>" not in footer and "javascript:" not in footer
    assert "&lt;script&gt;" in footer


def test_rerender_rebuilds_the_english_html_too():
    in_english(sponsor_text_en="By **readers**.", take_part_text_en="*Join* us.")
    SiteSettings.objects.update(sponsor_html_en="stale", take_part_html_en="stale")
    call_command("rerender")
    row = SiteSettings.objects.get()
    assert row.sponsor_html_en == "<p>By <strong>readers</strong>.</p>"
    assert row.take_part_html_en == "<p><em>Join</em> us.</p>"


@pytest.fixture
def labelled_post():
    category = CategoryFactory(name="物理", slug="physics", name_en="Physics")
    post = PostFactory(title="Least action", category=category)
    post.tags.add(TagFactory(name="变分法", slug="variations", name_en="calculus of variations"),
                  TagFactory(name="力学", slug="mechanics"))  # fmt: skip
    return post


def test_category_and_tag_names_follow_the_language_everywhere_they_are_shown(
    client, labelled_post
):
    post_path = labelled_post.get_absolute_url()
    pages = {
        "post header": post_path,
        "list entry and sidebar": "/",
        "category page": "/category/physics/",
        "search filter": reverse("search") + "?q=action",
    }
    for headers, physics, variations in [(ENGLISH, "Physics", "calculus of variations"),
                                         (CHINESE, "物理", "变分法")]:  # fmt: skip
        for what, path in pages.items():
            assert f">{physics}<" in client.get(path, headers=headers).content.decode(), what
        post_page = client.get(post_path, headers=headers).content.decode()
        assert f'rel="tag">{variations}</a>' in post_page
        assert 'rel="tag">力学</a>' in post_page  # no English name: the Chinese one
        sidebar = parts(client.get("/", headers=headers))[2]
        assert f">{variations}</a>" in sidebar
        category_page = client.get("/category/physics/", headers=headers).content.decode()
        assert f"<title>{physics} · Kexue 科学</title>" in category_page
        tag_page = client.get("/tag/variations/", headers=headers).content.decode()
        assert f"<title>{variations} · Kexue 科学</title>" in tag_page


def test_feeds_speak_the_readers_language(client, labelled_post):
    in_english(tagline_en=EN["tagline"])
    for headers, physics, tagline in [(ENGLISH, "Physics", EN["tagline"]),
                                      (CHINESE, "物理", ZH["tagline"])]:  # fmt: skip
        rss = ET.fromstring(client.get(reverse("blog:feed"), headers=headers).content)
        assert rss.find("channel/description").text == tagline
        assert [category.text for category in rss.iter("category")] == [physics]
        category_feed = client.get("/category/physics/feed/", headers=headers)
        assert ET.fromstring(category_feed.content).find("channel/title").text.endswith(physics)


def test_the_admin_puts_each_english_field_beside_its_chinese_one(client):
    SiteSettings.current()
    client.force_login(StaffFactory())
    body = client.get(CHANGE_URL, headers=ENGLISH).content.decode()
    for field in ["tagline", "licence_notice", "sponsor_text", "take_part_text"]:
        assert f"field-{field} field-{field}_en" in body, field
    for model in ["category", "tag"]:
        page = client.get(reverse(f"admin:blog_{model}_add"), headers=ENGLISH).content.decode()
        assert "field-name field-name_en" in page


def test_the_admin_saves_the_english_texts_and_renders_them(client):
    client.force_login(StaffFactory())
    form = admin_form_data(SiteSettings.current(), tagline_en="For the curious",
                           sponsor_text_en="By **readers**.", take_part_text_en="Join *us*.",
                           licence_notice_en="Share alike.")  # fmt: skip
    assert client.post(CHANGE_URL, form).status_code == 302
    row = SiteSettings.objects.get()
    assert (row.tagline_en, row.licence_notice_en) == ("For the curious", "Share alike.")
    assert row.sponsor_html_en == "<p>By <strong>readers</strong>.</p>"
    assert row.take_part_html_en == "<p>Join <em>us</em>.</p>"


def test_search_finds_a_post_by_the_english_names_of_its_labels(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = PostFactory(title="最小作用量", body="拉格朗日量。",
                           category=CategoryFactory(name="物理", name_en="Physics"))  # fmt: skip
        post.tags.add(TagFactory(name="变分法", name_en="Variations"))
    for query in ["physics", "variations", "变分法"]:
        page = client.get(reverse("search"), {"q": query}).content.decode()
        assert "最小作用量</a>" in page, query
    with django_capture_on_commit_callbacks(execute=True):  # renamed: indexed again
        post.category.name_en = "Natural philosophy"
        post.category.save()
    assert "最小作用量</a>" in client.get(reverse("search"), {"q": "philosophy"}).content.decode()


def test_a_member_gets_the_shared_page_in_their_own_language(member_client, settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600
    all_english()
    for state in ["miss", "hit"]:  # built, then filled in from the shared copy
        for headers, texts in [(ENGLISH, EN), (CHINESE, ZH)]:
            response = member_client.get("/", headers=headers)
            assert response["X-Cache"] == state
            head, header, sidebar, footer = parts(response)
            assert texts["tagline"] in header
            assert texts["sponsor"] in footer and texts["notice"] in footer
