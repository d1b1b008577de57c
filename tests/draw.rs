//! The DOT and HTML renderers on every valid fixture: the DOT parses under a small grammar of
//! what `draw::dot` emits (and, where Graphviz is installed, `dot -Tsvg` accepts it); the HTML
//! is one complete, balanced, self-contained document quoting every clause it cites; and a
//! repeated derivation is drawn once in both.

use rongcuo::base::lang::Lang;
use rongcuo::engine::evaluate::Engine;
use rongcuo::explain::explanation::{Explanation, explain};
use rongcuo::report::draw;
use rongcuo::report::view::{self, View};
use rongcuo::text::policy::PolicyText;
use rongcuo::workflows::testing::load_case;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const FORGED: &str = "fixtures/art8_2_forged_records_due_diligence.json";

fn engine() -> Engine {
    Engine::new(PolicyText::bundled())
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every fixture that is valid input (not `err_*`), sorted.
fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .expect("fixtures directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("err_"))
        })
        .collect();
    files.sort();
    assert!(
        files.len() > 50,
        "expected the fixture corpus, found {files:?}"
    );
    files
}

fn explained(engine: &Engine, path: &Path) -> Explanation {
    let case = load_case(path).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    explain(engine, &case).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

fn langs() -> [(Lang, &'static str); 2] {
    [(Lang::Zh, "zh-CN"), (Lang::En, "en")]
}

// ---- a validator for the DOT subset draw::dot emits ----

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    /// An identifier or numeral.
    Id(String),
    /// A double-quoted string, unescaped.
    Str(String),
    Punct(&'static str),
}

fn tokenize(src: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            let mut s = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err("unterminated string".into()),
                    Some('"') => break,
                    Some('\n') => return Err(format!("raw newline in string {s:?}")),
                    Some('\\') => {
                        match chars.get(i + 1) {
                            Some('"') => s.push('"'),
                            Some('\\') => s.push('\\'),
                            Some('n') => s.push('\n'),
                            Some(other) => {
                                return Err(format!("unexpected escape \\{other} in {s:?}"));
                            }
                            None => return Err("escape at end of input".into()),
                        }
                        i += 1;
                    }
                    Some(ch) => s.push(*ch),
                }
                i += 1;
            }
            i += 1;
            toks.push(Tok::Str(s));
        } else if c == '-' && chars.get(i + 1) == Some(&'>') {
            toks.push(Tok::Punct("->"));
            i += 2;
        } else if let Some(p) = ["{", "}", "[", "]", "=", ";", ","]
            .into_iter()
            .find(|p| p.starts_with(c))
        {
            toks.push(Tok::Punct(p));
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let numeral = word.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
                && word.chars().filter(|ch| *ch == '.').count() <= 1
                && word != ".";
            let ident = !word.starts_with(|ch: char| ch.is_ascii_digit()) && !word.contains('.');
            if !numeral && !ident {
                return Err(format!("bad identifier {word:?}"));
            }
            toks.push(Tok::Id(word));
        } else {
            return Err(format!("unexpected character {c:?}"));
        }
    }
    Ok(toks)
}

type Attrs = Vec<(String, String)>;

#[derive(Debug, Default)]
struct Dot {
    name: String,
    graph_attrs: Attrs,
    /// Node id → attributes, and the cluster it is declared in.
    nodes: BTreeMap<String, (Attrs, Option<String>)>,
    /// In declaration order.
    node_order: Vec<String>,
    edges: Vec<(String, String, Attrs)>,
    /// Cluster name → label.
    clusters: BTreeMap<String, String>,
}

impl Dot {
    fn label(&self, node: &str) -> &str {
        attr(&self.nodes[node].0, "label").unwrap_or("")
    }

    fn graph_attr(&self, key: &str) -> Option<&str> {
        attr(&self.graph_attrs, key)
    }

    fn find(&self, pred: impl Fn(&str) -> bool) -> Vec<&str> {
        self.node_order
            .iter()
            .filter(|n| pred(self.label(n)))
            .map(String::as_str)
            .collect()
    }

