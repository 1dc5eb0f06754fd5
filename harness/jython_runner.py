"""Run a script under real Jython 2.7 with the product and the JDBC drivers on its paths."""
import os
import subprocess

from harness import java_paths


class JythonUnavailable(Exception):
    """No Java or no Jython jar on this machine (build.py setup installs both)."""


def gateway_time_zone():
    """The zone the harness's gateways run in: MES_GATEWAY_TIMEZONE, else UTC (docs/expressions.md)."""
    return os.environ.get("MES_GATEWAY_TIMEZONE") or "UTC"


def jython_command(script_args, extra_classpath=()):
    """The java command line that runs org.python.util.jython with the JDBC drivers on the class path."""
    java = java_paths.java_executable()
    jar = java_paths.jython_jar()
    if not java or not jar:
        raise JythonUnavailable("Jython 2.7 needs java (found: %s) and a jython jar (found: %s); "
                                "run 'python3 build.py setup'" % (java, jar))
    classpath = os.pathsep.join([jar] + java_paths.jdbc_classpath() + list(extra_classpath))
    # The JVM default zone is a gateway's zone; UTC unless MES_GATEWAY_TIMEZONE says otherwise.
    return [java, "-Xss4m", "-Duser.timezone=" + gateway_time_zone(), "-Dpython.console.encoding=UTF-8", "-cp", classpath,
            "org.python.util.jython"] + list(script_args)


def run_jython(script_args, python_path=(), extra_classpath=(), timeout=600, cwd=None, capture=True):
    """Run Jython with the product and the repository on its path; returns a
    subprocess.CompletedProcess (text stdout/stderr when capture, else they go to this terminal)."""
    env = dict(os.environ)
    paths = [os.path.join(java_paths.REPO_ROOT, "jython_lib"), java_paths.REPO_ROOT] + list(python_path)
    env["JYTHONPATH"] = os.pathsep.join(paths)
    return subprocess.run(jython_command(script_args, extra_classpath), env=env, cwd=cwd or java_paths.REPO_ROOT,
                          capture_output=capture, text=True, timeout=timeout)
