/* Comments, enhanced: reply in place, live preview, post without leaving the page.
 * Without this file everything still works through plain links and forms. */
(function () {
  "use strict";

  var script = document.currentScript;
  var mathjaxLoading = null;
  var PREVIEW_DELAY_MS = 400; // as the post editor's live preview (editor.js)
  var PREVIEW_PAUSE_SECONDS = 60; // when a refusal does not say how long to wait

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

  /* A form from the shared page cache carries no CSRF token and no "shown at"
   * stamp. The ticket endpoint gives both to this reader when they start
   * writing; a form made for one visitor (a member's) carries them already.
   * A stamp posts one comment: after a post, or when the server refused the
   * stamp, the next one is fetched. */
  function ticketFor(form) {
    var tokenField = form.elements.csrfmiddlewaretoken;
    var ticket = { token: tokenField ? tokenField.value : "" };
    var pending = null;

    ticket.ensure = function () {
      if (ticket.token && form.elements.started.value) {
        return Promise.resolve();
      }
      if (!pending) {
        pending = fetch(form.dataset.ticketUrl, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            if (!response.ok) {
              throw new Error("no ticket: " + response.status);
            }
            return response.json();
          })
          .then(function (data) {
            ticket.token = data.csrf_token;
            form.elements.started.value = data.started;
          })
          .finally(function () {
            pending = null;
          });
      }
      return pending;
    };
    ticket.renew = function () {
      form.elements.started.value = "";
      ticket.token = "";
      return ticket.ensure().catch(function () {});
    };
    return ticket;
  }

  function post(url, ticket, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json", "X-CSRFToken": ticket.token },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) {
        return {
          ok: response.ok,
          status: response.status,
          data: data,
          retryAfter: Number(response.headers.get("Retry-After")),
        };
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

  /* The preview follows the text as it is written, through the endpoint and
   * the limit of the Preview button. One request at a time: text typed
   * meanwhile goes when the answer is in, so the last text wins and a slow
   * answer never replaces a newer one. Refused for going too fast, it says so
   * quietly and waits out the limit's window instead of being refused at every
   * keystroke; the button still asks. */
  function livePreview(form, ticket) {
    var textarea = form.elements.body;
    var box = form.querySelector("[data-preview]");
    var note = form.querySelector("[data-preview-note]");
    var timer = null;
    var inFlight = false;
    var changedMeanwhile = false;
    var previewedText = null;
    var pausedUntil = 0;
    // Shown one after another, so a typeset never meets half-replaced content.
    var updates = Promise.resolve();

    function show(html) {
      updates = updates
        .then(function () {
          box.innerHTML = html; // sanitized by the server's comment pipeline
          box.hidden = false;
          return typeset([box]);
        })
        .catch(function () {}); // the text stays readable untypeset
    }

    function say(message) {
      note.textContent = message || "";
      note.hidden = !message;
    }

    function pause(seconds, message) {
      var wait = (seconds > 0 ? seconds : PREVIEW_PAUSE_SECONDS) * 1000;
      pausedUntil = Date.now() + wait;
      say(message);
      setTimeout(function () {
        if (Date.now() < pausedUntil) {
          return; // refused again meanwhile: that pause ends later
        }
        say("");
        refresh();
      }, wait);
    }

    function refresh(asked) {
      clearTimeout(timer);
      var text = textarea.value;
      if (inFlight) {
        changedMeanwhile = true;
        return;
      }
      if (!text.trim()) {
        clear();
        return;
      }
      if (!asked && (Date.now() < pausedUntil || text === previewedText)) {
        return;
      }
      inFlight = true;
      var body = new FormData();
      body.append("body", text);
      ticket
        .ensure()
        .then(function () {
          return post(form.dataset.previewUrl, ticket, body);
        })
        .then(function (result) {
          if (result.status === 429) {
            pause(result.retryAfter, result.data.error);
            return;
          }
          if (!result.ok) {
            if (result.status === 403) {
              ticket.renew();
            }
            say(result.data.error);
            return;
          }
          pausedUntil = 0; // answered: the limit no longer holds (the button may ask during a pause)
          say("");
          previewedText = text;
          if (textarea.value.trim()) {
            show(result.data.html);
          }
        })
        .catch(function () {}) // no answer, or not JSON: the next change asks again
        .finally(function () {
          inFlight = false;
          if (changedMeanwhile) {
            changedMeanwhile = false;
            refresh();
          }
        });
    }

    function clear() {
      clearTimeout(timer);
      previewedText = null;
      updates = updates.then(function () {
        box.hidden = true;
        box.textContent = "";
      });
    }

    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, PREVIEW_DELAY_MS);
    });
    return {
      now: function () {
        refresh(true);
      },
      clear: clear,
    };
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
    var replyingName = form.querySelector("[data-replying-name]");
    var previewButton = form.querySelector("[data-preview-button]");
    var status = form.querySelector("[data-form-status]");
    var textarea = form.elements.body;
    var ticket = ticketFor(form);
    var preview = livePreview(form, ticket);

    function prepareTicket() {
      ticket.ensure().catch(function () {}); // tried again when the form is sent
    }
    form.addEventListener("focusin", prepareTicket);
    form.addEventListener("input", prepareTicket);

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
        replyingName.textContent = comment.querySelector(".comment-author").textContent;
        replyingName.href = "#" + comment.id;
        replying.hidden = false;
        comment.appendChild(form);
        textarea.focus();
      });
      form.querySelector("[data-cancel-reply]").addEventListener("click", cancelReply);
    }

    previewButton.hidden = false;
    previewButton.addEventListener("click", preview.now);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var submit = form.querySelector("[type=submit]");
      submit.disabled = true;
      ticket
        .ensure()
        .then(
          function () {
            return post(form.dataset.postUrl, ticket, new FormData(form));
          },
          function () {
            // No ticket (the endpoint is unreachable): send the form as a page
            // would without this script, to the confirm page.
            form.submit();
            return { ok: false, data: {}, sentAsPage: true };
          },
        )
        .then(function (result) {
          if (result.sentAsPage) {
            return;
          }
          if (!result.ok) {
            var errors = result.data.errors || {};
            showErrors(form, errors);
            if (errors.started || result.status === 403) {
              ticket.renew(); // by the time they post again, it is old enough
            }
            return;
          }
          form.elements.started.value = ""; // spent by this comment
          clearErrors(form);
          status.textContent = result.data.message;
          status.hidden = !result.data.message;
          var heading = document.getElementById("comments-heading");
          if (heading) {
            heading.textContent = result.data.heading;
          }
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
          preview.clear();
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
