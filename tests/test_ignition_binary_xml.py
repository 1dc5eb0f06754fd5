"""tools/ignition_binary_xml.py: Ignition's binary XML (global-props and event-scripts data.bin).

The format was read off real exports and the module reproduces every one found byte for byte
(tools/package.py, resource docs name them; none is copied here). These tests pin the encoder on
trees built here, the Java hash order of the string table, and the refusals of what is not known.
"""
import gzip
import hashlib
import importlib.util
import os
import struct

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "ignition_binary_xml", os.path.join(REPO, "tools", "ignition_binary_xml.py"))
bx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bx)

GLOBAL_PROPS = "com.inductiveautomation.ignition.common.project.GlobalProps"


def _call(method, signature, *arguments):
    return bx.Element(("o", "c"), [("m", "string", method), ("s", "signature", signature)], list(arguments))


def _global_props(saved_millis=315532800000):
    """Project properties as the package writes them: auth profile and tag provider share a <str>."""
    return bx.Document(bx.Element("objects", children=[bx.Element("o", [("cls", "class", GLOBAL_PROPS)], [
        _call("setAuthProfileName", ["str"], bx.Element("str", text=("string", "default"), id=0)),
        _call("setDefaultDatasourceName", ["str"], bx.Element("str", text=("string", "MES"))),
        _call("setDefaultSQLTagsProviderName", ["str"], bx.Reference(0)),
        _call("setLegacyProject", ["b"], bx.Text("false")),
    ])]), saved_millis)


def _int(value):
    return struct.pack(">i", value)


def test_the_project_properties_encode_to_pinned_bytes():
    data = bx.encode(_global_props())
    assert len(data) == 543
    assert hashlib.sha256(data).hexdigest() == "9a99ad9f2182e7efdfa3c645157f18247b6d1f1168a5b9579874a8ed57831302"
    # The header: magic, format version 2, the save time (1980-01-01 in ms), 20 zero bytes, 16 strings.
    assert data[:52] == bx.MAGIC + _int(2) + struct.pack(">q", 315532800000) + b"\x00" * 20 + _int(16)
    # The node stream after the string table, spelled out. String indexes count up in first use:
    # objects 0, o 1, cls 2, GlobalProps 3, c 4, m 5, setAuthProfileName 6, s 7, str 8, default 9,
    # setDefaultDatasourceName 10, MES 11, setDefaultSQLTagsProviderName 12, setLegacyProject 13,
    # b 14, false 15.
    def call(method, sig):  # <o-c m=... s="1;sig">, one child
        return b"\x1a" + _int(1) + _int(4) + b"\x02" + _int(5) + b"\x08" + _int(method) + \
            _int(7) + b"\x0a\x01" + _int(sig) + _int(1)
    stream = (b"\x10" + _int(0) + _int(1)                                      # <objects>, 1 child
              + b"\x18" + _int(1) + b"\x01" + _int(2) + b"\x09" + _int(3) + _int(4)  # <o cls=...>, 4
              + call(6, 8) + b"\x24" + _int(8) + _int(0) + _int(4) + _int(9)   # <str id=0>default
              + call(10, 8) + b"\x20" + _int(8) + _int(4) + _int(11)           # <str>MES
              + call(12, 8) + b"\x01" + _int(0)                                # reference to id 0
              + call(13, 14) + b"\x00" + _int(15))                             # text false
    assert data.endswith(stream)


def test_the_string_table_is_in_java_hashmap_order():
    data = bx.encode(_global_props())
    count, at, indexes = struct.unpack(">i", data[48:52])[0], 52, []
    for _ in range(count):
        index, flag, length = struct.unpack(">iBH", data[at:at + 7])
        assert flag == 0
        indexes.append(index)
        at += 7 + length
    # 16 strings fill a HashMap past 12, so 32 buckets; this order is the one Ignition's own files
    # of the same strings show.
    assert indexes == [10, 14, 4, 0, 3, 15, 2, 6, 5, 1, 8, 9, 7, 13, 11, 12]


@pytest.mark.parametrize("text, expected", [
    ("", 0), ("a", 97), ("hello", 99162322), ("Aa", 2112), ("BB", 2112),
    ("polygenelubricants", 0x80000000),  # Integer.MIN_VALUE
    ("\u00e9t\u00e9", (0xE9 * 31 * 31 + ord("t") * 31 + 0xE9)),
])
def test_java_string_hash(text, expected):
    assert bx.java_string_hash(text) == expected


def test_java_hashmap_order_keeps_insertion_order_within_a_bucket_and_grows_past_three_quarters():
    assert bx.java_hashmap_order(["c", "b", "a"]) == ["a", "b", "c"]
    assert bx.java_hashmap_order(["BB", "Aa"]) == ["BB", "Aa"]  # the same hash: insertion order
    # "a" (97) and "q" (113) share bucket 1 of 16 and part in a table of 32 (13 keys).
    keys = ["q", "a"] + ["k%d" % i for i in range(11)]
    order = bx.java_hashmap_order(keys)
    assert order.index("a") < order.index("q")
    assert bx.java_hashmap_order(["q", "a"]) == ["q", "a"]


