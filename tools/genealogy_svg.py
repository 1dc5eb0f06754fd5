"""A lot genealogy drawn as a standalone SVG file (standard library only).

    svg = render(nodes, edges, title="...", subtitle="...")

nodes: [{"id", "title", "lines": [str, ...], "group", "root"}] - one box per lot; `group` (the
material) picks the box colour and the legend entry; "root": True gives a thick border (where a
trace started); "held": True adds a red HELD tag (a lot put on hold by a recall).
edges: [{"source", "target", "label"}] - an arrow from the lot that gave material to the lot that
received it; a label is a str or a list of lines.

Layout: a column per generation (the longest chain of edges that reaches a node), left to right;
within a column, nodes are ordered by the mean row of the nodes they came from, so arrows cross
little. Arrows are cubic curves from the right side of a box to the left side of the next.
"""
from xml.sax.saxutils import escape

BOX_W, BOX_H = 210, 64
COL_GAP, ROW_GAP = 150, 30
MARGIN, TITLE_H, SUBTITLE_H, LEGEND_H = 24, 40, 18, 30
PALETTE = ["#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#ede9fe", "#e0f2fe", "#fee2e2"]
STROKES = ["#2563eb", "#16a34a", "#d97706", "#db2777", "#7c3aed", "#0284c7", "#dc2626"]


def _layers(nodes, edges):
    """{node id: column}: the longest edge chain from a root (a node nothing flows into)."""
    ids = [n["id"] for n in nodes]
    known = set(ids)
    column = dict((i, 0) for i in ids)
    pairs = [(e["source"], e["target"]) for e in edges if e["source"] in known and e["target"] in known
             and e["source"] != e["target"]]
    for _ in range(len(ids)):  # relaxation; a cycle (not a genealogy) stops after len(ids) passes
        changed = False
        for source, target in pairs:
            if column[target] < column[source] + 1:
                column[target] = column[source] + 1
                changed = True
        if not changed:
            break
    return column


def _rows(nodes, edges, column):
    """({column: [node ids]}, {node id: row within its column}), ordered by the mean row of each
    node's givers."""
    by_column = {}
    for node in nodes:
        by_column.setdefault(column[node["id"]], []).append(node["id"])
    givers = {}
    for edge in edges:
        givers.setdefault(edge["target"], []).append(edge["source"])
    row = {}
    for col in sorted(by_column):
        members = by_column[col]

        def weight(node_id, members=members):
            placed = [row[g] for g in givers.get(node_id, []) if g in row]
            mean = sum(placed) / float(len(placed)) if placed else members.index(node_id)
            return (mean, members.index(node_id))
        for index, node_id in enumerate(sorted(members, key=weight)):
            row[node_id] = index
    return by_column, row


def _text(x, y, text, size, fill="#334155", extra=""):
    return '<text x="%.1f" y="%.1f" font-size="%d" fill="%s"%s>%s</text>' % (x, y, size, fill, extra, escape(text))


