"""The fake Ignition `system.*` pieces that run unchanged under CPython 3 (Java through JPype) and
under real Jython 2.7 (Java natively): JDBC `system.db`, datasets, `system.tag`, `system.date`,
`system.util`, `system.security`, a small gateway assembly (`portable.gateway`), the scratch
databases both use (`portable.scratch`) and the script runner of `build.py jython` (`portable.script_runner`).

Every Java class is reached through `harness.portable.javabridge`, the one module that knows which
interpreter it runs in. Nothing here imports jpype at module level, so Jython can import it all.
Both interpreters import these modules directly (harness.portable.db, .tag, ...).
"""
from __future__ import absolute_import

