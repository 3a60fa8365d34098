/* MathJax 3 configuration, shared by pages, comment previews and the editor.
 *
 * The Markdown pipeline marks every formula with class "arithmatex"; each
 * block of content is a "math-scope" that also carries "tex2jax_ignore", so
 * MathJax typesets marked math only, never a stray \( in ordinary text.
 * Each scope is typeset on its own with fresh equation numbers and labels, so
 * excerpts on the home page and comments never clash with each other.
 */
window.MathJax = {
  // Extensions are loaded up front: one autoloaded mid-formula restarts that
  // formula and loses the \eqref targets numbered before it.
  loader: { load: ["ui/safe", "[tex]/boldsymbol", "[tex]/cancel", "[tex]/mathtools", "[tex]/braket", "[tex]/color"] },
  tex: {
    packages: { "[+]": ["boldsymbol", "cancel", "mathtools", "braket", "color"] },
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: false,
    processEnvironments: true,
    tags: "ams",
  },
  options: {
    ignoreHtmlClass: "tex2jax_ignore",
    processHtmlClass: "arithmatex",
    // ui/safe: \href, \class, \style, \unicode from untrusted TeX stay harmless.
    safeOptions: {
      allow: { URLs: "safe", classes: "safe", cssIDs: "safe", styles: "safe" },
      // Equation ids are "mjx-eqn:" + label, and labels like eq:gauss hold
      // colons; the default pattern would drop them and break \eqref links.
      idPattern: /^mjx-[-a-zA-Z0-9_.:]+$/,
    },
  },
  startup: {
    typeset: false,
    pageReady: function () {
      return typesetEach(document.querySelectorAll(".math-scope")).then(function () {
        document.documentElement.dataset.mathjax = "done";
      });
    },
  },
};

/* Typeset the given elements one after another, each with its own numbering. */
function typesetEach(elements) {
  var chain = Promise.resolve();
  Array.prototype.forEach.call(elements, function (element) {
    chain = chain.then(function () {
      MathJax.typesetClear([element]);
      MathJax.texReset();
      return MathJax.typesetPromise([element]).then(function () {
        keepLinksOutOfHiddenMath(element);
      });
    });
  });
  return chain;
}

/* Screen readers read each formula from its hidden MathML copy; the drawn
 * formula is aria-hidden. Links drawn inside it (\eqref) must then not take
 * keyboard focus either, or the focus lands on something no one can hear.
 * They still work with a pointer. */
function keepLinksOutOfHiddenMath(element) {
  element.querySelectorAll("mjx-math[aria-hidden] a[href]").forEach(function (link) {
    link.setAttribute("tabindex", "-1");
  });
}

/* For previews: typeset new content once MathJax has started. */
window.kexueTypeset = function (elements) {
  return MathJax.startup.promise.then(function () {
    return typesetEach(elements);
  });
};
