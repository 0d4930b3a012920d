//! The manifest carries every operation and field of the seed, word for word.
//!
//! The seed text is parsed here independently of the generator, so a transcription slip in
//! `manifest/` (a lost field, a retyped description, a missing Select value) fails this test.

use intercom_codegen::model::{Api, FieldType};
use intercom_codegen::{load, read_manifest};
use intercom_tests::root;

struct SeedField {
    name: String,
    ty: String,
    description: String,
    values: Option<Vec<String>>,
}

struct SeedOp {
    name: String,
    description: String,
    fields: Vec<SeedField>,
}

fn parse_seed(text: &str) -> Vec<SeedOp> {
    let lines: Vec<&str> = text.lines().collect();
    let mut ops = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(name) = lines[i].strip_prefix("Intercom.") else {
            i += 1;
            continue;
        };
        i += 1;
        while lines[i].trim().is_empty() {
            i += 1;
        }
        let mut description = Vec::new();
        while !lines[i].starts_with("Field Type Description") {
            description.push(lines[i]);
            i += 1;
        }
        while description.last().is_some_and(|l| l.trim().is_empty()) {
            description.pop();
        }
        i += 1;
        let mut fields = Vec::new();
        while i < lines.len()
            && !lines[i].trim().is_empty()
            && !lines[i].starts_with("Intercom.")
            && !lines[i].starts_with("Seguidores")
        {
            let mut parts = lines[i].splitn(3, ' ');
            let name = parts.next().unwrap_or_default().to_owned();
            let mut ty = parts.next().unwrap_or_default().to_owned();
            let description = parts.next().unwrap_or_default().to_owned();
            if ty == "DatePicker" || ty == "DateTicker" {
                ty = "Datepicker".into();
            }
            let values = (ty == "Select").then(|| {
                let list = description
                    .split("One of: ")
                    .nth(1)
                    .unwrap_or_default()
                    .trim_end_matches('.');
                list.split(',').map(|v| v.trim().to_owned()).collect()
            });
            fields.push(SeedField {
                name,
                ty,
                description,
                values,
            });
            i += 1;
        }
        ops.push(SeedOp {
            name: name.trim().to_owned(),
            description: description.join("\n"),
            fields,
        });
    }
    ops
}

fn manifest() -> Api {
    let sources = read_manifest(&root().join("manifest")).unwrap_or_default();
    load(&sources).unwrap_or_else(|e| panic!("{e}"))
}

fn seed() -> Vec<SeedOp> {
    let path = root().join("manifest/seed/intercom-connector.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_seed(&text)
}

#[test]
fn every_seed_operation_and_field_is_in_the_manifest() {
    let seed = seed();
    let api = manifest();
    assert_eq!(
        seed.len(),
        82,
        "the seed parser found {} operations",
        seed.len()
    );
    assert_eq!(seed.iter().map(|o| o.fields.len()).sum::<usize>(), 292);
    // Operations the manifest adds (`seed: false`) are left aside.
    let from_seed: Vec<_> = api.operations.iter().filter(|o| o.from_seed).collect();
    let names: Vec<&str> = from_seed.iter().map(|o| o.name.as_str()).collect();
    let seed_names: Vec<&str> = seed.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names, seed_names,
        "operations differ from the seed's, or their order does"
    );
    for (s, m) in seed.iter().zip(from_seed) {
        assert_eq!(m.description, s.description, "{}: description", s.name);
        let fields: Vec<_> = m.fields.iter().filter(|f| f.from_seed).collect();
        assert_eq!(fields.len(), s.fields.len(), "{}: field count", s.name);
        for (sf, mf) in s.fields.iter().zip(fields) {
            let at = format!("{}.{}", s.name, sf.name);
            assert_eq!(mf.name, sf.name, "{at}: name");
            assert_eq!(mf.seed_type, sf.ty, "{at}: type");
            assert_eq!(mf.description, sf.description, "{at}: description");
            if let Some(values) = &sf.values {
                let FieldType::Select(enum_name) = &mf.ty else {
                    panic!("{at}: a seed Select must be an enum")
                };
                let select = api
                    .selects
                    .iter()
                    .find(|e| &e.name == enum_name)
                    .unwrap_or_else(|| panic!("{at}: no enum {enum_name}"));
                assert_eq!(&select.values, values, "{at}: Select values");
            }
        }
    }
}

#[test]
fn the_five_custom_datatypes_have_descriptions_and_examples() {
    let api = manifest();
    let names: Vec<&str> = api.datatypes.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["Datepicker", "Map", "List", "Select", "Array"]);
    assert!(
        api.datatypes
            .iter()
            .all(|d| !d.description.is_empty() && !d.example.is_empty())
    );
}

#[test]
fn the_access_token_is_never_a_call_argument() {
    for op in manifest().operations {
        for f in op.inputs() {
            assert_ne!(
                f.name, "accessToken",
                "{}: accessToken must be `in: auth`",
                op.name
            );
        }
    }
}
