#!/usr/bin/env python3
"""Ignition's binary XML (the data.bin of global-props and 8.1 event-scripts): decode and encode.

Ignition 8.0 to 8.3 keep a project's properties (ignition/global-props/data.bin) and, up to 8.1, its
gateway event scripts (ignition/event-scripts/data.bin) as the tree its XML serializer builds
(<objects>, <o cls=...>, <o-c m="setX" s="1;str"><str>...</str></o-c>), in a binary form with no
public specification. Everything below was read off real exports, and decode() then encode() gives
back every one of them byte for byte, gzip included, which is the evidence that encode() writes what
Ignition writes. A code this module has not seen is refused (FormatError), never guessed.

Checked (python3 tools/ignition_binary_xml.py check FILE..., files from `git show commit:path`; none
is copied into this repository): the 27 global-props and event-scripts data.bin of 14 public projects,
written by gateways 8.0.6 to 8.3.0 (saved 2019 to 2026):
    global-props  OpenHMShub/HMS 5fac364, b4c0585, 5167478 (8.1.49); jlbcontrols/Flintium
                  faed8e5 (flintium/), e0d4a29 (flintium/, 8.0.6), 3fd24f1 (8.0.6), 71c8712 and 25c7489
                  (8.0.12); ignition-devs/incendium 42354d8; RedChow/IgnitionVersionControl3
                  123eded; joyja/ignition-framework a73aaf4; Razorbill-team/ignition-energy-project
                  1275130 (8.3); ashwin1587/ignition-mes-project d03b982 (8.3.0); OpenHMSHub/Global
                  c9f5ef6, c08ba05; leichelkraut1/GT_AMPF_AMR ebcce3f, 5c93319;
                  calimero100582/ignition-project-sourcecontrol-git 97ac0b7, 65608e2 (8.1.17);
                  mariol100/vdv463Scada 5574156; GrancoClark/IgnitionStandard b2e75f6 (8.1.7);
                  jlbcontrols/ignition-vcs-tools 2036f08 (8.0.12); TTL-MES/IgnitionAppToTest da4a6c8
    event-scripts OpenHMShub/HMS 32b6b41 (8.1.45), b4c0585 and 5167478 (8.1.47);
                  mariol100/vdv463Scada 5574156 (8.1.48)
(a version in parentheses is the file's own framework.version attribute; 8.3 for the energy
project is the form of its resources' signatures; the others do not say). Other resources use the
same encoding: of the 622 data.bin in the history of the first 7 of those projects and the
global-props/event-scripts of the other 7, 615 are in it (466 named queries, 56 reports, 36 Vision
templates, 21 client tags, 2 windows, and project settings) and every one round-trips, gzip
included; the 7 others are JSON or another format.

The file is gzip (mtime 0, no name, deflate level 6; OS byte 0 in the files saved up to 2022, 255
in those saved from 2024: Java's GZIPOutputStream writes 255 since JDK 16) of:

    16 bytes   MAGIC
    int        format version, 2
    long       save time, epoch milliseconds
    20 bytes   zero in every file seen
    int        number of strings; then per string, in the iteration order of a java.util.HashMap
               that held them (string -> index): int index, then byte 0 and an unsigned short
               length, or for a long string byte 1 and an int length, then the UTF-8 bytes.
               Indexes count up in the order the tree first uses each string.
    node       the root element, then nothing

All integers are big-endian. A node starts with a code byte:

    0x00       a text node: int string
    0x01       a reference to an element written earlier with an id: int id
    otherwise  an element, the code a set of flags, its parts in this order:
               int name (0x02: two ints, the name "first-second", e.g. o-c);
               0x04: int id, the number later references use;
               0x08: byte count, then per attribute int name, byte kind, value (ATTRIBUTE_KINDS);
               0x10: int count, then the child nodes;
               0x20: a value: int length, then that many bytes (VALUE_KINDS).

Numbers inside values are written after a 0xff byte. Standard library only.
"""
import argparse
import gzip
import io
import struct
import sys
import zlib

MAGIC = bytes.fromhex("98298faa43f74a4fb28dca3c4896afc9")
FORMAT_VERSION = 2
RESERVED = b"\x00" * 20
GZIP_OS_JAVA17 = 255  # the OS byte of a gzip header written by Java 16 and later ("unknown")
DEFLATE_LEVEL = 6     # java.util.zip.Deflater's default, which Ignition uses

