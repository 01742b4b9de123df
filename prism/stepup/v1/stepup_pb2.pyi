from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class GetTotpEnrollmentRequest(_message.Message):
    __slots__ = ("organization", "user_id", "account_name", "issuer_name")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    ISSUER_NAME_FIELD_NUMBER: _ClassVar[int]
    organization: str
    user_id: str
    account_name: str
    issuer_name: str
    def __init__(self, organization: _Optional[str] = ..., user_id: _Optional[str] = ..., account_name: _Optional[str] = ..., issuer_name: _Optional[str] = ...) -> None: ...

class GetTotpEnrollmentResponse(_message.Message):
    __slots__ = ("enrolled", "secret", "otpauth_uri")
    ENROLLED_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    OTPAUTH_URI_FIELD_NUMBER: _ClassVar[int]
    enrolled: bool
    secret: str
    otpauth_uri: str
    def __init__(self, enrolled: _Optional[bool] = ..., secret: _Optional[str] = ..., otpauth_uri: _Optional[str] = ...) -> None: ...

class VerifyTotpRequest(_message.Message):
    __slots__ = ("organization", "user_id", "code", "allow_enrollment")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    ALLOW_ENROLLMENT_FIELD_NUMBER: _ClassVar[int]
    organization: str
    user_id: str
    code: str
    allow_enrollment: bool
    def __init__(self, organization: _Optional[str] = ..., user_id: _Optional[str] = ..., code: _Optional[str] = ..., allow_enrollment: _Optional[bool] = ...) -> None: ...

class VerifyTotpResponse(_message.Message):
    __slots__ = ("enrolled_now",)
    ENROLLED_NOW_FIELD_NUMBER: _ClassVar[int]
    enrolled_now: bool
    def __init__(self, enrolled_now: _Optional[bool] = ...) -> None: ...

class ResetUserFactorsRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ResetUserFactorsResponse(_message.Message):
    __slots__ = ("removed",)
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    removed: int
    def __init__(self, removed: _Optional[int] = ...) -> None: ...
