from io import StringIO

import pytest
from django.core.management import call_command

from blog.models import Post
from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBERED = (
    r"""
Consider the Gaussian integral
\begin{equation}
\int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}. \label{eq:gauss}
\end{equation}

Squaring it and changing to polar coordinates,
\begin{align}
I^2 &= \int_0^{2\pi}\!\!\int_0^\infty e^{-r^2} r\,dr\,d\theta \label{eq:polar} \\
    &= \pi.
\end{align}

Hence \eqref{eq:gauss} follows from \eqref{eq:polar}, with $x_1 < x_2$ inline.

"""
    + "\n\n".join(f"Filler paragraph {n} to make the page long." for n in range(60))
    + r"""

Finally, recall \eqref{eq:gauss} once more.
"""
)


def wait_for_math(page):
    page.wait_for_selector("html[data-mathjax='done']", timeout=20000)


def test_numbered_equations_typeset_and_eqref_links_jump(page):
    post = PostFactory(title="Gaussian", body=NUMBERED)
    page.set_viewport_size({"width": 1000, "height": 700})
    page.goto(page.base_url + post.get_absolute_url())
    wait_for_math(page)
    assert page.locator("mjx-merror").count() == 0
    assert page.locator(".post-body mjx-container").count() == 6
    # Equation numbers: a visible label cell per numbered line, ids from \label.
    assert page.locator(".post-body mjx-labels mjx-mtd").count() == 3
    gauss = page.locator("[id='mjx-eqn:eq:gauss']")
    assert gauss.is_visible()
    assert page.locator("[id='mjx-eqn:eq:polar']").is_visible()

    last_reference = page.locator(".post-body a[href='#mjx-eqn%3Aeq%3Agauss']").last
    last_reference.scroll_into_view_if_needed()
    assert gauss.bounding_box()["y"] < 0  # scrolled far past equation (1)
    last_reference.click()
    page.wait_for_function(
        "Math.abs(document.getElementById('mjx-eqn:eq:gauss').getBoundingClientRect().top) < 700"
    )
    assert 0 <= gauss.bounding_box()["y"] < 700
    assert page.console_errors == []


def test_display_math_scrolls_instead_of_overflowing_on_a_narrow_screen(page):
    wide = " + ".join(f"a_{{{n}}} x^{{{n}}}" for n in range(60))
    post = PostFactory(title="Wide", body=f"$$\n{wide}\n$$")
    page.set_viewport_size({"width": 360, "height": 700})
    page.goto(page.base_url + post.get_absolute_url())
    wait_for_math(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_math_in_a_post_cannot_run_script(page):
    post = PostFactory(
        title="Hostile",
        body=(
            r"$\href{javascript:alert(1)}{click}$ and $\unicode{<img src=x onerror=alert(2)>}$ "
            r"and $\style{background:url(javascript:alert(3))}{x}$"
            "\n\n<script>alert(4)</script><img src=x onerror=alert(5)>"
            "[a](javascript:alert(6))"
        ),
    )
    page.goto(page.base_url + post.get_absolute_url())
    wait_for_math(page)
    hrefs = page.evaluate("[...document.querySelectorAll('.post-body a')].map(a => a.href)")
    assert not [href for href in hrefs if href.lower().startswith("javascript")]
    for link in page.locator(".post-body mjx-container").all():
        link.click()
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.locator(".post-body script").count() == 0
    assert (
        page.evaluate(
            "[...document.querySelectorAll('.post-body *')].filter(e => [...e.attributes]"
            ".some(a => a.name.startsWith('on'))).length"
        )
        == 0
    )


def test_every_demo_post_typesets_without_errors_and_its_references_resolve(page):
    call_command("seed_demo", stdout=StringIO())
    posts = list(Post.objects.published())
    assert len(posts) >= 18
    references_checked = 0
    for post in posts:
        page.goto(page.base_url + post.get_absolute_url())
        wait_for_math(page)
        assert page.locator("mjx-merror").count() == 0, post.slug
        targets = page.evaluate(
            "[...document.querySelectorAll('.post-body a[href^=\"#mjx-eqn\"]')]"
            ".map(a => decodeURIComponent(a.getAttribute('href').slice(1)))"
        )
        for target in targets:
            assert page.locator(f"[id='{target}']").count() == 1, (post.slug, target)
        references_checked += len(targets)
    assert references_checked >= 5
    assert page.console_errors == []
