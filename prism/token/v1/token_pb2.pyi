from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AssumeServiceAccountRequest(_message.Message):
    __slots__ = ("org", "service_account", "token")
    ORG_FIELD_NUMBER: _ClassVar[int]
    SERVICE_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    org: str
    service_account: str
    token: str
    def __init__(self, org: _Optional[str] = ..., service_account: _Optional[str] = ..., token: _Optional[str] = ...) -> None: ...

class AssumeServiceAccountResponse(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: IssuedToken
    def __init__(self, token: _Optional[_Union[IssuedToken, _Mapping]] = ...) -> None: ...

class ExchangeTokenRequest(_message.Message):
    __slots__ = ("organization", "subject_token", "subject_token_type", "audience", "requested_token_type")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_TOKEN_TYPE_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_TOKEN_TYPE_FIELD_NUMBER: _ClassVar[int]
    organization: str
    subject_token: str
    subject_token_type: str
    audience: str
    requested_token_type: str
    def __init__(self, organization: _Optional[str] = ..., subject_token: _Optional[str] = ..., subject_token_type: _Optional[str] = ..., audience: _Optional[str] = ..., requested_token_type: _Optional[str] = ...) -> None: ...

class ExchangeTokenResponse(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: IssuedToken
    def __init__(self, token: _Optional[_Union[IssuedToken, _Mapping]] = ...) -> None: ...

class ExplainAssumptionRequest(_message.Message):
    __slots__ = ("parent", "token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    token: str
    def __init__(self, parent: _Optional[str] = ..., token: _Optional[str] = ...) -> None: ...

class ExplanationStep(_message.Message):
    __slots__ = ("check", "passed", "detail")
    CHECK_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    check: str
    passed: bool
    detail: str
    def __init__(self, check: _Optional[str] = ..., passed: _Optional[bool] = ..., detail: _Optional[str] = ...) -> None: ...

class MethodExplanation(_message.Message):
    __slots__ = ("method", "configuration", "steps", "accepted")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    method: str
    configuration: str
    steps: _containers.RepeatedCompositeFieldContainer[ExplanationStep]
    accepted: bool
    def __init__(self, method: _Optional[str] = ..., configuration: _Optional[str] = ..., steps: _Optional[_Iterable[_Union[ExplanationStep, _Mapping]]] = ..., accepted: _Optional[bool] = ...) -> None: ...

class ExplainAssumptionResponse(_message.Message):
    __slots__ = ("accepted", "methods", "claims_json")
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    METHODS_FIELD_NUMBER: _ClassVar[int]
    CLAIMS_JSON_FIELD_NUMBER: _ClassVar[int]
    accepted: bool
    methods: _containers.RepeatedCompositeFieldContainer[MethodExplanation]
    claims_json: str
    def __init__(self, accepted: _Optional[bool] = ..., methods: _Optional[_Iterable[_Union[MethodExplanation, _Mapping]]] = ..., claims_json: _Optional[str] = ...) -> None: ...

class IssuedToken(_message.Message):
    __slots__ = ("access_token", "token_type", "expires_in", "organization", "subject", "issuer")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    token_type: str
    expires_in: int
    organization: str
    subject: str
    issuer: str
    def __init__(self, access_token: _Optional[str] = ..., token_type: _Optional[str] = ..., expires_in: _Optional[int] = ..., organization: _Optional[str] = ..., subject: _Optional[str] = ..., issuer: _Optional[str] = ...) -> None: ...

class LoginWithPasswordRequest(_message.Message):
    __slots__ = ("org", "username", "password", "totp")
    ORG_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    TOTP_FIELD_NUMBER: _ClassVar[int]
    org: str
    username: str
    password: str
    totp: str
    def __init__(self, org: _Optional[str] = ..., username: _Optional[str] = ..., password: _Optional[str] = ..., totp: _Optional[str] = ...) -> None: ...

class LoginWithPasswordResponse(_message.Message):
    __slots__ = ("token", "mfa")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    MFA_FIELD_NUMBER: _ClassVar[int]
    token: IssuedToken
    mfa: MfaRequired
    def __init__(self, token: _Optional[_Union[IssuedToken, _Mapping]] = ..., mfa: _Optional[_Union[MfaRequired, _Mapping]] = ...) -> None: ...

class MfaRequired(_message.Message):
    __slots__ = ("ticket", "enroll", "secret", "otpauth_uri", "expires_in")
    TICKET_FIELD_NUMBER: _ClassVar[int]
    ENROLL_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    OTPAUTH_URI_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    ticket: str
    enroll: bool
    secret: str
    otpauth_uri: str
    expires_in: int
    def __init__(self, ticket: _Optional[str] = ..., enroll: _Optional[bool] = ..., secret: _Optional[str] = ..., otpauth_uri: _Optional[str] = ..., expires_in: _Optional[int] = ...) -> None: ...

class CompleteLoginMfaRequest(_message.Message):
    __slots__ = ("ticket", "code", "password", "passkey_assertion")
    TICKET_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    PASSKEY_ASSERTION_FIELD_NUMBER: _ClassVar[int]
    ticket: str
    code: str
    password: str
    passkey_assertion: str
    def __init__(self, ticket: _Optional[str] = ..., code: _Optional[str] = ..., password: _Optional[str] = ..., passkey_assertion: _Optional[str] = ...) -> None: ...

class CompleteLoginMfaResponse(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: IssuedToken
    def __init__(self, token: _Optional[_Union[IssuedToken, _Mapping]] = ...) -> None: ...

class LoginAnonymouslyRequest(_message.Message):
    __slots__ = ("org",)
    ORG_FIELD_NUMBER: _ClassVar[int]
    org: str
    def __init__(self, org: _Optional[str] = ...) -> None: ...

class LoginAnonymouslyResponse(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: IssuedToken
    def __init__(self, token: _Optional[_Union[IssuedToken, _Mapping]] = ...) -> None: ...

class LoginWithApiKeyRequest(_message.Message):
    __slots__ = ("api_key",)
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    api_key: str
    def __init__(self, api_key: _Optional[str] = ...) -> None: ...

class LoginWithApiKeyResponse(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: IssuedToken
    def __init__(self, token: _Optional[_Union[IssuedToken, _Mapping]] = ...) -> None: ...

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

class TokenRequest(_message.Message):
    __slots__ = ("organization", "grant_type", "parameters", "client_id", "client_secret")
    class ParametersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    GRANT_TYPE_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    organization: str
    grant_type: str
    parameters: _containers.ScalarMap[str, str]
    client_id: str
    client_secret: str
    def __init__(self, organization: _Optional[str] = ..., grant_type: _Optional[str] = ..., parameters: _Optional[_Mapping[str, str]] = ..., client_id: _Optional[str] = ..., client_secret: _Optional[str] = ...) -> None: ...

class TokenResponse(_message.Message):
    __slots__ = ("access_token", "token_type", "expires_in", "scope", "refresh_token", "id_token")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ID_TOKEN_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    token_type: str
    expires_in: int
    scope: str
    refresh_token: str
    id_token: str
    def __init__(self, access_token: _Optional[str] = ..., token_type: _Optional[str] = ..., expires_in: _Optional[int] = ..., scope: _Optional[str] = ..., refresh_token: _Optional[str] = ..., id_token: _Optional[str] = ...) -> None: ...

class IntrospectTokenRequest(_message.Message):
    __slots__ = ("organization", "client_id", "client_secret", "token", "token_type_hint")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_TYPE_HINT_FIELD_NUMBER: _ClassVar[int]
    organization: str
    client_id: str
    client_secret: str
    token: str
    token_type_hint: str
    def __init__(self, organization: _Optional[str] = ..., client_id: _Optional[str] = ..., client_secret: _Optional[str] = ..., token: _Optional[str] = ..., token_type_hint: _Optional[str] = ...) -> None: ...

class IntrospectTokenResponse(_message.Message):
    __slots__ = ("active", "claims")
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    active: bool
    claims: _struct_pb2.Struct
    def __init__(self, active: _Optional[bool] = ..., claims: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class RevokeTokenRequest(_message.Message):
    __slots__ = ("organization", "client_id", "client_secret", "token", "token_type_hint")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_TYPE_HINT_FIELD_NUMBER: _ClassVar[int]
    organization: str
    client_id: str
    client_secret: str
    token: str
    token_type_hint: str
    def __init__(self, organization: _Optional[str] = ..., client_id: _Optional[str] = ..., client_secret: _Optional[str] = ..., token: _Optional[str] = ..., token_type_hint: _Optional[str] = ...) -> None: ...

class RevokeTokenResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AuthorizeRequest(_message.Message):
    __slots__ = ("organization", "parameters", "session")
    class ParametersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    organization: str
    parameters: _containers.ScalarMap[str, str]
    session: str
    def __init__(self, organization: _Optional[str] = ..., parameters: _Optional[_Mapping[str, str]] = ..., session: _Optional[str] = ...) -> None: ...

class AuthorizeResponse(_message.Message):
    __slots__ = ("step",)
    STEP_FIELD_NUMBER: _ClassVar[int]
    step: AuthorizationStep
    def __init__(self, step: _Optional[_Union[AuthorizationStep, _Mapping]] = ...) -> None: ...

class AuthorizationStep(_message.Message):
    __slots__ = ("redirect", "login", "consent", "mfa")
    REDIRECT_FIELD_NUMBER: _ClassVar[int]
    LOGIN_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    MFA_FIELD_NUMBER: _ClassVar[int]
    redirect: str
    login: LoginStep
    consent: ConsentStep
    mfa: MfaStep
    def __init__(self, redirect: _Optional[str] = ..., login: _Optional[_Union[LoginStep, _Mapping]] = ..., consent: _Optional[_Union[ConsentStep, _Mapping]] = ..., mfa: _Optional[_Union[MfaStep, _Mapping]] = ...) -> None: ...

class MfaStep(_message.Message):
    __slots__ = ("request_id", "ticket", "app_name", "username", "enroll", "secret", "otpauth_uri", "error")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TICKET_FIELD_NUMBER: _ClassVar[int]
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    ENROLL_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    OTPAUTH_URI_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    ticket: str
    app_name: str
    username: str
    enroll: bool
    secret: str
    otpauth_uri: str
    error: str
    def __init__(self, request_id: _Optional[str] = ..., ticket: _Optional[str] = ..., app_name: _Optional[str] = ..., username: _Optional[str] = ..., enroll: _Optional[bool] = ..., secret: _Optional[str] = ..., otpauth_uri: _Optional[str] = ..., error: _Optional[str] = ...) -> None: ...

class LoginStep(_message.Message):
    __slots__ = ("request_id", "app_name", "login_hint", "error")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    LOGIN_HINT_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    app_name: str
    login_hint: str
    error: str
    def __init__(self, request_id: _Optional[str] = ..., app_name: _Optional[str] = ..., login_hint: _Optional[str] = ..., error: _Optional[str] = ...) -> None: ...

class ConsentStep(_message.Message):
    __slots__ = ("request_id", "app_name", "app_description", "scopes", "user", "redirect_uri", "verified_domain")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    APP_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_DOMAIN_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    app_name: str
    app_description: str
    scopes: _containers.RepeatedScalarFieldContainer[str]
    user: str
    redirect_uri: str
    verified_domain: str
    def __init__(self, request_id: _Optional[str] = ..., app_name: _Optional[str] = ..., app_description: _Optional[str] = ..., scopes: _Optional[_Iterable[str]] = ..., user: _Optional[str] = ..., redirect_uri: _Optional[str] = ..., verified_domain: _Optional[str] = ...) -> None: ...

class SignInRequest(_message.Message):
    __slots__ = ("organization", "request_id", "username", "password")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    organization: str
    request_id: str
    username: str
    password: str
    def __init__(self, organization: _Optional[str] = ..., request_id: _Optional[str] = ..., username: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class SignInResponse(_message.Message):
    __slots__ = ("session", "session_expires_in", "step")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    SESSION_EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    session: str
    session_expires_in: int
    step: AuthorizationStep
    def __init__(self, session: _Optional[str] = ..., session_expires_in: _Optional[int] = ..., step: _Optional[_Union[AuthorizationStep, _Mapping]] = ...) -> None: ...

class VerifySignInMfaRequest(_message.Message):
    __slots__ = ("organization", "ticket", "code", "password", "request_id", "passkey_assertion")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    TICKET_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PASSKEY_ASSERTION_FIELD_NUMBER: _ClassVar[int]
    organization: str
    ticket: str
    code: str
    password: str
    request_id: str
    passkey_assertion: str
    def __init__(self, organization: _Optional[str] = ..., ticket: _Optional[str] = ..., code: _Optional[str] = ..., password: _Optional[str] = ..., request_id: _Optional[str] = ..., passkey_assertion: _Optional[str] = ...) -> None: ...

class StartSignInPasskeyRequest(_message.Message):
    __slots__ = ("organization", "ticket")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    TICKET_FIELD_NUMBER: _ClassVar[int]
    organization: str
    ticket: str
    def __init__(self, organization: _Optional[str] = ..., ticket: _Optional[str] = ...) -> None: ...

class StartSignInPasskeyResponse(_message.Message):
    __slots__ = ("options",)
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    options: str
    def __init__(self, options: _Optional[str] = ...) -> None: ...

class VerifySignInMfaResponse(_message.Message):
    __slots__ = ("session", "session_expires_in", "step")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    SESSION_EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    session: str
    session_expires_in: int
    step: AuthorizationStep
    def __init__(self, session: _Optional[str] = ..., session_expires_in: _Optional[int] = ..., step: _Optional[_Union[AuthorizationStep, _Mapping]] = ...) -> None: ...

class UpstreamProvider(_message.Message):
    __slots__ = ("slug", "label", "icon", "type")
    SLUG_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    ICON_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    slug: str
    label: str
    icon: str
    type: str
    def __init__(self, slug: _Optional[str] = ..., label: _Optional[str] = ..., icon: _Optional[str] = ..., type: _Optional[str] = ...) -> None: ...

class GetLoginOptionsRequest(_message.Message):
    __slots__ = ("organization",)
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    organization: str
    def __init__(self, organization: _Optional[str] = ...) -> None: ...

class GetLoginOptionsResponse(_message.Message):
    __slots__ = ("providers", "local_signin", "local_signup")
    PROVIDERS_FIELD_NUMBER: _ClassVar[int]
    LOCAL_SIGNIN_FIELD_NUMBER: _ClassVar[int]
    LOCAL_SIGNUP_FIELD_NUMBER: _ClassVar[int]
    providers: _containers.RepeatedCompositeFieldContainer[UpstreamProvider]
    local_signin: bool
    local_signup: bool
    def __init__(self, providers: _Optional[_Iterable[_Union[UpstreamProvider, _Mapping]]] = ..., local_signin: _Optional[bool] = ..., local_signup: _Optional[bool] = ...) -> None: ...

class StartUpstreamLoginRequest(_message.Message):
    __slots__ = ("organization", "provider", "request_id", "invitation", "login_hint")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    LOGIN_HINT_FIELD_NUMBER: _ClassVar[int]
    organization: str
    provider: str
    request_id: str
    invitation: str
    login_hint: str
    def __init__(self, organization: _Optional[str] = ..., provider: _Optional[str] = ..., request_id: _Optional[str] = ..., invitation: _Optional[str] = ..., login_hint: _Optional[str] = ...) -> None: ...

class StartUpstreamLoginResponse(_message.Message):
    __slots__ = ("redirect", "binding")
    REDIRECT_FIELD_NUMBER: _ClassVar[int]
    BINDING_FIELD_NUMBER: _ClassVar[int]
    redirect: str
    binding: str
    def __init__(self, redirect: _Optional[str] = ..., binding: _Optional[str] = ...) -> None: ...

class FinishUpstreamLoginRequest(_message.Message):
    __slots__ = ("parameters", "binding", "invitation")
    class ParametersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    BINDING_FIELD_NUMBER: _ClassVar[int]
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    parameters: _containers.ScalarMap[str, str]
    binding: str
    invitation: str
    def __init__(self, parameters: _Optional[_Mapping[str, str]] = ..., binding: _Optional[str] = ..., invitation: _Optional[str] = ...) -> None: ...

class FinishUpstreamLoginResponse(_message.Message):
    __slots__ = ("organization", "session", "session_expires_in", "step")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    SESSION_EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    organization: str
    session: str
    session_expires_in: int
    step: AuthorizationStep
    def __init__(self, organization: _Optional[str] = ..., session: _Optional[str] = ..., session_expires_in: _Optional[int] = ..., step: _Optional[_Union[AuthorizationStep, _Mapping]] = ...) -> None: ...

class DecideConsentRequest(_message.Message):
    __slots__ = ("organization", "request_id", "session", "approved")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    APPROVED_FIELD_NUMBER: _ClassVar[int]
    organization: str
    request_id: str
    session: str
    approved: bool
    def __init__(self, organization: _Optional[str] = ..., request_id: _Optional[str] = ..., session: _Optional[str] = ..., approved: _Optional[bool] = ...) -> None: ...

class DecideConsentResponse(_message.Message):
    __slots__ = ("step",)
    STEP_FIELD_NUMBER: _ClassVar[int]
    step: AuthorizationStep
    def __init__(self, step: _Optional[_Union[AuthorizationStep, _Mapping]] = ...) -> None: ...

class UserInfoRequest(_message.Message):
    __slots__ = ("organization", "access_token")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    organization: str
    access_token: str
    def __init__(self, organization: _Optional[str] = ..., access_token: _Optional[str] = ...) -> None: ...

class UserInfoResponse(_message.Message):
    __slots__ = ("claims",)
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    claims: _struct_pb2.Struct
    def __init__(self, claims: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class EndSessionRequest(_message.Message):
    __slots__ = ("organization", "parameters", "session")
    class ParametersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    organization: str
    parameters: _containers.ScalarMap[str, str]
    session: str
    def __init__(self, organization: _Optional[str] = ..., parameters: _Optional[_Mapping[str, str]] = ..., session: _Optional[str] = ...) -> None: ...

class EndSessionResponse(_message.Message):
    __slots__ = ("redirect",)
    REDIRECT_FIELD_NUMBER: _ClassVar[int]
    redirect: str
    def __init__(self, redirect: _Optional[str] = ...) -> None: ...

class GetSessionRequest(_message.Message):
    __slots__ = ("organization", "session")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    organization: str
    session: str
    def __init__(self, organization: _Optional[str] = ..., session: _Optional[str] = ...) -> None: ...

class GetSessionResponse(_message.Message):
    __slots__ = ("user_id", "username", "access_token")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    username: str
    access_token: str
    def __init__(self, user_id: _Optional[str] = ..., username: _Optional[str] = ..., access_token: _Optional[str] = ...) -> None: ...

class CheckRevokedRequest(_message.Message):
    __slots__ = ("token_ids",)
    TOKEN_IDS_FIELD_NUMBER: _ClassVar[int]
    token_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, token_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CheckRevokedResponse(_message.Message):
    __slots__ = ("revoked_token_ids",)
    REVOKED_TOKEN_IDS_FIELD_NUMBER: _ClassVar[int]
    revoked_token_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, revoked_token_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class GetSamlMetadataRequest(_message.Message):
    __slots__ = ("organization", "provider")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    organization: str
    provider: str
    def __init__(self, organization: _Optional[str] = ..., provider: _Optional[str] = ...) -> None: ...

class GetSamlMetadataResponse(_message.Message):
    __slots__ = ("metadata_xml",)
    METADATA_XML_FIELD_NUMBER: _ClassVar[int]
    metadata_xml: str
    def __init__(self, metadata_xml: _Optional[str] = ...) -> None: ...
