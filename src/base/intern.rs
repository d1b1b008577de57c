//! Interned strings: clause ids of a loaded text live as long as the program, like the rules'
//! own ids, so derived tuples can carry either. Each distinct string is stored once, so loading
//! revised texts again and again (a drafter's edits) grows the store only by ids never seen.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

/// The one stored copy of `s`.
pub fn intern(s: &str) -> &'static str {
    static STORE: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let store = STORE.get_or_init(|| Mutex::new(HashSet::new()));
    // A panic elsewhere while the lock was held leaves the set intact: keep using it.
    let mut set = store.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&kept) = set.get(s) {
        return kept;
    }
    let kept: &'static str = Box::leak(s.to_string().into_boxed_str());
    set.insert(kept);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_copy_per_string() {
        let a = intern(&String::from("9.4"));
        let b = intern("9.4");
        assert!(std::ptr::eq(a, b));
        assert_eq!(a, "9.4");
        assert!(!std::ptr::eq(intern("9.5"), a));
    }
}
