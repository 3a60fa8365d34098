"""Feeds carry each formula as MathML (feed readers run no MathJax), with its TeX
as the annotation, and parse cleanly."""

import feedparser
import pytest

from kexue.models import SiteSettings
from tests.demo_posts import demo_body
from tests.factories import PostFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mathml_worker")]

FORMULA = 'class="arithmatex"'


def entry_html(feed):
    [entry] = feed.entries
    return entry.content[0].value if "content" in entry else entry.summary


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_every_formula_of_a_demo_post_reaches_the_feed_as_mathml(client, url):
    post = PostFactory(title="Noether", body=demo_body("noether-theorem-one-page"))
    formulas = post.body_html.count(FORMULA)
    assert formulas >= 10
    response = client.get(url)
    raw = response.content.decode()
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    content = entry_html(feed)
    # In the XML (escaped HTML) and in what a feed reader makes of it.
    assert raw.count("&lt;math ") == formulas
    assert content.count("<math") == formulas
    assert content.count('encoding="application/x-tex"') == formulas
    assert r"\eqref{eq:symmetry}" in content  # the TeX stays, as the annotation


def test_a_site_macro_is_expanded_in_the_feed(client):
    settings_row = SiteSettings.current()
    settings_row.tex_macros = "\\newcommand{\\R}{\\mathbb{R}}\n\\def\\bm{\\boldsymbol}"
    settings_row.save()
    PostFactory(title="Reals", body=r"Let $x \in \R$ and $\bm{v}$.")
    content = entry_html(feedparser.parse(client.get("/feed/").content))
    assert content.count("<math") == 2
    assert 'mathvariant="double-struck"' in content and 'mathvariant="bold-italic"' in content
