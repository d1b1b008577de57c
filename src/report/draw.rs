//! Graphical renderers of an explanation: a Graphviz DOT graph of one case and one
//! self-contained HTML document for one or more cases. Both draw the view of `view::page` and
//! follow `view::explanation_text` in showing a repeated rule derivation once and referring
//! back to it; this module owns only the drawing (layout, styling, escaping), never the content.

use crate::base::lang::Lang;
use crate::engine::evaluate::Engine;
use crate::explain::explanation::Explanation;
use crate::report::view::{self, Kind, Page, View};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A font family that has the CJK glyphs of the Chinese labels.
const FONT: &str = "Noto Sans CJK SC";
/// How many characters of a clause a DOT node quotes before cutting it short.
const QUOTE_CHARS: usize = 40;
/// The width of a DOT label line, in columns (a CJK character takes two).
const WRAP_COLUMNS: usize = 44;

/// Whether a note is the near-miss remark of `view`.
fn is_near_miss(note: &str) -> bool {
    view::NEAR_MISS.contains(&note)
}

fn shown_above(lang: Lang) -> &'static str {
    lang.pick("（推导见上）", "(derivation shown above)")
}

// ---- DOT ----

/// The derivation as a Graphviz digraph.
pub fn dot(engine: &Engine, ex: &Explanation, lang: Lang) -> String {
    dot_page(&view::page(engine, ex, lang), &ex.determination.id, lang)
}

/// Escapes text for a DOT double-quoted string, newlines becoming `\n` line breaks.
fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn dot_quote(text: &str) -> String {
    format!("\"{}\"", dot_escape(text))
}

/// The columns a character takes in a label.
fn columns(c: char) -> usize {
    if c.is_ascii() || (c as u32) < 0x1100 {
        1
    } else {
        2
    }
}

/// Whether a line may break between two characters: between words of Latin text, between any
/// two CJK characters, but never before closing punctuation or after opening punctuation.
fn may_break(before: char, after: char) -> bool {
    if "，。、；：！？）】」』”’》〉…,.;:!?)]}".contains(after)
        || "（【「『“‘《〈([{".contains(before)
    {
        return false;
    }
    before.is_whitespace() != after.is_whitespace() || columns(before) == 2 || columns(after) == 2
}

/// Breaks text into lines of at most `width` columns. A word longer than a line keeps a line of
/// its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut tokens: Vec<&str> = Vec::new();
        let mut start = 0;
        let mut prev: Option<char> = None;
        for (i, c) in para.char_indices() {
            if let Some(p) = prev
                && may_break(p, c)
            {
                tokens.push(&para[start..i]);
                start = i;
            }
            prev = Some(c);
        }
        if start < para.len() {
            tokens.push(&para[start..]);
        }
        let mut line = String::new();
        let mut used = 0;
        for token in tokens {
            let w: usize = token.chars().map(columns).sum();
            let space = token.chars().all(char::is_whitespace);
            if used > 0 && used + w > width {
                lines.push(line.trim_end().to_string());
                line.clear();
                used = 0;
            }
            if space && used == 0 {
                continue;
            }
            line.push_str(token);
            used += w;
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// The clause cut to its first characters.
fn shortened(text: &str) -> String {
    if text.chars().count() > QUOTE_CHARS {
        let head: String = text.chars().take(QUOTE_CHARS).collect();
        format!("{head}…")
    } else {
        text.to_string()
    }
}

/// The node attributes that show a kind.
fn dot_style(kind: Kind) -> &'static str {
    match kind {
        Kind::Rule => {
            r##"shape=box, style="rounded,filled", fillcolor="#dbe9f6", color="#2b5d8a""##
        }
        Kind::Fact => r##"shape=ellipse, style="filled", fillcolor="#e3f2e3", color="#2f7d32""##,
        Kind::Computed => {
            r##"shape=ellipse, style="filled", fillcolor="#dff1ee", color="#00796b""##
        }
        Kind::Text => r##"shape=note, style="filled", fillcolor="#fbf6e3", color="#8a6d00""##,
        Kind::Assertion => r##"shape=note, style="filled", fillcolor="#eee6f7", color="#6f42c1""##,
        Kind::Reading => r##"shape=note, style="filled", fillcolor="#eef1f4", color="#475467""##,
        Kind::Absent => {
            r##"shape=box, style="rounded,filled", fillcolor="#fde4e1", color="#b42318", fontcolor="#8c1c13""##
        }
        Kind::False => {
            r##"shape=ellipse, style="filled", fillcolor="#fde4e1", color="#b42318", fontcolor="#8c1c13""##
        }
        Kind::Failed => {
            r##"shape=octagon, style="filled", fillcolor="#fde4e1", color="#b42318", fontcolor="#8c1c13""##
        }
        Kind::Unknown => {
            r##"shape=ellipse, style="dashed,filled", fillcolor="#fff1db", color="#d97706", fontcolor="#9a4a00""##
        }
        Kind::Attempt => {
            r##"shape=box, style="rounded,filled", fillcolor="#eeeeee", color="#8c8c8c", fontcolor="#555555""##
        }
    }
}

