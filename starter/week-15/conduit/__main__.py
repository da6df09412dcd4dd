"""`python -m conduit`: serve the app with the sample data, docs at /docs."""

import argparse
import os

import uvicorn


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m conduit", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--uds", help="serve on this Unix socket instead of host and port")
    parser.add_argument("--reload", action="store_true", help="restart when a file changes")
    arguments = parser.parse_args()
    os.environ.setdefault("SEED_SAMPLE_DATA", "true")
    if arguments.uds:
        print(f"Conduit on unix:{arguments.uds}", flush=True)
    else:
        print(f"Conduit API docs: http://{arguments.host}:{arguments.port}/docs", flush=True)
    uvicorn.run(
        "conduit.main:app",
        host=arguments.host,
        port=arguments.port,
        uds=arguments.uds,
        reload=arguments.reload,
    )


if __name__ == "__main__":
    main()
