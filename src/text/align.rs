//! Alignment of a loaded text to the reference text (the bundled draft the rules were written
//! against), clause by clause, from the wording alone. Each clause of the reference text is
//! found in the loaded text as it stands now: at the same number, renumbered, moved to another
//! article, reworded (by similarity of its characters), split into several items or merged
//! with another; or it is deleted. Each clause of the loaded text that matches none is added.
//!
//! Articles are aligned first, by their lead-ins (an article's own text before its items);
//! items are then aligned across all articles, best match first. A match is *uncertain* when it
//! is weak or when a second candidate comes close: those are the only alignments a drafter is
//! asked to confirm. Nothing here knows of rules; `law::binding` binds them through this.

use crate::text::policy::{ClauseRef, PolicyText, clause_key};

/// Similarity (0..=1000, per mille, of character bigrams) from which two clauses match.
pub const MATCH: u16 = 450;
/// Similarity under which a match is uncertain (a drafter should confirm it).
pub const SURE: u16 = 700;
/// A second candidate this close to the best makes a match uncertain.
pub const RIVAL_MARGIN: u16 = 60;
/// Share (per mille) of a clause's bigrams that must lie inside another for it to count as a
/// part of it (a split) or the other as a part of it (a merge).
pub const PART: u16 = 800;

/// Where a matched clause stands now, against where it stood in the reference text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// The same id.
    Same,
    /// Another number in the same article.
    Renumbered,
    /// In another article.
    Moved,
}

/// How the wording of a matched clause changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wording {
    /// Character for character the same (whitespace aside).
    Same,
    /// Different words, similar enough to be the same clause: the similarity, per mille.
    Reworded(u16),
}

/// Whether the match is one to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shape {
    One,
    /// The reference clause is now several clauses; this is one of them.
    Split,
    /// Several reference clauses are now this one clause.
    Merged,
}

/// One reference clause found in the loaded text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub reference: String,
    pub loaded: String,
    pub place: Place,
    pub wording: Wording,
    pub shape: Shape,
}

/// A match a drafter should confirm: weak, or with a rival candidate close behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uncertain {
    pub reference: String,
    /// The candidates in the loaded text with their similarity, best first.
    pub candidates: Vec<(String, u16)>,
}

/// The alignment of a loaded text to the reference text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Alignment {
    /// Every match, in the loaded text's order.
    pub pairs: Vec<Pair>,
    /// Reference clauses with no counterpart, in the reference order.
    pub deleted: Vec<String>,
    /// Loaded clauses with no counterpart, in the loaded order.
    pub added: Vec<String>,
    /// Matches to confirm, in the reference order.
    pub uncertain: Vec<Uncertain>,
}

impl Alignment {
    /// Aligns `loaded` to `reference`.
    pub fn of(reference: &PolicyText, loaded: &PolicyText) -> Alignment {
        align(reference, loaded)
    }

    /// The identity alignment of a text with itself (every clause the same).
    pub fn identity(text: &PolicyText) -> Alignment {
        Alignment {
            pairs: text
                .clause_ids()
                .into_iter()
                .map(|id| Pair {
                    reference: id.clone(),
                    loaded: id,
                    place: Place::Same,
                    wording: Wording::Same,
                    shape: Shape::One,
                })
                .collect(),
            ..Alignment::default()
        }
    }

    /// Where a reference clause stands in the loaded text (several after a split).
    pub fn loaded_of(&self, reference: &str) -> Vec<&Pair> {
        self.pairs
            .iter()
            .filter(|p| p.reference == reference)
            .collect()
    }

    /// The reference clauses a loaded clause stands for (several after a merge).
    pub fn reference_of(&self, loaded: &str) -> Vec<&Pair> {
        self.pairs.iter().filter(|p| p.loaded == loaded).collect()
    }

