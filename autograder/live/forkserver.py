"""Runs inside the app sandbox of a HW1 grade: imports the reference app once, then forks one
warm process per app start (the working app, and each copy with a planted bug).

Every app a HW1 grade starts is our own code, so its starts may share one sandbox; what a
start gets of its own is a fresh work folder (its database), its listening socket, its
process group and its environment. A fork skips the second of imports a cold interpreter
spends on FastAPI, SQLAlchemy, Pydantic and uvicorn before it reads the first line of the app.

It speaks one JSON message per packet over the Unix socket it is given (file descriptor
`argv[1]`), with the app's listening socket passed alongside a start:
  -> {"start": ID, "app": DIR, "work": DIR, "mail": {"relay": FILE, "socket": PATH} | null}
                                  (+ the listener's fd)  <- {"started": ID, "pid": N}
  -> {"stop": ID}                                                     <- {"stopped": ID}
It is copied into the sandbox and reads nothing but this module and the standard library
before it imports the reference app in the folder `argv[2]`, served as `argv[3]` (uvicorn's
import path, `coursehub.main:app` when not given), and, for an app that sends email,
`smtp_relay.py`, mounted beside the grader's mail socket.
"""

import contextlib
import json
import os
import signal
import socket
import sys
import threading

APP = "coursehub.main:app"


def preload(reference: str, app: str = APP) -> None:
    """Import the reference app and what uvicorn loads for it, then forget the app's own
    modules (each start imports its own copy); the libraries stay imported."""
    sys.path.insert(0, reference)
    import uvicorn

    config = uvicorn.Config(app, fd=0, log_level="warning")
    config.load()  # imports the app, the protocol and lifespan classes uvicorn will use
    forget_app_modules(app)
    sys.path.remove(reference)


def forget_app_modules(app: str = APP) -> None:
    package = app.split(".")[0].split(":")[0]
    for name in [n for n in sys.modules if n == package or n.startswith(f"{package}.")]:
        del sys.modules[name]


def relay_mail(mail: dict[str, str]) -> None:
    """Give the app an SMTP port on 127.0.0.1 that leads to this start's mail server (a Unix
    socket of the grader's), as `smtp_relay.py` does for a cold start."""
    sys.path.insert(0, os.path.dirname(mail["relay"]))
    import smtp_relay

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    os.environ["SMTP_HOST"] = "127.0.0.1"
    os.environ["SMTP_PORT"] = str(listener.getsockname()[1])
    relay = threading.Thread(target=smtp_relay.serve, args=(listener, mail["socket"]))
    relay.daemon = True
    relay.start()


def run_app(
    app_dir: str, work: str, listener: int, mail: dict[str, str] | None, app: str = APP
) -> None:
    """In the child: become the app of `app_dir` on `listener`, never returning."""
    code = 1
    try:
        os.setsid()
        output = os.open(f"{work}/output.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.chdir(app_dir)
        os.environ["DATABASE_URL"] = f"sqlite+aiosqlite:///{work}/app.db"
        if mail:
            relay_mail(mail)
        sys.path.insert(0, app_dir)
        import uvicorn.main

        arguments = [app, "--fd", str(listener), "--no-access-log", "--log-level", "warning"]
        uvicorn.main.main(arguments, standalone_mode=False)
        code = 0
    except BaseException as error:  # the child must end here, whatever happened
        import traceback

        traceback.print_exception(error)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def serve(control: socket.socket, app: str = APP) -> None:
    children: dict[int, int] = {}  # start id -> pid
    while True:
        message, fds, _, _ = socket.recv_fds(control, 65536, 1)
        if not message:
            return  # the grader is gone
        request = json.loads(message)
        if "start" in request:
            pid = os.fork()
            if pid == 0:
                control.close()
                run_app(request["app"], request["work"], fds[0], request.get("mail"), app)
            os.close(fds[0])
            children[request["start"]] = pid
            reply = {"started": request["start"], "pid": pid}
        else:
            pid = children.pop(request["stop"], 0)
            if pid:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            reply = {"stopped": request["stop"]}
        control.sendall(json.dumps(reply).encode())


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    app = sys.argv[3] if len(sys.argv) > 3 else APP
    preload(sys.argv[2], app)
    control.sendall(b'{"ready": true}')
    serve(control, app)


if __name__ == "__main__":
    main()
