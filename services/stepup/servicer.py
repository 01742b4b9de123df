"""StepUpService servicer: proto <-> use cases, nothing else."""

from __future__ import annotations

from prism.runtime.resource_names import parse
from prism.stepup.v1 import stepup_pb2 as pb
from prism.stepup.v1 import stepup_pb2_grpc
from services.stepup.backup_codes import BackupCodes
from services.stepup.challenges import Challenges
from services.stepup.totp import TotpFactors


class StepUpServicer(stepup_pb2_grpc.StepUpServiceServicer):
    def __init__(self, totp: TotpFactors, backup: BackupCodes, challenges: Challenges) -> None:
        self.totp = totp
        self.backup = backup
        self.challenges = challenges

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

        async def backup_codes(uow) -> int:
            return await self.backup.clear(uow, org, user)

        return pb.ResetUserFactorsResponse(removed=await self.totp.reset(org, user, also=backup_codes))

    async def RegenerateBackupCodes(self, request, context):
        org, user = _user(request.name)
        return pb.RegenerateBackupCodesResponse(codes=await self.backup.regenerate(org, user))

    async def GetUserFactors(self, request, context):
        parts = parse("organizations/{org}/users/{user}/factors", request.name, field="name")
        org, user = parts["org"], parts["user"]
        return pb.GetUserFactorsResponse(
            totp_enrolled=await self.totp.enrolled(org, user),
            backup_codes_remaining=await self.backup.remaining(org, user),
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
        return pb.AuthorizeChallengeResponse(redirect=await self.challenges.authorize(request))

    async def RevokeSudo(self, request, context):
        return pb.RevokeSudoResponse(revoked=await self.challenges.revoke_sudo(request.organization, request.client_id))

    async def VerifyChallengeCode(self, request, context):
        return pb.VerifyChallengeCodeResponse(**await self.challenges.verify(request))


def _user(name: str) -> tuple[str, str]:
    parts = parse("organizations/{org}/users/{user}", name, field="name")
    return parts["org"], parts["user"]
