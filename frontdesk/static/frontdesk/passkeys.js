// Frontdesk: passkeys (WebAuthn) on the account page and at the second sign-in step.
// The server makes the options and checks the answers (py_webauthn); this file only
// carries bytes between it and navigator.credentials. No inline scripts (CSP).
(function () {
  "use strict";

  function toBytes(b64url) {
    var b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var raw = atob(b64);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out.buffer;
  }

  function toB64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) { raw += String.fromCharCode(bytes[i]); }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function post(url, body, headers) {
    var csrf = document.body.getAttribute("data-csrf") || "";
    var all = { "X-CSRFToken": csrf, "Content-Type": "application/json" };
    Object.keys(headers || {}).forEach(function (key) { all[key] = headers[key]; });
    return fetch(url, { method: "POST", credentials: "same-origin", headers: all, body: body || "{}" })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) { throw new Error(data.error || response.statusText); }
          return data;
        });
      });
  }

  function credentials(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: toBytes(item.id), transports: item.transports };
    });
  }

  function showError(message) {
    var box = document.querySelector("[data-passkey-error]");
    if (box) { box.textContent = message; box.hidden = false; }
  }

  function register(form) {
    var nameInput = form.querySelector("input[name=name]");
    return post(form.getAttribute("data-options-url")).then(function (options) {
      options.challenge = toBytes(options.challenge);
      options.user.id = toBytes(options.user.id);
      options.excludeCredentials = credentials(options.excludeCredentials);
      return navigator.credentials.create({ publicKey: options });
    }).then(function (credential) {
      var response = credential.response;
      var body = {
        id: credential.id,
        rawId: toB64url(credential.rawId),
        type: credential.type,
        response: {
          clientDataJSON: toB64url(response.clientDataJSON),
          attestationObject: toB64url(response.attestationObject),
          transports: response.getTransports ? response.getTransports() : []
        },
        clientExtensionResults: credential.getClientExtensionResults(),
        authenticatorAttachment: credential.authenticatorAttachment
      };
      var name = encodeURIComponent(nameInput ? nameInput.value : "");
      return post(form.getAttribute("data-add-url"), JSON.stringify(body), { "X-Passkey-Name": name });
    });
  }

  function signIn(button) {
    return post(button.getAttribute("data-options-url")).then(function (options) {
      options.challenge = toBytes(options.challenge);
      options.allowCredentials = credentials(options.allowCredentials);
      return navigator.credentials.get({ publicKey: options });
    }).then(function (credential) {
      var response = credential.response;
      var body = {
        id: credential.id,
        rawId: toB64url(credential.rawId),
        type: credential.type,
        response: {
          clientDataJSON: toB64url(response.clientDataJSON),
          authenticatorData: toB64url(response.authenticatorData),
          signature: toB64url(response.signature),
          userHandle: response.userHandle ? toB64url(response.userHandle) : null
        },
        clientExtensionResults: credential.getClientExtensionResults(),
        authenticatorAttachment: credential.authenticatorAttachment
      };
      return post(button.getAttribute("data-verify-url"), JSON.stringify(body));
    });
  }

  function go(data) { window.location.assign(data.redirect); }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-passkey-register]")) { return; }
    event.preventDefault();
    if (!window.PublicKeyCredential) { showError(form.getAttribute("data-unsupported") || "WebAuthn is not available in this browser."); return; }
    register(form).then(go).catch(function (error) { showError(error.message); });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-passkey-sign-in]");
    if (!button) { return; }
    event.preventDefault();
    signIn(button).then(go).catch(function (error) { showError(error.message); });
  });
})();
