//! Random manifests never panic the generator: random YAML trees built from the manifest's own key
//! names and values, byte-level mutations of the real `manifest/operations.yaml`, and a few
//! pathological documents. Each input must give generated code or located diagnostics; a panic, a
//! diagnostic without a position, or emitted code that does not parse (`Error::Emit`) fails.
//!
//! `FUZZ_SEED=<n>` replays a run, `FUZZ_CASES=<n>` changes its length.

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use intercom_codegen::{Error, generate_from};
use intercom_tests::root;

/// SplitMix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn one(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    /// `value` nine times in ten, else one of `slips`.
    fn usually(&mut self, value: &'static str, slips: &[&'static str]) -> &'static str {
        if self.chance(90) {
            value
        } else {
            self.one(slips)
        }
    }
}

/// Every key a manifest mapping may have, and a few it may not.
const KEYS: &[&str] = &[
    "api",
    "datatypes",
    "operations",
    "models",
    "name",
    "base_url",
    "version_header",
    "default_version",
    "description",
    "example",
    "rust_name",
    "group",
    "response",
    "paginated",
    "idempotent",
    "auth",
    "http",
    "fields",
    "method",
    "path",
    "query",
    "body",
    "by",
    "routes",
    "single",
    "refuse",
    "type",
    "values",
    "in",
    "required",
    "wire",
    "sdk_type",
    "sdk_values",
    "items",
    "enum",
    "secret",
    "seed",
    "with",
    "wrap",
    "each",
    "key",
    "item",
    "metod",
    "<<",
    "",
];

/// Values the manifest uses, names that collide or need escaping, and YAML's special spellings.
const WORDS: &[&str] = &[
    "String",
    "JSON",
    "List",
    "Datepicker",
    "Select",
    "Boolean",
    "Number",
    "credentials",
    "Map",
    "Array",
    "Integer",
    "Timestamp",
    "Object",
    "Any",
    "[Thing]",
    "[[Thing]]",
    "Thing",
    "Things",
    "none",
    "GET",
    "POST",
    "PUT",
    "DELETE",
    "PATCH",
    "get",
    "auth",
    "path",
    "query",
    "body",
    "route",
    "pages",
    "scroll",
    "bearer",
    "true",
    "false",
    "yes",
    "~",
    "null",
    "",
    "0",
    "-1",
    "1.5",
    "1e400",
    "thingId",
    "thing_id",
    "ThingId",
    "type",
    "match",
    "self",
    "Self",
    "super",
    "2fa",
    "x-y",
    "_",
    "-",
    "ñ",
    "名前",
    "Option",
    "Client",
    "extra",
    "Unknown",
    "send",
    "things",
    "mod",
    "/things",
    "/things/{thingId}",
    "/things/{thingId}/{other}",
    "{",
    "}",
    "/{}/{",
    "things",
    "a.b",
    "a..b",
    ".",
    "user.id",
    "tag.list",
    "id",
    "email",
    "getThing",
    "get_thing",
];

#[derive(Clone)]
enum Yaml {
    Map(Vec<(String, Yaml)>),
    Seq(Vec<Yaml>),
    Scalar(String),
}

fn scalar(rng: &mut Rng) -> Yaml {
    if rng.chance(90) {
        Yaml::Scalar((*rng.pick(WORDS)).to_owned())
    } else {
        let len = rng.below(12);
        let text: String = (0..len)
            .map(|_| char::from_u32(rng.below(0x250) as u32).unwrap_or('?'))
            .collect();
        Yaml::Scalar(text)
    }
}

/// Any tree, keys from [`KEYS`].
fn random_tree(rng: &mut Rng, depth: usize) -> Yaml {
    match rng.below(if depth == 0 { 1 } else { 4 }) {
        0 => scalar(rng),
        1 => Yaml::Seq(
            (0..rng.below(4))
                .map(|_| random_tree(rng, depth - 1))
                .collect(),
        ),
        _ => Yaml::Map(
            (0..rng.below(5))
                .map(|_| ((*rng.pick(KEYS)).to_owned(), random_tree(rng, depth - 1)))
                .collect(),
        ),
    }
}

