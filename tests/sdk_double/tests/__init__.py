"""Tests of the SDK double, one module per CONTRACT.md section plus the conformance probes."""
