from io import StringIO

import pytest
from django.core.management import call_command

from blog.models import Post
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_bench_thread_measures_a_deep_thread_and_leaves_nothing_behind():
    out = StringIO()
    call_command("bench_thread", "--comments", "60", "--repeat", "2", stdout=out)
    report = out.getvalue()
    assert "post page with 60 comments" in report
    assert "60 shown" in report
    assert "median" in report and "queries" in report
    assert Comment.objects.count() == 0 and Post.objects.count() == 0
