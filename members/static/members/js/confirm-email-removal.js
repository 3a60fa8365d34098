// Asks before an e-mail address is removed on the account's e-mail page.
(function () {
  const question = document.getElementById("confirm-email-removal");
  const removeButton = document.querySelector('button[name="action_remove"]');
  if (!question || !removeButton) return;
  removeButton.addEventListener("click", function (event) {
    if (!window.confirm(question.content.textContent.trim())) event.preventDefault();
  });
})();
