"""Builds the directory service from its settings."""

from __future__ import annotations

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.audit import AuditOutbox
from prism.runtime.database import Database
from prism.runtime.mail import Mailer
from prism.runtime.sealing import Sealer
from prism.runtime.service_app import DataServiceApp, Registration, Transactions, authz_authorizer, service_name
from services.directory import tables
from services.directory.apps import SqlAppRepository
from services.directory.dns_proof import TxtProof
from services.directory.domains import SqlDomainRepository
from services.directory.federation import SqlFederationRepository
from services.directory.gpg_keys import SqlGpgKeyRepository
from services.directory.organizations import SqlOrganizationRepository
from services.directory.projects import SqlProjectRepository
from services.directory.service_accounts import SqlServiceAccountRepository
from services.directory.servicer import DirectoryServicer, DirectoryUseCases
from services.directory.settings import DirectorySettings
from services.directory.social_accounts import SqlSocialAccountRepository
from services.directory.sso_providers import SqlSsoProviderRepository
from services.directory.teams import SqlTeamRepository
from services.directory.throttle import SignInThrottle
from services.directory.usecases.apps import AppUseCases
from services.directory.usecases.credentials import CredentialUseCases
from services.directory.usecases.domains import DomainUseCases
from services.directory.usecases.external_users import ExternalUserUseCases
from services.directory.usecases.federation import FederationUseCases
from services.directory.usecases.gpg_keys import GpgKeyUseCases
from services.directory.usecases.invitations import InvitationUseCases
from services.directory.usecases.organizations import OrganizationUseCases, SignupPolicy
from services.directory.usecases.profile_claims import ProfileClaimUseCases
from services.directory.usecases.projects import ProjectUseCases
from services.directory.usecases.service_accounts import ServiceAccountUseCases
from services.directory.usecases.signup import SignUpUseCases
from services.directory.usecases.site_settings import SiteSettingsUseCases
from services.directory.usecases.social_accounts import SocialAccountUseCases
from services.directory.usecases.sso_providers import SsoProviderUseCases
from services.directory.usecases.teams import TeamUseCases
from services.directory.usecases.users import UserUseCases
from services.directory.users import SqlUserRepository

SETTINGS = DirectorySettings
ENCRYPTION_KEY_FILE = "directory-encryption-key"


async def build(settings: DirectorySettings) -> DataServiceApp:
    database = Database.from_settings(settings)
    transactions = Transactions(database, AuditOutbox(tables.audit_events, "directory"))
    organizations, users, projects = SqlOrganizationRepository(), SqlUserRepository(), SqlProjectRepository()
    teams, accounts, apps = SqlTeamRepository(), SqlServiceAccountRepository(), SqlAppRepository()
    throttle = SignInThrottle(settings)
    domains, gpg_keys, social = SqlDomainRepository(), SqlGpgKeyRepository(), SqlSocialAccountRepository()
    sealer = Sealer.from_settings(
        settings.directory_encryption_key,
        settings.data_dir,
        settings.environment,
        variable="PRISM_DIRECTORY_ENCRYPTION_KEY",
        file=ENCRYPTION_KEY_FILE,
        purpose="sso client secret",
    )
    mailer = Mailer(settings.smtp_url, settings.smtp_from)
    site_settings = SiteSettingsUseCases(transactions)
    external_users = ExternalUserUseCases(transactions, users)
    credentials = CredentialUseCases(
        transactions, users, accounts, teams, apps, settings.platform_organization, throttle
    )
    use_cases = DirectoryUseCases(
        organizations=OrganizationUseCases(
            transactions, organizations, users, SignupPolicy(settings.org_signup, settings.platform_organization)
        ),
        projects=ProjectUseCases(transactions, projects),
        users=UserUseCases(transactions, users, throttle),
        teams=TeamUseCases(transactions, teams, users),
        service_accounts=ServiceAccountUseCases(transactions, accounts, projects),
        credentials=credentials,
        apps=AppUseCases(transactions, apps),
        federation=FederationUseCases(
            transactions, SqlFederationRepository(), projects, accounts, settings.identity_domain
        ),
        signup=SignUpUseCases(transactions, users, organizations, mailer, settings),
        invitations=InvitationUseCases(
            transactions,
            users,
            teams,
            organizations,
            site_settings,
            credentials,
            mailer,
            settings,
            external_users=external_users,
        ),
        site_settings=site_settings,
        external_users=external_users,
        sso_providers=SsoProviderUseCases(transactions, SqlSsoProviderRepository(), sealer),
        domains=DomainUseCases(
            transactions, domains, users, apps, TxtProof(settings.dns_nameservers, settings.dns_timeout_seconds)
        ),
        gpg_keys=GpgKeyUseCases(transactions, gpg_keys, users),
        social_accounts=SocialAccountUseCases(transactions, social),
        profile_claims=ProfileClaimUseCases(transactions, domains, gpg_keys, social),
    )
    return DataServiceApp(
        transactions,
        [
            Registration(
                directory_pb2_grpc.add_DirectoryServiceServicer_to_server,
                DirectoryServicer(settings, use_cases),
                service_name(directory_pb2, "DirectoryService"),
            )
        ],
        authz_authorizer(settings, "directory"),
    )
