"""bench_mathml: both converters run on every demo formula and the test set."""

import io
import re

from django.core.management import call_command

from kexue.devtools.management.commands.bench_mathml import demo_batches, judge, own_batch


def test_the_table_counts_every_formula_for_both_converters(mathml_worker):
    out = io.StringIO()
    call_command("bench_mathml", "--failures", stdout=out)
    report = out.getvalue()
    demo = demo_batches()
    total = sum(len(originals) for _name, originals in [*demo, own_batch()])
    assert len(demo) >= 20  # every demo post, the series' parts included
    own = len(own_batch()[1])
    assert f"{total} formulas: {len(demo)} demo posts and {own} test formulas" in report
    rows = re.findall(r"^(MathJax 4 \(Node worker\)|latex2mathml) +(\d+)/(\d+)", report, re.M)
    assert [(name, int(of)) for name, _valid, of in rows] == [
        ("MathJax 4 (Node worker)", total),
        ("latex2mathml", total),
    ]


def test_judge_tells_errors_and_leftover_tex_from_good_mathml():
    math = 'xmlns="http://www.w3.org/1998/Math/MathML"'
    assert judge(f"<math {math}><mi>x</mi></math>") == (True, True)
    assert judge(f"<math {math}><mi>\\eqref</mi></math>") == (True, False)
    assert judge(f"<math {math}><merror><mtext>Missing</mtext></merror></math>") == (False, False)
    assert judge(f"<math {math}><mi>x</mi>") == (False, False)
    assert judge(f"<div {math}></div>") == (False, False)
    assert judge(None) == (False, False)