/// A node's label: the title, then the clause cited and the start of its text, then a
/// near-miss remark.
fn dot_label(v: &View) -> String {
    let mut lines = wrap(&v.title, WRAP_COLUMNS);
    if let Some((citation, text)) = &v.clause {
        lines.extend(wrap(
            &format!("{citation}：“{}”", shortened(text)),
            WRAP_COLUMNS,
        ));
    }
    for note in v.notes.iter().filter(|n| is_near_miss(n)) {
        lines.push(note.clone());
    }
    lines.join("\n")
}

/// A node's tooltip (shown by SVG viewers): the whole clause and the notes.
fn dot_tooltip(v: &View) -> String {
    let mut parts = Vec::new();
    if let Some((citation, text)) = &v.clause {
        parts.push(format!("{citation}：“{text}”"));
    }
    parts.extend(v.notes.iter().cloned());
    parts.join("\n")
}

/// Where a view is drawn: a node just written, or the node of a derivation written before.
enum Target {
    New(usize),
    Shown(usize),
}

struct Graph {
    next: usize,
    /// The node statements of the cluster being written, in reading order.
    nodes: Vec<String>,
    /// The node of each derivation drawn in full, by `View::id`.
    first: BTreeMap<String, usize>,
    /// From, to, and whether the edge refers back to a derivation drawn elsewhere.
    edges: Vec<(usize, usize, bool)>,
}

impl Graph {
    fn node(&mut self, label: &str, tooltip: &str, style: &str) -> usize {
        let n = self.next;
        self.next += 1;
        let mut line = format!("    n{n} [label={}", dot_quote(label));
        if !tooltip.is_empty() {
            let _ = write!(line, ", tooltip={}", dot_quote(tooltip));
        }
        let _ = write!(line, ", {style}];");
        self.nodes.push(line);
        n
    }

    /// Draws a view and its premises, collecting the edges.
    fn view(&mut self, v: &View) -> Target {
        let key = v.derivation_key();
        if let Some(id) = key
            && let Some(&n) = self.first.get(id)
        {
            return Target::Shown(n);
        }
        let mut style = dot_style(v.kind).to_string();
        if v.near_miss {
            style.push_str(", penwidth=2.5");
        }
        let n = self.node(&dot_label(v), &dot_tooltip(v), &style);
        if let Some(id) = key {
            self.first.insert(id.clone(), n);
        }
        for c in &v.children {
            match self.view(c) {
                Target::New(m) => self.edges.push((n, m, false)),
                Target::Shown(m) => self.edges.push((n, m, true)),
            }
        }
        Target::New(n)
    }
}

