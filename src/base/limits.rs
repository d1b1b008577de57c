//! Input limits: how large a case file, a line of `rongcuo batch`, and a policy text may be,
//! and the bounded readers that enforce them before anything is held in memory. Every limit is
//! far above any real input (a case file is about 2 KB, the bundled draft 7.5 KB with lines
//! under 200 characters), so that only runaway or hostile input meets one; meeting one is an
//! input error naming the file, the place and the limit, never a hang, an abort or an OOM kill.

use std::io::{BufRead, Read};
use std::path::Path;

/// The largest case file, and the longest line of `rongcuo batch`, in bytes (1 MiB): about
/// 500 times a real case. Checked before the file is read: the file's size is taken from its
/// metadata, and no more than this plus one byte is ever read from it.
pub const MAX_CASE_BYTES: u64 = 1 << 20;

/// The most entries of any one object or array in a case (`facts`, `readings`, `assertions`,
/// `expect.grounds`, `expect.findings`). The vocabulary has 63 facts, so a longer `facts`
/// necessarily repeats or misspells one; the limit keeps the work on a hostile case (duplicate
/// checks, name suggestions) small, whatever the file holds.
pub const MAX_ENTRIES: usize = 1000;

/// The deepest nesting of JSON a case may have: serde_json's recursion limit, reported as
/// the case error `TooDeep`. A case nests three levels at most (`assertions`, an
/// assertion, its fields), and the parser rejects a value of the wrong type where it starts
/// without descending into it, so deep nesting ends at the first level where it is not allowed.
pub const MAX_DEPTH: usize = 128;

/// The largest policy text, in bytes (1 MiB): over a hundred times the bundled draft.
pub const MAX_POLICY_BYTES: u64 = 1 << 20;

/// The longest line of a policy text, in characters. A line holds one article or item; the
/// longest of the bundled draft has under 200.
pub const MAX_POLICY_LINE_CHARS: usize = 10_000;

/// The most clauses (articles and items together) a policy text may have; the bundled draft
/// has 42. Lint, binding and diff compare clauses with one another, so the count bounds their
/// work.
pub const MAX_CLAUSES: usize = 2_000;

/// The most characters of a string from the input that a message quotes; a longer one is cut
/// and ends in `…`.
pub const MAX_QUOTED_CHARS: usize = 60;

/// Why a file could not be read within its limit.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// The file is larger than the limit; `size` when the file system says how large.
    TooLarge {
        size: Option<u64>,
    },
}

/// Reads a whole file of at most `limit` bytes. The size is checked from the metadata before
/// reading, and the read itself stops after `limit + 1` bytes, so a file that grows, or a
/// device that reports no size, cannot make it read more.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    if size > limit {
        return Err(ReadError::TooLarge { size: Some(size) });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: None });
    }
    Ok(bytes)
}

/// One line read by [`read_line`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// The input is exhausted; nothing was read.
    End,
    /// A line is in the buffer, without its line break.
    Read,
    /// The line is longer than the limit: it was read through and dropped, and the buffer is
    /// empty. `bytes` is its length without the line break.
    TooLong { bytes: u64 },
}

/// Reads one line (up to `\n`) into `buf`, holding at most `limit` bytes of it: the rest of a
/// longer line is skipped without being stored. The line break (`\n` or `\r\n`) is not kept.
pub fn read_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Line> {
    buf.clear();
    // Bytes of the line seen, and its last byte (a `\r` before the `\n` is not counted).
    let mut total: u64 = 0;
    let mut last = None;
    let mut any = false;
    let mut too_long = false;
    loop {
        let available = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (piece, found) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (available.get(..i).unwrap_or_default(), true),
            None => (available, false),
        };
        total += piece.len() as u64;
        last = piece.last().copied().or(last);
        // One byte over the limit is kept, so that a line of exactly `limit` bytes still fits
        // with its `\r`.
        if !too_long && buf.len() + piece.len() <= limit.saturating_add(1) {
            buf.extend_from_slice(piece);
        } else if !too_long {
            too_long = true;
            buf.clear();
        }
        let used = piece.len() + usize::from(found);
        input.consume(used);
        if found {
            break;
        }
    }
    if !any {
        return Ok(Line::End);
    }
    if last == Some(b'\r') {
        total -= 1;
        if !too_long {
            buf.pop();
        }
    }
    if too_long || total > limit as u64 {
        buf.clear();
        return Ok(Line::TooLong { bytes: total });
    }
    Ok(Line::Read)
}

/// A string from the input, cut to [`MAX_QUOTED_CHARS`] characters for a message.
pub fn quoted(s: &str) -> String {
    match s.char_indices().nth(MAX_QUOTED_CHARS) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or_default()),
    }
}

/// A size in bytes for a message: exact, with MiB when it is large.
pub fn bytes_shown(n: u64, lang: crate::base::lang::Lang) -> String {
    let unit = lang.pick("字节", "bytes");
    if n >= 1 << 20 {
        format!("{n} {unit} ({:.1} MiB)", n as f64 / f64::from(1u32 << 20))
    } else {
        format!("{n} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], limit: usize) -> Vec<(Line, String)> {
        let mut r = std::io::BufReader::with_capacity(4, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            let l = read_line(&mut r, &mut buf, limit).unwrap();
            if l == Line::End {
                return out;
            }
            out.push((l, String::from_utf8_lossy(&buf).into_owned()));
        }
    }

    #[test]
    fn lines_are_split_and_long_ones_skipped_whole() {
        let got = lines(b"abc\r\n0123456789\nxy\n\nlast", 5);
        assert_eq!(
            got,
            [
                (Line::Read, "abc".to_string()),
                (Line::TooLong { bytes: 10 }, String::new()),
                (Line::Read, "xy".to_string()),
                (Line::Read, String::new()),
                (Line::Read, "last".to_string()),
            ]
        );
        // Exactly the limit fits, with or without `\r`; one more does not.
        assert_eq!(lines(b"12345\n12345\r\n", 5).len(), 2);
        assert!(lines(b"12345\r\n", 5).iter().all(|(l, _)| *l == Line::Read));
        assert_eq!(
            lines(b"123456", 5),
            [(Line::TooLong { bytes: 6 }, String::new())]
        );
    }

    #[test]
    fn quoting_cuts_long_strings_on_a_char_boundary() {
        assert_eq!(quoted("short"), "short");
        let long = "字".repeat(100);
        let q = quoted(&long);
        assert_eq!(q.chars().count(), MAX_QUOTED_CHARS + 1);
        assert!(q.ends_with('…'));
    }
}
