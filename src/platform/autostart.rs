//! Starting Tidings at login, the way each system does it: an XDG autostart entry on Linux,
//! a launch agent on macOS, the Run key of the user's registry on Windows. The entry starts
//! the same program with the same profile, minimised.

use std::path::{Path, PathBuf};

/// The argument that starts the window minimised (the command line knows it).
pub const MINIMISED: &str = "--minimised";

/// What the login entry runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub program: PathBuf,
    pub profile: PathBuf,
}

impl Launch {
    /// This program, with `profile`.
    pub fn this(profile: &Path) -> std::io::Result<Launch> {
        Ok(Launch {
            program: std::env::current_exe()?,
            profile: std::path::absolute(profile)?,
        })
    }

    fn arguments(&self) -> [String; 3] {
        [
            "--profile".to_owned(),
            self.profile.display().to_string(),
            MINIMISED.to_owned(),
        ]
    }
}

/// Why the login entry could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum AutostartError {
    #[error("this system has no place for programs that start at login")]
    Unsupported,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Adds or removes the entry that starts Tidings at login.
pub fn set(launch: &Launch, on: bool) -> Result<(), AutostartError> {
    imp::set(launch, on)
}

/// Whether Tidings starts at login (an entry written by us is there).
pub fn is_set() -> bool {
    imp::is_set()
}

/// A value for a desktop entry's Exec key: each argument quoted as the specification says.
#[cfg_attr(any(target_os = "macos", windows), allow(dead_code))]
fn exec_line(launch: &Launch) -> String {
    let quote = |s: &str| {
        let escaped: String = s
            .chars()
            .flat_map(|c| match c {
                '"' | '`' | '$' | '\\' => vec!['\\', c],
                '%' => vec!['%', '%'],
                c => vec![c],
            })
            .collect();
        format!("\"{escaped}\"")
    };
    std::iter::once(launch.program.display().to_string())
        .chain(launch.arguments())
        .map(|a| quote(&a))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The XDG autostart entry (the desktop file specification; GNOME, KDE and the rest read it).
#[cfg_attr(any(target_os = "macos", windows), allow(dead_code))]
fn desktop_entry(launch: &Launch) -> String {
    format!(
        "[Desktop Entry]\nType=Application\nName=Tidings\nComment=Start Tidings at login\n\
         Exec={}\nIcon={}\nTerminal=false\nX-GNOME-Autostart-enabled=true\n",
        exec_line(launch),
        super::window::APP_ID
    )
}

/// The launch agent macOS runs at login.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
fn launch_agent(launch: &Launch) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let arguments: String = std::iter::once(launch.program.display().to_string())
        .chain(launch.arguments())
        .map(|a| format!("    <string>{}</string>\n", escape(&a)))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \
         \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <plist version=\"1.0\">\n<dict>\n  <key>Label</key>\n  <string>{}</string>\n\
         \x20 <key>ProgramArguments</key>\n  <array>\n{arguments}  </array>\n\
         \x20 <key>RunAtLoad</key>\n  <true/>\n</dict>\n</plist>\n",
        super::window::APP_ID
    )
}

/// `$XDG_CONFIG_HOME/autostart`, or `~/.config/autostart` when it is unset or relative.
#[cfg_attr(any(target_os = "macos", windows), allow(dead_code))]
fn xdg_entry(
    config_home: Option<std::ffi::OsString>,
    home: Option<std::ffi::OsString>,
) -> Option<PathBuf> {
    let config = config_home
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| home.map(|h| PathBuf::from(h).join(".config")))?;
    Some(
        config
            .join("autostart")
            .join(format!("{}.desktop", super::window::APP_ID)),
    )
}

