"""The design's reference pages in Chromium: which pages, at which widths, in
which themes, and how to capture them (`manage.py screenshots`). The browser
tests of the design (tests/browser/test_design_browser.py) walk the same list,
so the pictures in docs/design.md show what the checks check."""

import io
import threading
from contextlib import contextmanager
from pathlib import Path

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db.models import Count, Q, Subquery

from blog.models import Page, Post, Series
from comments.models import Comment

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
# A desktop and a small phone; one screenful each keeps the PNGs small.
WIDTHS = {1280: 800, 360: 740}
THEMES = ("light", "dark")
OUTPUT = Path("docs/screenshots")


def reference_pages():
    """{name: path} of the pages the design is judged on, from the site's own
    content (seed_demo's, for the pictures in the docs)."""
    pages = {"home": "/"}
    post = math_post_with_comments()
    if post is not None:
        pages["post"] = post.get_absolute_url()
        # The same page at its discussion: the comments and the form.
        pages["discussion"] = post.get_absolute_url() + "#comments"
    series = longest_series()
    if series is not None:
        pages["series"] = series.get_absolute_url()
    page = Page.objects.in_menu().first() or Page.objects.published().order_by("pk").first()
    if page is not None:
        pages["page"] = page.get_absolute_url()
    return pages


def math_post_with_comments():
    """The published post with the most public comments among those with a display formula."""
    shown = Comment.objects.shown().values("pk")
    return (
        Post.objects.published()
        .filter(body_html__contains='<div class="arithmatex">')
        .annotate(discussion=Count("comments", filter=Q(comments__in=Subquery(shown))))
        .filter(discussion__gt=0)
        .order_by("-discussion", "pk")
        .first()
    )


def longest_series():
    """The series with the most published parts."""
    published = Post.objects.published().values("pk")
    return (
        Series.objects.annotate(
            published_parts=Count("parts", filter=Q(parts__in=Subquery(published)))
        )
        .filter(published_parts__gt=0)
        .order_by("-published_parts", "pk")
        .first()
    )


def wait_for_math(page):
    """Pages with formulas say when MathJax is done with them (mathjax-config.js)."""
    page.wait_for_load_state("load")
    if page.locator("script[src*='mathjax-config']").count():
        page.wait_for_selector("html[data-mathjax='done']", timeout=60000)


def open_page(page, url):
    """The page, typeset, scrolled to its #fragment (typesetting moved it)."""
    page.goto(url)
    wait_for_math(page)
    if "#" in url:
        page.evaluate("id => document.getElementById(id)?.scrollIntoView()", url.split("#", 1)[1])


def file_name(name, width, theme):
    return f"{name}-{width}-{theme}.png"


def capture(browser, base_url, output, pages):
    """One viewport-high PNG per page, width and theme (the system's preference,
    as a reader's browser states it), in 256 colours. Returns the paths."""
    written = []
    for width, height in WIDTHS.items():
        for theme in THEMES:
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=theme, locale="zh-CN"
            )
            try:
                page = context.new_page()
                for name, path in pages.items():
                    open_page(page, base_url + path)
                    target = output / file_name(name, width, theme)
                    target.write_bytes(small_png(page.screenshot()))
                    written.append(target)
            finally:
                context.close()
    return written


def small_png(png):
    """A palette PNG: text and flat colours survive 256 colours, at a third of the bytes."""
    from PIL import Image

    picture = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


@contextmanager
def serving():
    """The site (with its static files) on a free loopback port, in this process,
    on the configured database; yields its base URL."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
