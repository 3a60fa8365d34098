"""WordPress post HTML to Kexue Markdown: the formulas MathJax reads are the
author's TeX byte for byte, and the rest of the post keeps its shape."""

import re

import pytest
from defusedxml import ElementTree

from blog.importing.wordpress import wordpress_to_markdown
from kexue.markup import MORE_MARKER, render_post, split_excerpt
from tests.inert import executable_markup
from tests.kexue.test_markup import read
from tests.sitewide.wxr_files import THEME_UNIT_TEST


def page(wordpress_html):
    return read(render_post(wordpress_to_markdown(wordpress_html))[0])


def tags(wordpress_html):
    return [tag for tag, attrs in page(wordpress_html).tags]


# Each case: WordPress HTML as stored (entities where the visual editor writes
# them), and the text of each arithmatex element in the rendered post.
MATH_CASES = [
    pytest.param(
        "能量$E_k = \\frac{1}{2} m v^2$，其中$a*b &lt; c_1$。",
        [r"\(E_k = \frac{1}{2} m v^2\)", r"\(a*b < c_1\)"],
        id="dollar-inline-chinese-around",
    ),
    pytest.param(
        "<!-- wp:paragraph -->\n<p>设\\(x_1 &lt; x_2\\)且\\(a &amp; b\\)。</p>\n"
        "<!-- /wp:paragraph -->",
        [r"\(x_1 < x_2\)", r"\(a & b\)"],
        id="round-inline-in-block-paragraph",
    ),
    pytest.param(
        "We have\n$$\\sum_{i=1}^n a_i * b_i &lt; \\infty$$\nwhere $a_i$ is real.",
        [r"\[\sum_{i=1}^n a_i * b_i < \infty\]", r"\(a_i\)"],
        id="dollar-display-inside-classic-paragraph",
    ),
    pytest.param(
        "于是\\[ \\int_0^1 f(x)\\,dx &lt; \\|f\\|_\\infty \\]。",
        [r"\[ \int_0^1 f(x)\,dx < \|f\|_\infty \]"],
        id="square-display-chinese-around",
    ),
    pytest.param(
        "面积为[latex]\\pi r_1^2 * 2 &amp; \\frac{a}{b}[/latex]。",
        [r"\(\pi r_1^2 * 2 & \frac{a}{b}\)"],
        id="latex-shortcode",
    ),
    pytest.param(
        "Jetpack: $latex \\alpha_1 &lt; \\beta^* &amp;s=2&amp;bg=ffffff&amp;fg=000000$ done.",
        [r"\(\alpha_1 < \beta^* \)"],
        id="jetpack-latex-with-size-and-colours",
    ),
    pytest.param(
        "$latex e^{i\\pi}+1=0&s=1$",
        [r"\(e^{i\pi}+1=0\)"],
        id="jetpack-latex-raw-ampersand",
    ),
    pytest.param(
        "Then\n\\begin{align}\na_1 &amp;= b_1 * c \\\\\n&amp;&lt; d_2\n\\end{align}\nholds.",
        ["\\begin{align}\na_1 &= b_1 * c \\\\\n&< d_2\n\\end{align}"],
        id="align-with-line-breaks-inside-classic-paragraph",
    ),
    pytest.param(
        "\\begin{equation}\nE = mc^2 \\label{eq:energy}\n\\end{equation}\n\n"
        "By \\eqref{eq:energy} we are done.",
        [
            "\\begin{equation}\nE = mc^2 \\label{eq:energy}\n\\end{equation}",
            r"\(\eqref{eq:energy}\)",
        ],
        id="equation-label-and-eqref",
    ),
    pytest.param(
        "$$\\begin{aligned}\nx &amp;= y_1 \\\\\nz &amp;= w_2\n\\end{aligned}$$",
        ["\\[\\begin{aligned}\nx &= y_1 \\\\\nz &= w_2\n\\end{aligned}\\]"],
        id="aligned-inside-dollars",
    ),
    pytest.param(
        "$$\n\\begin{equation}\nx_1\n\\end{equation}\n$$",
        ["\\begin{equation}\nx_1\n\\end{equation}"],
        id="equation-inside-dollars-unwrapped",
    ),
    pytest.param(
        "<ul>\n<li>first $a_1$</li>\n<li>second\n$$\nb_1 * b_2\n   &gt; c\n$$\n</li>\n</ul>",
        [r"\(a_1\)", "\\[\nb_1 * b_2\n   > c\n\\]"],
        id="math-in-list-items-indented-lines-kept",
    ),
    pytest.param(
        "<ol>\n<li>outer\n<ul><li>inner $x_{ij}$\n\\begin{gather}\na \\\\\nb\n\\end{gather}"
        "</li></ul></li>\n</ol>",
        [r"\(x_{ij}\)", "\\begin{gather}\na \\\\\nb\n\\end{gather}"],
        id="math-in-nested-list",
    ),
    pytest.param(
        "<blockquote>Quoted $x^2$\n$$\na*b\n# c\n$$</blockquote>",
        [r"\(x^2\)", "\\[\na*b\n# c\n\\]"],
        id="math-in-blockquote-line-like-a-heading",
    ),
    pytest.param(
        "<table><tr><th>$a_1$</th><th>b</th></tr><tr><td>$c*d$</td><td>$$e_2$$</td></tr></table>",
        [r"\(a_1\)", r"\(c*d\)", r"\[e_2\]"],
        id="math-in-markdown-table",
    ),
    pytest.param(
        "<table><tr><th>norm</th></tr><tr><td>$|x|_1 &lt; 2$</td></tr></table>",
        [r"\(|x|_1 < 2\)"],
        id="bar-in-table-math-keeps-table-as-html",
    ),
    pytest.param(
        '[caption id="attachment_1" align="aligncenter" width="300"]'
        '<img src="https://example.com/plot.png" alt="plot" /> The curve $y = x_1^2$[/caption]',
        [r"\(y = x_1^2\)"],
        id="math-in-caption",
    ),
    pytest.param("$&#92;alpha &#60; &#x3B2;$", [r"\(\alpha < β\)"], id="numeric-entities"),
    pytest.param(
        "<p>$$a = b \\\\<br />\nc = d$$</p>", ["\\[a = b \\\\\nc = d\\]"], id="br-inside-display"
    ),
    pytest.param("$a&nbsp;+&nbsp;b$", [r"\(a + b\)"], id="no-break-spaces-typed-as-spaces"),
    pytest.param("If $a < b$ and $c > d$.", [r"\(a < b\)", r"\(c > d\)"], id="raw-angle-brackets"),
    pytest.param(
        "<strong>Bold $x_1$</strong> and <em>$y*z$</em>",
        [r"\(x_1\)", r"\(y*z\)"],
        id="math-inside-emphasis",
    ),
    pytest.param("<h2>能量 $E_k$ 守恒</h2>", [r"\(E_k\)"], id="math-in-heading"),
    pytest.param(
        "Claim[footnote]Proof: $a_1 &lt; b$.[/footnote] holds.",
        [r"\(a_1 < b\)"],
        id="math-in-footnote",
    ),
    pytest.param(
        r"$\{x \mid x_1 > 0\}$ and $\$5 + \$3$",
        [r"\(\{x \mid x_1 > 0\}\)", r"\(\$5 + \$3\)"],
        id="escaped-braces-and-dollars-inside-math",
    ),
    pytest.param(
        r"$f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}$",
        [r"\(f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}\)"],
        id="cases-inside-inline-math",
    ),
    pytest.param(
        "\\begin{multline*}\n[a](b) + `c` + _d_ \\\\\n+ e\n\\end{multline*}",
        ["\\begin{multline*}\n[a](b) + `c` + _d_ \\\\\n+ e\n\\end{multline*}"],
        id="markdown-syntax-inside-environment",
    ),
]


