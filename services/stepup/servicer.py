"""StepUpService servicer: proto <-> use cases, nothing else."""

from __future__ import annotations

from prism.runtime.resource_names import parse
from prism.stepup.v1 import stepup_pb2 as pb
from prism.stepup.v1 import stepup_pb2_grpc
from services.stepup.totp import TotpFactors


class StepUpServicer(stepup_pb2_grpc.StepUpServiceServicer):
    def __init__(self, totp: TotpFactors) -> None:
        self.totp = totp

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
        parts = parse("organizations/{org}/users/{user}", request.name, field="name")
        return pb.ResetUserFactorsResponse(removed=await self.totp.reset(parts["org"], parts["user"]))
