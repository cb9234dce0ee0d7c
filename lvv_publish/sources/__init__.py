"""Readers, one per input shape: monitor.yaml, the Totaaloverzicht, the input sheets."""
