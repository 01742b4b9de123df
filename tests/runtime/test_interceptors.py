"""The interceptor chain's order is explicit and tested: telemetry -> caller context -> errors."""

from __future__ import annotations

from prism.runtime import interceptors


def test_chain_order_is_telemetry_then_caller_then_errors():
    assert interceptors.RPC_STEPS == (
        interceptors.telemetry_step,
        interceptors.caller_step,
        interceptors.errors_step,
    )
