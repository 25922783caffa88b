"""Parallel Editions: publish statements in many languages, translated by volunteers."""

__version__ = "0.1.0"
