"""`build.py package` (tools/package.py): deterministic Ignition exports, their layout, and iglint.

No database and no JVM: the package is built twice into a temporary folder with this Python, the
archives are compared byte for byte, unpacked and checked, and the 8.3 projects are linted with the
venv's `iglint` (requirements.txt).
"""
import hashlib
import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import zipfile

import pytest

from harness import java_paths

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(REPO, "tools", "package.py")
LIBRARY = os.path.join(REPO, "jython_lib")

_spec = importlib.util.spec_from_file_location("mes_package_tool", TOOL)
package = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(package)
binary_xml = package.binary_xml  # tools/ignition_binary_xml.py, as the tool imported it

from mes.persistence import tables  # noqa: E402  (jython_lib is on pytest's pythonpath)
from mes.services import inventory_state  # noqa: E402

RESOURCE_KEYS = {"scope", "version", "restricted", "overridable", "files", "attributes"}
GLOBAL_PROPS = "ignition/global-props/"
PROJECT_KEYS = {"title", "description", "parent", "enabled", "inheritable"}
SCHEMA_FILES = ("schema/postgres.sql", "schema/mysql.sql", "schema/sqlite.sql")

# Rules of iglint's default set that the package test does not apply, each to named files only.
# SCR106 (bare-except) in mes.persistence.db: those handlers must catch Java exceptions (a JDBC
# SQLException is not a Python Exception in Jython) as well as Python ones, and each one re-raises
# as a library error, rolls back, or logs; naming Python types would let Java exceptions escape.
# db.py catches everything a statement raises (Java exceptions too) to classify it; runScript
# compiles and evaluates the integrator's line of Python, which is what it is for on a gateway too.
IGLINT_CONFIG = """\
[rules.SCR106]
exclude = ["projects/%(p)s/ignition/script-python/mes/persistence/db/code.py"]

[rules.SEC003]
exclude = ["projects/%(p)s/ignition/script-python/mes/expression/lib_gateway/code.py"]
""" % {"p": package.LIBRARY_PROJECT}


def _build(out):
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([sys.executable, TOOL, "--out", str(out)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    assert result.returncode == 0, result.stdout
    return result.stdout


def _files(root):
    found = {}
    for folder, _dirs, names in os.walk(str(root)):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                found[os.path.relpath(path, str(root)).replace(os.sep, "/")] = f.read()
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("package")
    first, second = root / "first", root / "second"
    output = _build(first)
    _build(second)
    return {"first": first, "second": second, "output": output}


@pytest.fixture(scope="module")
def out(built):
    return _files(built["first"])


def _zip(out, name):
    import io
    return zipfile.ZipFile(io.BytesIO(out[name]))


def _entries(out, name):
    """{file name: bytes} of an archive's files (its folder entries left out)."""
    archive = _zip(out, name)
    return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}


def _library_sources():
    """{module folder under ignition/script-python: source bytes} for every non-__init__ module."""
    modules = {}
    for folder, _dirs, names in os.walk(os.path.join(LIBRARY, "mes")):
        if "__pycache__" in folder:
            continue
        for name in names:
            if name.endswith(".py") and name != "__init__.py":
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, LIBRARY).replace(os.sep, "/")[:-3]
                with open(path, "rb") as f:
                    modules[rel] = f.read()
    return modules


