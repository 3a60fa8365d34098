/* MathJax 4 configuration, shared by pages, comment previews and the editor.
 *
 * The Markdown pipeline marks every formula with class "arithmatex"; each
 * block of content is a "math-scope" that also carries "tex2jax_ignore", so
 * MathJax typesets marked math only, never a stray \( in ordinary text.
 * Each scope is typeset on its own with fresh equation numbers and labels, so
 * excerpts on the home page and comments never clash with each other; a
 * comment may still \eqref the labels of the post it is under.
 * After each scope, a "kexue:typeset" event bubbles from it
 * (static/js/equation-links.js adds permalinks and \eqref popups then).
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
    macros: siteMacros(document.getElementById("tex-macros")),
  },
  output: {
    // A display too wide for the column (a phone) breaks into lines; what
    // cannot break scrolls inside its own box (site.css), its number kept.
    displayOverflow: "linebreak",
    linebreaks: { inline: true, width: "100%" },
  },
  options: {
    renderActions: {
      // After compiling (20), before the output (100): see scrollMatrices.
      scrollMatrices: [
        30,
        function (mathDocument) {
          for (var math of mathDocument.math) {
            scrollMatrices(math);
          }
        },
        scrollMatrices,
      ],
    },
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
      useSafeURL();
      // As MathJax's own pageReady does: the menu first loads what its settings
      // need (assistive MathML); typesetting earlier would be redone by it,
      // wiping what equation-links.js adds.
      var menu = MathJax.startup.document.menu;
      return Promise.resolve(menu && menu.loadingPromise)
        .then(function () {
          return typesetEach(postsFirst(document.querySelectorAll(".math-scope")));
        })
        .then(function () {
          document.documentElement.dataset.mathjax = "done";
        });
    },
  },
};

/* The site's TeX macros (site settings), rendered by the server as JSON in
 * MathJax's tex.macros form: {"R": "\\mathbb{R}", "E": ["\\mathbb{E}_{#1}", 1]}.
 * The server validates them; this keeps one bad entry (or a page whose JSON
 * was tampered with) from stopping every formula: it is left out, and said so. */
function siteMacros(element) {
  var macros = {};
  var given;
  if (!element) {
    return macros;
  }
  try {
    given = JSON.parse(element.textContent);
  } catch (error) {
    console.warn("Kexue: the site's TeX macros are not valid JSON; formulas are typeset without them.");
    return macros;
  }
  if (!given || typeof given !== "object" || Array.isArray(given)) {
    return macros;
  }
  Object.keys(given).forEach(function (name) {
    if (isMacroName(name) && isMacroDefinition(given[name])) {
      macros[name] = given[name];
    } else {
      console.warn("Kexue: the site's TeX macro \\" + name + " is not in MathJax's form; it is left out.");
    }
  });
  return macros;
}

function isMacroName(name) {
  return /^(?:[A-Za-z]+|[^A-Za-z\s])$/.test(name);
}

/* "body", or [body, number of arguments 0–9, optional default for the first]. */
function isMacroDefinition(value) {
  if (typeof value === "string") {
    return true;
  }
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    value.length <= 3 &&
    typeof value[0] === "string" &&
    Number.isInteger(value[1]) &&
    value[1] >= 0 &&
    value[1] <= 9 &&
    (value.length === 2 || typeof value[2] === "string")
  );
}

/* MathJax 4 breaks a long display by narrowing table cells too, and a matrix
 * wider than the column then comes out squeezed and cut off. A display that
 * holds a matrix (a table inside the formula, beyond an equation's or align's
 * own rows) scrolls sideways instead of breaking. */
function scrollMatrices(math) {
  if (!math.display || !math.root) {
    return;
  }
  var matrix = false;
  math.root.walkTree(function (node) {
    if (node.isKind("mtable") && !isOutermostTable(node)) {
      matrix = true;
    }
  });
  if (matrix) {
    math.root.attributes.set("overflow", "scroll");
  }
}

/* The formula's own table (equation, align, gather) hangs from the root
 * through inferred rows only. */
function isOutermostTable(table) {
  for (var node = table.parent; node && !node.isKind("math"); node = node.parent) {
    if (!node.isInferred) {
      return false;
    }
  }
  return true;
}

/* Stored HTML may give a formula element its MathML (for feeds, e-mail and
 * readers without JavaScript) with the TeX as written kept in an annotation:
 * <span class="arithmatex"><math>…<annotation encoding="application/x-tex">\(x\)</annotation>…</math></span>.
 * MathJax typesets from that TeX, so numbering, labels, \eqref and the site's
 * macros work exactly as for a formula stored as TeX. */
function restoreTeX(scope) {
  scope.querySelectorAll(".arithmatex").forEach(function (formula) {
    var annotation = formula.querySelector('math annotation[encoding="application/x-tex"]');
    if (annotation) {
      formula.textContent = annotation.textContent;
    }
  });
}

var POST_SCOPES = ".post-body";
var COMMENT_SCOPES = ".comment-body, .comment-preview";
var LABEL = /\\label\s*\{([^{}]*)\}/g;

