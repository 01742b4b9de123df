"""Settings of the directory service (PRISM_* variables; shared ones in prism.runtime.settings)."""

from typing import ClassVar, Literal

from pydantic import Field

from prism.runtime.settings import ServiceSettings, component_database_field


class DirectorySettings(ServiceSettings):
    component: ClassVar[str] = "directory"

    # PRISM_DIRECTORY_DATABASE_URL: this component's database, if not the shared one
    component_database_url: str | None = component_database_field("directory")
    # who may create organizations: "open" (anyone, the embedded default) or "admin" (platform admins)
    org_signup: Literal["open", "admin"] = Field("open", validation_alias="PRISM_ORG_SIGNUP")
    # brute-force protection: failed sign-ins of one account before it is locked out
    signin_max_failures_per_account: int = Field(10, gt=0)
    # brute-force protection: failed sign-ins from one client address before it is locked out
    signin_max_failures_per_address: int = Field(100, gt=0)
    # failures before delays start; each later failure doubles the delay (1 s, 2 s, 4 s ... capped at 60 s)
    signin_free_failures: int = Field(3, ge=0)
    # the delay after the first failure past the free ones, in seconds; each later failure doubles it
    signin_first_delay_seconds: int = Field(1, gt=0, le=60)
    # seconds a lock-out lasts, and the window in which failures are counted
    signin_lockout_seconds: int = Field(900, gt=0)
    # SMTP server for verification and invitation emails, e.g. smtp://user:pass@host:587 (STARTTLS)
    # or smtps://host:465; unset: the link is written to the log instead (the embedded default)
    smtp_url: str | None = None
    # From: address of those emails
    smtp_from: str = "Prism <no-reply@prism.local>"
    # hours an email verification link works
    email_verification_ttl_hours: int = Field(48, gt=0)
    # 32-byte base64url key sealing organization SSO providers' client secrets at rest; generated
    # into the data dir if unset (production must set it)
    directory_encryption_key: str | None = None
    # custom domains: DNS servers VerifyDomain asks for the TXT proof, as a host:port list
    # ("10.0.0.2:53 [::1]:5353"); unset: the system resolver (/etc/resolv.conf)
    dns_nameservers: str | None = None
    # seconds a TXT lookup may take before VerifyDomain answers UNAVAILABLE
    dns_timeout_seconds: float = Field(5.0, gt=0, le=60)
