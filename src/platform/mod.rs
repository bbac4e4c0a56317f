//! Operating-system integration. Whatever differs between Windows, macOS and Linux lives here
//! behind cfg(target_os), so the rest of the crate stays the same on all three.

pub mod autostart;
pub mod chooser;
pub mod instance;
pub mod notify;
pub mod tray;
pub mod window;

/// Shows a file in the system's file manager, selected where the platform can; the file
/// itself is never opened or run (security.md, Files and media).
pub fn reveal(path: &std::path::Path) {
    #[cfg(target_os = "windows")]
    let launched = std::process::Command::new("explorer")
        .arg(format!("/select,{}", path.display()))
        .spawn();
    #[cfg(target_os = "macos")]
    let launched = std::process::Command::new("open")
        .arg("-R")
        .arg(path)
        .spawn();
    // The freedesktop file manager interface would select it; its folder is what every
    // desktop opens.
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let launched = match path.parent() {
        Some(folder) => std::process::Command::new("xdg-open").arg(folder).spawn(),
        None => return,
    };
    match launched {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => tracing::warn!("cannot show a file in its folder: {e}"),
    }
}

/// Hands a link to the system's default handler (browser, mail program, xmpp: handler).
/// Callers decide which schemes are allowed; this never runs the link itself.
pub fn open_url(url: &str) {
    #[cfg(target_os = "windows")]
    let launched = std::process::Command::new("rundll32")
        .args(["url.dll,FileProtocolHandler", url])
        .spawn();
    #[cfg(target_os = "macos")]
    let launched = std::process::Command::new("open").arg(url).spawn();
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let launched = std::process::Command::new("xdg-open").arg(url).spawn();
    match launched {
        // Reaped on a thread of its own, so no finished handler lingers as a zombie.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => tracing::warn!("cannot open a link: {e}"),
    }
}
