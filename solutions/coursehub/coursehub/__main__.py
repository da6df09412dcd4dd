"""`python -m coursehub`: serve the app on http://127.0.0.1:8000 with the sample data."""

import argparse
import os

import uvicorn


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m coursehub", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--reload", action="store_true", help="restart when a file changes")
    arguments = parser.parse_args()
    os.environ.setdefault("SEED_SAMPLE_DATA", "true")
    print(f"CourseHub API docs: http://{arguments.host}:{arguments.port}/docs")
    uvicorn.run(
        "coursehub.main:app", host=arguments.host, port=arguments.port, reload=arguments.reload
    )


if __name__ == "__main__":
    main()
