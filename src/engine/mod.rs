//! One case in, a determination out. In flow order: a case file is parsed and checked
//! (`case`, its errors in `error`); the engine builds a run's inputs and runs the program
//! (`evaluate`, the run itself in `run`, many runs at once in `chunk`); a run can be read as a
//! database of tuples with an interpreter of the rules (`db`); the completions of the unknown
//! facts are searched (`completion`); and the run is read back into a sorted determination
//! (`determine`). Uses `base`, `text` and `law`.

pub mod case;
pub mod chunk;
pub mod completion;
pub mod db;
pub mod determine;
pub mod error;
pub mod evaluate;
pub mod run;
