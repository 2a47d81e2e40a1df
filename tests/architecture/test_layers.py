"""The package is laid out as its data flow: a module imports within its folder or downward.

Read from the code's own imports (every ``import``, also those inside functions), so a new
upward import or cycle fails here, with the file and line that makes it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[2] / "oitsite"

#: The stages, bottom up. A module may import its own stage or a lower one.
LAYERS = [
    {"oitsite.findings", "oitsite.thai"},
    {"oitsite.load"},
    {"oitsite.model"},
    {"oitsite.check"},
    {"oitsite.publish"},
    {"oitsite.authoring"},
    {"oitsite.site"},
    {"oitsite.hub"},
    {"oitsite.cli"},
    {"oitsite.__main__"},
]
SPHINX_LAYER = "oitsite.site"
CLI_LAYER = "oitsite.cli"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def stage(mod: str) -> str:
    parts = mod.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else mod


def rank(mod: str) -> int:
    s = stage(mod)
    for i, layer in enumerate(LAYERS):
        if s in layer:
            return i
    raise AssertionError(f"{mod}: not in any stage of LAYERS (add its folder there)")


def _runtime_nodes(tree: ast.AST):
    """Every node, except what is under ``if TYPE_CHECKING:`` (annotations, never run)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and isinstance(child.test, ast.Name) and child.test.id == "TYPE_CHECKING":
                todo.extend(child.orelse)
                continue
            todo.append(child)


def imports(mod: str) -> list[tuple[str, int]]:
    """(imported oitsite module, line) for every import run in ``mod``."""
    path = MODULES[mod]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    base = mod.split(".") if is_pkg else mod.split(".")[:-1]
    out = []
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names if a.name.startswith("oitsite")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                target = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("oitsite"):
                continue
            for a in node.names:  # ``from oitsite.model import ita`` imports the module oitsite.model.ita
                sub = f"{target}.{a.name}"
                out.append((sub if sub in MODULES else target, node.lineno))
    return out


def external(mod: str) -> set[str]:
    tree = ast.parse(MODULES[mod].read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("mod", sorted(MODULES))
def test_imports_only_downward(mod: str) -> None:
    bad = []
    for target, line in imports(mod):
        if target not in MODULES:
            bad.append(f"{MODULES[mod]}:{line}: imports {target}, which does not exist")
            continue
        if rank(target) > rank(mod):
            bad.append(f"{MODULES[mod]}:{line}: {mod} (stage {stage(mod)}) imports upward {target}")
        elif rank(target) == rank(mod) and stage(target) != stage(mod):
            bad.append(f"{MODULES[mod]}:{line}: {mod} imports the sibling stage {target}")
    assert not bad, "\n".join(bad)


def test_no_import_cycle() -> None:
    graph = {m: sorted({t for t, _ in imports(m) if t in MODULES and t != m}) for m in MODULES}
    # a package's __init__ importing its submodules is not a cycle with them
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in graph[m]:
            if state.get(t) == 1:
                cycles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


@pytest.mark.parametrize("mod", sorted(MODULES))
def test_only_the_site_stage_imports_sphinx(mod: str) -> None:
    if stage(mod) == SPHINX_LAYER:
        return
    assert not external(mod) & {"sphinx", "docutils", "myst_parser", "sphinx_autobuild"}, MODULES[mod]


@pytest.mark.parametrize("mod", sorted(MODULES))
def test_only_the_cli_parses_arguments_or_prints(mod: str) -> None:
    if stage(mod) in (CLI_LAYER, "oitsite.__main__"):
        return
    tree = ast.parse(MODULES[mod].read_text(encoding="utf-8"))
    bad = [f"{MODULES[mod]}:{n.lineno}: print()" for n in ast.walk(tree)
           if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("print", "input")]
    bad += [f"{MODULES[mod]}:{n.lineno}: sys.{n.attr}" for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and n.attr in ("stdout", "stderr", "stdin", "argv")
            and isinstance(n.value, ast.Name) and n.value.id == "sys"]
    if "argparse" in external(mod):
        bad.append(f"{MODULES[mod]}: imports argparse")
    assert not bad, "\n".join(bad)


def test_no_global_state() -> None:
    """Build state lives on the Sphinx environment, never in a ``global``."""
    bad = []
    for mod, path in MODULES.items():
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(n, ast.Global):
                bad.append(f"{path}:{n.lineno}: global {', '.join(n.names)}")
    assert not bad, "\n".join(bad)


#: module-level containers that are not build state: a memo of parsed catalog files (immutable
#: results keyed by path and mtime) and the registry of renderers filled at import
NOT_STATE = {("oitsite.model.catalog", "_CACHE"), ("oitsite.site.renderers", "RENDERERS")}


def test_no_module_level_state_containers() -> None:
    """An empty dict/list/set at module level is where per-build state hides (e.g. a cache keyed
    by ``id(app)``): keep it on the Sphinx environment instead."""
    bad = []
    for mod, path in MODULES.items():
        for n in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(n, (ast.Assign, ast.AnnAssign)) or n.value is None:
                continue
            v = n.value
            empty = ((isinstance(v, ast.Dict) and not v.keys) or (isinstance(v, (ast.List, ast.Set)) and not v.elts)
                     or (isinstance(v, ast.Call) and getattr(v.func, "id", None) in ("dict", "set", "list", "defaultdict")
                         and not v.args))
            target = n.targets[0] if isinstance(n, ast.Assign) else n.target
            if empty and (mod, ast.unparse(target)) not in NOT_STATE:
                bad.append(f"{path}:{n.lineno}: {ast.unparse(target)}")
    assert not bad, "\n".join(bad)


def test_extensions_declare_parallel_safety() -> None:
    """Every Sphinx extension of oitsite says it is parallel read and write safe (and is: the
    reproducible-build test compares -j 1 with -j 2)."""
    import importlib

    class App:  # records what setup() wires, without running Sphinx
        def __getattr__(self, name):
            return lambda *a, **k: None

    for mod in ("oitsite.site", "oitsite.site.frontend", "oitsite.site.search"):
        meta = importlib.import_module(mod).setup(App())
        assert meta["parallel_read_safe"] is True and meta["parallel_write_safe"] is True, mod
