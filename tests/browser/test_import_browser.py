"""Imported blogs in a real browser: every imported page shows, and nothing from the export runs.

The theme unit test export is full of what WordPress allows its editors (embeds
with their scripts, iframes, inline styles, forms); a generated export adds
hostile text in every place an export can carry it. Pages are checked as
tests/browser/test_hostile_browser.py checks them: no dialog, no on* attribute
or foreign script in the live document, no dangerous URL, no CSP violation.
"""

import io
import re

import pytest
from django.core.management import call_command

from blog.models import Page, Post
from tests.browser.test_hostile_browser import LISTEN, visit
from tests.hardening.vectors import XSS_VECTORS
from tests.sitewide.wxr_files import THEME_UNIT_TEST, comment, item, wxr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# XML 1.0 cannot carry most control characters, so no export holds them.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PRINTABLE_VECTORS = [vector for vector in XSS_VECTORS if not XML_ILLEGAL.search(vector)]


def import_file(path):
    call_command("import_wxr", str(path), stdout=io.StringIO())


def pages_found(page, posts):
    """What each post's (or static page's) page ran or refused, by URL; a page
    that did not answer 200 says so."""
    page.add_init_script(LISTEN)
    found = {}
    for post in posts:
        url = post.get_absolute_url()
        response = page.goto(page.base_url + url)
        if response.status != 200:
            found[url] = [f"HTTP {response.status}"]
            continue
        # Images on the old site's hosts are refused by the site's img-src, as the
        # import's summary warns: refused loads, not anything that ran.
        found[url] = [problem for problem in visit(page, url) if "img-src" not in problem]
    return found


def test_every_imported_theme_page_shows_and_runs_nothing(page):
    import_file(THEME_UNIT_TEST)
    posts = list(Post.objects.published()) + list(Page.objects.published())
    assert len(posts) > 50 and any(isinstance(post, Page) for post in posts)
    found = pages_found(page, posts)
    assert found == {url: [] for url in found}


def test_hostile_text_in_an_export_stays_text(page, tmp_path):
    comments = [
        comment(
            100 + n,
            vector,
            author=vector[:60],
            url="javascript:alert(1)" if n % 2 else vector,
            parent=0 if n % 3 == 0 else 100 + n - 1,
        )
        for n, vector in enumerate(PRINTABLE_VECTORS)
    ]
    hostile = wxr(
        *[
            item(
                10 + n,
                vector[:150],
                content=vector,
                excerpt=vector,
                tags=[(f"t{n}", vector[:90])],
                comments=comments if n == 0 else (),
            )
            for n, vector in enumerate(PRINTABLE_VECTORS[:20])
        ]
    )
    path = tmp_path / "hostile.xml"
    path.write_text(hostile, encoding="utf-8")
    import_file(path)
    posts = list(Post.objects.published())
    assert len(posts) == 20
    assert posts[-1].comments.exists()
    found = pages_found(page, posts)
    assert found == {url: [] for url in found}