fn dot_page(page: &Page, name: &str, lang: Lang) -> String {
    let mut g = Graph {
        next: 0,
        nodes: Vec::new(),
        first: BTreeMap::new(),
        edges: Vec::new(),
    };
    // Nodes are numbered in reading order, section by section, conclusion before premises.
    let mut clusters: Vec<(usize, &str, Vec<String>)> = Vec::new();
    for (i, sec) in page.sections.iter().enumerate() {
        for v in &sec.views {
            if let Target::Shown(first) = g.view(v) {
                // A top-level repeat has no parent to carry the edge: a small stand-in does.
                let label = format!(
                    "{}\n{}",
                    wrap(&v.title, WRAP_COLUMNS).join("\n"),
                    shown_above(lang)
                );
                let stand_in = g.node(
                    &label,
                    "",
                    r##"shape=box, style="rounded,dashed", color="#8c8c8c", fontcolor="#555555""##,
                );
                g.edges.push((stand_in, first, true));
            }
        }
        clusters.push((i, &sec.title, std::mem::take(&mut g.nodes)));
    }
    // Each parent's edges together, its premises in order.
    g.edges.sort_by_key(|e| e.0);

    let mut s = String::new();
    let _ = writeln!(s, "digraph {} {{", dot_quote(name));
    let mut heading = vec![page.heading.clone()];
    heading.extend(page.summary.iter().cloned());
    let _ = writeln!(s, "  rankdir=LR;");
    let _ = writeln!(s, "  ordering=\"out\";");
    let _ = writeln!(s, "  label={};", dot_quote(&heading.join("\n")));
    let _ = writeln!(s, "  labelloc=\"t\";");
    let _ = writeln!(s, "  fontname={};", dot_quote(FONT));
    let _ = writeln!(s, "  fontsize=14;");
    let _ = writeln!(s, "  nodesep=0.25;");
    let _ = writeln!(s, "  ranksep=0.4;");
    let _ = writeln!(s, "  node [fontname={}, fontsize=10];", dot_quote(FONT));
    let _ = writeln!(
        s,
        "  edge [fontname={}, color=\"#555555\", arrowsize=0.7];",
        dot_quote(FONT)
    );
    // Under rankdir=LR Graphviz stacks the clusters and the out-edges it meets first at the
    // bottom: both are written last to first, and `ordering=out` keeps each step's premises in
    // their order, so that the picture reads from the top down (as tried with dot 2.42).
    for (i, title, nodes) in clusters.iter().rev() {
        let _ = writeln!(s, "  subgraph cluster_{i} {{");
        let _ = writeln!(s, "    label={};", dot_quote(title));
        let _ = writeln!(s, "    labeljust=\"l\";");
        let _ = writeln!(s, "    style=\"rounded\";");
        let _ = writeln!(s, "    color=\"#b0b0b0\";");
        for line in nodes {
            let _ = writeln!(s, "{line}");
        }
        let _ = writeln!(s, "  }}");
    }
    for (from, to, back) in g.edges.iter().rev() {
        if *back {
            let _ = writeln!(
                s,
                "  n{from} -> n{to} [style=\"dashed\", color=\"#8c8c8c\", constraint=false];"
            );
        } else {
            let _ = writeln!(s, "  n{from} -> n{to};");
        }
    }
    s.push_str("}\n");
    s
}

// ---- HTML ----

/// One self-contained HTML document explaining the cases.
pub fn html(engine: &Engine, exs: &[Explanation], lang: Lang) -> String {
    let cases: Vec<Case> = exs
        .iter()
        .map(|ex| Case {
            id: ex.determination.id.clone(),
            verdict: ex.determination.disposition.name(),
            settled: ex.settled,
            page: view::page(engine, ex, lang),
        })
        .collect();
    html_document(&cases, &engine.policy.source, lang)
}

/// What the HTML document needs of one explained case.
struct Case {
    id: String,
    verdict: &'static str,
    settled: bool,
    page: Page,
}

/// Escapes text for HTML content and attribute values.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --rule: #2b5d8a; --fact: #2f7d32;
  --computed: #00796b; --text: #8a6d00; --assertion: #6f42c1; --bad: #b42318;
  --unknown: #d97706; --attempt: #8c8c8c; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 76rem; padding: 1.5rem; color: var(--ink); background: #fff;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "Noto Sans", sans-serif; line-height: 1.55; }
