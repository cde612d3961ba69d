#!/usr/bin/env python3
# tests/sync/chunked-server.py - serve one manifest.js.gz the awkward way
#
# usage: chunked-server.py PORT FILE
#
# Listens on 127.0.0.1:PORT.  GET /test/manifest.js.gz answers 302 with a
# relative Location (../moved/m.js.gz?from=test); that URL sends FILE with
# Transfer-Encoding: chunked (small chunks, a chunk extension, a trailer),
# as a proxy in front of public-inbox may.  Everything else is 404, so a
# sync against http://127.0.0.1:PORT/test that contacts any epoch fails.
# Requests are logged to stderr.
import http.server
import sys

DATA = open(sys.argv[2], 'rb').read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        sys.stderr.write(self.requestline + '\n')

    def do_GET(self):
        if self.path == '/test/manifest.js.gz':
            self.send_response(302)
            self.send_header('Location', '../moved/m.js.gz?from=test')
            self.send_header('Content-Length', '0')
            self.end_headers()
        elif self.path == '/moved/m.js.gz?from=test':
            self.send_response(200)
            self.send_header('Content-Type', 'application/gzip')
            self.send_header('Transfer-Encoding', 'chunked')
            self.end_headers()
            for i in range(0, len(DATA), 37):
                chunk = DATA[i:i + 37]
                self.wfile.write(b'%x;ext=1\r\n%s\r\n' % (len(chunk), chunk))
            self.wfile.write(b'0\r\nX-Trailer: yes\r\n\r\n')
        else:
            self.send_response(404)
            self.send_header('Content-Length', '0')
            self.end_headers()


http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])),
                       Handler).serve_forever()
