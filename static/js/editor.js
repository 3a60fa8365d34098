/* The post editor in the admin: a live preview beside the Markdown source,
 * rendered by the server's post pipeline and typeset with the site's MathJax
 * configuration, so the editor sees what readers will get. Tab indents in the
 * source (Esc, then Tab, leaves it); Ctrl/Cmd+S saves and continues editing. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 400;
  var INDENT = "    ";

  var source = document.getElementById("id_body");
  var preview = document.getElementById("editor-preview");
  if (!source || !preview) {
    return; // a read-only view of the post: nothing to edit
  }
  var form = source.form;
  var output = preview.querySelector("[data-preview-output]");
  var status = preview.querySelector("[data-preview-status]");

  /* Side by side: the source's form row and the preview share a grid, which
   * editor.css stacks on narrow screens. */
  var row = source.closest(".form-row");
  var editor = document.createElement("div");
  editor.className = "editor";
  row.parentNode.insertBefore(editor, row);
  editor.appendChild(row);
  editor.appendChild(preview);
  preview.hidden = false;

  var latest = 0;
  // Updates are applied one after another, so a typeset never meets half-replaced content.
  var updates = Promise.resolve();

  function show(request, html) {
    updates = updates
      .then(function () {
        if (request !== latest) {
          return null; // a newer text is on its way
        }
        output.innerHTML = html; // sanitized by the server's post pipeline
        return window.kexueTypeset([output]);
      })
      .then(
        function () {
          if (request === latest) {
            status.textContent = "";
          }
        },
        function () {
          if (request === latest) {
            status.textContent = preview.dataset.failed;
          }
        }
      );
  }

  function refresh() {
    var request = ++latest;
    var body = new FormData();
    body.append("body", source.value);
    status.textContent = preview.dataset.updating;
    fetch(preview.dataset.previewUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("preview answered " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        show(request, data.html);
      })
      .catch(function () {
        if (request === latest) {
          status.textContent = preview.dataset.failed;
        }
      });
  }

  var timer = null;
  source.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, DEBOUNCE_MS);
  });
  // A post being edited, or one sent back with errors, opens with its text.
  if (source.value.trim()) {
    refresh();
  }

  function insertIndent() {
    // insertText keeps the browser's undo history; setRangeText is for browsers without it.
    if (!document.execCommand("insertText", false, INDENT)) {
      source.setRangeText(INDENT, source.selectionStart, source.selectionEnd, "end");
      source.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  /* Tab indents, which would trap keyboard users in the field: Esc first lets
   * the next Tab move on, as does Shift+Tab (backwards). */
  var escaped = false;
  source.addEventListener("focus", function () {
    escaped = false;
  });
  source.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      escaped = true;
      return;
    }
    var plainTab = event.key === "Tab" && !(event.shiftKey || event.ctrlKey || event.altKey || event.metaKey);
    if (plainTab && !escaped) {
      event.preventDefault();
      insertIndent();
    }
    escaped = false;
  });

  document.addEventListener("keydown", function (event) {
    var save = form.querySelector("[name=_continue]");
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s" && save) {
      event.preventDefault();
      form.requestSubmit(save);
    }
  });
})();
