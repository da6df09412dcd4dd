"""Run inside the app's sandbox, before the app: the app's SMTP connections to
127.0.0.1:PORT are forwarded to the grader's mail server on a Unix socket, then this process
becomes the app.

    python smtp_relay.py SOCKET PORT -- PROGRAM [ARGUMENT ...]

The sandbox has no network, so an app that sends email over SMTP (week 9 on) could reach no
server. The grader's server listens on a Unix socket bound into the sandbox; this relay, a
child forked before the app starts, gives the app the TCP port it expects. It uses the
standard library only: it runs with whatever the sandbox can import.
"""

import os
import selectors
import socket
import sys
import threading


def forward(client: socket.socket, upstream: socket.socket) -> None:
    """Copy bytes both ways until each side has said it is done."""
    with client, upstream, selectors.DefaultSelector() as selector:
        peer = {client: upstream, upstream: client}
        for side in peer:
            selector.register(side, selectors.EVENT_READ)
        while selector.get_map():
            for key, _ in selector.select():
                side = key.fileobj
                assert isinstance(side, socket.socket)
                try:
                    data = side.recv(65536)
                    if data:
                        peer[side].sendall(data)
                        continue
                    peer[side].shutdown(socket.SHUT_WR)
                except OSError:
                    return
                selector.unregister(side)


def serve(listener: socket.socket, mail_socket: str) -> None:
    while True:
        client, _ = listener.accept()
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(mail_socket)
        except OSError:
            client.close()
            upstream.close()
            continue
        threading.Thread(target=forward, args=(client, upstream), daemon=True).start()


def main(argv: list[str]) -> None:
    mail_socket, port, separator, *command = argv
    if separator != "--" or not command:
        raise SystemExit("usage: smtp_relay.py SOCKET PORT -- PROGRAM [ARGUMENT ...]")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(port)))
    listener.listen(16)
    # Listening before the fork: the app can connect from its first instruction on.
    if os.fork() == 0:
        try:
            serve(listener, mail_socket)
        finally:
            os._exit(0)
    listener.close()
    os.execv(command[0], command)  # noqa: S606 (the app's own argv, from the grader)


if __name__ == "__main__":
    main(sys.argv[1:])
