//! The explanation tracer. It proves each determination again from the outputs of the very
//! run that made it, using the rule table read from the `crepe!` source (`program`): no rule
//! body is restated here. A small interpreter understands the expressions the rules use
//! (variables, constants, `at(..)`, `c.clause`, `c.article()`, `==` guards); a test checks it
//! understands every rule. Three things are built:
//! - proofs: for a derived tuple, the rule that concluded it and, recursively, the tuples its
//!   premises matched, down to the inputs; a negated premise becomes an `Absent` node that
//!   lists every rule that could have derived the tuple and why each failed;
//! - why-not: the same failure analysis for a tuple that does not hold (an unmet ground);
//! - the database of one run as generic tuples, for both.

use crate::base::hash::FxBuild;
use crate::engine::evaluate::Run;
use crate::law::facts::Fact;
use crate::law::labels::DUTIES;
use crate::law::program::{Premise, program};
use crate::law::rules::{Cite, Condition, Duty, Mode, Outcome, at};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{OnceLock, RwLock, TryLockError};

/// A value of a relation's field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    Mode(Mode),
    Fact(Fact),
    Cite(Cite),
    Str(&'static str),
    Outcome(Outcome),
    Condition(Condition),
    Duty(Duty),
}

/// A tuple's fields, held inline (no relation has more than three), so that building the
/// database of a run allocates per relation, not per tuple.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Args {
    len: u8,
    vals: [Value; 3],
}

impl Args {
    pub fn new(vals: &[Value]) -> Args {
        let n = vals.len().min(3);
        let mut a = Args {
            len: n as u8,
            vals: [Value::Str(""); 3],
        };
        for (slot, v) in a.vals.iter_mut().zip(vals) {
            *slot = *v;
        }
        a
    }
    pub fn as_slice(&self) -> &[Value] {
        self.vals.get(..self.len as usize).unwrap_or(&[])
    }
    /// The derived order, without comparing the unused fields (always `Str("")`, so equal).
    #[inline]
    fn cmp_used(&self, other: &Args) -> std::cmp::Ordering {
        use std::cmp::Ordering::Equal;
        if self.len != other.len {
            return self.len.cmp(&other.len);
        }
        for (a, b) in self.as_slice().iter().zip(other.as_slice()) {
            let o = match (a, b) {
                (Value::Mode(x), Value::Mode(y)) => x.cmp(y),
                (Value::Fact(x), Value::Fact(y)) => x.cmp(y),
                (Value::Cite(x), Value::Cite(y)) => x.cmp(y),
                (Value::Str(x), Value::Str(y)) => x.cmp(y),
                (Value::Outcome(x), Value::Outcome(y)) => x.cmp(y),
                (Value::Condition(x), Value::Condition(y)) => x.cmp(y),
                (Value::Duty(x), Value::Duty(y)) => x.cmp(y),
                _ => a.cmp(b),
            };
            if o != Equal {
                return o;
            }
        }
        Equal
    }
}

impl std::ops::Deref for Args {
    type Target = [Value];
    fn deref(&self) -> &[Value] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Args {
    type Item = &'a Value;
    type IntoIter = std::slice::Iter<'a, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl std::fmt::Debug for Args {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

/// A tuple of any relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tuple {
    pub relation: &'static str,
    pub args: Args,
}

impl Tuple {
    pub fn new(relation: &'static str, args: &[Value]) -> Tuple {
        Tuple {
            relation,
            args: Args::new(args),
        }
    }
    /// The cite the tuple carries, if any.
    pub fn cite(&self) -> Option<Cite> {
        self.args.iter().find_map(|a| match a {
            Value::Cite(c) => Some(*c),
            _ => None,
        })
    }
    pub fn mode(&self) -> Option<Mode> {
        match self.args.first() {
            Some(Value::Mode(m)) => Some(*m),
            _ => None,
        }
    }
}

/// The input relations: their tuples are leaves of every proof.
pub const INPUTS: [&str; 7] = [
    "Yes", "No", "Text", "Asserted", "Reading", "Promoted", "Twin",
];

/// All tuples of one run, inputs and outputs, by relation, each list sorted; and the why-not
/// analyses already made over them (an explanation asks for the same ones several times).
#[derive(Clone, Debug, Default)]
pub struct Db {
    /// The tuples of each relation, at its position in `relations()`.
    map: [Vec<Tuple>; 19],
    attempts: RefCell<HashMap<(Pattern, usize), Attempts, FxBuild>>,
    /// The proofs already built (trees share subtrees: scope, grounds, the disposition).
    proofs: RefCell<HashMap<Tuple, Node, FxBuild>>,
}

impl Db {
    pub fn from_run(run: &Run) -> Db {
        use Value::*;
        let mut db = Db::default();
        // An explanation makes a few dozen of each.
        db.attempts.get_mut().reserve(32);
        db.proofs.get_mut().reserve(64);
        let mut put = |rel: &'static str, list: Vec<Tuple>| {
            if let Some(slot) = slot(rel).and_then(|i| db.map.get_mut(i)) {
                *slot = list;
            }
        };
        put(
            "Yes",
            run.yes
                .iter()
                .map(|t| Tuple::new("Yes", &[Mode(t.0), Fact(t.1)]))
                .collect(),
        );
        put(
            "No",
            run.no
                .iter()
                .map(|t| Tuple::new("No", &[Mode(t.0), Fact(t.1)]))
                .collect(),
        );
        put(
            "Text",
            run.present
                .iter()
                .map(|c| Tuple::new("Text", &[Cite(*c)]))
                .collect(),
        );
        put(
            "Asserted",
            run.asserted
                .iter()
                .map(|c| Tuple::new("Asserted", &[Str(c)]))
                .collect(),
        );
        put(
            "Reading",
            run.reading_inputs
                .iter()
                .map(|r| Tuple::new("Reading", &[Str(r)]))
                .collect(),
        );
        put(
            "Promoted",
            crate::law::interpret::ORDER41_MANDATORY
                .iter()
                .map(|c| Tuple::new("Promoted", &[Str(c)]))
                .collect(),
        );
        put(
            "Twin",
            crate::law::interpret::TWINS
                .iter()
                .map(|(a, b)| Tuple::new("Twin", &[Str(a), Str(b)]))
                .collect(),
        );
        derived_tuples(run, &mut |t| {
            if let Some(list) = slot(t.relation).and_then(|i| db.map.get_mut(i)) {
                list.push(t);
            }
        });
        for list in &mut db.map {
            list.sort_unstable_by(|a, b| a.args.cmp_used(&b.args));
            list.dedup();
        }
        db
    }

