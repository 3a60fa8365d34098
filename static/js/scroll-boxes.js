/* Code and tables wider than the column scroll sideways in their own box
 * (site.css), not the page. A box that does is made a labelled region in the
 * tab order, so a reader on a keyboard can reach it and scroll it with the
 * arrow keys; a box that fits stays out of the tab order. Wide formulas get
 * the same from mathjax-config.js once they are typeset.
 */
(function () {
  var script = document.currentScript;
  var labels = { PRE: script.dataset.code, TABLE: script.dataset.table };
  var BOXES = ".post-body pre, .comment-body pre, .entry-excerpt pre, .post-body table";

  function mark() {
    document.querySelectorAll(BOXES).forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      if (wide && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", labels[box.tagName] || "");
        box.dataset.scrollBox = "";
      } else if (!wide && "scrollBox" in box.dataset) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.scrollBox;
      }
    });
  }

  var timer = null;
  document.addEventListener("DOMContentLoaded", mark);
  // A phone turned sideways, a resized window: which boxes overflow changes.
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(mark, 200);
  });
})();
