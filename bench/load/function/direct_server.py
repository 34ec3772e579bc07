"""The same handler over HTTP directly, with no gateway: a threaded HTTP server that builds a minimal proxy event per
request and calls handler(event, context) in-process. This is the baseline the gateway's overhead is measured
against."""
import json
import sys
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, sys.argv[2])
from handler import handler  # noqa: E402


class Context:
    function_name = "bench"

    def __init__(self):
        self.aws_request_id = str(uuid.uuid4())

    def get_remaining_time_in_millis(self):
        return 3000


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    # Headers and body are two writes; with Nagle on, keep-alive clients wait out the delayed ACK (~40 ms) on each.
    disable_nagle_algorithm = True

    def do_GET(self):
        event = {
            "resource": "/users/{userId}",
            "path": self.path,
            "httpMethod": "GET",
            "headers": dict(self.headers),
            "pathParameters": {"userId": self.path.rsplit("/", 1)[-1]},
            "body": None,
            "isBase64Encoded": False,
        }
        result = handler(event, Context())
        body = result["body"].encode()
        self.send_response(result["statusCode"])
        for name, value in result["headers"].items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
