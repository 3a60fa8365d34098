/* The reader's light or dark theme, remembered in this browser.
 *
 * Loaded in <head> without defer, so it runs before the body is parsed: the
 * stored choice is on <html data-theme="…"> before the first paint, and no
 * page shows the wrong theme first. Without a stored choice there is no
 * attribute and site.css follows the system (prefers-color-scheme).
 * The choice lives in localStorage, not in a cookie, so the pages the shared
 * cache serves stay the same for every reader (docs/design.md says why).
 */
(function () {
  var KEY = "kexue-theme";
  var root = document.documentElement;
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "dark" || value === "light" ? value : null;
    } catch (error) {
      return null; // storage refused (a privacy setting): follow the system
    }
  }

  function apply(theme) {
    if (theme) {
      root.setAttribute("data-theme", theme);
    } else {
      root.removeAttribute("data-theme");
    }
  }

  // The theme in use: the one on <html>, or else the system's.
  function current() {
    return root.getAttribute("data-theme") || (systemDark.matches ? "dark" : "light");
  }

  apply(stored());
  // The toggle shows only where this script runs (site.css).
  root.setAttribute("data-theme-script", "");

  document.addEventListener("DOMContentLoaded", function () {
    var toggles = document.querySelectorAll("[data-theme-toggle]");
    var show = function () {
      var dark = String(current() === "dark");
      toggles.forEach(function (toggle) {
        toggle.setAttribute("aria-pressed", dark);
      });
    };
    toggles.forEach(function (toggle) {
      toggle.addEventListener("click", function () {
        var chosen = current() === "dark" ? "light" : "dark";
        try {
          window.localStorage.setItem(KEY, chosen);
        } catch (error) {
          // Not remembered, but this page still changes.
        }
        apply(chosen);
        show();
      });
    });
    systemDark.addEventListener("change", show);
    // Another tab of the site changed it.
    window.addEventListener("storage", function (event) {
      if (event.key === KEY) {
        apply(stored());
        show();
      }
    });
    show();
  });
})();