    /// Whether every clause stands where it stood, worded as it was.
    pub fn is_identity(&self) -> bool {
        self.deleted.is_empty()
            && self.added.is_empty()
            && self.pairs.iter().all(|p| {
                p.place == Place::Same && p.wording == Wording::Same && p.shape == Shape::One
            })
    }

    /// Whether the match of a reference clause is one a drafter should confirm.
    pub fn is_uncertain(&self, reference: &str) -> bool {
        self.uncertain.iter().any(|u| u.reference == reference)
    }
}

/// A clause prepared for comparison: its id, article, position and character bigrams.
struct Unit {
    id: String,
    article: u32,
    /// The article's position in its text (for the order of output).
    order: (usize, usize),
    /// The clause's characters without whitespace.
    chars: Vec<char>,
    /// Its character bigrams, sorted, with repeats (a multiset).
    bigrams: Vec<u64>,
}

impl Unit {
    fn new(c: ClauseRef<'_>, order: (usize, usize)) -> Unit {
        let chars: Vec<char> = c.text().chars().filter(|ch| !ch.is_whitespace()).collect();
        let article = match c {
            ClauseRef::Article(a) | ClauseRef::Item(a, _) => a.number,
        };
        Unit {
            id: c.id(),
            article,
            order,
            bigrams: bigrams(&chars),
            chars,
        }
    }
}

/// The bigrams of a clause's characters, punctuation left out (a changed comma is no
/// rewording), sorted.
fn bigrams(chars: &[char]) -> Vec<u64> {
    let letters: Vec<char> = chars
        .iter()
        .copied()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let mut out: Vec<u64> = letters
        .windows(2)
        .map(|w| match w {
            [a, b] => (u64::from(*a) << 32) | u64::from(*b),
            _ => 0,
        })
        .collect();
    if out.is_empty() {
        out.extend(letters.iter().map(|c| u64::from(*c)));
    }
    out.sort_unstable();
    out
}

/// How many bigrams two sorted multisets share.
fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Dice similarity per mille.
fn similarity(a: &Unit, b: &Unit) -> u16 {
    if a.chars == b.chars {
        return 1000;
    }
    let total = a.bigrams.len() + b.bigrams.len();
    if total == 0 {
        return 0;
    }
    let s = 2000 * shared(&a.bigrams, &b.bigrams) / total;
    // Different characters are never a perfect match.
    u16::try_from(s.min(999)).unwrap_or(999)
}

/// The share (per mille) of `part`'s bigrams that lie in `whole`.
fn contained(part: &Unit, whole: &Unit) -> u16 {
    if part.bigrams.is_empty() {
        return 0;
    }
    let s = 1000 * shared(&part.bigrams, &whole.bigrams) / part.bigrams.len();
    u16::try_from(s.min(1000)).unwrap_or(1000)
}

/// The units of a text: (articles, items), each in document order.
fn units(text: &PolicyText) -> (Vec<Unit>, Vec<Unit>) {
    let (mut articles, mut items) = (Vec::new(), Vec::new());
    for (ai, a) in text.articles.iter().enumerate() {
        articles.push(Unit::new(ClauseRef::Article(a), (ai, 0)));
        for (ii, i) in a.items.iter().enumerate() {
            items.push(Unit::new(ClauseRef::Item(a, i), (ai, ii + 1)));
        }
    }
    (articles, items)
}

/// A match: (reference index, loaded index, similarity).
type Matched = (usize, usize, u16);
/// The candidates of one reference unit: (loaded index, similarity), best first.
type Candidates = Vec<(usize, u16)>;

