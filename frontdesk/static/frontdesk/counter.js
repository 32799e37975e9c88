// Long texts: a live counter near the limit, and a word when the browser cut a paste.
// Textareas with data-max-chars (no maxlength: nothing is cut, the server refuses what
// is too long and keeps the text) or with maxlength (the browser cuts: we say so).
// The sentences come translated from the page: <div id="counter-texts" data-near=...>.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function texts() {
    var el = document.getElementById("counter-texts");
    return el ? el.dataset : {};
  }

  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (_m, key) {
      return values[key] !== undefined ? values[key] : "";
    });
  }

  function number(n) { return n.toLocaleString(document.documentElement.lang || undefined); }

  function limitOf(area) {
    return parseInt(area.getAttribute("data-max-chars") || area.getAttribute("maxlength"), 10);
  }

  function counterFor(area) {
    var counter = document.querySelector('[data-count-for="' + area.id + '"]');
    if (!counter) {
      counter = document.createElement("p");
      counter.className = "char-count small";
      counter.setAttribute("aria-live", "polite");
      counter.hidden = true;
      area.insertAdjacentElement("afterend", counter);
    }
    return counter;
  }

  function update(area, cut) {
    var limit = limitOf(area);
    if (!limit) { return; }
    var t = texts(), length = area.value.length, counter = counterFor(area);
    var values = { count: number(length), limit: number(limit), over: number(length - limit) };
    var message = "";
    if (cut) {
      message = fill(t.cut, values);
    } else if (length > limit) {
      message = fill(t.over, values);
    } else if (length >= limit * 0.9) {
      message = fill(t.near, values);
    }
    counter.textContent = message;
    counter.hidden = !message;
    counter.classList.toggle("is-over", cut || length > limit);
    area.classList.toggle("is-over", length > limit);
  }

  document.addEventListener("input", function (event) {
    var area = event.target;
    if (area && area.matches && area.matches("textarea[data-max-chars], textarea[maxlength]")) {
      update(area, area.dataset.cutPending === "1");
      delete area.dataset.cutPending;
    }
  });

  // A paste that does not fit a maxlength textarea is cut by the browser: say so.
  document.addEventListener("paste", function (event) {
    var area = event.target;
    if (!area || !area.matches || !area.matches("textarea[maxlength]")) { return; }
    var pasted = (event.clipboardData || window.clipboardData).getData("text") || "";
    var kept = area.value.length - (area.selectionEnd - area.selectionStart);
    if (kept + pasted.length > limitOf(area)) { area.dataset.cutPending = "1"; }
  });

  function init() {
    var areas = document.querySelectorAll("textarea[data-max-chars], textarea[maxlength]");
    for (var i = 0; i < areas.length; i++) { if (areas[i].value) { update(areas[i], false); } }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
