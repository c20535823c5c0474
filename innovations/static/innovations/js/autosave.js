/* Autosave and unsaved changes for a proposal step (progressive enhancement).

   While the operator types, the step's form is posted in the background (autosave=1)
   to the same URL as the Save button: the server binds the same form and calls the same
   service, and answers in JSON. The form carries a fingerprint ("base") of the fields
   as they were opened; when another tab saved newer text the server refuses and says
   so, and this script stops saving in the background. A link of the step menu saves
   first, then leaves. Leaving (closing, reloading, another link) with edits that are not
   saved asks first; saving and submitting the form do not. Without JavaScript the Save
   buttons do the same work. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-unsaved-warning]");
  if (!form) { return; }
  var message = form.getAttribute("data-unsaved-warning");
  var statusBox = form.querySelector("[data-autosave-status]");
  var baseInput = form.querySelector("input[name=base]");
  var enabled = form.hasAttribute("data-autosave") && window.fetch && window.FormData;
  var IDLE_MS = 1500;      // save this long after the last keystroke
  var MAX_WAIT_MS = 15000; // and at least this often while typing on
  var RETRY_MS = 10000;    // after a failed connection

  function serialise() {
    var data = new FormData(form);
    data.delete("base");
    data.delete("csrfmiddlewaretoken");
    return new URLSearchParams(data).toString();
  }
  var saved = serialise();
  var submitting = false;
  var inFlight = null;
  var timer = null;
  var firstChange = 0;
  var stopped = false;  // after a conflict: only the Save button decides

  function dirty() { return !submitting && serialise() !== saved; }
  function say(text, kind) {
    if (!statusBox) { return; }
    statusBox.textContent = text || "";
    statusBox.className = "autosave-status" + (kind ? " autosave-status--" + kind : "");
  }

  function markFields(errors) {
    form.querySelectorAll("[data-field]").forEach(function (box) {
      var name = box.getAttribute("data-field");
      var old = box.querySelector(".autosave-error");
      if (old) { old.remove(); }
      if (errors && errors[name]) {
        var p = document.createElement("p");
        p.className = "autosave-error";
        p.textContent = errors[name].join(" ");
        box.appendChild(p);
      }
    });
  }

  function save() {
    clearTimeout(timer);
    timer = null;
    if (inFlight) { return inFlight; }
    if (!enabled || stopped || !dirty()) { return Promise.resolve(!dirty()); }
    var snapshot = serialise();
    var data = new FormData(form);
    data.append("autosave", "1");
    say(form.getAttribute("data-autosave-saving"), "saving");
    inFlight = fetch(form.action || window.location.href, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        return [0, {}];  // signed out meanwhile: the sign-in page answered
      }
      return response.json().then(function (body) { return [response.status, body]; });
    }).then(function (result) {
      var status = result[0], body = result[1];
      if (status === 0) {
        stopped = true;
        say(form.getAttribute("data-autosave-signed-out"), "error");
        return false;
      }
      if (status === 200) {
        if (baseInput && body.base) { baseInput.value = body.base; }
        saved = snapshot;
        markFields(body.errors);
        var partial = body.errors && Object.keys(body.errors).length;
        say(body.message, partial ? "warning" : "saved");
        if (partial) { saved = ""; }  // the invalid fields are not saved yet
        return !partial && serialise() === snapshot;
      }
      if (status === 409) {
        // Newer text was saved elsewhere: stop here, let the operator decide.
        stopped = true;
        if (baseInput && body.base) { baseInput.value = body.base; }
        say(body.message, "error");
        return false;
      }
      markFields(body.errors);
      say(body.message, "error");
      return false;
    }, function () {
      say(form.getAttribute("data-autosave-offline"), "error");
      timer = setTimeout(save, RETRY_MS);
      return false;
    }).then(function (ok) {
      inFlight = null;
      firstChange = 0;
      if (!ok || stopped) { return ok; }
      if (dirty()) { schedule(); }  // typed on while saving
      return ok;
    });
    return inFlight;
  }

  function schedule() {
    if (!enabled || stopped) { return; }
    var now = Date.now();
    if (!firstChange) { firstChange = now; }
    clearTimeout(timer);
    var wait = Math.min(IDLE_MS, Math.max(0, firstChange + MAX_WAIT_MS - now));
    timer = setTimeout(save, wait);
  }

  function changed() {
    if (!dirty()) { return; }
    if (!stopped) { say(form.getAttribute("data-autosave-pending"), "pending"); }
    schedule();
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // Save / Save and continue: wait for a background save under way, so the form is
  // posted with the fingerprint that save returned (no false "saved elsewhere").
  form.addEventListener("submit", function (event) {
    if (inFlight) {
      event.preventDefault();
      var submitter = event.submitter;
      inFlight.then(function () {
        if (form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
      });
      return;
    }
    clearTimeout(timer);
    submitting = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty()) {
      event.preventDefault();
      event.returnValue = message;  // older browsers show their own text
      return message;
    }
  });

  // The step menu and the breadcrumb: save first, then leave; if saving fails, ask.
  document.querySelectorAll("a[data-step-link], .breadcrumb a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!dirty() || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      event.preventDefault();
      var leave = function () { submitting = true; window.location.href = link.href; };
      // A save under way may have started before the last keystrokes: save once more.
      save().then(function () { return dirty() && !stopped ? save() : !dirty(); })
        .then(function (ok) {
          if (ok || window.confirm(message)) { leave(); }
        });
    });
  });
})();
