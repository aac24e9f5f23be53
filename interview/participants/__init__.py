"""The participant registry: the home page after login."""