    pub fn relation(&self, name: &str) -> &[Tuple] {
        slot(name)
            .and_then(|i| self.map.get(i))
            .map(|v| v.as_slice())
            .unwrap_or(&[])
    }

    pub fn contains(&self, t: &Tuple) -> bool {
        self.relation(t.relation)
            .binary_search_by(|x| x.args.cmp_used(&t.args))
            .is_ok()
    }

    /// The relations this database knows how to hold (inputs and outputs).
    pub fn relations() -> [&'static str; 19] {
        [
            "Yes",
            "No",
            "Text",
            "Asserted",
            "Reading",
            "Promoted",
            "Twin",
            "InScope",
            "Ground",
            "ArticleHolds",
            "OutOfScope",
            "Liable",
            "Disposition",
            "NotPursued",
            "Finding",
            "Avails",
            "Barred",
            "Governed",
            "Erred",
        ]
    }
}

/// The position of a relation in `Db::relations()`, found by a match rather than by hashing.
fn slot(name: &str) -> Option<usize> {
    Some(match name {
        "Yes" => 0,
        "No" => 1,
        "Text" => 2,
        "Asserted" => 3,
        "Reading" => 4,
        "Promoted" => 5,
        "Twin" => 6,
        "InScope" => 7,
        "Ground" => 8,
        "ArticleHolds" => 9,
        "OutOfScope" => 10,
        "Liable" => 11,
        "Disposition" => 12,
        "NotPursued" => 13,
        "Finding" => 14,
        "Avails" => 15,
        "Barred" => 16,
        "Governed" => 17,
        "Erred" => 18,
        _ => return None,
    })
}

/// Calls `f` on every derived tuple of a run (its outputs), relation by relation.
pub fn derived_tuples(run: &Run, f: &mut dyn FnMut(Tuple)) {
    tuples_of(run, true, &mut |d| f(d.tuple()))
}

/// A derived tuple as the program's own struct: a cheap, exact hash key (a cite hashes as one
/// number), made into a `Tuple` only when needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Derived {
    Avails(crate::law::rules::Avails),
    Barred(crate::law::rules::Barred),
    Governed(crate::law::rules::Governed),
    Erred(crate::law::rules::Erred),
    InScope(crate::law::rules::InScope),
    Ground(crate::law::rules::Ground),
    ArticleHolds(crate::law::rules::ArticleHolds),
    OutOfScope(crate::law::rules::OutOfScope),
    Liable(crate::law::rules::Liable),
    Disposition(crate::law::rules::Disposition),
    NotPursued(crate::law::rules::NotPursued),
    Finding(crate::law::rules::Finding),
}

impl Derived {
    /// The tuple as the tracer holds it.
    pub fn tuple(self) -> Tuple {
        use Value::*;
        match self {
            Derived::Avails(t) => Tuple::new("Avails", &[Mode(t.0), Str(t.1), Cite(t.2)]),
            Derived::Barred(t) => Tuple::new("Barred", &[Mode(t.0), Str(t.1)]),
            Derived::Governed(t) => Tuple::new("Governed", &[Mode(t.0), Str(t.1)]),
            Derived::Erred(t) => Tuple::new("Erred", &[Mode(t.0), Cite(t.1)]),
            Derived::InScope(t) => Tuple::new("InScope", &[Mode(t.0), Cite(t.1)]),
            Derived::Ground(t) => Tuple::new("Ground", &[Mode(t.0), Cite(t.1)]),
            Derived::ArticleHolds(t) => Tuple::new("ArticleHolds", &[Mode(t.0), Str(t.1)]),
            Derived::OutOfScope(t) => Tuple::new("OutOfScope", &[Cite(t.0)]),
            Derived::Liable(t) => Tuple::new("Liable", &[Cite(t.0)]),
            Derived::Disposition(t) => Tuple::new("Disposition", &[Outcome(t.0), Cite(t.1)]),
            Derived::NotPursued(t) => Tuple::new("NotPursued", &[Condition(t.0), Cite(t.1)]),
            Derived::Finding(t) => Tuple::new("Finding", &[Duty(t.0), Cite(t.1), Condition(t.2)]),
        }
    }
}

