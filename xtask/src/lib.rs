//! The `cargo xtask codegen` spec pipeline: load (JSON or YAML) → convert Swagger 2.0 to
//! OpenAPI 3.0.3 → strip prose → normalize → check references → lint → write.

pub mod changes;
pub mod convert;
pub mod fetch;
pub mod history;
pub mod json;
pub mod lint;
pub mod lock;
pub mod normalize;
pub mod refs;
pub mod report;
pub mod strip;
pub mod walk;

use anyhow::{bail, Result};
use serde_json::{json, Value};

use normalize::{HandwrittenOp, RuleCount};

/// Where the input came from (for the report and `x-okta-rs-source`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecSource {
    /// The pinned file of a GitHub repository (downloaded, cached or `--from FILE`: the
    /// bytes are the pinned ones either way).
    Github(lock::GithubLock),
    /// The pinned npm package.
    Npm(lock::NpmLock),
    /// A local file given with `--spec`.
    File { path: String, integrity: String },
}

impl From<lock::Lock> for SpecSource {
    fn from(lock: lock::Lock) -> SpecSource {
        match lock {
            lock::Lock::Github(g) => SpecSource::Github(g),
            lock::Lock::Npm(n) => SpecSource::Npm(n),
        }
    }
}

impl SpecSource {
    /// `x-okta-rs-source`: the structural facts of the source (no machine-specific path).
    pub fn facts(&self) -> Value {
        match self {
            SpecSource::Github(g) => json!({
                "repository": g.repository,
                "commit": g.commit,
                "path": g.path,
                "version": g.version,
                "integrity": g.integrity,
            }),
            SpecSource::Npm(n) => json!({
                "package": n.package, "version": n.version, "integrity": n.integrity
            }),
            SpecSource::File { integrity, .. } => json!({ "integrity": integrity }),
        }
    }
}

/// Counts and findings of one run.
#[derive(Debug, Clone)]
pub struct Summary {
    pub input_format: String,
    pub ops_in: usize,
    pub logical_in: usize,
    pub ops_out: usize,
    pub removed_path_methods: usize,
    pub schemas_in: usize,
    pub schemas_out: usize,
    pub rules: Vec<RuleCount>,
    pub handwritten: Vec<HandwrittenOp>,
    pub findings: Vec<lint::Finding>,
}

/// The pipeline's result: the bytes of `spec/okta-management.json` and `spec/REPORT.md`.
#[derive(Debug, Clone)]
pub struct Generated {
    pub doc: Value,
    pub spec_json: String,
    pub report_md: String,
    /// `MIGRATING.md` (renamed and removed operations since the earlier releases).
    pub migrating_md: String,
    pub summary: Summary,
}

fn logical_operations(doc: &Value) -> usize {
    walk::operations(doc)
        .iter()
        .map(|(_, _, op)| match op.get("x-okta-multi-operation") {
            Some(Value::Array(variants)) => variants.len(),
            _ => 1,
        })
        .sum()
}

fn schema_count(doc: &Value) -> usize {
    doc.get("definitions")
        .or_else(|| doc.pointer("/components/schemas"))
        .and_then(Value::as_object)
        .map_or(0, |m| m.len())
}

/// Runs the whole pipeline over a Swagger 2.0 or OpenAPI 3.0.x document (JSON or YAML).
pub fn run_pipeline(bytes: &[u8], source: &SpecSource) -> Result<Generated> {
    run_pipeline_with_history(bytes, source, &[])
}

