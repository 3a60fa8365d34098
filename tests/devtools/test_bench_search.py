"""`manage.py bench_search`: in-process timings of site search."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import PostFactory


@pytest.mark.django_db
def test_bench_search_times_each_query(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # indexed after commit
        PostFactory(title="熵", body="熵与信息瓶颈")
    out = StringIO()
    call_command("bench_search", "--repeat", "2", "--query", "熵", "--query", "无", stdout=out)
    lines = out.getvalue().splitlines()
    assert re.match(r"熵\s+1\s+\d+\.\d\s+\d+\.\d$", lines[1])
    assert re.match(r"无\s+0\s", lines[2])
    assert lines[3].startswith("Median over 4 runs:")
