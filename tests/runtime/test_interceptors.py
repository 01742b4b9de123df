"""The interceptor chain's order is explicit and tested: telemetry -> caller context -> errors."""

from __future__ import annotations

from prism.runtime import interceptors


def test_chain_order_is_telemetry_then_errors_then_caller():
    # errors must wrap the caller step, so a bad token or a refusal becomes a proper status
    assert interceptors.RPC_STEPS == (
        interceptors.telemetry_step,
        interceptors.errors_step,
        interceptors.caller_step,
    )
