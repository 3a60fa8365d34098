"""A series page, a part of the series and a static page pass axe and the Nu
HTML Checker, as the main pages do (tests/browser/test_accessibility_browser.py)."""

import os
import shutil

import pytest
from django.test import Client

from tests.browser.test_accessibility_browser import (
    VNU_JAR,
    blocking_violations,
    settle,
    vnu_errors,
)
from tests.factories import PageFactory, PostFactory, SeriesFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_BODY = """We write about mathematics, with formulas such as $e^{i\\pi} + 1 = 0$.

## How to cite

Every post ends with a ready citation.

## Licence

\\begin{equation}
\\int_0^1 x^2\\,dx = \\frac{1}{3} \\label{eq:licence}
\\end{equation}

## Contact

Comment under any post.
"""


@pytest.fixture
def urls(db):
    series = SeriesFactory(title="矩阵指数三讲", description="Three short parts.")
    parts = [
        PostFactory(title=f"矩阵指数（{n}）", series=series, series_position=n) for n in (1, 2, 3)
    ]
    about = PageFactory(title="关于本站", path="about", body=PAGE_BODY, in_menu=True)
    return {
        "series": series.get_absolute_url(),
        "part": parts[1].get_absolute_url(),
        "page": about.get_absolute_url(),
    }


def test_axe_finds_nothing_serious_on_series_and_static_pages(page, urls):
    found = {}
    for name, url in urls.items():
        page.goto(page.base_url + url)
        settle(page)
        found[name] = blocking_violations(page)
    assert found == {name: [] for name in found}
    # The box marks the part being read, for screen readers too.
    page.goto(page.base_url + urls["part"])
    current = page.locator(".series-box [aria-current=page]")
    assert current.count() == 1 and current.inner_text() == "矩阵指数（2）"


def test_the_html_checker_finds_no_error_on_series_and_static_pages(urls, tmp_path):
    if not shutil.which("java") or not VNU_JAR.exists():
        message = f"The Nu HTML Checker needs Java and {VNU_JAR} (make test fetches it)"
        if os.environ.get("KEXUE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    client = Client()
    errors = vnu_errors({name: client.get(url).content for name, url in urls.items()}, tmp_path)
    assert errors == {name: [] for name in errors}
