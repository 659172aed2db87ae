//! The README's promises about the examples stay true: its table maps every section of the
//! reference README to an example of `examples/` and to a test of `tests/examples.rs` that
//! exist (and every example and example test is in the table), every example is a test
//! module and has an `[[example]]` entry naming its features, and the configuration table is
//! the one the settings table renders.

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The names of the files of `examples/` (without `.rs`).
fn examples() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("examples/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let stem = path
                .file_stem()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            names.insert(stem);
        }
    }
    names
}

/// The rows of the README's "Every example of the reference" table: (example, tests).
fn table_rows() -> Vec<(Option<String>, Vec<String>)> {
    let readme = read("README.md");
    let start = readme
        .find("| Reference section | Example | Test |")
        .expect("the README has the section → example → test table");
    readme[start..]
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            assert_eq!(cells.len(), 3, "{line}");
            let example = cells[1]
                .split("(examples/")
                .nth(1)
                .and_then(|rest| rest.split(".rs)").next())
                .map(str::to_owned);
            let tests = cells[2]
                .split(", ")
                .filter(|t| *t != "—")
                .map(|t| t.trim_matches('`').to_owned())
                .collect();
            (example, tests)
        })
        .collect()
}

/// The names of the `#[tokio::test]` functions of `tests/examples.rs`.
fn example_tests() -> BTreeSet<String> {
    let source = read("tests/examples.rs");
    let lines: Vec<&str> = source.lines().collect();
    let mut tests = BTreeSet::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() == "#[tokio::test]" {
            let signature = lines[i + 1..]
                .iter()
                .find(|l| l.contains("fn "))
                .expect("a test function follows");
            let name = signature
                .split("fn ")
                .nth(1)
                .and_then(|r| r.split('(').next());
            tests.insert(name.expect("a name").to_owned());
        }
    }
    tests
}

#[test]
fn the_table_names_every_example_and_every_example_test_and_nothing_else() {
    let rows = table_rows();
    assert!(rows.len() >= 27, "{rows:?}");
    let listed: BTreeSet<String> = rows.iter().filter_map(|(e, _)| e.clone()).collect();
    assert_eq!(listed, examples(), "README table vs examples/");
    let listed_tests: BTreeSet<String> = rows.iter().flat_map(|(_, t)| t.clone()).collect();
    assert_eq!(
        listed_tests,
        example_tests(),
        "README table vs tests/examples.rs"
    );
    // Only the section that is not a management call has no example.
    let without: Vec<_> = rows.iter().filter(|(e, _)| e.is_none()).collect();
    assert_eq!(without.len(), 1, "{without:?}");
}

#[test]
fn every_example_is_a_test_module_and_a_cargo_example_with_its_features() {
    let tests = read("tests/examples.rs");
    let manifest = read("Cargo.toml");
    for name in examples() {
        assert!(
            tests.contains(&format!("#[path = \"../examples/{name}.rs\"]\nmod {name};")),
            "tests/examples.rs does not include examples/{name}.rs"
        );
        assert!(
            manifest.contains(&format!(
                "[[example]]\nname = \"{name}\"\nrequired-features = ["
            )),
            "Cargo.toml has no [[example]] entry with required-features for {name}"
        );
    }
}

#[test]
fn the_readme_configuration_table_is_the_settings_table() {
    let table = okta::config::settings_markdown_table();
    assert!(
        read("README.md").contains(&table),
        "README.md's configuration table differs from okta::config::settings_markdown_table():\n{table}"
    );
}