/// Writes or removes `file`, which holds `contents` while the entry is on.
#[cfg_attr(windows, allow(dead_code))]
fn put(file: &Path, contents: Option<String>) -> std::io::Result<()> {
    match contents {
        Some(text) => {
            if let Some(folder) = file.parent() {
                std::fs::create_dir_all(folder)?;
            }
            std::fs::write(file, text)
        }
        None => match std::fs::remove_file(file) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            done => done,
        },
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
mod imp {
    use super::*;

    fn entry() -> Option<PathBuf> {
        xdg_entry(
            std::env::var_os("XDG_CONFIG_HOME"),
            std::env::var_os("HOME"),
        )
    }

    pub fn set(launch: &Launch, on: bool) -> Result<(), AutostartError> {
        let file = entry().ok_or(AutostartError::Unsupported)?;
        Ok(put(&file, on.then(|| desktop_entry(launch)))?)
    }

    pub fn is_set() -> bool {
        entry().is_some_and(|f| f.exists())
    }
}

#[cfg(target_os = "macos")]
mod imp {
    use super::*;

    fn entry() -> Option<PathBuf> {
        let home = std::env::var_os("HOME")?;
        Some(
            PathBuf::from(home)
                .join("Library/LaunchAgents")
                .join(format!("{}.plist", super::super::window::APP_ID)),
        )
    }

    pub fn set(launch: &Launch, on: bool) -> Result<(), AutostartError> {
        let file = entry().ok_or(AutostartError::Unsupported)?;
        Ok(put(&file, on.then(|| launch_agent(launch)))?)
    }

    pub fn is_set() -> bool {
        entry().is_some_and(|f| f.exists())
    }
}

#[cfg(windows)]
mod imp {
    use super::*;

    const RUN: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run";

    /// reg.exe is on every Windows; it spares a registry dependency for two values.
    fn reg(args: &[&str]) -> std::io::Result<bool> {
        Ok(std::process::Command::new("reg")
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()?
            .success())
    }

    pub fn set(launch: &Launch, on: bool) -> Result<(), AutostartError> {
        let done = if on {
            let [profile_flag, profile, minimised] = launch.arguments();
            let command = format!(
                "\"{}\" {profile_flag} \"{profile}\" {minimised}",
                launch.program.display()
            );
            reg(&[
                "add", RUN, "/v", "Tidings", "/t", "REG_SZ", "/d", &command, "/f",
            ])?
        } else {
            reg(&["delete", RUN, "/v", "Tidings", "/f"])? || !is_set()
        };
        if done {
            Ok(())
        } else {
            Err(std::io::Error::other("the registry refused the change").into())
        }
    }

    pub fn is_set() -> bool {
        reg(&["query", RUN, "/v", "Tidings"]).unwrap_or(false)
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    use super::*;

    pub fn set(_: &Launch, _: bool) -> Result<(), AutostartError> {
        Err(AutostartError::Unsupported)
    }

    pub fn is_set() -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn launch() -> Launch {
        Launch {
            program: PathBuf::from("/opt/Tidings app/tidings"),
            profile: PathBuf::from("/home/ann/50% \"work\"/$HOME"),
        }
    }

    #[test]
    fn the_autostart_entry_quotes_what_a_desktop_would_expand() {
        let entry = desktop_entry(&launch());
        assert!(entry.contains(
            "Exec=\"/opt/Tidings app/tidings\" \"--profile\" \
             \"/home/ann/50%% \\\"work\\\"/\\$HOME\" \"--minimised\"\n"
        ));
        assert!(entry.starts_with("[Desktop Entry]\nType=Application\n"));
        assert!(entry.contains("Icon=im.tidings.Tidings\n"));
    }

    #[test]
    fn the_launch_agent_lists_each_argument_escaped() {
        let plist = launch_agent(&launch());
        assert!(plist.contains("<string>im.tidings.Tidings</string>"));
        assert!(plist.contains(
            "    <string>/opt/Tidings app/tidings</string>\n    <string>--profile</string>\n"
        ));
        assert!(plist.contains("<key>RunAtLoad</key>\n  <true/>"));
    }

    #[test]
    fn the_autostart_folder_follows_xdg_config_home_unless_it_is_relative() {
        let entry = |config: Option<&str>, home: Option<&str>| {
            xdg_entry(config.map(Into::into), home.map(Into::into))
        };
        assert_eq!(
            entry(Some("/c"), Some("/h")),
            Some(PathBuf::from("/c/autostart/im.tidings.Tidings.desktop"))
        );
        assert_eq!(
            entry(Some("rel"), Some("/h")),
            Some(PathBuf::from(
                "/h/.config/autostart/im.tidings.Tidings.desktop"
            ))
        );
        assert_eq!(entry(None, None), None);
    }

    #[test]
    fn an_entry_is_written_and_removed_and_removing_twice_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("autostart/im.tidings.Tidings.desktop");
        put(&file, Some(desktop_entry(&launch()))).unwrap();
        assert!(
            std::fs::read_to_string(&file)
                .unwrap()
                .contains("--minimised")
        );
        put(&file, None).unwrap();
        assert!(!file.exists());
        put(&file, None).unwrap();
    }
}
