from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
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

class RegenerateBackupCodesRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class RegenerateBackupCodesResponse(_message.Message):
    __slots__ = ("codes",)
    CODES_FIELD_NUMBER: _ClassVar[int]
    codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, codes: _Optional[_Iterable[str]] = ...) -> None: ...

class GetUserFactorsRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetUserFactorsResponse(_message.Message):
    __slots__ = ("totp_enrolled", "backup_codes_remaining")
    TOTP_ENROLLED_FIELD_NUMBER: _ClassVar[int]
    BACKUP_CODES_REMAINING_FIELD_NUMBER: _ClassVar[int]
    totp_enrolled: bool
    backup_codes_remaining: int
    def __init__(self, totp_enrolled: _Optional[bool] = ..., backup_codes_remaining: _Optional[int] = ...) -> None: ...

class UseBackupCodeRequest(_message.Message):
    __slots__ = ("organization", "user_id", "code")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    organization: str
    user_id: str
    code: str
    def __init__(self, organization: _Optional[str] = ..., user_id: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class UseBackupCodeResponse(_message.Message):
    __slots__ = ("remaining",)
    REMAINING_FIELD_NUMBER: _ClassVar[int]
    remaining: int
    def __init__(self, remaining: _Optional[int] = ...) -> None: ...