def _body(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8").replace("\r\n", "\n")


# ----------------------------------------------------------------------------- determinism

def test_two_builds_are_byte_identical(built):
    first, second = _files(built["first"]), _files(built["second"])
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_every_output_is_written_and_reported(out, built):
    expected = {package.LIBRARY_ZIP, package.GATEWAY_ZIP_83, package.EVENTS_NOTE_81, package.INSTALL,
                "tags/demo_line.json", "tags/mes_inventory_udts.json"} | set(SCHEMA_FILES)
    assert set(out) == expected
    for name in expected:
        assert name in built["output"]


@pytest.mark.parametrize("name", [package.LIBRARY_ZIP, package.GATEWAY_ZIP_83])
def test_archives_have_sorted_entries_fixed_dates_and_modes(out, name):
    infos = _zip(out, name).infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert (info.external_attr >> 16) & 0o777 == (0o755 if info.is_dir() else 0o644), info.filename


@pytest.mark.parametrize("name", [package.LIBRARY_ZIP, package.GATEWAY_ZIP_83])
def test_archives_have_an_entry_for_every_folder(out, name):
    # As Ignition's own project exports do: a folder entry before the files inside it.
    infos = _zip(out, name).infolist()
    folders = [i.filename for i in infos if i.is_dir()]
    files = [i.filename for i in infos if not i.is_dir()]
    needed = set()
    for path in files:
        parts = path.split("/")[:-1]
        needed.update("/".join(parts[:depth]) + "/" for depth in range(1, len(parts) + 1))
    assert sorted(folders) == sorted(needed)
    assert "ignition/" in folders
    for info in infos:
        if info.is_dir():
            assert info.file_size == 0 and info.external_attr & 0x10


def test_no_build_date_or_path_inside_the_files(out):
    # The only date inside any file is the fixed lastModification stamp.
    texts = [out[n] for n in out if not n.endswith(".zip")]
    for name in (package.LIBRARY_ZIP, package.GATEWAY_ZIP_83):
        texts.extend(_entries(out, name).values())
    for data in texts:
        assert REPO.encode() not in data
    stamps = set()
    for name in (package.LIBRARY_ZIP, package.GATEWAY_ZIP_83):
        for entry, data in _entries(out, name).items():
            if entry.endswith("resource.json"):
                stamps.add(json.loads(data.decode())["attributes"]["lastModification"]["timestamp"])
    assert stamps == {"1980-01-01T00:00:00Z"}


# ----------------------------------------------------------------------------- library project

def test_library_project_json_is_inheritable_without_parent(out):
    project = json.loads(_entries(out, package.LIBRARY_ZIP)["project.json"].decode())
    assert set(project) == PROJECT_KEYS
    assert project["inheritable"] is True and project["enabled"] is True
    assert project["parent"] == ""


def test_every_library_module_is_a_code_py_with_identical_source(out):
    entries = _entries(out, package.LIBRARY_ZIP)
    sources = _library_sources()
    code = {name[len("ignition/script-python/"):-len("/code.py")]: data
            for name, data in entries.items() if name.endswith("/code.py")}
    assert sorted(code) == sorted(sources)
    for module, data in sources.items():
        # mes/settings ships naming the connection INSTALL.md creates; every other line is the source's.
        expected = package.settings_code(data) if module == package.SETTINGS_MODULE else data
        assert code[module] == expected, module
    allowed = {"project.json", GLOBAL_PROPS + "data.bin", GLOBAL_PROPS + "resource.json"} | {
        "ignition/script-python/%s/%s" % (m, f) for m in sources for f in ("code.py", "resource.json")}
    assert set(entries) == allowed


def test_package_folders_have_no_code(out):
    entries = _entries(out, package.LIBRARY_ZIP)
    modules = {name[:-len("/code.py")] for name in entries if name.endswith("/code.py")}
    for module in modules:
        # A folder with code.py holds nothing but its code and manifest (else Ignition hides it).
        inside = {n for n in entries if n.startswith(module + "/")}
        assert inside == {module + "/code.py", module + "/resource.json"}
    packages = set()
    for folder, _dirs, names in os.walk(os.path.join(LIBRARY, "mes")):
        if "__init__.py" in names:
            packages.add("ignition/script-python/" + os.path.relpath(folder, LIBRARY).replace(os.sep, "/"))
    assert "ignition/script-python/mes/persistence" in packages
    for folder in packages:
        assert folder + "/code.py" not in entries
        assert folder + "/resource.json" not in entries
        assert folder not in modules
    assert not [n for n in entries if "__init__" in n]


@pytest.mark.parametrize("files, message", [
    ({"mes/__init__.py": "", "mes/a/__init__.py": "X = 1\n", "mes/a/b.py": ""}, "is not empty"),
    ({"mes/__init__.py": "", "mes/a/__init__.py": "", "mes/a.py": ""}, "share a name"),
    ({"mes/__init__.py": "", "mes/a/b.py": ""}, "has no __init__.py"),
])
def test_the_tool_refuses_what_ignition_cannot_hold(tmp_path, monkeypatch, files, message):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    monkeypatch.setattr(package, "JYTHON_LIB", str(tmp_path))
    monkeypatch.setattr(package, "LIBRARY_ROOT", str(tmp_path / "mes"))
    with pytest.raises(package.PackageError, match=message):
        package.library_modules()


def test_library_resource_json_files(out):
    entries = _entries(out, package.LIBRARY_ZIP)
    manifests = [n for n in entries if n.endswith("resource.json") and n.startswith("ignition/script-python/")]
    assert len(manifests) == len(_library_sources())
    for name in manifests:
        manifest = json.loads(entries[name].decode("utf-8"))
        assert set(manifest) == RESOURCE_KEYS, name
        assert manifest["scope"] == "A" and manifest["version"] == 1
        assert manifest["restricted"] is False and manifest["overridable"] is True
        assert manifest["files"] == ["code.py"]
        assert manifest["attributes"]["hintScope"] == 2
        assert set(manifest["attributes"]["lastModification"]) == {"actor", "timestamp"}


def _manifests(out):
    """[(archive entry of a resource.json, manifest dict, {file name: bytes}, signature form)] of both
    projects: the library in 8.1's form (both versions import it), the 8.3 gateway project in 8.3's."""
    found = []
    for archive, form in ((package.LIBRARY_ZIP, package.IGNITION_81), (package.GATEWAY_ZIP_83, package.IGNITION_83)):
        entries = _entries(out, archive)
        for name in sorted(n for n in entries if n.endswith("resource.json")):
            folder = name[:-len("resource.json")]
            manifest = json.loads(entries[name].decode("utf-8"))
            found.append((name, manifest, {f: entries[folder + f] for f in manifest["files"]}, form))
    return found


def test_every_resource_is_signed_over_its_content(out):
    manifests = _manifests(out)
    assert len(manifests) == len(_library_sources()) + 2 + 2  # + the two events, + global-props in each
    for name, manifest, files, form in manifests:
        signature = manifest["attributes"]["lastModificationSignature"]
        assert signature == package.resource_signature(manifest, files, form), name
        other = package.IGNITION_83 if form == package.IGNITION_81 else package.IGNITION_81
        assert package.resource_signature(manifest, files, other) != signature, name
        # The signature covers the code: one changed byte gives another signature.
        changed = {f: data + b" " for f, data in files.items()}
        assert package.resource_signature(manifest, changed, form) != signature, name


def _sha256(*parts):
    return hashlib.sha256(b"".join(parts)).hexdigest()


def test_signature_algorithm_is_pinned_on_the_startup_event(out):
    # The bytes 8.3 hashes, spelled out: scope G (1) and version 1 as 4-byte big-endian ints,
    # locked/restricted/overridable as one byte each, the file name then the hex SHA-256 of its
    # bytes, then each attribute but the signature, sorted by name, followed by its value as
    # compact JSON.
    entries = _entries(out, package.GATEWAY_ZIP_83)
    manifest = json.loads(entries["ignition/startup/resource.json"].decode("utf-8"))
    expected = _sha256(b"\x00\x00\x00\x01", b"\x00\x00\x00\x01", b"\x00", b"\x00", b"\x01",
                       b"onStartup.py", _sha256(entries["ignition/startup/onStartup.py"]).encode("ascii"),
                       b"enabled", b"true",
                       b"lastModification", b'{"actor":"build.py package","timestamp":"1980-01-01T00:00:00Z"}')
    assert manifest["attributes"]["lastModificationSignature"] == expected


def test_signature_algorithm_is_pinned_on_a_library_module(out):
    # 8.1's form: the file name then its bytes. Scope A is all three scope bits (7); the attributes
    # sort as hintScope, lastModification.
    entries = _entries(out, package.LIBRARY_ZIP)
    folder = "ignition/script-python/mes/inventory/"
    manifest = json.loads(entries[folder + "resource.json"].decode("utf-8"))
    expected = _sha256(b"\x00\x00\x00\x07", b"\x00\x00\x00\x01", b"\x00\x00\x01",
                       b"code.py", entries[folder + "code.py"],
                       b"hintScope", b"2",
                       b"lastModification", b'{"actor":"build.py package","timestamp":"1980-01-01T00:00:00Z"}')
    assert manifest["attributes"]["lastModificationSignature"] == expected


def test_signature_counts_documentation_and_every_scope_letter():
    manifest = {"scope": "DG", "version": 2, "documentation": "notes", "locked": True, "restricted": True,
                "overridable": False, "files": ["b.txt", "a.txt"],
                "attributes": {"z": [1, "x"], "a": {"k": None}, "lastModificationSignature": "ignored"}}
    expected = _sha256(b"\x00\x00\x00\x03", b"notes", b"\x00\x00\x00\x02", b"\x01\x01\x00",
                       b"a.txt", b"A", b"b.txt", b"B", b"a", b'{"k":null}', b"z", b'[1,"x"]')
    assert package.resource_signature(manifest, {"a.txt": b"A", "b.txt": b"B"}) == expected
    expected_83 = _sha256(b"\x00\x00\x00\x03", b"notes", b"\x00\x00\x00\x02", b"\x01\x01\x00",
                          b"a.txt", _sha256(b"A").encode("ascii"), b"b.txt", _sha256(b"B").encode("ascii"),
                          b"a", b'{"k":null}', b"z", b'[1,"x"]')
    assert package.resource_signature(manifest, {"a.txt": b"A", "b.txt": b"B"}, package.IGNITION_83) == expected_83


def test_a_signature_form_other_than_8_1_or_8_3_is_refused():
    manifest = {"scope": "A", "version": 1, "files": [], "attributes": {}}
    with pytest.raises(package.PackageError) as raised:
        package.resource_signature(manifest, {}, "8.2")
    assert "no signature form for Ignition '8.2'; use '8.1' or '8.3'" in str(raised.value)


# ----------------------------------------------------------------------------- project properties

@pytest.mark.parametrize("name", [package.LIBRARY_ZIP, package.GATEWAY_ZIP_83])
def test_both_projects_carry_project_properties_naming_the_mes_connection(out, name):
    entries = _entries(out, name)
    manifest = json.loads(entries[GLOBAL_PROPS + "resource.json"].decode("utf-8"))
    # The form of every real global-props resource.json: scope A, one file, lastModification only.
    assert set(manifest) == RESOURCE_KEYS
    assert (manifest["scope"], manifest["version"], manifest["files"]) == ("A", 1, ["data.bin"])
    assert sorted(manifest["attributes"]) == ["lastModification", "lastModificationSignature"]
    data = entries[GLOBAL_PROPS + "data.bin"]
    document = binary_xml.read_data_bin(data)
    assert document.saved_millis == 315532800000  # the fixed 1980-01-01 of every stamp of the package
    assert document.root.children[0].attributes == [
        ("cls", "class", "com.inductiveautomation.ignition.common.project.GlobalProps")]
    assert binary_xml.method_calls(document) == [
        ("setAuthProfileName", ["str"], ["default"]),
        ("setDefaultDatasourceName", ["str"], ["MES"]),
        ("setDefaultSQLTagsProviderName", ["str"], ["default"]),
        ("setLegacyProject", ["b"], ["false"]),
    ]
    # The same connection as the one INSTALL.md has the user create and the shipped mes/settings names.
    settings = _entries(out, package.LIBRARY_ZIP)["ignition/script-python/mes/settings/code.py"].decode("utf-8")
    assert 'DATABASE = "MES"' in settings.splitlines()
    assert "## 3. Create the database connection `MES`" in out["INSTALL.md"].decode("utf-8")
    # Ignition's gzip: no mtime, no file name; the bytes inside are pinned (tests/test_ignition_binary_xml.py
    # spells them out).
    assert data[:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    assert hashlib.sha256(binary_xml.gunzip(data)).hexdigest() == \
        "9a99ad9f2182e7efdfa3c645157f18247b6d1f1168a5b9579874a8ed57831302"
    assert binary_xml.write_data_bin(document) == data


def test_project_properties_are_signed_in_the_form_of_each_project(out):
    # The library is imported by 8.1 and 8.3 and signed the 8.1 way; the 8.3 gateway project the 8.3 way.
    signatures = {}
    for name, form in ((package.LIBRARY_ZIP, package.IGNITION_81), (package.GATEWAY_ZIP_83, package.IGNITION_83)):
        entries = _entries(out, name)
        manifest = json.loads(entries[GLOBAL_PROPS + "resource.json"].decode("utf-8"))
        data = entries[GLOBAL_PROPS + "data.bin"]
        expected = _sha256(b"\x00\x00\x00\x07", b"\x00\x00\x00\x01", b"\x00\x00\x01", b"data.bin",
                           data if form == package.IGNITION_81 else _sha256(data).encode("ascii"),
                           b"lastModification", b'{"actor":"build.py package","timestamp":"1980-01-01T00:00:00Z"}')
        signatures[name] = manifest["attributes"]["lastModificationSignature"]
        assert signatures[name] == expected, name
    assert signatures[package.LIBRARY_ZIP] != signatures[package.GATEWAY_ZIP_83]


def test_project_properties_follow_source_date_epoch_and_shared_values():
    document = package.global_props_document(1700000000)
    assert document.saved_millis == 1700000000000
    # A value given twice is written once with an id and referenced; a value given once has no id.
    strings = [c.children[0] for c in document.root.children[0].children[:3]]
    assert (strings[0].id, strings[1].id, strings[2].id) == (0, None, 0)
    distinct = package.global_props_document(0, (("setAuthProfileName", "a"), ("setDefaultDatasourceName", "b")))
    assert [c.children[0].id for c in distinct.root.children[0].children] == [None, None]
    assert binary_xml.method_calls(distinct) == [("setAuthProfileName", ["str"], ["a"]),
                                                 ("setDefaultDatasourceName", ["str"], ["b"])]


# ----------------------------------------------------------------------------- gateway events

def test_gateway_project_83_inherits_the_library(out):
    entries = _entries(out, package.GATEWAY_ZIP_83)
    project = json.loads(entries["project.json"].decode())
    assert set(project) == PROJECT_KEYS
    assert project["parent"] == package.LIBRARY_PROJECT
    assert project["inheritable"] is False and project["enabled"] is True
    timer = "ignition/timer/%s/" % package.TIMER_NAME
    assert sorted(entries) == sorted(["project.json", GLOBAL_PROPS + "data.bin", GLOBAL_PROPS + "resource.json",
                                      "ignition/startup/onStartup.py",
                                      "ignition/startup/resource.json", timer + "handleTimerEvent.py",
                                      timer + "resource.json"])


def test_gateway_resource_json_files_list_exactly_their_folder(out):
    entries = _entries(out, package.GATEWAY_ZIP_83)
    for name in [n for n in entries if n.endswith("/resource.json") and not n.startswith(GLOBAL_PROPS)]:
        folder = name[:-len("resource.json")]
        manifest = json.loads(entries[name].decode("utf-8"))
        assert set(manifest) == RESOURCE_KEYS
        assert manifest["scope"] == "G" and manifest["version"] == 1
        assert manifest["attributes"]["enabled"] is True
        siblings = sorted(n[len(folder):] for n in entries if n.startswith(folder) and n != name)
        assert manifest["files"] == siblings


@pytest.mark.parametrize("event, source", [
    ("ignition/startup/onStartup.py", package.STARTUP_SOURCE),
    ("ignition/timer/%s/handleTimerEvent.py" % package.TIMER_NAME, package.TIMER_SOURCE),
])
def test_event_scripts_hold_the_gateway_resources_bodies(out, event, source):
    text = _entries(out, package.GATEWAY_ZIP_83)[event].decode("utf-8")
    lines = text.split("\n")
    header = "def onStartup():" if "startup" in event else "def handleTimerEvent():"
    assert lines[0] == header
    body = _body(source).rstrip("\n").split("\n")
    assert lines[1:1 + len(body)] == [("\t" + line) if line.strip() else "" for line in body]
    assert text == header + "\n" + "".join(("\t" + line if line.strip() else "") + "\n" for line in body)


def test_timer_runs_every_250_ms_with_fixed_delay_on_its_own_thread(out):
    entries = _entries(out, package.GATEWAY_ZIP_83)
    manifest = json.loads(entries["ignition/timer/%s/resource.json" % package.TIMER_NAME].decode())
    attributes = manifest["attributes"]
    assert attributes["delay"] == 250
    assert attributes["fixedDelay"] is True
    assert attributes["sharedThread"] is False
    # ... as the timer script's own header says.
    header = _body(package.TIMER_SOURCE).split("\n")[0]
    assert "fixed delay" in header and "250 ms" in header and "dedicated thread" in header
    assert package.TIMER_NAME in header


def test_81_install_note_has_the_exact_bodies_and_timer_settings(out):
    note = out[package.EVENTS_NOTE_81].decode("utf-8")
    for source in (package.STARTUP_SOURCE, package.TIMER_SOURCE):
        assert "```python\n" + _body(source).rstrip("\n") + "\n```" in note
    for text in ("| Delay (ms) | `250` |", "Fixed Delay", "Dedicated", package.TIMER_NAME,
                 package.LIBRARY_PROJECT, package.GATEWAY_PROJECT, "event-scripts/data.bin"):
        assert text in note


# ----------------------------------------------------------------------------- schema, tags, INSTALL

@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_sql_creates_every_table(out, name):
    sql = out[name].decode("utf-8")
    for table in tables.ALL:
        assert "CREATE TABLE %s (" % table.name in sql, table.name
    assert "CREATE TABLE IF NOT EXISTS %s " % tables.SCHEMA_VERSION in sql
    assert "INSERT INTO %s " % tables.SCHEMA_VERSION in sql


def test_sqlite_schema_runs_on_an_empty_database(out):
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(out["schema/sqlite.sql"].decode("utf-8"))
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {t.name for t in tables.ALL} | {tables.SCHEMA_VERSION} <= names
        assert [row[0] for row in connection.execute("SELECT version FROM %s" % tables.SCHEMA_VERSION)] == \
            [m.version for m in package.schema.MIGRATIONS]
    finally:
        connection.close()


def _walk_tags(tags, path=()):
    for tag in tags:
        yield path, tag
        for item in _walk_tags(tag.get("tags") or [], path + (tag["name"],)):
            yield item


def test_demo_tags_are_a_provider_export_with_udts_in_types(out):
    export = json.loads(out["tags/demo_line.json"].decode("utf-8"))
    assert export["tagType"] == "Provider"
    udts = {tag["name"] for path, tag in _walk_tags(export["tags"]) if tag["tagType"] == "UdtType"}
    assert udts, "no UDT definition"
    for path, tag in _walk_tags(export["tags"]):
        if tag["tagType"] == "UdtType":
            assert path == ("_types_",), tag["name"]
        if tag["tagType"] == "UdtInstance":
            assert tag["typeId"] in udts
    instances = [t["name"] for _, t in _walk_tags(export["tags"]) if t["tagType"] == "UdtInstance"]
    assert instances
    with open(package.TAGS_SOURCE) as f:
        source = json.load(f)
    names = sorted(t["name"] for _, t in _walk_tags(source["tags"]))
    assert sorted(t["name"] for _, t in _walk_tags(export["tags"])) == names  # the export adds nothing


def _members(udt):
    return {(tag["name"], tag.get("dataType")) for _, tag in _walk_tags(udt["tags"])}


def test_inventory_udts_ship_with_the_members_publish_inventory_state_writes(out):
    shipped = out["tags/mes_inventory_udts.json"]
    with open(package.INVENTORY_UDTS_SOURCE, "rb") as f:
        assert shipped == f.read()  # already a provider export with its UDTs in _types_
    export = json.loads(shipped.decode("utf-8"))
    assert export["tagType"] == "Provider"
    udts = dict((tag["name"], tag) for path, tag in _walk_tags(export["tags"])
                if tag["tagType"] == "UdtType" and path == ("_types_",))
    assert sorted(udts) == ["MES Inventory Location", "MES Inventory Lot"]
    # A view bound to a published folder finds every tag the publisher writes, with its data type.
    assert _members(udts["MES Inventory Location"]) == (
        set(inventory_state.LOCATION_MEMBERS) | {(inventory_state.LOTS_FOLDER, None)})
    assert _members(udts["MES Inventory Lot"]) == set(inventory_state.LOT_MEMBERS)
    assert "tags/mes_inventory_udts.json" in out[package.INSTALL].decode("utf-8")


def test_the_shipped_settings_name_the_connection_install_md_creates(out):
    code = _entries(out, package.LIBRARY_ZIP)["ignition/script-python/mes/settings/code.py"].decode("utf-8")
    assert 'DATABASE = "MES"' in code and 'DATABASE = ""' not in code
    assert "named **`MES`**" in out[package.INSTALL].decode("utf-8")


INSTALL_TOPICS = [
    # how a user's own projects reach mes, with or without a parent project of their own
    "### Your own Perspective and Vision projects reach `mes`", "Parent Project = `MES_Library`",
    "A project that already has a parent project", "Gateway Scripting Project",
    # where the settings live
    "### Where the settings live", "Project Library > `mes` > `settings`", "`DATABASE`",
    "mes.setup.configure(database=...)",
    # upgrading, uninstalling
    "### Upgrading", "mes.setup.ensureSchema()", "allow overwriting", "### Uninstalling",
    # role permissions
    "### Role permissions", "ROLE_PERMISSIONS = {", "GATEWAY_PRINCIPAL = (", "mes.security.useRolePermissions(",
    "mes.security.setGatewayPrincipal(", "mes.security.actingUser(", "docs/permissions.md", "Client Event Scripts",
    # a first transaction with the demo tags
    "### A first transaction with the demo tags", "[default]Line1/LotCode", "Tools > Script Console",
    # the project properties the zips carry (ignition/global-props)
    "Project > Project Properties", "database connection `MES`, default tag provider `default`",
]


def test_install_md_covers_projects_settings_upgrades_uninstalling_permissions_and_a_first_transaction(out):
    text = out[package.INSTALL].decode("utf-8")
    missing = [topic for topic in INSTALL_TOPICS if topic not in text]
    assert missing == []
    for version, clicks in (("8.1", "Config > System > Projects"), ("8.3", "Platform > System > Projects")):
        assert clicks in text, version
    assert text.count("**8.1**") >= 4 and text.count("**8.3**") >= 4


def _first_transaction(text):
    block = text.split("### A first transaction with the demo tags", 1)[1]
    return block.split("```python\n", 1)[1].split("```", 1)[0]


def test_install_md_first_transaction_runs_verbatim_on_the_demo_tags(out, system):
    snippet = _first_transaction(out[package.INSTALL].decode("utf-8"))
    assert snippet == package.FIRST_TRANSACTION
    for name, value, kind in (("LotCode", "", "String"), ("Material", "", "String"), ("Running", False, "Boolean"),
                              ("Count", 0, "Int4")):
        system.tag.create_tag("[default]Line1/%s" % name, value, data_type=kind)
    exec(compile(snippet, "INSTALL.md", "exec"), {"mes": system.mes, "system": system})
    rows = system.mes.inventory.getAllInventoryAtLocation("Line1")
    assert [(r["lotName"], r["quantity"]) for r in rows] == [("GF-7781", 88.0)]
    records = system.mes.inventory.getLotHistory(**dict(system.mes.inventory.newLotHistoryRequest(),
                                                        lotId=rows[0]["lotId"]))
    assert sorted(r["lotRecordType"] for r in records) == ["CONSUME", "RECEIVE"]


def test_install_md_has_the_steps(out):
    text = out[package.INSTALL].decode("utf-8")
    for needle in (package.LIBRARY_ZIP, package.GATEWAY_ZIP_83, package.EVENTS_NOTE_81,
                   "**`%s`**" % package.LIBRARY_PROJECT, "**`%s`**" % package.GATEWAY_PROJECT,
                   "named **`MES`**", "tags/demo_line.json", "Logs") + SCHEMA_FILES:
        assert needle in text, needle
    steps = [line for line in text.split("\n") if line.startswith("## ")]
    assert len(steps) == 5


# ----------------------------------------------------------------------------- iglint

def _iglint():
    candidates = [os.path.join(os.path.dirname(sys.executable), "iglint"),
                  os.path.join(java_paths.VENV_DIR, "bin", "iglint")]
    for path in candidates:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    pytest.fail("iglint is not installed: run `python3 build.py setup` (requirements.txt pins it)")


def test_iglint_passes_on_the_unpacked_83_projects(out, tmp_path):
    # Unpacked as a gateway holds them: projects/<name>/, the name being the one typed at import.
    for name, archive in ((package.LIBRARY_PROJECT, package.LIBRARY_ZIP),
                          (package.GATEWAY_PROJECT, package.GATEWAY_ZIP_83)):
        _zip(out, archive).extractall(str(tmp_path / "projects" / name))
    config = tmp_path / "iglint.toml"
    config.write_text(IGLINT_CONFIG)
    projects = [os.path.join("projects", package.LIBRARY_PROJECT), os.path.join("projects", package.GATEWAY_PROJECT)]
    command = [_iglint(), "check", "--config", str(config), "--no-cache", "--color", "never"]
    listed = subprocess.run(command + ["--show-files"] + projects, cwd=str(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    assert listed.returncode == 0, listed.stdout
    # iglint reads every file of both projects (nothing skipped as "not a project").
    assert len(listed.stdout.splitlines()) >= len(_entries(out, package.LIBRARY_ZIP)) + 5
    for needle in ("ignition/startup/onStartup.py", "handleTimerEvent.py", "mes/persistence/db/code.py"):
        assert needle in listed.stdout
    result = subprocess.run(command + projects, cwd=str(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    assert result.returncode == 0, result.stdout
