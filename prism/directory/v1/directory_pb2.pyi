import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MatchType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATCH_TYPE_UNSPECIFIED: _ClassVar[MatchType]
    MATCH_TYPE_EXACT: _ClassVar[MatchType]
    MATCH_TYPE_GLOB: _ClassVar[MatchType]

class ClientType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CLIENT_TYPE_UNSPECIFIED: _ClassVar[ClientType]
    CLIENT_TYPE_CONFIDENTIAL: _ClassVar[ClientType]
    CLIENT_TYPE_PUBLIC: _ClassVar[ClientType]
MATCH_TYPE_UNSPECIFIED: MatchType
MATCH_TYPE_EXACT: MatchType
MATCH_TYPE_GLOB: MatchType
CLIENT_TYPE_UNSPECIFIED: ClientType
CLIENT_TYPE_CONFIDENTIAL: ClientType
CLIENT_TYPE_PUBLIC: ClientType

class Organization(_message.Message):
    __slots__ = ("name", "slug", "display_name", "issuer", "uid", "create_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    UID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    slug: str
    display_name: str
    issuer: str
    uid: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., slug: _Optional[str] = ..., display_name: _Optional[str] = ..., issuer: _Optional[str] = ..., uid: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateOrganizationRequest(_message.Message):
    __slots__ = ("organization", "admin_username", "admin_password")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    ADMIN_USERNAME_FIELD_NUMBER: _ClassVar[int]
    ADMIN_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    organization: Organization
    admin_username: str
    admin_password: str
    def __init__(self, organization: _Optional[_Union[Organization, _Mapping]] = ..., admin_username: _Optional[str] = ..., admin_password: _Optional[str] = ...) -> None: ...

class CreateOrganizationResponse(_message.Message):
    __slots__ = ("organization", "admin")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    ADMIN_FIELD_NUMBER: _ClassVar[int]
    organization: Organization
    admin: User
    def __init__(self, organization: _Optional[_Union[Organization, _Mapping]] = ..., admin: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class GetOrganizationRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetOrganizationResponse(_message.Message):
    __slots__ = ("organization",)
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    organization: Organization
    def __init__(self, organization: _Optional[_Union[Organization, _Mapping]] = ...) -> None: ...

class ListOrganizationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOrganizationsResponse(_message.Message):
    __slots__ = ("organizations", "next_page_token")
    ORGANIZATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    organizations: _containers.RepeatedCompositeFieldContainer[Organization]
    next_page_token: str
    def __init__(self, organizations: _Optional[_Iterable[_Union[Organization, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Project(_message.Message):
    __slots__ = ("name", "project_id", "uid", "create_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    UID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    project_id: str
    uid: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., project_id: _Optional[str] = ..., uid: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateProjectRequest(_message.Message):
    __slots__ = ("parent", "project")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    project: Project
    def __init__(self, parent: _Optional[str] = ..., project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...

class CreateProjectResponse(_message.Message):
    __slots__ = ("project",)
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    project: Project
    def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...

class GetProjectRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetProjectResponse(_message.Message):
    __slots__ = ("project",)
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    project: Project
    def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...

class ListProjectsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProjectsResponse(_message.Message):
    __slots__ = ("projects", "next_page_token")
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    projects: _containers.RepeatedCompositeFieldContainer[Project]
    next_page_token: str
    def __init__(self, projects: _Optional[_Iterable[_Union[Project, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteProjectRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteProjectResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class User(_message.Message):
    __slots__ = ("name", "user_id", "username", "email", "display_name", "role", "password", "create_time", "kind", "provider", "email_verified", "disabled", "locked_until", "failed_sign_ins")
    NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    EMAIL_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    LOCKED_UNTIL_FIELD_NUMBER: _ClassVar[int]
    FAILED_SIGN_INS_FIELD_NUMBER: _ClassVar[int]
    name: str
    user_id: str
    username: str
    email: str
    display_name: str
    role: str
    password: str
    create_time: _timestamp_pb2.Timestamp
    kind: str
    provider: str
    email_verified: bool
    disabled: bool
    locked_until: _timestamp_pb2.Timestamp
    failed_sign_ins: int
    def __init__(self, name: _Optional[str] = ..., user_id: _Optional[str] = ..., username: _Optional[str] = ..., email: _Optional[str] = ..., display_name: _Optional[str] = ..., role: _Optional[str] = ..., password: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[str] = ..., provider: _Optional[str] = ..., email_verified: _Optional[bool] = ..., disabled: _Optional[bool] = ..., locked_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., failed_sign_ins: _Optional[int] = ...) -> None: ...

class UpdateUserRequest(_message.Message):
    __slots__ = ("user", "update_mask")
    USER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    user: User
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class UnlockUserRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class UnlockUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class SignUpRequest(_message.Message):
    __slots__ = ("org", "username", "email", "password", "display_name")
    ORG_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    org: str
    username: str
    email: str
    password: str
    display_name: str
    def __init__(self, org: _Optional[str] = ..., username: _Optional[str] = ..., email: _Optional[str] = ..., password: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class SignUpResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class VerifyEmailRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class VerifyEmailResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class Invitation(_message.Message):
    __slots__ = ("name", "invitation_id", "email", "team", "team_role", "role", "state", "create_time", "expire_time", "inviter", "accepted_by", "ttl_hours", "organization")
    NAME_FIELD_NUMBER: _ClassVar[int]
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    TEAM_FIELD_NUMBER: _ClassVar[int]
    TEAM_ROLE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    INVITER_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_BY_FIELD_NUMBER: _ClassVar[int]
    TTL_HOURS_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    name: str
    invitation_id: str
    email: str
    team: str
    team_role: str
    role: str
    state: str
    create_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    inviter: str
    accepted_by: str
    ttl_hours: int
    organization: str
    def __init__(self, name: _Optional[str] = ..., invitation_id: _Optional[str] = ..., email: _Optional[str] = ..., team: _Optional[str] = ..., team_role: _Optional[str] = ..., role: _Optional[str] = ..., state: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., inviter: _Optional[str] = ..., accepted_by: _Optional[str] = ..., ttl_hours: _Optional[int] = ..., organization: _Optional[str] = ...) -> None: ...

class CreateInvitationRequest(_message.Message):
    __slots__ = ("parent", "invitation")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    parent: str
    invitation: Invitation
    def __init__(self, parent: _Optional[str] = ..., invitation: _Optional[_Union[Invitation, _Mapping]] = ...) -> None: ...

class CreateInvitationResponse(_message.Message):
    __slots__ = ("invitation", "url")
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    url: str
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ..., url: _Optional[str] = ...) -> None: ...

class GetInvitationRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetInvitationResponse(_message.Message):
    __slots__ = ("invitation",)
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ...) -> None: ...

class ListInvitationsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListInvitationsResponse(_message.Message):
    __slots__ = ("invitations", "next_page_token")
    INVITATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    invitations: _containers.RepeatedCompositeFieldContainer[Invitation]
    next_page_token: str
    def __init__(self, invitations: _Optional[_Iterable[_Union[Invitation, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteInvitationRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteInvitationResponse(_message.Message):
    __slots__ = ("invitation",)
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ...) -> None: ...

class LookupInvitationRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class LookupInvitationResponse(_message.Message):
    __slots__ = ("invitation", "organization_display_name", "team_display_name")
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    TEAM_DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    organization_display_name: str
    team_display_name: str
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ..., organization_display_name: _Optional[str] = ..., team_display_name: _Optional[str] = ...) -> None: ...

class AcceptInvitationRequest(_message.Message):
    __slots__ = ("token", "create_account", "username", "password", "display_name", "external")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    CREATE_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_FIELD_NUMBER: _ClassVar[int]
    token: str
    create_account: bool
    username: str
    password: str
    display_name: str
    external: ExternalIdentity
    def __init__(self, token: _Optional[str] = ..., create_account: _Optional[bool] = ..., username: _Optional[str] = ..., password: _Optional[str] = ..., display_name: _Optional[str] = ..., external: _Optional[_Union[ExternalIdentity, _Mapping]] = ...) -> None: ...

class ExternalIdentity(_message.Message):
    __slots__ = ("provider", "subject", "email", "email_verified", "given_name", "family_name")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    EMAIL_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    FAMILY_NAME_FIELD_NUMBER: _ClassVar[int]
    provider: str
    subject: str
    email: str
    email_verified: bool
    given_name: str
    family_name: str
    def __init__(self, provider: _Optional[str] = ..., subject: _Optional[str] = ..., email: _Optional[str] = ..., email_verified: _Optional[bool] = ..., given_name: _Optional[str] = ..., family_name: _Optional[str] = ...) -> None: ...

class AcceptInvitationResponse(_message.Message):
    __slots__ = ("invitation", "user")
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    user: User
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ..., user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class SsoProvider(_message.Message):
    __slots__ = ("name", "slug", "type", "label", "icon", "email_patterns", "client_id", "client_secret", "client_secret_set", "authorization_endpoint", "token_endpoint", "jwks_uri", "scopes", "issuer", "attributes_mapping", "create_time", "idp_metadata", "entry_point", "idp_certificates", "idp_entity_id", "sp_entity_id", "audience")
    class AttributesMappingEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    ICON_FIELD_NUMBER: _ClassVar[int]
    EMAIL_PATTERNS_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_SET_FIELD_NUMBER: _ClassVar[int]
    AUTHORIZATION_ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    TOKEN_ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    JWKS_URI_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_MAPPING_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    IDP_METADATA_FIELD_NUMBER: _ClassVar[int]
    ENTRY_POINT_FIELD_NUMBER: _ClassVar[int]
    IDP_CERTIFICATES_FIELD_NUMBER: _ClassVar[int]
    IDP_ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    SP_ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    name: str
    slug: str
    type: str
    label: str
    icon: str
    email_patterns: _containers.RepeatedScalarFieldContainer[str]
    client_id: str
    client_secret: str
    client_secret_set: bool
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    scopes: str
    issuer: str
    attributes_mapping: _containers.ScalarMap[str, str]
    create_time: _timestamp_pb2.Timestamp
    idp_metadata: str
    entry_point: str
    idp_certificates: _containers.RepeatedScalarFieldContainer[str]
    idp_entity_id: str
    sp_entity_id: str
    audience: str
    def __init__(self, name: _Optional[str] = ..., slug: _Optional[str] = ..., type: _Optional[str] = ..., label: _Optional[str] = ..., icon: _Optional[str] = ..., email_patterns: _Optional[_Iterable[str]] = ..., client_id: _Optional[str] = ..., client_secret: _Optional[str] = ..., client_secret_set: _Optional[bool] = ..., authorization_endpoint: _Optional[str] = ..., token_endpoint: _Optional[str] = ..., jwks_uri: _Optional[str] = ..., scopes: _Optional[str] = ..., issuer: _Optional[str] = ..., attributes_mapping: _Optional[_Mapping[str, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., idp_metadata: _Optional[str] = ..., entry_point: _Optional[str] = ..., idp_certificates: _Optional[_Iterable[str]] = ..., idp_entity_id: _Optional[str] = ..., sp_entity_id: _Optional[str] = ..., audience: _Optional[str] = ...) -> None: ...

class CreateSsoProviderRequest(_message.Message):
    __slots__ = ("parent", "sso_provider")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    SSO_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    parent: str
    sso_provider: SsoProvider
    def __init__(self, parent: _Optional[str] = ..., sso_provider: _Optional[_Union[SsoProvider, _Mapping]] = ...) -> None: ...

class CreateSsoProviderResponse(_message.Message):
    __slots__ = ("sso_provider",)
    SSO_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    sso_provider: SsoProvider
    def __init__(self, sso_provider: _Optional[_Union[SsoProvider, _Mapping]] = ...) -> None: ...

class GetSsoProviderRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetSsoProviderResponse(_message.Message):
    __slots__ = ("sso_provider",)
    SSO_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    sso_provider: SsoProvider
    def __init__(self, sso_provider: _Optional[_Union[SsoProvider, _Mapping]] = ...) -> None: ...

class ListSsoProvidersRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSsoProvidersResponse(_message.Message):
    __slots__ = ("sso_providers", "next_page_token")
    SSO_PROVIDERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    sso_providers: _containers.RepeatedCompositeFieldContainer[SsoProvider]
    next_page_token: str
    def __init__(self, sso_providers: _Optional[_Iterable[_Union[SsoProvider, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateSsoProviderRequest(_message.Message):
    __slots__ = ("sso_provider", "update_mask")
    SSO_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    sso_provider: SsoProvider
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, sso_provider: _Optional[_Union[SsoProvider, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateSsoProviderResponse(_message.Message):
    __slots__ = ("sso_provider",)
    SSO_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    sso_provider: SsoProvider
    def __init__(self, sso_provider: _Optional[_Union[SsoProvider, _Mapping]] = ...) -> None: ...

class DeleteSsoProviderRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteSsoProviderResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSsoProviderSecretsRequest(_message.Message):
    __slots__ = ("organization",)
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    organization: str
    def __init__(self, organization: _Optional[str] = ...) -> None: ...

class GetSsoProviderSecretsResponse(_message.Message):
    __slots__ = ("sso_providers",)
    SSO_PROVIDERS_FIELD_NUMBER: _ClassVar[int]
    sso_providers: _containers.RepeatedCompositeFieldContainer[SsoProvider]
    def __init__(self, sso_providers: _Optional[_Iterable[_Union[SsoProvider, _Mapping]]] = ...) -> None: ...

class SiteSettings(_message.Message):
    __slots__ = ("name", "sudo_mode_ttl_minutes", "require_captcha_for_2fa", "captcha_provider", "captcha_site_key", "captcha_secret_key", "captcha_secret_key_set", "captcha_verify_url", "pow_difficulty", "invitation_ttl_hours", "anonymous_sessions_enabled", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SUDO_MODE_TTL_MINUTES_FIELD_NUMBER: _ClassVar[int]
    REQUIRE_CAPTCHA_FOR_2FA_FIELD_NUMBER: _ClassVar[int]
    CAPTCHA_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    CAPTCHA_SITE_KEY_FIELD_NUMBER: _ClassVar[int]
    CAPTCHA_SECRET_KEY_FIELD_NUMBER: _ClassVar[int]
    CAPTCHA_SECRET_KEY_SET_FIELD_NUMBER: _ClassVar[int]
    CAPTCHA_VERIFY_URL_FIELD_NUMBER: _ClassVar[int]
    POW_DIFFICULTY_FIELD_NUMBER: _ClassVar[int]
    INVITATION_TTL_HOURS_FIELD_NUMBER: _ClassVar[int]
    ANONYMOUS_SESSIONS_ENABLED_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    sudo_mode_ttl_minutes: int
    require_captcha_for_2fa: bool
    captcha_provider: str
    captcha_site_key: str
    captcha_secret_key: str
    captcha_secret_key_set: bool
    captcha_verify_url: str
    pow_difficulty: int
    invitation_ttl_hours: int
    anonymous_sessions_enabled: bool
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., sudo_mode_ttl_minutes: _Optional[int] = ..., require_captcha_for_2fa: _Optional[bool] = ..., captcha_provider: _Optional[str] = ..., captcha_site_key: _Optional[str] = ..., captcha_secret_key: _Optional[str] = ..., captcha_secret_key_set: _Optional[bool] = ..., captcha_verify_url: _Optional[str] = ..., pow_difficulty: _Optional[int] = ..., invitation_ttl_hours: _Optional[int] = ..., anonymous_sessions_enabled: _Optional[bool] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetSiteSettingsRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetSiteSettingsResponse(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: SiteSettings
    def __init__(self, settings: _Optional[_Union[SiteSettings, _Mapping]] = ...) -> None: ...

class UpdateSiteSettingsRequest(_message.Message):
    __slots__ = ("settings", "update_mask")
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    settings: SiteSettings
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, settings: _Optional[_Union[SiteSettings, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateSiteSettingsResponse(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: SiteSettings
    def __init__(self, settings: _Optional[_Union[SiteSettings, _Mapping]] = ...) -> None: ...

class CreateUserRequest(_message.Message):
    __slots__ = ("parent", "user")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    parent: str
    user: User
    def __init__(self, parent: _Optional[str] = ..., user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class CreateUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class GetUserRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class ListUsersRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListUsersResponse(_message.Message):
    __slots__ = ("users", "next_page_token")
    USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[User]
    next_page_token: str
    def __init__(self, users: _Optional[_Iterable[_Union[User, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteUserRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Team(_message.Message):
    __slots__ = ("name", "team_id", "display_name", "create_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    team_id: str
    display_name: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., team_id: _Optional[str] = ..., display_name: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TeamMember(_message.Message):
    __slots__ = ("name", "user_id", "role")
    NAME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    name: str
    user_id: str
    role: str
    def __init__(self, name: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[str] = ...) -> None: ...

class CreateTeamRequest(_message.Message):
    __slots__ = ("parent", "team")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    TEAM_FIELD_NUMBER: _ClassVar[int]
    parent: str
    team: Team
    def __init__(self, parent: _Optional[str] = ..., team: _Optional[_Union[Team, _Mapping]] = ...) -> None: ...

class CreateTeamResponse(_message.Message):
    __slots__ = ("team",)
    TEAM_FIELD_NUMBER: _ClassVar[int]
    team: Team
    def __init__(self, team: _Optional[_Union[Team, _Mapping]] = ...) -> None: ...

class GetTeamRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetTeamResponse(_message.Message):
    __slots__ = ("team",)
    TEAM_FIELD_NUMBER: _ClassVar[int]
    team: Team
    def __init__(self, team: _Optional[_Union[Team, _Mapping]] = ...) -> None: ...

class ListTeamsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListTeamsResponse(_message.Message):
    __slots__ = ("teams", "next_page_token")
    TEAMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    teams: _containers.RepeatedCompositeFieldContainer[Team]
    next_page_token: str
    def __init__(self, teams: _Optional[_Iterable[_Union[Team, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteTeamRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteTeamResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AddTeamMemberRequest(_message.Message):
    __slots__ = ("parent", "member")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    parent: str
    member: TeamMember
    def __init__(self, parent: _Optional[str] = ..., member: _Optional[_Union[TeamMember, _Mapping]] = ...) -> None: ...

class AddTeamMemberResponse(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: TeamMember
    def __init__(self, member: _Optional[_Union[TeamMember, _Mapping]] = ...) -> None: ...

class ListTeamMembersRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListTeamMembersResponse(_message.Message):
    __slots__ = ("members", "next_page_token")
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[TeamMember]
    next_page_token: str
    def __init__(self, members: _Optional[_Iterable[_Union[TeamMember, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RemoveTeamMemberRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class RemoveTeamMemberResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ServiceAccount(_message.Message):
    __slots__ = ("name", "service_account_id", "canonical_name", "description", "create_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SERVICE_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CANONICAL_NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    service_account_id: str
    canonical_name: str
    description: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., service_account_id: _Optional[str] = ..., canonical_name: _Optional[str] = ..., description: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateServiceAccountRequest(_message.Message):
    __slots__ = ("parent", "service_account")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    service_account: ServiceAccount
    def __init__(self, parent: _Optional[str] = ..., service_account: _Optional[_Union[ServiceAccount, _Mapping]] = ...) -> None: ...

class CreateServiceAccountResponse(_message.Message):
    __slots__ = ("service_account",)
    SERVICE_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    service_account: ServiceAccount
    def __init__(self, service_account: _Optional[_Union[ServiceAccount, _Mapping]] = ...) -> None: ...

class GetServiceAccountRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetServiceAccountResponse(_message.Message):
    __slots__ = ("service_account",)
    SERVICE_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    service_account: ServiceAccount
    def __init__(self, service_account: _Optional[_Union[ServiceAccount, _Mapping]] = ...) -> None: ...

class ListServiceAccountsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListServiceAccountsResponse(_message.Message):
    __slots__ = ("service_accounts", "next_page_token")
    SERVICE_ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    service_accounts: _containers.RepeatedCompositeFieldContainer[ServiceAccount]
    next_page_token: str
    def __init__(self, service_accounts: _Optional[_Iterable[_Union[ServiceAccount, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteServiceAccountRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteServiceAccountResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiKey(_message.Message):
    __slots__ = ("name", "key_id", "description", "expire_time", "create_time", "last_use_time", "revoke_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_USE_TIME_FIELD_NUMBER: _ClassVar[int]
    REVOKE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    key_id: str
    description: str
    expire_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    last_use_time: _timestamp_pb2.Timestamp
    revoke_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., key_id: _Optional[str] = ..., description: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_use_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoke_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateApiKeyRequest(_message.Message):
    __slots__ = ("parent", "api_key")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    parent: str
    api_key: ApiKey
    def __init__(self, parent: _Optional[str] = ..., api_key: _Optional[_Union[ApiKey, _Mapping]] = ...) -> None: ...

class CreateApiKeyResponse(_message.Message):
    __slots__ = ("api_key", "secret")
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    api_key: ApiKey
    secret: str
    def __init__(self, api_key: _Optional[_Union[ApiKey, _Mapping]] = ..., secret: _Optional[str] = ...) -> None: ...

class ListApiKeysRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListApiKeysResponse(_message.Message):
    __slots__ = ("api_keys", "next_page_token")
    API_KEYS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    api_keys: _containers.RepeatedCompositeFieldContainer[ApiKey]
    next_page_token: str
    def __init__(self, api_keys: _Optional[_Iterable[_Union[ApiKey, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RevokeApiKeyRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class RevokeApiKeyResponse(_message.Message):
    __slots__ = ("api_key",)
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    api_key: ApiKey
    def __init__(self, api_key: _Optional[_Union[ApiKey, _Mapping]] = ...) -> None: ...

class VerifyPasswordRequest(_message.Message):
    __slots__ = ("organization", "username", "password", "client_address")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    organization: str
    username: str
    password: str
    client_address: str
    def __init__(self, organization: _Optional[str] = ..., username: _Optional[str] = ..., password: _Optional[str] = ..., client_address: _Optional[str] = ...) -> None: ...

class VerifyPasswordResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class VerifyApiKeyRequest(_message.Message):
    __slots__ = ("api_key",)
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    api_key: str
    def __init__(self, api_key: _Optional[str] = ...) -> None: ...

class VerifyApiKeyResponse(_message.Message):
    __slots__ = ("organization", "service_account")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    SERVICE_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    organization: str
    service_account: ServiceAccount
    def __init__(self, organization: _Optional[str] = ..., service_account: _Optional[_Union[ServiceAccount, _Mapping]] = ...) -> None: ...

class GetSubjectGrantsRequest(_message.Message):
    __slots__ = ("organization", "subject")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    organization: str
    subject: str
    def __init__(self, organization: _Optional[str] = ..., subject: _Optional[str] = ...) -> None: ...

class GetSubjectGrantsResponse(_message.Message):
    __slots__ = ("exists", "role", "owned_teams", "teams", "project", "platform_admin")
    EXISTS_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    OWNED_TEAMS_FIELD_NUMBER: _ClassVar[int]
    TEAMS_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_ADMIN_FIELD_NUMBER: _ClassVar[int]
    exists: bool
    role: str
    owned_teams: _containers.RepeatedScalarFieldContainer[str]
    teams: _containers.RepeatedScalarFieldContainer[str]
    project: str
    platform_admin: bool
    def __init__(self, exists: _Optional[bool] = ..., role: _Optional[str] = ..., owned_teams: _Optional[_Iterable[str]] = ..., teams: _Optional[_Iterable[str]] = ..., project: _Optional[str] = ..., platform_admin: _Optional[bool] = ...) -> None: ...

class OpenIdConfiguration(_message.Message):
    __slots__ = ("name", "configuration_id", "issuer", "jwks_url", "audience", "single_use_jti", "max_assertion_age_seconds", "create_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONFIGURATION_ID_FIELD_NUMBER: _ClassVar[int]
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    JWKS_URL_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    SINGLE_USE_JTI_FIELD_NUMBER: _ClassVar[int]
    MAX_ASSERTION_AGE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    configuration_id: str
    issuer: str
    jwks_url: str
    audience: str
    single_use_jti: bool
    max_assertion_age_seconds: int
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., configuration_id: _Optional[str] = ..., issuer: _Optional[str] = ..., jwks_url: _Optional[str] = ..., audience: _Optional[str] = ..., single_use_jti: _Optional[bool] = ..., max_assertion_age_seconds: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ClaimRule(_message.Message):
    __slots__ = ("claim", "match", "value")
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    MATCH_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    claim: str
    match: MatchType
    value: str
    def __init__(self, claim: _Optional[str] = ..., match: _Optional[_Union[MatchType, str]] = ..., value: _Optional[str] = ...) -> None: ...

class AssumptionMethod(_message.Message):
    __slots__ = ("name", "method_id", "configuration", "rules", "create_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    METHOD_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    method_id: str
    configuration: str
    rules: _containers.RepeatedCompositeFieldContainer[ClaimRule]
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., method_id: _Optional[str] = ..., configuration: _Optional[str] = ..., rules: _Optional[_Iterable[_Union[ClaimRule, _Mapping]]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateOpenIdConfigurationRequest(_message.Message):
    __slots__ = ("parent", "openid_configuration")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    OPENID_CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    parent: str
    openid_configuration: OpenIdConfiguration
    def __init__(self, parent: _Optional[str] = ..., openid_configuration: _Optional[_Union[OpenIdConfiguration, _Mapping]] = ...) -> None: ...

class CreateOpenIdConfigurationResponse(_message.Message):
    __slots__ = ("openid_configuration",)
    OPENID_CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    openid_configuration: OpenIdConfiguration
    def __init__(self, openid_configuration: _Optional[_Union[OpenIdConfiguration, _Mapping]] = ...) -> None: ...

class GetOpenIdConfigurationRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetOpenIdConfigurationResponse(_message.Message):
    __slots__ = ("openid_configuration",)
    OPENID_CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    openid_configuration: OpenIdConfiguration
    def __init__(self, openid_configuration: _Optional[_Union[OpenIdConfiguration, _Mapping]] = ...) -> None: ...

class ListOpenIdConfigurationsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOpenIdConfigurationsResponse(_message.Message):
    __slots__ = ("openid_configurations", "next_page_token")
    OPENID_CONFIGURATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    openid_configurations: _containers.RepeatedCompositeFieldContainer[OpenIdConfiguration]
    next_page_token: str
    def __init__(self, openid_configurations: _Optional[_Iterable[_Union[OpenIdConfiguration, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteOpenIdConfigurationRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteOpenIdConfigurationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CreateAssumptionMethodRequest(_message.Message):
    __slots__ = ("parent", "assumption_method")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    ASSUMPTION_METHOD_FIELD_NUMBER: _ClassVar[int]
    parent: str
    assumption_method: AssumptionMethod
    def __init__(self, parent: _Optional[str] = ..., assumption_method: _Optional[_Union[AssumptionMethod, _Mapping]] = ...) -> None: ...

class CreateAssumptionMethodResponse(_message.Message):
    __slots__ = ("assumption_method",)
    ASSUMPTION_METHOD_FIELD_NUMBER: _ClassVar[int]
    assumption_method: AssumptionMethod
    def __init__(self, assumption_method: _Optional[_Union[AssumptionMethod, _Mapping]] = ...) -> None: ...

class ListAssumptionMethodsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAssumptionMethodsResponse(_message.Message):
    __slots__ = ("assumption_methods", "next_page_token")
    ASSUMPTION_METHODS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    assumption_methods: _containers.RepeatedCompositeFieldContainer[AssumptionMethod]
    next_page_token: str
    def __init__(self, assumption_methods: _Optional[_Iterable[_Union[AssumptionMethod, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteAssumptionMethodRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteAssumptionMethodResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetAssumptionPolicyRequest(_message.Message):
    __slots__ = ("organization", "service_account")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    SERVICE_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    organization: str
    service_account: str
    def __init__(self, organization: _Optional[str] = ..., service_account: _Optional[str] = ...) -> None: ...

class AssumptionPolicyEntry(_message.Message):
    __slots__ = ("method", "configuration")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    method: AssumptionMethod
    configuration: OpenIdConfiguration
    def __init__(self, method: _Optional[_Union[AssumptionMethod, _Mapping]] = ..., configuration: _Optional[_Union[OpenIdConfiguration, _Mapping]] = ...) -> None: ...

class GetAssumptionPolicyResponse(_message.Message):
    __slots__ = ("exists", "service_account", "entries")
    EXISTS_FIELD_NUMBER: _ClassVar[int]
    SERVICE_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    exists: bool
    service_account: ServiceAccount
    entries: _containers.RepeatedCompositeFieldContainer[AssumptionPolicyEntry]
    def __init__(self, exists: _Optional[bool] = ..., service_account: _Optional[_Union[ServiceAccount, _Mapping]] = ..., entries: _Optional[_Iterable[_Union[AssumptionPolicyEntry, _Mapping]]] = ...) -> None: ...

class App(_message.Message):
    __slots__ = ("name", "client_id", "display_name", "description", "redirect_uris", "client_type", "allowed_scopes", "oidc_fields", "grant_types", "access_token_lifetime_seconds", "refresh_token_lifetime_seconds", "post_logout_redirect_uris", "create_time", "update_time", "owner")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URIS_FIELD_NUMBER: _ClassVar[int]
    CLIENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_SCOPES_FIELD_NUMBER: _ClassVar[int]
    OIDC_FIELDS_FIELD_NUMBER: _ClassVar[int]
    GRANT_TYPES_FIELD_NUMBER: _ClassVar[int]
    ACCESS_TOKEN_LIFETIME_SECONDS_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_LIFETIME_SECONDS_FIELD_NUMBER: _ClassVar[int]
    POST_LOGOUT_REDIRECT_URIS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    name: str
    client_id: str
    display_name: str
    description: str
    redirect_uris: _containers.RepeatedScalarFieldContainer[str]
    client_type: ClientType
    allowed_scopes: _containers.RepeatedScalarFieldContainer[str]
    oidc_fields: _containers.RepeatedScalarFieldContainer[str]
    grant_types: _containers.RepeatedScalarFieldContainer[str]
    access_token_lifetime_seconds: int
    refresh_token_lifetime_seconds: int
    post_logout_redirect_uris: _containers.RepeatedScalarFieldContainer[str]
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    owner: str
    def __init__(self, name: _Optional[str] = ..., client_id: _Optional[str] = ..., display_name: _Optional[str] = ..., description: _Optional[str] = ..., redirect_uris: _Optional[_Iterable[str]] = ..., client_type: _Optional[_Union[ClientType, str]] = ..., allowed_scopes: _Optional[_Iterable[str]] = ..., oidc_fields: _Optional[_Iterable[str]] = ..., grant_types: _Optional[_Iterable[str]] = ..., access_token_lifetime_seconds: _Optional[int] = ..., refresh_token_lifetime_seconds: _Optional[int] = ..., post_logout_redirect_uris: _Optional[_Iterable[str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., owner: _Optional[str] = ...) -> None: ...

class CreateAppRequest(_message.Message):
    __slots__ = ("parent", "app")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    APP_FIELD_NUMBER: _ClassVar[int]
    parent: str
    app: App
    def __init__(self, parent: _Optional[str] = ..., app: _Optional[_Union[App, _Mapping]] = ...) -> None: ...

class CreateAppResponse(_message.Message):
    __slots__ = ("app", "client_secret")
    APP_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    app: App
    client_secret: str
    def __init__(self, app: _Optional[_Union[App, _Mapping]] = ..., client_secret: _Optional[str] = ...) -> None: ...

class GetAppRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetAppResponse(_message.Message):
    __slots__ = ("app",)
    APP_FIELD_NUMBER: _ClassVar[int]
    app: App
    def __init__(self, app: _Optional[_Union[App, _Mapping]] = ...) -> None: ...

class ListAppsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAppsResponse(_message.Message):
    __slots__ = ("apps", "next_page_token")
    APPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    apps: _containers.RepeatedCompositeFieldContainer[App]
    next_page_token: str
    def __init__(self, apps: _Optional[_Iterable[_Union[App, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateAppRequest(_message.Message):
    __slots__ = ("app", "update_mask")
    APP_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    app: App
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, app: _Optional[_Union[App, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateAppResponse(_message.Message):
    __slots__ = ("app",)
    APP_FIELD_NUMBER: _ClassVar[int]
    app: App
    def __init__(self, app: _Optional[_Union[App, _Mapping]] = ...) -> None: ...

class DeleteAppRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteAppResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RotateAppSecretRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class RotateAppSecretResponse(_message.Message):
    __slots__ = ("app", "client_secret")
    APP_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    app: App
    client_secret: str
    def __init__(self, app: _Optional[_Union[App, _Mapping]] = ..., client_secret: _Optional[str] = ...) -> None: ...

class AuthenticateClientRequest(_message.Message):
    __slots__ = ("organization", "client_id", "client_secret")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    organization: str
    client_id: str
    client_secret: str
    def __init__(self, organization: _Optional[str] = ..., client_id: _Optional[str] = ..., client_secret: _Optional[str] = ...) -> None: ...

class AuthenticateClientResponse(_message.Message):
    __slots__ = ("app",)
    APP_FIELD_NUMBER: _ClassVar[int]
    app: App
    def __init__(self, app: _Optional[_Union[App, _Mapping]] = ...) -> None: ...

class ResolveExternalUserRequest(_message.Message):
    __slots__ = ("organization", "provider", "subject", "email", "email_verified", "given_name", "family_name", "create")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    EMAIL_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    FAMILY_NAME_FIELD_NUMBER: _ClassVar[int]
    CREATE_FIELD_NUMBER: _ClassVar[int]
    organization: str
    provider: str
    subject: str
    email: str
    email_verified: bool
    given_name: str
    family_name: str
    create: bool
    def __init__(self, organization: _Optional[str] = ..., provider: _Optional[str] = ..., subject: _Optional[str] = ..., email: _Optional[str] = ..., email_verified: _Optional[bool] = ..., given_name: _Optional[str] = ..., family_name: _Optional[str] = ..., create: _Optional[bool] = ...) -> None: ...

class ResolveExternalUserResponse(_message.Message):
    __slots__ = ("user", "created")
    USER_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    user: User
    created: bool
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class GetUserClaimsRequest(_message.Message):
    __slots__ = ("organization", "user_id", "profile_fields")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELDS_FIELD_NUMBER: _ClassVar[int]
    organization: str
    user_id: str
    profile_fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, organization: _Optional[str] = ..., user_id: _Optional[str] = ..., profile_fields: _Optional[_Iterable[str]] = ...) -> None: ...

class TeamClaim(_message.Message):
    __slots__ = ("id", "name", "role")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    role: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., role: _Optional[str] = ...) -> None: ...

class AppClaim(_message.Message):
    __slots__ = ("id", "name", "client_id", "is_verified")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    IS_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    client_id: str
    is_verified: bool
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., client_id: _Optional[str] = ..., is_verified: _Optional[bool] = ...) -> None: ...

class GetUserClaimsResponse(_message.Message):
    __slots__ = ("user", "teams", "apps", "domains", "gpg_keys", "social_accounts")
    USER_FIELD_NUMBER: _ClassVar[int]
    TEAMS_FIELD_NUMBER: _ClassVar[int]
    APPS_FIELD_NUMBER: _ClassVar[int]
    DOMAINS_FIELD_NUMBER: _ClassVar[int]
    GPG_KEYS_FIELD_NUMBER: _ClassVar[int]
    SOCIAL_ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    user: User
    teams: _containers.RepeatedCompositeFieldContainer[TeamClaim]
    apps: _containers.RepeatedCompositeFieldContainer[AppClaim]
    domains: _containers.RepeatedCompositeFieldContainer[DomainClaim]
    gpg_keys: _containers.RepeatedCompositeFieldContainer[GpgKeyClaim]
    social_accounts: _containers.RepeatedCompositeFieldContainer[SocialAccountClaim]
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., teams: _Optional[_Iterable[_Union[TeamClaim, _Mapping]]] = ..., apps: _Optional[_Iterable[_Union[AppClaim, _Mapping]]] = ..., domains: _Optional[_Iterable[_Union[DomainClaim, _Mapping]]] = ..., gpg_keys: _Optional[_Iterable[_Union[GpgKeyClaim, _Mapping]]] = ..., social_accounts: _Optional[_Iterable[_Union[SocialAccountClaim, _Mapping]]] = ...) -> None: ...

class Domain(_message.Message):
    __slots__ = ("name", "uid", "domain", "verified", "verification_record", "verification_value", "create_time", "verify_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    UID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_RECORD_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_VALUE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    VERIFY_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    uid: str
    domain: str
    verified: bool
    verification_record: str
    verification_value: str
    create_time: _timestamp_pb2.Timestamp
    verify_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., uid: _Optional[str] = ..., domain: _Optional[str] = ..., verified: _Optional[bool] = ..., verification_record: _Optional[str] = ..., verification_value: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., verify_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateDomainRequest(_message.Message):
    __slots__ = ("parent", "domain")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    domain: Domain
    def __init__(self, parent: _Optional[str] = ..., domain: _Optional[_Union[Domain, _Mapping]] = ...) -> None: ...

class CreateDomainResponse(_message.Message):
    __slots__ = ("domain",)
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    domain: Domain
    def __init__(self, domain: _Optional[_Union[Domain, _Mapping]] = ...) -> None: ...

class ListDomainsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDomainsResponse(_message.Message):
    __slots__ = ("domains", "next_page_token")
    DOMAINS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    domains: _containers.RepeatedCompositeFieldContainer[Domain]
    next_page_token: str
    def __init__(self, domains: _Optional[_Iterable[_Union[Domain, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetDomainRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetDomainResponse(_message.Message):
    __slots__ = ("domain",)
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    domain: Domain
    def __init__(self, domain: _Optional[_Union[Domain, _Mapping]] = ...) -> None: ...

class VerifyDomainRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class VerifyDomainResponse(_message.Message):
    __slots__ = ("domain",)
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    domain: Domain
    def __init__(self, domain: _Optional[_Union[Domain, _Mapping]] = ...) -> None: ...

class DeleteDomainRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteDomainResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GpgUserId(_message.Message):
    __slots__ = ("name", "email")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    name: str
    email: str
    def __init__(self, name: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class GpgKey(_message.Message):
    __slots__ = ("name", "armored_key", "key_id", "fingerprint", "algorithm", "user_ids", "key_create_time", "expire_time", "create_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ARMORED_KEY_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    KEY_CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    armored_key: str
    key_id: str
    fingerprint: str
    algorithm: str
    user_ids: _containers.RepeatedCompositeFieldContainer[GpgUserId]
    key_create_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., armored_key: _Optional[str] = ..., key_id: _Optional[str] = ..., fingerprint: _Optional[str] = ..., algorithm: _Optional[str] = ..., user_ids: _Optional[_Iterable[_Union[GpgUserId, _Mapping]]] = ..., key_create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateGpgKeyRequest(_message.Message):
    __slots__ = ("parent", "gpg_key")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    GPG_KEY_FIELD_NUMBER: _ClassVar[int]
    parent: str
    gpg_key: GpgKey
    def __init__(self, parent: _Optional[str] = ..., gpg_key: _Optional[_Union[GpgKey, _Mapping]] = ...) -> None: ...

class CreateGpgKeyResponse(_message.Message):
    __slots__ = ("gpg_key",)
    GPG_KEY_FIELD_NUMBER: _ClassVar[int]
    gpg_key: GpgKey
    def __init__(self, gpg_key: _Optional[_Union[GpgKey, _Mapping]] = ...) -> None: ...

class ListGpgKeysRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListGpgKeysResponse(_message.Message):
    __slots__ = ("gpg_keys", "next_page_token")
    GPG_KEYS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    gpg_keys: _containers.RepeatedCompositeFieldContainer[GpgKey]
    next_page_token: str
    def __init__(self, gpg_keys: _Optional[_Iterable[_Union[GpgKey, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetGpgKeyRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetGpgKeyResponse(_message.Message):
    __slots__ = ("gpg_key",)
    GPG_KEY_FIELD_NUMBER: _ClassVar[int]
    gpg_key: GpgKey
    def __init__(self, gpg_key: _Optional[_Union[GpgKey, _Mapping]] = ...) -> None: ...

class DeleteGpgKeyRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteGpgKeyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SocialAccount(_message.Message):
    __slots__ = ("name", "provider", "provider_user_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    provider: str
    provider_user_id: str
    def __init__(self, name: _Optional[str] = ..., provider: _Optional[str] = ..., provider_user_id: _Optional[str] = ...) -> None: ...

class ListSocialAccountsRequest(_message.Message):
    __slots__ = ("parent",)
    PARENT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    def __init__(self, parent: _Optional[str] = ...) -> None: ...

class ListSocialAccountsResponse(_message.Message):
    __slots__ = ("social_accounts",)
    SOCIAL_ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    social_accounts: _containers.RepeatedCompositeFieldContainer[SocialAccount]
    def __init__(self, social_accounts: _Optional[_Iterable[_Union[SocialAccount, _Mapping]]] = ...) -> None: ...

class DeleteSocialAccountRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteSocialAccountResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetAppVerifiedDomainRequest(_message.Message):
    __slots__ = ("organization", "client_id")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    organization: str
    client_id: str
    def __init__(self, organization: _Optional[str] = ..., client_id: _Optional[str] = ...) -> None: ...

class GetAppVerifiedDomainResponse(_message.Message):
    __slots__ = ("verified_domain",)
    VERIFIED_DOMAIN_FIELD_NUMBER: _ClassVar[int]
    verified_domain: str
    def __init__(self, verified_domain: _Optional[str] = ...) -> None: ...

class DomainClaim(_message.Message):
    __slots__ = ("id", "domain", "verified")
    ID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_FIELD_NUMBER: _ClassVar[int]
    id: str
    domain: str
    verified: bool
    def __init__(self, id: _Optional[str] = ..., domain: _Optional[str] = ..., verified: _Optional[bool] = ...) -> None: ...

class GpgKeyClaim(_message.Message):
    __slots__ = ("id", "fingerprint", "key_id", "name")
    ID_FIELD_NUMBER: _ClassVar[int]
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    fingerprint: str
    key_id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., fingerprint: _Optional[str] = ..., key_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class SocialAccountClaim(_message.Message):
    __slots__ = ("id", "provider", "provider_user_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    provider: str
    provider_user_id: str
    def __init__(self, id: _Optional[str] = ..., provider: _Optional[str] = ..., provider_user_id: _Optional[str] = ...) -> None: ...

class GetCaptchaSecretRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetCaptchaSecretResponse(_message.Message):
    __slots__ = ("captcha_secret_key",)
    CAPTCHA_SECRET_KEY_FIELD_NUMBER: _ClassVar[int]
    captcha_secret_key: str
    def __init__(self, captcha_secret_key: _Optional[str] = ...) -> None: ...

class UpdateProfileRequest(_message.Message):
    __slots__ = ("name", "display_name")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class UpdateProfileResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...
