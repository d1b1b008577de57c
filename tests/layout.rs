//! The layout check: `src/` is folders by stage of the data flow, and the flow runs one way.
//! It reads every `crate::` path in the library's source (uses, inline paths and doc links
//! alike, unit-test modules included) and fails when a folder uses a folder after it in
//! `STAGES`, when any modules use each other in a circle, or when the command line's `main.rs`
//! stops being thin. The checker's own functions are tested on made-up sources first, so a
//! broken checker cannot pass silently.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The stages in the order data flows through them; a folder may use itself and those before
/// it. The README's architecture section shows the same order.
const STAGES: [&str; 7] = [
    "base",
    "text",
    "law",
    "engine",
    "explain",
    "report",
    "workflows",
];

/// The longest `main.rs` may grow: it parses arguments, calls one function per command and
/// maps the result to an exit code.
const MAIN_MAX_LINES: usize = 200;

/// Every module of the library by path (`engine::case`), with its source.
fn library_modules() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for stage in std::fs::read_dir(&root).expect("src/ is readable") {
        let path = stage.expect("src/ entry").path();
        if !path.is_dir() || path.file_name().is_some_and(|n| n == "cli") {
            continue;
        }
        let folder = path.file_name().unwrap().to_string_lossy().into_owned();
        for file in std::fs::read_dir(&path).expect("stage folder is readable") {
            let file = file.expect("stage folder entry").path();
            if file.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            let name = if stem == "mod" {
                folder.clone()
            } else {
                format!("{folder}::{stem}")
            };
            out.insert(
                name,
                std::fs::read_to_string(&file).expect("source is readable"),
            );
        }
    }
    out
}

/// Every `crate::` path in a source, as its segments. Comments are read too: a doc link
/// (`[`crate::x::Y`]`) counts as a use, so that no document points against the flow.
fn references(source: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // part of a longer name, e.g. `my_crate::`
        }
        paths(rest, Vec::new(), &mut out);
    }
    out
}

