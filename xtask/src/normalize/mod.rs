//! Normalization rules. Each rule is a small function returning a count; [`normalize`]
//! runs them in order and collects the counts for the report.

pub mod compose;
pub mod errata;
pub mod hoist;
pub mod inherit;
pub mod operations;
pub mod schemas;

use anyhow::Result;
use serde_json::Value;

pub use operations::HandwrittenOp;

/// One line of the report's rule table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCount {
    pub id: &'static str,
    pub what: &'static str,
    pub count: usize,
}

/// What normalization did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub rules: Vec<RuleCount>,
    /// Sorted by operationId.
    pub handwritten: Vec<HandwrittenOp>,
    /// Path+method operations removed from `paths`.
    pub removed_path_methods: usize,
}

/// Runs every rule over an OpenAPI 3.0 document (prose already stripped).
pub fn normalize(doc: &mut Value) -> Result<Outcome> {
    let mut rules = Vec::new();
    let mut push = |id: &'static str, what: &'static str, count: usize| {
        rules.push(RuleCount { id, what, count })
    };
    let mut handwritten = Vec::new();

    push(
        "R14",
        "references to shared parameters, request bodies and responses inlined",
        compose::inline_component_refs(doc),
    );
    let (multi, multi_removed) = operations::resolve_multi_operations(doc, &mut handwritten);
    push("F3", "x-okta-multi-operation path+methods resolved", multi);
    push(
        "F3",
        "x-okta-multi-operation path+methods without a JSON variant (removed from paths)",
        multi_removed,
    );
    let non_json = operations::remove_non_json_bodies(doc, &mut handwritten);
    push(
        "F5",
        "operations with a non-JSON request body removed from paths",
        non_json,
    );
    push(
        "F3",
        "operationIds synthesized",
        operations::operation_ids(doc),
    );
    let responses = operations::single_success_response(doc);
    push(
        "F4",
        "operations with several 2xx responses reduced to one",
        responses.collapsed_operations,
    );
    push(
        "F4",
        "operations whose non-2xx/default responses were dropped",
        responses.error_response_operations,
    );
    push(
        "F4",
        "non-2xx/default responses dropped",
        responses.error_responses,
    );
    push(
        "F4",
        "media types dropped from kept responses (schema-less JSON, extra types)",
        responses.media_types,
    );
    push(
        "R4",
        "path parameters marked required",
        operations::path_params_required(doc),
    );
    push(
        "R4",
        "parameters given a schema",
        operations::parameter_schemas(doc),
    );
    push(
        "R4",
        "missing path-template parameters added",
        operations::path_template_params(doc),
    );
    push(
        "F2",
        "string enums declared `type: object` → `type: string`",
        schemas::enum_object_type(doc),
    );
    push(
        "R18",
        "parameters that are a `oneOf`/`anyOf` of strings → `type: string`",
        compose::string_parameter_unions(doc),
    );
    let all_of = compose::flatten_all_of(doc);
    push(
        "R15",
        "`allOf` inheritance flattened into one object schema",
        all_of.flattened,
    );
    push(
        "R15",
        "`allOf` of one reference (plus prose) replaced by the reference",
        all_of.unwrapped,
    );
    push(
        "R16",
        "`oneOf`/`anyOf` of objects without a discriminator merged into one object",
        compose::merge_untagged_unions(doc),
    );
    push(
        "R17",
        "`pattern`/`minLength`/`maxLength` moved to `x-okta-rs-…` (facts, never validating types)",
        compose::patterns_as_facts(doc),
    );
    push(
        "R19",
        "known spec errata fixed to the wire shape (normalize/errata.rs)",
        errata::apply(doc),
    );
    let hoisted = hoist::hoist_inline(doc);
    push(
        "F12",
        "inline enums hoisted into named schemas",
        hoisted.enums,
    );
    push(
        "F12",
        "inline objects hoisted into named schemas",
        hoisted.objects,
    );
    push(
        "F12",
        "hoisted schemas that reused an identical existing schema",
        hoisted.reused,
    );
    push(
        "F12",
        "hoisted schemas renamed with a number (name collision)",
        hoisted.renamed,
    );
    push(
        "F6",
        "x-okta-parent schemas flattened",
        inherit::flatten_parents(doc)?,
    );
    push(
        "F1",
        "defaults not matching their schema removed",
        schemas::invalid_defaults(doc),
    );
    push(
        "F7",
        "x-openapi-v3-discriminator → discriminator",
        inherit::discriminators(doc),
    );
    push(
        "F10",
        "`additionalProperties: {type: object}` → `{}`",
        schemas::any_value_maps(doc),
    );
    push(
        "F9",
        "object schemas given `additionalProperties: {}`",
        schemas::open_objects(doc),
    );
    push(
        "F8",
        "schemas with `x-okta-extensible: true` (kept)",
        count_schemas(doc, |s| {
            s.get("x-okta-extensible") == Some(&Value::Bool(true))
        }),
    );
    push(
        "R12",
        "`format: date-time` kept",
        count_schemas(doc, |s| {
            s.get("format").and_then(Value::as_str) == Some("date-time")
        }),
    );

    handwritten.sort_by(|a, b| a.operation_id.cmp(&b.operation_id));
    Ok(Outcome {
        rules,
        handwritten,
        removed_path_methods: multi_removed + non_json,
    })
}

fn count_schemas(doc: &mut Value, pred: impl Fn(&serde_json::Map<String, Value>) -> bool) -> usize {
    let mut n = 0;
    crate::walk::for_each_schema_mut(doc, &mut |s| n += usize::from(pred(s)));
    n
}