/// The derived tuples of a run, relation by relation, those of the `Possible` mode only if
/// `possible`.
fn tuples_of(run: &Run, possible: bool, f: &mut dyn FnMut(Derived)) {
    let keep = |m: Mode| possible || m != Mode::Possible;
    let (
        in_scope,
        grounds,
        articles,
        out_of_scope,
        liable,
        dispositions,
        not_pursued,
        findings,
        avails,
        barred,
        governed,
        erred,
    ) = &run.out;
    avails
        .iter()
        .filter(|t| keep(t.0))
        .for_each(|t| f(Derived::Avails(*t)));
    barred
        .iter()
        .filter(|t| keep(t.0))
        .for_each(|t| f(Derived::Barred(*t)));
    governed
        .iter()
        .filter(|t| keep(t.0))
        .for_each(|t| f(Derived::Governed(*t)));
    erred
        .iter()
        .filter(|t| keep(t.0))
        .for_each(|t| f(Derived::Erred(*t)));
    in_scope
        .iter()
        .filter(|t| keep(t.0))
        .for_each(|t| f(Derived::InScope(*t)));
    grounds
        .iter()
        .filter(|t| keep(t.0))
        .for_each(|t| f(Derived::Ground(*t)));
    articles
        .iter()
        .filter(|t| keep(t.0))
        .for_each(|t| f(Derived::ArticleHolds(*t)));
    out_of_scope.iter().for_each(|t| f(Derived::OutOfScope(*t)));
    liable.iter().for_each(|t| f(Derived::Liable(*t)));
    dispositions
        .iter()
        .for_each(|t| f(Derived::Disposition(*t)));
    not_pursued.iter().for_each(|t| f(Derived::NotPursued(*t)));
    findings.iter().for_each(|t| f(Derived::Finding(*t)));
}

// ---- the expression language of the rules ----

