//! Operations added and removed between two normalized specs, for the
//! CHANGELOG entry of a release that moves the spec pin.

use std::collections::BTreeSet;

use serde_json::Value;

/// Every operationId of a normalized spec: generated (`paths`) and
/// hand-written (`x-okta-rs-handwritten`).
pub fn operation_ids(spec: &Value) -> BTreeSet<String> {
    let generated = spec
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(|op| op.get("operationId")?.as_str());
    let handwritten = spec
        .get("x-okta-rs-handwritten")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|op| op.get("operationId")?.as_str());
    generated.chain(handwritten).map(str::to_owned).collect()
}

/// What changed between `old` and `new`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OperationChanges {
    /// In `new` only.
    pub added: Vec<String>,
    /// In `old` only.
    pub removed: Vec<String>,
}

impl OperationChanges {
    /// Compares the operations of two specs.
    pub fn between(old: &Value, new: &Value) -> Self {
        let (old, new) = (operation_ids(old), operation_ids(new));
        OperationChanges {
            added: new.difference(&old).cloned().collect(),
            removed: old.difference(&new).cloned().collect(),
        }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn added_and_removed_operations_include_hand_written_ones() {
        let old = json!({
            "paths": {"/a": {"get": {"operationId": "listA"}, "post": {"operationId": "createA"}}},
            "x-okta-rs-handwritten": [{"operationId": "uploadLogo"}]
        });
        let new = json!({
            "paths": {"/a": {"get": {"operationId": "listA"}}, "/b": {"get": {"operationId": "getB"}}},
            "x-okta-rs-handwritten": [{"operationId": "uploadLogo"}, {"operationId": "publishCert"}]
        });
        let changes = OperationChanges::between(&old, &new);
        assert_eq!(changes.added, ["getB", "publishCert"]);
        assert_eq!(changes.removed, ["createA"]);
        assert!(OperationChanges::between(&new, &new).is_empty());
    }
}