@pytest.mark.parametrize(("wordpress_html", "expected"), MATH_CASES)
def test_every_formula_reaches_mathjax_byte_for_byte(wordpress_html, expected):
    assert page(wordpress_html).math == expected


def test_formulas_in_html_kept_as_html_are_marked_for_mathjax():
    body = render_post(
        wordpress_to_markdown(
            "<table><tr><td>$|x|$</td><td>\\begin{align}a&amp;=b\\end{align}</td></tr></table>"
        )
    )[0]
    assert "<table>" in body
    assert read(body).math == [r"\(|x|\)", r"\begin{align}a&=b\end{align}"]


def test_display_math_is_a_paragraph_of_its_own():
    markdown = wordpress_to_markdown(
        "We have\n$$x_1$$\nwhere \\[y\\] and \\begin{align}z\\end{align}."
    )
    assert (
        markdown
        == "We have\n\n$$x_1$$\n\nwhere\n\n$$y$$\n\nand\n\n\\begin{align}z\\end{align}\n\n.\n"
    )


@pytest.mark.parametrize(
    ("wordpress_html", "visible"),
    [
        pytest.param(
            "Tickets cost $5 and $10 at the door.", "Tickets cost $5 and $10 at the door."
        ),
        pytest.param("A $ sign, then $x$.", r"A $ sign, then \(x\)."),
        pytest.param(r"Escaped \$5 and \$6.", "Escaped $5 and $6."),
        pytest.param("Not math: $ x $ and $$", "Not math: $ x $ and $$"),
    ],
)
def test_dollars_follow_arithmatex_rules(wordpress_html, visible):
    assert page(wordpress_html).text.strip() == visible


