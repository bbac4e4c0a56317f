//! Desktop notifications through the system's own service (D-Bus on Linux, the notification
//! centre on macOS, toasts on Windows). Calls block, so callers run them off the interface
//! thread; a missing notification service is reported once and never stops anything else.
//!
//! On Linux a conversation has one notification at a time: a newer one replaces it rather than
//! piling up, and it offers "Mark as read" beside the click that opens the conversation.

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
}

/// What became of a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The user clicked it: open its conversation.
    Clicked,
    /// The user chose "Mark as read".
    MarkRead,
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

/// Shows `note` and, where the platform reports it, waits for a click or dismissal.
pub fn show(note: &Note) -> Outcome {
    let mut n = notify_rust::Notification::new();
    n.appname("Tidings").summary(&note.title).body(&note.body);
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        n.action("default", &note.title);
        if let Some(label) = &note.mark_read {
            n.action("read", label);
        }
        if let Some(previous) = note.group.as_deref().and_then(shown) {
            n.id(previous);
        }
        if note.sound {
            n.sound_name("message-new-instant");
        } else {
            n.hint(notify_rust::Hint::SuppressSound(true));
        }
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    if note.sound {
        n.sound_name("Default");
    }
    match n.show() {
        #[cfg(all(unix, not(target_os = "macos")))]
        Ok(handle) => {
            if let Some(group) = &note.group {
                remember(group, Some(handle.id()));
            }
            let mut outcome = Outcome::Closed;
            handle.wait_for_action(|action| match action {
                "default" => outcome = Outcome::Clicked,
                "read" => outcome = Outcome::MarkRead,
                _ => {}
            });
            // Gone from the screen: the group's next notification is a new one.
            if let Some(group) = &note.group {
                remember(group, None);
            }
            outcome
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        Ok(_) => Outcome::Closed,
        Err(e) => {
            if !WARNED.swap(true, Ordering::Relaxed) {
                tracing::warn!("desktop notifications are not available: {e}");
            }
            Outcome::Unavailable
        }
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
