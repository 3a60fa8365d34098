"""Segmenting text for full-text search, reading queries, and safe snippets."""

import os
import subprocess
import sys
from pathlib import Path

from kexue.search_text import MAX_QUERY_LENGTH, html_to_text, index_text, parse_query, snippet

ROOT = Path(__file__).resolve().parents[2]


def test_index_text_cuts_chinese_into_words_and_leaves_latin_text_to_postgresql():
    text = index_text("信息论是VAE的基础 GAN-QP 用 np.exp 算")
    # Search mode also gives the shorter word inside a longer one.
    assert text.startswith("信息 信息论 是 VAE 的 基础 GAN-QP 用 np.exp 算 ")


def test_index_text_ends_with_each_character_of_longer_chinese_words_once():
    words = index_text("信息熵与信息熵").split()
    assert words[:5] == ["信息", "信息熵", "与", "信息", "信息熵"]
    assert words[5:] == ["信", "息", "熵"]


def test_a_bare_chinese_run_needs_all_its_words_and_a_quoted_one_needs_them_in_a_row():
    assert parse_query("信息瓶颈").websearch == '"信息" "瓶颈"'
    assert parse_query('"信息论方法"').websearch == '"信息 信息论 方法"'


def test_exclusions_or_and_mixed_queries_keep_their_meaning():
    assert parse_query("VAE信息瓶颈 -GAN").websearch == '"VAE" "信息" "瓶颈" -"GAN"'
    assert parse_query("熵 OR 温度 -信息瓶颈").websearch == '"熵" or "温度" -"信息 瓶颈"'
    assert parse_query("GAN-QP").websearch == '"GAN-QP"'


def test_query_text_can_never_become_an_operator():
    assert parse_query("信息or瓶颈").websearch == '"信息" "or" "瓶颈"'
    assert parse_query('a"-b').websearch == '"a" "-b"'


def test_excluded_words_are_not_highlighted_and_phrases_are_highlighted_whole():
    parsed = parse_query('"Information  Bottleneck" 熵 -温度')
    assert parsed.terms == ("information bottleneck", "熵")


def test_an_empty_phrase_adds_nothing_to_match_or_to_highlight():
    assert parse_query('熵 " " -""') == parse_query("熵")


def test_whitespace_controls_and_invisible_characters_make_an_empty_query():
    for text in ["", "   ", "\x00", "\u200f\u200b\ufeff", "-", '""', "\t\n"]:
        assert parse_query(text).websearch == "", repr(text)


def test_nul_and_direction_marks_vanish_from_words_and_long_queries_are_cut():
    assert parse_query("\u200f熵\x00").websearch == '"熵"'
    assert parse_query("熵" * 1000).websearch.count("熵") == MAX_QUERY_LENGTH


def test_html_to_text_keeps_tex_and_code_identifiers_and_separates_blocks():
    html = (
        '<p>Euler <span class="arithmatex">\\(e^{i\\pi}\\)</span> &amp; more</p>'
        '<pre><span class="n">np</span><span class="o">.</span><span class="n">exp</span></pre>'
        "<ul><li>一</li><li>二</li></ul><script>alert(1)</script>"
    )
    assert html_to_text(html) == "Euler \\(e^{i\\pi}\\) & more np.exp 一 二"


def test_snippet_escapes_text_and_marks_every_match():
    html = "<p>" + "Intro. " * 40 + "&lt;b&gt;熵&lt;/b&gt; &amp; entropy, not entropyx; 熵</p>"
    result = snippet(html, ("熵", "entropy"))
    assert result.startswith("…")
    assert "&lt;b&gt;<mark>熵</mark>&lt;/b&gt; &amp; <mark>entropy</mark>, not entropyx" in result
    assert result.endswith("<mark>熵</mark>")


def test_snippet_without_a_match_starts_at_the_beginning():
    assert snippet("a &lt; b " * 100, ("zzz",), length=10) == "a &lt; b a &lt;…"


def test_jieba_loads_without_writing_to_stderr():
    code = "from kexue.search_text import index_text; print(index_text('信息瓶颈'))"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "信息 瓶颈 信 息 瓶 颈"
    assert done.stderr == ""
