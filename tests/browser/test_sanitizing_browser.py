"""The sanitizing alone keeps hostile links and classes inert, in Chromium.

The Content-Security-Policy is bypassed here (bypass_csp), so a javascript:
link that survived would run: what is judged is the pipeline and MathJax's URL
filter, not the CSP behind them. The hostile text goes in through the comment
form; the stored addresses go straight into the database, as an import or the
shell would store them.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from comments.models import Comment
from kexue.markup.sanitize import is_comment_class
from tests.comments.posting import send
from tests.factories import CommentFactory, PostFactory, VerifiedMemberFactory
from tests.hardening.vectors import TEX_LINK_TRICKS, TEX_TRICKS
from tests.kexue.test_comment_classes import HOSTILE_FENCES, site_classes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORED_WEBSITES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]
# Formulas stored as they were before the server checked links: only
# MathJax's URL filter (static/js/mathjax-config.js safeURL) stands in the way.
UNCHECKED_FORMULAS = [
    r"\(\href{jav&#x09;ascript:alert(1)}{a}\)",
    r"\(\href{jav&#9;ascript:alert(1)}{b}\)",
    r"\(\href{jav&#x0A;ascript:alert(1)}{c}\)",
    r"\(\href{&#x01;javascript:alert(1)}{d}\)",
    r"\(\href{ JaVaScRiPt:alert(1)}{e}\)",
    r"\(\href{data:text/html,x}{f}\)",
    r"\(\href{vbscript:msgbox(1)}{g}\)",
    r"\(\mmlToken{mi}[href='jav&#x09;ascript:alert(1)']{h}\)",
]

# Every attribute of every element, values compared without the characters a
# browser ignores in a URL; and the classes inside comment bodies.
FIND_DANGEROUS_URLS = """() => {
  const found = [];
  const dangerous = /^(javascript|vbscript|data):/i;
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/[\\u0000-\\u0020\\u007f-\\u00a0]/g, "");
      if (dangerous.test(value)) {
        found.push(`<${element.localName} ${attribute.name}=${JSON.stringify(attribute.value)}>`);
      }
    }
  }
  return found;
}"""
COMMENT_TAGS = ("span", "div", "code")
COMMENT_CLASSES_IN_PAGE = """() => {
  const names = new Set();
  document.querySelectorAll(".comment-body *").forEach((element) => {
    element.classList.forEach((name) => names.add(name));
  });
  return [...names];
}"""


@pytest.fixture(autouse=True)
def no_limits(monkeypatch, settings):
    """Dozens of comments from one member: the limits are tested elsewhere."""
    settings.ACCOUNT_RATE_LIMITS = False
    limits = {"member": 10**6, "address": 10**6}
    monkeypatch.setattr("comments.services.POSTS_PER_MINUTE", limits, raising=False)


@pytest.fixture
def csp_free_page(browser, live_server):
    context = browser.new_context(locale="en", bypass_csp=True)
    page = context.new_page()
    page.dialogs = []

    def _dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", _dialog)
    page.base_url = live_server.url
    yield page
    context.close()


def typeset(page, url):
    page.goto(page.base_url + url)
    page.wait_for_selector("html[data-mathjax='done']", timeout=30_000)


def commented_post(bodies, post_body="Plain text."):
    """A post with the bodies as a member's comments, sent through the form."""
    post = PostFactory(title="Links in formulas", body=post_body)
    member = VerifiedMemberFactory(username="mallory")
    client = Client()
    client.force_login(member)
    for body in bodies:
        assert send(client, post, body).status_code == 302, body
    Comment.objects.update(status=Comment.Status.APPROVED)
    return post, member


def test_tex_link_probes_leave_no_dangerous_url_after_typesetting(csp_free_page):
    probes = TEX_LINK_TRICKS + [t for t in TEX_TRICKS if "href" in t]
    post, _ = commented_post(probes, post_body="\n\n".join(probes))
    typeset(csp_free_page, post.get_absolute_url())
    assert csp_free_page.locator(".comment-body mjx-container").count() > len(probes) // 2
    assert csp_free_page.locator(".post-body mjx-container").count() > len(probes) // 2
    assert csp_free_page.evaluate(FIND_DANGEROUS_URLS) == []
    assert csp_free_page.dialogs == []


def test_mathjax_itself_refuses_disguised_links_in_unchecked_formulas(csp_free_page):
    post = PostFactory(title="Old formulas", body="Plain text.")
    for tex in UNCHECKED_FORMULAS:
        comment = CommentFactory(post=post)
        html = f'<p><span class="arithmatex">{tex}</span></p>'
        Comment.objects.filter(pk=comment.pk).update(body_html=html)
    typeset(csp_free_page, post.get_absolute_url())
    formulas = csp_free_page.locator(".comment-body mjx-container")
    assert formulas.count() == len(UNCHECKED_FORMULAS)
    assert [text.strip() for text in formulas.all_inner_texts()] != []
    assert csp_free_page.evaluate(FIND_DANGEROUS_URLS) == []
    assert csp_free_page.dialogs == []


def test_comments_cannot_borrow_the_site_classes(csp_free_page):
    listed = " ".join(f".{name}" for name in sorted(site_classes()))
    bodies = HOSTILE_FENCES + [
        f"```{{.python {listed}}}\nx = 1\n```",
        r"$\class{draft-banner}{x} \cssId{site-header}{y} \class{visually-hidden}{z}$",
    ]
    post, _ = commented_post(bodies)
    typeset(csp_free_page, post.get_absolute_url())
    assert csp_free_page.locator(".comment-body .highlight").count() >= len(HOSTILE_FENCES)
    # The site's stylesheet also styles code tokens (.k, .s1) and formulas.
    pipeline_classes = {
        name for name in site_classes() if any(is_comment_class(t, name) for t in COMMENT_TAGS)
    }
    borrowed = set(csp_free_page.evaluate(COMMENT_CLASSES_IN_PAGE)) & site_classes()
    assert borrowed - pipeline_classes == set()
    assert {"highlight", "arithmatex", "mi"} <= borrowed
    assert csp_free_page.locator(".comment-body [id]:not([id^='mjx-'])").count() == 0


@pytest.mark.parametrize("website", STORED_WEBSITES)
def test_websites_stored_directly_are_no_links(csp_free_page, website):
    post = PostFactory(title="Stored addresses", body="Plain text.")
    member = VerifiedMemberFactory(username="mallory")
    get_user_model().objects.filter(pk=member.pk).update(website=website)
    guest = CommentFactory(post=post, guest_name="Eve")
    Comment.objects.filter(pk=guest.pk).update(guest_website=website)
    for url in [member.get_absolute_url(), post.get_absolute_url()]:
        csp_free_page.goto(csp_free_page.base_url + url)
        assert csp_free_page.evaluate(FIND_DANGEROUS_URLS) == [], url
    author = csp_free_page.locator("article.comment .comment-author", has_text="Eve")
    assert author.evaluate("element => element.localName") == "span"
    csp_free_page.goto(csp_free_page.base_url + member.get_absolute_url())
    assert csp_free_page.locator(".member-website").count() == 0
    assert csp_free_page.dialogs == []
