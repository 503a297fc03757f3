// Lesson editor: a live preview beside the Preview button (which works without this file).
(function () {
  "use strict";
  var field = document.querySelector("textarea[data-preview-url]");
  var section = document.getElementById("preview");
  var target = document.getElementById("live-preview");
  if (!field || !section || !target || !window.fetch) { return; }
  var form = field.form;
  var token = form.querySelector("input[name=csrf_token]");
  var timer = null;
  var last = null;
  function refresh() {
    var text = field.value;
    if (text === last) { return; }
    last = text;
    var data = new FormData();
    data.append("body", text);
    fetch(field.getAttribute("data-preview-url"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-CSRFToken": token ? token.value : ""}
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html === null) { return; }
      // The server returns sanitised HTML (the same renderer as the lesson page).
      target.innerHTML = html;
      section.hidden = false;
    }).catch(function () { /* keep the last preview; the Preview button still works */ });
  }
  field.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 700);
  });
  if (field.value) { refresh(); }
})();
