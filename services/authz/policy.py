"""Who may call what: one rule per RPC, default deny.

A rule sees the verified caller, what the directory says the caller is (role, teams, project) and
the resource the call names; it returns None to allow or the reason to refuse. Every rule first
keeps callers inside their own organization, so a guessed name in another organization gets the
same refusal whether it exists or not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from services.authz.grants import Grants


@dataclass(frozen=True)
class Request:
    subject: str
    organization: str  # the caller's
    grants: Grants
    resource: str
    parts: dict[str, str]  # collection -> id, e.g. {"organizations": "org-1", "teams": "ops"}


Rule = Callable[[Request], str | None]

OTHER_ORGANIZATION = "you cannot act in another organization"
ADMINS_ONLY = "only an admin of the organization may do this"


def segments(resource: str) -> dict[str, str]:
    parts = resource.split("/") if resource else []
    return {parts[i]: parts[i + 1] for i in range(0, len(parts) - 1, 2)}


def _in_org(rule: Rule) -> Rule:
    def checked(request: Request) -> str | None:
        if request.parts.get("organizations") != request.organization:
            return OTHER_ORGANIZATION
        return rule(request)

    checked.__name__ = rule.__name__
    return checked


def _is_admin(r: Request) -> bool:
    return r.grants.role == "admin"


@_in_org
def admin(r: Request) -> str | None:
    return None if _is_admin(r) else ADMINS_ONLY


@_in_org
def member(r: Request) -> str | None:
    return None


@_in_org
def person(r: Request) -> str | None:
    return None if r.grants.role in ("admin", "user") else "service accounts cannot do this"


@_in_org
def self_or_admin(r: Request) -> str | None:
    return None if _is_admin(r) or r.parts.get("users") == r.subject else "you may only see your own account"


@_in_org
def only_self(r: Request) -> str | None:
    return None if r.parts.get("users") == r.subject else "only the account's own user may do this"


@_in_org
def team_member_or_admin(r: Request) -> str | None:
    return None if _is_admin(r) or r.parts.get("teams") in r.grants.teams else "you are not a member of this team"


@_in_org
def team_owner_or_admin(r: Request) -> str | None:
    return _owner_or_admin(r)


def _owner_or_admin(r: Request) -> str | None:
    if _is_admin(r) or r.parts.get("teams") in r.grants.owned_teams:
        return None
    return "only the team's owners or an admin may do this"


@_in_org
def team_owner_admin_or_self(r: Request) -> str | None:
    return None if r.parts.get("members") == r.subject else _owner_or_admin(r)


@_in_org
def project_reader(r: Request) -> str | None:
    if r.grants.role in ("admin", "user"):
        return None
    if r.grants.role == "service_account" and r.parts.get("projects") == r.grants.project:
        return None
    return "service accounts act only within their own project"


@_in_org
def project_admin_or_own_service_account(r: Request) -> str | None:
    if _is_admin(r):
        return None
    if r.grants.role == "service_account" and r.parts.get("projects") == r.grants.project:
        return None
    return ADMINS_ONLY


def authenticated(r: Request) -> str | None:
    return None


def audit_reader(r: Request) -> str | None:
    if r.parts.get("organizations") == "-":
        return None if r.grants.platform_admin else "only platform admins may list every organization's events"
    return admin(r)


def webhook_owner(r: Request) -> str | None:
    """A user's webhooks (`…/users/{user}/webhooks/…`) are the user's alone; an organization's, its admins'."""
    return only_self(r) if "users" in r.parts else admin(r)


def platform_admin(r: Request) -> str | None:
    if r.grants.platform_admin:
        return None
    return "only platform admins (admins of PRISM_PLATFORM_ORGANIZATION) may do this"


def internal(r: Request) -> str | None:
    return "only Prism's own services may call this"


_D = "/prism.directory.v1.DirectoryService/"
_AUDIT = "prism.audit.v1.AuditService/ListAuditEvents"
_W = "/prism.webhooks.v1.WebhooksService/"

POLICY: dict[str, Rule] = {
    _D + "CreateOrganization": authenticated,  # PRISM_ORG_SIGNUP is applied by the directory
    _D + "GetOrganization": member,
    _D + "ListOrganizations": authenticated,  # the directory lists only the caller's own, unless platform admin
    _D + "CreateProject": admin,
    _D + "GetProject": project_reader,
    _D + "ListProjects": person,
    _D + "DeleteProject": admin,
    _D + "CreateUser": admin,
    _D + "GetUser": self_or_admin,
    _D + "ListUsers": admin,
    _D + "DeleteUser": admin,
    _D + "UpdateUser": admin,
    _D + "UnlockUser": admin,
    _D + "UpdateProfile": only_self,
    _D + "SignUp": authenticated,  # DISABLE_LOCAL_SIGNUP is applied by the directory
    _D + "VerifyEmail": authenticated,  # the link's token is the credential
    _D + "CreateInvitation": admin,
    _D + "GetInvitation": admin,
    _D + "ListInvitations": admin,
    _D + "DeleteInvitation": admin,
    _D + "LookupInvitation": authenticated,  # the link's token is the credential
    _D + "AcceptInvitation": authenticated,
    _D + "GetSiteSettings": platform_admin,
    _D + "UpdateSiteSettings": platform_admin,
    "/prism.stepup.v1.StepUpService/GetTotpEnrollment": internal,
    "/prism.stepup.v1.StepUpService/VerifyTotp": internal,
    "/prism.stepup.v1.StepUpService/ResetUserFactors": admin,
    "/prism.stepup.v1.StepUpService/RegenerateBackupCodes": only_self,
    "/prism.stepup.v1.StepUpService/GetUserFactors": self_or_admin,
    "/prism.stepup.v1.StepUpService/UseBackupCode": internal,
    "/prism.stepup.v1.StepUpService/CreateChallenge": authenticated,  # the app's credentials, checked by stepup
    "/prism.stepup.v1.StepUpService/VerifyChallengeCode": authenticated,
    "/prism.stepup.v1.StepUpService/GetChallengeInfo": authenticated,  # the signed-in user, checked by stepup
    "/prism.stepup.v1.StepUpService/AuthorizeChallenge": authenticated,
    "/prism.stepup.v1.StepUpService/RevokeSudo": authenticated,  # the caller's own windows
    # passkeys and TOTP enrolment of the caller's own account (the account security page)
    "/prism.stepup.v1.StepUpService/StartPasskeyRegistration": only_self,
    "/prism.stepup.v1.StepUpService/CreatePasskey": only_self,
    "/prism.stepup.v1.StepUpService/ListPasskeys": self_or_admin,
    "/prism.stepup.v1.StepUpService/DeletePasskey": only_self,
    "/prism.stepup.v1.StepUpService/StartTotpEnrollment": only_self,
    "/prism.stepup.v1.StepUpService/ConfirmTotpEnrollment": only_self,
    "/prism.stepup.v1.StepUpService/StartReauthentication": only_self,
    "/prism.stepup.v1.StepUpService/Reauthenticate": only_self,
    "/prism.stepup.v1.StepUpService/StartPasskeySignIn": internal,
    "/prism.stepup.v1.StepUpService/VerifyPasskeySignIn": internal,
    _D + "CreateTeam": person,
    _D + "GetTeam": team_member_or_admin,
    _D + "ListTeams": person,  # the directory lists only the caller's teams, unless admin
    _D + "DeleteTeam": team_owner_or_admin,
    _D + "AddTeamMember": team_owner_or_admin,
    _D + "ListTeamMembers": team_member_or_admin,
    _D + "RemoveTeamMember": team_owner_admin_or_self,
    _D + "CreateServiceAccount": admin,
    _D + "GetServiceAccount": project_admin_or_own_service_account,
    _D + "ListServiceAccounts": project_admin_or_own_service_account,
    _D + "DeleteServiceAccount": admin,
    _D + "CreateApiKey": admin,
    _D + "ListApiKeys": admin,
    _D + "RevokeApiKey": admin,
    _D + "CreateOpenIdConfiguration": admin,
    _D + "GetOpenIdConfiguration": admin,
    _D + "ListOpenIdConfigurations": admin,
    _D + "DeleteOpenIdConfiguration": admin,
    _D + "CreateAssumptionMethod": admin,
    _D + "ListAssumptionMethods": admin,
    _D + "DeleteAssumptionMethod": admin,
    _D + "GetAssumptionPolicy": internal,
    "/prism.token.v1.TokenService/AssumeServiceAccount": authenticated,
    "/prism.token.v1.TokenService/ExchangeToken": authenticated,
    "/prism.token.v1.TokenService/Token": authenticated,
    "/prism.token.v1.TokenService/IntrospectToken": authenticated,
    "/prism.token.v1.TokenService/RevokeToken": authenticated,
    "/prism.token.v1.TokenService/ExplainAssumption": admin,
    _D + "CreateApp": admin,
    _D + "GetApp": admin,
    _D + "ListApps": admin,
    _D + "UpdateApp": admin,
    _D + "DeleteApp": admin,
    _D + "RotateAppSecret": admin,
    _D + "AuthenticateClient": internal,
    _D + "VerifyPassword": internal,
    _D + "VerifyApiKey": internal,
    _D + "GetSubjectGrants": internal,
    _D + "GetUserClaims": internal,
    "/prism.keys.v1.KeysService/ListKeys": admin,
    "/prism.keys.v1.KeysService/RotateKeys": admin,
    "/prism.keys.v1.KeysService/Sign": internal,
    "/prism.keys.v1.KeysService/WatchKeys": authenticated,
    "/prism.token.v1.TokenService/MintAccessToken": internal,
    "/prism.token.v1.TokenService/LoginWithPassword": authenticated,
    "/prism.token.v1.TokenService/LoginWithApiKey": authenticated,
    "/prism.token.v1.TokenService/Authorize": authenticated,
    "/prism.token.v1.TokenService/SignIn": authenticated,
    "/prism.token.v1.TokenService/VerifySignInMfa": authenticated,
    "/prism.token.v1.TokenService/StartSignInPasskey": authenticated,
    "/prism.token.v1.TokenService/GetLoginOptions": authenticated,
    "/prism.token.v1.TokenService/StartUpstreamLogin": authenticated,
    "/prism.token.v1.TokenService/FinishUpstreamLogin": authenticated,
    "/prism.token.v1.TokenService/GetSamlMetadata": authenticated,
    _D + "ResolveExternalUser": internal,
    _D + "CreateSsoProvider": admin,
    _D + "GetSsoProvider": admin,
    _D + "ListSsoProviders": admin,
    _D + "UpdateSsoProvider": admin,
    _D + "DeleteSsoProvider": admin,
    _D + "GetSsoProviderSecrets": internal,
    _D + "GetCaptchaSecret": internal,  # the step-up service's captcha gate
    "/prism.token.v1.TokenService/CompleteLoginMfa": authenticated,
    "/prism.token.v1.TokenService/LoginAnonymously": authenticated,
    "/prism.token.v1.TokenService/DecideConsent": authenticated,
    "/prism.token.v1.TokenService/UserInfo": authenticated,
    "/prism.token.v1.TokenService/EndSession": authenticated,
    "/prism.token.v1.TokenService/GetSession": authenticated,
    "/prism.token.v1.TokenService/CheckRevoked": internal,
    # a user's own custom domains, GPG keys and linked social accounts: they add and prove their
    # own; admins may see and remove others' (moderation), never add or verify in their name
    _D + "CreateDomain": only_self,
    _D + "ListDomains": self_or_admin,
    _D + "GetDomain": self_or_admin,
    _D + "VerifyDomain": only_self,
    _D + "DeleteDomain": self_or_admin,
    _D + "CreateGpgKey": only_self,
    _D + "ListGpgKeys": self_or_admin,
    _D + "GetGpgKey": self_or_admin,
    _D + "DeleteGpgKey": self_or_admin,
    _D + "ListSocialAccounts": self_or_admin,
    _D + "DeleteSocialAccount": self_or_admin,
    _D + "GetAppVerifiedDomain": internal,
    _W + "CreateWebhook": webhook_owner,
    _W + "ListWebhooks": webhook_owner,
    _W + "GetWebhook": webhook_owner,
    _W + "UpdateWebhook": webhook_owner,
    _W + "DeleteWebhook": webhook_owner,
    _W + "ListWebhookDeliveries": webhook_owner,
    _W + "RedeliverWebhookDelivery": webhook_owner,
}


def rule_for(permission: str) -> Rule | None:
    if permission.endswith(_AUDIT):  # every component serves the same AuditService
        return audit_reader
    return POLICY.get(permission)
