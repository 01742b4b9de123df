"""REST -> gRPC from the protos' `google.api.http` rules (what Envoy's gRPC-JSON transcoder does).

At start the gateway reads every annotated method of the services it fronts and compiles its path
template (`/api/v1/{name=organizations/*}`) into a matcher. A request is matched to one rule; the
path variables, the JSON body (`body: "*"` or one field) and the query parameters build the request
message; the response message is rendered as JSON with the proto field names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from google.api import annotations_pb2, field_behavior_pb2
from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor, MethodDescriptor
from starlette.requests import Request
from starlette.responses import JSONResponse

from gateway.clients import client_address_of
from prism.runtime.errors import InvalidArgument, MethodNotAllowed, NotFound, UnsupportedMediaType

_HTTP_METHODS = ("get", "put", "post", "delete", "patch")
_FIELD_MASK = "google.protobuf.FieldMask"
_VARIABLE = re.compile(r"\{([a-z_][a-z0-9_.]*)(?:=([^}]+))?\}")


@dataclass(frozen=True)
class Rule:
    http_method: str
    template: str
    pattern: re.Pattern
    variables: tuple[str, ...]  # field paths, in the order of the pattern's groups
    body: str  # "", "*" or a top-level field name
    component: str
    method: MethodDescriptor
    stub_class: type

    @property
    def rpc_name(self) -> str:
        return self.method.name


def compile_template(template: str) -> tuple[re.Pattern, tuple[str, ...]]:
    verb = ""
    path = template
    last = template.rsplit("/", 1)[-1]
    if ":" in last and "}" not in last.split(":", 1)[1]:
        path, verb = template.rsplit(":", 1)
    variables: list[str] = []
    regex = ""
    position = 0
    for match in _VARIABLE.finditer(path):
        regex += re.escape(path[position : match.start()])
        field_path, segments = match.group(1), match.group(2) or "*"
        parts = []
        for segment in segments.split("/"):
            parts.append("[^/]+" if segment == "*" else ".+" if segment == "**" else re.escape(segment))
        regex += f"({'/'.join(parts)})"
        variables.append(field_path)
        position = match.end()
    regex += re.escape(path[position:])
    if verb:
        regex += re.escape(":" + verb)
    return re.compile(f"^{regex}$"), tuple(variables)


def rules_for(component: str, pb2_module, grpclib_module) -> list[Rule]:
    rules = []
    for service in pb2_module.DESCRIPTOR.services_by_name.values():
        stub_class = getattr(grpclib_module, f"{service.name}Stub")
        for method in service.methods:
            options = method.GetOptions()
            if not options.HasExtension(annotations_pb2.http):
                continue
            http = options.Extensions[annotations_pb2.http]
            for binding in (http, *http.additional_bindings):
                kind = binding.WhichOneof("pattern")
                if kind not in _HTTP_METHODS:
                    continue
                template = getattr(binding, kind)
                pattern, variables = compile_template(template)
                rules.append(
                    Rule(kind.upper(), template, pattern, variables, binding.body, component, method, stub_class)
                )
    return rules


class Transcoder:
    def __init__(self, rules: list[Rule], clients) -> None:
        self.rules = rules
        self.clients = clients
        self._stubs: dict[tuple[str, type], Any] = {}

    def match(self, http_method: str, path: str) -> tuple[Rule, re.Match]:
        allowed = []
        for rule in self.rules:
            found = rule.pattern.match(path)
            if not found:
                continue
            if rule.http_method == http_method:
                return rule, found
            allowed.append(rule.http_method)
        if allowed:
            raise MethodNotAllowed(
                f"method {http_method} is not allowed on {path}; use {', '.join(sorted(set(allowed)))}"
            )
        raise NotFound(f"no such endpoint: {http_method} {path}", reason="UNKNOWN_PATH")

    async def handle(self, request: Request, authorization: str | None = None) -> JSONResponse:
        rule, found = self.match(request.method, request.url.path)
        message = await build_request(rule, found, request)
        stub = self._stub(rule)
        response = await self.clients.call(
            rule.component,
            getattr(stub, rule.rpc_name),
            message,
            authorization=authorization,
            client_address=client_address_of(request),
        )
        body = json_format.MessageToDict(
            response, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
        )
        _drop_input_only(response.DESCRIPTOR, body)
        return JSONResponse(
            body, status_code=201 if rule.http_method == "POST" and rule.rpc_name.startswith("Create") else 200
        )

    def _stub(self, rule: Rule):
        key = (rule.component, rule.stub_class)
        if key not in self._stubs:
            self._stubs[key] = rule.stub_class(self.clients.channel(rule.component))
        return self._stubs[key]


def _drop_input_only(descriptor, body: dict) -> None:
    """Fields marked INPUT_ONLY (passwords) never appear in an answer, not even empty."""
    for field in descriptor.fields:
        if field.name not in body:
            continue
        behaviors = field.GetOptions().Extensions[field_behavior_pb2.field_behavior]
        if field_behavior_pb2.INPUT_ONLY in behaviors:
            del body[field.name]
        elif field.message_type is not None and not field.message_type.GetOptions().map_entry:
            values = body[field.name] if field.is_repeated else [body[field.name]]
            for value in values:
                if isinstance(value, dict):
                    _drop_input_only(field.message_type, value)


async def build_request(rule: Rule, found: re.Match, request: Request):
    message = rule.method.input_type._concrete_class()
    if rule.body:
        payload = await _json_body(request)
        target = message if rule.body == "*" else getattr(message, rule.body)
        if not isinstance(payload, dict):
            raise InvalidArgument("request body must be a JSON object", field=None if rule.body == "*" else rule.body)
        try:
            json_format.ParseDict(payload, target, ignore_unknown_fields=False)
        except json_format.ParseError as exc:
            prefix = "" if rule.body == "*" else f"{rule.body}."
            raise InvalidArgument(
                f"request body is not valid: {_clean(str(exc))}", field=_field_in(str(exc), prefix)
            ) from None
    for field_path, value in zip(rule.variables, found.groups(), strict=True):
        _set_path(message, field_path, value)
    bound = set(rule.variables) | ({rule.body} if rule.body and rule.body != "*" else set())
    for key, value in request.query_params.multi_items():
        if rule.body == "*":
            raise InvalidArgument(f"unexpected query parameter {key!r}", field=key)
        _set_query(message, key, value, bound)
    return message


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        return {}
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if content_type not in ("application/json", ""):
        raise UnsupportedMediaType(f"content type {content_type!r} is not supported; send application/json")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidArgument(f"request body is not valid JSON: {exc}") from None


def _set_path(message, field_path: str, value: str) -> None:
    *parents, leaf = field_path.split(".")
    target = message
    for name in parents:
        target = getattr(target, name)
    setattr(target, leaf, value)


def _set_query(message, key: str, value: str, bound: set[str]) -> None:
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()  # accept lowerCamel as well as snake_case
    field = message.DESCRIPTOR.fields_by_name.get(name)
    if field is not None and field.message_type is not None and field.message_type.full_name == _FIELD_MASK:
        try:  # `update_mask=display_name,redirect_uris` (snake_case or lowerCamel)
            getattr(message, name).paths.extend(
                re.sub(r"(?<!^)(?=[A-Z])", "_", path).lower() for path in value.split(",") if path
            )
        except ValueError:
            raise InvalidArgument(f"query parameter {key!r} is not a field mask", field=key) from None
        return
    if field is None or name in bound or field.type == FieldDescriptor.TYPE_MESSAGE:
        raise InvalidArgument(f"unknown query parameter {key!r}", field=key)
    try:
        if field.type in (
            FieldDescriptor.TYPE_INT32,
            FieldDescriptor.TYPE_INT64,
            FieldDescriptor.TYPE_UINT32,
            FieldDescriptor.TYPE_UINT64,
            FieldDescriptor.TYPE_SINT32,
            FieldDescriptor.TYPE_SINT64,
        ):
            converted: Any = int(value)
        elif field.type == FieldDescriptor.TYPE_BOOL:
            if value.lower() not in ("true", "false", "1", "0"):
                raise ValueError(value)
            converted = value.lower() in ("true", "1")
        elif field.type == FieldDescriptor.TYPE_ENUM:
            converted = field.enum_type.values_by_name[value].number
        else:
            converted = value
        if field.is_repeated:
            getattr(message, name).append(converted)
        else:
            setattr(message, name, converted)
    except (ValueError, KeyError):
        raise InvalidArgument(f"query parameter {key!r} has an invalid value {value!r}", field=key) from None


def _field_in(parse_error: str, prefix: str) -> str | None:
    found = re.search(r'field named "([^"]+)"', parse_error) or re.search(r"Failed to parse (\w+) field", parse_error)
    return f"{prefix}{found.group(1)}" if found else None


def _clean(parse_error: str) -> str:
    first = parse_error.split("\n", 1)[0].replace("Message type ", "message ")
    return re.sub(r' at "[^"]*"\.?$', "", first).rstrip(".")
