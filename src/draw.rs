//! Graphical renderers of an explanation: a Graphviz DOT graph and a self-contained HTML page.
//! Both draw the view of `view::page`.

use crate::engine::Engine;
use crate::error::Lang;
use crate::explain::Explanation;

/// The derivation as a Graphviz digraph.
pub fn dot(_engine: &Engine, _ex: &Explanation, _lang: Lang) -> String {
    String::new()
}

/// One self-contained HTML document explaining the cases.
pub fn html(_engine: &Engine, _exs: &[Explanation], _lang: Lang) -> String {
    String::new()
}
