//! The cargo features of the root crate are exactly the API areas of the generator's
//! table (plus TLS and `full`), and `okta::operations` agrees with them.

#[test]
fn cargo_features_match_the_area_table() {
    let manifest = include_str!("../Cargo.toml");
    let features_section = manifest
        .split("\n[features]\n")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("a [features] section");
    let declared: Vec<&str> = features_section
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" = "))
        .filter_map(|l| l.split(" = ").next())
        .filter(|f| !["default", "full", "rustls", "native-tls"].contains(f))
        .collect();
    let areas = okta_codegen::areas::features();
    assert_eq!(
        declared, areas,
        "Cargo.toml [features] vs xtask/codegen/src/areas.rs"
    );
    for area in &areas {
        assert!(
            features_section.contains(&format!("\"{area}\"")),
            "`full` misses {area}"
        );
    }
}

// Counts every operation and reads `listGroups`: only with every area built.
#[cfg(feature = "full")]
#[test]
fn every_operation_names_a_declared_feature_and_sorted_ids() {
    let areas = okta_codegen::areas::features();
    let all = okta::operations::ALL;
    assert!(all.len() >= 732, "default features compile every operation");
    assert!(all.windows(2).all(|w| w[0].id < w[1].id), "sorted by id");
    for op in all {
        assert!(areas.contains(&op.feature), "{}: {}", op.id, op.feature);
    }
    let users = okta::operations::find("listUsers").expect("listUsers");
    assert_eq!((users.method, users.path), ("GET", "/api/v1/users"));
    assert_eq!(users.feature, "users");
    assert!(users.pages && users.api_token);
    assert!(users.scopes.contains(&"okta.users.read"));
    assert_eq!(users.lifecycle, okta::operations::Lifecycle::Ga);
    let missing = okta::operations::missing_scopes(
        &["okta.groups.read"],
        &[
            users,
            okta::operations::find("listGroups").expect("listGroups"),
        ],
    );
    assert_eq!(
        missing.iter().map(|o| o.id).collect::<Vec<_>>(),
        ["listUsers"]
    );
}
