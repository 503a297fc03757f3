// AKMN Learn quiz attempts: autosave, offline queue, countdown. The page works without it
// (every page submit saves). Answers go to the server with the page's sequence number and
// a rising counter; while offline they wait in localStorage and are sent when back online.
(function () {
  "use strict";
  var form = document.getElementById("quiz-attempt");
  if (!form || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-autosave");
  var status = document.getElementById("save-status");
  var sequence = form.elements.sequence.value;
  var counter = parseInt(form.elements.counter.value, 10) || 0;
  var key = "akmn-quiz-" + form.getAttribute("data-attempt") + "-" + sequence;
  var timer = null, sending = false, dirty = false, closed = false;

  function say(name, extra) {
    if (!status) { return; }
    status.textContent = status.getAttribute("data-" + name) + (extra ? " " + extra : "");
    status.classList.toggle("offline", name === "offline");
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
  function remember() {
    try {
      localStorage.setItem(key, JSON.stringify(fields().map(function (f) {
        return (f.type === "radio" || f.type === "checkbox") ? f.checked : f.value;
      })));
    } catch (e) { /* storage full or disabled: the server copy still counts */ }
  }
  function forget() { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }

  function send() {
    if (closed) { return; }
    if (sending) { dirty = true; return; }
    sending = true; dirty = false;
    counter += 1;
    var data = answers();
    data.set("counter", String(counter));
    say("saving");
    fetch(url, { method: "POST", body: data, credentials: "same-origin",
                 headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return [response.status, body]; });
      })
      .then(function (result) {
        var body = result[1];
        sending = false;
        if (body.status === "saved") {
          forget();
          say("saved", new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
          if (dirty) { send(); }
        } else if (body.status === "closed") {
          closed = true; forget();
          say("closed");
          window.location.assign(body.redirect);
        } else if (status) {
          status.textContent = body.message;  // stale page: the server copy is newer
        }
      })
      .catch(function () {
        sending = false;
        say("offline");
        remember();
      });
  }
  function schedule(delay) {
    remember();
    window.clearTimeout(timer);
    timer = window.setTimeout(send, delay);
  }

  form.addEventListener("change", function () { schedule(300); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") { schedule(2000); }
  });
  form.addEventListener("submit", function () { window.clearTimeout(timer); forget(); });
  window.addEventListener("online", function () { if (!closed) { send(); } });
  window.setInterval(function () {
    if (status && status.classList.contains("offline") && navigator.onLine !== false) { send(); }
  }, 15000);

  // Answers kept while offline on this page: put them back and send them.
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
  } catch (e) { forget(); }

  // Countdown: the server decides; this only shows the time left and submits at zero.
  var clock = document.getElementById("quiz-timer");
  if (clock) {
    var end = Date.now() + parseInt(clock.getAttribute("data-remaining"), 10) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      if (left === 0) {
        clock.textContent = clock.getAttribute("data-over");
        if (!closed) {
          closed = true;
          var finish = document.createElement("input");
          finish.type = "hidden"; finish.name = "nav"; finish.value = "finish";
          form.appendChild(finish);
          form.submit();
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
