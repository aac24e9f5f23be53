"""PDFs as plain services, data in and bytes out: the engine (WeasyPrint, fonts, a URL fetcher that
refuses all but our static files) and the coding PDF. The consent PDF uses the engine from consent/pdf.py."""