def render(nodes, edges, title="", subtitle=""):
    """The SVG document (a str) of the genealogy.

    Args:
        nodes: the lots, as the module docstring describes.
        edges: the links between lots, as the module docstring describes.
        title: the heading, in bold.
        subtitle: an optional line under the heading (how to read the picture).
    """
    column = _layers(nodes, edges)
    top = MARGIN + TITLE_H + (SUBTITLE_H if subtitle else 0)
    by_column, row = _rows(nodes, edges, column)
    tallest = max([len(v) for v in by_column.values()] or [1])
    columns = max(list(by_column) or [0]) + 1
    groups = []
    for node in sorted(nodes, key=lambda n: (column[n["id"]], row[n["id"]])):
        if node.get("group") not in groups:
            groups.append(node.get("group"))
    width = 2 * MARGIN + columns * BOX_W + (columns - 1) * COL_GAP
    height = top + MARGIN + LEGEND_H + tallest * BOX_H + (tallest - 1) * ROW_GAP

    def place(node_id):
        members = len(by_column[column[node_id]])
        offset = (tallest - members) * (BOX_H + ROW_GAP) / 2.0  # centre short columns vertically
        return (MARGIN + column[node_id] * (BOX_W + COL_GAP),
                top + offset + row[node_id] * (BOX_H + ROW_GAP))

    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
           'font-family="Helvetica, Arial, sans-serif">' % (width, height, width, height),
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
           'orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="#475569"/></marker></defs>',
           '<rect width="100%" height="100%" fill="#ffffff"/>',
           _text(MARGIN, MARGIN + 16, title, 17, "#0f172a", ' font-weight="bold"')]
    if subtitle:
        out.append(_text(MARGIN, MARGIN + 36, subtitle, 12, extra=' class="subtitle"'))
    for edge in edges:
        if edge["source"] not in column or edge["target"] not in column:
            continue
        sx, sy = place(edge["source"])
        tx, ty = place(edge["target"])
        x1, y1, x2, y2 = sx + BOX_W, sy + BOX_H / 2.0, tx, ty + BOX_H / 2.0
        bend = max(40.0, (x2 - x1) / 2.0)
        out.append('<path class="edge" d="M %.1f %.1f C %.1f %.1f, %.1f %.1f, %.1f %.1f" fill="none" '
                   'stroke="#475569" stroke-width="1.4" marker-end="url(#arrow)"/>'
                   % (x1, y1, x1 + bend, y1, x2 - bend, y2, x2, y2))
        label = edge.get("label") or []
        label = [label] if isinstance(label, str) else list(label)
        for index, text in enumerate(label):
            y = (y1 + y2) / 2.0 - 6 - 12 * (len(label) - 1 - index)
            out.append(_text((x1 + x2) / 2.0, y, text, 10, extra=' text-anchor="middle" stroke="#ffffff" '
                                                                   'stroke-width="3" paint-order="stroke"'))
    for node in nodes:
        x, y = place(node["id"])
        shade = groups.index(node.get("group")) % len(PALETTE)
        out.append('<g class="node" id="lot-%s">' % escape(str(node["id"]), {'"': "&quot;"}))
        out.append('<rect x="%.1f" y="%.1f" width="%d" height="%d" rx="8" fill="%s" stroke="%s" stroke-width="%s"/>'
                   % (x, y, BOX_W, BOX_H, PALETTE[shade], STROKES[shade], "3" if node.get("root") else "1.2"))
        out.append(_text(x + 10, y + 20, node["title"], 13, "#0f172a", ' font-weight="bold"'))
        if node.get("held"):
            out.append(_held_badge(x, y))
        for index, line in enumerate(node.get("lines", [])[:2]):
            out.append(_text(x + 10, y + 38 + 14 * index, line, 11))
        out.append('</g>')
    lx, ly = MARGIN, height - MARGIN - 8
    for index, group in enumerate(groups):
        shade = index % len(PALETTE)
        out.append('<rect x="%d" y="%d" width="14" height="14" rx="3" fill="%s" stroke="%s"/>'
                   % (lx, ly - 11, PALETTE[shade], STROKES[shade]))
        out.append(_text(lx + 20, ly, str(group), 11))
        lx += 40 + 7 * len(str(group))
    if any(node.get("root") for node in nodes):
        out.append('<rect x="%d" y="%d" width="14" height="14" rx="3" fill="#ffffff" stroke="#0f172a" '
                   'stroke-width="3"/>' % (lx, ly - 11))
        out.append(_text(lx + 20, ly, "where a trace starts", 11))
    if any(node.get("held") for node in nodes):
        out.append(_held_badge(lx + 160 if any(node.get("root") for node in nodes) else lx, ly - 13, legend=True))
    out.append('</svg>')
    return "\n".join(out) + "\n"


HELD_FILL, HELD_STROKE = "#fee2e2", "#b91c1c"


def _held_badge(x, y, legend=False):
    """A red HELD tag: on a lot box's top right corner (a node with "held": True, a lot put on
    hold by a recall), or in the legend with its explanation."""
    left = x if legend else x + BOX_W - 52
    top = y if legend else y + 6
    parts = ['<g class="held">',
             '<rect x="%.1f" y="%.1f" width="44" height="16" rx="4" fill="%s" stroke="%s" stroke-width="1.2"/>'
             % (left, top, HELD_FILL, HELD_STROKE),
             _text(left + 22, top + 12, "HELD", 10, HELD_STROKE, ' font-weight="bold" text-anchor="middle"')]
    if legend:
        parts.append(_text(left + 52, top + 12, "put on hold by the recall", 11))
    return "\n".join(parts + ["</g>"])
