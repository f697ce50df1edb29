/* VinhDanh follow-up: a submit form marked data-submit-once sends once.
 *
 * A second click (or Enter) while the first request travels is ignored, and the button
 * says that the dossier is being sent. The server is idempotent anyway (one-time token);
 * this only spares a slow connection a second upload of the same request.
 */
(function () {
  "use strict";
  if (window.vdFollowupReady) return;
  window.vdFollowupReady = true;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once")) return;
    if (event.defaultPrevented) return;
    if (form.getAttribute("data-sending") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-sending", "true");
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.setAttribute("aria-busy", "true");
      var busy = button.getAttribute("data-busy-label");
      if (busy) {
        button.setAttribute("data-idle-label", button.textContent);
        button.textContent = busy;
      }
    }
  });

  // Back/forward cache: a page restored from history may be submitted again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      form.removeAttribute("data-sending");
      var button = form.querySelector("button[aria-busy]");
      if (!button) return;
      button.removeAttribute("aria-busy");
      var idle = button.getAttribute("data-idle-label");
      if (idle) button.textContent = idle;
    });
  });
})();
