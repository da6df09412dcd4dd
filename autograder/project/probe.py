"""Run inside the sandbox, beside a team's app: start the README's run command and say
whether the app answers `GET /health` (or its OpenAPI document) on the loopback.

The sandbox has a network of its own that the grader cannot reach, so the question is asked
from inside it. Standard library only: nothing of the repository is visible in the sandbox.
Usage: python probe.py SECONDS -- COMMAND... ; exit 0 when the app answered, 1 when it
stopped first, 2 when the time ran out. The app's output is passed through.
"""

import itertools
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

PATHS = ("/health", "/openapi.json")
DEFAULT_PORT = 8000
PORT_IN_TEXT = re.compile(r"(?:127\.0\.0\.1|0\.0\.0\.0|localhost|\[::1?\]):(\d{2,5})\b")


def ports_named(arguments: list[str]) -> set[int]:
    found = {DEFAULT_PORT}
    for flag, value in itertools.pairwise(arguments):
        if flag in ("--port", "-p") and value.isdigit():
            found.add(int(value))
    return found


def answers(port: int) -> str | None:
    for path in PATHS:
        try:
            url = f"http://127.0.0.1:{port}{path}"
            with urllib.request.urlopen(url, timeout=1) as reply:
                if reply.status == 200:
                    return f"GET {path} answered 200 on port {port}"
        except (urllib.error.URLError, OSError, ValueError):
            continue
    return None


def main() -> int:
    seconds = float(sys.argv[1])
    command = sys.argv[3:]
    ports = sorted(ports_named(command))  # the relay adds the ports the app prints
    app = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )

    def relay() -> None:
        assert app.stdout is not None
        for line in iter(app.stdout.readline, b""):
            text = line.decode("utf-8", errors="replace")
            ports.extend(int(port) for port in PORT_IN_TEXT.findall(text))
            sys.stdout.write(text)
            sys.stdout.flush()

    threading.Thread(target=relay, daemon=True).start()
    deadline = time.monotonic() + seconds
    verdict, code = "", 2
    try:
        while time.monotonic() < deadline:
            if app.poll() is not None:
                verdict, code = f"the app stopped with exit status {app.returncode}", 1
                break
            for port in dict.fromkeys(ports[:]):
                if said := answers(port):
                    verdict, code = said, 0
                    break
            if code == 0:
                break
            time.sleep(0.2)
        else:
            verdict = (
                f"nothing answered GET /health on ports {sorted(set(ports))} within {seconds:g} s"
            )
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)
            app.wait()
    time.sleep(0.1)  # the relay's last lines
    print(f"probe: {verdict}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
