//! What the user chose in Settings, kept beside the database in `preferences.json`. Nothing
//! here is secret, and the unlock screen needs the language and theme before the database
//! opens, so it is a plain file. A missing or broken file means the defaults.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

pub const FILE: &str = "preferences.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Appearance {
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    pub appearance: Appearance,
    /// A language directory under i18n/ ("de", "pt-BR"); None follows the system.
    pub language: Option<String>,
    pub notifications: bool,
    /// Show the sender's words in notifications (off: only who wrote).
    pub previews: bool,
    pub sound: bool,
    /// Tell contacts when I am typing (XEP-0085).
    pub send_typing: bool,
    /// Tell contacts when I have read their messages (XEP-0333); my own devices always learn it.
    pub send_read_markers: bool,
    /// Files up to this size download without asking, from contacts only. 0: never.
    pub auto_download_mib: u32,
    /// Where downloaded files go; None: a Tidings folder in the Downloads folder.
    pub download_folder: Option<PathBuf>,
    /// Send large photos smaller (app::chats::files::PHOTO_SIDE), as other messengers do.
    pub reduce_photos: bool,
    /// Send photos with where and when they were taken (then also at their full size).
    pub keep_photo_metadata: bool,
    /// Closing the window leaves Tidings in the tray, where there is one.
    pub close_to_tray: bool,
    /// The one-time word that Tidings went on running in the tray was said.
    pub tray_explained: bool,
    /// Every start begins minimised (in the tray, where there is one).
    pub start_minimised: bool,
    pub window: WindowSize,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WindowSize {
    pub width: f32,
    pub height: f32,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            appearance: Appearance::System,
            language: None,
            notifications: true,
            previews: true,
            sound: true,
            send_typing: true,
            send_read_markers: true,
            auto_download_mib: 10,
            download_folder: None,
            reduce_photos: true,
            keep_photo_metadata: false,
            close_to_tray: true,
            tray_explained: false,
            start_minimised: false,
            window: WindowSize::default(),
        }
    }
}

impl Preferences {
    /// Where downloaded files go: the folder chosen in Settings, else a Tidings folder in
    /// the user's Downloads folder.
    pub fn downloads_dir(&self) -> PathBuf {
        if let Some(folder) = &self.download_folder {
            return folder.clone();
        }
        let downloads = directories::UserDirs::new()
            .and_then(|d| d.download_dir().map(Path::to_path_buf))
            .or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().join("Downloads")))
            .unwrap_or_else(std::env::temp_dir);
        downloads.join("Tidings")
    }
}

impl Default for WindowSize {
    fn default() -> Self {
        WindowSize {
            width: 1000.0,
            height: 700.0,
        }
    }
}

impl WindowSize {
    /// Sizes a window manager cannot show sensibly are replaced by the default.
    fn sane(self) -> WindowSize {
        let ok = |v: f32, max: f32| v.is_finite() && (320.0..=max).contains(&v);
        if ok(self.width, 16384.0) && ok(self.height, 16384.0) {
            self
        } else {
            WindowSize::default()
        }
    }
}

pub fn path(profile: &Path) -> PathBuf {
    profile.join(FILE)
}

/// Reads the preferences; any problem is logged and the defaults are used.
pub fn load(profile: &Path) -> Preferences {
    let file = path(profile);
    let mut prefs = match std::fs::read(&file) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            tracing::warn!(
                "{} is not readable ({e}); using the defaults",
                file.display()
            );
            Preferences::default()
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Preferences::default(),
        Err(e) => {
            tracing::warn!("cannot read {}: {e}", file.display());
            Preferences::default()
        }
    };
    prefs.window = prefs.window.sane();
    prefs
}

/// Writes through a temporary file and a rename, so a crash or a full disk leaves the old
/// file whole.
/// The preferences as they were when a change was made, numbered in the order of the
/// changes: saves run on blocking threads, and two close together may finish in either order.
#[derive(Debug, Clone)]
pub struct Snapshot {
    prefs: Preferences,
    number: u64,
}

static TAKEN: AtomicU64 = AtomicU64::new(1);
/// The newest snapshot written, per profile.
static WRITTEN: Mutex<BTreeMap<PathBuf, u64>> = Mutex::new(BTreeMap::new());

impl Snapshot {
    pub fn of(prefs: &Preferences) -> Snapshot {
        Snapshot {
            prefs: prefs.clone(),
            number: TAKEN.fetch_add(1, Ordering::Relaxed),
        }
    }
}

/// Writes the snapshot unless a newer one is written already (one save at a time: they share
/// the temporary file).
pub fn save(profile: &Path, snapshot: &Snapshot) -> std::io::Result<()> {
    let mut written = WRITTEN.lock().unwrap_or_else(|p| p.into_inner());
    if written
        .get(profile)
        .is_some_and(|&newest| newest > snapshot.number)
    {
        return Ok(());
    }
    std::fs::create_dir_all(profile)?;
    let file = path(profile);
    let temporary = profile.join(format!("{FILE}.tmp"));
    let bytes = serde_json::to_vec_pretty(&snapshot.prefs).map_err(std::io::Error::other)?;
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, &file)?;
    written.insert(profile.to_path_buf(), snapshot.number);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_survives_a_broken_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Preferences::default());
        let prefs = Preferences {
            appearance: Appearance::Dark,
            language: Some("de".into()),
            send_typing: false,
            window: WindowSize {
                width: 800.0,
                height: 600.0,
            },
            ..Preferences::default()
        };
        save(dir.path(), &Snapshot::of(&prefs)).unwrap();
        assert_eq!(load(dir.path()), prefs);

        std::fs::write(path(dir.path()), b"{ not json").unwrap();
        assert_eq!(load(dir.path()), Preferences::default());
    }

    /// Two changes saved close together: the older snapshot, finishing last, is not written
    /// over the newer one.
    #[test]
    fn an_older_snapshot_never_overwrites_a_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let muted = Preferences {
            notifications: false,
            ..Preferences::default()
        };
        let older = Snapshot::of(&muted);
        let newer = Snapshot::of(&Preferences {
            tray_explained: true,
            ..muted.clone()
        });
        save(dir.path(), &newer).unwrap();
        save(dir.path(), &older).unwrap();
        let saved = load(dir.path());
        assert!(saved.tray_explained && !saved.notifications, "{saved:?}");
    }

    #[test]
    fn unknown_and_missing_fields_keep_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            path(dir.path()),
            br#"{"appearance":"light","future_option":1,"window":{"width":1e9,"height":5}}"#,
        )
        .unwrap();
        let prefs = load(dir.path());
        assert_eq!(prefs.appearance, Appearance::Light);
        assert!(prefs.notifications);
        assert_eq!(prefs.window, WindowSize::default());
    }
}