fn map(entries: &[(&str, Yaml)]) -> Yaml {
    Yaml::Map(
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

fn text(s: &str) -> Yaml {
    Yaml::Scalar(s.to_owned())
}

/// Names that need escaping, or collide after case conversion.
const NAMES: &[&str] = &[
    "type", "match", "self", "2fa", "x-y", "thingId", "thing_id", "id", "email", "getThing",
    "async", "crate", "send", "request", "extra", "ñ", "Self",
];

/// A name: mostly from [`NAMES`], sometimes anything.
fn name(rng: &mut Rng) -> Yaml {
    if rng.chance(80) {
        text(rng.one(NAMES))
    } else {
        scalar(rng)
    }
}

/// One input of an operation, nearly right.
fn plausible_field(rng: &mut Rng) -> Yaml {
    let types = ["String", "Select", "Map", "Array", "List", "Number"];
    let places = [
        "query", "body", "body", "body", "query", "path", "route", "auth",
    ];
    let mut f = vec![
        ("name", name(rng)),
        ("type", text(rng.one(&types))),
        ("description", text("An input.")),
        ("in", text(rng.one(&places))),
    ];
    if rng.chance(50) {
        f.push(("required", text(rng.usually("true", &["false", "yes"]))));
    }
    if rng.chance(40) {
        let n = 1 + rng.below(4);
        f.push(("values", Yaml::Seq((0..n).map(|_| name(rng)).collect())));
    }
    if rng.chance(10) {
        f.push(("wire", scalar(rng)));
    }
    if rng.chance(5) {
        f.push(("enum", scalar(rng)));
    }
    map(&f)
}

/// One operation, nearly right.
fn plausible_operation(rng: &mut Rng) -> Yaml {
    let fields = Yaml::Seq((0..rng.below(4)).map(|_| plausible_field(rng)).collect());
    let paths = ["/things/{type}", "/things/{2fa}", "things"];
    let mut http = vec![
        ("method", text(rng.usually("POST", &["PUT", "GET", "GTE"]))),
        ("path", text(rng.usually("/things", &paths))),
    ];
    if rng.chance(30) {
        http.push(("by", name(rng)));
        let routes = (0..rng.below(3))
            .map(|_| {
                let route = map(&[("query", map(&[("id", name(rng))]))]);
                ((*rng.pick(NAMES)).to_owned(), route)
            })
            .collect();
        http.push(("routes", Yaml::Map(routes)));
    }
    let mut op = vec![
        ("name", name(rng)),
        ("description", text("An operation.")),
        (
            "group",
            text(rng.usually("things", &["type", "Things", "mod"])),
        ),
        ("response", text(rng.usually("Thing", &["none", "Thng"]))),
        ("http", map(&http)),
        ("fields", fields),
    ];
    if rng.chance(10) {
        op.push(("paginated", text(rng.one(&["pages", "scroll", "all"]))));
    }
    if rng.chance(10) {
        op.push(("rust_name", scalar(rng)));
    }
    map(&op)
}

/// A manifest that is nearly right: real structure, names that need escaping, a few slips.
fn plausible_manifest(rng: &mut Rng) -> Yaml {
    let api = map(&[
        ("name", text("Test")),
        ("base_url", text("https://example.com")),
        ("version_header", text("X-Version")),
        ("default_version", text("1")),
    ]);
    let member = map(&[
        ("name", name(rng)),
        (
            "type",
            text(rng.usually("String", &["Integer", "[Thing]", "Any", "Strin"])),
        ),
        ("description", text("A member.")),
    ]);
    let model = map(&[
        ("name", text("Thing")),
        ("description", text("A thing.")),
        ("fields", Yaml::Seq(vec![member])),
    ]);
    let ops = Yaml::Seq(
        (0..1 + rng.below(3))
            .map(|_| plausible_operation(rng))
            .collect(),
    );
    let manifest = map(&[
        ("api", api),
        ("operations", ops),
        ("models", Yaml::Seq(vec![model])),
    ]);
    perturb(rng, manifest)
}

/// Drops, replaces and adds keys here and there.
fn perturb(rng: &mut Rng, node: Yaml) -> Yaml {
    match node {
        Yaml::Map(entries) => {
            let mut out = Vec::new();
            for (k, v) in entries {
                match rng.below(80) {
                    0 => {}
                    1 => out.push((k, random_tree(rng, 2))),
                    2 => out.push(((*rng.pick(KEYS)).to_owned(), v)),
                    _ => out.push((k, perturb(rng, v))),
                }
            }
            if rng.chance(2) {
                out.push(((*rng.pick(KEYS)).to_owned(), random_tree(rng, 2)));
            }
            Yaml::Map(out)
        }
        Yaml::Seq(items) => Yaml::Seq(items.into_iter().map(|i| perturb(rng, i)).collect()),
        scalar @ Yaml::Scalar(_) => scalar,
    }
}

fn quote(rng: &mut Rng, s: &str) -> String {
    match rng.below(10) {
        0 => format!("'{}'", s.replace('\'', "''")),
        1 => format!("{s:?}"),
        _ => s.to_owned(),
    }
}

/// Block style with flow style here and there; plain scalars may break the syntax, on purpose.
fn render(rng: &mut Rng, node: &Yaml, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match node {
        Yaml::Scalar(s) => {
            let _ = writeln!(out, " {}", quote(rng, s));
        }
        Yaml::Seq(items) if items.is_empty() || rng.chance(20) => {
            let mut flow = String::new();
            flow_render(rng, node, &mut flow);
            let _ = writeln!(out, " {flow}");
        }
        Yaml::Map(entries) if entries.is_empty() || rng.chance(20) => {
            let mut flow = String::new();
            flow_render(rng, node, &mut flow);
            let _ = writeln!(out, " {flow}");
        }
        Yaml::Seq(items) => {
            out.push('\n');
            for item in items {
                let _ = write!(out, "{pad}-");
                render(rng, item, indent + 2, out);
            }
        }
        Yaml::Map(entries) => {
            out.push('\n');
            for (k, v) in entries {
                let _ = write!(out, "{pad}{}:", quote(rng, k));
                render(rng, v, indent + 2, out);
            }
        }
    }
}

fn flow_render(rng: &mut Rng, node: &Yaml, out: &mut String) {
    match node {
        Yaml::Scalar(s) => out.push_str(&quote(rng, s)),
        Yaml::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow_render(rng, item, out);
            }
            out.push(']');
        }
        Yaml::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}: ", quote(rng, k));
                flow_render(rng, v, out);
            }
            out.push('}');
        }
    }
}

