"""Chaotic systems: a catalog of flows, maps, delay equations and SDEs, compiled integration."""
