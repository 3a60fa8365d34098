"""Site TeX macros: written in the site settings, refused line by line when
malformed, handed to the page script as MathJax's tex.macros JSON."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override

from kexue.models import SiteSettings
from kexue.texmacros import parse_macros
from tests.factories import StaffFactory
from tests.kexue.test_site_settings import CHANGE_URL, admin_form_data

GOOD = "\n".join(
    [
        r"\newcommand{\R}{\mathbb{R}}",
        r"\newcommand{\E}[1]{\mathbb{E}_{#1}}",
        "% a comment, then a blank line",
        "",
        r"\def\bm{\boldsymbol}",
        r"\def\pair#1#2{\left(#1, #2\right)}",
        r"\renewcommand\N{\mathbb N}",
        r"\newcommand{\set}[1]{\{ #1 \}}",
    ]
)


def test_definitions_become_mathjax_macros():
    assert parse_macros(GOOD) == {
        "R": r"\mathbb{R}",
        "E": [r"\mathbb{E}_{#1}", 1],
        "bm": r"\boldsymbol",
        "pair": [r"\left(#1, #2\right)", 2],
        "N": r"\mathbb N",
        "set": [r"\{ #1 \}", 1],
    }
    assert parse_macros("") == {}


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (r"\newcommand{\R}{\mathbb{R}", "unbalanced braces"),
        (r"\newcommand{\R}{x}}", "unbalanced braces"),
        (r"\newcommand{\R2}{x}", "not a macro name"),
        (r"\newcommand{\}{x}", "not a macro name"),
        (r"\newcommand{\E}[x]{y}", "number of arguments"),
        (r"\newcommand{\E}[10]{y}", "number of arguments"),
        (r"\newcommand{\E}[1]{#1 + #2}", "uses #2 but takes 1"),
        (r"\def\p#2{x}", "#1, #2"),
        (r"\def\bm\boldsymbol", "in braces"),
        (r"R = \mathbb{R}", "not a definition"),
        (r"\newcommand{\R}{x}", "already defined"),
    ],
)
def test_a_malformed_line_is_refused_with_its_number(line, problem):
    text = f"{GOOD}\n{line}"
    number = len(text.splitlines())
    with override("en"), pytest.raises(ValidationError) as refused:  # the messages as written
        parse_macros(text)
    [message] = refused.value.messages
    assert message.startswith(f"Line {number}: ")
    assert problem in message


def test_a_refusal_speaks_the_sites_language():
    with override("zh-hans"), pytest.raises(ValidationError) as refused:
        parse_macros(r"\newcommand{\R}{x}" "\n" r"\newcommand{\R}{y}")
    assert refused.value.messages == ["第 2 行：\\R 在上面已经定义过了。"]


@pytest.mark.django_db
def test_saving_malformed_macros_changes_nothing():
    row = SiteSettings.current()
    row.tex_macros = r"\newcommand{\R}{\mathbb{R}}"
    row.save()
    row.tex_macros = "\\newcommand{\\R}{\\mathbb{R}}\n\\newcommand{\\C}{\\mathbb{C}"
    with pytest.raises(ValidationError):
        row.save()
    assert SiteSettings.objects.get().tex_macros == r"\newcommand{\R}{\mathbb{R}}"


@pytest.mark.django_db
def test_the_admin_refuses_a_malformed_definition_naming_the_line(client):
    client.force_login(StaffFactory())
    row = SiteSettings.current()
    response = client.post(
        CHANGE_URL,
        admin_form_data(
            row,
            site_name="Changed too",
            tex_macros="\\newcommand{\\R}{\\mathbb{R}}\n\\newcommand{\\E}[1]{\\mathbb{E}_{#1}",
        ),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Line 2: unbalanced braces" in response.content.decode()
    saved = SiteSettings.objects.get()
    assert saved.tex_macros == "" and saved.site_name == row.site_name


@pytest.mark.django_db
def test_pages_and_the_editor_get_the_macros_as_json(client):
    client.force_login(StaffFactory())
    row = SiteSettings.current()
    response = client.post(CHANGE_URL, admin_form_data(row, tex_macros=GOOD))
    assert response.status_code == 302
    expected = parse_macros(GOOD)
    for url in ["/", reverse("admin:blog_post_add")]:
        page = client.get(url).content.decode()
        found = re.search(
            r'<script id="tex-macros" type="application/json">(.*?)</script>', page, re.S
        )
        assert found, url
        assert json.loads(found.group(1)) == expected
