// AKMN Learn quiz attempts: autosave, offline hold, countdown. The pages work without it
// (every page submit saves). Answers go to the server with the page's sequence number and
// a rising counter. A copy of the answers stays in localStorage until the server has
// confirmed it; a Save, page or Finish button pressed while the connection is down is held
// (with a message) and sent when the connection is back. The countdown is the server's.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) { return; }
  var offlineNotice = document.documentElement.getAttribute("data-offline-hold") ||
    "You are offline. Your answers are kept on this device and will be sent when the " +
    "connection is back.";

  function notice(target, text) {
    if (!target) { return; }
    target.textContent = text;
    target.classList.add("offline");
  }
  function isOffline() { return navigator.onLine === false; }

  // A form without answers (the summary's "Submit all and finish"): held while offline.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-hold-offline]"),
    function (held) {
      var box = document.getElementById(held.getAttribute("data-hold-offline"));
      var waiting = false;
      held.addEventListener("submit", function (event) {
        if (!isOffline()) { return; }
        event.preventDefault();
        waiting = true;
        notice(box, box && box.getAttribute("data-held") || offlineNotice);
      });
      window.addEventListener("online", function () {
        if (waiting) { waiting = false; held.submit(); }
      });
    });

  var form = document.getElementById("quiz-attempt");
  if (!form) { return; }
  var url = form.getAttribute("data-autosave");
  var status = document.getElementById("save-status");
  var sequence = form.elements.sequence.value;
  var counter = parseInt(form.elements.counter.value, 10) || 0;
  var key = "akmn-quiz-" + form.getAttribute("data-attempt") + "-" + sequence;
  var timer = null, sending = null, dirty = false, closed = false;
  var held = null;  // the button pressed while offline ({name, value}), sent when back

  function say(name, extra) {
    if (!status) { return; }
    status.textContent = status.getAttribute("data-" + name) + (extra ? " " + extra : "");
    status.classList.toggle("offline", name === "offline" || name === "held");
  }
  function answers() {
    var data = new FormData(form);
    data.delete("nav");
    return data;
  }
  function fields() {
    return Array.prototype.filter.call(form.elements, function (f) {
      return f.name && /^s\d/.test(f.name);
    });
  }
  function snapshot() {
    return JSON.stringify(fields().map(function (f) {
      return (f.type === "radio" || f.type === "checkbox") ? f.checked : f.value;
    }));
  }
  function remember() {
    try { localStorage.setItem(key, snapshot()); } catch (e) { /* storage full or off */ }
  }
  function forgetIf(sent) {
    // Only the copy the server confirmed: answers changed since then stay on the device.
    try {
      if (localStorage.getItem(key) === sent) { localStorage.removeItem(key); }
    } catch (e) { /* ignore */ }
  }

  // Sends the answers; resolves "saved" when the server has them, "offline" when it could
  // not be reached (the local copy is kept), "stale" when the server holds a newer page,
  // "closed" (and follows the server) when the attempt is over.
  function send() {
    if (closed) { return Promise.resolve("closed"); }
    if (sending) { dirty = true; return sending; }
    dirty = false;
    remember();
    counter += 1;
    var data = answers();
    var sent = snapshot();
    data.set("counter", String(counter));
    say("saving");
    sending = fetch(url, { method: "POST", body: data, credentials: "same-origin",
                           headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return [response.status, body]; });
      })
      .then(function (result) {
        var body = result[1];
        sending = null;
        if (body.status === "saved") {
          forgetIf(sent);
          say("saved", body.saved_time || "");  // the server's time, in the profile's zone
          if (dirty) { return send(); }
          return "saved";
        }
        if (body.status === "closed") {
          closed = true; forgetIf(sent);
          say("closed");
          window.location.assign(body.redirect);
          return "closed";
        }
        if (status) { status.textContent = body.message; }  // stale page: server is newer
        return "stale";
      }, function () {
        sending = null;
        say(held ? "held" : "offline");
        return "offline";
      });
    return sending;
  }
  function schedule(delay) {
    remember();
    window.clearTimeout(timer);
    timer = window.setTimeout(send, delay);
  }
  function submitWith(button) {
    // The native submission, as if the button had been pressed (the server saves the page).
    var nav = document.createElement("input");
    nav.type = "hidden"; nav.name = button.name; nav.value = button.value;
    form.appendChild(nav);
    closed = true;
    form.submit();
  }
  function release() {
    if (!held) { return; }
    send().then(function (outcome) {
      if (!held || outcome === "closed") { return; }
      if (outcome === "offline") { say("held"); return; }
      var button = held; held = null;
      submitWith(button);  // saved (or stale: the server's page says what to do)
    });
  }

  form.addEventListener("change", function () { schedule(300); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") { schedule(2000); }
  });
  form.addEventListener("submit", function (event) {
    if (closed) { return; }  // the countdown's own submission
    var button = event.submitter || { name: "nav", value: "save" };
    event.preventDefault();
    window.clearTimeout(timer);
    held = { name: button.name || "nav", value: button.value || "save" };
    if (isOffline()) { remember(); say("held"); return; }
    release();  // answers confirmed first, then the page is submitted
  });
  window.addEventListener("online", function () {
    if (closed) { return; }
    if (held) { release(); } else { send(); }
  });
  window.addEventListener("offline", function () { if (held) { say("held"); } });
  window.setInterval(function () {
    if (status && status.classList.contains("offline") && !isOffline()) {
      if (held) { release(); } else { send(); }
    }
  }, 15000);

  // Answers kept on this device from before (offline, or a page left): put them back, send.
  try {
    var kept = JSON.parse(localStorage.getItem(key) || "null");
    var all = fields();
    if (kept && kept.length === all.length) {
      all.forEach(function (f, i) {
        if (f.type === "radio" || f.type === "checkbox") { f.checked = !!kept[i]; }
        else { f.value = kept[i]; }
      });
      send();
    }
  } catch (e) { /* unreadable copy: the server's answers stand */ }

  // Countdown: the server decides; this only shows the time left and submits at zero
  // (offline, the server closes the attempt at its deadline with the answers it has).
  var clock = document.getElementById("quiz-timer");
  if (clock) {
    var end = Date.now() + parseInt(clock.getAttribute("data-remaining"), 10) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      if (left === 0) {
        clock.textContent = clock.getAttribute("data-over");
        if (!closed) {
          held = { name: "nav", value: "finish" };
          if (isOffline()) { say("held"); } else { release(); }
        }
        return;
      }
      var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
      clock.textContent = clock.getAttribute("data-label") + " " + (h ? h + ":" : "") +
        (h && m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
      window.setTimeout(tick, 1000);
    };
    tick();
  }
})();
