//! JUnit XML reports: the results of checking cases (a name and its failure lines each) as one
//! `<testsuite>` that CI servers can read. This module owns the document's shape and the
//! escaping that keeps it well formed whatever the names and messages contain: markup
//! characters are escaped, and characters XML 1.0 does not allow are dropped.

use std::fmt::Write;

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
fn allowed(c: char) -> bool {
    matches!(c,
        '\u{9}' | '\u{A}' | '\u{D}'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Escapes text for element content or a double- or single-quoted attribute value, dropping
/// characters XML 1.0 does not allow. In attributes, tabs and line breaks are written as
/// character references so that attribute-value normalisation keeps them.
fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| allowed(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Seconds with millisecond precision; 0 for a negative or non-finite duration.
fn seconds_attr(seconds: f64) -> String {
    let s = if seconds.is_finite() && seconds > 0.0 {
        seconds
    } else {
        0.0
    };
    format!("{s:.3}")
}

/// A JUnit XML document with one `<testsuite name=suite>` holding one `<testcase>` per result.
/// A result is a test name (the fixture path) and its failure lines: none means it passed;
/// otherwise the case gets one `<failure>` whose message is the first line and whose body is
/// every line. `seconds` is the suite's duration.
pub fn junit_xml(suite: &str, results: &[(String, Vec<String>)], seconds: f64) -> String {
    let failures = results.iter().filter(|(_, f)| !f.is_empty()).count();
    let suite_attr = escape(suite, true);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<testsuites>\n");
    let _ = writeln!(
        out,
        "  <testsuite name=\"{suite_attr}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" time=\"{}\">",
        results.len(),
        seconds_attr(seconds)
    );
    for (name, lines) in results {
        let name = escape(name, true);
        match lines.first() {
            None => {
                let _ = writeln!(
                    out,
                    "    <testcase classname=\"{suite_attr}\" name=\"{name}\"/>"
                );
            }
            Some(first) => {
                let _ = writeln!(
                    out,
                    "    <testcase classname=\"{suite_attr}\" name=\"{name}\">"
                );
                let body: Vec<String> = lines.iter().map(|l| escape(l, false)).collect();
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\">{}</failure>",
                    escape(first, true),
                    body.join("\n")
                );
                out.push_str("    </testcase>\n");
            }
        }
    }
    out.push_str("  </testsuite>\n");
    out.push_str("</testsuites>\n");
    out
}
