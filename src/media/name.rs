//! File names chosen by a sender, made safe to write (security.md, Files and media): one plain
//! name inside the download folder, whatever the sender wrote.

use std::path::{Path, PathBuf};

/// Longest name kept, in characters, extension included.
const MAX_CHARS: usize = 120;
/// Longest extension kept after the cut, in characters.
const MAX_EXTENSION: usize = 16;
/// What a name with nothing usable left becomes.
const FALLBACK: &str = "file";

/// Names Windows gives to devices, whatever the extension (`con.txt` is the console).
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Characters that reorder or hide text: a name could show `gpj.exe` as `exe.jpg`.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'   // zero-width space, joiners, LTR/RTL marks
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2069}' // word joiner, invisible operators, bidi isolates
        | '\u{061C}'              // Arabic letter mark
        | '\u{FEFF}')
}

/// Characters no desktop file system takes in a name.
fn forbidden(c: char) -> bool {
    c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*')
}

/// A name safe to create in a folder: the last path element of `raw`, without control, bidi
/// or invisible characters, without characters file systems refuse, not hidden, not a device
/// name, at most 120 characters with its extension kept.
pub fn sanitize(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !invisible(*c))
        .map(|c| if forbidden(c) { '_' } else { c })
        .collect();
    // Leading dots hide a file (and `..` climbs); trailing dots and spaces vanish on Windows.
    let trimmed = cleaned
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let mut name = if trimmed.is_empty() {
        FALLBACK.to_string()
    } else {
        trimmed.to_string()
    };
    let stem = name.split('.').next().unwrap_or("").trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        name.insert(0, '_');
    }
    shorten(&name)
}

/// Cuts a long name in its stem, so `photo.jpg` stays a `.jpg`.
fn shorten(name: &str) -> String {
    if name.chars().count() <= MAX_CHARS {
        return name.to_string();
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().count() <= MAX_EXTENSION => {
            (stem, Some(ext))
        }
        _ => (name, None),
    };
    let room = MAX_CHARS - extension.map_or(0, |e| e.chars().count() + 1);
    let mut short: String = stem.chars().take(room).collect();
    if let Some(ext) = extension {
        short.push('.');
        short.push_str(ext);
    }
    short
}

/// A path in `folder` for `name` (already sanitized) that no file holds yet: `name`, then
/// `name (2)`, `name (3)` and so on before the extension. The caller creates it with
/// `create_new`, so a file appearing meanwhile is never overwritten.
pub fn free_path(folder: &Path, name: &str) -> PathBuf {
    let first = folder.join(name);
    if !first.exists() && first.symlink_metadata().is_err() {
        return first;
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    (2..)
        .map(|n| folder.join(format!("{stem} ({n}){extension}")))
        .find(|p| p.symlink_metadata().is_err())
        .expect("some number is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_climbing_are_cut_to_the_last_element() {
        assert_eq!(sanitize("../../etc/passwd"), "passwd");
        assert_eq!(sanitize("..\\..\\Windows\\win.ini"), "win.ini");
        assert_eq!(sanitize("/absolute/photo.jpg"), "photo.jpg");
        assert_eq!(sanitize(".."), "file");
        assert_eq!(sanitize("../"), "file");
        assert_eq!(sanitize(".bashrc"), "bashrc");
        assert_eq!(sanitize(""), "file");
    }

    #[test]
    fn reserved_device_names_are_renamed() {
        assert_eq!(sanitize("CON"), "_CON");
        assert_eq!(sanitize("con.txt"), "_con.txt");
        assert_eq!(sanitize("lpt9.tar.gz"), "_lpt9.tar.gz");
        assert_eq!(sanitize("console.txt"), "console.txt");
    }

    #[test]
    fn bidi_control_and_forbidden_characters_go() {
        // "photo\u{202E}gpj.exe" shows as "photoexe.jpg".
        assert_eq!(sanitize("photo\u{202E}gpj.exe"), "photogpj.exe");
        assert_eq!(sanitize("a\u{200B}b\u{2066}c.txt"), "abc.txt");
        assert_eq!(sanitize("tab\there\nnew.txt"), "tab_here_new.txt");
        assert_eq!(sanitize("what?*<>|\".txt"), "what______.txt");
        assert_eq!(sanitize("report. . ."), "report");
    }

    #[test]
    fn long_names_keep_their_extension() {
        let long = format!("{}.jpeg", "x".repeat(10_000));
        let short = sanitize(&long);
        assert_eq!(short.chars().count(), MAX_CHARS);
        assert!(short.ends_with(".jpeg"));
        // An "extension" too long to be one is cut with the rest.
        let odd = format!("a.{}", "y".repeat(500));
        assert_eq!(sanitize(&odd).chars().count(), MAX_CHARS);
        // Characters, not bytes: a name in another script is not split inside a character.
        let wide = "写真".repeat(100) + ".png";
        assert!(sanitize(&wide).ends_with("写.png") || sanitize(&wide).ends_with("真.png"));
    }

    #[test]
    fn free_paths_never_name_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let first = free_path(dir.path(), "a.txt");
        assert_eq!(first, dir.path().join("a.txt"));
        std::fs::write(&first, b"1").unwrap();
        assert_eq!(free_path(dir.path(), "a.txt"), dir.path().join("a (2).txt"));
        std::fs::write(dir.path().join("a (2).txt"), b"2").unwrap();
        assert_eq!(free_path(dir.path(), "a.txt"), dir.path().join("a (3).txt"));
        assert_eq!(free_path(dir.path(), "plain"), dir.path().join("plain"));
    }
}
