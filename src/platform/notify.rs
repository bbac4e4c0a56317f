//! Desktop notifications through the system's own service (D-Bus on Linux, the notification
//! centre on macOS, toasts on Windows). Calls block, so callers run them off the interface
//! thread; a missing notification service is reported once and never stops anything else.
//!
//! On Linux Tidings speaks the freedesktop notification protocol itself (zbus), for what
//! notify-rust does not carry: a conversation has one notification at a time (a newer one
//! replaces it), it offers "Mark as read" beside the click that opens the conversation, and
//! where the server can (KDE Plasma's inline-reply) a reply typed into the notification.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// One notification about new messages.
#[derive(Debug, Clone)]
pub struct Note {
    pub title: String,
    pub body: String,
    pub sound: bool,
    /// Notifications of one group (a conversation) replace each other; None stands alone.
    pub group: Option<String>,
    /// The label of a "mark as read" button, where the notification offers one.
    pub mark_read: Option<String>,
    /// The label of a reply field, where the notification server has one.
    pub reply: Option<String>,
}

/// What became of a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The user clicked it: open its conversation.
    Clicked,
    /// The user chose "Mark as read".
    MarkRead,
    /// The user typed this answer into the notification.
    Replied(String),
    /// Dismissed, expired, or the platform cannot tell.
    Closed,
    /// No notification service; the failure is logged once.
    Unavailable,
}

static WARNED: AtomicBool = AtomicBool::new(false);

/// The id of each group's notification on screen, for the next one of the group to replace.
#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
static SHOWN: Mutex<Option<HashMap<String, u32>>> = Mutex::new(None);

#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
fn shown(group: &str) -> Option<u32> {
    let shown = SHOWN.lock().unwrap_or_else(|p| p.into_inner());
    shown.as_ref()?.get(group).copied()
}

#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
fn remember(group: &str, id: Option<u32>) {
    let mut shown = SHOWN.lock().unwrap_or_else(|p| p.into_inner());
    let map = shown.get_or_insert_with(HashMap::new);
    match id {
        Some(id) => map.insert(group.to_owned(), id),
        None => map.remove(group),
    };
}

/// Shows `note` and, where the platform reports it, waits for a click, a reply or dismissal.
pub fn show(note: &Note) -> Outcome {
    #[cfg(all(unix, not(target_os = "macos")))]
    let shown = zbus::blocking::Connection::session()
        .map_err(|e| e.to_string())
        .and_then(|bus| freedesktop::show_on(&bus, note));
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    let shown = {
        let mut n = notify_rust::Notification::new();
        n.appname("Tidings").summary(&note.title).body(&note.body);
        if note.sound {
            n.sound_name("Default");
        }
        n.show().map(|_| Outcome::Closed).map_err(|e| e.to_string())
    };
    shown.unwrap_or_else(|e| {
        if !WARNED.swap(true, Ordering::Relaxed) {
            tracing::warn!("desktop notifications are not available: {e}");
        }
        Outcome::Unavailable
    })
}

/// The freedesktop.org notification protocol, as GNOME, KDE, XFCE and the rest serve it.
#[cfg(all(unix, not(target_os = "macos")))]
pub mod freedesktop {
    use std::collections::HashMap;

    use zbus::zvariant::Value;

    use super::{Note, Outcome, remember, shown};

    const NAME: &str = "org.freedesktop.Notifications";
    const PATH: &str = "/org/freedesktop/Notifications";

    /// Shows `note` through the notification server on `bus` and waits for what the user did.
    pub fn show_on(bus: &zbus::blocking::Connection, note: &Note) -> Result<Outcome, String> {
        let fail = |e: zbus::Error| e.to_string();
        let server = zbus::blocking::Proxy::new(bus, NAME, PATH, NAME).map_err(fail)?;
        let can: Vec<String> = server.call("GetCapabilities", &()).map_err(fail)?;
        let mut actions = vec!["default", note.title.as_str()];
        if let Some(label) = &note.mark_read {
            actions.extend(["read", label.as_str()]);
        }
        let mut hints: HashMap<&str, Value<'_>> = HashMap::new();
        hints.insert(
            "desktop-entry",
            Value::from(crate::platform::window::APP_ID),
        );
        hints.insert("category", Value::from("im.received"));
        if note.sound {
            hints.insert("sound-name", Value::from("message-new-instant"));
        } else {
            hints.insert("suppress-sound", Value::from(true));
        }
        if let Some(placeholder) = note
            .reply
            .as_deref()
            .filter(|_| can.iter().any(|c| c == "inline-reply"))
        {
            actions.extend(["inline-reply", placeholder]);
            hints.insert("x-kde-reply-placeholder-text", Value::from(placeholder));
        }
        let replaces = note.group.as_deref().and_then(shown).unwrap_or(0);
        // Listening before it shows, so no click can come before we hear it.
        let signals = server.receive_all_signals().map_err(fail)?;
        let id: u32 = server
            .call(
                "Notify",
                &(
                    "Tidings",
                    replaces,
                    crate::platform::window::APP_ID,
                    note.title.as_str(),
                    note.body.as_str(),
                    actions,
                    hints,
                    -1i32,
                ),
            )
            .map_err(fail)?;
        if let Some(group) = &note.group {
            remember(group, Some(id));
        }
        let mut outcome = Outcome::Closed;
        for signal in signals {
            let header = signal.header();
            let body = signal.body();
            match header.member().map(|m| m.as_str()) {
                Some("ActionInvoked") => match body.deserialize::<(u32, String)>() {
                    Ok((of, action)) if of == id => match action.as_str() {
                        "default" => outcome = Outcome::Clicked,
                        "read" => outcome = Outcome::MarkRead,
                        _ => {}
                    },
                    _ => {}
                },
                Some("NotificationReplied") => match body.deserialize::<(u32, String)>() {
                    Ok((of, text)) if of == id && !text.trim().is_empty() => {
                        outcome = Outcome::Replied(text);
                        break;
                    }
                    _ => {}
                },
                Some("NotificationClosed") => match body.deserialize::<(u32, u32)>() {
                    Ok((of, _reason)) if of == id => break,
                    _ => {}
                },
                _ => {}
            }
            // A click ends it: servers close it themselves, some only later.
            if outcome != Outcome::Closed {
                break;
            }
        }
        // Gone from the screen: the group's next notification is a new one.
        if let Some(group) = &note.group {
            remember(group, None);
        }
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_remembers_its_notification_until_it_is_gone() {
        assert_eq!(shown("conversation 7"), None);
        remember("conversation 7", Some(42));
        remember("conversation 8", Some(43));
        assert_eq!(shown("conversation 7"), Some(42));
        remember("conversation 7", None);
        assert_eq!(shown("conversation 7"), None);
        assert_eq!(shown("conversation 8"), Some(43));
    }
}
