"""kexue.safe_urls reads a URL's scheme as a browser finally does."""

import pytest
from django.template import Context, Template

from kexue.safe_urls import is_safe_link, is_web_url, url_scheme

# Each is a javascript: URL to a browser.
DISGUISED_JAVASCRIPT = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "jav&#9;ascript:alert(1)",
    "jav&Tab;ascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "jav&amp;#x09;ascript:alert(1)",
    "javascript:123",
]


@pytest.mark.parametrize("url", DISGUISED_JAVASCRIPT)
def test_a_disguised_javascript_url_is_found_out(url):
    assert url_scheme(url) == "javascript"
    assert not is_safe_link(url)
    assert not is_web_url(url)


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("data:text/html,x", "data"),
        ("VBScript:msgbox(1)", "vbscript"),
        ("https://example.org/", "https"),
        ("mailto:ada@example.org", "mailto"),
        ("/archives/1/", ""),
        ("#fn:1", ""),
        ("//example.org/", ""),
        ("java%0ascript:alert(1)", ""),  # % is no scheme character: a relative path
    ],
)
def test_the_scheme_is_read_like_a_browser(url, scheme):
    assert url_scheme(url) == scheme


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://ada.example.org/", True),
        ("http://example.org/?a=1&copy=2", True),
        ("https://example.org/#javascript:alert(1)", True),
        ("https:alert(1)", False),
        ("//example.org/", False),
        ("mailto:ada@example.org", False),
        ("ftp://example.org/", False),
        ("http://[::1", False),
        ("", False),
        (None, False),
    ],
)
def test_only_an_absolute_web_address_is_a_web_url(url, linked):
    assert is_web_url(url) is linked


@pytest.mark.parametrize("url", [*DISGUISED_JAVASCRIPT, "data:text/html,x", "vbscript:x"])
def test_the_web_url_filter_prints_nothing_for_anything_else(url):
    template = Template("{% load weblinks %}[{{ url|web_url }}]")
    assert template.render(Context({"url": url})) == "[]"


def test_the_web_url_filter_passes_a_web_address_on_for_the_template_to_escape():
    template = Template('{% load weblinks %}<a href="{{ url|web_url }}">')
    html = template.render(Context({"url": 'https://example.org/"><b>'}))
    assert html == '<a href="https://example.org/&quot;&gt;&lt;b&gt;">'
