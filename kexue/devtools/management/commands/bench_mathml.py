"""Compare TeX-to-MathML converters on the formulas the site really holds.

Each demo post is one batch (as a save is), and a batch of the hand-written
formulas in kexue/devtools/mathml_formulas.tex covers the extensions the pages
load. A conversion is valid when it parses as XML, its root is <math> and it
holds no <merror>; it is also faithful when no TeX command is left in its text
(a converter that does not know \\eqref writes "\\eqref" as a variable).
Prints one row per converter: formulas, valid and faithful shares, time per
post, and the time to start.
"""

import html
import re
import statistics
import time
import xml.etree.ElementTree as etree
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kexue.markup import mathml, render_post
from kexue.markup.sanitize import MATHML_NAMESPACE

POSTS = Path(__file__).resolve().parents[3] / "sitewide" / "demo" / "posts"
OWN_FORMULAS = Path(__file__).resolve().parents[2] / "mathml_formulas.tex"


def demo_batches():
    """[(name, [original TeX, ...])] for each demo post with formulas."""
    batches = []
    for path in sorted(POSTS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)  # front matter
        # The TeX as the pipeline marks it, before any MathML is made of it.
        stored = render_post(body, mathml=False)[0]
        originals = [html.unescape(m.group("tex")) for m in mathml.FORMULA_ELEMENT.finditer(stored)]
        if originals:
            batches.append((path.stem, originals))
    return batches


def own_batch():
    lines = [
        line
        for line in OWN_FORMULAS.read_text(encoding="utf-8").splitlines()
        if not line.startswith("%")
    ]
    blocks = [block.strip() for block in "\n".join(lines).split("\n\n")]
    return "own formulas", [block for block in blocks if block]


TEX_COMMAND = re.compile(r"\\[A-Za-z]+")


def judge(markup):
    """(valid, faithful): parses as XML with a math root and no merror; and
    no TeX command left in the text."""
    if markup is None:
        return False, False
    try:
        root = etree.fromstring(markup)  # noqa: S314 - the converters' output
    except etree.ParseError:
        return False, False
    math = f"{{{MATHML_NAMESPACE}}}"
    valid = root.tag == f"{math}math" and next(root.iter(f"{math}merror"), None) is None
    return valid, valid and not TEX_COMMAND.search("".join(root.itertext()))


def mathjax_converter():
    worker = mathml.worker()
    if worker is None:
        return None
    worker.close()  # rendering the demo posts started it: the first call here starts it again

    def convert(originals):
        sources = [mathml.formula_source(original) for original in originals]
        answers = iter(worker.convert([source for source in sources if source], {}))
        return [next(answers) if source else None for source in sources]

    return convert


def latex2mathml_converter():
    try:
        from latex2mathml.converter import convert as latex2mathml  # test extras only
    except ImportError:
        return None

    def convert(originals):
        results = []
        for original in originals:
            source = mathml.formula_source(original)
            if source is None:
                results.append(None)
                continue
            tex, display = source
            try:
                results.append(latex2mathml(tex, display="block" if display else "inline"))
            except Exception:  # noqa: BLE001 - any failure is a failed conversion
                results.append(None)
        return results

    return convert


class Command(BaseCommand):
    help = (
        "Converts every formula of the demo posts and a varied test set with MathJax "
        "(Node) and latex2mathml; prints the valid share and the time per post."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--failures", action="store_true", help="list the formulas each converter fails on"
        )

    def handle(self, *args, failures=False, **options):
        batches = [*demo_batches(), own_batch()]
        converters = {"MathJax 4 (Node worker)": mathjax_converter()}
        converters["latex2mathml"] = latex2mathml_converter()
        missing = [name for name, convert in converters.items() if convert is None]
        if missing:
            raise CommandError(
                f"Not installed: {', '.join(missing)} (Node.js: apt-get install nodejs; "
                "latex2mathml: make install)."
            )
        total = sum(len(originals) for _name, originals in batches)
        self.stdout.write(
            f"{total} formulas: {len(batches) - 1} demo posts and "
            f"{len(batches[-1][1])} test formulas\n"
        )
        rows = []
        failed = {}
        for name, convert in converters.items():
            started = time.perf_counter()
            convert(["\\(x\\)"])  # the first call starts the worker: timed apart
            startup = time.perf_counter() - started
            valid, faithful, seconds = 0, 0, []
            for batch, originals in batches:
                started = time.perf_counter()
                results = convert(originals)
                seconds.append(time.perf_counter() - started)
                for original, markup in zip(originals, results, strict=True):
                    is_valid, is_faithful = judge(markup)
                    valid += is_valid
                    faithful += is_faithful
                    if not is_faithful:
                        failed.setdefault(name, []).append((batch, original))
            rows.append((name, valid, faithful, startup, seconds))
        self.stdout.write(
            f"{'converter':<24} {'valid':>14} {'faithful':>14} {'ms/post mean':>13} "
            f"{'ms/post max':>12} {'start ms':>9}"
        )
        for name, valid, faithful, startup, seconds in rows:
            self.stdout.write(
                f"{name:<24} {f'{valid}/{total} {valid / total:.1%}':>14} "
                f"{f'{faithful}/{total} {faithful / total:.1%}':>14} "
                f"{statistics.mean(seconds) * 1000:>13.1f} {max(seconds) * 1000:>12.1f} "
                f"{startup * 1000:>9.0f}"
            )
        if failures:
            for name, cases in failed.items():
                self.stdout.write(f"\n{name} fails on {len(cases)}:")
                for batch, original in cases:
                    self.stdout.write(f"  [{batch}] {original[:120]!r}")