h1 { font-size: 1.3rem; margin: 0 0 .75rem; overflow-wrap: anywhere; }
h2 { font-size: 1.08rem; margin: 1.6rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 1px solid var(--line); }
nav.toc { margin-bottom: 1.5rem; }
nav.toc ol { margin: .3rem 0; }
.case + .case { margin-top: 3rem; padding-top: 1.5rem; border-top: 3px double var(--line); }
.determination { border: 2px solid var(--v, var(--rule)); border-radius: .5rem;
  padding: .75rem 1rem; background: #f6f9fc; }
.determination p { margin: .15rem 0; }
.determination .disposition { font-size: 1.35rem; font-weight: 700; color: var(--v, var(--ink)); }
.determination .settledness { color: var(--muted); font-size: .92rem; }
.contingent .determination .settledness { color: #9a4a00; font-weight: 600; }
.d-due_diligence { --v: #2f7d32; }
.d-exemption_eligible { --v: #00796b; }
.d-mitigation_eligible { --v: #a15c00; }
.d-liable { --v: #b42318; }
.d-undetermined, .d-out_of_scope { --v: #57606a; }
.step { margin: .3rem 0; padding-left: .6rem; border-left: 3px solid var(--c, var(--line)); }
.children { margin-left: 1.2rem; }
summary { cursor: pointer; }
.head, summary { padding: .1rem 0; }
.title { font-weight: 600; }
.mark { display: inline-block; min-width: 1.2em; color: var(--c, var(--muted)); }
.k-rule > summary .mark { display: none; }
.info { margin: .15rem 0 .35rem 1.2rem; padding: .3rem .7rem; background: #f6f8fa;
  border-radius: .3rem; font-size: .92rem; }
.clause { margin: 0; }
.clause cite { font-style: normal; font-weight: 700; margin-right: .4em; color: var(--rule); }
.notes { margin: .2rem 0 0; padding-left: 1.1rem; font-size: .8rem; color: var(--muted); }
.note.near-miss { color: #7a4300; background: #fff1c2; font-weight: 600; list-style: square; }
.step.near-miss { background: #fffbea; }
.ref { margin: .2rem 0 0; font-size: .85rem; }
.ref a { color: var(--rule); }
.k-rule { --c: var(--rule); }
.k-fact { --c: var(--fact); }
.k-computed { --c: var(--computed); }
.k-text { --c: var(--text); }
.k-assertion { --c: var(--assertion); }
.k-reading { --c: #475467; }
.k-absent, .k-false, .k-failed { --c: var(--bad); }
.k-absent > summary .title, .k-false .title, .k-failed .title { color: var(--bad); }
.k-unknown { --c: var(--unknown); border-left-style: dashed; }
.k-unknown .title { color: #9a4a00; }
.k-attempt { --c: var(--attempt); }
.k-attempt > summary .title { color: #555; font-weight: 500; }
.repeat .title { font-weight: 500; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .8rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav.toc { display: none; }
  .case + .case { break-before: page; page-break-before: always; margin-top: 0; padding-top: 0;
    border-top: none; }
  summary { list-style: none; cursor: auto; }
  summary::-webkit-details-marker { display: none; }
  .k-rule > summary .mark { display: inline-block; }
  details:not([open]) > * { display: block; }
  .info, .head, summary { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
@media print {
  details::details-content { content-visibility: visible; display: block; }
}
"#;

/// The mark before a step's title, as in the text rendering.
fn mark(kind: Kind) -> &'static str {
    match kind {
        Kind::Rule => "▸",
        Kind::Absent | Kind::False | Kind::Failed => "✗",
        Kind::Attempt => "·",
        Kind::Unknown => "?",
        _ => "•",
    }
}

/// The state of one case being written: anchors of the derivations shown so far.
struct HtmlCase {
    number: usize,
    anchors: BTreeMap<String, String>,
    lang: Lang,
}

impl HtmlCase {
    fn head(&self, s: &mut String, v: &View) {
        let _ = write!(
            s,
            "<span class=\"mark\" aria-hidden=\"true\">{}</span><span class=\"title\">{}</span>",
            mark(v.kind),
            html_escape(&v.title)
        );
    }

    /// The clause cited and the notes, beside the title; `reference` replaces the notes with a
    /// link to the derivation shown before.
    fn info(&self, s: &mut String, v: &View, reference: Option<&str>) {
        let notes = if reference.is_some() {
            &[][..]
        } else {
            &v.notes[..]
        };
        if v.clause.is_none() && notes.is_empty() && reference.is_none() {
            return;
        }
        s.push_str("<div class=\"info\">");
        if let Some((citation, text)) = &v.clause {
            let _ = write!(
                s,
                "<p class=\"clause\"><cite>{}</cite><span class=\"quote\">“{}”</span></p>",
                html_escape(citation),
                html_escape(text)
            );
        }
        if !notes.is_empty() {
            s.push_str("<ul class=\"notes\">");
            for n in notes {
                let class = if is_near_miss(n) {
                    "note near-miss"
                } else {
                    "note"
                };
                let _ = write!(s, "<li class=\"{class}\">{}</li>", html_escape(n));
            }
            s.push_str("</ul>");
        }
        if let Some(anchor) = reference {
            let _ = write!(
                s,
                "<p class=\"ref\"><a href=\"#{}\">{}</a></p>",
                html_escape(anchor),
                html_escape(shown_above(self.lang))
            );
        }
        s.push_str("</div>");
    }

    fn view(&mut self, s: &mut String, v: &View, top: bool) {
        let near = v.near_miss;
        let mut class = format!("step k-{}", v.kind.name());
        if near {
            class.push_str(" near-miss");
        }
        let key = v.derivation_key();
        if let Some(id) = key
            && let Some(anchor) = self.anchors.get(id)
        {
            let anchor = anchor.clone();
            let _ = write!(s, "<div class=\"{class} leaf repeat\"><div class=\"head\">");
            self.head(s, v);
            s.push_str("</div>");
            self.info(s, v, Some(&anchor));
            s.push_str("</div>\n");
            return;
        }
        let mut id_attr = String::new();
        if let Some(id) = key {
            let anchor = format!("c{}-d{}", self.number, self.anchors.len() + 1);
            id_attr = format!(" id=\"{anchor}\"");
            self.anchors.insert(id.clone(), anchor);
        }
        if v.children.is_empty() {
            let _ = write!(
                s,
                "<div class=\"{class} leaf\"{id_attr}><div class=\"head\">"
            );
            self.head(s, v);
            s.push_str("</div>");
            self.info(s, v, None);
            s.push_str("</div>\n");
            return;
        }
        let open = if top || v.kind == Kind::Rule || near {
            " open"
        } else {
            ""
        };
        let _ = write!(s, "<details class=\"{class}\"{id_attr}{open}><summary>");
        self.head(s, v);
        s.push_str("</summary>");
        self.info(s, v, None);
        s.push_str("<div class=\"children\">\n");
        for c in &v.children {
            self.view(s, c, false);
        }
        s.push_str("</div></details>\n");
    }
}

fn html_case(s: &mut String, number: usize, case: &Case, lang: Lang) {
    let page = &case.page;
    let _ = writeln!(
        s,
        "<article class=\"case d-{} {}\" id=\"case-{number}\">",
        html_escape(case.verdict),
        if case.settled {
            "settled"
        } else {
            "contingent"
        }
    );
    let _ = writeln!(s, "<header>\n<h1>{}</h1>", html_escape(&page.heading));
    s.push_str("<div class=\"determination\">\n");
    let last = page.summary.len().saturating_sub(1);
    for (i, line) in page.summary.iter().enumerate() {
        let class = if i == 0 {
            "disposition"
        } else if i == last {
            "settledness"
        } else {
            "basis"
        };
        let _ = writeln!(s, "<p class=\"{class}\">{}</p>", html_escape(line));
    }
    s.push_str("</div>\n</header>\n");
    let mut cx = HtmlCase {
        number,
        anchors: BTreeMap::new(),
        lang,
    };
    for sec in &page.sections {
        let _ = writeln!(s, "<section>\n<h2>{}</h2>", html_escape(&sec.title));
        for v in &sec.views {
            cx.view(s, v, true);
        }
        s.push_str("</section>\n");
    }
    s.push_str("</article>\n");
}

fn html_document(cases: &[Case], policy_source: &str, lang: Lang) -> String {
    let name = lang.pick("容错纠错认定说明", "Explanation of the determination");
    let title = match cases {
        [one] => format!("{name}{}{}", lang.pick("：", ": "), one.id),
        _ => lang.pick(
            format!("{name}（{} 个案件）", cases.len()),
            format!("{name} ({} cases)", cases.len()),
        ),
    };
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n");
    let _ = writeln!(s, "<html lang=\"{}\">", lang.pick("zh-CN", "en"));
    s.push_str("<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(s, "<title>{}</title>", html_escape(&title));
    let _ = writeln!(s, "<style>{STYLE}</style>");
    s.push_str("</head>\n<body>\n");
    if cases.len() > 1 {
        let _ = writeln!(
            s,
            "<nav class=\"toc\"><strong>{}</strong>\n<ol>",
            html_escape(lang.pick("案件", "Cases"))
        );
        for (i, case) in cases.iter().enumerate() {
            let _ = writeln!(
                s,
                "<li><a href=\"#case-{}\">{}</a> — {}</li>",
                i + 1,
                html_escape(&case.id),
                html_escape(case.page.summary.first().map_or("", String::as_str))
            );
        }
        s.push_str("</ol></nav>\n");
    }
    if cases.is_empty() {
        let _ = writeln!(
            s,
            "<p>{}</p>",
            html_escape(lang.pick("没有案件。", "No cases."))
        );
    }
    for (i, case) in cases.iter().enumerate() {
        html_case(&mut s, i + 1, case, lang);
    }
    let _ = writeln!(
        s,
        "<footer>{}{}</footer>",
        html_escape(lang.pick("载入文本：", "Policy text: ")),
        html_escape(policy_source)
    );
    s.push_str("</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(kind: Kind, title: &str) -> View {
        View {
            kind,
            id: None,
            title: title.to_string(),
            clause: None,
            notes: Vec::new(),
            near_miss: false,
            children: Vec::new(),
        }
    }

    fn nasty_page() -> Page {
        let rule = View {
            kind: Kind::Rule,
            id: Some("Ground(\"x\")".into()),
            title: "a \"quoted\" \\ back\nslash <b>&'".into(),
            clause: Some(("第八条".into(), "<script>\"x\"</script>".into())),
            notes: vec![view::NEAR_MISS[0].into()],
            near_miss: true,
            children: vec![leaf(Kind::Fact, "f = true")],
        };
        Page {
            heading: "Case \"q\" <h>".into(),
            summary: vec!["结论：x".into(), "settled".into()],
            sections: vec![
                view::Section {
                    title: "s\"1".into(),
                    views: vec![rule.clone()],
                },
                view::Section {
                    title: "s2".into(),
                    views: vec![rule],
                },
            ],
        }
    }

    #[test]
    fn dot_escapes_and_draws_a_repeat_once() {
        let s = dot_page(&nasty_page(), "id\"\\", Lang::En);
        assert!(s.starts_with("digraph \"id\\\"\\\\\" {"));
        assert!(s.contains("a \\\"quoted\\\" \\\\ back\\nslash"));
        assert!(!s.contains("back\nslash"));
        // The rule, its fact, and one stand-in for the repeat.
        assert_eq!(s.matches(" [label=").count(), 3);
        assert!(s.contains("n2 -> n0 [style=\"dashed\""));
        assert!(s.contains("penwidth"));
    }

    #[test]
    fn html_escapes_and_links_a_repeat() {
        let case = Case {
            id: "x<y".into(),
            verdict: "due_diligence",
            settled: true,
            page: nasty_page(),
        };
        let s = html_document(&[case], "p&q", Lang::Zh);
        assert!(!s.contains("<script>"));
        assert!(!s.contains("<b>"));
        assert!(s.contains("&lt;b&gt;&amp;&#39;"));
        assert!(s.contains("&quot;quoted&quot;"));
        assert!(s.contains("<title>容错纠错认定说明：x&lt;y</title>"));
        assert!(s.contains("id=\"c1-d1\""));
        assert!(s.contains("<a href=\"#c1-d1\">（推导见上）</a>"));
        assert!(s.contains("note near-miss"));
        assert_eq!(s.matches("<details").count(), 1);
    }

    #[test]
    fn wrap_and_shorten() {
        assert_eq!(wrap("", 10), vec![String::new()]);
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("一二三四五六", 6), vec!["一二三", "四五六"]);
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            vec!["averyveryverylongword", "x"]
        );
        let long: String = "字".repeat(50);
        assert_eq!(shortened(&long).chars().count(), QUOTE_CHARS + 1);
        assert_eq!(shortened("短"), "短");
    }
}
