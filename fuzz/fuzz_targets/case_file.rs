//! The case-file parser on arbitrary bytes, through the same entry point as a file read from
//! disk (`testing::parse_case_bytes`: UTF-8 check, then `Case::parse`).
//!
//! Any panic is a bug: bad input must end in a typed error whose message renders in both
//! languages and whose place, when given, is 1-based.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rongcuo::engine::error::Error;
use rongcuo::base::lang::Lang;
use rongcuo::workflows::testing;

fuzz_target!(|data: &[u8]| {
    match testing::parse_case_bytes("case.json", data) {
        Ok(case) => {
            assert!(!case.id.trim().is_empty());
            // A case that parses parses the same again from its own text.
            let again = rongcuo::engine::case::Case::parse("case.json", &case.source).expect("reparses");
            assert_eq!(again, case);
        }
        Err(e) => {
            if let Error::Case(c) = &e {
                assert!(c.place.line.is_none_or(|l| l >= 1), "{e:?}");
                assert!(c.place.column.is_none_or(|c| c >= 1), "{e:?}");
            }
            let _ = (e.message(Lang::Zh), e.message(Lang::En));
        }
    }
});
