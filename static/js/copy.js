// "Copy" buttons of the cite block: each copies the text of the element its
// data-copy names and says so in the block's status line (role=status, read
// out by screen readers). Without the Clipboard API (an http:// page, an old
// browser) the buttons stay hidden and the text is there to select by hand.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    const source = document.getElementById(button.dataset.copy);
    const status = button.closest("section").querySelector("[data-copy-status]");
    if (!source || !status) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      // Emptied first, so copying the same thing twice is announced twice.
      status.textContent = "";
      navigator.clipboard.writeText(source.textContent).then(
        function () {
          status.textContent = status.dataset.copied;
        },
        function () {
          status.textContent = status.dataset.failed;
        },
      );
    });
  });
})();
