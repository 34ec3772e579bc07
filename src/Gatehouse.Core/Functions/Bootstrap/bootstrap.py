# Gatehouse's python worker: imports the handler once, then serves invocations over framed pipes.
# Frames: b"GHF" + kind (1 byte) + length (4 bytes, big-endian) + payload.
# In: b"V" {"requestId","remainingMs","arn","event"}. Out: b"R" ready, b"O" result JSON, b"E" error JSON,
# b"I" init error JSON (the worker then exits). The handler's own stdout goes to stderr, which Gatehouse logs.
import importlib
import json
import os
import sys
import time
import traceback

_MAGIC = b"GHF"
# Ends each invocation's output on stderr, so Gatehouse tags every line with the right request id.
_END = "\x1eGATEHOUSE-END\x1e\n"


def _read_exactly(stream, count):
    chunks = []
    while count > 0:
        chunk = stream.read(count)
        if not chunk:
            return None
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _write_frame(stream, kind, payload):
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        os.write(2, _END.encode("ascii"))
    except Exception:
        pass
    stream.write(_MAGIC + kind + len(payload).to_bytes(4, "big") + payload)
    stream.flush()


def _error_body(error_type, message, stack):
    return json.dumps({"errorMessage": message, "errorType": error_type, "stackTrace": stack}).encode("utf-8")


class LambdaContext(object):
    def __init__(self, request_id, remaining_ms, arn):
        self._deadline = time.monotonic() + remaining_ms / 1000.0
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None

    def get_remaining_time_in_millis(self):
        return max(int((self._deadline - time.monotonic()) * 1000), 0)

    def __repr__(self):
        return "LambdaContext([aws_request_id={0},function_name={1}])".format(self.aws_request_id, self.function_name)


def _load(handler):
    # Mirrors awslambdaric's _get_handler, so the errors read as Lambda's.
    module_name, _, function_name = handler.rpartition(".")
    if module_name.split(".")[0] in sys.builtin_module_names:
        return None, ("Runtime.BuiltInModuleConflict", "Cannot use built-in module {0} as a handler module".format(module_name), [])
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        return None, ("Runtime.ImportModuleError", "Unable to import module '{0}': {1}".format(module_name, e), [])
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        return None, ("Runtime.UserCodeSyntaxError", "Syntax error in module '{0}': {1}".format(module_name, e), trace)
    except Exception as e:
        return None, (type(e).__name__, str(e), traceback.format_list(traceback.extract_tb(e.__traceback__)))
    function = getattr(module, function_name, None)
    if function is None:
        return None, ("Runtime.HandlerNotFound", "Handler '{0}' missing on module '{1}'".format(function_name, module_name), [])
    return function, None


def main():
    # The protocol keeps private copies of fd 0 and 1; fd 1 becomes stderr, so print() and C extensions writing
    # to stdout land in the log, never in a frame. A handler reading stdin reads nothing.
    proto_in = os.fdopen(os.dup(0), "rb", buffering=0)
    proto_out = os.fdopen(os.dup(1), "wb", buffering=0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)

    os.environ["AWS_EXECUTION_ENV"] = "AWS_Lambda_python{0}.{1}".format(sys.version_info[0], sys.version_info[1])
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    if task_root not in sys.path:
        sys.path.insert(0, task_root)

    handler, failure = _load(os.environ.get("_HANDLER", ""))
    if failure is not None:
        _write_frame(proto_out, b"I", _error_body(*failure))
        return
    _write_frame(proto_out, b"R", b"")

    while True:
        header = _read_exactly(proto_in, 8)
        if header is None:
            return
        if header[:3] != _MAGIC:
            sys.exit(3)
        body = _read_exactly(proto_in, int.from_bytes(header[4:8], "big"))
        if body is None:
            return
        request = json.loads(body)
        context = LambdaContext(request["requestId"], request["remainingMs"], request["arn"])
        try:
            result = handler(request["event"], context)
        except Exception as e:
            payload = _error_body(type(e).__name__, str(e), traceback.format_list(traceback.extract_tb(e.__traceback__)))
            kind = b"E"
        else:
            try:
                payload = json.dumps(result).encode("utf-8")
                kind = b"O"
            except Exception as e:
                payload = _error_body("Runtime.MarshalError", "Unable to marshal response: {0}".format(e), [])
                kind = b"E"
        _write_frame(proto_out, kind, payload)


main()
