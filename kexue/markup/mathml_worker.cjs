// MathJax in Node: turns the formulas of texts into MathML, for
// kexue/markup/mathml.py, which starts this worker once per process and keeps it.
//
// Protocol: one JSON request per line on stdin, the formulas of one or more
// texts (an import sends a post's comments at once),
//   {"macros": {"R": "\\mathbb{R}"}, "texts": [[{"tex": "x^2", "display": false}], ...]}
// and one JSON answer per line on stdout,
//   {"texts": [["<math ...>...</math>", null, ...], ...]}
// (null where MathJax threw). MathJax's own warnings go to stderr.
//
// The TeX configuration follows static/js/mathjax-config.js (the page's), less
// \require: a formula cannot make the server load code.
"use strict";

const path = require("path");
const readline = require("readline");

const mathjaxDir = process.argv[2];
if (!mathjaxDir) {
  process.stderr.write("usage: node mathml_worker.cjs MATHJAX_DIR\n");
  process.exit(2);
}
const MathJax = require(path.resolve(mathjaxDir));

const EXTENSIONS = ["boldsymbol", "cancel", "mathtools", "braket", "color"];

async function start() {
  const mathjax = await MathJax.init({
    loader: { load: ["input/tex", ...EXTENSIONS.map((name) => `[tex]/${name}`)] },
    tex: {
      packages: { "[+]": EXTENSIONS, "[-]": ["require", "noundefined"] },
      tags: "ams",
      macros: {},
    },
  });
  return mathjax;
}

// Each text gets a TeX state of its own: definitions made by one text's
// \newcommand or \def must not reach the next, and the site macros may have
// changed. Making a fresh TeX input costs more than converting a formula, so
// it is made only after a text that may have defined something (any command
// of the kinds that define; a false alarm costs a little time, never more).
const DEFINES = /\\[A-Za-z]*(?:def|new|New|let|Declare|global|tagform)/;
let lastMacros = null;
let dirty = true;

function freshTex(mathjax, macros) {
  const wanted = JSON.stringify(macros || {});
  if (dirty || wanted !== lastMacros) {
    mathjax.config.tex.macros = macros || {};
    mathjax.startup.getComponents();
    // texReset and the conversion methods hold the input jax they were made
    // with: make them again for the fresh one, or texReset resets the old.
    mathjax.startup.makeMethods();
    lastMacros = wanted;
    dirty = false;
  }
  mathjax.texReset();
}

async function convertText(mathjax, formulas, macros) {
  freshTex(mathjax, macros);
  const mathml = [];
  for (const formula of formulas) {
    if (DEFINES.test(formula.tex)) dirty = true;
    try {
      mathml.push(await mathjax.tex2mmlPromise(formula.tex, { display: !!formula.display }));
    } catch (error) {
      dirty = true; // a formula that threw may have left a half-made definition
      mathml.push(null);
    }
  }
  return mathml;
}

async function convert(mathjax, request) {
  const texts = [];
  for (const formulas of request.texts || []) {
    texts.push(await convertText(mathjax, formulas, request.macros));
  }
  return { texts };
}

start().then((mathjax) => {
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  // Requests are answered one at a time, in order.
  let queue = Promise.resolve();
  lines.on("line", (line) => {
    queue = queue.then(async () => {
      let answer;
      try {
        answer = await convert(mathjax, JSON.parse(line));
      } catch (error) {
        answer = { error: String(error && error.message) };
      }
      process.stdout.write(JSON.stringify(answer) + "\n");
    });
  });
  lines.on("close", () => queue.then(() => process.exit(0)));
  process.stdout.write(JSON.stringify({ ready: true }) + "\n");
});