    fn reachable(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([from]);
        while let Some(n) = queue.pop_front() {
            if n == to {
                return true;
            }
            if seen.insert(n) {
                queue.extend(self.edges.iter().filter(|e| e.0 == n).map(|e| e.1.as_str()));
            }
        }
        false
    }
}

fn attr<'a>(attrs: &'a Attrs, key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    dot: Dot,
}

const KEYWORDS: [&str; 6] = ["digraph", "graph", "subgraph", "node", "edge", "strict"];

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn next(&mut self) -> Result<Tok, String> {
        let t = self.toks.get(self.at).cloned().ok_or("unexpected end")?;
        self.at += 1;
        Ok(t)
    }

    fn punct(&mut self, p: &str) -> Result<(), String> {
        match self.next()? {
            Tok::Punct(q) if q == p => Ok(()),
            t => Err(format!(
                "expected {p}, found {t:?} at token {}",
                self.at - 1
            )),
        }
    }

    fn keyword(&mut self, k: &str) -> Result<(), String> {
        match self.next()? {
            Tok::Id(w) if w == k => Ok(()),
            t => Err(format!("expected {k}, found {t:?}")),
        }
    }

    /// An ID: identifier, numeral or quoted string (not a keyword).
    fn id(&mut self) -> Result<String, String> {
        match self.next()? {
            Tok::Id(w) if !KEYWORDS.contains(&w.to_ascii_lowercase().as_str()) => Ok(w),
            Tok::Str(s) => Ok(s),
            t => Err(format!(
                "expected an ID, found {t:?} at token {}",
                self.at - 1
            )),
        }
    }

    fn attr_list(&mut self) -> Result<Attrs, String> {
        self.punct("[")?;
        let mut attrs = Vec::new();
        if self.peek() == Some(&Tok::Punct("]")) {
            self.at += 1;
            return Ok(attrs);
        }
        loop {
            let k = self.id()?;
            self.punct("=")?;
            let v = self.id()?;
            if attrs.iter().any(|(x, _)| *x == k) {
                return Err(format!("attribute {k} given twice"));
            }
            attrs.push((k, v));
            match self.next()? {
                Tok::Punct(",") => {}
                Tok::Punct("]") => return Ok(attrs),
                t => return Err(format!("expected , or ], found {t:?}")),
            }
        }
    }

    fn graph(&mut self) -> Result<(), String> {
        self.keyword("digraph")?;
        self.dot.name = self.id()?;
        self.punct("{")?;
        self.stmts(None)?;
        if self.at != self.toks.len() {
            return Err("tokens after the closing brace".into());
        }
        Ok(())
    }

    /// Statements up to and including the closing brace.
    fn stmts(&mut self, cluster: Option<&str>) -> Result<(), String> {
        loop {
            match self.peek().cloned() {
                None => return Err("unbalanced braces".into()),
                Some(Tok::Punct("}")) => {
                    self.at += 1;
                    return Ok(());
                }
                Some(Tok::Id(w)) if ["graph", "node", "edge"].contains(&w.as_str()) => {
                    self.at += 1;
                    self.attr_list()?;
                    self.punct(";")?;
                }
                Some(Tok::Id(w)) if w == "subgraph" => {
                    self.at += 1;
                    let name = self.id()?;
                    if !name.starts_with("cluster_") {
                        return Err(format!("subgraph {name} is not a cluster"));
                    }
                    if self.dot.clusters.contains_key(&name) {
                        return Err(format!("cluster {name} twice"));
                    }
                    self.dot.clusters.insert(name.clone(), String::new());
                    self.punct("{")?;
                    self.stmts(Some(&name))?;
                }
                Some(_) => {
                    let first = self.id()?;
                    match self.peek() {
                        Some(Tok::Punct("=")) => {
                            self.at += 1;
                            let v = self.id()?;
                            self.punct(";")?;
                            match cluster {
                                Some(c) if first == "label" => {
                                    self.dot.clusters.insert(c.to_string(), v);
                                }
                                Some(_) => {}
                                None => self.dot.graph_attrs.push((first, v)),
                            }
                        }
                        Some(Tok::Punct("->")) => {
                            self.at += 1;
                            let to = self.id()?;
                            let attrs = if self.peek() == Some(&Tok::Punct("[")) {
                                self.attr_list()?
                            } else {
                                Vec::new()
                            };
                            self.punct(";")?;
                            self.dot.edges.push((first, to, attrs));
                        }
                        Some(Tok::Punct("[")) => {
                            let attrs = self.attr_list()?;
                            self.punct(";")?;
                            if self.dot.nodes.contains_key(&first) {
                                return Err(format!("node {first} declared twice"));
                            }
                            self.dot.node_order.push(first.clone());
                            self.dot
                                .nodes
                                .insert(first, (attrs, cluster.map(str::to_string)));
                        }
                        t => return Err(format!("unexpected {t:?} after {first}")),
                    }
                }
            }
        }
    }
}

