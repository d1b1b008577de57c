//! `rongcuo gen`: writes N generated, valid, varied cases as JSON Lines, reproducible from the
//! seed.

use super::Outcome;
use rongcuo::engine::error::Error;
use rongcuo::workflows::generate;
use std::io::Write;

pub fn run(count: u64, seed: u64) -> Result<Outcome, Error> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for i in 0..count {
        let line = generate::case(seed, i).to_string();
        if writeln!(out, "{line}").is_err() {
            break; // the reader went away (e.g. `| head`)
        }
    }
    let _ = out.flush();
    Ok(Outcome::Ok)
}
