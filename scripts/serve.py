#!/usr/bin/env python3
"""Serves www/ on 127.0.0.1 with the MIME type browsers need for .wasm."""
import functools
import http.server
import sys
from pathlib import Path

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
root = Path(__file__).resolve().parent.parent / "www"


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript"}


handler = functools.partial(Handler, directory=str(root))
with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
    print(f"psjobs playground: http://127.0.0.1:{port}/", flush=True)
    server.serve_forever()
