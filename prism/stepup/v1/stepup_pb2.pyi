from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

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
    __slots__ = ("totp_enrolled", "backup_codes_remaining", "passkeys")
    TOTP_ENROLLED_FIELD_NUMBER: _ClassVar[int]
    BACKUP_CODES_REMAINING_FIELD_NUMBER: _ClassVar[int]
    PASSKEYS_FIELD_NUMBER: _ClassVar[int]
    totp_enrolled: bool
    backup_codes_remaining: int
    passkeys: int
    def __init__(self, totp_enrolled: _Optional[bool] = ..., backup_codes_remaining: _Optional[int] = ..., passkeys: _Optional[int] = ...) -> None: ...

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

class CreateChallengeRequest(_message.Message):
    __slots__ = ("organization", "client_id", "client_secret", "redirect_uri", "action", "nonce", "code_challenge", "code_challenge_method", "require_captcha")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    NONCE_FIELD_NUMBER: _ClassVar[int]
    CODE_CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    CODE_CHALLENGE_METHOD_FIELD_NUMBER: _ClassVar[int]
    REQUIRE_CAPTCHA_FIELD_NUMBER: _ClassVar[int]
    organization: str
    client_id: str
    client_secret: str
    redirect_uri: str
    action: str
    nonce: str
    code_challenge: str
    code_challenge_method: str
    require_captcha: bool
    def __init__(self, organization: _Optional[str] = ..., client_id: _Optional[str] = ..., client_secret: _Optional[str] = ..., redirect_uri: _Optional[str] = ..., action: _Optional[str] = ..., nonce: _Optional[str] = ..., code_challenge: _Optional[str] = ..., code_challenge_method: _Optional[str] = ..., require_captcha: _Optional[bool] = ...) -> None: ...

class CreateChallengeResponse(_message.Message):
    __slots__ = ("challenge_id", "expires_at")
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    challenge_id: str
    expires_at: int
    def __init__(self, challenge_id: _Optional[str] = ..., expires_at: _Optional[int] = ...) -> None: ...

class GetChallengeInfoRequest(_message.Message):
    __slots__ = ("organization", "challenge_id")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    organization: str
    challenge_id: str
    def __init__(self, organization: _Optional[str] = ..., challenge_id: _Optional[str] = ...) -> None: ...

class GetChallengeInfoResponse(_message.Message):
    __slots__ = ("client_id", "app_name", "action", "redirect_host", "expires_at", "methods", "captcha_required", "captcha_provider", "captcha_site_key", "sudo_until", "sudo_ttl_minutes", "pow_challenge", "pow_difficulty", "passkey_options", "verified_domain")
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_HOST_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    METHODS_FIELD_NUMBER: _ClassVar[int]
    CAPTCHA_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    CAPTCHA_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    CAPTCHA_SITE_KEY_FIELD_NUMBER: _ClassVar[int]
    SUDO_UNTIL_FIELD_NUMBER: _ClassVar[int]
    SUDO_TTL_MINUTES_FIELD_NUMBER: _ClassVar[int]
    POW_CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    POW_DIFFICULTY_FIELD_NUMBER: _ClassVar[int]
    PASSKEY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_DOMAIN_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    app_name: str
    action: str
    redirect_host: str
    expires_at: int
    methods: _containers.RepeatedScalarFieldContainer[str]
    captcha_required: bool
    captcha_provider: str
    captcha_site_key: str
    sudo_until: int
    sudo_ttl_minutes: int
    pow_challenge: str
    pow_difficulty: int
    passkey_options: str
    verified_domain: str
    def __init__(self, client_id: _Optional[str] = ..., app_name: _Optional[str] = ..., action: _Optional[str] = ..., redirect_host: _Optional[str] = ..., expires_at: _Optional[int] = ..., methods: _Optional[_Iterable[str]] = ..., captcha_required: _Optional[bool] = ..., captcha_provider: _Optional[str] = ..., captcha_site_key: _Optional[str] = ..., sudo_until: _Optional[int] = ..., sudo_ttl_minutes: _Optional[int] = ..., pow_challenge: _Optional[str] = ..., pow_difficulty: _Optional[int] = ..., passkey_options: _Optional[str] = ..., verified_domain: _Optional[str] = ...) -> None: ...

