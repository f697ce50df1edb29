/* VinhDanh: upload forms with a progress bar (dossier documents and photos).
 *
 *   <form data-upload data-max-bytes="20971520" data-too-large="…" data-failed="…"
 *         enctype="multipart/form-data" method="post" action="…">
 *     <input type="file" …> <progress class="upload-progress" hidden></progress>
 *     <p class="upload-error" hidden></p> <button type="submit">…</button>
 *   </form>
 *
 * With JavaScript the form is sent with XMLHttpRequest so the <progress> element can show
 * how much has been sent (useful on a weak connection). The server answers such requests
 * with JSON {"redirect": url}; the page then goes there and shows the server's message.
 * Files larger than data-max-bytes are refused before sending anything. Without
 * JavaScript, or when anything unexpected happens, the form is submitted the normal way.
 */
(function () {
  "use strict";

  if (!window.FormData || !window.XMLHttpRequest || !window.URL) return;

  function tooLarge(form) {
    var limit = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
    if (!limit) return false;
    var inputs = form.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i++) {
      var files = inputs[i].files || [];
      for (var j = 0; j < files.length; j++) {
        if (files[j].size > limit) return true;
      }
    }
    return false;
  }

  function showError(form, text) {
    var box = form.querySelector(".upload-error");
    if (!box) return;
    box.textContent = text || "";
    box.hidden = !text;
  }

  function setBusy(form, busy) {
    var buttons = form.querySelectorAll("button[type=submit], input[type=submit]");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = busy;
    form.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function go(url) {
    // Going to the same page with only another #fragment would not reload it, and the
    // page must reload to show the new file and the server's message.
    var target = new URL(url, window.location.href);
    var here = window.location;
    if (target.pathname === here.pathname && target.search === here.search) {
      if (target.hash) here.hash = target.hash;
      here.reload();
    } else {
      here.assign(target.href);
    }
  }

  function fallback(form) {
    // HTMLFormElement.submit() does not fire "submit" again, so this cannot loop.
    setBusy(form, false);
    form.submit();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-upload")) return;
    if (event.defaultPrevented) return;
    event.preventDefault();
    showError(form, "");

    if (tooLarge(form)) {
      showError(form, form.getAttribute("data-too-large"));
      return;
    }

    var progress = form.querySelector("progress.upload-progress");
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.setRequestHeader("Accept", "application/json");

    if (progress && request.upload) {
      progress.value = 0;
      progress.hidden = false;
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          progress.max = e.total;
          progress.value = e.loaded;
        } else {
          progress.removeAttribute("value");
        }
      });
    }

    request.addEventListener("load", function () {
      var answer = null;
      try {
        answer = JSON.parse(request.responseText);
      } catch (error) {
        answer = null;
      }
      if (answer && answer.redirect) {
        go(answer.redirect);
        return;
      }
      fallback(form);
    });

    request.addEventListener("error", function () {
      if (progress) progress.hidden = true;
      setBusy(form, false);
      showError(form, form.getAttribute("data-failed"));
    });

    setBusy(form, true);
    request.send(new FormData(form));
  });
})();
