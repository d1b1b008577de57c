//! A reproducible generator of valid, varied case files (JSON Lines) over the whole fact
//! vocabulary and the years the calendar covers, for batch runs, benchmarks and `diff`
//! scenario sets. The same seed gives the same cases.

use crate::calendar::{Calendar, Date};
use crate::facts::{Source, VOCABULARY};
use serde_json::{Map, Value, json};

/// A small deterministic generator (xorshift64*); no crate needed for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// Case `index` of the set drawn from `seed`, as one JSON object.
pub fn case(seed: u64, index: u64) -> Value {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    let mut facts = Map::new();
    for d in VOCABULARY.iter().filter(|d| d.source == Source::Case) {
        // Mostly settled facts, some unknown; true rarer than false, as in real files.
        match rng.below(10) {
            0..=2 => {
                facts.insert(d.name.into(), json!(true));
            }
            3..=7 => {
                facts.insert(d.name.into(), json!(false));
            }
            _ => {}
        }
    }
    // Almost every case is in scope.
    if rng.below(20) != 0 {
        facts.insert("in_market_regulation_system".into(), json!(true));
        facts.insert("sandbox_enforcement_role".into(), json!(true));
    }
    let mut case = json!({
        "id": format!("gen-{seed}-{index}"),
        "description": "generated",
        "facts": facts,
    });
    // Dates in order, inside the covered years with room for the longest period walk.
    if rng.below(3) != 0 {
        let cal = Calendar::bundled();
        let first = Date::new(cal.first_year(), 1, 1);
        let last = Date::new(cal.last_year(), 11, 30);
        if let (Some(first), Some(last)) = (first, last) {
            let span = first.days_until(last).max(1) as u64;
            let started = first.add_days(rng.below(span) as i64);
            let filed = started.add_days(rng.below(12) as i64);
            let mut dates = json!({
                "accountability_started": started.to_string(),
                "application_filed": filed.to_string(),
            });
            if rng.below(2) == 0 {
                let made = filed.add_days(1 + rng.below(10) as i64);
                let notified = made.add_days(rng.below(12) as i64);
                if notified <= last
                    && let Some(d) = dates.as_object_mut()
                {
                    d.insert("decision_made".into(), json!(made.to_string()));
                    d.insert("decision_notified".into(), json!(notified.to_string()));
                }
            }
            if let Some(c) = case.as_object_mut() {
                c.insert("dates".into(), dates);
            }
        }
    }
    case
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Case;
    use crate::engine::Engine;
    use crate::text::PolicyText;

    #[test]
    fn generated_cases_are_valid_varied_and_reproducible() {
        let engine = Engine::new(PolicyText::bundled());
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..500 {
            let v = case(7, i);
            assert_eq!(v, case(7, i));
            let c = Case::parse("gen", &v.to_string()).unwrap();
            let d = engine.evaluate(&c).unwrap();
            seen.insert(d.disposition);
        }
        assert!(seen.len() >= 5, "{seen:?}");
        assert_ne!(case(7, 1), case(8, 1));
    }
}
