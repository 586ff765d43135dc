"""Registers the golive pytest plugin (golive/plugin.py); nothing else belongs here."""

pytest_plugins = ["golive.plugin"]
