"""The one place that knows how Java is reached: JPype under CPython, natively under Jython.

    from harness.portable import java
    Types = java.jclass("java.sql.Types")
    try: ...
    except java.JavaException as exc: exc.getMessage()

Also the Python 2/3 differences the portable modules need (text, integer types).
"""
from __future__ import absolute_import

import sys

IS_JYTHON = sys.platform.startswith("java")
PY2 = sys.version_info[0] == 2

if PY2:
    text_type = unicode  # noqa: F821  (Python 2 / Jython)
    string_types = (str, unicode)  # noqa: F821
    integer_types = (int, long)  # noqa: F821
else:
    text_type = str
    string_types = (str,)
    integer_types = (int,)

if IS_JYTHON:
    import java.lang  # noqa: E402  (Jython only)

    JavaException = java.lang.Throwable  # `except` catches Java exceptions by their Java class
    _JavaObject = java.lang.Object
    _classes = {}

    def ensure_jvm():
        """Jython already runs in a JVM."""

    def jclass(name):
        """A Java class by its fully qualified name (the Python-side proxy, callable and usable
        with isinstance, like JPype's JClass)."""
        found = _classes.get(name)
        if found is None:
            package, _, simple = name.rpartition(".")
            module = __import__(package, globals(), {}, [str(simple)])
            found = _classes[name] = getattr(module, simple)
        return found

    def is_java_object(value):
        return isinstance(value, _JavaObject)

    def byte_array(data):
        import jarray
        return jarray.array([b - 256 if b > 127 else b for b in bytearray(data)], "b")

else:
    def _jpype():
        import jpype
        return jpype

    class _LazyJException(type):
        # `except JavaException` must work before the JVM (and jpype) is loaded.
        def __instancecheck__(cls, value):
            return isinstance(value, _jpype().JException)

        def __subclasscheck__(cls, sub):
            return issubclass(sub, _jpype().JException)

    def _java_exception_class():
        try:
            import jpype
            return jpype.JException
        except ImportError:  # pragma: no cover - CPython without JPype cannot run the harness
            return _LazyJException("JavaException", (Exception,), {})

    JavaException = _java_exception_class()

    def ensure_jvm():
        from harness.jvm import ensure_jvm as _ensure
        _ensure()

    _classes = {}

    def jclass(name):
        """A Java class by its fully qualified name (JPype's JClass), looked up once: the hot
        paths (binding values, reading tags) ask for the same few classes at every call."""
        found = _classes.get(name)
        if found is None:
            from harness.jvm import jclass as _jclass
            found = _classes[name] = _jclass(name)
        return found

    def is_java_object(value):
        return isinstance(value, _jpype().JObject)

    def byte_array(data):
        jpype = _jpype()
        return jpype.JArray(jpype.JByte)(bytes(data))


def to_text(value):
    """A Java or Python string (or anything with a string form) as Python text."""
    if value is None:
        return None
    if isinstance(value, text_type):
        return value
    if PY2 and isinstance(value, str):
        return value.decode("utf-8")
    if is_java_object(value):
        return text_type(value.toString())
    return text_type(value)