fn parse_dot(src: &str) -> Result<Dot, String> {
    let mut p = Parser {
        toks: tokenize(src)?,
        at: 0,
        dot: Dot::default(),
    };
    p.graph()?;
    let dot = p.dot;
    for (from, to, _) in &dot.edges {
        for end in [from, to] {
            if !dot.nodes.contains_key(end) {
                return Err(format!("edge {from} -> {to}: {end} is not a declared node"));
            }
        }
    }
    Ok(dot)
}

/// Runs Graphviz on the sources when `dot` is on PATH: the failures, or `None` without it.
fn graphviz_failures(sources: &[(String, String)]) -> Option<Vec<String>> {
    let probe = Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        return None;
    }
    let workers = std::thread::available_parallelism().map_or(4, |n| n.get().min(8));
    let chunk = sources.len().div_ceil(workers).max(1);
    let failures = std::thread::scope(|scope| {
        let handles: Vec<_> = sources
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut bad = Vec::new();
                    for (name, src) in part {
                        if let Err(e) = run_graphviz(src) {
                            bad.push(format!("{name}: {e}"));
                        }
                    }
                    bad
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|_| vec!["worker panicked".into()]))
            .collect()
    });
    Some(failures)
}

fn run_graphviz(src: &str) -> Result<(), String> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(src.as_bytes())
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Missing fonts are the machine's business; anything else Graphviz says is a failure.
    let complaints: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.to_ascii_lowercase().contains("font"))
        .collect();
    if out.status.success() && complaints.is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {}", out.status, stderr.trim()))
    }
}

/// Nodes and edges the DOT graph of a page should have: one node per view, a repeated
/// derivation drawn once (an edge to the first; a stand-in node when it is a top-level view).
fn expected_counts(page: &view::Page) -> (usize, usize) {
    fn walk(v: &View, top: bool, shown: &mut BTreeSet<String>, n: &mut (usize, usize)) {
        if let Some(id) = &v.id
            && !v.children.is_empty()
        {
            if shown.contains(id) {
                if top {
                    *n = (n.0 + 1, n.1 + 1);
                }
                return;
            }
            shown.insert(id.clone());
        }
        n.0 += 1;
        n.1 += v.children.len();
        for c in &v.children {
            walk(c, false, shown, n);
        }
    }
    let mut shown = BTreeSet::new();
    let mut n = (0, 0);
    for s in &page.sections {
        for v in &s.views {
            walk(v, true, &mut shown, &mut n);
        }
    }
    n
}

