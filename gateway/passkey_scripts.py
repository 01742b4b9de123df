"""The browser side of passkeys (WebAuthn): plain scripts served from /static (the pages' CSP allows
`script-src 'self'` and nothing inline).

The service hands out options as JSON (base64url for binary fields, as WebAuthn Level 3's
`toJSON` forms); the scripts turn them into the ArrayBuffers `navigator.credentials` wants, and
the credential it returns back into JSON, which the page posts in a hidden form field.
"""

WEBAUTHN_JSON = """\
// Prism passkeys: WebAuthn options and credentials to and from JSON (base64url for binary fields).
const prismWebAuthn = {
  toBuffer(value) {
    const base64 = value.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((value.length + 3) % 4);
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
  },
  toBase64url(buffer) {
    let text = "";
    for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
    return btoa(text).replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  },
  descriptors(list) {
    return (list || []).map((item) => ({ ...item, id: prismWebAuthn.toBuffer(item.id) }));
  },
  requestOptions(json) {
    const options = JSON.parse(json);
    options.challenge = prismWebAuthn.toBuffer(options.challenge);
    options.allowCredentials = prismWebAuthn.descriptors(options.allowCredentials);
    return options;
  },
  creationOptions(json) {
    const options = JSON.parse(json);
    options.challenge = prismWebAuthn.toBuffer(options.challenge);
    options.user = { ...options.user, id: prismWebAuthn.toBuffer(options.user.id) };
    options.excludeCredentials = prismWebAuthn.descriptors(options.excludeCredentials);
    return options;
  },
  credentialJSON(credential) {
    const response = credential.response;
    const fields = { clientDataJSON: prismWebAuthn.toBase64url(response.clientDataJSON) };
    if (response.attestationObject) {
      fields.attestationObject = prismWebAuthn.toBase64url(response.attestationObject);
      fields.transports = response.getTransports ? response.getTransports() : [];
    } else {
      fields.authenticatorData = prismWebAuthn.toBase64url(response.authenticatorData);
      fields.signature = prismWebAuthn.toBase64url(response.signature);
      if (response.userHandle) fields.userHandle = prismWebAuthn.toBase64url(response.userHandle);
    }
    return JSON.stringify({
      id: credential.id,
      rawId: prismWebAuthn.toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: fields,
    });
  },
  // "Use a passkey": an assertion for `block`'s options goes into `field`, then `submit()`.
  async useAssertion(block, field, status, submit, retryHint) {
    status.textContent = "Follow your browser's prompt to use your passkey.";
    try {
      const options = prismWebAuthn.requestOptions(block.dataset.options);
      const credential = await navigator.credentials.get({ publicKey: options });
      field.value = prismWebAuthn.credentialJSON(credential);
      submit();
    } catch (error) {
      status.textContent = "Your passkey was not used (" + error.name + "). " + retryHint;
    }
  },
};
"""

# the step-up page (/oauth/2fa): "Use a passkey" once the acknowledgement is ticked
STEPUP_PASSKEY = """\
// Prism step-up, passkeys: the assertion goes in the form's passkey_assertion field, then Confirm.
function prismStepUpPasskey() {
  const block = document.getElementById("passkey-block");
  const tick = document.getElementById("acknowledged");
  if (!block || !tick) return;
  const button = document.getElementById("use-passkey");
  const field = document.getElementById("passkey-assertion");
  const status = document.getElementById("passkey-status");
  const form = document.getElementById("stepup-form");
  const sync = () => { button.disabled = !tick.checked; };
  tick.addEventListener("change", sync);
  sync();
  button.addEventListener("click", () =>
    prismWebAuthn.useAssertion(block, field, status, () => form.requestSubmit(document.getElementById("confirm")),
      "Try again, or use a code."));
}
document.addEventListener("DOMContentLoaded", prismStepUpPasskey);
"""

# the account security page (/account/security): "Add a passkey"
SECURITY_PAGE = """\
// Prism account security: a new passkey from navigator.credentials.create(), posted with its name.
function prismAddPasskey() {
  const block = document.getElementById("passkey-registration");
  if (!block) return;
  const button = document.getElementById("add-passkey");
  const status = document.getElementById("passkey-status");
  const form = document.getElementById("passkey-form");
  button.disabled = !window.PublicKeyCredential;
  if (button.disabled) status.textContent = "This browser does not support passkeys.";
  button.addEventListener("click", async () => {
    status.textContent = "Follow your browser's prompt to create the passkey.";
    try {
      const options = prismWebAuthn.creationOptions(block.dataset.options);
      const credential = await navigator.credentials.create({ publicKey: options });
      document.getElementById("passkey-credential").value = prismWebAuthn.credentialJSON(credential);
      form.requestSubmit();
    } catch (error) {
      status.textContent = "No passkey was created (" + error.name + "). Reload the page to try again.";
    }
  });
}
document.addEventListener("DOMContentLoaded", prismAddPasskey);

// "Confirm it is you" with a passkey: the assertion goes in the form's passkey_assertion field.
function prismReauthPasskey() {
  const block = document.getElementById("reauth-passkey");
  if (!block) return;
  const button = document.getElementById("reauth-use-passkey");
  const status = document.getElementById("reauth-passkey-status");
  button.disabled = !window.PublicKeyCredential;
  const field = document.getElementById("reauth-assertion");
  const form = document.getElementById("reauth-form");
  button.addEventListener("click", () =>
    prismWebAuthn.useAssertion(block, field, status, () => form.requestSubmit(), "Reload the page to try again."));
}
document.addEventListener("DOMContentLoaded", prismReauthPasskey);
"""

# the second-factor page of a sign-in (/mfa): "Use a passkey" instead of a code
MFA_PASSKEY = """\
// Prism sign-in, passkeys: the assertion goes in the form's passkey_assertion field, then submit.
function prismMfaPasskey() {
  const block = document.getElementById("mfa-passkey");
  if (!block) return;
  const button = document.getElementById("use-passkey");
  const status = document.getElementById("passkey-status");
  button.disabled = !window.PublicKeyCredential;
  const field = document.getElementById("passkey-assertion");
  const form = document.getElementById("mfa-passkey-form");
  button.addEventListener("click", () =>
    prismWebAuthn.useAssertion(block, field, status, () => form.requestSubmit(), "Try again, or enter a code."));
}
document.addEventListener("DOMContentLoaded", prismMfaPasskey);
"""