/// Reads one path (`a::b::C`, or `a::{b, c::D}`) at the start of `s`, after `prefix`.
fn paths(s: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let s = s.trim_start();
    if let Some(group) = s.strip_prefix('{') {
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    paths(&group[start..i], prefix.clone(), out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    paths(&group[start..i], prefix.clone(), out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    if end == 0 {
        if !prefix.is_empty() {
            out.push(prefix);
        }
        return;
    }
    let mut path = prefix;
    path.push(s[..end].to_string());
    match s[end..].strip_prefix("::") {
        Some(more) => paths(more, path, out),
        None => out.push(path),
    }
}

/// The module a path names: its longest prefix that is a module.
fn module_of(path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| modules.contains(m))
}

/// Which modules each module uses (itself left out).
fn graph(sources: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let names: BTreeSet<String> = sources.keys().cloned().collect();
    sources
        .iter()
        .map(|(name, source)| {
            let used = references(source)
                .iter()
                .filter_map(|p| module_of(p, &names))
                .filter(|m| m != name)
                .collect();
            (name.clone(), used)
        })
        .collect()
}

fn stage_of(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

/// Uses that point up the flow: (user, used), where the used module's stage comes later.
fn upward(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<(String, String)> {
    let rank = |m: &str| STAGES.iter().position(|s| *s == stage_of(m));
    let mut out = Vec::new();
    for (user, used) in graph {
        for m in used {
            if rank(m) > rank(user) {
                out.push((user.clone(), m.clone()));
            }
        }
    }
    out
}

/// One circle of uses, if there is any: the modules in order, the first repeated at the end.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                0 => {
                    if let Some(c) = visit(next, graph, state, stack) {
                        return Some(c);
                    }
                }
                1 => {
                    let from = stack.iter().position(|m| m == next).unwrap_or(0);
                    let mut c = stack[from..].to_vec();
                    c.push(next.clone());
                    return Some(c);
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0
            && let Some(c) = visit(node, graph, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

fn made_up(modules: &[(&str, &str)]) -> BTreeMap<String, String> {
    modules
        .iter()
        .map(|(m, s)| (m.to_string(), s.to_string()))
        .collect()
}

#[test]
fn the_checker_reads_every_form_of_path() {
    let refs = references(
        "use crate::law::{facts::Fact, rules::{Cite, Mode}};\n\
         let x = crate::engine::case::Case::parse(a);\n\
         /// See [`crate::text::policy::cite`].\n\
         use my_crate::law::facts;",
    );
    let joined: Vec<String> = refs.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        joined,
        [
            "law::facts::Fact",
            "law::rules::Cite",
            "law::rules::Mode",
            "engine::case::Case::parse",
            "text::policy::cite",
        ]
    );
}

#[test]
fn the_checker_finds_an_upward_use_and_a_circle() {
    let g = graph(&made_up(&[
        ("law::facts", "use crate::engine::case::Case;"),
        ("engine::case", "use crate::engine::evaluate::Run;"),
        (
            "engine::evaluate",
            "fn f() { crate::engine::case::parse() }",
        ),
    ]));
    assert_eq!(
        upward(&g),
        [("law::facts".to_string(), "engine::case".to_string())]
    );
    assert_eq!(
        cycle(&g),
        Some(vec![
            "engine::case".to_string(),
            "engine::evaluate".to_string(),
            "engine::case".to_string(),
        ])
    );
    let acyclic = graph(&made_up(&[
        ("engine::case", "use crate::law::facts::Fact;"),
        ("law::facts", ""),
    ]));
    assert_eq!(cycle(&acyclic), None);
    assert!(upward(&acyclic).is_empty());
}

#[test]
fn every_folder_is_a_stage_and_lib_declares_them_in_order() {
    let modules = library_modules();
    let folders: BTreeSet<&str> = modules.keys().map(|m| stage_of(m)).collect();
    let unknown: Vec<&&str> = folders.iter().filter(|f| !STAGES.contains(f)).collect();
    assert!(
        unknown.is_empty(),
        "folders outside STAGES (place them in the flow in tests/layout.rs and the README): {unknown:?}"
    );
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("src/lib.rs is readable");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert_eq!(
        declared, STAGES,
        "src/lib.rs declares the stages in flow order"
    );
}

#[test]
fn no_module_uses_a_later_stage() {
    let up = upward(&graph(&library_modules()));
    assert!(
        up.is_empty(),
        "uses against the flow {STAGES:?} (user → used): {up:#?}"
    );
}

#[test]
fn no_modules_use_each_other_in_a_circle() {
    let c = cycle(&graph(&library_modules()));
    assert!(c.is_none(), "modules use each other in a circle: {c:?}");
}

#[test]
fn no_relative_paths_outside_unit_tests() {
    for (name, source) in library_modules() {
        for (i, line) in source.lines().enumerate() {
            if line.contains("super::") {
                assert_eq!(
                    line.trim(),
                    "use super::*;",
                    "{name}:{}: use `crate::` paths, so the layout check sees every use",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn every_file_says_what_it_owns() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("lib.rs"), root.join("main.rs")];
    for (name, _) in library_modules() {
        let rel = name.replace("::", "/");
        let file = root.join(format!("{rel}.rs"));
        files.push(if file.exists() {
            file
        } else {
            root.join(rel).join("mod.rs")
        });
    }
    if let Ok(cli) = std::fs::read_dir(root.join("cli")) {
        files.extend(cli.filter_map(|e| e.ok()).map(|e| e.path()));
    }
    for f in files {
        let s = std::fs::read_to_string(&f).expect("source is readable");
        assert!(
            s.starts_with("//!"),
            "{} does not open with a `//!` paragraph",
            f.display()
        );
    }
}

#[test]
fn main_is_thin() {
    let main = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/main.rs"))
        .expect("src/main.rs is readable");
    let lines = main.lines().count();
    assert!(
        lines < MAIN_MAX_LINES,
        "src/main.rs has {lines} lines; commands belong in src/cli/"
    );
}
