"""Run untrusted code (a student's app or tests) as a contained process.

Where bubblewrap is installed the process gets its own mount, PID, network, IPC and UTS
namespaces: the only files it sees are the system's libraries and Python (read-only), its own
submission (read-only) and one writable work folder; it has no network; it runs as an
unprivileged uid with no capabilities. Everywhere, resource limits bound CPU time, memory,
processes and file size, and the output it prints is capped as it is read. Where bubblewrap is
missing the limits still apply, and `Sandbox.isolation` says what is missing so the report can.
"""

import contextlib
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Paths the sandboxed interpreter needs, read-only. Nothing under the repository except the
# virtual environment is visible: not the hidden suites, not the solutions.
SYSTEM_PATHS = ("/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc")
NOBODY = 65534
# Where the submission and the work folder appear inside the sandbox.
MOUNT_ROOT = "/grading"
# Why a grader refuses to start where no sandbox can be made; the flag named is the way out.
UNSANDBOXED = (
    "bubblewrap is missing or cannot run here (apt-get install bubblewrap): refusing to run a "
    "student's code outside the sandbox; --allow-unsandboxed grades anyway, and every report "
    "then says the sandbox was missing"
)


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 60
    memory_mb: int = 1024
    processes: int = 64
    file_size_mb: int = 64
    output_kb: int = 256


@cache
def bubblewrap() -> str | None:
    """bwrap's path, if it is installed and can create its namespaces here: some containers
    (Gradescope's among them, depending on its settings) forbid that."""
    path = shutil.which("bwrap")
    if path is None:
        return None
    probe = subprocess.run(
        [path, "--unshare-pid", "--unshare-net", "--ro-bind", "/", "/", "true"],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return path if probe.returncode == 0 else None


def _world_traversable(path: Path) -> bool:
    return all(parent.stat().st_mode & 0o001 for parent in [path, *path.parents] if parent.is_dir())


@cache
def privilege_drop() -> bool:
    """Without bubblewrap, root can still run student code as an unprivileged uid, provided
    that uid can reach the interpreter (it cannot under a private home such as /root)."""
    python = Path(sys.executable).resolve()
    return (
        os.geteuid() == 0
        and shutil.which("setpriv") is not None
        and _world_traversable(python.parent)
        and _world_traversable(Path(sys.prefix))
    )


def _python_roots() -> list[Path]:
    """The virtual environment and the interpreter it was made from."""
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    return sorted(roots)


class CappedOutput:
    """Drain a pipe in a thread, keeping only the first `limit` bytes: a flood neither fills
    the grader's memory nor blocks the student process on a full pipe."""

    def __init__(self, pipe, limit: int) -> None:  # type: ignore[no-untyped-def]
        self._pipe = pipe
        self._limit = limit
        self._chunks: list[bytes] = []
        self._kept = 0
        self.truncated = False
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while chunk := self._pipe.read(65536):
            room = self._limit - self._kept
            if room > 0:
                self._chunks.append(chunk[:room])
                self._kept += min(len(chunk), room)
            if len(chunk) > room:
                self.truncated = True

    def text(self, timeout: float = 5) -> str:
        self._thread.join(timeout)
        out = b"".join(self._chunks).decode("utf-8", errors="replace")
        return out + (
            "\n[... output cut: more than the limit was printed]" if self.truncated else ""
        )


@dataclass
class Sandbox:
    """One contained process: `submission` is mounted read-only and `work` is the only
    writable folder, both under /grading (they stay where they are without bubblewrap)."""

    submission: Path
    work: Path
    limits: Limits
    # The unprivileged uid it runs as: a grade leases its own (`autograder.uids`), so that no
    # other grade shares its process limit; `nobody` serves a short probe. Only root switches.
    uid: int = NOBODY
    extra_ro: tuple[tuple[Path, str], ...] = ()  # (outside path, inside path) for grader data

    @property
    def isolated(self) -> bool:
        return bubblewrap() is not None

    @property
    def isolation(self) -> str:
        if self.isolated:
            return "bubblewrap: no network, read-only system, unprivileged user, resource limits"
        if privilege_drop():
            return (
                "PARTIAL: bubblewrap is missing or cannot run here; the app runs as an "
                "unprivileged user with resource limits, but keeps the network and can read "
                "world-readable files"
            )
        return (
            "NOT ISOLATED: bubblewrap is missing or cannot run here (apt-get install "
            "bubblewrap); only resource limits apply"
        )

    def inside(self, which: str) -> str:
        """Where `submission` or `work` is, seen from inside the sandbox."""
        path = {"submission": self.submission, "work": self.work}[which]
        return f"{MOUNT_ROOT}/{which}" if self.isolated else str(path)

    def _drop_privileges(self) -> list[str]:
        if os.geteuid() != 0:
            return []
        uid = str(self.uid)
        return [
            "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--",
        ]  # fmt: skip

    def command(self, argv: list[str], env: dict[str, str], cwd: str) -> list[str]:
        if not self.isolated:
            return [*self._drop_privileges(), *argv] if privilege_drop() else argv
        command = [
            bubblewrap() or "bwrap",
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session",
            # A private, size-capped /tmp of its own (never the machine's). Mounted first, so
            # that a virtual environment or a submission under /tmp is bound on top of it.
            "--perms", "1777", "--size", str(64 * 1024 * 1024), "--tmpfs", "/tmp",  # noqa: S108
        ]  # fmt: skip
        for path in SYSTEM_PATHS:
            if Path(path).exists():
                command += ["--ro-bind", path, path]
        read_only = [(root, str(root)) for root in _python_roots()]
        read_only += [(outside, inside) for outside, inside in self.extra_ro]
        read_only.append((self.submission, self.inside("submission")))
        for outside, inside in read_only:
            # bwrap makes missing parent folders private; the unprivileged uid must traverse them.
            for parent in reversed(Path(inside).parents[:-1]):
                command += ["--perms", "0755", "--dir", str(parent)]
            command += ["--ro-bind", str(outside), inside]
        command += [
            "--bind", str(self.work), self.inside("work"),
            "--proc", "/proc", "--dev", "/dev",
            "--chdir", cwd, "--clearenv",
        ]  # fmt: skip
        for key, value in env.items():
            command += ["--setenv", key, value]
        return [*command, *self._drop_privileges(), *argv]

    def _limit_resources(self) -> None:
        """Runs in the child between fork and exec; inherited by everything it starts."""
        limits = self.limits
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        memory = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        size = limits.file_size_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    def start(
        self, argv: list[str], env: dict[str, str], cwd: str, pass_fds: tuple[int, ...] = ()
    ) -> "SandboxedProcess":
        """Start `argv` contained; `pass_fds` stay open in it (e.g. a listening socket)."""
        self.work.mkdir(parents=True, exist_ok=True)
        self.work.chmod(0o777)  # the unprivileged uid writes here
        base_env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": "/tmp",  # noqa: S108 (the sandbox's own tmpfs)
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1",
            "PYTHONHASHSEED": "0",
            # The memory limit counts address space, and glibc reserves 64 MB of it for each
            # thread that allocates: without a cap on those arenas, an app that runs its
            # hashing and its SQLite calls in threads (every week's) fails with MemoryError
            # under concurrent requests while using a fraction of the limit.
            "MALLOC_ARENA_MAX": "2",
        }
        full_env = base_env | env
        process = subprocess.Popen(
            self.command(argv, full_env, cwd),
            cwd=cwd if not self.isolated else None,
            env=full_env if not self.isolated else {"PATH": base_env["PATH"]},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=self._limit_resources,
            start_new_session=True,
            pass_fds=pass_fds,
        )
        return SandboxedProcess(process, CappedOutput(process.stdout, self.limits.output_kb * 1024))


