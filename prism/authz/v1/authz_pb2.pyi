from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Caller(_message.Message):
    __slots__ = ("subject", "organization", "kind", "role", "platform_admin", "scopes", "session_id", "auth_time")
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_ADMIN_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    AUTH_TIME_FIELD_NUMBER: _ClassVar[int]
    subject: str
    organization: str
    kind: str
    role: str
    platform_admin: bool
    scopes: _containers.RepeatedScalarFieldContainer[str]
    session_id: str
    auth_time: int
    def __init__(self, subject: _Optional[str] = ..., organization: _Optional[str] = ..., kind: _Optional[str] = ..., role: _Optional[str] = ..., platform_admin: _Optional[bool] = ..., scopes: _Optional[_Iterable[str]] = ..., session_id: _Optional[str] = ..., auth_time: _Optional[int] = ...) -> None: ...

class CheckRequest(_message.Message):
    __slots__ = ("token", "permission", "resource")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    token: str
    permission: str
    resource: str
    def __init__(self, token: _Optional[str] = ..., permission: _Optional[str] = ..., resource: _Optional[str] = ...) -> None: ...

class CheckResponse(_message.Message):
    __slots__ = ("allowed", "caller", "reason", "missing_scope")
    ALLOWED_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    MISSING_SCOPE_FIELD_NUMBER: _ClassVar[int]
    allowed: bool
    caller: Caller
    reason: str
    missing_scope: str
    def __init__(self, allowed: _Optional[bool] = ..., caller: _Optional[_Union[Caller, _Mapping]] = ..., reason: _Optional[str] = ..., missing_scope: _Optional[str] = ...) -> None: ...

class IntrospectRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class IntrospectResponse(_message.Message):
    __slots__ = ("active", "caller", "expire_time", "client_id")
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    active: bool
    caller: Caller
    expire_time: int
    client_id: str
    def __init__(self, active: _Optional[bool] = ..., caller: _Optional[_Union[Caller, _Mapping]] = ..., expire_time: _Optional[int] = ..., client_id: _Optional[str] = ...) -> None: ...