TEXT, REFERENCE = 0x00, 0x01
TWO_PART_NAME, HAS_ID, HAS_ATTRIBUTES, HAS_CHILDREN, HAS_TEXT = 0x02, 0x04, 0x08, 0x10, 0x20
ELEMENT_FLAGS = TWO_PART_NAME | HAS_ID | HAS_ATTRIBUTES | HAS_CHILDREN | HAS_TEXT

# Attribute value kinds: code -> name. "string" and "class" are a string index, "signature" a count
# byte then string indexes (s="2;O;O"), "int" 0xff then a 4-byte int.
ATTRIBUTE_KINDS = {0x08: "string", 0x09: "class", 0x0A: "signature", 0x02: "int"}
_ATTRIBUTE_CODES = dict((kind, code) for code, kind in ATTRIBUTE_KINDS.items())
# The value of an element with flag 0x20 (<str>, <lng>, ...), told apart by its length: "string" a
# 4-byte string index, "int" 0xff then 4 bytes, "long" 0xff then 8 bytes (read as integers: a
# float or double would have the same layout), "bytes" any other payload, kept as it is.
VALUE_KINDS = ("string", "int", "long", "bytes")
NUMBER_MARK = 0xFF
# The string lengths in UTF-8 bytes seen in each form: where Ignition switches between them is not
# known more closely, so a string in between is refused.
SHORT_STRING_MAX = 19983  # the longest written with byte 0 and an unsigned short length
LONG_STRING_MIN = 21918   # the shortest written with byte 1 and an int length


class FormatError(ValueError):
    """The bytes are not binary XML as this module knows it; the message says where and what."""


class Element(object):
    """An element of the tree.

    Attributes:
        name: a tuple of one or two strings ("o",) or ("o", "c"), written o / o-c.
        id: the number references to this element use, or None.
        attributes: a list of (name, kind, value); kind a value of ATTRIBUTE_KINDS; value a string,
            a list of strings (signature) or an int.
        children: a list of nodes (Element, Text, Reference), or None when the element has none
            written (an empty list writes a count of 0).
        text: (kind, value), kind one of VALUE_KINDS, or None.
    """

    def __init__(self, name, attributes=(), children=None, text=None, id=None):
        self.name = tuple(name) if isinstance(name, (tuple, list)) else (name,)
        self.id = id
        self.attributes = list(attributes)
        self.children = None if children is None else list(children)
        self.text = text

    def __eq__(self, other):
        return isinstance(other, Element) and self.__dict__ == other.__dict__

    def __repr__(self):
        return "Element(%r)" % ("-".join(self.name),)


class Text(object):
    """A text node: value, a string."""

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return isinstance(other, Text) and self.value == other.value


class Reference(object):
    """A reference to the element written earlier with this id."""

    def __init__(self, id):
        self.id = id

    def __eq__(self, other):
        return isinstance(other, Reference) and self.id == other.id


class Document(object):
    """A decoded data.bin: saved_millis (the save time, epoch ms) and root (an Element)."""

    def __init__(self, root, saved_millis):
        self.root = root
        self.saved_millis = saved_millis


# ----------------------------------------------------------------------------- decoding

class _Reader(object):
    def __init__(self, data):
        self.data = data
        self.at = 0

    def take(self, size):
        if self.at + size > len(self.data):
            raise FormatError("truncated at byte %d: %d more bytes expected" % (self.at, size))
        chunk = self.data[self.at:self.at + size]
        self.at += size
        return chunk

    def unpack(self, fmt):
        return struct.unpack(">" + fmt, self.take(struct.calcsize(">" + fmt)))[0]

    def number_mark(self):
        mark = self.unpack("B")
        if mark != NUMBER_MARK:
            raise FormatError("byte %d: 0x%02x where a number's 0xff mark was expected" % (self.at - 1, mark))


def decode(data):
    """The Document of an uncompressed data.bin.

    Args:
        data: the bytes inside the gzip.

    Raises:
        FormatError: a header, code or kind this module does not know, or bytes left over.
    """
    if data[:len(MAGIC)] != MAGIC:
        raise FormatError("not Ignition binary XML: the first 16 bytes are not its magic number")
    reader = _Reader(data)
    reader.take(len(MAGIC))
    version = reader.unpack("i")
    if version != FORMAT_VERSION:
        raise FormatError("format version %d; only %d is known" % (version, FORMAT_VERSION))
    saved_millis = reader.unpack("q")
    if reader.take(len(RESERVED)) != RESERVED:
        raise FormatError("bytes 28-47 are not zero as in every file studied")
    strings = _read_strings(reader)
    root = _read_node(reader, strings)
    if not isinstance(root, Element):
        raise FormatError("the root node is not an element")
    if reader.at != len(data):
        raise FormatError("%d bytes left after the root element" % (len(data) - reader.at))
    return Document(root, saved_millis)


