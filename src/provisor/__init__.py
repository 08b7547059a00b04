"""Provisor: a multi-tenant SCIM 2.0 provisioning platform."""

__version__ = "0.1.0"
