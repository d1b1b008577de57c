//! The wording. `policy` parses a policy text into articles and items with their ids,
//! citations (第九条第五项) and period phrases; `lint` checks the wording itself (numbering,
//! lead-ins, periods, catch-alls). Uses `base` only: the text knows nothing of the rules.

pub mod align;
pub mod lint;
pub mod policy;
