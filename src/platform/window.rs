//! The window's settings that differ per system: the one place platform code names iced.

use iced::window::settings::PlatformSpecific;

/// The application id, the same in the desktop file, the AppStream metainfo and the icons.
pub const APP_ID: &str = "im.tidings.Tidings";

/// What ties the window to the installed application: on Linux the Wayland app id and the
/// X11 WM_CLASS, which desktops match to the desktop file to show its name and icon.
pub fn specific() -> PlatformSpecific {
    #[cfg(target_os = "linux")]
    let specific = PlatformSpecific {
        application_id: APP_ID.to_owned(),
        ..PlatformSpecific::default()
    };
    #[cfg(not(target_os = "linux"))]
    let specific = PlatformSpecific::default();
    specific
}
