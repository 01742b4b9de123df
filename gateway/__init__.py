"""The HTTP edge: OIDC endpoints, HTML pages and the REST management API over the gRPC services."""
