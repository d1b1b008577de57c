//! Derives the chunked form of the crepe program from `src/law/rules.rs` at build time, so that
//! `batch` can evaluate many cases in one crepe runtime (see `src/engine/chunk.rs`). The rules are
//! written once, in `rules.rs`; this script adds a case column to every relation that varies by
//! case and writes the result to `$OUT_DIR/rules_chunk.rs`. It never changes a rule's premises
//! or their order, with one exception: a rule with no positive per-case premise before its first
//! negated one is given a leading `Case(case_no)` premise, which binds the column (crepe can
//! only negate bound atoms). `tests/engine.rs` checks that both forms derive the same tuples.

use std::fmt::Write as _;

/// Inputs that are the same for every case of a run: they depend only on the loaded text and
/// the compiled tables (`Bound`, `Effect`, `Added`: the loaded text aligned to the reference;
/// `Promoted`, `Twin`: tables of `interpret`, through the alignment).
/// Every other relation varies by case and gets the column.
const SHARED: [&str; 5] = ["Bound", "Effect", "Added", "Promoted", "Twin"];

/// The name of the case column's variable in the derived rules.
const CASE_VAR: &str = "case_no";

fn main() {
    println!("cargo::rerun-if-changed=src/law/rules.rs");
    println!("cargo::rerun-if-changed=build.rs");
    let source = match std::fs::read_to_string("src/law/rules.rs") {
        Ok(s) => s,
        Err(e) => fail(&format!("cannot read src/law/rules.rs: {e}")),
    };
    let generated = match chunked(&source) {
        Ok(g) => g,
        Err(e) => fail(&format!("src/law/rules.rs: {e}")),
    };
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    let path = std::path::Path::new(&out_dir).join("rules_chunk.rs");
    if let Err(e) = std::fs::write(&path, generated) {
        fail(&format!("cannot write {}: {e}", path.display()));
    }
}

/// Stops the build with a message naming the problem.
fn fail(message: &str) -> ! {
    eprintln!("build.rs: {message}");
    std::process::exit(1)
}

/// The body of the `crepe! { … }` block: from after its opening brace to its closing one (the
/// first line that is a lone `}`).
fn crepe_block(source: &str) -> Result<&str, String> {
    let open = source.find("\ncrepe! {").ok_or("no `crepe! {` block")?;
    let start = open + "\ncrepe! {".len();
    let len = source[start..]
        .find("\n}\n")
        .ok_or("the `crepe!` block is not closed by a line `}`")?;
    Ok(&source[start..start + len])
}

/// One atom in a statement: where its argument list opens, its relation, and whether negated.
struct Atom {
    /// Byte offset just after the `(`.
    args: usize,
    relation: String,
    negated: bool,
}

/// The atoms of a statement (comment-free code): relation names directly followed by `(`, not
/// part of a path (`Outcome::OutOfScope(`) or a method call.
fn atoms(stmt: &str, relations: &[String]) -> Vec<Atom> {
    let bytes = stmt.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' {
            // Skip string literals (clause ids, reading names).
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += 1;
            }
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let word = &stmt[start..i];
            let before = stmt[..start].trim_end();
            let in_path = before.ends_with("::") || before.ends_with('.');
            if i < bytes.len()
                && bytes[i] == b'('
                && !in_path
                && relations.iter().any(|r| r == word)
            {
                out.push(Atom {
                    args: i + 1,
                    relation: word.to_string(),
                    negated: before.ends_with('!'),
                });
            }
            continue;
        }
        i += 1;
    }
    out
}

/// The chunked program as Rust source.
fn chunked(source: &str) -> Result<String, String> {
    let block = crepe_block(source)?;
    // Code only: comments dropped line by line (no rule contains `//` in a string).
    let code: String = block
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    if code.contains(CASE_VAR) {
        return Err(format!(
            "the program already uses the name `{CASE_VAR}`, which the chunked form reserves"
        ));
    }
    // Every relation declared, and which vary by case.
    let mut relations: Vec<String> = Vec::new();
    for stmt in code.split(';') {
        if let Some(rest) = stmt.split("struct ").nth(1) {
            let name = rest.split('(').next().unwrap_or("").trim();
            relations.push(name.to_string());
        }
    }
    for s in SHARED {
        if !relations.iter().any(|r| r == s) {
            return Err(format!("shared input `{s}` is not declared"));
        }
    }
    let per_case = |r: &str| !SHARED.contains(&r);

    let mut out = String::new();
    out.push_str(
        "// Generated by build.rs from src/law/rules.rs (the crepe program with a case column);\n\
         // do not edit: edit the rules in src/law/rules.rs.\n\
         crepe! {\n    @input\n    pub struct Case(pub u32);\n",
    );
    for stmt in code.split(';') {
        let stmt = stmt.trim();
        if stmt.is_empty() {
            continue;
        }
        let found = atoms(stmt, &relations);
        let mut text = stmt.to_string();
        if stmt.contains("struct ") {
            // A declaration: the column goes first.
            if let Some(atom) = found.first()
                && per_case(&atom.relation)
            {
                text.insert_str(atom.args, "pub u32, ");
            }
        } else {
            let arrow = stmt.find("<-").ok_or_else(|| {
                format!("a statement that is neither a rule nor a declaration: `{stmt}`")
            })?;
            let head = found
                .first()
                .filter(|a| a.args < arrow)
                .ok_or_else(|| format!("a rule without a head atom: `{stmt}`"))?;
            if !per_case(&head.relation) {
                return Err(format!("a rule concludes a shared input: `{stmt}`"));
            }
            // Insert from the back so earlier offsets stay valid.
            for atom in found.iter().rev() {
                if per_case(&atom.relation) {
                    text.insert_str(atom.args, &format!("{CASE_VAR}, "));
                }
            }
            let body: Vec<&Atom> = found.iter().filter(|a| a.args > arrow).collect();
            let bound_first = body
                .iter()
                .find(|a| per_case(&a.relation))
                .is_some_and(|a| !a.negated);
            if !bound_first {
                let at = text.find("<-").unwrap_or(0) + 2;
                text.insert_str(at, &format!(" Case({CASE_VAR}),"));
            }
        }
        let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(out, "    {one_line};");
    }
    out.push_str("}\n");
    Ok(out)
}
