"""The domain: entities, value objects, ports and use cases. Standard library only."""