#[derive(Clone, Debug, PartialEq, Eq)]
enum Expr {
    Var(&'static str),
    Wild,
    Const(Value),
    /// `c.clause`
    ClauseOf(&'static str),
    /// `c.article()`
    ArticleOf(&'static str),
    /// `m.dual()`
    DualOf(&'static str),
}

fn constant(name: &'static str) -> Option<Value> {
    if let Some(s) = name.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        return Some(Value::Str(s));
    }
    if let Some(args) = name.strip_prefix("at(").and_then(|s| s.strip_suffix(')')) {
        let (clause, alt) = args.split_once(',')?;
        let clause = clause.trim().strip_prefix('"')?.strip_suffix('"')?;
        return Some(Value::Cite(at(clause, alt.trim().parse().ok()?)));
    }
    let (kind, variant) = match name.split_once("::") {
        Some((k, v)) => (k, v),
        None => ("", name),
    };
    let named = |v: &dyn std::fmt::Debug| format!("{v:?}") == variant;
    match kind {
        "Outcome" => Outcome::ALL
            .into_iter()
            .find(|o| named(o))
            .map(Value::Outcome),
        "Condition" => Condition::ALL
            .into_iter()
            .find(|o| named(o))
            .map(Value::Condition),
        "Duty" => DUTIES
            .iter()
            .map(|r| r.0)
            .find(|o| named(o))
            .map(Value::Duty),
        "" => match variant {
            "Actual" => Some(Value::Mode(Mode::Actual)),
            "Possible" => Some(Value::Mode(Mode::Possible)),
            other => Fact::from_variant(other).map(Value::Fact),
        },
        _ => None,
    }
}

fn parse_expr(s: &'static str) -> Result<Expr, String> {
    let s = s.trim();
    if s == "_" {
        return Ok(Expr::Wild);
    }
    if let Some(var) = s.strip_suffix(".clause") {
        return Ok(Expr::ClauseOf(var));
    }
    if let Some(var) = s.strip_suffix(".article()") {
        return Ok(Expr::ArticleOf(var));
    }
    if let Some(var) = s.strip_suffix(".dual()") {
        return Ok(Expr::DualOf(var));
    }
    if let Some(v) = constant(s) {
        return Ok(Expr::Const(v));
    }
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return Ok(Expr::Var(s));
    }
    Err(format!("the tracer does not understand `{s}`"))
}

#[derive(Clone, Debug)]
enum Step {
    Pos(&'static str, Vec<Expr>),
    Neg(&'static str, Vec<Expr>),
    Guard(Expr, Expr),
    Let(&'static str, Expr),
}

#[derive(Clone, Debug)]
struct Compiled {
    head_relation: &'static str,
    head: Vec<Expr>,
    body: Vec<Step>,
}

fn compile_all() -> Result<Vec<Compiled>, String> {
    let mut out = Vec::new();
    for r in &program().rules {
        let exprs = |args: &[&'static str]| -> Result<Vec<Expr>, String> {
            args.iter().map(|a| parse_expr(a)).collect()
        };
        let mut body = Vec::new();
        for p in &r.body {
            body.push(match p {
                Premise::Atom(a) => Step::Pos(a.relation, exprs(&a.args)?),
                Premise::Negated(a) => Step::Neg(a.relation, exprs(&a.args)?),
                Premise::Guard(g) => {
                    let (l, rhs) = g.split_once("==").ok_or_else(|| {
                        format!("rules.rs:{}: guard `{g}` is not `a == b`", r.line)
                    })?;
                    Step::Guard(parse_expr(l)?, parse_expr(rhs)?)
                }
                Premise::Let { pattern, expr } => Step::Let(pattern, parse_expr(expr)?),
            });
        }
        out.push(Compiled {
            head_relation: r.head.relation,
            head: exprs(&r.head.args).map_err(|e| format!("rules.rs:{}: {e}", r.line))?,
            body,
        });
    }
    Ok(out)
}

/// The rules compiled for the tracer; `Err` names a rule the tracer cannot read (a test fails).
pub fn compiled_check() -> Result<usize, String> {
    compile_all().map(|v| v.len())
}

fn compiled() -> &'static [Compiled] {
    static C: OnceLock<Vec<Compiled>> = OnceLock::new();
    // `tracer_understands_every_rule` proves this succeeds.
    C.get_or_init(|| compile_all().unwrap_or_default())
}

/// The compiled rules concluding `relation`, with their positions in the program.
fn rules_for(relation: &str) -> impl Iterator<Item = (usize, &'static Compiled)> {
    static BY_HEAD: OnceLock<HashMap<&'static str, Vec<usize>, FxBuild>> = OnceLock::new();
    let by_head = BY_HEAD.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<usize>, FxBuild> = HashMap::default();
        for (i, r) in compiled().iter().enumerate() {
            m.entry(r.head_relation).or_default().push(i);
        }
        m
    });
    by_head
        .get(relation)
        .map(|v| v.as_slice())
        .unwrap_or(&[])
        .iter()
        .filter_map(|i| compiled().get(*i).map(|r| (*i, r)))
}

type Env = Vec<(&'static str, Value)>;

fn lookup(env: &Env, var: &str) -> Option<Value> {
    env.iter()
        .rev()
        .find(|(v, _)| same_str(v, var))
        .map(|(_, x)| *x)
}

/// `a == b` for short strings (names of variables, clauses), compared inline, not by `memcmp`.
fn same_str(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && (a.as_ptr() == b.as_ptr() || a.bytes().zip(b.bytes()).all(|(x, y)| x == y))
}

/// Whether `v` is the string `s`.
fn is_str(v: &Value, s: &str) -> bool {
    matches!(v, Value::Str(x) if same_str(x, s))
}

fn eval(e: &Expr, env: &Env) -> Option<Value> {
    match e {
        Expr::Var(v) => lookup(env, v),
        Expr::Wild => None,
        Expr::Const(c) => Some(*c),
        Expr::ClauseOf(v) => match lookup(env, v)? {
            Value::Cite(c) => Some(Value::Str(c.clause)),
            _ => None,
        },
        Expr::ArticleOf(v) => match lookup(env, v)? {
            Value::Cite(c) => Some(Value::Str(c.article())),
            _ => None,
        },
        Expr::DualOf(v) => match lookup(env, v)? {
            Value::Mode(m) => Some(Value::Mode(m.dual())),
            _ => None,
        },
    }
}

/// Whether `t` matches `exprs` under `env`; binds unbound variables into `env` if so.
fn unify(exprs: &[Expr], t: &Tuple, env: &mut Env) -> bool {
    let mark = env.len();
    for (e, v) in exprs.iter().zip(&t.args) {
        let ok = match e {
            Expr::Wild => true,
            Expr::Var(name) => match lookup(env, name) {
                Some(bound) => bound == *v,
                None => {
                    env.push((name, *v));
                    true
                }
            },
            other => eval(other, env) == Some(*v),
        };
        if !ok {
            env.truncate(mark);
            return false;
        }
    }
    true
}

/// The tuple a fully evaluable atom denotes.
fn ground(relation: &'static str, exprs: &[Expr], env: &Env) -> Option<Tuple> {
    let mut vals = [Value::Str(""); 3];
    for (slot, e) in vals.iter_mut().zip(exprs) {
        *slot = eval(e, env)?;
    }
    Some(Tuple::new(
        relation,
        vals.get(..exprs.len()).unwrap_or(&vals),
    ))
}

/// The tuples the positive premises matched, and the negated tuples found absent.
#[derive(Clone, Debug)]
enum Used {
    Pos(Tuple),
    Neg(Tuple),
}

fn solve(
    db: &Db,
    body: &[Step],
    env: &mut Env,
    used: &mut Vec<Used>,
    head_ok: &dyn Fn(&Env) -> bool,
) -> bool {
    let Some((step, rest)) = body.split_first() else {
        return head_ok(env);
    };
    match step {
        Step::Pos(rel, exprs) => {
            // Fully bound: one lookup instead of a scan.
            if let Some(t) = ground(rel, exprs, env) {
                if !db.contains(&t) {
                    return false;
                }
                used.push(Used::Pos(t));
                if solve(db, rest, env, used, head_ok) {
                    return true;
                }
                used.pop();
                return false;
            }
            for t in db.relation(rel) {
                let mark = env.len();
                if unify(exprs, t, env) {
                    used.push(Used::Pos(*t));
                    if solve(db, rest, env, used, head_ok) {
                        return true;
                    }
                    used.pop();
                }
                env.truncate(mark);
            }
            false
        }
        Step::Neg(rel, exprs) => match ground(rel, exprs, env) {
            Some(t) if !db.contains(&t) => {
                used.push(Used::Neg(t));
                if solve(db, rest, env, used, head_ok) {
                    return true;
                }
                used.pop();
                false
            }
            _ => false,
        },
        Step::Guard(l, r) => {
            eval(l, env).is_some()
                && eval(l, env) == eval(r, env)
                && solve(db, rest, env, used, head_ok)
        }
        Step::Let(var, e) => match (eval(e, env), lookup(env, var)) {
            // A variable the head already bound must agree with the `let`.
            (Some(v), Some(bound)) => v == bound && solve(db, rest, env, used, head_ok),
            (Some(v), None) => {
                env.push((var, v));
                let ok = solve(db, rest, env, used, head_ok);
                if !ok {
                    env.pop();
                }
                ok
            }
            (None, _) => false,
        },
    }
}

/// How a tuple was derived: the rule (index in the program) and what its premises matched.
fn derive(db: &Db, t: &Tuple) -> Option<(usize, Vec<Used>)> {
    // Scratch space reused across the rules.
    let mut env = Env::with_capacity(8);
    let mut deferred: Vec<(&Expr, Value)> = Vec::new();
    let mut used = Vec::new();
    for (index, rule) in rules_for(t.relation) {
        // A `let` fixing a head field to another value fails every derivation by the rule.
        if fixed_fields(index)
            .iter()
            .any(|(i, v)| t.args.get(*i).is_some_and(|x| x != v))
        {
            continue;
        }
        env.clear();
        deferred.clear();
        used.clear();
        // Bind what the head can bind now; check the rest once the body has bound it.
        let mut ok = true;
        for (e, v) in rule.head.iter().zip(&t.args) {
            match e {
                Expr::Var(name) if lookup(&env, name).is_none() => env.push((name, *v)),
                Expr::Const(c) => ok &= c == v,
                other => deferred.push((other, *v)),
            }
        }
        if !ok {
            continue;
        }
        let head_ok = |env: &Env| deferred.iter().all(|(e, v)| eval(e, env) == Some(*v));
        if solve(db, &rule.body, &mut env, &mut used, &head_ok) {
            return Some((index, used));
        }
    }
    None
}

/// Whether an input tuple is among a run's inputs (no database needed).
fn input_of(run: &Run, t: &Tuple) -> bool {
    use crate::law::rules::{No, Yes};
    match (t.relation, t.args.as_slice()) {
        ("Yes", [Value::Mode(m), Value::Fact(f)]) => run.yes.contains(&Yes(*m, *f)),
        ("No", [Value::Mode(m), Value::Fact(f)]) => run.no.contains(&No(*m, *f)),
        ("Text", [Value::Cite(c)]) => run.present.contains(c),
        ("Asserted", [Value::Str(s)]) => run.asserted.contains(s),
        ("Reading", [Value::Str(s)]) => run.reading_inputs.contains(s),
        ("Promoted", [Value::Str(s)]) => crate::law::interpret::ORDER41_MANDATORY.contains(s),
        ("Twin", [Value::Str(a), Value::Str(b)]) => {
            crate::law::interpret::TWINS.contains(&(*a, *b))
        }
        _ => false,
    }
}

/// Calls `f` on every derived tuple of `run` that holds for what the case establishes (those
/// not of the `Possible` mode, left out before they are built) with the rules that may have
/// concluded it, judged from the tuple and the run's inputs alone: the head must match the
/// tuple, every `let` and guard that the head's variables decide must hold, and every input
/// premise they decide must be an input of the run. A rule left out cannot have derived the
/// tuple; when more than one is left, only `rule_of` can tell.
pub fn established_candidates(run: &Run, f: &mut dyn FnMut(Derived, &[usize])) {
    // The judgement without the inputs depends on the tuple alone, and a program has few
    // distinct derived tuples: remember it for the process, shared by batch's workers, with
    // the input tuples each candidate needs, so that a run only checks those.
    // Read under a shared lock taken once per run without waiting (when a writer is due, the
    // run judges afresh); the tuples judged for the first time are added afterwards.
    type Judged = HashMap<Derived, Box<[Candidate]>, FxBuild>;
    static JUDGED: OnceLock<RwLock<Judged>> = OnceLock::new();
    let judged = JUDGED.get_or_init(RwLock::default);
    let mut rules: Vec<usize> = Vec::new();
    let mut new: Vec<(Derived, Box<[Candidate]>)> = Vec::new();
    {
        let cache = match judged.try_read() {
            Ok(cache) => Some(cache),
            // A panic elsewhere while the lock was held leaves the map whole: read on.
            Err(TryLockError::Poisoned(e)) => Some(e.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        };
        tuples_of(run, false, &mut |d| {
            rules.clear();
            match cache.as_ref().and_then(|c| c.get(&d)) {
                Some(candidates) => select(run, candidates, &mut rules),
                None => {
                    let candidates = judge(&d.tuple());
                    select(run, &candidates, &mut rules);
                    new.push((d, candidates));
                }
            }
            f(d, &rules);
        });
    }
    if !new.is_empty() {
        let mut cache = judged.write().unwrap_or_else(|e| e.into_inner());
        for (d, candidates) in new {
            cache.entry(d).or_insert(candidates);
        }
    }
}

/// A rule that may have concluded a tuple, and the input tuples it then needs.
struct Candidate {
    rule: usize,
    inputs: Box<[Tuple]>,
}

/// The rules that may have concluded `t` whatever the inputs, with the inputs each needs.
fn judge(t: &Tuple) -> Box<[Candidate]> {
    rules_for(t.relation)
        .filter_map(|(rule, compiled)| {
            head_judgement(compiled, t).map(|inputs| Candidate { rule, inputs })
        })
        .collect()
}

/// Appends to `out` the candidates that may have concluded their tuple in `run`: a single one
/// without looking at the run, else those whose inputs the run has.
#[inline]
fn select(run: &Run, candidates: &[Candidate], out: &mut Vec<usize>) {
    match candidates {
        [one] => out.push(one.rule),
        several => out.extend(
            several
                .iter()
                .filter(|c| c.inputs.iter().all(|input| input_of(run, input)))
                .map(|c| c.rule),
        ),
    }
}

/// Whether `rule` may have concluded `t` whatever the inputs (see `established_candidates`), and if so the
/// input tuples its premises then require: the rule may have concluded `t` in a run exactly
/// when these are among the run's inputs.
fn head_judgement(rule: &Compiled, t: &Tuple) -> Option<Box<[Tuple]>> {
    let mut env = Env::new();
    let mut deferred = Vec::new();
    let mut inputs = Vec::new();
    for (e, v) in rule.head.iter().zip(&t.args) {
        match e {
            Expr::Var(name) if lookup(&env, name).is_none() => env.push((name, *v)),
            Expr::Const(c) if c != v => return None,
            Expr::Const(_) => {}
            other => deferred.push((other, *v)),
        }
    }
    for step in &rule.body {
        match step {
            Step::Let(var, e) => match (eval(e, &env), lookup(&env, var)) {
                (Some(v), Some(bound)) if v != bound => return None,
                (Some(v), None) => env.push((var, v)),
                _ => {}
            },
            Step::Guard(l, r) => {
                if let (Some(a), Some(b)) = (eval(l, &env), eval(r, &env))
                    && a != b
                {
                    return None;
                }
            }
            Step::Pos(rel, exprs) => {
                if INPUTS.contains(rel)
                    && let Some(input) = ground(rel, exprs, &env)
                {
                    inputs.push(input);
                }
            }
            Step::Neg(..) => {}
        }
    }
    deferred
        .iter()
        .all(|(e, v)| eval(e, &env).is_none_or(|x| x == *v))
        .then(|| inputs.into_boxed_slice())
}

/// The rule (its index in the program) that derived a tuple of `db`.
pub fn rule_of(db: &Db, t: &Tuple) -> Option<usize> {
    derive(db, t).map(|(rule, _)| rule)
}

/// A node of a derivation tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// A rule application that fired in the run: its conclusion and the proofs of its premises.
    Rule {
        tuple: Tuple,
        rule: usize,
        children: Vec<Node>,
    },
    /// An input of the run (a fact, a clause present in the text, an assertion).
    Input { tuple: Tuple },
    /// A negated premise: the tuple does not hold, because every rule that could derive it
    /// fails as shown.
    Absent { tuple: Tuple, attempts: Attempts },
    /// A derived tuple the tracer could not rederive (never expected; a test checks).
    Unexplained { tuple: Tuple },
}

impl Node {
    /// The tuple the node is about: concluded, input, absent or unexplained.
    pub fn tuple(&self) -> &Tuple {
        match self {
            Node::Rule { tuple, .. }
            | Node::Input { tuple }
            | Node::Absent { tuple, .. }
            | Node::Unexplained { tuple } => tuple,
        }
    }
}

/// The proof of a tuple that holds in `db`.
pub fn prove(db: &Db, t: &Tuple) -> Node {
    if let Some(done) = db.proofs.borrow().get(t) {
        return done.clone();
    }
    let node = build_proof(db, t);
    db.proofs.borrow_mut().insert(*t, node.clone());
    node
}

fn build_proof(db: &Db, t: &Tuple) -> Node {
    if INPUTS.contains(&t.relation) {
        return Node::Input { tuple: *t };
    }
    match derive(db, t) {
        None => Node::Unexplained { tuple: *t },
        Some((rule, used)) => Node::Rule {
            tuple: *t,
            rule,
            children: used
                .iter()
                .map(|u| match u {
                    Used::Pos(p) => prove(db, p),
                    Used::Neg(n) => Node::Absent {
                        tuple: *n,
                        attempts: why_absent(db, &Pattern::exact(n), 0),
                    },
                })
                .collect(),
        },
    }
}

/// A tuple sought, possibly with free fields, each free field possibly constrained
/// (`c.article() == "8"`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pattern {
    pub relation: &'static str,
    pub args: Vec<Option<Value>>,
    /// (field, accessor, value): the free field's `.article()` or `.clause` must equal value.
    pub constraints: Vec<(usize, Accessor, Value)>,
}

/// What a constraint reads from a cite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Accessor {
    Article,
    Clause,
}

impl Pattern {
    /// Any `relation(mode, c)` whose cite is of `clause`.
    pub fn of_clause(relation: &'static str, mode: Mode, clause: &'static str) -> Pattern {
        Pattern {
            relation,
            args: vec![Some(Value::Mode(mode)), None],
            constraints: vec![(1, Accessor::Clause, Value::Str(clause))],
        }
    }