/// One-to-one matches by best similarity first: (reference index, loaded index, similarity).
/// Among equal similarities, the pair whose ids or articles agree wins.
fn greedy(
    refs: &[Unit],
    news: &[Unit],
    same_place: &dyn Fn(&Unit, &Unit) -> u8,
) -> (Vec<Matched>, Vec<Candidates>) {
    let mut scored: Vec<(u16, u8, usize, usize)> = Vec::new();
    // Every candidate of each reference unit, best first, for the uncertainty check.
    let mut candidates: Vec<Vec<(usize, u16)>> = vec![Vec::new(); refs.len()];
    for (i, r) in refs.iter().enumerate() {
        for (j, n) in news.iter().enumerate() {
            let s = similarity(r, n);
            if s >= MATCH {
                scored.push((s, same_place(r, n), i, j));
                if let Some(c) = candidates.get_mut(i) {
                    c.push((j, s));
                }
            }
        }
    }
    for c in &mut candidates {
        c.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let (mut used_r, mut used_n) = (vec![false; refs.len()], vec![false; news.len()]);
    let mut out = Vec::new();
    for (s, _, i, j) in scored {
        let (Some(ur), Some(un)) = (used_r.get(i), used_n.get(j)) else {
            continue;
        };
        if *ur || *un {
            continue;
        }
        if let Some(u) = used_r.get_mut(i) {
            *u = true;
        }
        if let Some(u) = used_n.get_mut(j) {
            *u = true;
        }
        out.push((i, j, s));
    }
    (out, candidates)
}

fn align(reference: &PolicyText, loaded: &PolicyText) -> Alignment {
    let (ref_articles, ref_items) = units(reference);
    let (new_articles, new_items) = units(loaded);

    // Articles by their lead-ins; the same number breaks ties.
    let (article_pairs, article_candidates) =
        greedy(&ref_articles, &new_articles, &|r, n| u8::from(r.id == n.id));
    // The reference article each loaded article stands for.
    let article_of = |loaded_article: u32| -> Option<u32> {
        article_pairs.iter().find_map(|&(i, j, _)| {
            let (r, n) = (ref_articles.get(i)?, new_articles.get(j)?);
            (n.article == loaded_article).then_some(r.article)
        })
    };

    // Items across all articles; an item staying in its (aligned) article, then at its
    // number, breaks ties.
    let (item_pairs, item_candidates) = greedy(&ref_items, &new_items, &|r, n| {
        let same_article = article_of(n.article) == Some(r.article);
        u8::from(same_article) * 2 + u8::from(r.id == n.id)
    });

    let mut pairs: Vec<(Pair, (usize, usize))> = Vec::new();
    let mut uncertain = Vec::new();
    let place = |r: &Unit, n: &Unit| {
        if r.id == n.id && article_of(n.article) == Some(r.article) {
            Place::Same
        } else if article_of(n.article) == Some(r.article) {
            Place::Renumbered
        } else {
            Place::Moved
        }
    };
    let wording = |s: u16| {
        if s >= 1000 {
            Wording::Same
        } else {
            Wording::Reworded(s)
        }
    };
    // A match is uncertain when it is weak, or when another candidate comes close to it (an
    // exact match never is).
    let mut check = |r: &Unit, chosen: usize, best: u16, cands: &[(usize, u16)], news: &[Unit]| {
        let rival = cands
            .iter()
            .any(|&(j, s)| j != chosen && best.saturating_sub(s) < RIVAL_MARGIN);
        if best < 1000 && (best < SURE || rival) {
            uncertain.push(Uncertain {
                reference: r.id.clone(),
                candidates: cands
                    .iter()
                    .filter_map(|(j, s)| Some((news.get(*j)?.id.clone(), *s)))
                    .collect(),
            });
        }
    };
    for &(i, j, s) in &article_pairs {
        let (Some(r), Some(n)) = (ref_articles.get(i), new_articles.get(j)) else {
            continue;
        };
        check(
            r,
            j,
            s,
            article_candidates.get(i).map_or(&[][..], |c| c),
            &new_articles,
        );
        let place = if r.id == n.id {
            Place::Same
        } else {
            Place::Renumbered
        };
        pairs.push((
            Pair {
                reference: r.id.clone(),
                loaded: n.id.clone(),
                place,
                wording: wording(s),
                shape: Shape::One,
            },
            n.order,
        ));
    }
    let mut matched_ref = vec![false; ref_items.len()];
    let mut matched_new = vec![false; new_items.len()];
    for &(i, j, s) in &item_pairs {
        let (Some(r), Some(n)) = (ref_items.get(i), new_items.get(j)) else {
            continue;
        };
        if let Some(m) = matched_ref.get_mut(i) {
            *m = true;
        }
        if let Some(m) = matched_new.get_mut(j) {
            *m = true;
        }
        check(
            r,
            j,
            s,
            item_candidates.get(i).map_or(&[][..], |c| c),
            &new_items,
        );
        pairs.push((
            Pair {
                reference: r.id.clone(),
                loaded: n.id.clone(),
                place: place(r, n),
                wording: wording(s),
                shape: Shape::One,
            },
            n.order,
        ));
    }

    // Splits: an unmatched loaded item that is mostly made of a reference item's words, where
    // that reference item's match is itself mostly inside the reference item.
    for (j, n) in new_items.iter().enumerate() {
        if matched_new.get(j).copied().unwrap_or(true) {
            continue;
        }
        let whole = ref_items
            .iter()
            .enumerate()
            .filter(|(_, r)| contained(n, r) >= PART)
            .max_by_key(|(_, r)| contained(n, r));
        if let Some((i, r)) = whole {
            for (p, _) in pairs.iter_mut() {
                if p.reference == r.id && p.shape == Shape::One {
                    p.shape = Shape::Split;
                }
            }
            if let Some(m) = matched_new.get_mut(j) {
                *m = true;
            }
            if let Some(m) = matched_ref.get_mut(i) {
                *m = true;
            }
            pairs.push((
                Pair {
                    reference: r.id.clone(),
                    loaded: n.id.clone(),
                    place: place(r, n),
                    wording: Wording::Reworded(similarity(r, n)),
                    shape: Shape::Split,
                },
                n.order,
            ));
        }
    }
    // Merges: an unmatched reference item whose words mostly lie in a loaded item.
    for (i, r) in ref_items.iter().enumerate() {
        if matched_ref.get(i).copied().unwrap_or(true) {
            continue;
        }
        let whole = new_items
            .iter()
            .enumerate()
            .filter(|(_, n)| contained(r, n) >= PART)
            .max_by_key(|(_, n)| contained(r, n));
        if let Some((j, n)) = whole {
            for (p, _) in pairs.iter_mut() {
                if p.loaded == n.id && p.shape == Shape::One {
                    p.shape = Shape::Merged;
                }
            }
            if let Some(m) = matched_ref.get_mut(i) {
                *m = true;
            }
            if let Some(m) = matched_new.get_mut(j) {
                *m = true;
            }
            pairs.push((
                Pair {
                    reference: r.id.clone(),
                    loaded: n.id.clone(),
                    place: place(r, n),
                    wording: Wording::Reworded(similarity(r, n)),
                    shape: Shape::Merged,
                },
                n.order,
            ));
        }
    }

    pairs.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then(clause_key(&a.0.reference).cmp(&clause_key(&b.0.reference)))
    });
    let matched_articles_ref: Vec<usize> = article_pairs.iter().map(|p| p.0).collect();
    let matched_articles_new: Vec<usize> = article_pairs.iter().map(|p| p.1).collect();
    let mut deleted: Vec<(usize, usize, String)> = Vec::new();
    for (i, r) in ref_articles.iter().enumerate() {
        if !matched_articles_ref.contains(&i) {
            deleted.push((r.order.0, r.order.1, r.id.clone()));
        }
    }
    for (i, r) in ref_items.iter().enumerate() {
        if !matched_ref.get(i).copied().unwrap_or(true) {
            deleted.push((r.order.0, r.order.1, r.id.clone()));
        }
    }
    deleted.sort();
    let mut added: Vec<(usize, usize, String)> = Vec::new();
    for (j, n) in new_articles.iter().enumerate() {
        if !matched_articles_new.contains(&j) {
            added.push((n.order.0, n.order.1, n.id.clone()));
        }
    }
    for (j, n) in new_items.iter().enumerate() {
        if !matched_new.get(j).copied().unwrap_or(true) {
            added.push((n.order.0, n.order.1, n.id.clone()));
        }
    }
    added.sort();
    uncertain.sort_by_key(|u| clause_key(&u.reference));
    Alignment {
        pairs: pairs.into_iter().map(|p| p.0).collect(),
        deleted: deleted.into_iter().map(|d| d.2).collect(),
        added: added.into_iter().map(|d| d.2).collect(),
        uncertain,
    }
}