#[test]
fn dot_is_well_formed_for_every_fixture() {
    let engine = engine();
    let mut sources = Vec::new();
    for path in fixtures() {
        let ex = explained(&engine, &path);
        for (lang, _) in langs() {
            let name = format!("{} ({lang:?})", path.display());
            let src = draw::dot(&engine, &ex, lang);
            assert_eq!(
                src,
                draw::dot(&engine, &ex, lang),
                "{name}: not deterministic"
            );
            let dot = parse_dot(&src).unwrap_or_else(|e| panic!("{name}: {e}\n{src}"));
            assert_eq!(dot.name, ex.determination.id, "{name}");
            assert_eq!(dot.graph_attr("rankdir"), Some("LR"), "{name}");
            assert!(
                dot.graph_attr("fontname")
                    .is_some_and(|f| f.contains("CJK")),
                "{name}"
            );
            let page = view::page(&engine, &ex, lang);
            let label = dot.graph_attr("label").unwrap_or_default();
            assert!(
                label.starts_with(&page.heading),
                "{name}: graph label {label:?}"
            );
            for line in &page.summary {
                assert!(
                    label.contains(line.as_str()),
                    "{name}: {line:?} not in the label"
                );
            }
            let titles: BTreeSet<&str> = dot.clusters.values().map(String::as_str).collect();
            assert_eq!(dot.clusters.len(), page.sections.len(), "{name}");
            for s in &page.sections {
                assert!(
                    titles.contains(s.title.as_str()),
                    "{name}: no cluster {:?}",
                    s.title
                );
            }
            let numbered: BTreeSet<String> =
                (0..dot.nodes.len()).map(|i| format!("n{i}")).collect();
            assert!(
                dot.nodes.keys().eq(numbered.iter()),
                "{name}: node ids n0, n1, …"
            );
            for (n, (attrs, cluster)) in &dot.nodes {
                assert!(cluster.is_some(), "{name}: {n} outside every cluster");
                assert!(
                    attr(attrs, "label").is_some(),
                    "{name}: {n} without a label"
                );
            }
            assert_eq!(
                (dot.nodes.len(), dot.edges.len()),
                expected_counts(&page),
                "{name}: nodes and edges"
            );
            sources.push((name, src));
        }
    }
    if let Some(failures) = graphviz_failures(&sources) {
        assert!(
            failures.is_empty(),
            "dot -Tsvg failed:\n{}",
            failures.join("\n")
        );
    }
}

#[test]
fn dot_of_forged_records_links_the_disposition_to_the_forgery() {
    let engine = engine();
    let ex = explained(&engine, &root().join(FORGED));
    let dot = parse_dot(&draw::dot(&engine, &ex, Lang::Zh)).expect("well-formed DOT");
    assert!(
        !dot.find(|l| l.contains("第八条第二项")).is_empty(),
        "a node cites 第八条第二项"
    );
    let disposition = dot.find(|l| l.starts_with("结论：应当认定为履职尽责"));
    assert_eq!(disposition.len(), 1, "one disposition node");
    let forged = dot.find(|l| l.starts_with("counterparty_falsified_evidence = true"));
    assert!(!forged.is_empty(), "the forgery fact is drawn");
    assert!(
        forged.iter().any(|f| dot.reachable(disposition[0], f)),
        "a path leads from the disposition to counterparty_falsified_evidence = true"
    );
    // 适用本制度 is derived once and shared by every step that rests on it.
    let scope = dot.find(|l| l.starts_with("适用本制度\n"));
    assert_eq!(scope.len(), 1, "scope drawn once: {scope:?}");
    let parents = dot.edges.iter().filter(|e| e.1 == scope[0]).count();
    assert!(parents >= 3, "scope has {parents} parents");
    // The 8.2 ground repeated at the top of its own section refers back to the first drawing.
    let ground = dot.find(|l| l.starts_with("第八条第二项的情形成立\n第八条第二项："));
    assert_eq!(ground.len(), 1, "8.2 ground drawn once");
    let stand_in = dot.find(|l| l.starts_with("第八条第二项的情形成立\n（推导见上）"));
    assert_eq!(stand_in.len(), 1, "one stand-in for the repeat");
    assert!(
        dot.edges.iter().any(|(f, t, a)| f == stand_in[0]
            && t == ground[0]
            && attr(a, "style") == Some("dashed"))
    );
}

