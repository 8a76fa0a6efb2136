"""A plain static file server with no SPA fallback, as GitHub Pages or S3 behave: files are
served as they are, a folder serves its index.html, and anything missing gets the site's
404.html with status 404 (NOT_FOUND, a path under ROOT: GitHub Pages uses the 404.html at the
top of a project site, such as quire-sub/404.html). Usage: static_server.py ROOT PORT [NOT_FOUND]"""

import http.server
import os
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".md": "text/markdown", ".wasm": "application/wasm"}

    def send_error(self, code, message=None, explain=None):
        page = os.path.join(self.directory, not_found)
        if code == 404 and os.path.isfile(page):
            with open(page, "rb") as f:
                body = f.read()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    root, port = sys.argv[1], int(sys.argv[2])
    not_found = sys.argv[3] if len(sys.argv) > 3 else "404.html"
    handler = lambda *a, **k: Handler(*a, directory=root, **k)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
