"""The captcha gate on the step-up page (issue 8): what the page shows, which origins its CSP
allows, how the answer reaches /api/oauth/2fa/authorize, and the proof-of-work script.

The step-up service decides whether a captcha is needed and checks the answer; the page only
renders the site's provider: the provider's widget (Turnstile, hCaptcha, reCAPTCHA: their script
and frames are allowed by the page's CSP only while that provider is configured), or Prism's own
proof of work, solved by /static/stepup-captcha.js with crypto.subtle.digest.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# per provider: the widget's script, the class of its container, the form field it fills in, and
# the origins its script and frames (and, for hCaptcha, styles and calls) come from
WIDGETS: dict[str, dict[str, str]] = {
    "turnstile": {
        "script": "https://challenges.cloudflare.com/turnstile/v0/api.js",
        "class": "cf-turnstile",
        "field": "cf-turnstile-response",
        "origins": "https://challenges.cloudflare.com",
    },
    "hcaptcha": {
        "script": "https://js.hcaptcha.com/1/api.js",
        "class": "h-captcha",
        "field": "h-captcha-response",
        "origins": "https://hcaptcha.com https://*.hcaptcha.com",
    },
    "recaptcha": {
        "script": "https://www.google.com/recaptcha/api.js",
        "class": "g-recaptcha",
        "field": "g-recaptcha-response",
        "origins": "https://www.google.com https://www.gstatic.com https://recaptcha.google.com",
    },
}


def page_context(info, factor_asked: bool) -> dict:
    """Template variables of the captcha block (stepup_captcha.html); empty provider: no block."""
    provider = info.captcha_provider if info.captcha_required and factor_asked else ""
    return {
        "captcha_provider": provider,
        "captcha_site_key": info.captcha_site_key,
        "captcha_widget": WIDGETS.get(provider),
        "pow_challenge": info.pow_challenge,
        "pow_difficulty": info.pow_difficulty,
    }


def policy(base: str, context: dict) -> str:
    """The page's CSP: `base` (script-src 'self'), plus the shown provider's origins and nothing else."""
    widget = context.get("captcha_widget")
    if not widget:
        return base
    origins = widget["origins"]
    policy = base + f" {origins}; frame-src {origins}"
    if context["captcha_provider"] == "hcaptcha":  # hCaptcha's widget also loads styles and calls home
        policy += f"; connect-src {origins}"
        policy = policy.replace("style-src 'unsafe-inline'", f"style-src 'unsafe-inline' {origins}")
    return policy


def token_of(form: dict[str, str]) -> str:
    """The captcha answer of the page's form: `captcha_token` (or the spec's `pow_nonce`), else the
    field the provider's widget filled in itself."""
    for name in ("captcha_token", "pow_nonce", *(w["field"] for w in WIDGETS.values())):
        value = form.get(name, "").strip()
        if value:
            return value
    return ""


SCRIPT = """\
// Prism step-up, captcha gate: Confirm waits for the captcha as it waits for the tick
// (#captcha carries data-pending until the answer is in the form's captcha_token).
(() => {
  const box = document.getElementById("captcha");
  if (!box) return;
  const input = document.getElementById("captcha_token");
  const status = document.getElementById("captcha-status");
  const solved = (token) => {
    input.value = token;
    box.removeAttribute("data-pending");
    document.dispatchEvent(new Event("prism:gate"));
  };
  const unsolved = () => {
    input.value = "";
    box.setAttribute("data-pending", "");
    document.dispatchEvent(new Event("prism:gate"));
  };
  // Turnstile, hCaptcha and reCAPTCHA call these (data-callback, data-expired-callback)
  window.prismCaptchaSolved = solved;
  window.prismCaptchaExpired = unsolved;
  if (box.dataset.provider !== "pow") return;

  // proof of work: the first nonce with SHA-256(challenge + ":" + nonce) starting with `bits` zero bits
  const challenge = box.dataset.powChallenge;
  const bits = Number(box.dataset.powDifficulty);
  const encoder = new TextEncoder();
  const good = (buffer) => {
    const bytes = new Uint8Array(buffer);
    let left = bits;
    for (let i = 0; left > 0; i++, left -= 8) {
      if (left >= 8 ? bytes[i] !== 0 : bytes[i] >> (8 - left) !== 0) return false;
    }
    return true;
  };
  const solve = async () => {
    const batch = 512;
    for (let nonce = 0; ; nonce += batch) {
      const tries = [];
      for (let k = 0; k < batch; k++) {
        tries.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + (nonce + k))));
      }
      const digests = await Promise.all(tries);
      const found = digests.findIndex(good);
      if (found >= 0) return String(nonce + found);
      const expected = 2 ** bits;
      const share = Math.min(99, Math.floor((100 * (nonce + batch)) / expected));
      status.textContent = `Checking your browser… ${share}%`;
    }
  };
  if (!window.crypto || !crypto.subtle) {
    status.textContent = "This browser cannot do the check (it needs HTTPS and a current browser).";
    return;
  }
  status.textContent = "Checking your browser…";
  solve().then((nonce) => {
    solved(nonce);
    status.textContent = "Browser checked.";
  });
})();
"""


async def script(request: Request) -> Response:
    return Response(SCRIPT, media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"})


PAGE_ROUTES = [Route("/static/stepup-captcha.js", script, methods=["GET"])]