// ---- HTML ----

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Checks that the tags nest and that every `&` starts an entity; collects `id`s and `href`s.
fn check_markup(html: &str) -> Result<(BTreeSet<String>, Vec<String>), String> {
    const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "wbr"];
    let mut stack: Vec<String> = Vec::new();
    let mut ids = BTreeSet::new();
    let mut hrefs = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find(['<', '&']) {
        if rest[lt..].starts_with('&') {
            let entity = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"];
            if !entity.iter().any(|e| rest[lt..].starts_with(e)) {
                let end = (lt + 12).min(rest.len());
                return Err(format!("bare & near {:?}", rest.get(lt..end).unwrap_or("")));
            }
            rest = &rest[lt + 1..];
            continue;
        }
        let gt = rest[lt..].find('>').ok_or("unclosed tag")? + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') {
            if !tag.eq_ignore_ascii_case("!DOCTYPE html") {
                return Err(format!("unexpected <{tag}>"));
            }
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name => continue,
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.is_empty() {
            return Err(format!("bad tag <{tag}>"));
        }
        for (key, list) in [(" id=\"", 0), (" href=\"", 1)] {
            if let Some(i) = tag.find(key) {
                let value = &tag[i + key.len()..];
                let value = &value[..value.find('"').ok_or("unclosed attribute")?];
                if list == 0 {
                    if !ids.insert(value.to_string()) {
                        return Err(format!("id {value} twice"));
                    }
                } else {
                    hrefs.push(value.to_string());
                }
            }
        }
        if name == "style" {
            let end = rest.find("</style>").ok_or("unclosed style")?;
            if rest[..end].contains('<') {
                return Err("< inside style".into());
            }
            rest = &rest[end + "</style>".len()..];
            continue;
        }
        if !VOID.contains(&name.as_str()) {
            stack.push(name);
        }
    }
    if stack.is_empty() {
        Ok((ids, hrefs))
    } else {
        Err(format!("unclosed {stack:?}"))
    }
}

/// The checks every HTML document passes, whatever its cases.
fn check_document(html: &str, lang_attr: &str, name: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{name}: doctype");
    assert!(
        html.trim_end().ends_with("</html>"),
        "{name}: ends with </html>"
    );
    for (part, count) in [
        ("<html", 1),
        ("<head>", 1),
        ("</head>", 1),
        ("<body>", 1),
        ("</body>", 1),
        ("<meta charset=\"utf-8\">", 1),
        ("<title>", 1),
        ("<style>", 1),
    ] {
        assert_eq!(html.matches(part).count(), count, "{name}: {part}");
    }
    assert!(
        html.contains(&format!("<html lang=\"{lang_attr}\">")),
        "{name}: lang"
    );
    assert_eq!(
        html.matches("<details").count(),
        html.matches("</details>").count(),
        "{name}: details closed"
    );
    for banned in [
        "<link", " src=", "http://", "https://", "@import", "url(", "<script", "<iframe",
    ] {
        assert!(!html.contains(banned), "{name}: contains {banned}");
    }
    assert!(html.contains("@media print"), "{name}: print style");
    let (ids, hrefs) = check_markup(html).unwrap_or_else(|e| panic!("{name}: {e}"));
    for h in &hrefs {
        let target = h
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{name}: link {h} leaves the page"));
        assert!(ids.contains(target), "{name}: link to missing #{target}");
    }
}

fn citations<'a>(v: &'a View, out: &mut BTreeSet<&'a str>) {
    if let Some((c, _)) = &v.clause {
        out.insert(c);
    }
    for c in &v.children {
        citations(c, out);
    }
}