fn document(rng: &mut Rng, root: &Yaml) -> String {
    let mut out = String::new();
    match root {
        Yaml::Map(entries) if !entries.is_empty() => {
            for (k, v) in entries {
                let _ = write!(out, "{k}:");
                render(rng, v, 2, &mut out);
            }
        }
        other => {
            out.push_str("---");
            render(rng, other, 0, &mut out);
        }
    }
    out
}

/// The real manifest: whole, and cut into operations small enough to generate in milliseconds.
struct Real {
    api: String,
    operations: String,
    models: String,
    /// Each operation of `operations.yaml`, its YAML lines.
    op_blocks: Vec<String>,
}

fn real() -> Real {
    let read = |name: &str| {
        std::fs::read_to_string(root().join("manifest").join(name))
            .expect("the manifest is readable")
    };
    let operations = read("operations.yaml");
    let mut op_blocks: Vec<String> = Vec::new();
    for line in operations.lines() {
        if line.starts_with("  - name: ") {
            op_blocks.push(String::new());
        }
        if let Some(block) = op_blocks.last_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    Real {
        api: read("api.yaml"),
        models: read("models.yaml"),
        operations,
        op_blocks,
    }
}

impl Real {
    /// One to three consecutive real operations, with the real `api.yaml` and a small stand-in
    /// for each response model (the real ones would make every input ten times slower to read).
    fn window(&self, rng: &mut Rng) -> (String, String) {
        let start = rng.below(self.op_blocks.len());
        let end = (start + 1 + rng.below(3)).min(self.op_blocks.len());
        let ops = format!("operations:\n{}", self.op_blocks[start..end].concat());
        let mut models = String::from(
            "models:\n  - { name: Record, description: A record., fields: [ { name: id, type: String, description: Id. } ] }\n",
        );
        let mut seen: Vec<&str> = Vec::new();
        for response in ops
            .lines()
            .filter_map(|l| l.trim().strip_prefix("response: "))
        {
            if response != "none" && !seen.contains(&response) {
                seen.push(response);
                let _ = writeln!(
                    models,
                    "  - {{ name: {response}, description: An answer., fields: [ {{ name: pages, type: Object, description: Pages. }}, {{ name: scroll_param, type: String, description: Scroll. }}, {{ name: records, type: \"[Record]\", description: Records. }} ] }}"
                );
            }
        }
        (ops, models)
    }
}

const SNIPPETS: &[&str] = &[
    ": ",
    ":",
    "{",
    "}",
    "[",
    "]",
    "- ",
    "\n",
    "\n  ",
    "\t",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "'",
    "\"",
    "~",
    ",",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\\",
    "?",
    "name: x",
    "type: Select",
    "in: route",
    "---\n",
    "...\n",
    "\u{feff}",
    "\r",
    "\0",
];

/// Byte-level damage: flips, deletions, insertions, and whole lines doubled, dropped or swapped.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 if at < bytes.len() => bytes[at] = rng.next() as u8,
            1 => {
                let end = (at + 1 + rng.below(20)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            2 | 3 => {
                let snippet = rng.pick(SNIPPETS).as_bytes();
                bytes.splice(at..at, snippet.iter().copied());
            }
            _ => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let mut lines: Vec<&str> = text.lines().collect();
                if lines.is_empty() {
                    continue;
                }
                let i = rng.below(lines.len());
                let j = rng.below(lines.len());
                match rng.below(4) {
                    0 => lines.insert(i, lines[i]),
                    1 => {
                        lines.remove(i);
                    }
                    2 => lines.swap(i, j),
                    _ => {}
                }
                let mut lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
                if rng.chance(25) {
                    // Shift one line's indentation.
                    let k = rng.below(lines.len());
                    lines[k] = if rng.chance(50) {
                        format!("  {}", lines[k])
                    } else {
                        lines[k].trim_start_matches(' ').to_owned()
                    };
                }
                bytes = lines.join("\n").into_bytes();
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Documents no generator of the above writes: deep nesting, huge scalars, aliases, several
/// documents, binary junk.
fn pathological() -> Vec<String> {
    vec![
        String::new(),
        "# only a comment\n".into(),
        "{}".into(),
        "[]".into(),
        "~".into(),
        "---\n---\n".into(),
        "operations: &a [*a]\n".into(),
        "api: &a { name: A, base_url: b, version_header: c, default_version: d }\nx: *a\n".into(),
        "operations:\n  - <<: *nothing\n".into(),
        "operations: !!binary aGVsbG8=\n".into(),
        "[".repeat(100_000),
        "{a: ".repeat(20_000),
        "- ".repeat(20_000),
        format!("api: {{ name: \"{}\" }}\n", "x".repeat(1 << 20)),
        String::from_utf8_lossy(&(0..=255u8).cycle().take(4096).collect::<Vec<_>>()).into_owned(),
    ]
}

/// What happened to one input.
enum Outcome {
    Generated,
    Diagnosed,
    Bug(String),
}

fn run(sources: &[(String, String)]) -> Outcome {
    let result = catch_unwind(AssertUnwindSafe(|| match generate_from(sources) {
        Ok(_) => Outcome::Generated,
        Err(Error::Manifest(d)) => {
            let text = d.to_string();
            if d.0.is_empty() || text.is_empty() {
                return Outcome::Bug("empty diagnostics".into());
            }
            match d
                .0
                .iter()
                .find(|x| x.line == 0 || x.column == 0 || x.file.is_empty())
            {
                Some(x) => Outcome::Bug(format!("diagnostic without a position: {x}")),
                None => Outcome::Diagnosed,
            }
        }
        Err(e) => Outcome::Bug(e.to_string()),
    }));
    result.unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        Outcome::Bug(format!("panic: {why}"))
    })
}

/// Where an input came from, for the summary.
const KINDS: [&str; 4] = [
    "pathological or whole manifest",
    "random tree",
    "plausible manifest",
    "mutated real operations",
];

#[test]
fn arbitrary_yaml_never_panics_the_generator() {
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x1A7E_C0DE_u64);
    let cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let mut rng = Rng(seed);
    let real = real();
    let started = Instant::now();
    let one = |text: String| vec![("manifest/ops.yaml".to_owned(), text)];
    let mut inputs: Vec<(usize, Vec<(String, String)>)> =
        pathological().into_iter().map(|t| (0, one(t))).collect();
    // A few whole-manifest mutations (slow: a clean one generates all 82 operations).
    for _ in 0..4 {
        let sources = vec![
            ("manifest/api.yaml".to_owned(), real.api.clone()),
            ("manifest/models.yaml".to_owned(), real.models.clone()),
            (
                "manifest/operations.yaml".to_owned(),
                mutate(&mut rng, &real.operations),
            ),
        ];
        inputs.push((0, sources));
    }
    while inputs.len() < cases {
        let input = match inputs.len() % 10 {
            0..=2 => {
                let tree = random_tree(&mut rng, 5);
                (1, one(document(&mut rng, &tree)))
            }
            3..=5 => {
                let tree = plausible_manifest(&mut rng);
                (2, one(document(&mut rng, &tree)))
            }
            _ => {
                let (ops, models) = real.window(&mut rng);
                let mut sources = vec![
                    ("manifest/api.yaml".to_owned(), real.api.clone()),
                    ("manifest/models.yaml".to_owned(), models),
                    ("manifest/operations.yaml".to_owned(), ops),
                ];
                let target = match rng.below(10) {
                    0 => 0,
                    1 => 1,
                    _ => 2,
                };
                sources[target].1 = mutate(&mut rng, &sources[target].1);
                (3, sources)
            }
        };
        inputs.push(input);
    }
    let total = inputs.len();
    let mut counts = [[0usize; 2]; KINDS.len()];
    let mut bugs: Vec<(String, Vec<(String, String)>)> = Vec::new();
    // Two workers, each with half of the inputs.
    let second = inputs.split_off(total / 2);
    let work = |inputs: Vec<(usize, Vec<(String, String)>)>| {
        inputs
            .into_iter()
            .map(|(kind, sources)| (kind, run(&sources), sources))
            .collect::<Vec<_>>()
    };
    let results = std::thread::scope(|scope| {
        let other = scope.spawn(|| work(second));
        let mut done = work(inputs);
        done.extend(other.join().expect("the second worker does not panic"));
        done
    });
    for (kind, outcome, sources) in results {
        match outcome {
            Outcome::Generated => counts[kind][0] += 1,
            Outcome::Diagnosed => counts[kind][1] += 1,
            Outcome::Bug(why) => bugs.push((why, sources)),
        }
    }
    let elapsed = started.elapsed();
    let summary: Vec<String> = KINDS
        .iter()
        .zip(counts)
        .map(|(k, [g, d])| format!("{k}: {g} generated, {d} diagnosed"))
        .collect();
    eprintln!(
        "fuzz: {total} inputs in {elapsed:.1?} (seed {seed}): {}; {} broke the generator",
        summary.join("; "),
        bugs.len()
    );
    if let Some((why, sources)) = bugs.first() {
        let shown: String = sources
            .iter()
            .map(|(n, t)| format!("--- {n}\n{}\n", t.chars().take(3000).collect::<String>()))
            .collect();
        panic!(
            "{} of {total} inputs broke the generator; first: {why}\n{shown}",
            bugs.len()
        );
    }
    let generated: usize = counts.iter().map(|[g, _]| g).sum();
    assert!(
        generated > 0,
        "no input generated: the fuzz only reached error paths"
    );
}
