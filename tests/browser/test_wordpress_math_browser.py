"""A WordPress body with every math form, converted and saved as a post, is
typeset by MathJax in Chromium without a single error."""

import pytest

from blog.importing.wordpress import wordpress_to_markdown
from kexue.markup import render_post
from tests.factories import PostFactory
from tests.kexue.test_markup import read

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Classic-editor text as WordPress stores it (entities where its visual editor
# writes them), with a list, a quote, a table, a caption and a paragraph: every
# form the common WordPress math plugins read, in every place a formula sits.
WORDPRESS_BODY = (
    "能量$E_k = \\frac{1}{2} m v^2$，其中$a*b &lt; c_1$。\n"
    "Also \\(x_1 &lt; x_2\\) and \\(\\{y \\mid y &gt; 0\\}\\).\n\n"
    "We have\n$$\\sum_{i=1}^n a_i * b_i &lt; \\infty$$\nwhere \\[ \\int_0^1 f(x)\\,dx \\]。\n\n"
    "面积为[latex]\\pi r_1^2[/latex]，"
    "Jetpack 写作 $latex \\alpha_1 &lt; \\beta^*&amp;s=2&amp;bg=ffffff$。\n\n"
    "\\begin{align}\na_1 &amp;= b_1 * c \\label{eq:first} \\\\\n&amp;&lt; d_2\n\\end{align}\n"
    "so \\eqref{eq:first} holds, and\n"
    "$$\\begin{aligned}\nx &amp;= y_1 \\\\\nz &amp;= w_2\n\\end{aligned}$$\n\n"
    "\\begin{equation}\nE = mc^2 \\label{eq:energy}\n\\end{equation}\n\n"
    "<!--more-->\n\n"
    "<ul>\n<li>first $a_1$</li>\n<li>second\n$$\nb_1 * b_2\n   &gt; c\n$$\n</li>\n</ul>\n"
    "<blockquote>Quoted $x^2$\n\\begin{gather}\na \\\\\nb\n\\end{gather}</blockquote>\n"
    "<table><tr><th>$a_1$</th><th>norm</th></tr><tr><td>$c*d$</td><td>$|x|_1$</td></tr></table>\n"
    '[caption id="attachment_1" align="aligncenter" width="300"]'
    '<img src="/static/img/favicon.svg" alt="icon" /> The curve $y = x_1^2$[/caption]\n\n'
    "<p>In a paragraph: $f(x) = \\begin{cases} 1 &amp; x &gt; 0 \\\\ "
    "0 &amp; \\text{else} \\end{cases}$ and [latex]e^{i\\pi}+1=0[/latex].</p>\n\n"
    "Prices $5 and $10 stay prices."
)


def test_every_wordpress_math_form_typesets_without_errors(page):
    markdown = wordpress_to_markdown(WORDPRESS_BODY)
    formulas = len(read(render_post(markdown)[0]).math)
    assert formulas == 22
    post = PostFactory(title="WordPress math", body=markdown)
    page.goto(page.base_url + post.get_absolute_url())
    page.wait_for_selector("html[data-mathjax='done']", timeout=20000)
    assert page.locator("mjx-merror").count() == 0
    assert page.locator(".post-body mjx-container").count() == formulas
    assert page.locator("[id='mjx-eqn:eq:first']").count() == 1
    assert page.locator(".post-body a[href='#mjx-eqn%3Aeq%3Afirst']").count() == 1
    assert "Prices $5 and $10 stay prices." in page.locator(".post-body").inner_text()
    assert page.console_errors == []
