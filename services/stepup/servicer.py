"""StepUpService servicer: proto <-> use cases, nothing else."""

from __future__ import annotations

from prism.runtime.client_address import client_address
from prism.runtime.errors import InvalidArgument
from prism.runtime.resource_names import parse
from prism.stepup.v1 import stepup_pb2 as pb
from prism.stepup.v1 import stepup_pb2_grpc
from services.stepup.backup_codes import BackupCodes
from services.stepup.challenges import Challenges
from services.stepup.passkeys import STEPUP_SECONDS, PasskeyRecord, Passkeys
from services.stepup.reauth import Reauthentication
from services.stepup.totp import TotpFactors


class StepUpServicer(stepup_pb2_grpc.StepUpServiceServicer):
    def __init__(
        self,
        totp: TotpFactors,
        backup: BackupCodes,
        challenges: Challenges,
        passkeys: Passkeys,
        reauth: Reauthentication,
    ) -> None:
        self.totp = totp
        self.backup = backup
        self.challenges = challenges
        self.passkeys = passkeys
        self.reauth = reauth

    async def GetTotpEnrollment(self, request, context):
        enrollment = await self.totp.enrollment(request.organization, request.user_id, request.account_name)
        return pb.GetTotpEnrollmentResponse(
            enrolled=enrollment.enrolled, secret=enrollment.secret, otpauth_uri=enrollment.otpauth_uri
        )

    async def VerifyTotp(self, request, context):
        enrolled_now = await self.totp.verify(
            request.organization, request.user_id, request.code, allow_enrollment=request.allow_enrollment
        )
        return pb.VerifyTotpResponse(enrolled_now=enrolled_now)

    async def ResetUserFactors(self, request, context):
        org, user = _user(request.name)

        async def backup_codes_and_passkeys(uow) -> int:
            return await self.backup.clear(uow, org, user) + await self.passkeys.clear(uow, org, user)

        return pb.ResetUserFactorsResponse(removed=await self.totp.reset(org, user, also=backup_codes_and_passkeys))

    async def RegenerateBackupCodes(self, request, context):
        org, user = _user(request.name)
        await self.reauth.require(org, user)
        return pb.RegenerateBackupCodesResponse(codes=await self.backup.regenerate(org, user))

    async def GetUserFactors(self, request, context):
        parts = parse("organizations/{org}/users/{user}/factors", request.name, field="name")
        org, user = parts["org"], parts["user"]
        return pb.GetUserFactorsResponse(
            totp_enrolled=await self.totp.enrolled(org, user),
            backup_codes_remaining=await self.backup.remaining(org, user),
            passkeys=await self.passkeys.count(org, user),
        )

    async def UseBackupCode(self, request, context):
        remaining = await self.backup.use(request.organization, request.user_id, request.code)
        return pb.UseBackupCodeResponse(remaining=remaining)

    async def CreateChallenge(self, request, context):
        challenge_id, expires_at = await self.challenges.create(request)
        return pb.CreateChallengeResponse(challenge_id=challenge_id, expires_at=expires_at)

    async def GetChallengeInfo(self, request, context):
        return pb.GetChallengeInfoResponse(**await self.challenges.info(request.organization, request.challenge_id))

    async def AuthorizeChallenge(self, request, context):
        redirect = await self.challenges.authorize(request, client_address(context))
        return pb.AuthorizeChallengeResponse(redirect=redirect)

    async def RevokeSudo(self, request, context):
        return pb.RevokeSudoResponse(revoked=await self.challenges.revoke_sudo(request.organization, request.client_id))

    async def VerifyChallengeCode(self, request, context):
        return pb.VerifyChallengeCodeResponse(**await self.challenges.verify(request))

    # -- passkeys and the user's own factors (the account security page) ---------------------------

    async def StartPasskeyRegistration(self, request, context):
        org, user = _user(request.parent, field="parent")
        await self.reauth.require(org, user)
        options = await self.passkeys.start_registration(org, user, request.account_name)
        return pb.StartPasskeyRegistrationResponse(options=options)

    async def CreatePasskey(self, request, context):
        org, user = _user(request.parent, field="parent")
        await self.reauth.require(org, user)
        created = await self.passkeys.create(org, user, request.credential, request.display_name)
        return pb.CreatePasskeyResponse(passkey=_passkey(created))

    async def ListPasskeys(self, request, context):
        org, user = _user(request.parent, field="parent")
        return pb.ListPasskeysResponse(passkeys=[_passkey(p) for p in await self.passkeys.list(org, user)])

    async def DeletePasskey(self, request, context):
        parts = parse("organizations/{org}/users/{user}/passkeys/{passkey}", request.name, field="name")
        await self.reauth.require(parts["org"], parts["user"])
        await self.passkeys.delete(parts["org"], parts["user"], parts["passkey"])
        return pb.DeletePasskeyResponse()

    async def StartTotpEnrollment(self, request, context):
        org, user = _user(request.name)
        await self.reauth.require(org, user)
        enrollment = await self.totp.enrollment(org, user, request.account_name)
        if enrollment.enrolled and request.replace:
            enrollment = await self.totp.replacement(org, user, request.account_name)
        return pb.StartTotpEnrollmentResponse(
            enrolled=enrollment.enrolled, secret=enrollment.secret, otpauth_uri=enrollment.otpauth_uri
        )

    async def ConfirmTotpEnrollment(self, request, context):
        org, user = _user(request.name)
        await self.reauth.require(org, user)
        if await self.totp.enrolled(org, user):
            return pb.ConfirmTotpEnrollmentResponse(
                enrolled_now=await self.totp.confirm_replacement(org, user, request.code)
            )
        return pb.ConfirmTotpEnrollmentResponse(
            enrolled_now=await self.totp.verify(org, user, request.code, allow_enrollment=True)
        )

    # -- re-authentication for factor changes, and passkeys at an MFA sign-in ------------------------

    async def StartReauthentication(self, request, context):
        org, user = _user(request.name)
        until, methods, options = await self.reauth.start(org, user)
        return pb.StartReauthenticationResponse(allowed_until=until, methods=methods, passkey_options=options)

    async def Reauthenticate(self, request, context):
        org, user = _user(request.name)
        until, method = await self.reauth.confirm(
            org, user, request.password, request.code, request.passkey_assertion, client_address(context)
        )
        return pb.ReauthenticateResponse(allowed_until=until, method=method)

    async def StartPasskeySignIn(self, request, context):
        options = await self.passkeys.assertion_options(
            request.organization, request.user_id, "signin", _binding(request.binding), STEPUP_SECONDS
        )
        return pb.StartPasskeySignInResponse(options=options)

    async def VerifyPasskeySignIn(self, request, context):
        await self.passkeys.verify_assertion(
            request.organization, request.user_id, "signin", _binding(request.binding), request.assertion
        )
        return pb.VerifyPasskeySignInResponse()


def _binding(value: str) -> str:
    if not value or len(value) > 64:
        raise InvalidArgument("binding is required (at most 64 characters)", field="binding")
    return value


def _passkey(record: PasskeyRecord) -> pb.Passkey:
    return pb.Passkey(
        name=f"organizations/{record.organization}/users/{record.user_id}/passkeys/{record.id}",
        display_name=record.name,
        transports=list(record.transports),
        created_at=record.created_at,
        last_used_at=record.last_used_at,
    )


def _user(name: str, field: str = "name") -> tuple[str, str]:
    parts = parse("organizations/{org}/users/{user}", name, field=field)
    return parts["org"], parts["user"]
