"""Admin pages: user accounts and the audit log."""
