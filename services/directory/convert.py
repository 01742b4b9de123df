"""Domain objects -> DirectoryService messages."""

from __future__ import annotations

from google.protobuf import timestamp_pb2

from prism.directory.v1 import directory_pb2 as pb
from prism.runtime import clock
from prism.runtime.issuer import issuer_for
from prism.runtime.settings import PlatformSettings
from services.directory.apps import App, AppSettings
from services.directory.federation import AssumptionMethod, OpenIdConfiguration
from services.directory.invitations import Invitation
from services.directory.organizations import Organization
from services.directory.projects import Project
from services.directory.service_accounts import ApiKey, ServiceAccount, canonical_name
from services.directory.site_settings import SITE_SETTINGS_NAME, SiteSettings
from services.directory.sso_providers import SsoProvider
from services.directory.teams import Team, TeamMember
from services.directory.throttle import SignInState
from services.directory.users import LOCAL_PROVIDER, User


def timestamp(micros: int | None) -> timestamp_pb2.Timestamp | None:
    if micros is None:
        return None
    stamp = timestamp_pb2.Timestamp()
    stamp.FromMicroseconds(micros)
    return stamp


class Converter:
    def __init__(self, settings: PlatformSettings) -> None:
        self.settings = settings

    def organization(self, o: Organization) -> pb.Organization:
        return pb.Organization(
            name=f"organizations/{o.slug}",
            slug=o.slug,
            display_name=o.display_name,
            issuer=issuer_for(self.settings, o.slug),
            uid=o.id,
            create_time=timestamp(o.created_at_micros),
        )

    @staticmethod
    def project(p: Project) -> pb.Project:
        return pb.Project(
            name=f"organizations/{p.organization}/projects/{p.project_id}",
            project_id=p.project_id,
            uid=p.id,
            create_time=timestamp(p.created_at_micros),
        )

    @staticmethod
    def user(u: User, sign_ins: SignInState | None = None) -> pb.User:
        """A user; with `sign_ins`, also their failed sign-ins and lock-out (what an admin reads)."""
        message = pb.User(
            name=f"organizations/{u.organization}/users/{u.id}",
            user_id=u.id,
            username=u.username,
            email=u.email,
            display_name=u.display_name,
            role=u.role,
            create_time=timestamp(u.created_at_micros),
            kind=u.kind,
            provider=u.provider or (LOCAL_PROVIDER if u.kind == "local" else ""),
            email_verified=u.email_verified,
            disabled=u.disabled,
        )
        if sign_ins is not None:
            message.failed_sign_ins = sign_ins.failures
            if sign_ins.locked_until_micros is not None:
                message.locked_until.CopyFrom(timestamp(sign_ins.locked_until_micros))
        return message

    @staticmethod
    def site_settings(s: SiteSettings) -> pb.SiteSettings:
        """The site settings; the captcha secret only as whether it is set."""
        return pb.SiteSettings(
            name=SITE_SETTINGS_NAME,
            sudo_mode_ttl_minutes=s.sudo_mode_ttl_minutes,
            require_captcha_for_2fa=s.require_captcha_for_2fa,
            captcha_provider=s.captcha_provider,
            captcha_site_key=s.captcha_site_key,
            captcha_secret_key_set=bool(s.captcha_secret_key),
            captcha_verify_url=s.captcha_verify_url,
            pow_difficulty=s.pow_difficulty,
            invitation_ttl_hours=s.invitation_ttl_hours,
            anonymous_sessions_enabled=s.anonymous_sessions_enabled,
            update_time=timestamp(s.updated_at_micros),
        )

    @staticmethod
    def team(t: Team) -> pb.Team:
        return pb.Team(
            name=f"organizations/{t.organization}/teams/{t.team_id}",
            team_id=t.team_id,
            display_name=t.display_name,
            create_time=timestamp(t.created_at_micros),
        )

    @staticmethod
    def member(m: TeamMember) -> pb.TeamMember:
        return pb.TeamMember(
            name=f"organizations/{m.organization}/teams/{m.team_id}/members/{m.user_id}", user_id=m.user_id, role=m.role
        )

    def service_account(self, a: ServiceAccount) -> pb.ServiceAccount:
        return pb.ServiceAccount(
            name=f"organizations/{a.organization}/projects/{a.project_id}/serviceAccounts/{a.service_account_id}",
            service_account_id=a.service_account_id,
            canonical_name=canonical_name(a.service_account_id, a.project_id, self.settings.identity_domain),
            description=a.description,
            create_time=timestamp(a.created_at_micros),
        )

    @staticmethod
    def api_key(k: ApiKey) -> pb.ApiKey:
        return pb.ApiKey(
            name=(
                f"organizations/{k.organization}/projects/{k.project_id}/serviceAccounts/"
                f"{k.service_account_id}/apiKeys/{k.key_id}"
            ),
            key_id=k.key_id,
            description=k.description,
            expire_time=timestamp(k.expire_at_micros),
            create_time=timestamp(k.created_at_micros),
            last_use_time=timestamp(k.last_used_at_micros),
            revoke_time=timestamp(k.revoked_at_micros),
        )

    @staticmethod
    def openid_configuration(c: OpenIdConfiguration) -> pb.OpenIdConfiguration:
        return pb.OpenIdConfiguration(
            name=f"organizations/{c.organization}/projects/{c.project_id}/openidConfigurations/{c.configuration_id}",
            configuration_id=c.configuration_id,
            issuer=c.issuer,
            jwks_url=c.jwks_url,
            audience=c.audience,
            single_use_jti=c.single_use_jti,
            max_assertion_age_seconds=c.max_assertion_age_seconds,
            create_time=timestamp(c.created_at_micros),
        )

    @staticmethod
    def assumption_method(m: AssumptionMethod) -> pb.AssumptionMethod:
        match = {"exact": pb.MATCH_TYPE_EXACT, "glob": pb.MATCH_TYPE_GLOB}
        return pb.AssumptionMethod(
            name=(
                f"organizations/{m.organization}/projects/{m.project_id}/serviceAccounts/"
                f"{m.service_account_id}/assumptionMethods/{m.id}"
            ),
            method_id=m.id,
            configuration=m.configuration_id,
            rules=[pb.ClaimRule(claim=r.claim, match=match[r.match], value=r.value) for r in m.rules],
            create_time=timestamp(m.created_at_micros),
        )

    @staticmethod
    def app(a: App) -> pb.App:
        s = a.settings
        kind = {"confidential": pb.CLIENT_TYPE_CONFIDENTIAL, "public": pb.CLIENT_TYPE_PUBLIC}[a.client_type]
        return pb.App(
            name=f"organizations/{a.organization}/apps/{a.client_id}",
            client_id=a.client_id,
            display_name=a.display_name,
            description=a.description,
            redirect_uris=s.redirect_uris,
            client_type=kind,
            allowed_scopes=s.allowed_scopes,
            oidc_fields=s.oidc_fields,
            grant_types=s.grant_types,
            access_token_lifetime_seconds=s.access_token_lifetime_seconds,
            refresh_token_lifetime_seconds=s.refresh_token_lifetime_seconds,
            post_logout_redirect_uris=s.post_logout_redirect_uris,
            create_time=timestamp(a.created_at_micros),
            update_time=timestamp(a.updated_at_micros),
            owner=a.owner,
        )

    @staticmethod
    def invitation(i: Invitation) -> pb.Invitation:
        return pb.Invitation(
            name=f"organizations/{i.organization}/invitations/{i.id}",
            invitation_id=i.id,
            email=i.email,
            team=i.team or "",
            team_role=i.team_role,
            role=i.role,
            state=i.state(clock.now_micros()),
            create_time=timestamp(i.created_at_micros),
            expire_time=timestamp(i.expires_at_micros),
            inviter=i.inviter,
            accepted_by=i.accepted_by or "",
            organization=i.organization,
        )

    @staticmethod
    def sso_provider(p: SsoProvider, client_secret: str = "") -> pb.SsoProvider:
        """A provider; its client secret only when given (GetSsoProviderSecrets), else whether it is set."""
        saml = (
            {
                "entry_point": p.saml.entry_point,
                "idp_certificates": p.saml.idp_certificates,
                "idp_entity_id": p.saml.idp_entity_id,
                "sp_entity_id": p.saml.sp_entity_id,
                "audience": p.saml.audience,
            }
            if p.saml is not None
            else {}
        )
        return pb.SsoProvider(
            name=p.name,
            slug=p.slug,
            type=p.type,
            label=p.label,
            icon=p.icon,
            email_patterns=p.email_patterns,
            client_id=p.client_id,
            client_secret=client_secret,
            client_secret_set=p.sealed_secret is not None,
            authorization_endpoint=p.authorization_endpoint,
            token_endpoint=p.token_endpoint,
            jwks_uri=p.jwks_uri,
            scopes=p.scopes,
            issuer=p.issuer,
            attributes_mapping=p.attributes_mapping,
            create_time=timestamp(p.created_at_micros),
            **saml,
        )

    @staticmethod
    def app_settings(app: pb.App, *, defaults: bool) -> AppSettings:
        """The settings a request carries; on create, unset lists take the defaults."""
        base = AppSettings()
        return AppSettings(
            redirect_uris=tuple(app.redirect_uris),
            allowed_scopes=tuple(app.allowed_scopes) or (base.allowed_scopes if defaults else ()),
            oidc_fields=tuple(app.oidc_fields),
            grant_types=tuple(app.grant_types) or (base.grant_types if defaults else ()),
            access_token_lifetime_seconds=app.access_token_lifetime_seconds,
            refresh_token_lifetime_seconds=app.refresh_token_lifetime_seconds,
            post_logout_redirect_uris=tuple(app.post_logout_redirect_uris),
        )
