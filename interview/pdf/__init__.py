"""PDF renderers (coding record, signed consent) as plain services: data in, bytes out."""