@dataclass
class SandboxedProcess:
    process: subprocess.Popen[bytes]
    output: CappedOutput

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait(self, timeout: float) -> int | None:
        """The exit code, or None when it ran out of time (and was killed)."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self) -> None:
        """Kill the whole process group: bubblewrap does not forward signals."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


@contextlib.contextmanager
def size_capped(folder: Path, megabytes: int) -> Iterator[bool]:
    """`folder` as a tmpfs of at most `megabytes`, where the grader may mount one (as root);
    yields whether it is capped. What an app writes there then never fills the host's disk."""
    folder.mkdir(parents=True, exist_ok=True)
    mount, umount = shutil.which("mount"), shutil.which("umount")
    mounted = False
    if os.geteuid() == 0 and mount and umount:
        options = f"size={megabytes}m,mode=0755,nosuid,nodev"
        command = [mount, "-t", "tmpfs", "-o", options, "tmpfs", str(folder)]
        mounted = subprocess.run(command, capture_output=True, check=False).returncode == 0
    try:
        yield mounted
    finally:
        if mounted and umount:
            subprocess.run([umount, "-l", str(folder)], capture_output=True, check=False)


def random_secret() -> str:
    return secrets.token_urlsafe(32)


def hex_folder(parent: Path, prefix: str) -> Path:
    """A new, empty folder `parent/<prefix><12 hex digits>` (mode 0700). An app sees the host
    paths of its mounts in /proc/self/mountinfo, its own and every other grade's on the
    machine: a random name in hex spells no word ("hw0", "grade") that could tell it a grade
    runs it, as tempfile's letters now and then do."""
    while True:
        folder = parent / f"{prefix}{secrets.token_hex(6)}"
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return folder


SCRATCH_PREFIX = "coursehub-"
OWNER_FILE = ".grader-pid"


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A grade's scratch space under the system's temporary folder, removed afterwards. The
    space of a grader that was killed (its tmpfs still mounted) is removed by the next one."""
    root = Path(tempfile.gettempdir())
    remove_abandoned_scratch(root)
    folder = hex_folder(root, SCRATCH_PREFIX)
    (folder / OWNER_FILE).write_text(str(os.getpid()))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_abandoned_scratch(root: Path) -> None:
    """Unmount and delete the scratch folders whose grader process is gone."""
    for folder in root.glob(f"{SCRATCH_PREFIX}*"):
        try:
            owner = int((folder / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue  # not one of ours, or its grader is still writing the file
        if Path(f"/proc/{owner}").exists():
            continue  # its grader runs (or another process has its number: keep it)
        umount = shutil.which("umount")
        for mounted in mount_points_under(folder):
            if umount and os.geteuid() == 0:
                subprocess.run([umount, "-l", mounted], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def mount_points_under(folder: Path) -> list[str]:
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return []
    inside = f"{folder}/"
    return [line.split()[1] for line in mounts if line.split()[1].startswith(inside)]
