#!/usr/bin/env python3
"""Part of the FAKE kubectl: stands in for `kubectl port-forward` by serving a fixture directory over HTTP on a
free local port, announcing it with kubectl's own line ("Forwarding from 127.0.0.1:PORT -> 18080")."""
import functools
import http.server
import sys

root = sys.argv[1]


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def guess_type(self, path):
        return "application/json"


server = http.server.HTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
print(f"Forwarding from 127.0.0.1:{server.server_address[1]} -> 18080", flush=True)
server.serve_forever()