    pub fn exact(t: &Tuple) -> Pattern {
        Pattern {
            relation: t.relation,
            args: t.args.iter().map(|v| Some(*v)).collect(),
            constraints: Vec::new(),
        }
    }
}

/// Why one premise of an attempted rule failed or held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Held (the tuple it matched, if an atom).
    Met(Option<Tuple>),
    /// A positive premise with no matching tuple; for a derived relation, why not.
    Missing { sought: Pattern, sub: Attempts },
    /// A negated premise whose tuple holds.
    Blocked(Tuple),
    /// A guard that is false.
    GuardFalse,
    /// Depends on a variable an earlier failed premise would have bound.
    NotReached,
}

/// One rule that could have derived an absent tuple, and the status of each of its premises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub rule: usize,
    /// The cite bound in the attempt (for clause rules).
    pub cite: Option<Cite>,
    /// One entry per body premise of the rule, in order (lets included, as `Met(None)`).
    pub premises: Vec<Status>,
}

impl Attempt {
    /// The premises that failed.
    pub fn failures(&self) -> impl Iterator<Item = (usize, &Status)> {
        self.premises
            .iter()
            .enumerate()
            .filter(|(_, s)| !matches!(s, Status::Met(_)))
    }
}

const MAX_DEPTH: usize = 3;

