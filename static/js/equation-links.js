/* Equations you can point at, on what mathjax-config.js typesets (it sends
 * "kexue:typeset" from each scope when done).
 *
 * - Every numbered equation of a post or comment gets a permalink:
 *   #eq-<label> from its \label (a leading "eq:" dropped), else #eq-<number>;
 *   in a comment, #comment-<id>-eq-…, since each comment numbers from (1).
 *   The link shows beside the number on hover, and when it has the focus.
 * - Pointing at an \eqref (the pointer over it, or the focus on the formula
 *   that holds it) shows the equation it refers to in a small popup. Escape
 *   closes it; on a touch screen a tap toggles it, and a tap on the popup
 *   goes to the equation, as Enter does from the keyboard.
 */
(function () {
  "use strict";

  var linkLabel = document.currentScript.dataset.permalink || "";
  var HIDE_DELAY_MS = 250;
  var REFERENCE = 'a[href^="#mjx-eqn"]';
  var NUMBER_CELL = '[id^="mjx-eqn:"]';

  document.addEventListener("kexue:typeset", function (event) {
    addPermalinks(event.target);
    watchReferences(event.target);
  });

  /* ---- Permalinks ---- */

  function permalinkPrefix(scope) {
    if (scope.matches(".post-body")) {
      return "eq-";
    }
    var owner = scope.matches(".comment-body") && scope.closest("[id]");
    return owner ? owner.id + "-eq-" : null; // excerpts, sidebar: no permalinks
  }

  /* MathJax names a number cell "mjx-eqn:" + the \label, or + the number
   * when there is no label. */
  function permalinkId(prefix, cell) {
    var number = cell.textContent.replace(/^\(|\)$/g, "");
    var name = cell.id.slice("mjx-eqn:".length);
    var part = name === number ? number : name.replace(/^eq[:_-]/, "");
    return prefix + part.replace(/[^A-Za-z0-9_.:-]+/g, "-");
  }

  function addPermalinks(scope) {
    var prefix = permalinkPrefix(scope);
    if (!prefix) {
      return;
    }
    scope.querySelectorAll("mjx-container " + NUMBER_CELL).forEach(function (cell) {
      var id = permalinkId(prefix, cell);
      if (document.getElementById(id)) {
        return; // written twice in one text: the first keeps it
      }
      var container = cell.closest("mjx-container");
      var anchor = document.createElement("span");
      anchor.className = "eq-anchor";
      anchor.id = id;
      cell.insertBefore(anchor, cell.firstChild);

      var link = document.createElement("a");
      link.className = "eq-permalink";
      link.href = "#" + id;
      link.textContent = "#";
      link.setAttribute("aria-label", (linkLabel + " " + cell.textContent).trim());
      link.eqCell = cell;
      container.appendChild(link);
    });
    placePermalinks(scope);
  }

  /* Beside the number, to its left (the number sits at the right edge). */
  function placePermalinks(root) {
    root.querySelectorAll(".eq-permalink").forEach(function (link) {
      var container = link.parentNode;
      var box = container.getBoundingClientRect();
      var cell = link.eqCell.getBoundingClientRect();
      link.style.left = cell.left - box.left + container.scrollLeft + "px";
      link.style.top = cell.top - box.top + container.scrollTop + cell.height / 2 + "px";
    });
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      placePermalinks(document);
    }, 250);
  });

  /* ---- \eqref popups ---- */

  var popup = null;
  var shownFor = null; // the reference link the popup shows
  var hideTimer = null;
  var lastPointer = "mouse";

  function popupElement() {
    if (!popup) {
      popup = document.createElement("div");
      popup.className = "eqref-popup";
      popup.id = "eqref-popup";
      popup.setAttribute("role", "tooltip");
      popup.hidden = true;
      popup.addEventListener("mouseenter", keepShown);
      popup.addEventListener("mouseleave", hideSoon);
      popup.addEventListener("click", function () {
        if (shownFor) {
          var target = shownFor;
          hide();
          follow(target);
        }
      });
      document.body.appendChild(popup);
    }
    return popup;
  }

  function targetOf(link) {
    return document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
  }

  /* A copy of the whole display the reference points to, without its ids
   * (they stay unique) and out of the tab order. */
  function copyOfEquation(target) {
    var copy = target.closest("mjx-container").cloneNode(true);
    [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("*"))).forEach(function (node) {
      node.removeAttribute("id");
      node.removeAttribute("tabindex");
      node.removeAttribute("role");
      node.removeAttribute("aria-label");
    });
    copy.querySelectorAll(".eq-permalink, a").forEach(function (link) {
      if (link.classList.contains("eq-permalink")) {
        link.remove();
      } else {
        link.removeAttribute("href");
      }
    });
    copy.classList.remove("math-wide");
    return copy;
  }

  function show(link) {
    var target = targetOf(link);
    if (!target || !target.closest("mjx-container")) {
      return;
    }
    keepShown();
    var box = popupElement();
    if (shownFor !== link) {
      box.textContent = "";
      box.appendChild(copyOfEquation(target));
      shownFor = link;
    }
    box.hidden = false;
    var trigger = link.closest("mjx-container");
    trigger.setAttribute("aria-describedby", box.id);
    place(box, link.getBoundingClientRect());
  }

  /* Below the reference (above it near the bottom), inside the viewport. */
  function place(box, anchor) {
    var margin = 8;
    var width = box.offsetWidth;
    var left = Math.max(margin, Math.min(anchor.left, window.innerWidth - width - margin));
    var top = anchor.bottom + margin;
    if (top + box.offsetHeight > window.innerHeight && anchor.top - box.offsetHeight - margin > 0) {
      top = anchor.top - box.offsetHeight - margin;
    }
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function hide() {
    clearTimeout(hideTimer);
    if (popup && !popup.hidden) {
      popup.hidden = true;
      var trigger = shownFor && shownFor.closest("mjx-container");
      if (trigger) {
        trigger.removeAttribute("aria-describedby");
      }
    }
    shownFor = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY_MS);
  }

  function keepShown() {
    clearTimeout(hideTimer);
  }

  function follow(link) {
    if (targetOf(link)) {
      window.location.hash = link.getAttribute("href");
    }
  }

  function watchReferences(scope) {
    scope.querySelectorAll("mjx-container " + REFERENCE).forEach(function (link) {
      if (link.eqWatched) {
        return;
      }
      link.eqWatched = true;
      link.addEventListener("mouseenter", function () {
        if (lastPointer !== "touch") {
          show(link);
        }
      });
      link.addEventListener("mouseleave", hideSoon);
      link.addEventListener("click", function (event) {
        if (lastPointer === "touch") {
          event.preventDefault(); // a tap shows the equation; a tap on it goes there
          if (shownFor === link && !popup.hidden) {
            hide();
          } else {
            show(link);
          }
        }
      });
      var container = link.closest("mjx-container");
      if (!container.eqWatched) {
        container.eqWatched = true;
        container.addEventListener("focus", function () {
          show(container.querySelector(REFERENCE));
        });
        container.addEventListener("blur", hide);
        container.addEventListener("keydown", function (event) {
          if (event.key === "Enter" && shownFor) {
            follow(shownFor);
          }
        });
      }
    });
  }

  document.addEventListener(
    "pointerdown",
    function (event) {
      lastPointer = event.pointerType;
      var elsewhere = !(popup && popup.contains(event.target)) && !event.target.closest(REFERENCE);
      if (lastPointer === "touch" && elsewhere) {
        hide(); // a tap elsewhere closes it
      }
    },
    true
  );

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      hide();
    }
  });
})();
