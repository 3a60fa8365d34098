/* Comments, enhanced: reply in place, live preview, post without leaving the page.
 * Without this file everything still works through plain links and forms. */
(function () {
  "use strict";

  var script = document.currentScript;
  var mathjaxLoading = null;

  /* MathJax is loaded only when there is math to typeset. */
  function ensureMathJax() {
    if (window.MathJax && window.MathJax.startup) {
      return Promise.resolve();
    }
    if (!mathjaxLoading) {
      mathjaxLoading = new Promise(function (resolve) {
        var config = document.createElement("script");
        config.src = script.dataset.mathjaxConfig;
        config.onload = function () {
          var engine = document.createElement("script");
          engine.src = script.dataset.mathjax;
          engine.onload = function () {
            MathJax.startup.promise.then(resolve);
          };
          document.head.appendChild(engine);
        };
        document.head.appendChild(config);
      });
    }
    return mathjaxLoading;
  }

  function typeset(elements) {
    var withMath = Array.prototype.filter.call(elements, function (element) {
      return element.querySelector(".arithmatex");
    });
    if (!withMath.length) {
      return Promise.resolve();
    }
    return ensureMathJax().then(function () {
      return window.kexueTypeset(withMath);
    });
  }

  /* Members' forms carry a token; guests' (possibly cached) forms need none. */
  function csrfToken(form) {
    var field = form.elements.csrfmiddlewaretoken;
    return field ? field.value : "";
  }

  function post(url, form, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  function showErrors(form, errors) {
    var box = form.querySelector(".form-errors");
    if (!box) {
      box = document.createElement("div");
      box.className = "form-errors";
      box.setAttribute("role", "alert");
      form.insertBefore(box, form.firstChild.nextSibling);
    }
    box.textContent = "";
    Object.keys(errors).forEach(function (field) {
      errors[field].forEach(function (error) {
        var line = document.createElement("p");
        line.textContent = error.message;
        box.appendChild(line);
      });
    });
    box.hidden = false;
  }

  function clearErrors(form) {
    var box = form.querySelector(".form-errors");
    if (box) {
      box.hidden = true;
    }
  }

  /* The last comment of the thread below `parent` (itself if no replies). */
  function endOfReplies(parent) {
    var depth = Number(parent.dataset.depth);
    var last = parent;
    var next = parent.nextElementSibling;
    while (next && next.dataset.tree === parent.dataset.tree && Number(next.dataset.depth) > depth) {
      last = next;
      next = next.nextElementSibling;
    }
    return last;
  }

  function setUp(form) {
    var discussion = form.closest(".discussion");
    var home = form.parentNode;
    var homeNext = form.nextSibling;
    var parentField = form.elements.parent;
    var replying = form.querySelector("[data-replying-to]");
    var previewBox = form.querySelector("[data-preview]");
    var previewButton = form.querySelector("[data-preview-button]");
    var textarea = form.elements.body;

    function cancelReply() {
      parentField.value = "";
      replying.hidden = true;
      home.insertBefore(form, homeNext);
    }

    if (discussion) {
      discussion.addEventListener("click", function (event) {
        var link = event.target.closest("[data-reply-to]");
        if (!link) {
          return;
        }
        event.preventDefault();
        var comment = document.getElementById("comment-" + link.dataset.replyTo);
        parentField.value = link.dataset.replyTo;
        replying.hidden = false;
        comment.appendChild(form);
        textarea.focus();
      });
      form.querySelector("[data-cancel-reply]").addEventListener("click", cancelReply);
    }

    previewButton.hidden = false;
    previewButton.addEventListener("click", function () {
      var body = new FormData();
      body.append("body", textarea.value);
      post(form.dataset.previewUrl, form, body).then(function (result) {
        if (!result.ok) {
          showErrors(form, { body: [{ message: result.data.error }] });
          return;
        }
        clearErrors(form);
        previewBox.innerHTML = result.data.html; // sanitized by the server's comment pipeline
        previewBox.hidden = false;
        typeset([previewBox]);
      });
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var submit = form.querySelector("[type=submit]");
      submit.disabled = true;
      post(form.action, form, new FormData(form))
        .then(function (result) {
          if (!result.ok) {
            showErrors(form, result.data.errors || {});
            return;
          }
          clearErrors(form);
          var holder = document.createElement("div");
          holder.innerHTML = result.data.html; // rendered by the server's template
          var added = holder.firstElementChild;
          var list = document.querySelector("[data-comment-list]");
          var parent = result.data.parent && document.getElementById("comment-" + result.data.parent);
          cancelReply();
          if (parent) {
            var after = endOfReplies(parent);
            after.parentNode.insertBefore(added, after.nextSibling);
          } else {
            list.appendChild(added);
          }
          textarea.value = "";
          previewBox.hidden = true;
          previewBox.textContent = "";
          added.scrollIntoView({ block: "center" });
          return typeset(added.querySelectorAll(".math-scope"));
        })
        .finally(function () {
          submit.disabled = false;
        });
    });
  }

  /* A link from the old site (#comment-45, followed through the post's 301)
   * names the old id; when the imported comment could not keep it as its own,
   * it carries it as data-old-id. */
  function findOldAnchor() {
    var match = /^#comment-([0-9]+)$/.exec(location.hash);
    if (!match || document.getElementById("comment-" + match[1])) {
      return;
    }
    var comment = document.querySelector('[data-old-id="' + match[1] + '"]');
    if (comment) {
      comment.scrollIntoView();
    }
  }

  document.querySelectorAll("[data-comment-form]").forEach(setUp);
  findOldAnchor();
  window.addEventListener("hashchange", findOldAnchor);
  // Pages whose post has math load MathJax themselves and typeset every
  // scope, comments included; elsewhere, only comments with math need it.
  if (!window.MathJax) {
    typeset(document.querySelectorAll(".math-scope")).then(function () {
      document.documentElement.dataset.mathjax = "done";
    });
  }
})();
