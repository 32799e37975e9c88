// Ticket page: macro insertion, typing state for the collision warning, leaving.
// No inline scripts (CSP script-src 'self'); htmx does the requests.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var TYPING_FOR_MS = 15000;
  var typingTimer = null;

  function editor() { return document.getElementById("reply-body"); }
  function stateInput() { return document.getElementById("presence-state"); }

  function insertAtCursor(textarea, text) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var value = textarea.value;
    if (typeof start !== "number") { start = end = value.length; }
    var before = value.slice(0, start), after = value.slice(end);
    var sep = before && !/\n$/.test(before) ? "\n" : "";
    textarea.value = before + sep + text + after;
    var caret = (before + sep + text).length;
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // The macro endpoint answers with plain text (hx-swap="none"): put it in the editor.
  document.addEventListener("htmx:afterRequest", function (event) {
    var el = event.detail.elt;
    if (!el || !el.matches || !el.matches("[data-macro-picker]")) { return; }
    if (event.detail.successful && editor()) {
      insertAtCursor(editor(), event.detail.xhr.responseText);
    }
    el.value = "";
  });

  function setState(state) {
    var input = stateInput();
    if (!input || input.value === state) { return; }
    input.value = state;
    var box = document.getElementById("presence");
    if (box && window.htmx) { window.htmx.trigger(box, "fd-typing"); }
  }

  document.addEventListener("input", function (event) {
    if (event.target !== editor()) { return; }
    setState("typing");
    if (typingTimer) { clearTimeout(typingTimer); }
    typingTimer = setTimeout(function () { setState("viewing"); }, TYPING_FOR_MS);
  });

  // After a refused form the page comes back at the form (#section in its action): open
  // the section, then put the cursor in the first field at fault (or on the message),
  // so the error is where the user is looking. A link to a folded message opens it.
  function openAround(el) {
    for (var node = el; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
  }

  function showProblem() {
    var invalid = document.querySelector(".ticket-page [aria-invalid=true]");
    var alert = document.querySelector(".ticket-page .form-error, #editor .collision");
    var target = invalid || alert;
    if (!target) { return false; }
    openAround(target);
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    return true;
  }

  function showTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) { return; }
    openAround(el);
    el.scrollIntoView({ block: "start" });
  }

  // After the load: the browser's own move to the #section (which also moves the focus
  // to the page) is done by then, and must not undo ours.
  function start() {
    setTimeout(function () { if (!showProblem()) { showTarget(); } }, 0);
  }
  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start);
  }
  window.addEventListener("hashchange", showTarget);

  // Say goodbye when the page goes away, so colleagues stop seeing us at once.
  window.addEventListener("pagehide", function () {
    var box = document.getElementById("presence");
    var url = box && box.getAttribute("data-leave-url");
    var csrf = document.body.getAttribute("data-csrf");
    if (!url || !csrf || !navigator.sendBeacon) { return; }
    var data = new FormData();
    data.append("state", "left");
    data.append("csrfmiddlewaretoken", csrf);
    navigator.sendBeacon(url, data);
  });
})();
