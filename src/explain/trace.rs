//! The explanation tracer. It proves each determination again from the outputs of the very
//! run that made it, over the run's database and the rule interpreter of `engine::db`. Two
//! things are built:
//! - proofs: for a derived tuple, the rule that concluded it and, recursively, the tuples its
//!   premises matched, down to the inputs; a negated premise becomes an `Absent` node that
//!   lists every rule that could have derived the tuple and why each failed;
//! - why-not: the same failure analysis for a tuple that does not hold (an unmet ground).

use crate::base::hash::FxBuild;
use crate::engine::db::{
    Db, Env, Expr, INPUTS, Step, Tuple, Used, Value, compiled, derive, eval, ground, head_fixed,
    is_str, lookup, rules_for, unify,
};
use crate::law::rules::{Cite, Mode};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

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
    let memo = db.memo::<Memo>();
    if let Some(done) = memo.proofs.borrow().get(t) {
        return done.clone();
    }
    let node = build_proof(db, t);
    memo.proofs.borrow_mut().insert(*t, node.clone());
    node
}

/// The proofs and why-not analyses already made over one database (trees share subtrees:
/// scope, grounds, the disposition; an explanation asks for the same why-not several times).
struct Memo {
    proofs: RefCell<HashMap<Tuple, Node, FxBuild>>,
    attempts: RefCell<HashMap<(Pattern, usize), Attempts, FxBuild>>,
}

impl Default for Memo {
    fn default() -> Memo {
        // An explanation makes a few dozen of each.
        Memo {
            proofs: RefCell::new(HashMap::with_capacity_and_hasher(64, FxBuild::default())),
            attempts: RefCell::new(HashMap::with_capacity_and_hasher(32, FxBuild::default())),
        }
    }
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
    let memo = db.memo::<Memo>();
    if let Some(done) = memo.attempts.borrow().get(&key) {
        return done.clone();
    }
    let out: Attempts = Rc::new(attempts(db, p, depth));
    memo.attempts.borrow_mut().insert(key, out.clone());
    out
}

/// Failed attempts, shared: an explanation refers to the same analysis from many places.
pub type Attempts = Rc<Vec<Attempt>>;

/// Whether `attempts` would dismiss the rule at a `let` fixing a head field: the pattern binds
/// that field to another value, or constrains it to a clause or article the constant lacks.
fn ruled_out(db: &Db, index: usize, p: &Pattern) -> bool {
    let Some(fixed) = head_fixed(db, index) else {
        return true;
    };
    // A rule for clauses the loaded text adds (`Added(c)`) is about no other clause.
    if let Some(rule) = compiled().get(index) {
        for step in &rule.body {
            let Step::Pos("Added", args) = step else {
                continue;
            };
            let Some(Expr::Var(v)) = args.first() else {
                continue;
            };
            let Some(field) = rule
                .head
                .iter()
                .position(|e| matches!(e, Expr::Var(h) if h == v))
            else {
                continue;
            };
            let added = db.relation("Added");
            let fits = |c: &Cite| match p.args.get(field).copied().flatten() {
                Some(x) => x == Value::Cite(*c),
                None => p.constraints.iter().all(|(f, acc, w)| {
                    *f != field
                        || match acc {
                            Accessor::Article => is_str(w, c.article()),
                            Accessor::Clause => is_str(w, c.clause),
                        }
                }),
            };
            if !added.iter().any(|t| match t.args.first() {
                Some(Value::Cite(c)) => fits(c),
                _ => false,
            }) {
                return true;
            }
        }
    }
    fixed
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
        if ruled_out(db, index, p) {
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
        // A guard `(a == "9")` on a variable the pattern fixed to another value makes the rule
        // irrelevant (an `Avails` rule for another article's effect).
        for step in &rule.body {
            if let Step::Guard(Expr::Var(var), Expr::Const(v)) = step
                && lookup(&env, var).is_some_and(|w| w != *v)
            {
                relevant = false;
            }
        }
        // `Effect(c.article(), a)` with the effect `a` known and `c` free narrows `c` to the
        // article that has the effect (the one article, as every text has it).
        for step in &rule.body {
            if let Step::Pos("Effect", args) = step
                && let (Some(Expr::ArticleOf(var)), Some(second)) = (args.first(), args.get(1))
                && lookup(&env, var).is_none()
            {
                let effect = match second {
                    Expr::Var(a) => lookup(&env, a),
                    Expr::Const(v) => Some(*v),
                    _ => None,
                };
                let Some(effect) = effect else { continue };
                let articles: Vec<Value> = db
                    .relation("Effect")
                    .iter()
                    .filter(|t| t.args.get(1) == Some(&effect))
                    .filter_map(|t| t.args.first().copied())
                    .collect();
                if let [one] = articles.as_slice() {
                    var_constraints.push((var, Accessor::Article, *one));
                }
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
