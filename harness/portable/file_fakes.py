"""Fake system.file and system.perspective, enough for the reference's export examples.

- system.file.saveFile(filename, extension=None, typeDesc=None): Vision's "save as" dialog (8.1
  manual; not in the 8.3 gateway stubs). The harness answers as a user who accepts the proposed
  name: a path in the gateway's scratch folder; `cancel_next_save()` makes the next call return
  None, as when the user cancels.
- system.file.writeFile(filepath, data, append=False, encoding="UTF-8"), readFileAsBytes,
  readFileAsString, getTempFile: Ignition's signatures; data may be a string, bytes or a Java byte[].
- system.perspective.download(filename, data, contentType=None, sessionId=None, pageId=None):
  records what the browser would receive in `downloads` [(filename, bytes, contentType)].

Portable (Python 2.7 under Jython, and 3.11).
"""
from __future__ import absolute_import

import io
import os
import tempfile
import uuid

from harness.portable.javabridge import text_type


def as_bytes(data, encoding="UTF-8"):
    """bytes of a string, bytes, bytearray or Java byte[] (signed values)."""
    if isinstance(data, text_type):
        return data.encode(encoding)
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    if hasattr(data, "tostring"):  # Jython's view of a Java byte[]
        return data.tostring()
    return bytes(bytearray(b & 0xFF for b in data))


class SystemFile(object):
    HARNESS_ONLY = ("cancel_next_save", "folder", "saveFile")

    def __init__(self, folder=None):
        self.folder = folder or tempfile.mkdtemp(prefix="mes_files_")
        self._cancel = False

    def cancel_next_save(self):
        self._cancel = True

    def saveFile(self, filename, extension=None, typeDesc=None):
        if self._cancel:
            self._cancel = False
            return None
        return os.path.join(self.folder, os.path.basename(filename))

    def getTempFile(self, extension):
        return os.path.join(self.folder, "%s.%s" % (uuid.uuid4().hex, extension))

    def writeFile(self, filepath, data, append=False, encoding="UTF-8"):
        with io.open(filepath, "ab" if append else "wb") as handle:
            handle.write(as_bytes(data, encoding))

    def readFileAsBytes(self, filepath):
        with io.open(filepath, "rb") as handle:
            return handle.read()

    def readFileAsString(self, filepath, encoding="UTF-8"):
        return self.readFileAsBytes(filepath).decode(encoding)


class SystemPerspective(object):
    HARNESS_ONLY = ("downloads",)

    def __init__(self):
        self.downloads = []

    def download(self, filename, data, contentType=None, sessionId=None, pageId=None):
        self.downloads.append((filename, as_bytes(data), contentType))
