"""`rerender` brings texts saved as TeX only (before server-side MathML, or while
Node was missing) and texts saved under other site macros to the current MathML."""

import pytest
from django.core.management import call_command

from blog.models import Post
from comments.models import Comment
from kexue.markup import mathml
from kexue.models import SiteSettings
from tests.factories import CommentFactory, PostFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mathml_worker")]


def rerender(capsys):
    call_command("rerender")
    return capsys.readouterr().out


def test_texts_stored_without_mathml_get_it_and_a_second_run_changes_nothing(capsys, monkeypatch):
    with monkeypatch.context() as without_node:
        without_node.setattr(mathml, "worker", lambda: None)
        post = PostFactory(body="Energy $E=mc^2$.\n\n$$\n\\int_0^1 x\\,dx = \\tfrac12\n$$")
        comment = CommentFactory(post=post, body="And $p \\to q$.")
        PostFactory(body="No formulas here.")
    assert "<math" not in post.body_html + comment.body_html

    out = rerender(capsys)
    assert "1 of 2 posts changed." in out and "1 of 1 comments changed." in out
    assert Post.objects.get(pk=post.pk).body_html.count("<math") == 2
    assert Comment.objects.get(pk=comment.pk).body_html.count("<math") == 1
    assert "0 of 2 posts changed." in rerender(capsys)


def test_after_the_macros_change_rerender_expands_the_new_ones(capsys):
    row = SiteSettings.current()
    row.tex_macros = r"\newcommand{\R}{\mathbb{R}}"
    row.save()
    post = PostFactory(body=r"$x \in \R$")
    assert 'mathvariant="double-struck"' in post.body_html

    row.tex_macros = r"\newcommand{\R}{\mathbf{R}}"
    row.save()
    assert 'mathvariant="double-struck"' in Post.objects.get(pk=post.pk).body_html  # stale
    assert "1 of 1 posts changed." in rerender(capsys)
    body_html = Post.objects.get(pk=post.pk).body_html
    assert 'mathvariant="bold"' in body_html and "double-struck" not in body_html
