"""Private, throwaway database servers on this machine that a test may stop and start at will.

The shared PostgreSQL (5432) and MariaDB (3306) serve every engineer's tests at once, so outage
tests never touch them: `private_server("postgres")` creates a cluster of its own in a temporary
directory (initdb + pg_ctl, as the postgres user), `private_server("mariadb")` a data directory of
its own (mariadb-install-db + mariadbd); each listens on 127.0.0.1 only, on a free port from
55432 / 53306 up, and is removed afterwards.

    with servers.private_server("postgres") as server:     # raises ServerUnavailable (a reason) if it cannot
        with harness.gateway(db=server.url) as system:     # a scratch schema on the private server
            server.stop()                                  # the outage
            server.start()                                 # back, same data, same port

Only servers this module started are stopped: by their own data directory (pg_ctl -D) or their
own process id, never by name.
"""
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time

HOST = "127.0.0.1"  # private servers listen here only
FIRST_PORTS = {"postgres": 55432, "mariadb": 53306}
START_TIMEOUT_S = 60


class ServerUnavailable(Exception):
    """This machine cannot run a private server of that kind; the message says why (a test skips with it)."""


def _free_port(first):
    for port in range(first, first + 200):
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            probe.bind((HOST, port))
            return port
        except OSError:
            continue
        finally:
            probe.close()
    raise ServerUnavailable("no free port from %d to %d on %s" % (first, first + 199, HOST))


def _wait_for_port(port, up, timeout_s=START_TIMEOUT_S):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        try:
            socket.create_connection((HOST, port), 0.5).close()
            listening = True
        except OSError:
            listening = False
        if listening == up:
            return
        time.sleep(0.1)
    raise ServerUnavailable("the private server on %s:%d did not %s within %d s"
                            % (HOST, port, "start" if up else "stop", timeout_s))


def _run(command, user=None, **kwargs):
    if user is not None and os.geteuid() == 0:
        command = ["runuser", "-u", user, "--"] + command
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                          **kwargs)
    if done.returncode != 0:
        raise ServerUnavailable("%s failed (%d): %s" % (" ".join(command), done.returncode, done.stdout[-2000:]))
    return done.stdout


class PrivateServer(object):
    """One private server: start(), stop(immediate=False), restart(), remove(); `url` is its JDBC URL."""

    kind = None
    url_template = None  # (host, port) -> the JDBC URL

    @property
    def url(self):
        return self.url_template % (HOST, self.port)

    @property
    def data(self):
        return os.path.join(self.directory, "data")

    def __init__(self):
        self.port = _free_port(FIRST_PORTS[self.kind])
        self.directory = tempfile.mkdtemp(prefix="mes-%s-%d-" % (self.kind, self.port))
        self.running = False
        try:
            self._create()
        except Exception:
            self.remove()
            raise

    def __enter__(self):
        if not self.running:
            self.start()
        return self

    def __exit__(self, *exc):
        self.remove()
        return False

    def restart(self, immediate=False):
        self.stop(immediate)
        self.start()

    def remove(self):
        """Stop the server if it runs and delete its directory."""
        try:
            if self.running:
                self.stop(immediate=True)
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    def _own(self, user):
        """Hand the data directory to the server's system user (the servers refuse to run as root)."""
        if os.geteuid() == 0:
            entry = pwd.getpwnam(user)
            for root, dirs, files in os.walk(self.directory):
                for name in [root] + [os.path.join(root, n) for n in dirs + files]:
                    os.chown(name, entry.pw_uid, entry.pw_gid)


def _postgres_bin(name):
    base = "/usr/lib/postgresql"
    versions = sorted(os.listdir(base), key=lambda v: int(v) if v.isdigit() else 0) if os.path.isdir(base) else []
    for version in reversed(versions):
        path = os.path.join(base, version, "bin", name)
        if os.path.exists(path):
            return path
    found = shutil.which(name)
    if found is None:
        raise ServerUnavailable("no PostgreSQL %s found (looked in /usr/lib/postgresql/*/bin and on the PATH)" % name)
    return found


class PrivatePostgres(PrivateServer):
    kind = "postgres"
    url_template = "jdbc:postgresql://%s:%d/postgres?user=postgres"

    def _create(self):
        self._own("postgres")
        _run([_postgres_bin("initdb"), "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
              "--no-sync"], user="postgres")

    def start(self):
        # fsync=off is safe here: an outage kills the server process, not the machine, so what reached the
        # OS survives. synchronous_commit stays on: off, a commit is acknowledged before its WAL is
        # written, and an immediate stop right after loses it, a "lost" write no gateway would see.
        options = "-p %d -k %s -c listen_addresses=%s -c fsync=off" % (self.port, self.directory, HOST)
        _run([_postgres_bin("pg_ctl"), "-D", self.data, "-o", options, "-l", os.path.join(self.directory, "log"),
              "-w", "-t", str(START_TIMEOUT_S), "start"], user="postgres")
        self.running = True

    def stop(self, immediate=False):
        _run([_postgres_bin("pg_ctl"), "-D", self.data, "-m", "immediate" if immediate else "fast", "-w", "stop"],
             user="postgres")
        self.running = False
        _wait_for_port(self.port, up=False)


class PrivateMariadb(PrivateServer):
    kind = "mariadb"
    url_template = "jdbc:mariadb://%s:%d/test?user=root"

    def _create(self):
        for program in ("mariadb-install-db", "mariadbd"):
            if shutil.which(program) is None and not os.path.exists("/usr/sbin/" + program):
                raise ServerUnavailable("%s is not installed" % program)
        os.mkdir(self.data)
        os.mkdir(os.path.join(self.data, "test"))  # the database the JDBC URL names
        self._own("mysql")
        self.process = None
        _run(["mariadb-install-db", "--no-defaults", "--datadir=" + self.data, "--user=mysql",
              "--skip-test-db", "--skip-name-resolve", "--auth-root-authentication-method=normal"])

    def _mariadbd(self):
        return shutil.which("mariadbd") or "/usr/sbin/mariadbd"

    def start(self):
        log = open(os.path.join(self.directory, "log"), "a")
        # Grant tables skipped: a throwaway server reachable from 127.0.0.1 only, no passwords.
        self.process = subprocess.Popen(
            [self._mariadbd(), "--no-defaults", "--datadir=" + self.data, "--port=%d" % self.port,
             "--bind-address=" + HOST, "--socket=" + os.path.join(self.directory, "sock"),
             "--pid-file=" + os.path.join(self.directory, "pid"), "--user=mysql", "--skip-grant-tables",
             "--skip-name-resolve", "--innodb-flush-log-at-trx-commit=2", "--innodb-buffer-pool-size=64M",
             "--max-connections=300"], stdout=log, stderr=log)
        log.close()
        try:
            _wait_for_port(self.port, up=True)
        except ServerUnavailable:
            self.stop(immediate=True)
            raise
        self.running = True

    def stop(self, immediate=False):
        process, self.process = self.process, None
        self.running = False
        if process is None:
            return
        process.send_signal(signal.SIGKILL if immediate else signal.SIGTERM)  # our own child, by its pid
        process.wait(START_TIMEOUT_S)
        _wait_for_port(self.port, up=False)


KINDS = {"postgres": PrivatePostgres, "mariadb": PrivateMariadb}


def private_server(kind):
    """A new private server of `kind` ('postgres' or 'mariadb'), started when used as a context
    manager; raises ServerUnavailable with the reason where this machine cannot run one."""
    if kind not in KINDS:
        raise ServerUnavailable("no private server of kind %r; use %s" % (kind, " or ".join(sorted(KINDS))))
    return KINDS[kind]()
