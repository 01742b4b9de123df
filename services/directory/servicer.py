"""DirectoryService servicer: proto <-> use cases, nothing else.

By concern, a user's own resources are in servicer_profile.py and SSO (providers, external users) in
servicer_sso.py, mixins of DirectoryServicer.
"""

from __future__ import annotations

from dataclasses import dataclass

from prism.directory.v1 import directory_pb2 as pb
from prism.directory.v1 import directory_pb2_grpc
from prism.runtime.client_address import client_address
from prism.runtime.resource_names import parse_organization_parent
from prism.runtime.settings import PlatformSettings
from services.directory.convert import Converter
from services.directory.federation import ClaimRule
from services.directory.servicer_profile import ProfileResourcesServicer, profile_claims
from services.directory.servicer_sso import SsoServicer
from services.directory.usecases.apps import AppUseCases
from services.directory.usecases.credentials import CredentialUseCases
from services.directory.usecases.domains import DomainUseCases
from services.directory.usecases.external_users import ExternalUserUseCases
from services.directory.usecases.federation import FederationUseCases
from services.directory.usecases.gpg_keys import GpgKeyUseCases
from services.directory.usecases.invitations import InvitationUseCases
from services.directory.usecases.organizations import OrganizationUseCases
from services.directory.usecases.profile_claims import ProfileClaimUseCases
from services.directory.usecases.projects import ProjectUseCases
from services.directory.usecases.service_accounts import ServiceAccountUseCases
from services.directory.usecases.signup import SignUpUseCases
from services.directory.usecases.site_settings import SiteSettingsUseCases
from services.directory.usecases.social_accounts import SocialAccountUseCases
from services.directory.usecases.sso_providers import SsoProviderUseCases
from services.directory.usecases.teams import TeamUseCases
from services.directory.usecases.users import UserUseCases


@dataclass(frozen=True)
class DirectoryUseCases:
    organizations: OrganizationUseCases
    projects: ProjectUseCases
    users: UserUseCases
    teams: TeamUseCases
    service_accounts: ServiceAccountUseCases
    credentials: CredentialUseCases
    federation: FederationUseCases
    apps: AppUseCases
    signup: SignUpUseCases
    invitations: InvitationUseCases
    site_settings: SiteSettingsUseCases
    external_users: ExternalUserUseCases
    sso_providers: SsoProviderUseCases
    domains: DomainUseCases
    gpg_keys: GpgKeyUseCases
    social_accounts: SocialAccountUseCases
    profile_claims: ProfileClaimUseCases


