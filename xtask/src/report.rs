//! `spec/REPORT.md`: what was generated from what, and every rule's count.

use std::fmt::Write as _;

use crate::{SpecSource, Summary};

const NOTES: [&str; 7] = [
    "All non-2xx and `default` responses are dropped: the SDK runtime maps every error status \
     itself (F4/F11).",
    "Response `description` stays as an empty string: OpenAPI 3.0 requires the key.",
    "A hoisted enum's `type`/`enum`/`format` move to the named schema; `readOnly` and `default` \
     stay next to the `$ref` (ignored by OpenAPI 3.0 tools, kept as facts).",
    "`x-okta-parent` is kept (reference rewritten) after its parents' properties are flattened \
     into the child; no `allOf` is emitted.",
    "`x-openapi-v3-schema-ref` on parameters is kept as an extension (reference rewritten); the \
     parameter schema itself is left as upstream declares it.",
    "A Swagger 2.0 body parameter's name is kept as `x-okta-rs-body-name` on the requestBody.",
    "`x-okta-rs-handwritten` lists every operation removed from `paths`, with its parameters, \
     request body and success response, sorted by operationId.",
];

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Renders the report. Deterministic: no dates, no machine-specific paths beyond what the
/// caller passed as the source.
pub fn render(source: &SpecSource, s: &Summary) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# okta-management.json: generation report\n");
    let _ = writeln!(
        w,
        "Written by `cargo xtask codegen`; do not edit. `cargo xtask codegen --check` fails when \
         this file or `okta-management.json` is out of date.\n"
    );
    let _ = writeln!(w, "## Source\n");
    match source {
        SpecSource::Github(g) => {
            let _ = writeln!(w, "- GitHub repository: `{}`", g.repository);
            let _ = writeln!(w, "- commit: `{}`", g.commit);
            let _ = writeln!(w, "- path: `{}`", g.path);
            let _ = writeln!(w, "- version: `{}`", g.version);
            let _ = writeln!(w, "- integrity: `{}`", g.integrity);
            let _ = writeln!(
                w,
                "- URL: `{}`",
                g.url(crate::fetch::github::DEFAULT_BASE_URL)
            );
        }
        SpecSource::Npm(lock) => {
            let _ = writeln!(w, "- npm package: `{}`", lock.package);
            let _ = writeln!(w, "- version: `{}`", lock.version);
            let _ = writeln!(w, "- integrity: `{}`", lock.integrity);
            let _ = writeln!(w, "- file: `{}`", crate::fetch::SPEC_PATH_IN_TARBALL);
        }
        SpecSource::File { path, integrity } => {
            let _ = writeln!(w, "- local file: `{path}`");
            let _ = writeln!(w, "- integrity: `{integrity}`");
        }
    }
    let _ = writeln!(w, "- input format: {}", s.input_format);
    let _ = writeln!(
        w,
        "- output: OpenAPI 3.0.3, prose removed (response `description` is kept empty because \
         OpenAPI requires it), keys sorted\n"
    );

    let _ = writeln!(w, "## Operations\n");
    let _ = writeln!(w, "| what | count |");
    let _ = writeln!(w, "| --- | ---: |");
    let rows = [
        ("path+method operations in the input", s.ops_in),
        (
            "logical operations in the input (operationIds, x-okta-multi-operation variants counted one by one)",
            s.logical_in,
        ),
        ("path+method operations kept in `paths` (generated)", s.ops_out),
        (
            "path+method operations removed from `paths`",
            s.removed_path_methods,
        ),
        (
            "logical operations to hand-write (`x-okta-rs-handwritten`)",
            s.handwritten.len(),
        ),
        (
            "logical operations accounted for (generated + hand-written)",
            s.ops_out + s.handwritten.len(),
        ),
        ("schemas in the input", s.schemas_in),
        ("schemas in the output", s.schemas_out),
    ];
    for (what, n) in rows {
        let _ = writeln!(w, "| {what} | {n} |");
    }
    let _ = writeln!(w);
    if s.ops_in != s.ops_out + s.removed_path_methods
        || s.logical_in != s.ops_out + s.handwritten.len()
    {
        let _ = writeln!(w, "**Warning: the operation counts do not add up.**\n");
    }

    let _ = writeln!(w, "## Rules\n");
    let _ = writeln!(w, "| rule | what | count |");
    let _ = writeln!(w, "| --- | --- | ---: |");
    for r in &s.rules {
        let _ = writeln!(w, "| {} | {} | {} |", r.id, cell(r.what), r.count);
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "## Hand-written operations\n");
    let _ = writeln!(
        w,
        "Recorded structurally (parameters, body and response schemas) in the top-level \
         `x-okta-rs-handwritten` array of `okta-management.json`.\n"
    );
    if s.handwritten.is_empty() {
        let _ = writeln!(w, "None.\n");
    } else {
        let _ = writeln!(w, "| operationId | method | path | content type | why |");
        let _ = writeln!(w, "| --- | --- | --- | --- | --- |");
        for h in &s.handwritten {
            let _ = writeln!(
                w,
                "| `{}` | {} | `{}` | {} | {} |",
                h.operation_id,
                h.method.to_ascii_uppercase(),
                h.path,
                h.content_type
                    .as_deref()
                    .map(|c| format!("`{c}`"))
                    .unwrap_or_else(|| "(none)".into()),
                cell(&h.reason)
            );
        }
        let _ = writeln!(w);
    }

    let _ = writeln!(w, "## Deliberate choices\n");
    for note in NOTES {
        let _ = writeln!(w, "- {note}");
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "## Constructs progenitor cannot handle\n");
    if s.findings.is_empty() {
        let _ = writeln!(
            w,
            "None found in the generated operations (checked: OpenAPI version, operationIds, \
             parameter locations/styles/schemas, path templates, request media types and \
             schemas, response media types and schemas, number of success response types).\n"
        );
    } else {
        let _ = writeln!(w, "| operation | issue |");
        let _ = writeln!(w, "| --- | --- |");
        for f in &s.findings {
            let _ = writeln!(w, "| `{}` | {} |", f.operation, cell(&f.issue));
        }
        let _ = writeln!(w);
    }
    out
}