#[test]
fn html_is_a_self_contained_document_for_every_fixture() {
    let engine = engine();
    for path in fixtures() {
        let ex = explained(&engine, &path);
        for (lang, lang_attr) in langs() {
            let name = format!("{} ({lang:?})", path.display());
            let html = draw::html(&engine, std::slice::from_ref(&ex), lang);
            assert_eq!(
                html,
                draw::html(&engine, std::slice::from_ref(&ex), lang),
                "{name}: not deterministic"
            );
            check_document(&html, lang_attr, &name);
            let page = view::page(&engine, &ex, lang);
            assert!(html.contains(&escape(&page.heading)), "{name}: heading");
            // The determination comes before the derivations.
            let first_section = html.find("<section").unwrap_or(html.len());
            for line in &page.summary {
                let at = html.find(&escape(line));
                assert!(
                    at.is_some_and(|i| i < first_section),
                    "{name}: summary {line:?}"
                );
            }
            let mut cited = BTreeSet::new();
            for s in &page.sections {
                assert!(
                    html.contains(&format!("<h2>{}</h2>", escape(&s.title))),
                    "{name}: section {:?}",
                    s.title
                );
                for v in &s.views {
                    citations(v, &mut cited);
                }
            }
            for c in cited {
                assert!(html.contains(&escape(c)), "{name}: citation {c} missing");
            }
        }
    }
}

#[test]
fn html_of_forged_records_shows_the_disposition_and_quotes_the_clause() {
    let engine = engine();
    let ex = explained(&engine, &root().join(FORGED));
    let html = draw::html(&engine, &[ex], Lang::Zh);
    assert!(html.contains("应当认定为履职尽责"));
    assert!(html.contains("“因行政相对人隐瞒、伪造、毁灭证据"));
    assert!(html.contains("第八条第二项"));
    let first_section = html.find("<section").expect("sections");
    let disposition = html.find("结论：应当认定为履职尽责").expect("disposition");
    assert!(disposition < first_section, "determination first");
    // The 8.2 ground is derived in the first section and referred to afterwards.
    assert!(html.contains("（推导见上）</a>"), "a repeat links back");
    assert!(html.contains("class=\"step k-rule"), "rule steps styled");
    assert!(html.contains("near-miss"), "near misses highlighted");
}

#[test]
fn html_of_several_cases_is_one_document() {
    let engine = engine();
    let files = fixtures();
    let exs: Vec<Explanation> = files.iter().map(|p| explained(&engine, p)).collect();
    for (lang, lang_attr) in langs() {
        let html = draw::html(&engine, &exs, lang);
        check_document(&html, lang_attr, &format!("all fixtures ({lang:?})"));
        assert_eq!(html.matches("<article").count(), exs.len());
        assert_eq!(html.matches("<!DOCTYPE").count(), 1);
        for ex in &exs {
            assert!(html.contains(&escape(&ex.determination.id)));
        }
    }
    let empty = draw::html(&engine, &[], Lang::En);
    check_document(&empty, "en", "no cases");
}

#[test]
fn awkward_characters_are_escaped() {
    let engine = engine();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("draw");
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let path = dir.join("awkward.json");
    let id = r#"a<b>&"c' \d \n {x}; y -> z"#;
    let case = serde_json::json!({
        "id": id,
        "facts": { "in_market_regulation_system": true, "sandbox_enforcement_role": true }
    });
    std::fs::write(&path, case.to_string()).expect("write the case");
    let ex = explained(&engine, &path);
    for (lang, lang_attr) in langs() {
        let src = draw::dot(&engine, &ex, lang);
        let dot = parse_dot(&src).unwrap_or_else(|e| panic!("{e}\n{src}"));
        assert_eq!(dot.name, id);
        assert!(dot.graph_attr("label").is_some_and(|l| l.contains(id)));
        if let Some(failures) = graphviz_failures(&[("awkward".into(), src)]) {
            assert!(failures.is_empty(), "{failures:?}");
        }
        let html = draw::html(&engine, std::slice::from_ref(&ex), lang);
        check_document(&html, lang_attr, "awkward");
        assert!(html.contains(&escape(id)));
        assert!(!html.contains("<b>"));
    }
}
