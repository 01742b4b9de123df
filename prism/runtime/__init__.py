"""The shared runtime every Prism component stands on: settings, errors, storage, servers, telemetry."""
