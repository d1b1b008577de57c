//! What every stage shares and nothing else: the language of messages (`lang`), the input
//! limits and the bounded readers that enforce them (`limits`), and the hasher crepe and the
//! tracer run with (`hash`). Uses no other stage.

pub mod hash;
pub mod intern;
pub mod lang;
pub mod limits;
