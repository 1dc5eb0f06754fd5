"""system.tag.configure, deleteTags and browse for the in-memory tag provider (harness/portable/tag.py).

Kept beside tag.py and installed onto SystemTag, so the provider's reading and writing code stays
as it is. Folders are explicit (configure creates them) or implied by the tags below them, as in
Ignition. Names and parameters follow the Ignition 8 functions:
- configure(basePath, tags, collisionPolicy="o"): tags are dicts {name, tagType ("Folder" or
  "AtomicTag", the default), dataType, value, tags (a folder's children)}; policies "a" abort,
  "o" overwrite, "i" ignore, "m" merge (an existing tag keeps its value unless one is given).
  Returns one QualityCode per top-level tag.
- deleteTags(tagPaths): a folder goes with everything below it; one QualityCode per path.
- browse(path, filter=None): the children of a folder (filter {"recursive": True} for every
  level, {"tagType": ...} for one kind) as Results: getResults(), iteration, len; each result is
  {fullPath, name, tagType, hasChildren, dataType}.

Portable (Python 2.7 under Jython, and 3.11).
"""
from __future__ import absolute_import


def install(system_tag_class):
    """Add the three functions to the SystemTag class."""
    system_tag_class.configure = _configure
    system_tag_class.deleteTags = _delete_tags
    system_tag_class.browse = _browse


class Results(object):
    """What system.tag.browse returns."""

    def __init__(self, results):
        self._results = results

    def getResults(self):
        return list(self._results)

    def getReturnedSize(self):
        return len(self._results)

    def getTotalAvailableSize(self):
        return len(self._results)

    def __iter__(self):
        return iter(self._results)

    def __len__(self):
        return len(self._results)


def _module():
    from harness.portable import tag
    return tag


def _folders(self):
    found = self.__dict__.get("_folders")
    if found is None:
        found = self.__dict__.setdefault("_folders", {})
    return found


def _join(base, name):
    base = base.rstrip("/")
    return base + name if base.endswith("]") else base + "/" + name


def _configure(self, basePath, tags, collisionPolicy="o"):
    tag = _module()
    policy = (collisionPolicy or "o").lower()[:1]
    with self._lock:
        return [_configure_one(self, tag, basePath, spec, policy) for spec in tags]


def _configure_one(self, tag, base, spec, policy):
    path = _join(base, spec["name"])
    key = tag._normalize(path)
    folders = _folders(self)
    if (spec.get("tagType") or "AtomicTag") == "Folder":
        if key in self._tags:
            return tag.Bad
        folders.setdefault(key, path)
        for child in spec.get("tags") or []:
            _configure_one(self, tag, path, child, policy)
        return tag.Good
    existing = self._tags.get(key)
    if existing is not None and policy == "a":
        return tag.Bad
    if existing is not None and policy == "i":
        return tag.Good
    if key in folders:
        return tag.Bad
    value = spec.get("value")
    if existing is not None and policy == "m" and "value" not in spec:
        value = existing.value
    self.create_tag(path, value, data_type=spec.get("dataType") or (existing.data_type if existing else None))
    return tag.Good


def _below(key, other):
    provider, path = key
    return other[0] == provider and (path == "" or other[1].startswith(path + "/"))


def _delete_tags(self, tagPaths):
    tag = _module()
    results = []
    with self._lock:
        folders = _folders(self)
        for given in tag._as_list(tagPaths):
            key = tag._normalize(given)
            doomed = [k for k in self._tags if k == key or _below(key, k)]
            doomed_folders = [k for k in folders if k == key or _below(key, k)]
            for k in doomed:
                del self._tags[k]
            for k in doomed_folders:
                del folders[k]
            results.append(tag.Good if (doomed or doomed_folders) else tag.Bad_NotFound)
    return results


def _browse(self, path, filter=None):
    tag = _module()
    options = dict(filter or {})
    recursive = bool(options.get("recursive"))
    wanted_type = options.get("tagType")
    with self._lock:
        nodes = _nodes_below(self, tag, tag._normalize(path), recursive)
    results = [node for node in nodes if wanted_type is None or node["tagType"] == wanted_type]
    return Results(sorted(results, key=lambda r: r["fullPath"].lower()))


def _nodes_below(self, tag, key, recursive):
    """{fullPath, name, tagType, hasChildren, dataType} of the folders and tags below `key`."""
    provider, base = key
    depth = 0 if base == "" else base.count("/") + 1
    found = {}
    entries = [(k, t.path, "AtomicTag", t.data_type) for k, t in self._tags.items()]
    entries += [(k, p, "Folder", None) for k, p in _folders(self).items()]
    for k, original, tag_type, data_type in entries:
        if not _below(key, k):
            continue
        parts = _strip_provider(original).strip("/").split("/")
        levels = range(depth + 1, len(parts) + 1) if recursive else [depth + 1]
        for level in levels:
            node_key = "/".join(p.lower() for p in parts[:level])
            is_leaf = level == len(parts)
            node_type = tag_type if is_leaf else "Folder"
            full = "[%s]%s" % (provider, "/".join(parts[:level]))
            node = found.setdefault(node_key, {"fullPath": full, "name": parts[level - 1], "tagType": node_type,
                                               "hasChildren": False, "dataType": data_type if is_leaf else None})
            if not is_leaf:
                node["hasChildren"] = True
    return list(found.values())


def _strip_provider(path):
    return path[path.index("]") + 1:] if path.startswith("[") else path
