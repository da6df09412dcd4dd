"""GitHub faked at the HTTP level, and the steps of the grading workflows run as the workflows
run them (`python -m autograder.github ...` in a fresh process, with the variables GitHub
Actions sets). Grading itself is real: the sandbox, the app, the hidden suite."""

import hashlib
import io
import json
import re
import shutil
import tarfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from werkzeug import Request, Response

from autograder.github.fork import git_blob_sha
from autograder.spec import ASSIGNMENTS_DIR
from courseware.render import render_tree

CLASS_REPOSITORY = "staff/coursehub-spring"


TOKEN = "ghs_fake-token-for-the-tests"


SECRET = "s3cr3t-deploy-key-value-that-must-never-leak"


HIDDEN_SUITE = ASSIGNMENTS_DIR / "hw03/hidden/test_hw03_hidden_contracts.py"


class FakeGitHub:
    """The REST endpoints the grading steps use, in memory. Lists come two items a page, so
    that every list is read through its `Link: rel="next"` pages."""

    PAGE = 2

    def __init__(self, server: Any, logins: dict[str, str]) -> None:
        self.server = server
        self.logins = logins  # token -> the login its comments and statuses are written as
        self.pulls: dict[tuple[str, int], dict] = {}
        self.trees: dict[str, dict[str, str]] = {}  # commit sha -> {path: blob sha}
        self.tarballs: dict[str, bytes] = {}
        self.comments: list[dict] = []
        self.statuses: list[dict] = []
        self.org_repos: dict[str, list[dict]] = {}
        self.permissions: dict[str, str] = {}  # login -> permission on every repository
        self.calls: list[tuple[str, str]] = []
        server.expect_request(re.compile(r"^/.*$")).respond_with_handler(self.handle)

    @property
    def url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    # -- state the tests set up --
    def open_pull(self, repository: str, number: int, owner: str, branch: str, sha: str) -> None:
        self.pulls[(repository, number)] = {
            "number": number,
            "state": "open",
            "head": {"sha": sha, "ref": branch, "label": f"{owner}:{branch}"},
            "user": {"login": owner},
            "base": {"repo": {"full_name": repository}},
        }

    def push(self, repository: str, number: int, sha: str) -> None:
        self.pulls[(repository, number)]["head"]["sha"] = sha

    def comments_on(self, repository: str, number: int) -> list[dict]:
        return [c for c in self.comments if (c["repository"], c["number"]) == (repository, number)]

    def writes(self) -> list[tuple[str, str]]:
        return [call for call in self.calls if call[0] in ("POST", "PATCH")]

    # -- the API --
    def handle(self, request: Request) -> Response:
        self.calls.append((request.method, request.path))
        if request.path.startswith("/codeload/"):  # where a tarball request is redirected
            return Response(self.tarballs[request.path.rsplit("/", 1)[-1]], 200)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.logins:
            return self._json({"message": "Bad credentials"}, 401)
        login = self.logins[token]
        path, method = request.path, request.method
        body = json.loads(request.get_data() or b"{}")
        if found := re.fullmatch(r"/repos/([^/]+/[^/]+)/pulls", path):
            head = request.args.get("head")
            pulls = [
                p
                for (repository, _), p in sorted(self.pulls.items())
                if repository == found.group(1) and (head is None or p["head"]["label"] == head)
            ]
            return self._page(request, pulls)
        if found := re.fullmatch(r"/repos/([^/]+/[^/]+)/pulls/(\d+)", path):
            return self._json(self.pulls[(found.group(1), int(found.group(2)))])
        if found := re.fullmatch(r"/repos/[^/]+/[^/]+/git/trees/(\w+)", path):
            files = self.trees[found.group(1)]
            tree = [
                {"path": p, "mode": "100644", "type": "blob", "sha": s} for p, s in files.items()
            ]
            return self._json({"sha": found.group(1), "tree": tree, "truncated": False})
        if found := re.fullmatch(r"/repos/[^/]+/[^/]+/tarball/(\w+)", path):
            return Response(status=302, headers={"Location": f"{self.url}/codeload/{found[1]}"})
        if found := re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/(\d+)/comments", path):
            repository, number = found.group(1), int(found.group(2))
            if method == "POST":
                comment = {
                    "id": 1000 + len(self.comments),
                    "repository": repository,
                    "number": number,
                    "body": body["body"],
                    "user": {"login": login},
                    "html_url": f"https://github.example/{repository}/pull/{number}#c",
                }
                self.comments.append(comment)
                return self._json(comment, 201)
            return self._page(request, self.comments_on(repository, number))
        if found := re.fullmatch(r"/repos/[^/]+/[^/]+/issues/comments/(\d+)", path):
            comment = next(c for c in self.comments if c["id"] == int(found.group(1)))
            comment["body"] = body["body"]
            return self._json(comment)
        if found := re.fullmatch(r"/repos/([^/]+/[^/]+)/statuses/(\w+)", path):
            self.statuses.append({"repository": found[1], "sha": found[2], "by": login, **body})
            return self._json(body, 201)
        if found := re.fullmatch(r"/repos/([^/]+/[^/]+)/commits/(\w+)/statuses", path):
            newest_first = [
                {**s, "creator": {"login": s["by"]}}
                for s in reversed(self.statuses)
                if (s["repository"], s["sha"]) == (found[1], found[2])
            ]
            return self._json(newest_first)
        if found := re.fullmatch(r"/repos/[^/]+/[^/]+/collaborators/([^/]+)/permission", path):
            return self._json({"permission": self.permissions.get(found.group(1), "read")})
        if found := re.fullmatch(r"/orgs/([^/]+)/repos", path):
            return self._page(request, self.org_repos.get(found.group(1), []))
        return self._json({"message": "Not Found"}, 404)

    def _json(self, data: Any, status: int = 200) -> Response:
        return Response(json.dumps(data), status, content_type="application/json")

    def _page(self, request: Request, items: list[dict]) -> Response:
        page = int(request.args.get("page", "1"))
        chunk = items[(page - 1) * self.PAGE : page * self.PAGE]
        response = self._json(chunk)
        if page * self.PAGE < len(items):
            query = {k: v[0] for k, v in parse_qs(request.query_string.decode()).items()}
            query["page"] = str(page + 1)
            link = "&".join(f"{k}={v}" for k, v in query.items())
            response.headers["Link"] = f'<{self.url}{request.path}?{link}>; rel="next"'
        return response


