// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Language switcher: submit on change and hide the now-redundant button.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("[data-hide-with-js]").forEach(function (el) { el.hidden = true; });
  // Close the user menu and the notification bell when clicking elsewhere or pressing Escape.
  var menus = "details.user-menu[open], details.notification-bell[open]";
  document.addEventListener("click", function (event) {
    document.querySelectorAll(menus).forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.open = false; }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll(menus).forEach(function (menu) { menu.open = false; });
    }
  });
  // Copy buttons: <button data-copy-target="#id">.
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.querySelector(button.getAttribute("data-copy-target"));
      if (!source || !navigator.clipboard) { return; }
      navigator.clipboard.writeText(source.value || source.textContent.trim()).then(function () {
        button.classList.add("copied");
        var done = button.getAttribute("data-copied-label");
        if (done) { button.textContent = done; }
      });
    });
  });
  // Confirmation for forms marked data-confirm (the server still asks on its own page without JS).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
}());
