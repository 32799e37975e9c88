// Frontdesk: small progressive enhancements. No inline scripts (CSP script-src 'self').
(function () {
  "use strict";
  var csrf = document.body ? document.body.getAttribute("data-csrf") : null;
  document.addEventListener("htmx:configRequest", function (event) {
    if (csrf) { event.detail.headers["X-CSRFToken"] = csrf; }
  });
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("[data-autosubmit]") && el.form) { el.form.submit(); }
  });
})();
