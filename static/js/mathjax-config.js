/* MathJax 4 configuration, shared by pages, comment previews and the editor.
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
  loader: {
    load: ["ui/safe", "[tex]/boldsymbol", "[tex]/cancel", "[tex]/mathtools", "[tex]/braket", "[tex]/color"],
    // The font (woff2 files and the data for rarer characters) sits beside
    // MathJax in static/vendor/; MathJax 4 would otherwise fetch it from a CDN,
    // which the Content-Security-Policy (font-src 'self') refuses.
    paths: { fonts: "[mathjax]/.." },
  },
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
    // Screen readers get each formula's hidden MathML copy, as with MathJax 3.
    // MathJax 4's speech and Braille run in a worker made from a blob: URL,
    // which script-src 'self' forbids, so they stay off (and are not vendored).
    menuOptions: {
      settings: { assistiveMml: true, enrich: false, speech: false, braille: false, collapsible: false },
    },
    // ui/safe: \href, \class, \style, \unicode from untrusted TeX stay harmless.
    safeOptions: {
      allow: { URLs: "safe", classes: "safe", cssIDs: "safe", styles: "safe" },
      // Equation ids are "mjx-eqn:" + label, and labels like eq:gauss hold
      // colons; the default pattern would drop them and break \eqref links.
      idPattern: /^mjx-[-a-zA-Z0-9_.:]+$/,
      // The link schemes the server allows (kexue/safe_urls.py); see safeURL below.
      safeProtocols: { http: true, https: true, mailto: true, file: false },
    },
  },
  startup: {
    typeset: false,
    pageReady: function () {
      useSafeURL(MathJax.startup.document);
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

/* --- Links in formulas: safeURL --------------------------------------------
 * ui/safe reads a URL as written, but the browser then drops tabs and newlines
 * from it and ignores control characters and spaces around it, so
 * "jav\tascript:" passed ui/safe and ran. safeURL judges a URL the way the
 * server does (kexue/safe_urls.py, which has already neutralised such links
 * in stored text: this is the second line): with every whitespace and control
 * character removed, only http, https, mailto or a link within the site. */
function safeURL(url) {
  var compact = String(url).replace(/[\s\p{C}\p{Z}]/gu, "");
  var scheme = /^([a-z][a-z0-9+.\-]*):/i.exec(compact);
  return !scheme || /^(https?|mailto)$/i.test(scheme[1]) ? url : null;
}

/* Every href, src and altimg that ui/safe checks passes safeURL first. */
function useSafeURL(mathDocument) {
  var methods = mathDocument.safe.filterMethods;
  var filterURL = methods.filterURL;
  methods.filterURL = function (safe, url) {
    return safeURL(url) === null ? null : filterURL.call(this, safe, url);
  };
}