def tree_of(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): git_blob_sha(path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def commit(fake: FakeGitHub, folder: Path) -> str:
    """Record a folder as a commit: its tree (and tarball) become readable through the API."""
    files = tree_of(folder)
    sha = hashlib.sha1(json.dumps(files, sort_keys=True).encode()).hexdigest()
    fake.trees[sha] = files
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        for relative in files:
            tar.add(folder / relative, arcname=f"owner-repo-{sha[:7]}/{relative}")
    fake.tarballs[sha] = archive.getvalue()
    return sha


def package(folder: Path, artifact: Path) -> Path:
    """What the untrusted run uploads: the commit's files (`git archive HEAD`)."""
    if artifact.exists():
        shutil.rmtree(artifact)
    shutil.copytree(folder, artifact)
    return artifact


def workflow_run_event(
    sha: str, owner: str = "alice", branch: str = "hw03", created_at: str = ""
) -> dict:
    """The `workflow_run` payload of a finished "Visible tests" run of a fork's pull request
    (`pull_requests` is empty for forks, as GitHub sends it)."""
    return {
        "action": "completed",
        "workflow_run": {
            "id": 4242,
            "name": "Visible tests",
            "event": "pull_request",
            "conclusion": "failure",
            "head_sha": sha,
            "head_branch": branch,
            "head_repository": {"full_name": f"{owner}/coursehub", "owner": {"login": owner}},
            "pull_requests": [],
            **({"created_at": created_at} if created_at else {}),
        },
    }


def hidden_lines() -> set[str]:
    """Lines of code only the hidden suite has (not those it shares with the app or with the
    visible tests, such as an import or a URL)."""
    shared = "\n".join(
        item.content.decode(errors="replace") for item in render_tree(4, "reference")
    )
    return {
        line.strip()
        for line in HIDDEN_SUITE.read_text().splitlines()
        if len(line.strip()) > 25
        and not line.strip().startswith('"""')
        and line.strip() not in shared
    }


def visible_test_lines() -> set[str]:
    """Lines of the visible tests the student has: a failed visible check may quote one."""
    return {
        line.strip()
        for item in render_tree(4, "starter")
        if item.relative.parts[0] == "tests"
        for line in item.content.decode(errors="replace").splitlines()
        if line.strip()
    }


def assert_no_hidden_test_text(*texts: str, code_allowed: bool = False) -> None:
    shown = "\n".join(texts)
    assert [line for line in hidden_lines() if line in shown] == []
    if not code_allowed:
        assert "def test_" not in shown
        # A failed visible check quotes its own assert line, then says what the app answered.
        visible = [line for line in visible_test_lines() if line.startswith("assert ")]
        quoted = re.findall(r"assert .*", shown)
        unknown = [q for q in quoted if not any(q.startswith(line) for line in visible)]
        assert unknown == [], unknown


def trusted_job(
    actions, tmp_path: Path, name: str, event: dict, artifact: Path, **env: str
) -> list[dict]:
    """The steps of grade.yml after its installs, each on a fresh runner's work folder: check
    the submission (token), grade in the sandbox if told to (no token), answer (token)."""
    work = tmp_path / f"work-{name}"
    prepare = actions(
        "prepare-artifact", "--assignment", "hw03", "--artifact", str(artifact),
        "--work", str(work), token=TOKEN, event=event, **env,
    )  # fmt: skip
    steps = [prepare]
    if prepare["outputs"].get("grade") == "true":
        steps.append(actions("grade", "--work", str(work), "--jobs", "1", **env))
    steps.append(actions("report", "--work", str(work), token=TOKEN, **env))
    return steps


def hostile_env_dump(app: Path) -> None:
    """An app that prints every environment it can reach, then stops: its output tail is
    shown to the student as the reason the app did not start. One variable a line, each
    once, so that the grader's caps on the shown output (lines, and characters a line) keep
    all of it."""
    main = app / "coursehub/main.py"
    main.write_text(
        main.read_text() + "\nimport os as _os, sys as _sys\n"
        "def _read(path):\n"
        "    try:\n"
        "        with open(path, 'rb') as handle:\n"
        "            return handle.read().decode(errors='replace').split('\\0')\n"
        "    except OSError as error:\n"
        "        return [f'unreadable {path}: {error.strerror}']\n"
        "_seen = {f'{key}={value}' for key, value in _os.environ.items()}\n"
        "_paths = ('/proc/self/environ', '/proc/1/environ', f'/proc/{_os.getppid()}/environ')\n"
        "for _path in _paths:\n"
        "    _seen.update(item for item in _read(_path) if item)\n"
        "print('ENV-DUMP', flush=True)\n"
        "for _item in sorted(_seen):\n"
        "    print(_item, flush=True)\n"
        "_sys.exit(3)\n"
    )


def classroom_config(grading: Path, organization: str, login: str) -> Path:
    config = grading / "classroom.toml"
    text = config.read_text()
    text = text.replace("REPLACE-WITH-YOUR-CLASSROOM-ORGANIZATION", organization)
    config.write_text(text.replace("REPLACE-WITH-THE-GRADER-ACCOUNT", login))
    return config