/// Every rule that could derive a tuple matching `p`, with the status of its premises.
pub fn why_absent(db: &Db, p: &Pattern, depth: usize) -> Attempts {
    let key = (p.clone(), depth);
    if let Some(done) = db.attempts.borrow().get(&key) {
        return done.clone();
    }
    let out: Attempts = Rc::new(attempts(db, p, depth));
    db.attempts.borrow_mut().insert(key, out.clone());
    out
}

/// Failed attempts, shared: an explanation refers to the same analysis from many places.
pub type Attempts = Rc<Vec<Attempt>>;

/// For each rule (by position), the head fields that a `let` of its body sets to a constant.
fn fixed_fields(index: usize) -> &'static [(usize, Value)] {
    static FIXED: OnceLock<Vec<Vec<(usize, Value)>>> = OnceLock::new();
    let fixed = FIXED.get_or_init(|| {
        compiled()
            .iter()
            .map(|r| {
                let mut out = Vec::new();
                for (i, e) in r.head.iter().enumerate() {
                    for step in &r.body {
                        if let (Expr::Var(name), Step::Let(var, Expr::Const(v))) = (e, step)
                            && name == var
                        {
                            out.push((i, *v));
                        }
                    }
                }
                out
            })
            .collect()
    });
    fixed.get(index).map(|v| v.as_slice()).unwrap_or(&[])
}