@pytest.mark.parametrize(
    "wordpress_html",
    [
        pytest.param('<pre>price = "$a_1$" # \\eqref{x} \\(y\\)</pre>', id="pre"),
        pytest.param("<p>Use <code>$a_1$</code> and <code>\\[x\\]</code>.</p>", id="inline-code"),
        pytest.param('[code language="python"]price = "$a_1$"[/code]', id="code-shortcode"),
        pytest.param(
            '<!-- wp:code --><pre class="wp-block-code"><code>$$x$$</code></pre>', id="block"
        ),
    ],
)
def test_tex_in_code_stays_code(wordpress_html):
    result = page(wordpress_html)
    assert result.math == []
    assert "code" in [tag for tag, attrs in result.tags]


@pytest.mark.parametrize(
    ("wordpress_html", "language"),
    [
        pytest.param('<pre><code class="language-python">x = 1</code></pre>', "python", id="class"),
        pytest.param('<pre class="brush: php; gutter: false">$x = 1;</pre>', "php", id="brush"),
        pytest.param('<pre lang="ruby">x = 1</pre>', "ruby", id="lang-attribute"),
        pytest.param('[code language="python"]x = 1[/code]', "python", id="code-shortcode"),
        pytest.param("[sourcecode lang='go']x := 1[/sourcecode]", "go", id="sourcecode-shortcode"),
    ],
)
def test_code_blocks_are_fenced_with_their_language(wordpress_html, language):
    markdown = wordpress_to_markdown(wordpress_html)
    assert markdown.startswith(f"```{language}\n")
    assert markdown.endswith("\n```\n")


def test_code_keeps_its_characters_and_newlines():
    source = '[code language="python"]\nif a &lt; b and c &amp; d:\n    print("*_`")\n[/code]'
    body = render_post(wordpress_to_markdown(source))[0]
    assert read(body).text.strip() == 'if a < b and c & d:\n    print("*_`")'


def test_code_holding_a_fence_gets_a_longer_fence():
    markdown = wordpress_to_markdown("<pre>```\nx\n```</pre>")
    assert markdown == "````\n```\nx\n```\n````\n"


def test_classic_text_gets_paragraphs_and_line_breaks_but_not_in_pre():
    source = "First line\nsecond line\n\nNew paragraph.\n<pre>code\n\nmore code</pre>\nAfter."
    result = page(source)
    assert result.tags[:3] == [("p", {}), ("br", {}), ("p", {})]
    assert "code\n\nmore code" in result.text
    assert wordpress_to_markdown(source).startswith("First line  \nsecond line\n\nNew paragraph.\n")


def test_no_line_break_beside_a_block():
    source = "<h3>Title</h3>\nText under it.\n<ul>\n<li>one</li>\n</ul>\nAfter the list."
    assert (
        wordpress_to_markdown(source) == "### Title\n\nText under it.\n\n- one\n\nAfter the list.\n"
    )


