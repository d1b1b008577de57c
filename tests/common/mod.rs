//! Helpers shared by the integration tests that run the `rongcuo` binary. Each test crate
//! uses only some of them.
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs the binary from the crate's root with `args`.
pub fn rongcuo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rongcuo"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// What the binary wrote to stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
