//! Who owns what (docs/architecture.md): each module of src/ may not name what its row of the
//! table forbids. Reads the sources; comments are ignored.

use std::path::{Path, PathBuf};

/// A module directory and the paths it must never use.
const RULES: &[(&str, &[&str])] = &[
    (
        "core",
        &[
            "tokio",
            "tokio_xmpp",
            "xmpp_parsers",
            "minidom",
            "rusqlite",
            "iced",
            "std::fs",
            "std::net",
            "crate::store",
            "crate::session",
            "crate::cli",
            "crate::app",
        ],
    ),
    (
        "store",
        &[
            "tokio_xmpp",
            "xmpp_parsers",
            "minidom",
            "iced",
            "std::net",
            "crate::session",
            "crate::cli",
            "crate::app",
        ],
    ),
    (
        "session",
        &["iced", "crate::cli", "crate::app", "notify_rust"],
    ),
    (
        // Pure functions over keys and XML: the session loads, calls and saves.
        "omemo",
        &[
            "tokio",
            "tokio_xmpp",
            "rusqlite",
            "iced",
            "std::fs",
            "std::net",
            "crate::store",
            "crate::session",
            "crate::cli",
            "crate::app",
        ],
    ),
    (
        // HTTP and file crypto; the session hands it slots and URLs, it never sees the stream.
        "media",
        &[
            "tokio_xmpp",
            "xmpp_parsers",
            "minidom",
            "rusqlite",
            "iced",
            "crate::store",
            "crate::session",
            "crate::cli",
            "crate::app",
        ],
    ),
    (
        "cli",
        &[
            "tokio_xmpp",
            "xmpp_parsers",
            "minidom",
            "iced",
            "crate::app",
            "notify_rust",
        ],
    ),
    (
        "app",
        &[
            "tokio_xmpp",
            "xmpp_parsers",
            "minidom",
            "rusqlite",
            "notify_rust",
            "crate::cli",
        ],
    ),
    (
        "platform",
        &[
            "iced",
            "rusqlite",
            "tokio_xmpp",
            "xmpp_parsers",
            "crate::store",
            "crate::session",
            "crate::cli",
            "crate::app",
        ],
    ),
];

/// Files allowed one path their module may not otherwise use, and why.
const EXCEPTIONS: &[(&str, &str)] = &[
    // The window's per-system settings (the Linux application id) are iced's type, and only
    // platform code may ask which system it runs on.
    ("platform/window.rs", "iced"),
];

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// Whether `line` names `path` as a path (not as part of a longer identifier).
fn names(line: &str, path: &str) -> bool {
    line.match_indices(path).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + path.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        boundary(before) && boundary(after) && before != Some(':')
    })
}

#[test]
fn modules_import_only_what_they_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut breaches = Vec::new();
    for (module, forbidden) in RULES {
        let files = sources(&src.join(module));
        assert!(!files.is_empty(), "src/{module} has no sources");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let relative = file
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for path in *forbidden {
                    let excepted = EXCEPTIONS.contains(&(relative.as_str(), *path));
                    if !excepted && names(code, path) {
                        breaches.push(format!("{}:{}: {path}", file.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(
        breaches.is_empty(),
        "forbidden imports:\n{}",
        breaches.join("\n")
    );
}

/// Code for one system lives in src/platform only (the packaging issue): the rest of the
/// crate is the same on Windows, macOS and Linux.
#[test]
fn only_platform_code_asks_which_system_it_runs_on() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let platform = src.join("platform");
    let mut breaches = Vec::new();
    for file in sources(&src) {
        if file.starts_with(&platform) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let asks = ["target_os", "target_family", "unix", "windows"]
                .iter()
                .any(|what| names(code, what));
            if code.contains("cfg") && asks {
                breaches.push(format!("{}:{}", file.display(), n + 1));
            }
        }
    }
    assert!(
        breaches.is_empty(),
        "system-specific code outside src/platform:\n{}",
        breaches.join("\n")
    );
}

#[test]
fn the_checker_sees_a_breach() {
    assert!(names("use rusqlite::Connection;", "rusqlite"));
    assert!(names("    let x = crate::store::open();", "crate::store"));
    assert!(!names("use my_rusqlite_wrapper;", "rusqlite"));
    assert!(!names("use tidings::core::tokio_thing;", "tokio"));
}
