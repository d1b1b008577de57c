//! One run of the program as a database of generic tuples, and an interpreter of the rules'
//! premises over it. The rules come from the table read from the `crepe!` source (`program`):
//! no rule body is restated here. The interpreter understands the expressions the rules use
//! (variables, constants, `at(..)`, `c.clause`, `c.article()`, `==` guards); a test checks it
//! understands every rule. From it come which rule concluded a tuple (`rule_of`) and the rules
//! that fired in a run (for the interpretations a determination rests on); the tracer builds
//! its proofs and why-not on the same interpreter.

use crate::base::hash::FxBuild;
use crate::engine::run::Run;
use crate::law::facts::Fact;
use crate::law::labels::DUTIES;
use crate::law::program::{Premise, program};
use crate::law::rules::{Cite, Condition, Duty, Mode, Outcome, at};
use std::any::Any;
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
pub const INPUTS: [&str; 9] = [
    "Yes", "No", "Bound", "Effect", "Added", "Asserted", "Reading", "Promoted", "Twin",
];

/// All tuples of one run, inputs and outputs, by relation, each list sorted; and a memo for
/// the analyses made over them (an explanation asks for the same proofs and why-not several
/// times; the tracer keeps them here, in a type of its own).
#[derive(Clone, Debug, Default)]
pub struct Db {
    /// The tuples of each relation, at its position in `relations()`.
    map: [Vec<Tuple>; 21],
    memo: Memo,
}

/// One analysis's memo, of a type the analysis chooses (`Db::memo`); a clone shares it.
#[derive(Clone, Default)]
struct Memo(RefCell<Option<Rc<dyn Any>>>);

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl Db {
    /// The memo of type `T` kept with this database, made empty on first use. One type at a
    /// time: asking for another starts that one afresh.
    pub fn memo<T: Any + Default>(&self) -> Rc<T> {
        let mut slot = self.memo.0.borrow_mut();
        if let Some(m) = slot
            .as_ref()
            .and_then(|m| Rc::clone(m).downcast::<T>().ok())
        {
            return m;
        }
        let m = Rc::new(T::default());
        *slot = Some(m.clone());
        m
    }
}

