"""`prism site-settings get|set`: the site-wide settings (platform admins).

`set` takes KEY=VALUE pairs named like the API's fields (snake_case; `-` works as `_`) and sends
them in one PATCH with their update_mask. Values are typed from the SiteSettings message: numbers
for integers, true/false (yes/no, on/off, 1/0) for booleans. The captcha secret can be set, never
read: `get` says only whether it is set.
"""

from __future__ import annotations

import click
from google.api import field_behavior_pb2
from google.protobuf.descriptor import FieldDescriptor

from prism.cli.context import current
from prism.cli.output import emit
from prism.directory.v1 import directory_pb2

PATH = "/api/v1/siteSettings"
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def _settable() -> dict[str, FieldDescriptor]:
    """The fields of SiteSettings a request may set (neither its name nor the output-only ones)."""
    settable = {}
    for field in directory_pb2.SiteSettings.DESCRIPTOR.fields:
        behaviors = field.GetOptions().Extensions[field_behavior_pb2.field_behavior]
        if field_behavior_pb2.OUTPUT_ONLY not in behaviors and field_behavior_pb2.IDENTIFIER not in behaviors:
            settable[field.name] = field
    return settable


def _value(field: FieldDescriptor, key: str, text: str):
    if field.type == FieldDescriptor.TYPE_BOOL:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise click.BadParameter(f"{key} takes true or false, not {text!r}")
    if field.type == FieldDescriptor.TYPE_INT32:
        try:
            return int(text)
        except ValueError:
            raise click.BadParameter(f"{key} takes a whole number, not {text!r}") from None
    return text


def _parse(pairs: tuple[str, ...]) -> dict:
    settable = _settable()
    body = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="KEY=VALUE")
        if key not in settable:
            raise click.BadParameter(f"unknown setting {key!r}; settings: {', '.join(settable)}", param_hint="KEY")
        body[key] = _value(settable[key], key, text)
    return body


def _show(ctx: click.Context, settings: dict) -> None:
    emit(ctx, settings if current(ctx).json else {k: v for k, v in settings.items() if k != "name"})


@click.group("site-settings")
def site_settings() -> None:
    """Read and change the site-wide settings (platform admins)."""


@site_settings.command("get")
@click.pass_context
def get_settings(ctx: click.Context) -> None:
    """Show the site settings."""
    _show(ctx, current(ctx).client().get(PATH)["settings"])


@site_settings.command("set")
@click.argument("pairs", nargs=-1, required=True, metavar="KEY=VALUE...")
@click.pass_context
def set_settings(ctx: click.Context, pairs: tuple[str, ...]) -> None:
    """Change settings, e.g. `prism site-settings set sudo_mode_ttl_minutes=30 captcha_provider=pow`."""
    body = _parse(pairs)
    answer = current(ctx).client().request("PATCH", PATH, params={"update_mask": ",".join(body)}, json=body)
    _show(ctx, answer["settings"])


# -- `prism stepup settings`: the same settings, those of step-up 2FA only (spec 002) ---------------

STEPUP_KEYS = (
    "sudo_mode_ttl_minutes",
    "require_captcha_for_2fa",
    "captcha_provider",
    "captcha_site_key",
    "captcha_secret_key",
    "captcha_secret_key_set",
    "captcha_verify_url",
    "pow_difficulty",
)


@click.group("stepup")
def stepup() -> None:
    """Step-up 2FA (platform admins): its site settings."""


@stepup.group("settings")
def stepup_settings() -> None:
    """Sudo window, captcha gate and proof-of-work difficulty of step-up 2FA."""


@stepup_settings.command("get")
@click.pass_context
def get_stepup_settings(ctx: click.Context) -> None:
    """Show the step-up settings."""
    settings = current(ctx).client().get(PATH)["settings"]
    emit(ctx, {k: v for k, v in settings.items() if k in STEPUP_KEYS})


@stepup_settings.command("set")
@click.argument("pairs", nargs=-1, required=True, metavar="KEY=VALUE...")
@click.pass_context
def set_stepup_settings(ctx: click.Context, pairs: tuple[str, ...]) -> None:
    """Change step-up settings, e.g. `prism stepup settings set sudo_mode_ttl_minutes=0`."""
    body = _parse(pairs)
    others = [key for key in body if key not in STEPUP_KEYS]
    if others:
        raise click.BadParameter(f"{', '.join(others)} is not a step-up setting (see `prism site-settings`)")
    answer = current(ctx).client().request("PATCH", PATH, params={"update_mask": ",".join(body)}, json=body)
    emit(ctx, {k: v for k, v in answer["settings"].items() if k in STEPUP_KEYS})
