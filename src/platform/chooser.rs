//! Whether the system can show a file chooser. On Linux rfd asks the desktop portal
//! (xdg-desktop-portal) and falls back to zenity; with neither it only logs, and a click on
//! "attach" would do nothing at all. Knowing beforehand, the window says so instead.

/// The portal's name on the session bus.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
const PORTAL: &str = "org.freedesktop.portal.Desktop";

/// Whether a file chooser can open. Blocking (a few D-Bus calls on Linux).
pub fn available() -> bool {
    #[cfg(target_os = "linux")]
    {
        zenity_on_path() || zbus::blocking::Connection::session().is_ok_and(|c| portal_on(&c))
    }
    // Windows and macOS always have their own.
    #[cfg(not(target_os = "linux"))]
    true
}

/// Whether the portal runs, or the bus can start it, on `bus`.
#[cfg(target_os = "linux")]
pub fn portal_on(bus: &zbus::blocking::Connection) -> bool {
    let Ok(dbus) = zbus::blocking::fdo::DBusProxy::new(bus) else {
        return false;
    };
    let Ok(name) = zbus::names::BusName::try_from(PORTAL) else {
        return false;
    };
    dbus.name_has_owner(name).unwrap_or(false)
        || dbus
            .list_activatable_names()
            .is_ok_and(|names| names.iter().any(|n| n.as_str() == PORTAL))
}

#[cfg(target_os = "linux")]
fn zenity_on_path() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("zenity").is_file()))
}
