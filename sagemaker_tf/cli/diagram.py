"""``sagemaker-tf diagram PATH [-o FILE]``: the hosting topology as a picture.

endpoint -> config -> variants -> models -> images and data, plus the scaling policies and alarms on each variant
and the roles the models run as. Mermaid in Markdown (renders on GitHub and GitLab) by default; Graphviz DOT, SVG
or PNG by the output file's suffix (SVG and PNG need Graphviz's ``dot`` on PATH).

Example::

    $ sagemaker-tf diagram cdktf.out -o docs/topology.md
    $ sagemaker-tf diagram cdktf.out -o docs/topology.png
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sagemaker_tf.cli._reader import CliError, load_sagemaker_stacks, printable
from sagemaker_tf.cli._topology import endpoint_views

SUFFIXES = (".md", ".mmd", ".dot", ".svg", ".png")

# kind -> (mermaid shape open/close, graphviz shape, fill colour)
_STYLE = {
    "endpoint": ("([", "])", "box", "#d7ebff"),
    "config": ("[", "]", "box", "#eef5ff"),
    "variant": ("[[", "]]", "box", "#e6f7e6"),
    "shadow": ("[[", "]]", "box", "#f4f4f4"),
    "model": ("[", "]", "box", "#fff4d6"),
    "component": ("[", "]", "box", "#fde8c8"),
    "image": ("[/", "/]", "folder", "#ffffff"),
    "data": ("[(", ")]", "cylinder", "#ffffff"),
    "role": ("{{", "}}", "hexagon", "#fbe9f2"),
    "scaling": ("[", "]", "box", "#e9e6ff"),
    "alarm": ("[", "]", "box", "#ffe3e0"),
    "extra": ("[", "]", "note", "#ffffff"),
}


@dataclass
class Graph:
    """Nodes (id -> (kind, label lines)) and labelled edges, in insertion order.

    Example::

        g = Graph()
        g.edge(g.node("e", "endpoint", "endpoint: E"), g.node("c", "config", "config: C"))
    """

    nodes: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    clusters: list[tuple[str, list[str]]] = field(default_factory=list)
    _edge_set: set[tuple[str, str, str]] = field(default_factory=set, repr=False, compare=False)

    def node(self, node_id: str, kind: str, *lines: str) -> str:
        """Add a node once; returns its id."""
        if node_id not in self.nodes:
            self.nodes[node_id] = (kind, [line for line in lines if line])
        return node_id

    def edge(self, a: str, b: str, label: str = "") -> None:
        """Add an edge once."""
        if (a, b, label) not in self._edge_set:  # a set beside the list: one lookup, not a scan, per edge
            self._edge_set.add((a, b, label))
            self.edges.append((a, b, label))


def _id(*parts: str) -> str:
    return "n_" + "_".join("".join(c if c.isalnum() else "_" for c in p) for p in parts)


_LONG_HASH_RE = re.compile(r"[0-9a-f]{24,}")


def _wrap(text: str, width: int = 40) -> list[str]:
    """Split a long value into lines at ``/``, ``;`` or spaces (content hashes shortened to 12 digits)."""
    text = _LONG_HASH_RE.sub(lambda m: m.group(0)[:12] + "...", text)
    lines: list[str] = []
    current = ""
    for piece in _pieces(text):
        if current and len(current) + len(piece) > width:
            lines.append(current)
            current = piece.lstrip()
        else:
            current += piece
    if current:
        lines.append(current)
    return lines


def _pieces(text: str) -> list[str]:
    out, current = [], ""
    for ch in text:
        if ch == " " and current:
            out.append(current)
            current = " "
            continue
        current += ch
        if ch in "/;":
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def build_graph(views: list[dict[str, Any]]) -> Graph:
    """The topology graph of endpoint views (see :func:`sagemaker_tf.cli._topology.endpoint_views`).

    Example::

        graph = build_graph(endpoint_views(stack))
        print(len(graph.nodes), "nodes")
    """
    g = Graph()
    for view in views:
        stack = view["stack"]
        members: list[str] = []
        root = None
        if view["endpoint"] is not None:
            e = view["endpoint"]
            root = g.node(
                _id(stack, e["address"]),
                "endpoint",
                f"endpoint: {e['label']}",
                (e["deployment"] or {}).get("strategy") or "",
            )
            members.append(root)
        config_id = None
        if view["config"] is not None:
            c = view["config"]
            extras = [x for x, on in (("async", c["async_inference"]), ("data capture", c["data_capture"])) if on]
            config_id = g.node(_id(stack, c["address"]), "config", f"config: {c['label']}", " + ".join(extras))
            members.append(config_id)
            if root:
                g.edge(root, config_id)
        for v in view["variants"]:
            capacity = (
                f"serverless {v['serverless'].get('memory_size_in_mb')} MB"
                if v["serverless"]
                else f"{v['instance_type']} x {v['instance_count']}"
            )
            if v.get("managed_instances"):
                capacity += f", managed {v['managed_instances']}"
            if v["kind"] == "production":
                share = f"{v['share_percent']}% traffic" if v["share_percent"] is not None else ""
            else:
                share = f"shadow: {v['share_percent']}% copied" if v["share_percent"] is not None else "shadow"
            vid = g.node(
                _id(stack, view["config"]["address"], "variant", str(v["name"])),
                "variant" if v["kind"] == "production" else "shadow",
                f"variant: {v['name']}",
                capacity,
                share,
            )
            members.append(vid)
            if config_id:
                g.edge(config_id, vid)
            if v["model"]:
                g.edge(vid, _id(stack, v["model"]))
        _components(g, stack, view, members)
        for m in view["models"]:
            mid = g.node(
                _id(stack, m["address"]),
                "model",
                f"model: {m['label']}",
                "network isolation" if m["network_isolation"] else "",
                f"VPC, {m['vpc']['subnets']} subnets" if m["vpc"] else "",
            )
            members.append(mid)
            for c in m["containers"]:
                if c["image"]:
                    iid = g.node(_id(stack, "image", c["image"]), "image", *_wrap(c["image"]))
                    g.edge(mid, iid, "image")
                if c["model_data"]:
                    did = g.node(_id(stack, "data", c["model_data"]), "data", *_wrap(c["model_data"]))
                    g.edge(mid, did, "data")
            if m["role"]:
                rid = g.node(_id(stack, m["role"]), "role", f"role: {m['role_label']}")
                g.edge(mid, rid, "runs as")
        for s in view["scaling"]:
            sid = g.node(
                _id(stack, s["address"]),
                "scaling",
                f"scaling: {s['min_capacity']}-{s['max_capacity']}",
                *[line for p in s["policies"] for line in _wrap(p["rule"])],
            )
            members.append(sid)
            scaled = _id(stack, view["config"]["address"], "variant", str(s["variant"])) if view["config"] else None
            if scaled and scaled in g.nodes:
                g.edge(sid, scaled, "scales")
        for a in view["alarms"]:
            aid = g.node(_id(stack, a["address"]), "alarm", f"alarm: {a['label']}", *_wrap(a["condition"]))
            members.append(aid)
            watched = (
                _id(stack, view["config"]["address"], "variant", str(a["variant"]))
                if view["config"] and a["variant"]
                else None
            )
            g.edge(aid, watched if watched and watched in g.nodes else root or aid, "watches")
        if view["endpoint"] and view["endpoint"]["deployment"]:
            deployment = view["endpoint"]["deployment"]
            addresses = deployment.get("rollback_alarm_addresses") or [None] * len(deployment["rollback_alarms"])
            for name, address in zip(deployment["rollback_alarms"], addresses, strict=False):
                target = (
                    _id(stack, address)
                    if address and _id(stack, address) in g.nodes
                    else g.node(_id(stack, "rollback-alarm", name), "alarm", f"alarm: {name}", "(not in this stack)")
                )
                if target not in members:
                    members.append(target)
                if root:
                    g.edge(root, target, "rolls back on")
        g.clusters.append((f"{stack}: {view['title']}", members))
    return g


def _components(g: Graph, stack: str, view: dict[str, Any], members: list[str]) -> None:
    """Each inference component: hosted by its variant, running its model or image, with its copy scaling."""
    for c in view.get("components") or []:
        scaling = c["scaling"]
        copies = (
            f"copies {c['copies']}"
            if scaling is None
            else f"copies {scaling['min_capacity']}-{scaling['max_capacity']}"
        )
        cid = g.node(_id(stack, c["address"]), "component", f"component: {c['label']}", c["compute"], copies)
        members.append(cid)
        variant = _id(stack, view["config"]["address"], "variant", str(c["variant"])) if view["config"] else None
        if variant and variant in g.nodes:
            g.edge(variant, cid, "hosts")
        if c["model"]:
            g.edge(cid, _id(stack, c["model"]))
        if c["image"]:
            g.edge(cid, g.node(_id(stack, "image", c["image"]), "image", *_wrap(c["image"])), "image")
        if c["artifact"]:
            g.edge(cid, g.node(_id(stack, "data", c["artifact"]), "data", *_wrap(c["artifact"])), "data")
        if scaling is not None:
            sid = g.node(
                _id(stack, scaling["address"]),
                "scaling",
                f"copies: {scaling['min_capacity']}-{scaling['max_capacity']}",
                *[line for p in scaling["policies"] for line in _wrap(p)],
            )
            members.append(sid)
            g.edge(sid, cid, "scales")


def _mermaid_text(text: str) -> str:
    return printable(text).replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def to_mermaid(g: Graph) -> str:
    """The graph as a Mermaid ``flowchart`` (without the Markdown fence).

    Example::

        print(to_mermaid(build_graph(endpoint_views(stack))))
    """
    lines = ["flowchart LR"]
    for node_id, (kind, label) in g.nodes.items():
        open_, close, _, _ = _STYLE[kind]
        text = "<br/>".join(_mermaid_text(line) for line in label)
        lines.append(f'  {node_id}{open_}"{text}"{close}')
    for a, b, edge_label in g.edges:
        lines.append(f"  {a} -->|{_mermaid_text(edge_label)}| {b}" if edge_label else f"  {a} --> {b}")
    for kind, (_, _, _, fill) in _STYLE.items():
        members = [n for n, (k, _) in g.nodes.items() if k == kind]
        if members:
            lines.append(f"  classDef {kind} fill:{fill},stroke:#555")
            lines.append(f"  class {','.join(members)} {kind}")
    return "\n".join(lines)


def to_markdown(g: Graph, title: str = "SageMaker hosting topology") -> str:
    """A Markdown document holding the Mermaid diagram.

    Example::

        Path("topology.md").write_text(to_markdown(graph))
    """
    return f"# {title}\n\n```mermaid\n{to_mermaid(g)}\n```\n"


def _dot_text(text: str) -> str:
    return printable(text).replace("\\", "\\\\").replace('"', '\\"')


def to_dot(g: Graph) -> str:
    """The graph in Graphviz DOT.

    Example::

        subprocess.run(["dot", "-Tsvg", "-o", "topology.svg"], input=to_dot(graph), text=True, check=True)
    """
    lines = [
        "digraph sagemaker {",
        '  rankdir=LR; fontname="Helvetica"; fontsize=12;',
        '  node [fontname="Helvetica", fontsize=11, style="filled,rounded", color="#555555"];',
        '  edge [fontname="Helvetica", fontsize=9, color="#666666"];',
    ]
    for node_id, (kind, label) in g.nodes.items():
        _, _, shape, fill = _STYLE[kind]
        style = "filled" if shape in ("folder", "cylinder", "hexagon", "note") else "filled,rounded"
        text = "\\n".join(_dot_text(line) for line in label)
        lines.append(f'  {node_id} [label="{text}", shape={shape}, fillcolor="{fill}", style="{style}"];')
    for a, b, edge_label in g.edges:
        lines.append(f'  {a} -> {b} [label="{_dot_text(edge_label)}"];' if edge_label else f"  {a} -> {b};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_file(g: Graph, output: Path) -> None:
    """Write ``output`` in the format its suffix names; SVG/PNG run Graphviz ``dot`` (:class:`CliError` without it).

    Example::

        render_file(graph, Path("docs/topology.png"))
    """
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise CliError(f"{output}: unknown diagram format {suffix or '(none)'}; use one of {', '.join(SUFFIXES)}")
    if suffix == ".md":
        output.write_text(to_markdown(g), encoding="utf-8")
    elif suffix == ".mmd":
        output.write_text(to_mermaid(g) + "\n", encoding="utf-8")
    elif suffix == ".dot":
        output.write_text(to_dot(g), encoding="utf-8")
    else:
        dot = shutil.which("dot")
        if dot is None:
            raise CliError(f"{output}: writing {suffix} needs Graphviz (`dot` on PATH); use .md for Mermaid instead")
        proc = subprocess.run(
            [dot, f"-T{suffix[1:]}", "-Gdpi=110" if suffix == ".png" else "-Gdpi=72", "-o", str(output)],
            input=to_dot(g),
            text=True,
            capture_output=True,
            check=False,
        )
        if proc.returncode != 0:
            reason = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit code {proc.returncode}"
            raise CliError(f"{output}: dot failed: {reason}")


def run(args: argparse.Namespace) -> int:
    """Print Mermaid Markdown, or write ``args.output``; exit code 0.

    Example::

        run(build_parser().parse_args(["diagram", "cdktf.out", "-o", "topology.svg"]))
    """
    views = [view for stack in load_sagemaker_stacks(args.path) for view in endpoint_views(stack)]
    graph = build_graph(views)
    if args.output:
        render_file(graph, Path(args.output))
    else:
        print(to_markdown(graph), end="")
    return 0