def test_block_editor_content_keeps_its_paragraphs_without_autop():
    source = (
        "<!-- wp:paragraph -->\n<p>One\ncontinued.</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:heading {"level":3} -->\n<h3>Two</h3>\n<!-- /wp:heading -->'
    )
    assert wordpress_to_markdown(source) == "One\ncontinued.\n\n### Two\n"


def test_block_comments_go_and_the_more_marker_stays_on_its_own_line():
    source = (
        "<!-- wp:paragraph --><p>Intro $x$.</p><!-- /wp:paragraph -->\n"
        "<!-- wp:more --><!--more--><!-- /wp:more -->\n"
        "<!-- wp:paragraph --><p>Rest.</p><!-- /wp:paragraph -->"
    )
    markdown = wordpress_to_markdown(source)
    assert markdown == f"Intro \\(x\\).\n\n{MORE_MARKER}\n\nRest.\n"
    assert split_excerpt(markdown) == "Intro \\(x\\).\n\n"


def test_classic_more_tag_with_text_and_next_page():
    markdown = wordpress_to_markdown("Before<!--more Read on-->after\n<!--nextpage-->\nPage two")
    assert markdown == f"Before\n\n{MORE_MARKER}\n\nafter\n\nPage two\n"


def test_headings_lists_links_images_blockquotes_survive():
    source = (
        "<h2>Section</h2>\n<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>\n"
        '<ol start="3"><li>three</li><li>four</li></ol>\n'
        '<a href="https://example.com/x_y" title="Go">link</a> '
        '<img src="https://example.com/a.png" alt="A picture" title="Pic" />\n'
        "<blockquote>Quoted.</blockquote>"
    )
    markdown = wordpress_to_markdown(source)
    assert markdown.startswith("## Section\n\n- a\n    - b\n- c\n\n3. three\n4. four\n")
    result = page(source)
    assert [tag for tag, attrs in result.tags].count("ul") == 2
    assert ("ol", {"start": "3"}) in result.tags
    assert ("a", {"href": "https://example.com/x_y", "title": "Go"}) in result.tags
    assert (
        "img",
        {"alt": "A picture", "src": "https://example.com/a.png", "title": "Pic"},
    ) in result.tags
    assert "blockquote" in [tag for tag, attrs in result.tags]


def test_table_with_a_header_row_becomes_a_markdown_table():
    source = (
        "<table><thead><tr><th>k</th><th>v</th></tr></thead>"
        "<tbody><tr><td>a|b</td><td>1</td></tr></tbody></table>"
    )
    markdown = wordpress_to_markdown(source)
    assert markdown == "| k | v |\n| --- | --- |\n| a\\|b | 1 |\n"
    assert [tag for tag, attrs in page(source).tags].count("td") == 2


@pytest.mark.parametrize(
    "table",
    [
        pytest.param("<table><tr><td>no</td><td>header</td></tr></table>", id="no-header-row"),
        pytest.param(
            '<table><tr><th colspan="2">wide</th></tr><tr><td>a</td><td>b</td></tr></table>',
            id="colspan",
        ),
        pytest.param(
            "<table><tr><th>h</th></tr><tr><td><ul><li>x</li></ul></td></tr></table>",
            id="list-in-cell",
        ),
    ],
)
def test_tables_markdown_cannot_say_stay_html(table):
    markdown = wordpress_to_markdown(table)
    assert markdown.startswith("<table>")
    assert "table" in tags(table)


def test_definition_list_stays_html():
    source = "<dl><dt>Term</dt><dd>Meaning with $x_1$.</dd></dl>"
    result = page(source)
    assert [tag for tag, attrs in result.tags][:3] == ["dl", "dt", "dd"]
    assert result.math == [r"\(x_1\)"]


