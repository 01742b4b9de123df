from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MintAccessTokenRequest(_message.Message):
    __slots__ = ("organization", "subject", "client_id", "scopes", "audience", "lifetime_seconds", "extra_claims")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    LIFETIME_SECONDS_FIELD_NUMBER: _ClassVar[int]
    EXTRA_CLAIMS_FIELD_NUMBER: _ClassVar[int]
    organization: str
    subject: str
    client_id: str
    scopes: _containers.RepeatedScalarFieldContainer[str]
    audience: _containers.RepeatedScalarFieldContainer[str]
    lifetime_seconds: int
    extra_claims: _struct_pb2.Struct
    def __init__(self, organization: _Optional[str] = ..., subject: _Optional[str] = ..., client_id: _Optional[str] = ..., scopes: _Optional[_Iterable[str]] = ..., audience: _Optional[_Iterable[str]] = ..., lifetime_seconds: _Optional[int] = ..., extra_claims: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class MintAccessTokenResponse(_message.Message):
    __slots__ = ("access_token", "expires_in", "kid", "token_id")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    KID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    expires_in: int
    kid: str
    token_id: str
    def __init__(self, access_token: _Optional[str] = ..., expires_in: _Optional[int] = ..., kid: _Optional[str] = ..., token_id: _Optional[str] = ...) -> None: ...