def _read_strings(reader):
    count = reader.unpack("i")
    strings = {}
    for _ in range(count):
        index, flag = reader.unpack("i"), reader.unpack("B")
        if flag not in (0, 1):
            raise FormatError("string %d has flag byte %d; only 0 and 1 are known" % (index, flag))
        data = reader.take(reader.unpack("H" if flag == 0 else "i"))
        try:
            strings[index] = data.decode("utf-8")
        except UnicodeDecodeError:
            # Java's modified UTF-8 (NUL, characters past U+FFFF) differs here; no file seen has it.
            raise FormatError("string %d is not UTF-8 as known here" % index)
    if sorted(strings) != list(range(count)):
        raise FormatError("the string table's indexes are not 0 to %d" % (count - 1))
    return [strings[i] for i in range(count)]


def _read_node(reader, strings):
    def string():
        index = reader.unpack("i")
        if not 0 <= index < len(strings):
            raise FormatError("byte %d: string index %d outside the table" % (reader.at - 4, index))
        return strings[index]

    code = reader.unpack("B")
    if code == TEXT:
        return Text(string())
    if code == REFERENCE:
        return Reference(reader.unpack("i"))
    if code & ~ELEMENT_FLAGS or (code & HAS_CHILDREN and code & HAS_TEXT):
        raise FormatError("byte %d: node code 0x%02x is not known" % (reader.at - 1, code))
    name = (string(), string()) if code & TWO_PART_NAME else (string(),)
    element = Element(name, id=reader.unpack("i") if code & HAS_ID else None)
    if code & HAS_ATTRIBUTES:
        for _ in range(reader.unpack("B")):
            element.attributes.append(_read_attribute(reader, string))
    if code & HAS_CHILDREN:
        element.children = [_read_node(reader, strings) for _ in range(reader.unpack("i"))]
    if code & HAS_TEXT:
        length = reader.unpack("i")
        if length < 0:
            raise FormatError("byte %d: value length %d" % (reader.at - 4, length))
        element.text = _value_of(reader.take(length), strings)
    return element


def _value_of(payload, strings):
    if len(payload) == 4:
        index = struct.unpack(">i", payload)[0]
        if not 0 <= index < len(strings):
            raise FormatError("a value's string index %d is outside the table" % index)
        return ("string", strings[index])
    if len(payload) == 5 and bytearray(payload)[0] == NUMBER_MARK:
        return ("int", struct.unpack(">i", payload[1:])[0])
    if len(payload) == 9 and bytearray(payload)[0] == NUMBER_MARK:
        return ("long", struct.unpack(">q", payload[1:])[0])
    return ("bytes", payload)


def _read_attribute(reader, string):
    name, code = string(), reader.unpack("B")
    kind = ATTRIBUTE_KINDS.get(code)
    if kind in ("string", "class"):
        return (name, kind, string())
    if kind == "signature":
        return (name, kind, [string() for _ in range(reader.unpack("B"))])
    if kind == "int":
        reader.number_mark()
        return (name, kind, reader.unpack("i"))
    raise FormatError("byte %d: attribute kind 0x%02x of %r is not known" % (reader.at - 1, code, name))


# ----------------------------------------------------------------------------- encoding

def encode(document):
    """The uncompressed data.bin of a Document (decode's inverse).

    Raises:
        FormatError: a kind, flag combination or string this format cannot hold.
    """
    strings = _Strings()
    body = io.BytesIO()
    _write_node(body, document.root, strings)
    out = io.BytesIO()
    out.write(MAGIC)
    out.write(struct.pack(">iq", FORMAT_VERSION, document.saved_millis))
    out.write(RESERVED)
    out.write(strings.table())
    out.write(body.getvalue())
    return out.getvalue()