def test_caption_becomes_figure_with_figcaption():
    source = (
        '[caption id="attachment_7" align="alignright" width="300"]'
        '<a href="https://example.com/big.jpg"><img src="https://example.com/small.jpg" '
        'alt="Bell" width="300" /></a> Bell on <em>wharf</em>[/caption]'
    )
    result = page(source)
    assert [tag for tag, attrs in result.tags] == ["figure", "a", "img", "figcaption", "em"]
    assert ("figure", {"class": "wp-caption alignright"}) in result.tags
    assert result.text.strip() == "Bell on wharf"


def test_old_caption_attribute_is_the_caption():
    source = (
        '[caption id="a" caption="Old style &amp; $x$"]'
        '<img src="https://example.com/o.png" />[/caption]'
    )
    result = page(source)
    assert "figcaption" in [tag for tag, attrs in result.tags]
    assert result.text.strip() == r"Old style & \(x\)"


def test_footnote_shortcodes_become_footnotes():
    result = page("One[ref]First note.[/ref] two[footnote]Second *note*.[/footnote].")
    assert [attrs.get("href") for tag, attrs in result.tags if tag == "a"][:2] == ["#fn:1", "#fn:2"]
    assert "First note." in result.text
    assert "Second *note*." in result.text


def test_html_footnotes_become_footnotes():
    source = (
        'Claim<sup id="ref1"><a href="#fn1">1</a></sup> and<a href="#fn2" id="r2">[2]</a>.\n'
        '<ol class="footnotes"><li id="fn1">With $x_1$. <a href="#ref1">↩</a></li>'
        '<li id="fn2">Second.\n\nPara two. <a href="#r2">back</a></li></ol>'
    )
    markdown = wordpress_to_markdown(source)
    assert markdown == (
        "Claim[^1] and[^2].\n\n[^1]: With \\(x_1\\).\n\n[^2]: Second.\n\n    Para two.\n"
    )
    result = page(source)
    assert ("li", {"id": "fn:2"}) in result.tags
    assert result.math == [r"\(x_1\)"]


def test_block_editor_footnotes_take_their_text_from_the_post():
    source = (
        '<!-- wp:paragraph --><p>Claim<sup data-fn="f-1" class="fn">'
        '<a href="#f-1" id="f-1-link">1</a></sup>.</p><!-- /wp:paragraph -->'
        "<!-- wp:footnotes /-->"
    )
    markdown = wordpress_to_markdown(source, footnotes={"f-1": "Note with $a &lt; b$."})
    assert markdown == "Claim[^1].\n\n[^1]: Note with \\(a < b\\).\n"
    assert "[^1]" not in wordpress_to_markdown(source)


def test_link_titles_and_image_alts_keep_their_text():
    source = (
        '<a href="https://example.com/" title="about $x$ and &quot;q&quot;">see [1] $y$</a> '
        '<img src="https://example.com/a.png" alt="plot of $x_1$ * [1] `c`" title="t_1">'
    )
    result = page(source)
    assert ("a", {"href": "https://example.com/", "title": 'about $x$ and "q"'}) in result.tags
    assert (
        "img",
        {"alt": "plot of $x_1$ * [1] `c`", "src": "https://example.com/a.png", "title": "t_1"},
    ) in result.tags
    assert result.math == [r"\(y\)"]


@pytest.mark.parametrize(
    ("wordpress_html", "href"),
    [
        pytest.param(
            "[embed]https://www.youtube.com/watch?v=abc[/embed]",
            "https://www.youtube.com/watch?v=abc",
            id="embed",
        ),
        pytest.param(
            "Watch:\n\nhttps://wordpress.tv/2009/03/16/x/\n\nNice.",
            "https://wordpress.tv/2009/03/16/x/",
            id="bare-url-line",
        ),
        pytest.param(
            '<iframe src="https://player.example/1"></iframe>',
            "https://player.example/1",
            id="iframe",
        ),
        pytest.param(
            "[audio https://example.com/a.mp3]", "https://example.com/a.mp3", id="audio-shortcode"
        ),
        pytest.param(
            '[video width="640" mp4="https://example.com/v.mp4"][/video]',
            "https://example.com/v.mp4",
            id="video-shortcode",
        ),
        pytest.param(
            '<video controls><source src="https://example.com/v.webm"></video>',
            "https://example.com/v.webm",
            id="video-tag",
        ),
    ],
)
def test_embeds_and_media_become_links(wordpress_html, href):
    result = page(wordpress_html)
    assert ("a", {"href": href}) in result.tags
    assert not {"iframe", "video", "audio"} & {tag for tag, attrs in result.tags}


