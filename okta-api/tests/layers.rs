//! The module graph inside `okta-api` has no circle, and the runtime is the
//! bottom layer: pages, raw requests and the builder depend on it, never the
//! reverse.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `module -> modules it names with a `crate::module` path` (code only:
/// comments and doc comments are skipped).
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeMap::new();
    for entry in std::fs::read_dir(&src).expect("okta-api/src") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("file name")
                .to_owned();
            let text = std::fs::read_to_string(&path).expect("source");
            modules.insert(name, text);
        }
    }
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (name, text) in &modules {
        if name == "lib" {
            continue;
        }
        let mut deps = BTreeSet::new();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            for (at, _) in code.match_indices("crate::") {
                let rest = &code[at + "crate::".len()..];
                let targets: Vec<&str> = match rest.strip_prefix('{') {
                    Some(group) => group
                        .split([',', '}'])
                        .map(|item| item.trim().split("::").next().unwrap_or(""))
                        .collect(),
                    None => vec![rest.split("::").next().unwrap_or("")],
                };
                for target in targets {
                    let ident: String = target
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if ident.is_empty() {
                        continue;
                    }
                    assert!(
                        names.contains(&ident),
                        "{name}.rs names `crate::{ident}`: name the module (`crate::<module>::{ident}`) so this test sees the dependency"
                    );
                    if ident != *name {
                        deps.insert(ident);
                    }
                }
            }
        }
        graph.insert(name.clone(), deps);
    }
    graph
}

/// Every module reachable from `from`.
fn reachable(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_owned()];
    while let Some(module) = todo.pop() {
        for dep in graph.get(&module).into_iter().flatten() {
            if seen.insert(dep.clone()) {
                todo.push(dep.clone());
            }
        }
    }
    seen
}

#[test]
fn the_module_graph_has_no_circle() {
    let graph = module_graph();
    for module in graph.keys() {
        assert!(
            !reachable(&graph, module).contains(module),
            "`{module}` depends on itself through {:?}",
            graph[module]
        );
    }
}

#[test]
fn the_runtime_is_below_pages_requests_and_the_builder() {
    let graph = module_graph();
    let below_runtime = reachable(&graph, "runtime");
    for upper in ["page", "request", "builder"] {
        assert!(
            !below_runtime.contains(upper),
            "runtime reaches `{upper}`: {below_runtime:?}"
        );
        assert!(
            reachable(&graph, upper).contains("runtime"),
            "`{upper}` is expected to build on the runtime"
        );
    }
    for layer in ["attempt", "cache_layer", "origin"] {
        assert!(
            !reachable(&graph, layer).contains("runtime"),
            "`{layer}` is a layer below the runtime and must not name it"
        );
    }
}
