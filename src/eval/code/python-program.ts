/**
 * The program `python3 -I -c` runs for a python check. It reads one JSON request on stdin (the
 * check's code, how to call it, the output and context), limits its own data segment, runs the
 * code with print() sent to stderr, and writes one JSON answer on stdout: `{ok, value}` or
 * `{ok: false, message}`. Inline code of one line is an expression over `output` and `context`;
 * longer code is the body of a function of them (it returns). A file's code is a module whose
 * function (`get_assert` unless named) is called with the output and the context.
 */
export const PYTHON_PROGRAM = String.raw`
import json, sys, types
def answer(stream, payload):
    try:
        text = json.dumps(payload, allow_nan=False)
    except (TypeError, ValueError) as error:
        text = json.dumps({"ok": False, "message": "the value it returned cannot be read as JSON: %s" % error})
    stream.write(text)
    stream.flush()
def main():
    request = json.loads(sys.stdin.read())
    try:
        import resource
        limit = request["memoryBytes"]
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except Exception:
        pass
    stdout = sys.stdout
    sys.stdout = sys.stderr
    output, context, code = request["output"], request["context"], request["code"]
    try:
        if request["file"] is not None:
            module = types.ModuleType("plume_check")
            module.__file__ = request["file"]
            exec(compile(code, request["file"], "exec"), module.__dict__)
            name = request["function"] or "get_assert"
            check = getattr(module, name, None)
            if not callable(check):
                raise LookupError("the file has no function %s" % name)
            value = check(output, context)
        elif "\n" not in code.strip():
            value = eval(compile(code.strip(), "<check>", "eval"), {"output": output, "context": context})
        else:
            body = "".join("    " + line + "\n" for line in code.splitlines())
            scope = {}
            exec(compile("def __plume_check(output, context):\n" + body, "<check>", "exec"), scope)
            value = scope["__plume_check"](output, context)
        if isinstance(value, dict) and "pass_" in value and "pass" not in value:
            value = dict(value)
            value["pass"] = value.pop("pass_")
        answer(stdout, {"ok": True, "value": value})
    except BaseException as error:
        answer(stdout, {"ok": False, "message": "%s: %s" % (type(error).__name__, error)})
main()
`;