/// [`run_pipeline`], recording what changed since the `previous` releases
/// (`x-okta-rs-previous`, `MIGRATING.md`).
pub fn run_pipeline_with_history(
    bytes: &[u8],
    source: &SpecSource,
    previous: &[history::Previous],
) -> Result<Generated> {
    let input = json::load_document(bytes)?;
    let ops_in = walk::count_operations(&input);
    let logical_in = logical_operations(&input);
    let schemas_in = schema_count(&input);
    let mut rules = Vec::new();

    let (mut doc, input_format) = if input.get("swagger").and_then(Value::as_str) == Some("2.0") {
        let (doc, stats) = convert::swagger2_to_oas3(&input)?;
        let mut push = |what, count| {
            rules.push(RuleCount {
                id: "convert",
                what,
                count,
            })
        };
        push(
            "`#/definitions/…` references rewritten (incl. vendor extensions, mappings)",
            stats.refs_rewritten,
        );
        push("body parameters → requestBody", stats.body_params);
        push(
            "formData operations → multipart/form-data requestBody",
            stats.form_data_operations,
        );
        push(
            "x-okta-multi-operation variants converted",
            stats.multi_operation_variants,
        );
        push(
            "Swagger 2.0 discriminators without subtypes dropped",
            stats.dropped_swagger_discriminators,
        );
        (doc, "Swagger 2.0, converted to OpenAPI 3.0.3".to_string())
    } else if let Some(v) = input.get("openapi").and_then(Value::as_str) {
        if v.starts_with("3.0.") {
            (input.clone(), format!("OpenAPI {v} (no conversion)"))
        } else if v.starts_with("3.") {
            bail!("OpenAPI {v} is not supported: progenitor handles OpenAPI 3.0.x only (convert to 3.0.3 or pass a Swagger 2.0 document)");
        } else {
            bail!("unsupported OpenAPI version {v:?}");
        }
    } else {
        bail!("input is neither Swagger 2.0 (`swagger: \"2.0\"`) nor OpenAPI 3.0.x (`openapi: 3.0.x`)");
    };

    rules.push(RuleCount {
        id: "strip",
        what: "prose keys removed (description, summary, example(s), title, externalDocs, …)",
        count: strip::strip_prose(&mut doc),
    });

    let outcome = normalize::normalize(&mut doc)?;
    rules.extend(outcome.rules);

    let records: Vec<Value> = outcome
        .handwritten
        .iter()
        .map(HandwrittenOp::record)
        .collect();
    if let Some(root) = doc.as_object_mut() {
        root.insert("x-okta-rs-handwritten".into(), Value::Array(records));
        root.insert("x-okta-rs-source".into(), source.facts());
    }
    let changes = history::annotate(&mut doc, previous);
    for (what, count) in [
        (
            "operations of earlier releases renamed (deprecated aliases)",
            changes.renamed,
        ),
        (
            "operations of earlier releases whose path parameters were renamed",
            changes.parameters_renamed,
        ),
        (
            "operations of earlier releases removed (MIGRATING.md)",
            changes.removed,
        ),
    ] {
        rules.push(RuleCount {
            id: "history",
            what,
            count,
        });
    }

    let unresolved = refs::unresolved_refs(&doc);
    if !unresolved.is_empty() {
        let list: Vec<String> = unresolved
            .iter()
            .take(20)
            .map(|(at, r)| format!("  {at}: {r}"))
            .collect();
        bail!(
            "{} unresolved reference(s) in the output:\n{}",
            unresolved.len(),
            list.join("\n")
        );
    }

    let findings = lint::lint(&doc);
    rules.push(RuleCount {
        id: "R13",
        what: "constructs progenitor cannot handle (listed below)",
        count: findings.len(),
    });

    let summary = Summary {
        input_format,
        ops_in,
        logical_in,
        ops_out: walk::count_operations(&doc),
        removed_path_methods: outcome.removed_path_methods,
        schemas_in,
        schemas_out: schema_count(&doc),
        rules,
        handwritten: outcome.handwritten,
        findings,
    };
    let spec_json = json::to_canonical_pretty(&doc);
    let migrating_md = history::migrating_md(&doc);
    let report_md = report::render(source, &summary);
    Ok(Generated {
        doc,
        spec_json,
        report_md,
        migrating_md,
        summary,
    })
}
