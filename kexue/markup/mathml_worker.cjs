// MathJax in Node: turns the formulas of one text into MathML, for
// kexue/markup/mathml.py, which starts this worker once per process and keeps it.
//
// Protocol: one JSON request per line on stdin,
//   {"macros": {"R": "\\mathbb{R}"}, "formulas": [{"tex": "x^2", "display": false}]}
// and one JSON answer per line on stdout,
//   {"mathml": ["<math ...>...</math>", null, ...]}
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

// A fresh TeX input for each text: definitions made by one text's \newcommand
// or \def must not reach the next text, and the site macros may have changed.
function freshTex(mathjax, macros) {
  mathjax.config.tex.macros = macros || {};
  mathjax.startup.getComponents();
  mathjax.texReset();
}

async function convert(mathjax, request) {
  freshTex(mathjax, request.macros);
  const mathml = [];
  for (const formula of request.formulas || []) {
    try {
      mathml.push(await mathjax.tex2mmlPromise(formula.tex, { display: !!formula.display }));
    } catch (error) {
      mathml.push(null);
    }
  }
  return { mathml };
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
