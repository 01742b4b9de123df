"""The gRPC services of Prism, one package (and one process in production) each."""