impl Db {
    pub fn from_run(run: &Run) -> Db {
        use Value::*;
        let mut db = Db::default();
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
            "Bound",
            run.text
                .bound
                .iter()
                .map(|(r, c)| Tuple::new("Bound", &[Cite(*r), Cite(*c)]))
                .collect(),
        );
        put(
            "Effect",
            run.text
                .effects
                .iter()
                .map(|(c, a)| Tuple::new("Effect", &[Str(c), Str(a)]))
                .collect(),
        );
        put(
            "Added",
            run.text
                .added
                .iter()
                .map(|c| Tuple::new("Added", &[Cite(*c)]))
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
            run.text
                .promoted
                .iter()
                .map(|c| Tuple::new("Promoted", &[Str(c)]))
                .collect(),
        );
        put(
            "Twin",
            run.text
                .twins
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
    pub fn relations() -> [&'static str; 21] {
        [
            "Yes",
            "No",
            "Bound",
            "Effect",
            "Added",
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
pub(crate) fn slot(name: &str) -> Option<usize> {
    Some(match name {
        "Yes" => 0,
        "No" => 1,
        "Bound" => 2,
        "Effect" => 3,
        "Added" => 4,
        "Asserted" => 5,
        "Reading" => 6,
        "Promoted" => 7,
        "Twin" => 8,
        "InScope" => 9,
        "Ground" => 10,
        "ArticleHolds" => 11,
        "OutOfScope" => 12,
        "Liable" => 13,
        "Disposition" => 14,
        "NotPursued" => 15,
        "Finding" => 16,
        "Avails" => 17,
        "Barred" => 18,
        "Governed" => 19,
        "Erred" => 20,
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
pub(crate) enum Expr {
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

pub(crate) fn constant(name: &'static str) -> Option<Value> {
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
pub(crate) enum Step {
    Pos(&'static str, Vec<Expr>),
    Neg(&'static str, Vec<Expr>),
    Guard(Expr, Expr),
    Let(&'static str, Expr),
}

#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    pub(crate) head_relation: &'static str,
    pub(crate) head: Vec<Expr>,
    pub(crate) body: Vec<Step>,
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

pub(crate) fn compiled() -> &'static [Compiled] {
    static C: OnceLock<Vec<Compiled>> = OnceLock::new();
    // `tracer_understands_every_rule` proves this succeeds.
    C.get_or_init(|| compile_all().unwrap_or_default())
}

/// The compiled rules concluding `relation`, with their positions in the program.
pub(crate) fn rules_for(relation: &str) -> impl Iterator<Item = (usize, &'static Compiled)> {
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

pub(crate) type Env = Vec<(&'static str, Value)>;

pub(crate) fn lookup(env: &Env, var: &str) -> Option<Value> {
    env.iter()
        .rev()
        .find(|(v, _)| same_str(v, var))
        .map(|(_, x)| *x)
}

/// `a == b` for short strings (names of variables, clauses), compared inline, not by `memcmp`.
pub(crate) fn same_str(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && (a.as_ptr() == b.as_ptr() || a.bytes().zip(b.bytes()).all(|(x, y)| x == y))
}

/// Whether `v` is the string `s`.
pub(crate) fn is_str(v: &Value, s: &str) -> bool {
    matches!(v, Value::Str(x) if same_str(x, s))
}

pub(crate) fn eval(e: &Expr, env: &Env) -> Option<Value> {
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
pub(crate) fn unify(exprs: &[Expr], t: &Tuple, env: &mut Env) -> bool {
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
pub(crate) fn ground(relation: &'static str, exprs: &[Expr], env: &Env) -> Option<Tuple> {
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
pub(crate) enum Used {
    Pos(Tuple),
    Neg(Tuple),
}

pub(crate) fn solve(
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

/// For each rule (by position), the head fields that a `let` of its body sets to a constant.
pub(crate) fn fixed_fields(index: usize) -> &'static [(usize, Value)] {
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

/// For each rule (by position), the head fields its clause's binding sets: `let r = at(..)`
/// then `Bound(r, c)` with `c` in the head, as (field, the reference cite).
fn bound_fields(index: usize) -> &'static [(usize, Cite)] {
    static BOUND: OnceLock<Vec<Vec<(usize, Cite)>>> = OnceLock::new();
    let bound = BOUND.get_or_init(|| {
        compiled()
            .iter()
            .map(|r| {
                let mut out = Vec::new();
                for (i, e) in r.head.iter().enumerate() {
                    let Expr::Var(name) = e else { continue };
                    for step in &r.body {
                        let Step::Pos("Bound", args) = step else {
                            continue;
                        };
                        let (Some(Expr::Var(from)), Some(Expr::Var(to))) =
                            (args.first(), args.get(1))
                        else {
                            continue;
                        };
                        if to != name {
                            continue;
                        }
                        for s in &r.body {
                            if let Step::Let(var, Expr::Const(Value::Cite(c))) = s
                                && var == from
                            {
                                out.push((i, *c));
                            }
                        }
                    }
                }
                out
            })
            .collect()
    });
    bound.get(index).map(|v| v.as_slice()).unwrap_or(&[])
}

/// The head fields a rule fixes in this run: by a `let` to a constant, or through its clause's
/// binding to where the loaded text has that clause. `None` when the rule's clause is not in
/// the loaded text: the rule cannot derive anything.
pub(crate) fn head_fixed(db: &Db, index: usize) -> Option<Vec<(usize, Value)>> {
    let mut out = fixed_fields(index).to_vec();
    for &(i, reference) in bound_fields(index) {
        let loaded = db
            .relation("Bound")
            .iter()
            .find_map(|t| match t.args.as_slice() {
                [Value::Cite(r), Value::Cite(c)] if *r == reference => Some(*c),
                _ => None,
            })?;
        out.push((i, Value::Cite(loaded)));
    }
    Some(out)
}

/// How a tuple was derived: the rule (index in the program) and what its premises matched.
pub(crate) fn derive(db: &Db, t: &Tuple) -> Option<(usize, Vec<Used>)> {
    // Scratch space reused across the rules.
    let mut env = Env::with_capacity(8);
    let mut deferred: Vec<(&Expr, Value)> = Vec::new();
    let mut used = Vec::new();
    for (index, rule) in rules_for(t.relation) {
        // A `let` or a binding fixing a head field to another value fails every derivation by
        // the rule.
        let Some(fixed) = head_fixed(db, index) else {
            continue;
        };
        if fixed
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
pub(crate) fn input_of(run: &Run, t: &Tuple) -> bool {
    use crate::law::rules::{No, Yes};
    match (t.relation, t.args.as_slice()) {
        ("Yes", [Value::Mode(m), Value::Fact(f)]) => run.yes.contains(&Yes(*m, *f)),
        ("No", [Value::Mode(m), Value::Fact(f)]) => run.no.contains(&No(*m, *f)),
        ("Bound", [Value::Cite(r), Value::Cite(c)]) => run.text.bound.contains(&(*r, *c)),
        ("Effect", [Value::Str(c), Value::Str(a)]) => run.text.effects.contains(&(*c, *a)),
        ("Added", [Value::Cite(c)]) => run.text.added.contains(c),
        ("Asserted", [Value::Str(s)]) => run.asserted.contains(s),
        ("Reading", [Value::Str(s)]) => run.reading_inputs.contains(s),
        ("Promoted", [Value::Str(s)]) => run.text.promoted.contains(s),
        ("Twin", [Value::Str(a), Value::Str(b)]) => run.text.twins.contains(&(*a, *b)),
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
