// Progressive enhancement only: every page works without this file.
// Adds "Copy text" buttons to removal letters where the Clipboard API exists.
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.dataset.copy);
    if (!target) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.value || target.textContent).then(function () {
        button.textContent = button.dataset.copied || "Copied";
      });
    });
  });
});
