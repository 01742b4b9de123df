"""RPCs anyone may call without a token (with one, the token is still verified and its caller used)."""

PUBLIC_METHODS = frozenset(
    {
        # sign-up: PRISM_ORG_SIGNUP decides in the directory whether an anonymous caller may
        "/prism.directory.v1.DirectoryService/CreateOrganization",
        "/prism.token.v1.TokenService/LoginWithPassword",
        "/prism.token.v1.TokenService/LoginWithApiKey",
        # the ticket of a password sign-in that passed is the credential of its second factor
        "/prism.token.v1.TokenService/CompleteLoginMfa",
        "/prism.token.v1.TokenService/VerifySignInMfa",
        "/prism.token.v1.TokenService/StartSignInPasskey",
        # spec 003: anonymous sessions; the site setting decides in the token service
        "/prism.token.v1.TokenService/LoginAnonymously",
        # local sign-up (DISABLE_LOCAL_SIGNUP decides in the directory); the link's token is the credential
        "/prism.directory.v1.DirectoryService/SignUp",
        "/prism.directory.v1.DirectoryService/VerifyEmail",
        "/prism.directory.v1.DirectoryService/LookupInvitation",
        "/prism.directory.v1.DirectoryService/AcceptInvitation",
        # the presented token is the credential (spec 000 step 6; RFC 8693)
        "/prism.token.v1.TokenService/AssumeServiceAccount",
        "/prism.token.v1.TokenService/ExchangeToken",
        # the OAuth token endpoint: clients authenticate with their own credentials
        "/prism.token.v1.TokenService/Token",
        "/prism.token.v1.TokenService/IntrospectToken",
        "/prism.token.v1.TokenService/RevokeToken",
        # the browser's session, the bearer token or the ID token hint in the request is the credential
        "/prism.token.v1.TokenService/Authorize",
        "/prism.token.v1.TokenService/SignIn",
        "/prism.token.v1.TokenService/GetLoginOptions",
        "/prism.token.v1.TokenService/StartUpstreamLogin",
        "/prism.token.v1.TokenService/FinishUpstreamLogin",
        "/prism.token.v1.TokenService/GetSamlMetadata",
        "/prism.token.v1.TokenService/DecideConsent",
        "/prism.token.v1.TokenService/UserInfo",
        "/prism.token.v1.TokenService/EndSession",
        "/prism.token.v1.TokenService/GetSession",
        # step-up: the app's client credentials (or PKCE) are the credential
        "/prism.stepup.v1.StepUpService/CreateChallenge",
        "/prism.stepup.v1.StepUpService/VerifyChallengeCode",
        # public keys; private halves need the signing-key access secret
        "/prism.keys.v1.KeysService/WatchKeys",
    }
)
