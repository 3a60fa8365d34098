"""Server-side MathML: each formula of stored HTML also carries its MathML.

Feeds, e-mails and browsers without JavaScript cannot run MathJax, so when a
text is saved every formula element (`span.arithmatex`, `div.arithmatex`) gets
the MathML of its TeX in place of the TeX, with the TeX kept whole as the
annotation:

    <span class="arithmatex"><math xmlns="…"><semantics><mrow>…</mrow>
    <annotation encoding="application/x-tex">\\(x^2\\)</annotation></semantics></math></span>

The page script puts the annotation back before MathJax typesets, so pages
behave as before. A formula that does not convert keeps its TeX text.

MathJax itself converts: the pages' vendored copy (static/vendor/mathjax, which
runs in Node too), so both read TeX alike. It runs in a Node worker
(`mathml_worker.cjs`) that lives as long as the process and takes one text's
formulas per request. Without Node the site still works: formulas stay TeX,
and a warning says why once.
"""

import html
import json
import logging
import os
import re
import select
import shutil
import subprocess
import threading
import time
import xml.etree.ElementTree as etree
from pathlib import Path

from django.conf import settings

from .sanitize import MATHML_NAMESPACE, clean_mathml

logger = logging.getLogger(__name__)

WORKER_SCRIPT = Path(__file__).with_name("mathml_worker.cjs")
TEX_ANNOTATION = "application/x-tex"
# Long enough for a post of a thousand formulas on a loaded machine; a worker
# that takes longer is stuck (a pathological macro) and is replaced.
START_TIMEOUT = 20.0
BATCH_TIMEOUT = 30.0

# The sanitizer writes every formula element exactly like this, its TeX as
# escaped text (so no "<" inside).
FORMULA_ELEMENT = re.compile(r'<(?P<tag>span|div) class="arithmatex">(?P<tex>[^<]*)</(?P=tag)>')
INLINE = re.compile(r"\A\\\((?P<tex>.*)\\\)\Z", re.DOTALL)
DISPLAY = re.compile(r"\A\\\[(?P<tex>.*)\\\]\Z", re.DOTALL)
ENVIRONMENT = re.compile(r"\A\\begin\{[^{}]+\}.*\\end\{[^{}]+\}\Z", re.DOTALL)


def formula_source(original):
    """(TeX for MathJax, display?) for a formula element's text, or None when
    it is not delimited the way the pipeline writes formulas."""
    if match := INLINE.match(original):
        return match.group("tex"), False
    if match := DISPLAY.match(original):
        return match.group("tex"), True
    if ENVIRONMENT.match(original):
        return original, True
    return None


