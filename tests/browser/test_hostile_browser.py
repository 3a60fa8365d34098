"""Pages full of hostile visitor text, in a real browser: nothing runs, nothing is refused.

The values go in through the site's own forms (comment form, profile settings),
so they are exactly what the validation lets through. A page fails on any
dialog, any on* attribute or script element in the document (the site's own
templates carry none besides its static scripts, so any came from user text),
any dangerous URL, and any Content-Security-Policy violation.
"""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from comments import services
from comments.models import Comment
from comments.thread import THREADS_PER_PAGE
from tests.comments.posting import guest_fields, send
from tests.factories import PostFactory, VerifiedMemberFactory
from tests.hardening.vectors import TEX_TRICKS, XSS_VECTORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The form refuses NUL characters with an error (tested in tests/hardening).
HOSTILE_BODIES = [v for v in XSS_VECTORS if "\x00" not in v]
HOSTILE_NAMES = [v for v in XSS_VECTORS if len(v) <= 50 and v.isprintable()]
HOSTILE_WEBSITES = [
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/'onmouseover='alert(1)",
    "https://example.org/?a=<img/src/onerror=alert(1)>",
    "http://example.org/#javascript:alert(1)",
]
HOSTILE_QUERY = "<script>alert(1)</script> onerror"

LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

# Everything in the live document that could run or navigate somewhere harmful.
FIND_EXECUTABLE = """() => {
  const found = [];
  const dangerous = /^(javascript|vbscript|data):/i;
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) {
        found.push(`<${element.localName} ${name}>`);
      }
      if (["href", "src", "action", "formaction", "xlink:href", "srcdoc"].includes(name)) {
        const value = attribute.value.replace(/[\\u0000-\\u0020]/g, "");
        if (name === "srcdoc" || dangerous.test(value)) {
          found.push(`<${element.localName} ${name}=${attribute.value}>`);
        }
      }
    }
  }
  for (const script of document.scripts) {
    // The site's TeX macros: a JSON data block, which the browser never runs.
    if (script.id === "tex-macros" && script.type === "application/json") continue;
    // The post's JSON-LD (blog/linked_data.py): data for crawlers, never run either.
    if (script.type === "application/ld+json" && !script.src) continue;
    if (!script.src || new URL(script.src).pathname.indexOf("/static/") !== 0) {
      found.push(`<script src=${script.src}>`);
    }
  }
  for (const tag of ["iframe", "object", "embed", "base", "meta[http-equiv]"]) {
    document.querySelectorAll(tag).forEach(() => found.push(`<${tag}>`));
  }
  return found;
}"""


@pytest.fixture(autouse=True)
def no_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def hostile_site(db):
    """A post with a discussion of hostile comments, names and websites, all
    approved, and a member whose profile is as hostile as the forms allow."""
    post = PostFactory(title="Series and their sums", body="Plain text, no math.")
    client = Client()
    for n, body in enumerate(HOSTILE_BODIES):
        name = HOSTILE_NAMES[n % len(HOSTILE_NAMES)]
        website = HOSTILE_WEBSITES[n % len(HOSTILE_WEBSITES)]
        fields = guest_fields(name=name, email=f"g{n}@example.net", guest_website=website)
        assert send(client, post, body, **fields).status_code == 302, body
    services.moderate(Comment.objects.all(), Comment.Status.APPROVED, "http://testserver")

    member = VerifiedMemberFactory(username="mallory")
    member_client = Client()
    member_client.force_login(member)
    profile = {
        "display_name": '"><img src=x onerror=alert(1)>',
        "website": HOSTILE_WEBSITES[0],
        "bio": "\n\n".join(v for v in XSS_VECTORS if v.isprintable())[:1000],
        "notify_on_reply": "on",
    }
    assert member_client.post("/members/settings/", profile).status_code == 302
    for body in TEX_TRICKS:
        assert send(member_client, post, body).status_code == 302, body
    return {"post": post, "member": member, "session": member_client}


def log_in(page, member_client):
    cookie = member_client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base_url}])


def visit(page, url):
    page.goto(page.base_url + url)
    page.wait_for_load_state("load")
    if page.locator("script[src*='comments.js'], script[src*='mathjax']").count():
        page.wait_for_selector("html[data-mathjax='done']", timeout=30_000)
    # Hover and focus everything a visitor might: a handler would fire now.
    page.evaluate(
        """() => document.querySelectorAll("a, .comment, .member-bio, .search-result")
             .forEach((el) => { el.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
                                el.focus && el.focus(); })"""
    )
    found = page.evaluate(FIND_EXECUTABLE)
    refused = [text for text in page.console_errors if "Content Security Policy" in text]
    return found + refused + page.evaluate("window.cspViolations") + page.dialogs


def test_hostile_pages_run_nothing_in_the_browser(page, hostile_site):
    page.add_init_script(LISTEN)
    post, member = hostile_site["post"], hostile_site["member"]
    pages = Comment.objects.filter(post=post, parent=None).count() // THREADS_PER_PAGE + 1
    urls = [f"{post.get_absolute_url()}?cpage={n}" for n in range(1, pages + 1)]
    urls += [member.get_absolute_url(), f"/search/?{urlencode({'q': HOSTILE_QUERY})}", "/"]
    found = {url: visit(page, url) for url in urls}
    assert found == {url: [] for url in urls}
    # The pages did show the hostile text, as text.
    page.goto(page.base_url + member.get_absolute_url())
    assert page.locator("h1.page-title").inner_text() == '"><img src=x onerror=alert(1)>'
    page.goto(page.base_url + f"/search/?{urlencode({'q': HOSTILE_QUERY})}")
    assert page.locator(".search-result").count() > 0


def test_a_member_sees_the_hostile_pages_inert_too(page, hostile_site):
    """Logged in, the pages carry the member's name, edit links and a CSRF form."""
    page.add_init_script(LISTEN)
    log_in(page, hostile_site["session"])
    post = hostile_site["post"]
    found = {url: visit(page, url) for url in [post.get_absolute_url(), "/members/settings/"]}
    assert found == {url: [] for url in found}
    name = page.locator(".take-part-member").inner_text()
    assert '"><img src=x onerror=alert(1)>' in name
