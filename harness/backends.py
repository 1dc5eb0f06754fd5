"""Which database the tests run on under CPython: harness/portable/scratch.py's selection, plus a
testcontainers server where no server URL is set.

MES_TEST_DB = sqlite (default) | postgres | mariadb | a full JDBC URL.
PostgreSQL and MariaDB take their server from MES_TEST_POSTGRES_URL / MES_TEST_MARIADB_URL; when
unset, a testcontainers container is started, but only if a Docker daemon answers within ~2 s.
Otherwise BackendUnavailable says what to set, so a skipped test tells a human how to un-skip it.
"""
import atexit
import os

from harness.portable.scratch import EXAMPLE_URLS, SERVER_BACKENDS, URL_VARIABLES, BackendUnavailable
from harness.portable import scratch

DOCKER_PING_SECONDS = 2
POSTGRES_IMAGE = "postgres:16-alpine"
MARIADB_IMAGE = "mariadb:11"


def select_backend(name=None):
    """The back-end named by `name`, else by MES_TEST_DB (default sqlite); a testcontainers server
    where postgres or mariadb is chosen without a server URL and Docker answers."""
    return scratch.select_backend(name, without_url=_container_backend)


def _container_backend(choice):
    docker_problem = docker_unavailable_reason()
    if docker_problem:
        raise BackendUnavailable(
            "%s: %s is not set and Docker is not usable (%s); set %s to a JDBC URL such as %s"
            % (choice, URL_VARIABLES[choice], docker_problem, URL_VARIABLES[choice], EXAMPLE_URLS[choice]))
    url, container = _start_container(choice)
    backend = SERVER_BACKENDS[choice](url, "testcontainers", container=container)
    atexit.register(backend.close)
    return backend


def docker_unavailable_reason():
    """None when a Docker daemon answers a ping within DOCKER_PING_SECONDS, else why not."""
    host = os.environ.get("DOCKER_HOST", "")
    if not host and not os.path.exists("/var/run/docker.sock"):
        return "DOCKER_HOST is unset and /var/run/docker.sock does not exist"
    try:
        import docker
        client = docker.from_env(timeout=DOCKER_PING_SECONDS)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # any failure means "no usable daemon"; say which
        return "the Docker daemon did not answer: %s" % (str(exc).splitlines() or [type(exc).__name__])[0]
    return None


def _start_container(choice):
    """Start a throw-away server; returns (admin JDBC URL, container)."""
    try:
        if choice == "postgres":
            try:
                from testcontainers.community.postgres import PostgresContainer
            except ImportError:  # testcontainers before 4.14 had no "community" package
                from testcontainers.postgres import PostgresContainer
            container = PostgresContainer(POSTGRES_IMAGE).start()
            url = "jdbc:postgresql://%s:%s/%s?user=%s&password=%s" % (
                container.get_container_host_ip(), container.get_exposed_port(5432),
                container.dbname, container.username, container.password)
        else:
            try:
                from testcontainers.community.mysql import MySqlContainer
            except ImportError:
                from testcontainers.mysql import MySqlContainer
            # root, because scratch databases are created with CREATE DATABASE.
            container = MySqlContainer(MARIADB_IMAGE, username="root", password="test").start()
            url = "jdbc:mariadb://%s:%s/%s?user=root&password=%s" % (
                container.get_container_host_ip(), container.get_exposed_port(3306),
                container.dbname, container.root_password)
    except Exception as exc:
        raise BackendUnavailable("%s: starting a testcontainers %s container failed (%s); set %s to a "
                                 "JDBC URL such as %s" % (choice, choice, exc, URL_VARIABLES[choice],
                                                          EXAMPLE_URLS[choice]))
    return url, container