class _Strings(object):
    """The string table: indexes in first-use order, written in java.util.HashMap order."""

    def __init__(self):
        self.index = {}

    def ref(self, text):
        if text not in self.index:
            self.index[text] = len(self.index)
        return struct.pack(">i", self.index[text])

    def table(self):
        out = [struct.pack(">i", len(self.index))]
        for text in java_hashmap_order(list(self.index)):
            if "\x00" in text or any(ord(c) > 0xFFFF for c in text):
                raise FormatError("%r: NUL and characters past U+FFFF are written in Java's modified "
                                  "UTF-8, which no file seen holds" % text[:40])
            data = text.encode("utf-8")
            if len(data) <= SHORT_STRING_MAX:
                out.append(struct.pack(">iBH", self.index[text], 0, len(data)) + data)
            elif len(data) >= LONG_STRING_MIN:
                out.append(struct.pack(">iBi", self.index[text], 1, len(data)) + data)
            else:
                raise FormatError("a string of %d bytes: whether Ignition writes it in the short or the long "
                                  "form is not known (seen: up to %d short, from %d long)"
                                  % (len(data), SHORT_STRING_MAX, LONG_STRING_MIN))
        return b"".join(out)


def java_string_hash(text):
    """java.lang.String.hashCode of text, as an unsigned 32-bit int (UTF-16 code units)."""
    units = text.encode("utf-16-be")
    value = 0
    for i in range(0, len(units), 2):
        value = (31 * value + ((units[i] << 8) | units[i + 1])) & 0xFFFFFFFF
    return value


def java_hashmap_order(keys):
    """keys (inserted in this order) in the order a java.util.HashMap of default capacity iterates
    them: by bucket (the spread hash masked to the table size, which doubles past 3/4 full), then
    insertion order within a bucket (Java 8+ keeps it when a table grows)."""
    capacity = 16
    while len(keys) > capacity * 3 // 4:
        capacity *= 2

    def bucket(position):
        value = java_string_hash(keys[position])
        return ((value ^ (value >> 16)) & (capacity - 1), position)
    return [keys[i] for i in sorted(range(len(keys)), key=bucket)]


def _write_node(out, node, strings):
    if isinstance(node, Text):
        out.write(struct.pack(">B", TEXT) + strings.ref(node.value))
        return
    if isinstance(node, Reference):
        out.write(struct.pack(">Bi", REFERENCE, node.id))
        return
    if node.children is not None and node.text is not None:
        raise FormatError("element %s has both children and a text value" % "-".join(node.name))
    if len(node.name) not in (1, 2):
        raise FormatError("an element name has one or two parts, not %r" % (node.name,))
    code = ((TWO_PART_NAME if len(node.name) == 2 else 0) | (HAS_ID if node.id is not None else 0)
            | (HAS_ATTRIBUTES if node.attributes else 0) | (HAS_CHILDREN if node.children is not None else 0)
            | (HAS_TEXT if node.text is not None else 0))
    out.write(struct.pack(">B", code))
    for part in node.name:
        out.write(strings.ref(part))
    if node.id is not None:
        out.write(struct.pack(">i", node.id))
    if node.attributes:
        out.write(struct.pack(">B", len(node.attributes)))
        for attribute in node.attributes:
            _write_attribute(out, attribute, strings)
    if node.children is not None:
        out.write(struct.pack(">i", len(node.children)))
        for child in node.children:
            _write_node(out, child, strings)
    if node.text is not None:
        _write_text(out, node, strings)


def _write_attribute(out, attribute, strings):
    name, kind, value = attribute
    out.write(strings.ref(name))
    if kind not in _ATTRIBUTE_CODES:
        raise FormatError("attribute %r: kind %r is not one of %s" % (name, kind, sorted(_ATTRIBUTE_CODES)))
    out.write(struct.pack(">B", _ATTRIBUTE_CODES[kind]))
    if kind in ("string", "class"):
        out.write(strings.ref(value))
    elif kind == "signature":
        out.write(struct.pack(">B", len(value)))
        for part in value:
            out.write(strings.ref(part))
    else:
        out.write(struct.pack(">Bi", NUMBER_MARK, value))


def _write_text(out, node, strings):
    kind, value = node.text
    name = "-".join(node.name)
    if kind == "string":
        payload = strings.ref(value)
    elif kind == "int":
        payload = struct.pack(">Bi", NUMBER_MARK, value)
    elif kind == "long":
        payload = struct.pack(">Bq", NUMBER_MARK, value)
    elif kind == "bytes":
        payload = bytes(value)
        if len(payload) == 4 or (len(payload) in (5, 9) and bytearray(payload)[0] == NUMBER_MARK):
            raise FormatError("element %s: %d bytes starting %r would read back as a string or number"
                              % (name, len(payload), payload[:1]))
    else:
        raise FormatError("element %s: value kind %r is not one of %s" % (name, kind, ", ".join(VALUE_KINDS)))
    out.write(struct.pack(">i", len(payload)) + payload)