class AuthorizeChallengeRequest(_message.Message):
    __slots__ = ("organization", "challenge_id", "state", "approve", "acknowledged", "code", "remember", "captcha_token", "passkey_assertion")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    APPROVE_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    REMEMBER_FIELD_NUMBER: _ClassVar[int]
    CAPTCHA_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PASSKEY_ASSERTION_FIELD_NUMBER: _ClassVar[int]
    organization: str
    challenge_id: str
    state: str
    approve: bool
    acknowledged: bool
    code: str
    remember: bool
    captcha_token: str
    passkey_assertion: str
    def __init__(self, organization: _Optional[str] = ..., challenge_id: _Optional[str] = ..., state: _Optional[str] = ..., approve: _Optional[bool] = ..., acknowledged: _Optional[bool] = ..., code: _Optional[str] = ..., remember: _Optional[bool] = ..., captcha_token: _Optional[str] = ..., passkey_assertion: _Optional[str] = ...) -> None: ...

class AuthorizeChallengeResponse(_message.Message):
    __slots__ = ("redirect",)
    REDIRECT_FIELD_NUMBER: _ClassVar[int]
    redirect: str
    def __init__(self, redirect: _Optional[str] = ...) -> None: ...

class VerifyChallengeCodeRequest(_message.Message):
    __slots__ = ("organization", "code", "client_id", "client_secret", "redirect_uri", "code_verifier")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    CODE_VERIFIER_FIELD_NUMBER: _ClassVar[int]
    organization: str
    code: str
    client_id: str
    client_secret: str
    redirect_uri: str
    code_verifier: str
    def __init__(self, organization: _Optional[str] = ..., code: _Optional[str] = ..., client_id: _Optional[str] = ..., client_secret: _Optional[str] = ..., redirect_uri: _Optional[str] = ..., code_verifier: _Optional[str] = ...) -> None: ...

class VerifyChallengeCodeResponse(_message.Message):
    __slots__ = ("user_id", "client_id", "verified_at", "action", "nonce", "method")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    NONCE_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    client_id: str
    verified_at: int
    action: str
    nonce: str
    method: str
    def __init__(self, user_id: _Optional[str] = ..., client_id: _Optional[str] = ..., verified_at: _Optional[int] = ..., action: _Optional[str] = ..., nonce: _Optional[str] = ..., method: _Optional[str] = ...) -> None: ...

class RevokeSudoRequest(_message.Message):
    __slots__ = ("organization", "client_id")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    organization: str
    client_id: str
    def __init__(self, organization: _Optional[str] = ..., client_id: _Optional[str] = ...) -> None: ...

class RevokeSudoResponse(_message.Message):
    __slots__ = ("revoked",)
    REVOKED_FIELD_NUMBER: _ClassVar[int]
    revoked: int
    def __init__(self, revoked: _Optional[int] = ...) -> None: ...

class Passkey(_message.Message):
    __slots__ = ("name", "display_name", "transports", "created_at", "last_used_at")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    TRANSPORTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_USED_AT_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    transports: _containers.RepeatedScalarFieldContainer[str]
    created_at: int
    last_used_at: int
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., transports: _Optional[_Iterable[str]] = ..., created_at: _Optional[int] = ..., last_used_at: _Optional[int] = ...) -> None: ...

class StartPasskeyRegistrationRequest(_message.Message):
    __slots__ = ("parent", "account_name")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    parent: str
    account_name: str
    def __init__(self, parent: _Optional[str] = ..., account_name: _Optional[str] = ...) -> None: ...

class StartPasskeyRegistrationResponse(_message.Message):
    __slots__ = ("options",)
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    options: str
    def __init__(self, options: _Optional[str] = ...) -> None: ...