class DirectoryServicer(ProfileResourcesServicer, SsoServicer, directory_pb2_grpc.DirectoryServiceServicer):
    def __init__(self, settings: PlatformSettings, use_cases: DirectoryUseCases) -> None:
        self.settings = settings
        self.uc = use_cases
        self.to = Converter(settings)

    # organizations
    async def CreateOrganization(self, request, context):
        organization, admin = await self.uc.organizations.create(
            request.organization.display_name, request.admin_username, request.admin_password
        )
        return pb.CreateOrganizationResponse(organization=self.to.organization(organization), admin=self.to.user(admin))

    async def GetOrganization(self, request, context):
        slug = parse_organization_parent(request.name, field="name")
        return pb.GetOrganizationResponse(organization=self.to.organization(await self.uc.organizations.get(slug)))

    async def ListOrganizations(self, request, context):
        page = await self.uc.organizations.list(request.page_size, request.page_token)
        return pb.ListOrganizationsResponse(
            organizations=[self.to.organization(o) for o in page.organizations], next_page_token=page.next_page_token
        )

    # projects
    async def CreateProject(self, request, context):
        project = await self.uc.projects.create(request.parent, request.project.project_id)
        return pb.CreateProjectResponse(project=self.to.project(project))

    async def GetProject(self, request, context):
        return pb.GetProjectResponse(project=self.to.project(await self.uc.projects.get(request.name)))

    async def ListProjects(self, request, context):
        found, token = await self.uc.projects.list(request.parent, request.page_size, request.page_token)
        return pb.ListProjectsResponse(projects=[self.to.project(p) for p in found], next_page_token=token)

    async def DeleteProject(self, request, context):
        await self.uc.projects.delete(request.name)
        return pb.DeleteProjectResponse()

    # users
    async def CreateUser(self, request, context):
        u = request.user
        user = await self.uc.users.create(
            request.parent,
            username=u.username,
            password=u.password,
            email=u.email,
            display_name=u.display_name,
            role=u.role,
            kind=u.kind,
            provider=u.provider,
        )
        return pb.CreateUserResponse(user=self.to.user(user))

    async def GetUser(self, request, context):
        user, sign_ins = await self.uc.users.get_with_sign_ins(request.name)
        return pb.GetUserResponse(user=self.to.user(user, sign_ins))

    async def ListUsers(self, request, context):
        found, token = await self.uc.users.list(request.parent, request.page_size, request.page_token)
        return pb.ListUsersResponse(users=[self.to.user(u) for u in found], next_page_token=token)

    async def DeleteUser(self, request, context):
        await self.uc.users.delete(request.name)
        return pb.DeleteUserResponse()

    async def UpdateUser(self, request, context):
        await self.uc.users.update(request.user, list(request.update_mask.paths))
        user, sign_ins = await self.uc.users.get_with_sign_ins(request.user.name)
        return pb.UpdateUserResponse(user=self.to.user(user, sign_ins))

    async def UpdateProfile(self, request, context):
        await self.uc.users.update_profile(request.name, request.display_name)
        user, sign_ins = await self.uc.users.get_with_sign_ins(request.name)
        return pb.UpdateProfileResponse(user=self.to.user(user, sign_ins))

    async def UnlockUser(self, request, context):
        return pb.UnlockUserResponse(user=self.to.user(await self.uc.users.unlock(request.name)))

    # local sign-up and email verification
    async def SignUp(self, request, context):
        user = await self.uc.signup.sign_up(
            request.org,
            username=request.username,
            email=request.email,
            password=request.password,
            display_name=request.display_name,
        )
        return pb.SignUpResponse(user=self.to.user(user))

    async def VerifyEmail(self, request, context):
        return pb.VerifyEmailResponse(user=self.to.user(await self.uc.signup.verify_email(request.token)))

    # invitations
    async def CreateInvitation(self, request, context):
        invitation, url = await self.uc.invitations.create(request.parent, request.invitation)
        return pb.CreateInvitationResponse(invitation=self.to.invitation(invitation), url=url)

    async def GetInvitation(self, request, context):
        return pb.GetInvitationResponse(invitation=self.to.invitation(await self.uc.invitations.get(request.name)))

    async def ListInvitations(self, request, context):
        found, token = await self.uc.invitations.list(request.parent, request.page_size, request.page_token)
        return pb.ListInvitationsResponse(invitations=[self.to.invitation(i) for i in found], next_page_token=token)

    async def DeleteInvitation(self, request, context):
        invitation = await self.uc.invitations.revoke(request.name)
        return pb.DeleteInvitationResponse(invitation=self.to.invitation(invitation))

    async def LookupInvitation(self, request, context):
        invitation, organization_name, team_name = await self.uc.invitations.lookup(request.token)
        return pb.LookupInvitationResponse(
            invitation=self.to.invitation(invitation),
            organization_display_name=organization_name,
            team_display_name=team_name,
        )

    async def AcceptInvitation(self, request, context):
        invitation, user = await self.uc.invitations.accept(
            request.token,
            create_account=request.create_account,
            username=request.username,
            password=request.password,
            display_name=request.display_name,
            client_address=client_address(context),
            external=request.external if request.HasField("external") else None,
        )
        return pb.AcceptInvitationResponse(invitation=self.to.invitation(invitation), user=self.to.user(user))

    # site settings
    async def GetSiteSettings(self, request, context):
        settings = await self.uc.site_settings.get(request.name)
        return pb.GetSiteSettingsResponse(settings=self.to.site_settings(settings))

    async def UpdateSiteSettings(self, request, context):
        settings = await self.uc.site_settings.update(request.settings, list(request.update_mask.paths))
        return pb.UpdateSiteSettingsResponse(settings=self.to.site_settings(settings))

    async def GetCaptchaSecret(self, request, context):  # internal: the step-up service's captcha gate
        return pb.GetCaptchaSecretResponse(captcha_secret_key=await self.uc.site_settings.captcha_secret(request.name))

    # teams
    async def CreateTeam(self, request, context):
        team = await self.uc.teams.create(request.parent, request.team.team_id, request.team.display_name)
        return pb.CreateTeamResponse(team=self.to.team(team))

    async def GetTeam(self, request, context):
        return pb.GetTeamResponse(team=self.to.team(await self.uc.teams.get(request.name)))

    async def ListTeams(self, request, context):
        found, token = await self.uc.teams.list(request.parent, request.page_size, request.page_token)
        return pb.ListTeamsResponse(teams=[self.to.team(t) for t in found], next_page_token=token)

    async def DeleteTeam(self, request, context):
        await self.uc.teams.delete(request.name)
        return pb.DeleteTeamResponse()

    async def AddTeamMember(self, request, context):
        member = await self.uc.teams.add_member(request.parent, request.member.user_id, request.member.role)
        return pb.AddTeamMemberResponse(member=self.to.member(member))

    async def ListTeamMembers(self, request, context):
        found, token = await self.uc.teams.members(request.parent, request.page_size, request.page_token)
        return pb.ListTeamMembersResponse(members=[self.to.member(m) for m in found], next_page_token=token)

    async def RemoveTeamMember(self, request, context):
        await self.uc.teams.remove_member(request.name)
        return pb.RemoveTeamMemberResponse()

    # service accounts and API keys
    async def CreateServiceAccount(self, request, context):
        account = await self.uc.service_accounts.create(
            request.parent, request.service_account.service_account_id, request.service_account.description
        )
        return pb.CreateServiceAccountResponse(service_account=self.to.service_account(account))

    async def GetServiceAccount(self, request, context):
        account = await self.uc.service_accounts.get(request.name)
        return pb.GetServiceAccountResponse(service_account=self.to.service_account(account))

    async def ListServiceAccounts(self, request, context):
        found, token = await self.uc.service_accounts.list(request.parent, request.page_size, request.page_token)
        return pb.ListServiceAccountsResponse(
            service_accounts=[self.to.service_account(a) for a in found], next_page_token=token
        )

    async def DeleteServiceAccount(self, request, context):
        await self.uc.service_accounts.delete(request.name)
        return pb.DeleteServiceAccountResponse()

    async def CreateApiKey(self, request, context):
        expire = request.api_key.expire_time.ToMicroseconds() if request.api_key.HasField("expire_time") else None
        key, secret = await self.uc.service_accounts.create_key(request.parent, request.api_key.description, expire)
        return pb.CreateApiKeyResponse(api_key=self.to.api_key(key), secret=secret)

    async def ListApiKeys(self, request, context):
        found, token = await self.uc.service_accounts.keys(request.parent, request.page_size, request.page_token)
        return pb.ListApiKeysResponse(api_keys=[self.to.api_key(k) for k in found], next_page_token=token)

    async def RevokeApiKey(self, request, context):
        return pb.RevokeApiKeyResponse(api_key=self.to.api_key(await self.uc.service_accounts.revoke_key(request.name)))

    # federation
    async def CreateOpenIdConfiguration(self, request, context):
        created = await self.uc.federation.create_configuration(request.parent, request.openid_configuration)
        return pb.CreateOpenIdConfigurationResponse(openid_configuration=self.to.openid_configuration(created))

    async def GetOpenIdConfiguration(self, request, context):
        found = await self.uc.federation.get_configuration(request.name)
        return pb.GetOpenIdConfigurationResponse(openid_configuration=self.to.openid_configuration(found))

    async def ListOpenIdConfigurations(self, request, context):
        found, token = await self.uc.federation.list_configurations(
            request.parent, request.page_size, request.page_token
        )
        return pb.ListOpenIdConfigurationsResponse(
            openid_configurations=[self.to.openid_configuration(c) for c in found], next_page_token=token
        )

    async def DeleteOpenIdConfiguration(self, request, context):
        await self.uc.federation.delete_configuration(request.name)
        return pb.DeleteOpenIdConfigurationResponse()

    async def CreateAssumptionMethod(self, request, context):
        names = {pb.MATCH_TYPE_EXACT: "exact", pb.MATCH_TYPE_GLOB: "glob"}
        rules = [ClaimRule(r.claim, names.get(r.match, ""), r.value) for r in request.assumption_method.rules]
        created = await self.uc.federation.create_method(request.parent, request.assumption_method.configuration, rules)
        return pb.CreateAssumptionMethodResponse(assumption_method=self.to.assumption_method(created))

    async def ListAssumptionMethods(self, request, context):
        found, token = await self.uc.federation.list_methods(request.parent, request.page_size, request.page_token)
        return pb.ListAssumptionMethodsResponse(
            assumption_methods=[self.to.assumption_method(m) for m in found], next_page_token=token
        )

    async def DeleteAssumptionMethod(self, request, context):
        await self.uc.federation.delete_method(request.name)
        return pb.DeleteAssumptionMethodResponse()

    # apps
    async def CreateApp(self, request, context):
        kinds = {pb.CLIENT_TYPE_CONFIDENTIAL: "confidential", pb.CLIENT_TYPE_PUBLIC: "public"}
        app, secret = await self.uc.apps.create(
            request.parent,
            request.app.display_name,
            request.app.description,
            kinds.get(request.app.client_type, ""),
            self.to.app_settings(request.app, defaults=True),
        )
        return pb.CreateAppResponse(app=self.to.app(app), client_secret=secret)

    async def GetApp(self, request, context):
        return pb.GetAppResponse(app=self.to.app(await self.uc.apps.get(request.name)))

    async def ListApps(self, request, context):
        found, token = await self.uc.apps.list(request.parent, request.page_size, request.page_token)
        return pb.ListAppsResponse(apps=[self.to.app(a) for a in found], next_page_token=token)

    async def UpdateApp(self, request, context):
        app = await self.uc.apps.update(
            request.app.name,
            list(request.update_mask.paths),
            request.app.display_name,
            request.app.description,
            self.to.app_settings(request.app, defaults=False),
        )
        return pb.UpdateAppResponse(app=self.to.app(app))

    async def DeleteApp(self, request, context):
        await self.uc.apps.delete(request.name)
        return pb.DeleteAppResponse()

    async def RotateAppSecret(self, request, context):
        app, secret = await self.uc.apps.rotate_secret(request.name)
        return pb.RotateAppSecretResponse(app=self.to.app(app), client_secret=secret)

    async def AuthenticateClient(self, request, context):
        app = await self.uc.apps.authenticate(request.organization, request.client_id, request.client_secret)
        return pb.AuthenticateClientResponse(app=self.to.app(app))

    async def GetAssumptionPolicy(self, request, context):
        account, entries = await self.uc.federation.policy(request.organization, request.service_account)
        if account is None:
            return pb.GetAssumptionPolicyResponse(exists=False)
        return pb.GetAssumptionPolicyResponse(
            exists=True,
            service_account=self.to.service_account(account),
            entries=[
                pb.AssumptionPolicyEntry(
                    method=self.to.assumption_method(m), configuration=self.to.openid_configuration(c)
                )
                for m, c in entries
            ],
        )

    async def VerifyPassword(self, request, context):
        user = await self.uc.credentials.verify_password(
            request.organization, request.username, request.password, client_address=request.client_address
        )
        return pb.VerifyPasswordResponse(user=self.to.user(user))

    async def VerifyApiKey(self, request, context):
        account = await self.uc.credentials.verify_api_key(request.api_key)
        return pb.VerifyApiKeyResponse(
            organization=account.organization, service_account=self.to.service_account(account)
        )

    async def GetUserClaims(self, request, context):
        user, teams, apps = await self.uc.credentials.user_claims(request.organization, request.user_id)
        return pb.GetUserClaimsResponse(
            user=self.to.user(user),
            teams=[pb.TeamClaim(id=i, name=n, role=r) for i, n, r in teams],
            apps=[pb.AppClaim(id=a.client_id, name=a.display_name, client_id=a.client_id) for a in apps],
            **profile_claims(
                *await self.uc.profile_claims.of_user(request.organization, user.id, list(request.profile_fields))
            ),
        )

    async def GetSubjectGrants(self, request, context):
        grants = await self.uc.credentials.grants(request.organization, request.subject, self.settings.identity_domain)
        return pb.GetSubjectGrantsResponse(**grants)
