import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class KeyState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    KEY_STATE_UNSPECIFIED: _ClassVar[KeyState]
    KEY_STATE_NEXT: _ClassVar[KeyState]
    KEY_STATE_ACTIVE: _ClassVar[KeyState]
    KEY_STATE_RETIRED: _ClassVar[KeyState]
KEY_STATE_UNSPECIFIED: KeyState
KEY_STATE_NEXT: KeyState
KEY_STATE_ACTIVE: KeyState
KEY_STATE_RETIRED: KeyState

class Key(_message.Message):
    __slots__ = ("name", "kid", "algorithm", "state", "public_jwk_json", "create_time", "activate_time", "retire_time", "remove_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KID_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_JWK_JSON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ACTIVATE_TIME_FIELD_NUMBER: _ClassVar[int]
    RETIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    REMOVE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    kid: str
    algorithm: str
    state: KeyState
    public_jwk_json: str
    create_time: _timestamp_pb2.Timestamp
    activate_time: _timestamp_pb2.Timestamp
    retire_time: _timestamp_pb2.Timestamp
    remove_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., kid: _Optional[str] = ..., algorithm: _Optional[str] = ..., state: _Optional[_Union[KeyState, str]] = ..., public_jwk_json: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., activate_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., retire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., remove_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListKeysRequest(_message.Message):
    __slots__ = ("parent",)
    PARENT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    def __init__(self, parent: _Optional[str] = ...) -> None: ...

class ListKeysResponse(_message.Message):
    __slots__ = ("keys", "jwks_json", "cache_max_age_seconds")
    KEYS_FIELD_NUMBER: _ClassVar[int]
    JWKS_JSON_FIELD_NUMBER: _ClassVar[int]
    CACHE_MAX_AGE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.RepeatedCompositeFieldContainer[Key]
    jwks_json: str
    cache_max_age_seconds: int
    def __init__(self, keys: _Optional[_Iterable[_Union[Key, _Mapping]]] = ..., jwks_json: _Optional[str] = ..., cache_max_age_seconds: _Optional[int] = ...) -> None: ...

class RotateKeysRequest(_message.Message):
    __slots__ = ("parent", "force", "algorithm")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    FORCE_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    parent: str
    force: bool
    algorithm: str
    def __init__(self, parent: _Optional[str] = ..., force: _Optional[bool] = ..., algorithm: _Optional[str] = ...) -> None: ...

class RotateKeysResponse(_message.Message):
    __slots__ = ("key",)
    KEY_FIELD_NUMBER: _ClassVar[int]
    key: Key
    def __init__(self, key: _Optional[_Union[Key, _Mapping]] = ...) -> None: ...

class WatchKeysRequest(_message.Message):
    __slots__ = ("organizations",)
    ORGANIZATIONS_FIELD_NUMBER: _ClassVar[int]
    organizations: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, organizations: _Optional[_Iterable[str]] = ...) -> None: ...

class SigningKey(_message.Message):
    __slots__ = ("key", "private_key_pkcs8")
    KEY_FIELD_NUMBER: _ClassVar[int]
    PRIVATE_KEY_PKCS8_FIELD_NUMBER: _ClassVar[int]
    key: Key
    private_key_pkcs8: bytes
    def __init__(self, key: _Optional[_Union[Key, _Mapping]] = ..., private_key_pkcs8: _Optional[bytes] = ...) -> None: ...

class WatchKeysResponse(_message.Message):
    __slots__ = ("organization", "keys", "jwks_json", "version", "cache_max_age_seconds")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    KEYS_FIELD_NUMBER: _ClassVar[int]
    JWKS_JSON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CACHE_MAX_AGE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    organization: str
    keys: _containers.RepeatedCompositeFieldContainer[SigningKey]
    jwks_json: str
    version: int
    cache_max_age_seconds: int
    def __init__(self, organization: _Optional[str] = ..., keys: _Optional[_Iterable[_Union[SigningKey, _Mapping]]] = ..., jwks_json: _Optional[str] = ..., version: _Optional[int] = ..., cache_max_age_seconds: _Optional[int] = ...) -> None: ...

class SignRequest(_message.Message):
    __slots__ = ("parent", "claims", "type")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    parent: str
    claims: _struct_pb2.Struct
    type: str
    def __init__(self, parent: _Optional[str] = ..., claims: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., type: _Optional[str] = ...) -> None: ...

class SignResponse(_message.Message):
    __slots__ = ("jws", "kid")
    JWS_FIELD_NUMBER: _ClassVar[int]
    KID_FIELD_NUMBER: _ClassVar[int]
    jws: str
    kid: str
    def __init__(self, jws: _Optional[str] = ..., kid: _Optional[str] = ...) -> None: ...
