//! Which direct references need a `Box` to keep types finite.

use std::collections::{BTreeMap, BTreeSet};

use crate::classify::{Catalog, Field, Kind};
use crate::types::Ty;

/// `(schema, field JSON key or "variant:<tag>")` pairs that must be boxed.
pub type Boxed = BTreeSet<(String, String)>;

fn direct_edges(fields: &[Field]) -> impl Iterator<Item = (&str, &str)> {
    fields.iter().filter_map(|f| match &f.ty {
        Ty::Ref(target) => Some((f.wire.as_str(), target.as_str())),
        _ => None,
    })
}

/// Finds every direct containment edge that closes a cycle.
pub fn boxed_edges(catalog: &Catalog) -> Boxed {
    // schema -> [(edge key, target)]
    let mut graph: BTreeMap<&str, Vec<(String, &str)>> = BTreeMap::new();
    for (name, schema) in &catalog.schemas {
        let edges = graph.entry(name.as_str()).or_default();
        match &schema.kind {
            Kind::Struct(fields) => {
                edges.extend(direct_edges(fields).map(|(k, t)| (k.to_owned(), t)));
            }
            Kind::Union(u) => {
                edges.extend(direct_edges(&u.base_fields).map(|(k, t)| (k.to_owned(), t)));
                edges.extend(
                    u.variants
                        .iter()
                        .map(|v| (format!("variant:{}", v.tag), v.schema.as_str())),
                );
            }
            Kind::Enum(_) | Kind::Alias(_) => {}
        }
    }
    let mut boxed = Boxed::new();
    for (from, edges) in &graph {
        for (key, to) in edges {
            if reaches(&graph, to, from) {
                boxed.insert(((*from).to_owned(), key.clone()));
            }
        }
    }
    boxed
}

fn reaches(graph: &BTreeMap<&str, Vec<(String, &str)>>, start: &str, goal: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(node) = stack.pop() {
        if node == goal {
            return true;
        }
        if !seen.insert(node) {
            continue;
        }
        if let Some(edges) = graph.get(node) {
            stack.extend(edges.iter().map(|(_, t)| *t));
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn boxes_only_edges_on_a_cycle() {
        let spec = json!({
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}, "c": {"$ref": "#/components/schemas/C"}}},
            "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
            "C": {"type": "object", "properties": {"list": {"type": "array", "items": {"$ref": "#/components/schemas/A"}}}},
            "D": {"type": "object", "properties": {"d": {"$ref": "#/components/schemas/D"}}}
        });
        let catalog = Catalog::new(spec.as_object().unwrap()).unwrap();
        let boxed = boxed_edges(&catalog);
        let want: Boxed = [("A", "b"), ("B", "a"), ("D", "d")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(boxed, want);
    }
}
