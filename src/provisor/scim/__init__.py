"""The SCIM 2.0 facade (RFC 7643, RFC 7644, RFC 9865)."""