// The labels of the post on this page (label → MathJax's {tag, id}), lent to
// its comments so that a comment's \eqref{eq:x} shows the post's number and
// links to the post's equation.
var postLabels = {};

/* The post first: its labels must be known before its comments typeset. */
function postsFirst(scopes) {
  var list = Array.prototype.slice.call(scopes);
  return list
    .filter(function (scope) {
      return scope.matches(POST_SCOPES);
    })
    .concat(
      list.filter(function (scope) {
        return !scope.matches(POST_SCOPES);
      })
    );
}

/* Typeset the given elements one after another, each with its own numbering. */
function typesetEach(elements) {
  var chain = Promise.resolve();
  Array.prototype.forEach.call(elements, function (element) {
    chain = chain.then(function () {
      return typesetScope(element);
    });
  });
  return chain;
}

function typesetScope(scope) {
  restoreTeX(scope);
  MathJax.typesetClear([scope]);
  MathJax.texReset();
  if (scope.matches(COMMENT_SCOPES)) {
    lendPostLabels(scope);
  }
  return MathJax.typesetPromise([scope]).then(function () {
    if (scope.matches(POST_SCOPES)) {
      postLabels = Object.assign({}, texTags().allLabels, texTags().labels);
    }
    keepLinksOutOfHiddenMath(scope);
    markWideDisplays(scope);
    scope.dispatchEvent(new CustomEvent("kexue:typeset", { bubbles: true }));
  });
}

function texTags() {
  return MathJax.startup.input.filter(function (jax) {
    return jax.name === "TeX";
  })[0].parseOptions.tags;
}

/* A comment's own \label wins over the post's: lending a label the comment
 * defines again would make MathJax report it as defined twice. */
function lendPostLabels(scope) {
  var own = {};
  scope.querySelectorAll(".arithmatex").forEach(function (formula) {
    formula.textContent.replace(LABEL, function (whole, name) {
      own[name] = own[name.trim()] = true;
    });
  });
  var labels = texTags().allLabels;
  Object.keys(postLabels).forEach(function (name) {
    if (!own[name]) {
      labels[name] = postLabels[name];
    }
  });
}

/* Screen readers read each formula from its hidden MathML copy; the drawn
 * formula is aria-hidden. Links drawn inside it (\eqref) must then not take
 * keyboard focus either, or the focus lands on something no one can hear.
 * They still work with a pointer; the formula itself takes the focus. */
function keepLinksOutOfHiddenMath(element) {
  element.querySelectorAll("mjx-math[aria-hidden] a[href]").forEach(function (link) {
    link.setAttribute("tabindex", "-1");
  });
}

/* A display that still overflows its box after line-breaking (a long word in
 * \text{}) scrolls inside it: it is a labelled region in the tab order, so the
 * arrow keys scroll it, and site.css shades the side where more of it hides. */
var wideLabel = (document.querySelector("script[data-wide-formula]") || { dataset: {} }).dataset.wideFormula;

function markWideDisplays(scope) {
  scope.querySelectorAll('mjx-container[display="true"]').forEach(function (display) {
    var wide = display.scrollWidth > display.clientWidth + 1;
    display.classList.toggle("math-wide", wide);
    if (wide) {
      display.setAttribute("role", "region");
      display.setAttribute("tabindex", "0");
      if (wideLabel) {
        display.setAttribute("aria-label", wideLabel);
      }
    } else if (display.getAttribute("role") === "region") {
      display.removeAttribute("role");
      display.removeAttribute("aria-label");
    }
    pinNumbers(display);
  });
}

/* MathJax sets a wide display's equation numbers at the far right of the
 * formula, out of sight in a box that scrolls. They follow the box's visible
 * right edge instead, and reach their place when it is scrolled to the end. */
function pinNumbers(display) {
  var labels = display.querySelector("mjx-labels");
  if (!labels) {
    return;
  }
  var follow = function () {
    var hidden = display.scrollWidth - display.clientWidth - display.scrollLeft;
    labels.style.transform = hidden > 0 ? "translateX(" + -hidden + "px)" : "";
  };
  if (!display.kexuePinned) {
    display.kexuePinned = true;
    display.addEventListener("scroll", follow, { passive: true });
  }
  follow();
}

// A phone turned sideways, a resized window: displays that overflow change.
var resizeTimer = null;
window.addEventListener("resize", function () {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(function () {
    markWideDisplays(document);
  }, 200);
});

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

/* Every href, src and altimg that ui/safe checks passes safeURL first: in the
 * document that exists now, and in any made later (the menu makes a new one
 * when it loads assistive MathML), which copy ui/safe's methods when made. */
function useSafeURL() {
  var methods = MathJax._.ui.safe.SafeMethods.SafeMethods;
  var filterURL = methods.filterURL;
  methods.filterURL = function (safe, url) {
    return safeURL(url) === null ? null : filterURL.call(this, safe, url);
  };
  MathJax.startup.document.safe.filterMethods.filterURL = methods.filterURL;
}