/// Whether `attempts` would dismiss the rule at a `let` fixing a head field: the pattern binds
/// that field to another value, or constrains it to a clause or article the constant lacks.
fn ruled_out(index: usize, p: &Pattern) -> bool {
    fixed_fields(index)
        .iter()
        .any(|(i, v)| match p.args.get(*i).copied().flatten() {
            Some(x) => x != *v,
            None => p.constraints.iter().any(|(field, acc, w)| {
                *field == *i
                    && match v {
                        Value::Cite(c) => match acc {
                            Accessor::Article => !is_str(w, c.article()),
                            Accessor::Clause => !is_str(w, c.clause),
                        },
                        _ => true,
                    }
            }),
        })
}

fn attempts(db: &Db, p: &Pattern, depth: usize) -> Vec<Attempt> {
    let mut out = Vec::with_capacity(4);
    // Scratch space reused across the rules (most are dismissed within a step or two).
    let mut env = Env::with_capacity(8);
    let mut deferred: Vec<(&Expr, Value)> = Vec::new();
    // Constraints on variables, carried from the pattern's free fields.
    let mut var_constraints: Vec<(&'static str, Accessor, Value)> = Vec::with_capacity(4);
    let mut premises: Vec<Status> = Vec::with_capacity(8);
    for (index, rule) in rules_for(p.relation) {
        if ruled_out(index, p) {
            continue;
        }
        env.clear();
        deferred.clear();
        var_constraints.clear();
        premises.clear();
        let mut relevant = true;
        for (i, e) in rule.head.iter().enumerate() {
            match (e, p.args.get(i).copied().flatten()) {
                (Expr::Var(name), Some(v)) => match lookup(&env, name) {
                    Some(b) => relevant &= b == v,
                    None => env.push((name, v)),
                },
                (Expr::Var(name), None) => {
                    for (field, acc, v) in &p.constraints {
                        if *field == i {
                            var_constraints.push((name, *acc, *v));
                        }
                    }
                }
                (Expr::Const(c), Some(v)) => relevant &= *c == v,
                (other, Some(v)) => deferred.push((other, v)),
                _ => {}
            }
        }
        if !relevant {
            continue;
        }
        // A guard `(c.article() == "9")` on a variable the head left free narrows it like a
        // constraint; one that contradicts a constraint carried down makes the rule irrelevant.
        for step in &rule.body {
            if let Step::Guard(Expr::ArticleOf(var), Expr::Const(v)) = step
                && lookup(&env, var).is_none()
            {
                let clash = var_constraints
                    .iter()
                    .any(|(x, acc, w)| x == var && *acc == Accessor::Article && w != v)
                    || deferred
                        .iter()
                        .any(|(e, w)| matches!(e, Expr::ArticleOf(x) if x == var) && w != v);
                if clash {
                    relevant = false;
                }
                var_constraints.push((var, Accessor::Article, *v));
            }
        }
        if !relevant {
            continue;
        }
        let satisfies = |env: &Env| {
            var_constraints
                .iter()
                .all(|(var, acc, v)| match lookup(env, var) {
                    None => true,
                    Some(Value::Cite(c)) => match acc {
                        Accessor::Article => is_str(v, c.article()),
                        Accessor::Clause => is_str(v, c.clause),
                    },
                    Some(_) => false,
                })
                && deferred
                    .iter()
                    .all(|(e, v)| eval(e, env).is_none_or(|x| x == *v))
        };
        let mut blocked_vars = false;
        for step in &rule.body {
            let status = match step {
                Step::Let(var, e) => match (eval(e, &env), lookup(&env, var)) {
                    (Some(v), Some(bound)) if v != bound => {
                        relevant = false;
                        break;
                    }
                    (Some(v), _) => {
                        env.push((var, v));
                        if !satisfies(&env) {
                            relevant = false;
                            break;
                        }
                        Status::Met(None)
                    }
                    (None, _) => Status::NotReached,
                },
                Step::Guard(l, r) => match (eval(l, &env), eval(r, &env)) {
                    (Some(a), Some(b)) if a == b => Status::Met(None),
                    (Some(_), Some(_)) => Status::GuardFalse,
                    _ => Status::NotReached,
                },
                Step::Neg(rel, exprs) => match ground(rel, exprs, &env) {
                    Some(t) if db.contains(&t) => Status::Blocked(t),
                    Some(_) => Status::Met(None),
                    None => Status::NotReached,
                },
                Step::Pos(rel, exprs) => {
                    let found = match ground(rel, exprs, &env) {
                        Some(t) => db.contains(&t).then_some(&t).cloned(),
                        None => {
                            // Try each tuple on the environment itself, undoing the bindings.
                            let mark = env.len();
                            db.relation(rel)
                                .iter()
                                .find(|t| {
                                    let ok = unify(exprs, t, &mut env) && satisfies(&env);
                                    env.truncate(mark);
                                    ok
                                })
                                .cloned()
                        }
                    };
                    let found = found.as_ref();
                    match found {
                        Some(t) => {
                            unify(exprs, t, &mut env);
                            Status::Met(Some(*t))
                        }
                        None if blocked_vars
                            && exprs
                                .iter()
                                .any(|e| eval(e, &env).is_none() && *e != Expr::Wild) =>
                        {
                            Status::NotReached
                        }
                        None => {
                            // The pattern sought: bound fields, free ones constrained.
                            let mut sought = Pattern {
                                relation: rel,
                                args: exprs.iter().map(|e| eval(e, &env)).collect(),
                                constraints: Vec::new(),
                            };
                            for (i, e) in exprs.iter().enumerate() {
                                if let Expr::Var(name) = e
                                    && lookup(&env, name).is_none()
                                {
                                    blocked_vars = true;
                                    for (var, acc, v) in &var_constraints {
                                        if var == name {
                                            sought.constraints.push((i, *acc, *v));
                                        }
                                    }
                                    for (de, v) in &deferred {
                                        match de {
                                            Expr::ArticleOf(x) if x == name => {
                                                sought.constraints.push((i, Accessor::Article, *v))
                                            }
                                            Expr::ClauseOf(x) if x == name => {
                                                sought.constraints.push((i, Accessor::Clause, *v))
                                            }
                                            _ => {}
                                        }
                                    }
                                }
                            }
                            let sub = if INPUTS.contains(rel) || depth >= MAX_DEPTH {
                                Attempts::default()
                            } else {
                                why_absent(db, &sought, depth + 1)
                            };
                            Status::Missing { sought, sub }
                        }
                    }
                }
            };
            premises.push(status);
        }
        if !relevant {
            continue;
        }
        // A derived premise that no rule can conclude under the constraints carried down (an
        // `InScope` sought with the article of a ground) makes the whole rule irrelevant.
        let impossible = premises.iter().any(|st| {
            matches!(st, Status::Missing { sought, sub }
                if sub.is_empty()
                    && !sought.constraints.is_empty()
                    && !INPUTS.contains(&sought.relation)
                    && depth < MAX_DEPTH)
        });
        if impossible {
            continue;
        }
        let cite = lookup(&env, "c").and_then(|v| match v {
            Value::Cite(c) => Some(c),
            _ => None,
        });
        // An exact-size copy; the scratch keeps its capacity for the next rule.
        #[allow(clippy::drain_collect)]
        let statuses = premises.drain(..).collect();
        out.push(Attempt {
            rule: index,
            cite,
            premises: statuses,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracer_understands_every_rule() {
        assert_eq!(compiled_check(), Ok(program().rules.len()));
    }

    #[test]
    fn every_declared_relation_has_a_place_in_the_database() {
        for r in &program().relations {
            assert!(Db::relations().contains(&r.name), "{}", r.name);
        }
        assert_eq!(Db::relations().len(), program().relations.len());
        for (i, r) in Db::relations().iter().enumerate() {
            assert_eq!(slot(r), Some(i), "{r}");
        }
    }
}
