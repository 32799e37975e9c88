// Frontdesk inbox: keyboard shortcuts, selection, bulk bar, live updates.
// No inline scripts (CSP); htmx does the fetching, this file only decides when.
(function () {
  "use strict";

  var POLL_MS = 15000;
  // Even with a live socket: without Redis, changes made by another process (the worker,
  // a second web process) do not reach this one's channel layer, so refresh now and then.
  var SAFETY_MS = 60000;
  var RECONNECT_MS = 30000;
  var root = document.getElementById("inbox");
  if (!root) { return; }
  var list = document.getElementById("inbox-list");
  var search = document.getElementById("inbox-q");
  var help = document.getElementById("shortcuts-help");
  var bulkForm = document.getElementById("bulk-form");
  var filterForm = document.getElementById("inbox-filters");
  var status = document.getElementById("live-status");
  var cursorId = null;
  root.classList.add("js-on");
  // On a phone the filters fold away behind a button (CSS); the search box stays.
  var filterToggle = root.querySelector("[data-filter-toggle]");
  if (filterToggle) {
    filterToggle.addEventListener("click", function () {
      var fields = document.getElementById(filterToggle.getAttribute("aria-controls"));
      var open = !fields.classList.contains("is-open");
      fields.classList.toggle("is-open", open);
      filterToggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // The tag filter: a suggestion picked from its list applies at once (typing waits for
  // Enter or leaving the box, which the form's "change" trigger handles).
  var tagInput = document.getElementById("inbox-tag");
  if (tagInput) {
    tagInput.addEventListener("input", function (event) {
      if (event.inputType && event.inputType !== "insertReplacementText") { return; }
      tagInput.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  // --- rows, cursor and selection -------------------------------------------------------
  function rows() { return Array.prototype.slice.call(list.querySelectorAll("tr.inbox-row")); }

  function setCursor(row, scroll) {
    rows().forEach(function (r) { r.classList.remove("is-cursor"); r.removeAttribute("aria-current"); });
    if (!row) { cursorId = null; return; }
    row.classList.add("is-cursor");
    row.setAttribute("aria-current", "true");
    cursorId = row.getAttribute("data-ticket-id");
    if (scroll) { row.scrollIntoView({ block: "nearest" }); }
  }

  function cursorRow() { return list.querySelector("tr.is-cursor"); }

  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    var index = all.indexOf(cursorRow());
    var next = index < 0 ? 0 : Math.min(all.length - 1, Math.max(0, index + step));
    setCursor(all[next], true);
  }

  function open(row) {
    var href = row && row.getAttribute("data-href");
    if (href) { window.location.assign(href); }
  }

  function updateCount() {
    var count = list.querySelectorAll('input[name="ticket"]:checked').length;
    var out = root.querySelector("[data-bulk-count]");
    if (out) { out.textContent = String(count); }
    root.classList.toggle("has-selection", count > 0);
  }

  function toggle(row) {
    var box = row && row.querySelector('input[name="ticket"]');
    if (box) { box.checked = !box.checked; updateCount(); }
  }

  list.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("[data-select-all]")) {
      list.querySelectorAll('input[name="ticket"]').forEach(function (box) { box.checked = el.checked; });
    }
    updateCount();
  });

  list.addEventListener("click", function (event) {
    var row = event.target.closest("tr.inbox-row");
    if (row) { setCursor(row, false); }
  });

  // --- bulk bar: show only the fields the chosen action needs ---------------------------
  function syncBulkFields() {
    var action = bulkForm.querySelector('select[name="action"]');
    var newStatus = bulkForm.querySelector('select[name="status"]');
    if (!action) { return; }
    bulkForm.querySelectorAll("[data-bulk-for]").forEach(function (el) {
      var wanted = el.getAttribute("data-bulk-for").split(" ");
      var status = el.getAttribute("data-bulk-status");  // e.g. the solve checklist
      el.hidden = wanted.indexOf(action.value) < 0 ||
        (status !== null && (!newStatus || newStatus.value !== status));
    });
  }
  if (bulkForm) {
    bulkForm.addEventListener("change", function (event) {
      if (event.target.name === "action" || event.target.name === "status") { syncBulkFields(); }
    });
    syncBulkFields();
  }

  // Leave empty filters out of the address bar.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt !== filterForm) { return; }
    var params = event.detail.parameters;
    try {
      ["q", "status", "priority", "channel", "team", "tag", "branch", "language"].forEach(function (name) {
        if (params[name] === "") { delete params[name]; }
      });
    } catch (err) { /* older htmx: keep them */ }
  });

  // --- keyboard shortcuts -------------------------------------------------------------
  function typing(target) {
    if (!target) { return false; }
    var tag = target.tagName;
    if (tag === "INPUT") { return ["checkbox", "radio", "button", "submit"].indexOf(target.type) < 0; }
    return target.isContentEditable || tag === "TEXTAREA" || tag === "SELECT";
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (help && help.open) { return; }  // the dialog handles Esc itself
    if (event.key === "Escape" && event.target === search) { search.blur(); return; }
    if (typing(event.target)) { return; }
    var row = cursorRow();
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "o": open(row); break;
      case "Enter":
        if (!row || event.target.closest("a, button, input, label")) { return; }
        open(row);
        break;
      case "x": toggle(row); break;
      case "/": if (search) { search.focus(); search.select(); } break;
      case "?": if (help && help.showModal) { help.showModal(); } break;
      default: return;
    }
    event.preventDefault();
  });

  var helpButton = root.querySelector("[data-shortcuts-open]");
  if (helpButton && help) {
    helpButton.addEventListener("click", function () { if (help.showModal) { help.showModal(); } });
  }

  // --- refreshing the list -------------------------------------------------------------
  var refreshTimer = null;
  function refresh() {
    if (refreshTimer) { return; }
    refreshTimer = window.setTimeout(function () {
      refreshTimer = null;
      if (document.hidden || !window.htmx) { return; }
      window.htmx.ajax("GET", window.location.pathname + window.location.search,
        { target: "#inbox-list", swap: "innerHTML" });
    }, 400);
  }

  // Keep ticked boxes and the cursor across a refresh of the list.
  var keep = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target !== list) { return; }
    keep = Array.prototype.map.call(list.querySelectorAll('input[name="ticket"]:checked'),
      function (box) { return box.value; });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== list) { return; }
    (keep || []).forEach(function (id) {
      var box = list.querySelector('input[name="ticket"][value="' + id + '"]');
      if (box) { box.checked = true; }
    });
    keep = null;
    if (cursorId) { setCursor(list.querySelector('tr[data-ticket-id="' + cursorId + '"]'), false); }
    updateCount();
  });

  // --- live updates: WebSocket first, polling when it is not available ------------------
  var pollTimer = null;
  function showStatus(live) {
    if (!status) { return; }
    status.textContent = root.getAttribute(live ? "data-label-live" : "data-label-polling") || "";
    status.classList.toggle("is-live", live);
  }
  function poll(every) {
    if (pollTimer) { window.clearInterval(pollTimer); }
    pollTimer = window.setInterval(refresh, every);
  }
  function startPolling() { showStatus(false); poll(POLL_MS); }
  function goLive() { showStatus(true); poll(SAFETY_MS); }

  function connect() {
    if (!("WebSocket" in window)) { startPolling(); return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(scheme + window.location.host + root.getAttribute("data-ws-path"));
    } catch (err) { startPolling(); return; }
    socket.addEventListener("open", goLive);
    socket.addEventListener("message", function (event) {
      try {
        var data = JSON.parse(event.data);
        if (data && data.type === "ticket.changed") { refresh(); }
      } catch (err) { /* not for us */ }
    });
    socket.addEventListener("close", function (event) {
      startPolling();
      // Signed out or switched off: polling will lead to the sign-in page; do not retry.
      if (event.code === 4401 || event.code === 4403) { return; }
      window.setTimeout(connect, RECONNECT_MS);
    });
  }

  document.addEventListener("visibilitychange", function () { if (!document.hidden) { refresh(); } });
  updateCount();
  connect();
})();
