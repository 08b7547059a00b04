"""Subscriptions over graphql-transport-ws."""
