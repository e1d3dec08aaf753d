#!/usr/bin/env python3
"""Times `statuslint lsp` on a large spec the way an editor uses it.

An edit (didChange, one character, incremental, inside an operation) → the publishDiagnostics
of that version, on the 10 MB GitHub description by default. The server is started with
`debounceMs: 0`, so the figure is the re-lint itself (parse, model, rules, diagnostics, JSON
out); `--editor-defaults` keeps the server's own debounce, which follows the last lint's time
(10 to 120 ms): the figure is then what a user waits for. The server's CPU time per edit is
printed too: it is steadier than the wall clock on a busy machine. Also timed: didOpen → first diagnostics, a code action
and the first hover after an edit (which parses the buffer once for the hover's context).

`--top` inserts and removes a comment line at the top instead (every diagnostic moves: the
whole list is published again), as the VS Code latency run does.

Usage: benches/lsp/relint.py [--binary PATH] [--spec FILE] [--edits N] [--editor-defaults] [--top]
       (build first: cargo build --release)
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


class Server:
    def __init__(self, binary, cwd):
        self.proc = subprocess.Popen([binary, "lsp"], cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the server exited")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def cpu_seconds(self):
        """The server's user + system CPU time so far (Linux): steadier than the wall clock on
        a busy machine."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        ident = self.next_id
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == ident and "method" not in message:
                return message.get("result")

    def diagnostics(self, uri, version):
        while True:
            message = self.read()
            if (message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == uri
                    and message["params"].get("version") == version):
                return message["params"]["diagnostics"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(REPO, "target/release/statuslint"))
    parser.add_argument("--spec", default=os.path.join(REPO, "../shared/corpus/real/github-api.github.com.yaml"))
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--editor-defaults", action="store_true",
                        help="keep the server's own debounce (what a user waits for), instead of 0")
    parser.add_argument("--top", action="store_true",
                        help="insert and remove a comment line at the top (moves every diagnostic), "
                             "as the VS Code latency run does, instead of changing a letter")
    args = parser.parse_args()
    spec = os.path.realpath(args.spec)
    text = open(spec, encoding="utf-8").read()
    uri = "file://" + spec
    server = Server(args.binary, os.path.dirname(spec))
    server.request("initialize", {"processId": None, "rootUri": "file://" + os.path.dirname(spec),
                                  "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
                                  "initializationOptions": {} if args.editor_defaults else {"debounceMs": 0}})
    server.notify("initialized", {})

    started = time.perf_counter()
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    first = server.diagnostics(uri, 1)
    opened = time.perf_counter() - started

    # The edit: a letter of the first `description` value inside `paths` (an operation's, where
    # people edit), changed and changed back (YAML or JSON, pretty or minified; columns in
    # UTF-16 units).
    lines = text.split("\n")
    paths_line = next((i for i, l in enumerate(lines) if re.match(r"""\s*["']?paths["']?\s*:""", l)), 0)
    units = lambda s: len(s.encode("utf-16-le")) // 2
    description = re.compile(r"""["']?description["']?:\s*["']?[A-Za-z]""")
    line, match = next((i, m) for i, l in enumerate(lines) if i >= paths_line
                       for m in [description.search(l)] if m)
    column = units(lines[line][:match.end() - 1])
    original = lines[line][match.end() - 1]
    timings = []
    cpu_before = server.cpu_seconds()
    json_spec = spec.endswith(".json")
    for n in range(args.edits):
        version = n + 2
        if args.top:
            # A line after the first (JSON: after `{`), inserted and removed again.
            at = 1 if json_spec else 0
            inserted = "\n" if json_spec else "# edit\n"
            change = ({"range": {"start": {"line": at, "character": 0},
                                 "end": {"line": at, "character": 0}}, "text": inserted}
                      if n % 2 == 0 else
                      {"range": {"start": {"line": at, "character": 0},
                                 "end": {"line": at + 1, "character": 0}}, "text": ""})
        else:
            new = "X" if n % 2 == 0 else original
            change = {"range": {"start": {"line": line, "character": column},
                                "end": {"line": line, "character": column + 1}},
                      "text": new}
        started = time.perf_counter()
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [change]})
        diagnostics = server.diagnostics(uri, version)
        timings.append(time.perf_counter() - started)
        assert len(diagnostics) == len(first), "the edit changed the findings"
    cpu_per_edit = (server.cpu_seconds() - cpu_before) / max(args.edits, 1)

    target = next(d for d in first if d["code"] == "created-without-location") if any(
        d["code"] == "created-without-location" for d in first) else first[0]
    started = time.perf_counter()
    actions = server.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": target["range"], "context": {"diagnostics": []}})
    action = time.perf_counter() - started
    # Hover on the first status key after an edit: parses the 10 MB buffer once.
    status = re.compile(r"""["']200["']\s*:""")
    key_line, match = next((i, m) for i, l in enumerate(lines) for m in [status.search(l)] if m)
    key_column = units(lines[key_line][:match.start() + 1])
    started = time.perf_counter()
    hover = server.request("textDocument/hover", {"textDocument": {"uri": uri},
                           "position": {"line": key_line, "character": key_column}})
    hovered = time.perf_counter() - started
    started = time.perf_counter()
    server.request("textDocument/hover", {"textDocument": {"uri": uri},
                   "position": {"line": key_line, "character": key_column}})
    hovered_again = time.perf_counter() - started
    server.request("shutdown", None)
    server.notify("exit", None)
    server.proc.wait(timeout=30)

    ms = lambda s: "%.0f ms" % (s * 1000)
    timings.sort()
    print("spec: %s (%.1f MB, %d diagnostics)" % (os.path.basename(spec), len(text.encode()) / 1e6, len(first)))
    print("didOpen -> diagnostics:            %s" % ms(opened))
    print("didChange -> diagnostics (%d edits): median %s, p90 %s, max %s" % (
        len(timings), ms(statistics.median(timings)), ms(timings[int(len(timings) * 0.9) - 1]), ms(timings[-1])))
    print("server CPU per edit:               %s" % ms(cpu_per_edit))
    print("codeAction (%d actions):            %s" % (len(actions or []), ms(action)))
    print("hover after an edit / again:       %s / %s (%s)" % (
        ms(hovered), ms(hovered_again), "answered" if hover else "no hover"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
