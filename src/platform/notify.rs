//! Desktop notifications through the system's own service (D-Bus on Linux, the notification
//! centre on macOS, toasts on Windows). Calls block, so callers run them off the interface
//! thread; a missing notification service is reported once and never stops anything else.

use std::sync::atomic::{AtomicBool, Ordering};

/// One notification about new messages.
#[derive(Debug, Clone)]
pub struct Note {
    pub title: String,
    pub body: String,
    pub sound: bool,
}

/// What became of a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The user clicked it: open its conversation.
    Clicked,
    /// Dismissed, expired, or the platform cannot tell.
    Closed,
    /// No notification service; the failure is logged once.
    Unavailable,
}

static WARNED: AtomicBool = AtomicBool::new(false);

/// Shows `note` and, where the platform reports it, waits for a click or dismissal.
pub fn show(note: &Note) -> Outcome {
    let mut n = notify_rust::Notification::new();
    n.appname("Tidings").summary(&note.title).body(&note.body);
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        n.action("default", &note.title);
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
            let mut outcome = Outcome::Closed;
            handle.wait_for_action(|action| {
                if action == "default" {
                    outcome = Outcome::Clicked;
                }
            });
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