class MathJaxWorker:
    """One Node process running MathJax, shared by the threads of a process."""

    def __init__(self, node, mathjax_dir):
        self.node = node
        self.mathjax_dir = mathjax_dir
        self._process = None
        self._owner = os.getpid()
        self._lock = threading.Lock()

    def convert(self, formulas, macros):
        """MathML strings (None where MathJax threw) for [(tex, display)]."""
        return self.convert_texts([formulas], macros)[0]

    def convert_texts(self, texts, macros):
        """convert() for each of several texts' formulas, in one round trip."""
        request = json.dumps(
            {
                "macros": macros,
                "texts": [
                    [{"tex": tex, "display": display} for tex, display in formulas]
                    for formulas in texts
                ],
            },
            ensure_ascii=True,  # one line, whatever the TeX holds
        )
        with self._lock:
            try:
                process = self._running()
                process.stdin.write(request + "\n")
                process.stdin.flush()
                answer = self._read_line(process, BATCH_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as error:
                self._stop()
                raise MathMLUnavailable(f"the MathJax worker failed: {error}") from error
        if "error" in answer:
            raise MathMLUnavailable(f"the MathJax worker refused a request: {answer['error']}")
        return answer["texts"]

    def _running(self):
        if self._owner != os.getpid():
            # A forked child (a gunicorn worker forked after the master rendered)
            # must not share the parent's pipes: it starts a worker of its own.
            self._process, self._owner = None, os.getpid()
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(  # noqa: S603 - our own script, no shell
                [self.node, str(WORKER_SCRIPT), str(self.mathjax_dir)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
            )
            self._read_line(self._process, START_TIMEOUT)
        return self._process

    @staticmethod
    def _read_line(process, timeout):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no answer in {timeout:.0f} s")
            readable, _, _ = select.select([process.stdout], [], [], remaining)
            if readable:
                line = process.stdout.readline()
                if not line:
                    raise OSError("the worker exited")
                return json.loads(line)

    def _stop(self):
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def close(self):
        with self._lock:
            self._stop()


class MathMLUnavailable(Exception):
    pass


_worker = None
_worker_lock = threading.Lock()
_warned = False


def worker():
    """The process's worker, or None (with one warning) when Node or MathJax is missing."""
    global _worker
    with _worker_lock:
        if _worker is None:
            node = shutil.which("node")
            directory = Path(settings.KEXUE_MATHJAX_DIR)
            if node is None:
                _warn_once("Node.js is not installed")
            elif not (directory / "package.json").exists():
                _warn_once(f"MathJax for Node is missing from {directory}")
            else:
                _worker = MathJaxWorker(node, directory)
        return _worker


def _warn_once(reason):
    global _warned
    if not _warned:
        _warned = True
        logger.warning("Formulas are stored as TeX only, without MathML: %s.", reason)


def mathml_element(original, mathml):
    """The <math> element for one formula, or None when MathJax's answer is not
    valid MathML (not XML, not a math root, or an merror inside)."""
    if mathml is None:
        return None
    try:
        root = etree.fromstring(mathml)  # noqa: S314 - MathJax's output, no DTD
    except etree.ParseError:
        return None
    if root.tag != f"{{{MATHML_NAMESPACE}}}math":
        return None
    if next(root.iter(f"{{{MATHML_NAMESPACE}}}merror"), None) is not None:
        return None
    math = clean_mathml(root)
    _drop_layout_whitespace(math)
    presentation = list(math)
    if len(presentation) == 1 and presentation[0].tag == "mrow":
        row = presentation[0]
    else:
        row = etree.Element("mrow")
        row.extend(presentation)
    for child in presentation:
        math.remove(child)
    semantics = etree.SubElement(math, "semantics")
    semantics.append(row)
    annotation = etree.SubElement(semantics, "annotation", {"encoding": TEX_ANNOTATION})
    annotation.text = original
    return math


def _drop_layout_whitespace(element):
    """MathJax indents its output; between elements that whitespace means nothing."""
    for node in element.iter():
        if len(node) and node.text is not None and not node.text.strip():
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None


def serialize(math):
    math.set("xmlns", MATHML_NAMESPACE)
    return etree.tostring(math, encoding="unicode", short_empty_elements=False)


def add_mathml(sanitized_html, macros=None):
    """The sanitized HTML with MathML in every formula element that converts."""
    return add_mathml_to_each([sanitized_html], macros)[0]


def add_mathml_to_each(sanitized_htmls, macros=None):
    """add_mathml for many texts (an import's comments) in one request to the
    worker, each text still converted with a TeX state of its own."""
    texts = [_Formulas(text) for text in sanitized_htmls]
    wanted = [text for text in texts if text.wanted]
    converter = worker() if wanted else None
    if converter is None:
        return list(sanitized_htmls)
    try:
        answers = converter.convert_texts([text.wanted for text in wanted], macros or {})
    except MathMLUnavailable as error:
        logger.warning("Formulas stored as TeX only: %s.", error)
        return list(sanitized_htmls)
    for text, mathml in zip(wanted, answers, strict=True):
        text.mathml = mathml
    return [text.with_mathml() for text in texts]


class _Formulas:
    """One sanitized text's formula elements and what MathJax made of them."""

    def __init__(self, sanitized_html):
        self.html = sanitized_html
        self.found = list(FORMULA_ELEMENT.finditer(sanitized_html))
        self.originals = [html.unescape(match.group("tex")) for match in self.found]
        self.sources = [formula_source(original) for original in self.originals]
        self.wanted = [source for source in self.sources if source is not None]
        self.mathml = []

    def with_mathml(self):
        if not self.mathml:
            return self.html
        answers = iter(self.mathml)
        pieces = []
        end = 0
        for match, original, source in zip(self.found, self.originals, self.sources, strict=True):
            math = mathml_element(original, next(answers)) if source is not None else None
            pieces.append(self.html[end : match.start()])
            if math is None:
                pieces.append(match.group(0))
            else:
                tag = match.group("tag")
                pieces.append(f'<{tag} class="arithmatex">{serialize(math)}</{tag}>')
            end = match.end()
        pieces.append(self.html[end:])
        return "".join(pieces)