def test_gallery_is_kept_in_the_source_but_not_shown():
    markdown = wordpress_to_markdown('Before\n\n[gallery ids="1,2,3" columns="3"]\n\nAfter')
    assert '<!-- [gallery ids="1,2,3" columns="3"] -->' in markdown
    assert page('Before\n\n[gallery ids="1,2,3"]\n\nAfter').text.split() == ["Before", "After"]


def test_unknown_shortcodes_stay_as_text():
    result = page('[contact-form to="a@example.com"] and [foo]bar[/foo]')
    assert result.text.strip() == '[contact-form to="a@example.com"] and [foo]bar[/foo]'


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("*not emphasis* and _not either_", id="emphasis"),
        pytest.param("1. not a list", id="ordered-list"),
        pytest.param("- not a list", id="bullet"),
        pytest.param("# not a heading", id="heading"),
        pytest.param("&gt; not a quote", id="quote"),
        pytest.param("[not](a link) and `not code` and ~~not struck~~", id="inline-syntax"),
        pytest.param("a \\ backslash and snake_case_name", id="backslash-underscore"),
        pytest.param("&lt;b&gt;not bold&lt;/b&gt; &amp;lt;", id="escaped-html"),
        pytest.param("see \\eqref stays and [1]", id="lone-brackets"),
    ],
)
def test_markdown_syntax_in_wordpress_text_stays_literal(text):
    source = f"<p>{text}</p>"
    result = page(source)
    assert [tag for tag, attrs in result.tags] == ["p"]
    expected = text.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")
    assert result.text.strip() == expected


def test_inline_formatting_markdown_has_no_syntax_for_stays_html():
    result = page(
        'H<sub>2</sub>O, E = MC<sup>2</sup>, <ins>new</ins>, <abbr title="seriously">srsly</abbr>'
    )
    assert [tag for tag, attrs in result.tags] == ["p", "sub", "sup", "ins", "abbr"]


def test_script_never_comes_through():
    source = "<p>Hi</p><script>alert(1)</script><p>&lt;script&gt;alert(2)&lt;/script&gt;</p>"
    body = render_post(wordpress_to_markdown(source))[0]
    assert executable_markup(body) == []
    assert "<script>alert(2)</script>" in read(body).text


def test_placeholder_names_in_the_source_are_only_text():
    source = '<kexue-math data-n="7"></kexue-math> and $x$ <kexue-display data-n="x">'
    result = page(source)
    assert result.math == [r"\(x\)"]
    assert '<kexue-math data-n="7">' in result.text


def test_typecho_markdown_is_kept_as_written():
    source = "<!--markdown-->## 引言\r\n\r\n设$a_1 < b$，*强调*。\r\n\r\n<!--more-->\r\n\r\n- 列表"
    assert (
        wordpress_to_markdown(source)
        == "## 引言\n\n设$a_1 < b$，*强调*。\n\n<!--more-->\n\n- 列表\n"
    )


def test_empty_body_is_empty_markdown():
    assert wordpress_to_markdown("") == ""
    assert wordpress_to_markdown("<!-- wp:paragraph --><p></p><!-- /wp:paragraph -->") == ""


def theme_unit_test_bodies():
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    return [
        (item.findtext("title") or "", item.findtext(content) or "")
        for item in ElementTree.parse(THEME_UNIT_TEST).getroot().iter("item")
    ]


def test_every_theme_unit_test_body_converts():
    bodies = theme_unit_test_bodies()
    assert len(bodies) > 100
    for title, body in bodies:
        markdown = wordpress_to_markdown(body)
        assert "kexue-" not in markdown, title
        for src in re.findall(r"<img\b[^>]*?\bsrc=\"([^\"]+)\"", body):
            assert src in markdown, (title, src)
        rendered = render_post(markdown)[0]
        assert executable_markup(rendered) == [], title
