"""What only a browser shows of the discussion: replying in place, preview, no script."""

import pytest
from django.conf import settings
from django.test import Client

from comments.models import Comment
from tests.factories import PostFactory, VerifiedMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = [
    "<script>alert('body')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(2))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg==)",
    "<svg><script>alert(4)</script></svg> <math><mtext><script>alert(5)</script></mtext></math>",
    r"$\href{javascript:alert(6)}{x}$ and $\unicode{<img src=x onerror=alert(7)>}$",
    '<a href="jav&#x09;ascript:alert(8)">tab</a> <iframe src="javascript:alert(9)"></iframe>',
    '<style>body{display:none}</style><div style="position:fixed">x</div>',
]


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    # The anti-bot minimum writing time is tested elsewhere; browsers here are fast.
    monkeypatch.setattr("comments.forms.MIN_SECONDS_TO_WRITE", 0)


def log_in(page, member):
    client = Client()
    client.force_login(member)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base_url}])


def approved(post, body, parent=None, **fields):
    comment = Comment(post=post, parent=parent, body=body, status="approved", **fields)
    comment.save()
    return comment


def test_member_replies_in_place_and_the_reply_appears_nested_with_typeset_math(page):
    member = VerifiedMemberFactory()
    post = PostFactory(body="No math in the post itself.")
    first = approved(post, "Top comment, $a^2+b^2=c^2$.", guest_name="Ann", guest_email="a@x.org")
    approved(post, "Another thread.", guest_name="Bo", guest_email="b@x.org")
    log_in(page, member)
    page.goto(page.base_url + post.get_absolute_url())
    page.wait_for_selector("html[data-mathjax='done']")
    page.click(f"#comment-{first.pk} [data-reply-to]")
    # The form moved under the comment: replying happens in place.
    assert page.locator(f"#comment-{first.pk} form[data-comment-form]").count() == 1
    page.fill("textarea[name=body]", r"Indeed: $\sum_{k=1}^{n} k = \frac{n(n+1)}{2}$")
    page.click(f"#comment-{first.pk} button[type=submit]")
    reply = page.locator("article.comment[data-depth='1']")
    reply.wait_for()
    assert page.url.endswith(post.get_absolute_url())  # no page load happened
    order = page.eval_on_selector_all("article.comment", "els => els.map(e => e.id)")
    assert order.index(reply.get_attribute("id")) == order.index(f"comment-{first.pk}") + 1
    reply.locator("mjx-container").wait_for()
    assert reply.locator("mjx-merror").count() == 0
    saved = Comment.objects.get(parent=first)
    assert saved.author == member and saved.status == "approved"
    assert page.console_errors == []


def test_preview_typesets_math_before_posting(page):
    post = PostFactory(body="Plain.")
    page.goto(page.base_url + post.get_absolute_url())
    page.wait_for_selector("html[data-mathjax='done']")
    page.fill("textarea[name=body]", r"Euler: $e^{i\pi}+1=0$ and **bold**")
    page.click("[data-preview-button]")
    preview = page.locator("[data-preview]")
    preview.locator("mjx-container").wait_for()
    assert preview.locator("strong").inner_text() == "bold"
    assert preview.locator("mjx-merror").count() == 0
    assert Comment.objects.count() == 0


def test_without_javascript_the_reply_page_posts_and_returns_to_the_comment(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    post = PostFactory()
    parent = approved(post, "Parent", guest_name="Ann", guest_email="a@x.org")
    page.goto(live_server.url + post.get_absolute_url())
    page.click(f"#comment-{parent.pk} a.reply-link")
    assert page.url.endswith(f"/comments/{parent.pk}/reply/")
    page.fill("input[name=guest_name]", "Cleo")
    page.fill("input[name=guest_email]", "cleo@example.org")
    page.fill("textarea[name=body]", "A reply typed without JavaScript.")
    page.click("form[data-comment-form] button[type=submit]")
    reply = Comment.objects.get(parent=parent)
    assert page.url.endswith(f"{post.get_absolute_url()}#comment-{reply.pk}")
    # A guest's comment waits for moderation, and its writer sees it marked so.
    assert page.locator(f"#comment-{reply.pk} .awaiting").count() == 1
    context.close()


def test_a_page_full_of_hostile_comments_runs_no_script(page):
    post = PostFactory(body="Target")
    parent = None
    for number, body in enumerate(HOSTILE):
        parent = approved(
            post,
            body,
            parent=parent if number % 2 else None,
            guest_name=f'<img src=x onerror="alert({number})">',
            guest_email=f"g{number}@example.org",
            guest_website="https://example.org/?q=<script>",
        )
    page.goto(page.base_url + post.get_absolute_url())
    page.wait_for_selector("html[data-mathjax='done']")
    for link in page.locator(".discussion a").all():
        href = (link.get_attribute("href") or "").replace("\t", "").lower()
        assert not href.startswith(("javascript:", "data:")), href
    for math in page.locator(".discussion mjx-container").all():
        math.click()
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert (
        page.evaluate(
            "[...document.querySelectorAll('.discussion *')].filter(e => e.tagName === 'SCRIPT'"
            " || e.tagName === 'IFRAME' || e.tagName === 'STYLE'"
            " || [...e.attributes].some(a => a.name.startsWith('on'))).length"
        )
        == 0
    )
    assert page.is_visible("body")
