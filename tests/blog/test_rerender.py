import pytest
from django.core.management import call_command

from blog.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def stale(post, html="<p>old pipeline output</p>"):
    Post.objects.filter(pk=post.pk).update(body_html=html)


def test_rerender_dry_run_reports_and_writes_nothing(capsys):
    post = PostFactory(title="Stale one")
    PostFactory(title="Fresh one")
    stale(post)
    call_command("rerender", "--dry-run")
    out = capsys.readouterr().out
    assert f"would change: #{post.pk} Stale one" in out
    assert "Fresh one" not in out
    assert "1 of 2 posts would change." in out
    assert Post.objects.get(pk=post.pk).body_html == "<p>old pipeline output</p>"


def test_rerender_stores_fresh_html_and_is_idempotent(capsys):
    post = PostFactory()
    stale(post)
    call_command("rerender")
    assert r"\(e^{i\pi} + 1 = 0\)" in Post.objects.get(pk=post.pk).body_html
    call_command("rerender")
    assert "0 of 1 posts changed." in capsys.readouterr().out