def test_a_tree_of_every_known_kind_round_trips():
    document = bx.Document(bx.Element("objects", [("framework.version", "string", "8.1.0")], [
        bx.Element("o", [("cls", "class", "x.Timer")], [
            _call("setDelay", ["l"], bx.Element("lng", text=("long", 10000))),
            _call("setSize", ["i"], bx.Element("int", text=("int", -3))),
            _call("setImage", ["[B"], bx.Element("bytes", text=("bytes", b"\x1f\x8b" + b"\x00" * 40))),
            _call("setZero", ["d"], bx.Element("d", text=("bytes", b"\x00" * 8))),
            _call("setLong", ["str"], bx.Element("str", text=("string", "x" * bx.LONG_STRING_MIN))),
            _call("setName", ["str"], bx.Element("str", text=("string", "\u00e9t\u00e9 \u2603"), id=0)),
            _call("setList", ["java.util.List"], bx.Element("arraylist", [("len", "int", 2)], [
                bx.Reference(0), bx.Element("str", text=("string", ""))], id=1)),
            _call("setEmpty", ["O", "O"], bx.Element("o", [("cls", "class", "java.util.HashMap")], [])),
            bx.Element(("o", "c"), [("m", "string", "bare")]),
        ])]), 1765000000123)
    data = bx.encode(document)
    again = bx.decode(data)
    assert again.saved_millis == 1765000000123
    assert again.root == document.root
    assert bx.encode(again) == data


def test_data_bin_is_gzip_as_java_writes_it():
    document = _global_props()
    data = bx.write_data_bin(document)
    assert data[:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no mtime, no name, OS 255
    assert gzip.decompress(data) == bx.encode(document)
    assert bx.write_data_bin(document, os_byte=0)[9:10] == b"\x00"
    assert bx.read_data_bin(data).root == document.root


def test_method_calls_resolve_references_and_text():
    assert bx.method_calls(_global_props()) == [
        ("setAuthProfileName", ["str"], ["default"]),
        ("setDefaultDatasourceName", ["str"], ["MES"]),
        ("setDefaultSQLTagsProviderName", ["str"], ["default"]),
        ("setLegacyProject", ["b"], ["false"]),
    ]


def _corrupt(data, at, value):
    return data[:at] + value + data[at + len(value):]


@pytest.mark.parametrize("change, message", [
    (lambda d: b"\x00" + d[1:], "not Ignition binary XML"),
    (lambda d: _corrupt(d, 16, _int(3)), "format version 3; only 2 is known"),
    (lambda d: _corrupt(d, 30, b"\x01"), "are not zero"),
    (lambda d: _corrupt(d, 56, b"\x02"), "flag byte 2; only 0 and 1 are known"),
    (lambda d: d + b"\x00", "1 bytes left after the root element"),
    (lambda d: d[:-3], "truncated"),
    (lambda d: d[:-5] + b"\x40" + d[-4:], "node code 0x40 is not known"),
    (lambda d: d[:-5] + b"\x30" + d[-4:], "node code 0x30 is not known"),  # children and text
    (lambda d: d[:-5] + b"\x01" + _int(7), "reference to id 7"),
])
def test_what_is_not_known_is_refused_not_guessed(change, message):
    data = change(bx.encode(_global_props()))
    with pytest.raises(bx.FormatError, match=message):
        document = bx.decode(data)
        bx.method_calls(document)


def test_an_unknown_kind_is_refused_when_encoding():
    document = bx.Document(bx.Element("objects", [("x", "float", 1.5)]), 0)
    with pytest.raises(bx.FormatError, match="kind 'float' is not one of"):
        bx.encode(document)
    both = bx.Document(bx.Element("str", children=[], text=("string", "x")), 0)
    with pytest.raises(bx.FormatError, match="both children and a text value"):
        bx.encode(both)
    # Raw bytes that decode would read back as a string index or a number.
    for payload in (b"abcd", b"\xff\x00\x00\x00\x01"):
        with pytest.raises(bx.FormatError, match="would read back as a string or number"):
            bx.encode(bx.Document(bx.Element("b", text=("bytes", payload)), 0))
    # String lengths between the longest short form and the shortest long form seen.
    middle = "x" * (bx.SHORT_STRING_MAX + 1)
    with pytest.raises(bx.FormatError, match="short or the long form is not known"):
        bx.encode(bx.Document(bx.Element("str", text=("string", middle)), 0))
    with pytest.raises(bx.FormatError, match="modified UTF-8"):
        bx.encode(bx.Document(bx.Element("str", text=("string", "a\x00b")), 0))


def test_the_command_line_checks_and_dumps(tmp_path, capsys):
    good, bad = tmp_path / "good.bin", tmp_path / "bad.bin"
    good.write_bytes(bx.write_data_bin(_global_props()))
    bad.write_bytes(gzip.compress(b"not binary xml"))
    assert bx.main(["check", str(good)]) == 0
    assert "good.bin: round-trips (gzip too)" in capsys.readouterr().out
    assert bx.main(["check", str(good), str(bad)]) == 1
    assert "bad.bin: cannot decode: not Ignition binary XML" in capsys.readouterr().out
    assert bx.main(["dump", str(good)]) == 0
    listing = capsys.readouterr().out
    assert "<o-c m='setDefaultDatasourceName' s='1;str'>" in listing and "<ref id=0/>" in listing
