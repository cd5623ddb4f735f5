// sincere's only script of its own: no inline script anywhere (the Content-Security-Policy
// forbids them). It sends the CSRF token with every htmx request, asks before the forms
// marked data-confirm (revoke a link, merge two people) are sent, and lets files be dropped on
// the Import page's [data-dropzone] (a plain file input without it).
(function () {
  "use strict";

  function token() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = token();
  });

  // Drag and drop onto the Import page: the dropped files become the file input's, so the form
  // is sent as if they had been picked. File names are shown as text, never as HTML.
  function showChosen(zone, files) {
    var list = zone.querySelector("[data-chosen]");
    if (!list) {
      return;
    }
    list.textContent = "";
    for (var i = 0; i < files.length; i++) {
      var item = document.createElement("li");
      item.textContent = files[i].name;
      list.appendChild(item);
    }
  }

  function enhanceDropzone(zone) {
    var input = zone.querySelector('input[type="file"]');
    if (!input) {
      return;
    }
    var hint = zone.querySelector("[data-drop-hint]");
    if (hint) {
      hint.hidden = false;
    }
    input.addEventListener("change", function () {
      showChosen(zone, input.files);
    });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "dragend"].forEach(function (name) {
      zone.addEventListener(name, function () {
        zone.classList.remove("dragging");
      });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("dragging");
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) {
        return;
      }
      input.files = files;
      showChosen(zone, input.files);
    });
  }

  function enhanceDropzones() {
    var zones = document.querySelectorAll("[data-dropzone]");
    if (!zones.length) {
      return;
    }
    // A file dropped beside the zone would replace the page with the file: not here.
    ["dragover", "drop"].forEach(function (name) {
      window.addEventListener(name, function (event) {
        event.preventDefault();
      });
    });
    for (var i = 0; i < zones.length; i++) {
      enhanceDropzone(zones[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceDropzones);
  } else {
    enhanceDropzones();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
