"""The GraphQL facade for dashboards (strawberry)."""
