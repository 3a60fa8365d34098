"""Editing static pages and the order of a series in the admin."""

import pytest
from django.urls import reverse

from blog.models import Page, Post
from tests.factories import PageFactory, PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def page_form(**fields):
    return {
        "title": "About",
        "path": "about",
        "body": "We write about $x$.",
        "status": "published",
        "menu_order": "0",
        "legacy_paths-TOTAL_FORMS": "0",
        "legacy_paths-INITIAL_FORMS": "0",
        **fields,
    }


def test_an_editor_adds_a_page_and_readers_find_it(editor_client, client):
    response = editor_client.post(reverse("admin:blog_page_add"), page_form(in_menu="on"))
    assert response.status_code == 302
    page = Page.objects.get()
    assert page.path == "about" and page.in_menu and 'class="arithmatex"' in page.body_html
    assert 'href="/about/"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "path, message",
    [
        ("archives/about", "/archives/ belongs to another part of the site"),
        ("admin", "/admin/ belongs to another part of the site"),
        ("about me", "Use letters, digits"),
    ],
)
def test_a_path_another_route_owns_is_refused_and_nothing_is_saved(
    editor_client, settings, path, message
):
    settings.LANGUAGE_CODE = "en"
    response = editor_client.post(reverse("admin:blog_page_add"), page_form(path=path))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Page.objects.exists()


def test_a_path_another_page_has_is_refused(editor_client, settings):
    settings.LANGUAGE_CODE = "en"
    PageFactory(path="about")
    response = editor_client.post(reverse("admin:blog_page_add"), page_form(path="/about/"))
    assert "Page with this Path already exists." in response.content.decode()
    assert Page.objects.count() == 1


def test_the_page_editor_previews_through_the_post_pipeline(editor_client):
    form = editor_client.get(reverse("admin:blog_page_add")).content.decode()
    assert f'data-preview-url="{reverse("admin:blog_page_preview")}"' in form
    html = editor_client.post(reverse("admin:blog_page_preview"), {"body": "$x$ <script>"})
    assert 'class="arithmatex"' in html.json()["html"] and "<script" not in html.json()["html"]


def parts_form(series, positions):
    parts = list(series.parts.order_by("series_position", "id"))
    data = {
        "title": series.title,
        "slug": series.slug,
        "description": "",
        "parts-TOTAL_FORMS": str(len(parts)),
        "parts-INITIAL_FORMS": str(len(parts)),
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "1000",
    }
    for n, (part, position) in enumerate(zip(parts, positions, strict=True)):
        data[f"parts-{n}-id"] = str(part.pk)
        data[f"parts-{n}-series"] = str(series.pk)
        data[f"parts-{n}-series_position"] = str(position)
    return data


def three_part_series():
    series = SeriesFactory()
    for n in (1, 2, 3):
        PostFactory(title=f"Part {n}", series=series, series_position=n)
    return series


def titles_in_order(series):
    return list(series.parts.order_by("series_position").values_list("title", flat=True))


def test_an_editor_reorders_a_series_by_numbers_even_trading_places(editor_client):
    series = three_part_series()
    bodies = dict(Post.objects.values_list("pk", "body_html"))
    url = reverse("admin:blog_series_change", args=[series.pk])
    response = editor_client.post(url, parts_form(series, [3, 2, 1]))
    assert response.status_code == 302
    assert titles_in_order(series) == ["Part 3", "Part 2", "Part 1"]
    assert dict(Post.objects.values_list("pk", "body_html")) == bodies


def test_two_parts_on_one_number_are_refused_with_a_clear_message(editor_client, settings):
    settings.LANGUAGE_CODE = "en"
    series = three_part_series()
    url = reverse("admin:blog_series_change", args=[series.pk])
    response = editor_client.post(url, parts_form(series, [1, 1, 2]))
    assert response.status_code == 200
    assert "Two parts have the same number" in response.content.decode()
    assert titles_in_order(series) == ["Part 1", "Part 2", "Part 3"]


def test_a_part_needs_a_number_in_the_series_form(editor_client, settings):
    settings.LANGUAGE_CODE = "en"
    series = three_part_series()
    url = reverse("admin:blog_series_change", args=[series.pk])
    response = editor_client.post(url, parts_form(series, ["", 2, 3]))
    assert response.status_code == 200
    assert titles_in_order(series) == ["Part 1", "Part 2", "Part 3"]


def test_the_post_form_refuses_a_number_another_part_has(editor_client, settings):
    settings.LANGUAGE_CODE = "en"
    series = three_part_series()
    post = PostFactory(title="Extra")
    url = reverse("admin:blog_post_change", args=[post.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name not in ("tags",) and value is not None
    }
    data.update(
        {
            "title": post.title,
            "slug": post.slug,
            "body": post.body,
            "status": "published",
            "published_at_0": "2024-01-01",
            "published_at_1": "00:00:00",
            "author": str(post.author_id),
            "category": str(post.category_id),
            "series": str(series.pk),
            "series_position": "2",
            "allow_comments": "on",
            "legacy_paths-TOTAL_FORMS": "0",
            "legacy_paths-INITIAL_FORMS": "0",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Another part of this series has this number." in response.content.decode()
    data["series_position"] = ""
    response = editor_client.post(url, data)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.series == series and post.series_position == 4


def test_a_page_is_given_an_old_address_in_its_form(admin_client, client):
    form = page_form(
        **{
            "legacy_paths-TOTAL_FORMS": "1",
            "legacy_paths-INITIAL_FORMS": "0",
            "legacy_paths-0-path": "/about-me.html/",
        }
    )
    assert admin_client.post(reverse("admin:blog_page_add"), form).status_code == 302
    response = client.get("/about-me.html")
    assert (response.status_code, response["Location"]) == (301, "/about/")
