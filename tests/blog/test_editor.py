"""The post editor: the preview endpoint and the form around it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from blog.models import Post
from kexue.markup import render_post
from tests.factories import PostFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db

PREVIEW_URL = reverse("admin:blog_post_preview")
NUMBERED = (
    "\\begin{equation}\nE = mc^2 \\label{a}\n\\end{equation}\n\nBy \\eqref{a}, *mass* is energy."
)


def test_preview_is_the_published_pages_html(editor_client):
    response = editor_client.post(PREVIEW_URL, {"body": NUMBERED})
    assert response.status_code == 200
    html = response.json()["html"]
    assert html == render_post(NUMBERED)[0]
    assert r"\label{a}" in html and r"\eqref{a}" in html
    assert "<em>mass</em>" in html


def test_preview_sanitizes_like_the_published_page(editor_client):
    html = editor_client.post(PREVIEW_URL, {"body": "<script>alert(1)</script>ok"}).json()["html"]
    assert "<script" not in html


def test_preview_needs_post_and_a_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(PREVIEW_URL, {"body": "x"}).status_code == 403
    assert client.get(PREVIEW_URL).status_code == 405


@pytest.mark.parametrize("staff", [False, True], ids=["member", "staff-not-editor"])
def test_preview_refuses_everyone_but_editors(client, staff):
    client.force_login(VerifiedMemberFactory(is_staff=staff))
    response = client.post(PREVIEW_URL, {"body": NUMBERED})
    assert response.status_code == 403 or (
        response.status_code == 302 and response.url.startswith("/admin/login/")
    )
    assert b"arithmatex" not in response.content


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.post(PREVIEW_URL, {"body": NUMBERED})
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


def test_the_form_loads_the_editor_and_the_sites_mathjax_without_inline_script(
    editor_client, settings
):
    settings.LANGUAGE_CODE = "en"
    body = editor_client.get(reverse("admin:blog_post_add")).content.decode()
    assert 'class="math-scope tex2jax_ignore post-body" data-preview-output' in body
    assert f'data-preview-url="{PREVIEW_URL}"' in body
    for script in ("js/mathjax-config.js", "vendor/mathjax/tex-chtml.js", "js/editor.js"):
        assert f'src="/static/{script}"' in body
    assert "css/editor.css" in body
    # Scripts are site files; the one inline block is data (the site's TeX macros).
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body) == [
        '<script id="tex-macros" type="application/json">'
    ]
    assert " style=" not in body
    assert "press Esc and then Tab" in body


def test_a_form_with_errors_comes_back_with_the_text_kept(editor_client, editor):
    text = "A long draft with $x^2$ that must not be lost."
    response = editor_client.post(
        reverse("admin:blog_post_add"),
        {"title": "", "body": text, "status": "draft", "author": editor.pk,
         "published_at_0": "2024-01-01", "published_at_1": "10:00:00"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title"]
    assert text in response.content.decode()
    assert Post.objects.count() == 0


def test_the_change_form_links_to_the_text_history(editor_client):
    post = PostFactory()
    body = editor_client.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
    assert reverse("admin:blog_post_revisions", args=[post.pk]) in body