/// The word-level change between two wordings, as spans: kept, removed (`-`) and inserted
/// (`+`), by the longest common subsequence of their characters.
pub fn delta(old: &str, new: &str) -> Vec<(char, String)> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    // Longest common subsequence table, from the ends.
    let (n, m) = (a.len(), b.len());
    let mut t = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let v = if a.get(i) == b.get(j) {
                t.get(at(i + 1, j + 1)).copied().unwrap_or(0) + 1
            } else {
                let down = t.get(at(i + 1, j)).copied().unwrap_or(0);
                let right = t.get(at(i, j + 1)).copied().unwrap_or(0);
                down.max(right)
            };
            if let Some(slot) = t.get_mut(at(i, j)) {
                *slot = v;
            }
        }
    }
    let mut out: Vec<(char, String)> = Vec::new();
    let mut push = |kind: char, c: char| match out.last_mut() {
        Some((k, s)) if *k == kind => s.push(c),
        _ => out.push((kind, c.to_string())),
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                push('=', *x);
                i += 1;
                j += 1;
            }
            (Some(x), Some(_))
                if t.get(at(i + 1, j)).copied().unwrap_or(0)
                    >= t.get(at(i, j + 1)).copied().unwrap_or(0) =>
            {
                push('-', *x);
                i += 1;
            }
            (_, Some(y)) => {
                push('+', *y);
                j += 1;
            }
            (Some(x), None) => {
                push('-', *x);
                i += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// The delta as one line: kept text as is, removed text in 〔-…〕, inserted text in 〔+…〕. A
/// single kept character between two changes is folded into them (`〔-审慎审核〕〔+认真核对〕`
/// rather than `〔-审慎审〕〔+认真〕核〔+对〕`), so a changed phrase reads as one.
pub fn delta_line(old: &str, new: &str) -> String {
    let spans = delta(old, new);
    let mut out = String::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let flush = |out: &mut String, del: &mut String, ins: &mut String| {
        if !del.is_empty() {
            out.push_str(&format!("〔-{del}〕"));
        }
        if !ins.is_empty() {
            out.push_str(&format!("〔+{ins}〕"));
        }
        del.clear();
        ins.clear();
    };
    for (i, (kind, text)) in spans.iter().enumerate() {
        match kind {
            '-' => del.push_str(text),
            '+' => ins.push_str(text),
            _ => {
                let between = (!del.is_empty() || !ins.is_empty())
                    && text.chars().count() == 1
                    && spans.get(i + 1).is_some_and(|(k, _)| *k != '=');
                if between {
                    del.push_str(text);
                    ins.push_str(text);
                } else {
                    flush(&mut out, &mut del, &mut ins);
                    out.push_str(text);
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

/// The share (per mille) of the characters pairs of `part` that `whole` has: how much of a
/// quotation a clause contains.
pub fn containment(part: &str, whole: &str) -> u16 {
    let unit = |s: &str| {
        let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        Unit {
            id: String::new(),
            article: 0,
            order: (0, 0),
            bigrams: bigrams(&chars),
            chars,
        }
    };
    contained(&unit(part), &unit(whole))
}
