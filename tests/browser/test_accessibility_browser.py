"""Accessibility and valid HTML on the pages readers and members use most.

axe-core (through axe-playwright-python) runs in the page after scripts and
MathJax are done; the Nu HTML Checker (npm's vnu-jar, on the system Java) reads
the HTML as the server sent it. `make test` fetches the checker.
"""

import json
import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from tests.comments.posting import guest_fields, send
from tests.factories import CommentFactory, MemberCommentFactory, PostFactory, VerifiedMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VNU_JAR = Path(
    os.environ.get("KEXUE_VNU_JAR")
    or settings.BASE_DIR / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)
BLOCKING = {"serious", "critical"}
MATH_POST = """Numbered, with a reference:

\\begin{equation}
\\int_0^1 x^2\\,dx = \\frac{1}{3} \\label{eq:area}
\\end{equation}

By \\eqref{eq:area} and $e^{i\\pi} + 1 = 0$ the rest follows.

<!--more-->

## A second section

| $n$ | $n^2$ |
|:---:|:-----:|
| 1 | 1 |
| 2 | 4 |

```python
print("code")
```

A footnote.[^1]

[^1]: With $x_1$ in it.
"""


@pytest.fixture
def site(db):
    """A small site: a math post with a threaded discussion, a member with a profile."""
    member = VerifiedMemberFactory(
        username="noether",
        display_name="Emmy N.",
        website="https://noether.example/",
        bio="Algebra.\n\nSymmetry and conservation.",
    )
    post = PostFactory(title="The area under a parabola", body=MATH_POST)
    # Published "now", as from the admin: a time with microseconds, which a
    # datetime attribute must not carry.
    PostFactory(title="An older note on series", published_at=timezone.now() - timedelta(days=1))
    first = MemberCommentFactory(post=post, author=member, body="Why $\\frac13$?")
    CommentFactory(post=post, parent=first, body="Because $\\int_0^1 x^2 = 1/3$.")
    CommentFactory(post=post, guest_website="https://guest.example/")
    return {"post": post, "member": member}


def page_urls(site):
    return {
        "home": "/",
        "post": site["post"].get_absolute_url(),
        "archive": "/archives/",
        "search": "/search/?q=parabola",
        "sign-up": "/accounts/signup/",
        "login": "/accounts/login/",
        "profile": site["member"].get_absolute_url(),
    }


def blocking_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -- "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def settle(page):
    page.wait_for_load_state("load")
    if page.locator("script[src*='mathjax-config']").count():
        page.wait_for_selector("html[data-mathjax='done']")


def test_axe_finds_nothing_serious_on_the_main_pages(page, site):
    found = {}
    for name, url in page_urls(site).items():
        page.goto(page.base_url + url)
        settle(page)
        found[name] = blocking_violations(page)
    assert found == {name: [] for name in found}


def test_axe_finds_nothing_serious_in_the_comment_form_with_errors(page, site):
    """Errors shown in place (with JavaScript) and on the form's own page (without)."""
    post_url = page.base_url + site["post"].get_absolute_url()
    page.goto(post_url)
    settle(page)
    page.fill("#id_guest_email", "not an address")
    page.click("form[data-comment-form] button[type=submit]")
    page.locator(".form-errors p").first.wait_for()
    in_place = blocking_violations(page)

    no_script = page.context.browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        plain = no_script.new_page()
        plain.goto(post_url)
        plain.fill("#id_guest_email", "not an address")
        plain.click("form[data-comment-form] button[type=submit]")
        plain.wait_for_load_state("load")
        assert plain.locator(".field-error").count() > 0
        html = plain.content()
    finally:
        no_script.close()
    # axe needs script: the same page, served again to a page that runs it.
    page.route(post_url, lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(post_url)
    own_page = blocking_violations(page)
    assert (in_place, own_page) == ([], [])
    assert Comment.objects.count() == 3  # nothing was posted


def served_pages(site):
    """The HTML of each page as the server sends it, plus the comment form's error page."""
    client = Client()
    pages = {name: client.get(url).content for name, url in page_urls(site).items()}
    refused = send(client, site["post"], "", **guest_fields(email="not an address"))
    assert refused.status_code == 400
    pages["comment form with errors"] = refused.content
    return pages


def vnu_errors(pages, tmp_path):
    """The Nu HTML Checker's errors, by page name."""
    paths = {}
    for name, html in pages.items():
        path = tmp_path / (name.replace(" ", "-") + ".html")
        path.write_bytes(html)
        paths[str(path)] = name
    checked = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *paths],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(checked.stderr)["messages"]
    errors = {name: [] for name in pages}
    for message in messages:
        name = paths.get(message.get("url", "").removeprefix("file:"), "?")
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} "
            f"[{message.get('extract', '').strip()[:80]}]"
        )
    return errors


def require_the_checker():
    """Skips the test where the checker is missing, or fails it where it must run."""
    if not shutil.which("java") or not VNU_JAR.exists():
        message = f"The Nu HTML Checker needs Java and {VNU_JAR} (make test fetches it)"
        if os.environ.get("KEXUE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


def test_the_html_checker_finds_no_error(site, tmp_path):
    require_the_checker()
    errors = vnu_errors(served_pages(site), tmp_path)
    assert errors == {name: [] for name in errors}
