"""Authentication: login, logout, first-admin set-up, and password checks."""