class CreatePasskeyRequest(_message.Message):
    __slots__ = ("parent", "credential", "display_name")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    parent: str
    credential: str
    display_name: str
    def __init__(self, parent: _Optional[str] = ..., credential: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class CreatePasskeyResponse(_message.Message):
    __slots__ = ("passkey",)
    PASSKEY_FIELD_NUMBER: _ClassVar[int]
    passkey: Passkey
    def __init__(self, passkey: _Optional[_Union[Passkey, _Mapping]] = ...) -> None: ...

class ListPasskeysRequest(_message.Message):
    __slots__ = ("parent",)
    PARENT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    def __init__(self, parent: _Optional[str] = ...) -> None: ...

class ListPasskeysResponse(_message.Message):
    __slots__ = ("passkeys",)
    PASSKEYS_FIELD_NUMBER: _ClassVar[int]
    passkeys: _containers.RepeatedCompositeFieldContainer[Passkey]
    def __init__(self, passkeys: _Optional[_Iterable[_Union[Passkey, _Mapping]]] = ...) -> None: ...

class DeletePasskeyRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeletePasskeyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StartTotpEnrollmentRequest(_message.Message):
    __slots__ = ("name", "account_name", "replace")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    REPLACE_FIELD_NUMBER: _ClassVar[int]
    name: str
    account_name: str
    replace: bool
    def __init__(self, name: _Optional[str] = ..., account_name: _Optional[str] = ..., replace: _Optional[bool] = ...) -> None: ...

class StartTotpEnrollmentResponse(_message.Message):
    __slots__ = ("enrolled", "secret", "otpauth_uri")
    ENROLLED_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    OTPAUTH_URI_FIELD_NUMBER: _ClassVar[int]
    enrolled: bool
    secret: str
    otpauth_uri: str
    def __init__(self, enrolled: _Optional[bool] = ..., secret: _Optional[str] = ..., otpauth_uri: _Optional[str] = ...) -> None: ...

class ConfirmTotpEnrollmentRequest(_message.Message):
    __slots__ = ("name", "code")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    name: str
    code: str
    def __init__(self, name: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class ConfirmTotpEnrollmentResponse(_message.Message):
    __slots__ = ("enrolled_now",)
    ENROLLED_NOW_FIELD_NUMBER: _ClassVar[int]
    enrolled_now: bool
    def __init__(self, enrolled_now: _Optional[bool] = ...) -> None: ...

class StartReauthenticationRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class StartReauthenticationResponse(_message.Message):
    __slots__ = ("allowed_until", "methods", "passkey_options")
    ALLOWED_UNTIL_FIELD_NUMBER: _ClassVar[int]
    METHODS_FIELD_NUMBER: _ClassVar[int]
    PASSKEY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    allowed_until: int
    methods: _containers.RepeatedScalarFieldContainer[str]
    passkey_options: str
    def __init__(self, allowed_until: _Optional[int] = ..., methods: _Optional[_Iterable[str]] = ..., passkey_options: _Optional[str] = ...) -> None: ...

class ReauthenticateRequest(_message.Message):
    __slots__ = ("name", "password", "code", "passkey_assertion")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    PASSKEY_ASSERTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    password: str
    code: str
    passkey_assertion: str
    def __init__(self, name: _Optional[str] = ..., password: _Optional[str] = ..., code: _Optional[str] = ..., passkey_assertion: _Optional[str] = ...) -> None: ...

class ReauthenticateResponse(_message.Message):
    __slots__ = ("allowed_until", "method")
    ALLOWED_UNTIL_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    allowed_until: int
    method: str
    def __init__(self, allowed_until: _Optional[int] = ..., method: _Optional[str] = ...) -> None: ...

class StartPasskeySignInRequest(_message.Message):
    __slots__ = ("organization", "user_id", "binding")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    BINDING_FIELD_NUMBER: _ClassVar[int]
    organization: str
    user_id: str
    binding: str
    def __init__(self, organization: _Optional[str] = ..., user_id: _Optional[str] = ..., binding: _Optional[str] = ...) -> None: ...

class StartPasskeySignInResponse(_message.Message):
    __slots__ = ("options",)
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    options: str
    def __init__(self, options: _Optional[str] = ...) -> None: ...

class VerifyPasskeySignInRequest(_message.Message):
    __slots__ = ("organization", "user_id", "binding", "assertion")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    BINDING_FIELD_NUMBER: _ClassVar[int]
    ASSERTION_FIELD_NUMBER: _ClassVar[int]
    organization: str
    user_id: str
    binding: str
    assertion: str
    def __init__(self, organization: _Optional[str] = ..., user_id: _Optional[str] = ..., binding: _Optional[str] = ..., assertion: _Optional[str] = ...) -> None: ...

class VerifyPasskeySignInResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