# ----------------------------------------------------------------------------- gzip

def gunzip(data):
    """The bytes inside a data.bin's gzip."""
    return gzip.decompress(data)


def gzip_bytes(data, os_byte=GZIP_OS_JAVA17):
    """data gzipped as java.util.zip.GZIPOutputStream writes it: mtime 0, no name, deflate level 6.

    Args:
        os_byte: the header's OS byte, 0 as Java 11 wrote it, 255 (the default) as Java 17 does.
    """
    compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    body = compressor.compress(data) + compressor.flush()
    header = struct.pack("<BBBBIBB", 0x1F, 0x8B, 8, 0, 0, 0, os_byte)
    return header + body + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)


def read_data_bin(data):
    """The Document of a data.bin file as stored in a project (gzip)."""
    return decode(gunzip(data))


def write_data_bin(document, os_byte=GZIP_OS_JAVA17):
    """A data.bin file (gzip) holding document."""
    return gzip_bytes(encode(document), os_byte)


# ----------------------------------------------------------------------------- reading a tree

def resolve(node, elements):
    """node, or the element a Reference names (elements: {id: Element} of what was written before)."""
    if isinstance(node, Reference):
        if node.id not in elements:
            raise FormatError("reference to id %d, which no earlier element has" % node.id)
        return elements[node.id]
    return node


def method_calls(document):
    """[(method, signature, [argument values])] of the setter calls (o-c) on the first object, in
    order; an argument is a <str> element's text, a bare text node's string, or the Element itself.
    """
    elements = {}

    def collect(node):
        if isinstance(node, Element):
            if node.id is not None:
                elements[node.id] = node
            for child in node.children or ():
                collect(child)
    collect(document.root)
    objects = [n for n in document.root.children or () if isinstance(n, Element) and n.name == ("o",)]
    if not objects:
        raise FormatError("the root holds no <o> element")
    calls = []
    for call in objects[0].children or ():
        if not isinstance(call, Element) or call.name != ("o", "c"):
            continue
        attributes = dict((name, value) for name, _, value in call.attributes)
        arguments = []
        for argument in call.children or ():
            argument = resolve(argument, elements)
            if isinstance(argument, Text):
                arguments.append(argument.value)
            elif argument.name == ("str",) and argument.text is not None:
                arguments.append(argument.text[1])
            else:
                arguments.append(argument)
        calls.append((attributes.get("m"), attributes.get("s"), arguments))
    return calls


# ----------------------------------------------------------------------------- command line

def to_text(node, depth=0):
    """An XML-like listing of node, for reading a data.bin (not a file Ignition reads)."""
    pad = "  " * depth
    if isinstance(node, Text):
        return pad + repr(node.value) + "\n"
    if isinstance(node, Reference):
        return pad + "<ref id=%d/>\n" % node.id
    head = "-".join(node.name)
    if node.id is not None:
        head += " id=%d" % node.id
    for name, kind, value in node.attributes:
        head += " %s=%r" % (name, ";".join([str(len(value))] + value) if kind == "signature" else value)
    if node.text is not None:
        return pad + "<%s>%r</%s>\n" % (head, node.text[1], node.name[-1])
    if not node.children:
        return pad + "<%s/>\n" % head
    inner = "".join(to_text(child, depth + 1) for child in node.children)
    return pad + "<%s>\n%s%s</%s>\n" % (head, inner, pad, "-".join(node.name))


def main(argv=None):
    """`check FILE...`: decode then encode each data.bin, say whether the bytes come back the same
    (inside the gzip, and the gzip file itself); `dump FILE`: print its tree. Exit 1 on a mismatch."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("command", choices=("check", "dump"))
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    failed = 0
    for path in args.files:
        with open(path, "rb") as f:
            raw = f.read()
        try:
            data = gunzip(raw)
            document = decode(data)
        except (FormatError, OSError, EOFError) as error:
            print("%s: cannot decode: %s" % (path, error))
            failed += 1
            continue
        if args.command == "dump":
            sys.stdout.write("saved %d ms\n%s" % (document.saved_millis, to_text(document.root)))
            continue
        try:
            inner = encode(document) == data
            whole = write_data_bin(document, bytearray(raw)[9]) == raw
        except FormatError as error:
            print("%s: cannot encode: %s" % (path, error))
            failed += 1
            continue
        print("%s: %s" % (path, "round-trips (gzip too)" if inner and whole else
                          "round-trips inside the gzip only" if inner else "DIFFERS"))
        failed += not inner
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
