"""Apps depend one way: `articles` (the domain) imports no other app of ours, and no two modules import each other.

The import graph is read from the source with ast, so an import inside a function counts as
much as one at the top: both run sooner or later, and both tie the two modules together.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def our_apps():
    """The installed apps whose code lives in this repository (a new app is covered as it is installed)."""
    names = {entry.split(".")[0] for entry in settings.INSTALLED_APPS}
    return sorted(name for name in names if (ROOT / name / "__init__.py").exists())


APPS = our_apps()


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def first_party_modules():
    """{dotted name: source path} for every module of our apps."""
    modules = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            modules[module_name(path)] = path
    return modules


def imported_names(source, name, *, is_package=False):
    """Every dotted name the module `name` imports, resolved against its own package for relative imports."""
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module
            # `from package import module` imports that module; `from module import name` the module itself.
            yield from (f"{source}.{alias.name}" for alias in node.names)
            yield source


def import_graph():
    """{module: set of first-party modules it imports}."""
    modules = first_party_modules()
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in imported_names(path.read_text(), name, is_package=path.name == "__init__.py"):
            # The longest first-party module the dotted name starts with is what gets imported.
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def app_of(module):
    return module.split(".")[0]


def cycles(graph):
    """Every group of modules that import one another (Tarjan's strongly connected components), as a path."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(cycle_path(graph, set(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def cycle_path(graph, component):
    """One concrete loop through a strongly connected component: a -> b -> ... -> a."""
    start = min(component)
    path, seen = [start], {start}
    node = start
    while True:
        following = sorted(target for target in graph[node] if target in component)
        if start in following and len(path) > 1:
            return " -> ".join([*path, start])
        unseen = [target for target in following if target not in seen]
        node = unseen[0] if unseen else following[0]
        if node in seen:
            return " -> ".join([*path[path.index(node) :], node])
        path.append(node)
        seen.add(node)


def test_the_walk_sees_every_kind_of_import():
    """Relative, absolute and function-level imports are all edges (or the checks below would prove nothing)."""
    source = (
        "import articles.models\n"
        "from . import workflow\n"
        "from ..search import services\n"
        "def later():\n"
        "    from editorial.services import record_revision\n"
    )
    assert set(imported_names(source, "images.templatetags.images")) >= {
        "articles.models",
        "images.templatetags.workflow",
        "images.search.services",
        "editorial.services.record_revision",
        "editorial.services",
    }


def test_the_graph_covers_our_apps():
    assert {"articles", "editorial", "images", "search", "wordpress", "evidence", "pages", "newsroom"} <= set(APPS)
    assert {"richmedia", "errorreports", "newsletter", "desk", "notifications", "mostread", "bench"} <= set(APPS)
    graph = import_graph()
    assert "articles.models" in graph["articles.services"]
    assert {"articles", "editorial", "images", "newsroom"} <= {app_of(module) for module in graph}


def test_cycles_are_reported_as_a_loop():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a -> b -> c -> a"]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_articles_imports_no_other_app_of_ours():
    graph = import_graph()
    offending = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if app_of(module) == "articles"
        for target in targets
        if app_of(target) != "articles"
    )
    assert not offending, "articles is the domain; other apps depend on it, not the reverse:\n" + "\n".join(offending)


def test_no_import_cycles_between_modules():
    found = cycles(import_graph())
    assert not found, "Modules that import each other:\n" + "\n".join(found)


def test_only_the_rate_limit_of_the_project_is_used_by_apps():
    """Apps never reach into the project package, except views taking its per-client limit
    (and settings overlays such as the benchmark's, which build on the project's settings)."""
    graph = import_graph()
    offending = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if app_of(module) != "newsroom"
        for target in targets
        if app_of(target) == "newsroom"
        and target != "newsroom.ratelimit"
        and not (module.endswith("settings") and target.startswith("newsroom.settings"))
    )
    assert not offending, "Apps must not import the project package:\n" + "\n".join(offending)
