"""Writing a comment as a newcomer meets it: the preview follows the text as it
is typed, the reply form says whom it answers, and the heading counts the
comment just posted in place. At a desktop's width and at a phone's."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from comments.models import Comment
from tests.factories import PostFactory, VerifiedMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 360]
POST_BODY = r"""
The energy of a body at rest:
\begin{equation}
E = mc^2 \label{eq:rest}
\end{equation}
"""
# Typed key by key, as a member writes: a fraction, a sum, the post's label.
MATH = r"By \eqref{eq:rest}, $\frac{E}{c^2} = m$ and $\sum_{k=1}^{n} k$."
# One word in \text{} has no place to break a line: the widest a preview gets.
WIDE = r"$$\text{" + "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3 + "}$$"
REFUSED_LOAD = "status of 429"  # Chromium's console line for the refused preview itself

# Each preview request, as the page sends it: its text, and how many were out at once.
# The answer is held back a while, as from a busy server, so that typing goes on meanwhile.
SLOW_PREVIEWS = """
window.previewLog = { texts: [], inFlight: 0, mostInFlight: 0 };
const originalFetch = window.fetch;
window.fetch = function (url, options) {
  if (!String(url).includes("/comments/preview/")) {
    return originalFetch.apply(this, arguments);
  }
  const log = window.previewLog;
  log.texts.push(options.body.get("body"));
  log.inFlight += 1;
  log.mostInFlight = Math.max(log.mostInFlight, log.inFlight);
  return originalFetch.apply(this, arguments).then(
    (response) => new Promise((resolve) => setTimeout(() => {
      log.inFlight -= 1;
      resolve(response);
    }, 3000)),
  );
};
"""


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    # The anti-bot minimum writing time is tested elsewhere; browsers here are fast.
    monkeypatch.setattr("comments.forms.MIN_SECONDS_TO_WRITE", 0)


def log_in(page, member):
    client = Client()
    client.force_login(member)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base_url}])


def approved(post, body, name, parent=None):
    comment = Comment(
        post=post, parent=parent, body=body, status="approved",
        guest_name=name, guest_email=f"{len(name)}@example.org",
    )  # fmt: skip
    comment.save()
    return comment


def open_post(page, post, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(page.base_url + post.get_absolute_url())
    page.wait_for_selector("html[data-mathjax='done']", timeout=30000)


def preview_requests(page):
    sent = []
    page.on("request", lambda request: "/comments/preview/" in request.url and sent.append(1))
    return sent


def box(page, selector):
    return page.locator(selector).bounding_box()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_preview_typesets_math_as_a_member_types(page, width):
    member = VerifiedMemberFactory()
    post = PostFactory(body=POST_BODY)
    log_in(page, member)
    open_post(page, post, width)
    page.locator("textarea[name=body]").press_sequentially(MATH, delay=20)
    preview = page.locator("[data-preview]")
    preview.locator("mjx-container").nth(2).wait_for()  # no button pressed
    assert preview.locator("mjx-merror").count() == 0
    # The post's label is lent to the preview: its number, linking to the post's equation.
    assert preview.locator("a[href='#mjx-eqn%3Aeq%3Arest']").inner_text().strip() == "(1)"
    # Only the preview was typeset again: the post's equation kept its number.
    assert page.locator(".post-body mjx-container").count() == 1
    assert Comment.objects.count() == 0
    assert page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_guest_on_a_cached_page_sees_the_live_preview(
    browser, page, live_server, settings, width
):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600
    post = PostFactory(body="Plain.")
    url = live_server.url + post.get_absolute_url()
    other_reader = browser.new_context(locale="zh-CN")
    other_reader.new_page().goto(url)
    other_reader.close()
    page.set_viewport_size({"width": width, "height": 800})
    assert page.goto(url).headers["x-cache"] == "hit"
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0
    with (
        page.expect_response("**/comments/preview/") as answer,
        page.expect_response("**/comments/form-ticket/"),
    ):
        page.locator("textarea[name=body]").press_sequentially(r"Guest: $\sqrt{2}$", delay=20)
    assert answer.value.status == 200  # the ticket's CSRF token went with it
    page.locator("[data-preview] mjx-container").wait_for()
    assert page.locator("[data-preview] mjx-merror").count() == 0
    assert page.console_errors == []


def test_one_preview_at_a_time_and_the_last_text_wins(page):
    post = PostFactory(body="Plain.")
    page.add_init_script(SLOW_PREVIEWS)
    open_post(page, post, 1280)
    textarea = page.locator("textarea[name=body]")
    textarea.press_sequentially("First", delay=20)
    page.wait_for_function("() => window.previewLog.inFlight === 1")
    # Written while the first answer is still on its way, in three bursts.
    for more in [" second", " third", " $x_4$"]:
        page.wait_for_timeout(450)  # longer than the pause the preview waits for
        textarea.press_sequentially(more, delay=20)
    page.wait_for_function("() => document.querySelector('[data-preview] mjx-container')")
    log = page.evaluate("window.previewLog")
    assert log["mostInFlight"] == 1
    assert log["texts"] == ["First", "First second third $x_4$"]
    assert page.locator("[data-preview]").inner_text().startswith("First second third")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_preview_is_as_wide_as_the_text_box(page, width):
    member = VerifiedMemberFactory()
    post = PostFactory(body="Plain.")
    parent = approved(post, "Reply to me.", "Ann")
    log_in(page, member)
    open_post(page, post, width)
    for place in ["below the discussion", "in place, under a comment"]:
        if place.startswith("in place"):
            page.click(f"#comment-{parent.pk} [data-reply-to]")
        page.fill("textarea[name=body]", WIDE)
        page.locator("[data-preview] mjx-container").wait_for()
        textarea, preview = box(page, "textarea[name=body]"), box(page, "[data-preview]")
        assert preview["x"] == textarea["x"], place
        assert preview["width"] == textarea["width"], place
        assert page.evaluate("document.documentElement.scrollWidth") <= width, place
        page.fill("textarea[name=body]", "")
        page.locator("[data-preview]").wait_for(state="hidden")


@pytest.mark.parametrize("width", WIDTHS)
def test_posting_in_place_counts_the_comment_in_the_heading(page, monkeypatch, width):
    # Two threads a page: the page shows two comments of the post's three, and
    # the heading must still count every one of them.
    monkeypatch.setattr("comments.thread.THREADS_PER_PAGE", 2)
    member = VerifiedMemberFactory()
    post = PostFactory(body="Plain.")
    for name in ["Ann", "Bo", "Cy"]:
        approved(post, f"{name} was here.", name)
    log_in(page, member)
    open_post(page, post, width)
    heading = page.locator("#comments-heading")
    assert heading.inner_text() == "3 条评论"
    page.fill("textarea[name=body]", "Me too.")
    page.click("form[data-comment-form] button[type=submit]")
    page.locator("article.comment", has_text="Me too.").wait_for()
    assert heading.inner_text() == "4 条评论"
    assert page.locator("[data-form-status]").is_hidden()
    assert page.console_errors == []


def test_a_comment_held_for_moderation_leaves_the_count_and_says_it_waits(page):
    post = PostFactory(body="Plain.")
    approved(post, "Already here.", "Ann")
    open_post(page, post, 360)
    page.fill("input[name=guest_name]", "New Guest")
    page.fill("input[name=guest_email]", "new@example.org")
    page.fill("textarea[name=body]", "Waiting my turn.")
    page.click("form[data-comment-form] button[type=submit]")
    page.locator("article.comment", has_text="Waiting my turn.").wait_for()
    assert page.locator("#comments-heading").inner_text() == "1 条评论"
    assert page.locator("[data-form-status]").inner_text() == "谢谢！你的评论将在审核通过后显示。"
    assert Comment.objects.get(body="Waiting my turn.").status == "pending"
    # Said in place, it does not greet the next page too.
    page.reload()
    assert page.get_by_text("谢谢！你的评论将在审核通过后显示。").count() == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_the_reply_form_names_whom_it_answers(page, width):
    post = PostFactory(body="Plain.")
    first = approved(post, "First thought.", "张三")
    second = approved(post, "Second thought.", "Alice")
    open_post(page, post, width)
    replying = page.locator("[data-replying-to]")
    assert replying.is_hidden()
    page.click(f"#comment-{first.pk} [data-reply-to]")
    assert replying.is_visible()
    assert page.locator(f"#comment-{first.pk} [data-replying-to]").count() == 1
    name = replying.locator("a")
    assert name.inner_text() == "张三"
    assert name.get_attribute("href") == f"#comment-{first.pk}"
    page.click(f"#comment-{second.pk} [data-reply-to]")
    assert name.inner_text() == "Alice"
    assert name.get_attribute("href") == f"#comment-{second.pk}"
    page.click("[data-cancel-reply]")
    assert replying.is_hidden()


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_the_reply_page_names_whom_it_answers(browser, live_server, width):
    context = browser.new_context(
        java_script_enabled=False, locale="en-US", viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    try:
        post = PostFactory(body="Plain.")
        parent = approved(post, "Worth an answer.", "Alice")
        page.goto(live_server.url + post.get_absolute_url())
        page.click(f"#comment-{parent.pk} a.reply-link")
        replying = page.locator("form[data-comment-form] .replying-to")
        assert replying.is_visible()
        assert replying.inner_text() == "Replying to Alice"
        replying.get_by_role("link", name="Alice").click()
        assert page.url.endswith(f"{post.get_absolute_url()}#comment-{parent.pk}")
    finally:
        context.close()


def test_a_refused_preview_says_so_quietly_and_comes_back_after_the_window(page, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **django_settings.ACCOUNT_RATE_LIMITS, "comment_preview_member": "2/4s/user",
    }  # fmt: skip
    member = VerifiedMemberFactory()
    post = PostFactory(body="Plain.")
    log_in(page, member)
    open_post(page, post, 360)
    sent = preview_requests(page)
    textarea = page.locator("textarea[name=body]")
    note = page.locator("[data-preview-note]")
    preview = page.locator("[data-preview]")
    for text in ["One", " two", " three"]:
        with page.expect_response("**/comments/preview/"):
            textarea.press_sequentially(text, delay=20)
    note.wait_for()
    assert note.inner_text() == "预览次数过多，请稍等一分钟。"
    assert preview.inner_text() == "One two"  # the last preview that was allowed stays
    assert page.locator(".form-errors").count() == 0  # quiet: no alert
    # Paused: typing asks nothing of the server until the window has passed.
    textarea.press_sequentially(" four $y$", delay=20)
    page.wait_for_timeout(600)
    assert len(sent) == 3
    # Then the preview resumes by itself with the text as it is now.
    preview.locator("mjx-container").wait_for(timeout=8000)
    assert note.is_hidden()
    assert preview.inner_text().startswith("One two three four")
    assert len(sent) == 4
    # The button asks at once, and the comment still posts.
    with page.expect_response("**/comments/preview/") as answer:
        page.click("[data-preview-button]")
    assert answer.value.status == 200
    page.click("form[data-comment-form] button[type=submit]")
    page.locator("article.comment", has_text="One two three four").wait_for()
    assert [error for error in page.console_errors if REFUSED_LOAD not in error] == []
