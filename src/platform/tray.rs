//! The tray (status) icon: show or hide the window, mute notifications, quit, and the unread
//! count as a badge and in the tooltip.
//!
//! On Linux it is a StatusNotifierItem with its menu as com.canonical.dbusmenu, over the
//! session bus (zbus): what KDE Plasma, XFCE, Cinnamon, MATE, LXQt, Budgie and GNOME with
//! the AppIndicator extension show. Other systems have no tray here yet: `start` says so and
//! Tidings keeps working without one, as it does on a desktop with no tray host.

use futures::channel::mpsc;

/// What the user asked of the tray icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayEvent {
    /// A click on the icon: bring the window forward, or hide it when it is in front.
    Activate,
    /// Show or Hide in the menu, as its label said.
    ToggleWindow,
    /// "Mute notifications" in the menu (it shows the current state).
    ToggleMute,
    Quit,
}

/// The menu's words, in the user's language.
#[derive(Debug, Clone)]
pub struct Labels {
    pub show: String,
    pub hide: String,
    pub mute: String,
    pub quit: String,
    /// The tooltip's second line for `n` unread messages (`None` when there are none).
    pub unread: fn(usize) -> Option<String>,
}

/// What the icon and its menu show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shown {
    pub unread: usize,
    pub muted: bool,
    pub window_visible: bool,
}

/// The icon's picture, RGBA rows (the application icon, at a size trays use).
#[derive(Debug, Clone)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// Why there is no tray icon.
#[derive(Debug, thiserror::Error)]
pub enum TrayError {
    #[error("this desktop shows no tray icons (no status notifier host is running)")]
    NoHost,
    #[error("the desktop's message bus cannot be reached: {0}")]
    Bus(String),
    #[error("tray icons are not supported on this system yet")]
    Unsupported,
}

/// A running tray icon; dropping the last clone removes it.
#[derive(Debug, Clone)]
pub struct Tray {
    inner: imp::Tray,
}

impl Tray {
    /// Puts the icon in the session's tray. Its clicks and menu choices come out of the receiver.
    pub async fn start(
        labels: Labels,
        icon: Picture,
        shown: Shown,
    ) -> Result<(Tray, mpsc::UnboundedReceiver<TrayEvent>), TrayError> {
        let (events, receiver) = mpsc::unbounded();
        let inner = imp::Tray::start(None, labels, icon, shown, events).await?;
        Ok((Tray { inner }, receiver))
    }

    /// The same on the bus at `address` (tests run a bus of their own).
    pub async fn start_on(
        address: &str,
        labels: Labels,
        icon: Picture,
        shown: Shown,
    ) -> Result<(Tray, mpsc::UnboundedReceiver<TrayEvent>), TrayError> {
        let (events, receiver) = mpsc::unbounded();
        let inner = imp::Tray::start(Some(address), labels, icon, shown, events).await?;
        Ok((Tray { inner }, receiver))
    }

    /// Shows `shown`: the badge, the tooltip and the menu follow.
    pub async fn show(&self, shown: Shown) {
        self.inner.show(shown).await;
    }

    /// The bus name the icon is registered under.
    pub fn service(&self) -> String {
        self.inner.service()
    }
}

/// The icon with a red dot in its top right corner, for unread messages.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn with_badge(picture: &Picture) -> Picture {
    let mut badged = picture.clone();
    let (w, h) = (picture.width as f32, picture.height as f32);
    let radius = w.min(h) * 0.22;
    let (cx, cy) = (w - radius - 0.5, radius + 0.5);
    for y in 0..picture.height {
        for x in 0..picture.width {
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            let distance = (dx * dx + dy * dy).sqrt();
            // A white ring around the dot keeps it apart from the icon on any panel colour.
            let colour = if distance <= radius {
                [0xE5, 0x39, 0x35, 0xFF]
            } else if distance <= radius + w * 0.06 {
                [0xFF, 0xFF, 0xFF, 0xFF]
            } else {
                continue;
            };
            let at = ((y * picture.width + x) * 4) as usize;
            badged.rgba[at..at + 4].copy_from_slice(&colour);
        }
    }
    badged
}

#[cfg(target_os = "linux")]
mod imp {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    use futures::StreamExt;
    use futures::channel::mpsc::UnboundedSender;
    use zbus::object_server::SignalEmitter;
    use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

    use super::{Labels, Picture, Shown, TrayError, TrayEvent, with_badge};
    use crate::platform::window::APP_ID;

    const ITEM_PATH: &str = "/StatusNotifierItem";
    const MENU_PATH: &str = "/MenuBar";
    const WATCHER: &str = "org.kde.StatusNotifierWatcher";

    /// Menu item ids (0 is the root).
    const SHOW: i32 = 1;
    const MUTE: i32 = 2;
    const SEPARATOR: i32 = 3;
    const QUIT: i32 = 4;

    /// The icon as StatusNotifierItem carries it: width, height, ARGB32 in network order.
    type Pixmap = (i32, i32, Vec<u8>);

    fn pixmap(picture: &Picture) -> Vec<Pixmap> {
        let argb = picture
            .rgba
            .chunks_exact(4)
            .flat_map(|p| [p[3], p[0], p[1], p[2]])
            .collect();
        vec![(picture.width as i32, picture.height as i32, argb)]
    }

    struct State {
        labels: Labels,
        shown: Shown,
        /// Bumped whenever the menu changes, so hosts fetch it again.
        revision: u32,
    }

    type Shared = Arc<Mutex<State>>;

    fn read(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
        shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    struct Item {
        shared: Shared,
        icon: Vec<Pixmap>,
        badged: Vec<Pixmap>,
        events: UnboundedSender<TrayEvent>,
    }

    #[zbus::interface(name = "org.kde.StatusNotifierItem")]
    impl Item {
        #[zbus(property)]
        fn category(&self) -> &str {
            "Communications"
        }

        #[zbus(property)]
        fn id(&self) -> &str {
            APP_ID
        }

        #[zbus(property)]
        fn title(&self) -> &str {
            "Tidings"
        }

        #[zbus(property)]
        fn status(&self) -> &str {
            if read(&self.shared).shown.unread > 0 {
                "NeedsAttention"
            } else {
                "Active"
            }
        }

        #[zbus(property)]
        fn window_id(&self) -> i32 {
            0
        }

        // Pictures rather than theme names: they show whether or not Tidings is installed.
        #[zbus(property)]
        fn icon_name(&self) -> &str {
            ""
        }

        #[zbus(property)]
        fn icon_pixmap(&self) -> Vec<Pixmap> {
            if read(&self.shared).shown.unread > 0 {
                self.badged.clone()
            } else {
                self.icon.clone()
            }
        }

        #[zbus(property)]
        fn attention_icon_name(&self) -> &str {
            ""
        }

        #[zbus(property)]
        fn attention_icon_pixmap(&self) -> Vec<Pixmap> {
            self.badged.clone()
        }

        #[zbus(property)]
        fn overlay_icon_name(&self) -> &str {
            ""
        }

        #[zbus(property)]
        fn overlay_icon_pixmap(&self) -> Vec<Pixmap> {
            Vec::new()
        }

        #[zbus(property)]
        fn tool_tip(&self) -> (String, Vec<Pixmap>, String, String) {
            let state = read(&self.shared);
            let line = (state.labels.unread)(state.shown.unread).unwrap_or_default();
            (String::new(), Vec::new(), "Tidings".to_owned(), line)
        }

        #[zbus(property)]
        fn item_is_menu(&self) -> bool {
            false
        }

        #[zbus(property)]
        fn menu(&self) -> OwnedObjectPath {
            OwnedObjectPath::try_from(MENU_PATH).expect("a valid object path")
        }

        fn activate(&self, _x: i32, _y: i32) {
            let _ = self.events.unbounded_send(TrayEvent::Activate);
        }

        fn secondary_activate(&self, _x: i32, _y: i32) {}

        // Hosts draw the dbusmenu themselves; nothing to pop up here.
        fn context_menu(&self, _x: i32, _y: i32) {}

        fn scroll(&self, _delta: i32, _orientation: &str) {}

        #[zbus(signal)]
        async fn new_icon(emitter: &SignalEmitter<'_>) -> zbus::Result<()>;

        #[zbus(signal)]
        async fn new_tool_tip(emitter: &SignalEmitter<'_>) -> zbus::Result<()>;

        #[zbus(signal)]
        async fn new_status(emitter: &SignalEmitter<'_>, status: &str) -> zbus::Result<()>;
    }

    struct Menu {
        shared: Shared,
        events: UnboundedSender<TrayEvent>,
    }

    type Properties = HashMap<String, OwnedValue>;
    /// A menu item and its children, each child a variant holding the same shape.
    type Layout = (i32, Properties, Vec<OwnedValue>);

    fn owned(value: Value<'_>) -> OwnedValue {
        value
            .try_to_owned()
            .expect("menu properties hold no file descriptors")
    }

    /// Each item's properties, as the dbusmenu specification names them.
    fn item(state: &State, id: i32) -> Option<Properties> {
        let mut p = Properties::new();
        let mut put = |k: &str, v: Value<'_>| {
            p.insert(k.to_owned(), owned(v));
        };
        match id {
            0 => put("children-display", Value::from("submenu")),
            SHOW => {
                let label = if state.shown.window_visible {
                    &state.labels.hide
                } else {
                    &state.labels.show
                };
                put("label", Value::from(label.as_str()));
            }
            MUTE => {
                put("label", Value::from(state.labels.mute.as_str()));
                put("toggle-type", Value::from("checkmark"));
                put("toggle-state", Value::from(i32::from(state.shown.muted)));
            }
            SEPARATOR => put("type", Value::from("separator")),
            QUIT => put("label", Value::from(state.labels.quit.as_str())),
            _ => return None,
        }
        Some(p)
    }

    fn filtered(mut properties: Properties, names: &[String]) -> Properties {
        if !names.is_empty() {
            properties.retain(|k, _| names.contains(k));
        }
        properties
    }

    #[zbus::interface(name = "com.canonical.dbusmenu")]
    impl Menu {
        #[zbus(property)]
        fn version(&self) -> u32 {
            3
        }

        #[zbus(property)]
        fn text_direction(&self) -> &str {
            "ltr"
        }

        #[zbus(property)]
        fn status(&self) -> &str {
            "normal"
        }

        #[zbus(property)]
        fn icon_theme_path(&self) -> Vec<String> {
            Vec::new()
        }

        /// The menu is one level deep: the root and its four items.
        fn get_layout(
            &self,
            parent_id: i32,
            _recursion_depth: i32,
            property_names: Vec<String>,
        ) -> zbus::fdo::Result<(u32, Layout)> {
            let state = read(&self.shared);
            let properties = item(&state, parent_id)
                .ok_or_else(|| zbus::fdo::Error::InvalidArgs(format!("no item {parent_id}")))?;
            let children = if parent_id == 0 {
                [SHOW, MUTE, SEPARATOR, QUIT]
                    .into_iter()
                    .filter_map(|id| {
                        let p = filtered(item(&state, id)?, &property_names);
                        Some(owned(Value::from((id, p, Vec::<Value<'_>>::new()))))
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Ok((
                state.revision,
                (parent_id, filtered(properties, &property_names), children),
            ))
        }

        fn get_group_properties(
            &self,
            ids: Vec<i32>,
            property_names: Vec<String>,
        ) -> Vec<(i32, Properties)> {
            let state = read(&self.shared);
            ids.into_iter()
                .filter_map(|id| Some((id, filtered(item(&state, id)?, &property_names))))
                .collect()
        }

        fn get_property(&self, id: i32, name: String) -> zbus::fdo::Result<OwnedValue> {
            item(&read(&self.shared), id)
                .and_then(|mut p| p.remove(&name))
                .ok_or_else(|| zbus::fdo::Error::InvalidArgs(format!("no {name} on item {id}")))
        }

        fn event(&self, id: i32, event_id: String, _data: OwnedValue, _timestamp: u32) {
            if event_id != "clicked" {
                return;
            }
            let event = match id {
                SHOW => TrayEvent::ToggleWindow,
                MUTE => TrayEvent::ToggleMute,
                QUIT => TrayEvent::Quit,
                _ => return,
            };
            let _ = self.events.unbounded_send(event);
        }

        fn event_group(&self, events: Vec<(i32, String, OwnedValue, u32)>) -> Vec<i32> {
            let mut unknown = Vec::new();
            for (id, event_id, data, timestamp) in events {
                if item(&read(&self.shared), id).is_none() {
                    unknown.push(id);
                } else {
                    self.event(id, event_id, data, timestamp);
                }
            }
            unknown
        }

        fn about_to_show(&self, _id: i32) -> bool {
            false
        }

        fn about_to_show_group(&self, _ids: Vec<i32>) -> (Vec<i32>, Vec<i32>) {
            (Vec::new(), Vec::new())
        }

        #[zbus(signal)]
        async fn layout_updated(
            emitter: &SignalEmitter<'_>,
            revision: u32,
            parent: i32,
        ) -> zbus::Result<()>;
    }

    #[derive(Clone)]
    pub struct Tray {
        connection: zbus::Connection,
        shared: Shared,
        service: String,
    }

    impl std::fmt::Debug for Tray {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Tray")
                .field("service", &self.service)
                .finish()
        }
    }

    fn bus(e: zbus::Error) -> TrayError {
        TrayError::Bus(e.to_string())
    }

    async fn register(connection: &zbus::Connection, service: &str) -> zbus::Result<()> {
        connection
            .call_method(
                Some(WATCHER),
                "/StatusNotifierWatcher",
                Some(WATCHER),
                "RegisterStatusNotifierItem",
                &(service,),
            )
            .await
            .map(|_| ())
    }

    impl Tray {
        pub async fn start(
            address: Option<&str>,
            labels: Labels,
            icon: Picture,
            shown: Shown,
            events: UnboundedSender<TrayEvent>,
        ) -> Result<Tray, TrayError> {
            let shared = Arc::new(Mutex::new(State {
                labels,
                shown,
                revision: 1,
            }));
            let wanted = format!("org.kde.StatusNotifierItem-{}-1", std::process::id());
            let builder = match address {
                Some(a) => zbus::connection::Builder::address(a),
                None => zbus::connection::Builder::session(),
            }
            .map_err(bus)?;
            let item = Item {
                shared: shared.clone(),
                icon: pixmap(&icon),
                badged: pixmap(&with_badge(&icon)),
                events: events.clone(),
            };
            let menu = Menu {
                shared: shared.clone(),
                events,
            };
            let connection = builder
                .serve_at(ITEM_PATH, item)
                .map_err(bus)?
                .serve_at(MENU_PATH, menu)
                .map_err(bus)?
                .build()
                .await
                .map_err(bus)?;
            // The specification's well-known name; a sandbox (Flatpak) may not grant it, and
            // watchers take the connection's own unique name as well.
            let service = match connection.request_name(wanted.as_str()).await {
                Ok(_) => wanted,
                Err(_) => connection
                    .unique_name()
                    .map(|n| n.to_string())
                    .ok_or_else(|| TrayError::Bus("no name on the bus".into()))?,
            };
            register(&connection, &service)
                .await
                .map_err(|_| TrayError::NoHost)?;
            // A panel that restarts forgets its icons: register again with its new watcher.
            let again = connection.clone();
            let name = service.clone();
            tokio::spawn(async move {
                let Ok(dbus) = zbus::fdo::DBusProxy::new(&again).await else {
                    return;
                };
                let Ok(mut changes) = dbus
                    .receive_name_owner_changed_with_args(&[(0, WATCHER)])
                    .await
                else {
                    return;
                };
                while let Some(change) = changes.next().await {
                    let appeared = change.args().is_ok_and(|a| a.new_owner().is_some());
                    if appeared && let Err(e) = register(&again, &name).await {
                        tracing::warn!("the tray icon could not come back: {e}");
                    }
                }
            });
            Ok(Tray {
                connection,
                shared,
                service,
            })
        }

        pub async fn show(&self, shown: Shown) {
            let revision = {
                let mut state = read(&self.shared);
                if state.shown == shown {
                    return;
                }
                state.shown = shown;
                state.revision += 1;
                state.revision
            };
            let server = self.connection.object_server();
            if let Ok(item) = server.interface::<_, Item>(ITEM_PATH).await {
                let emitter = item.signal_emitter();
                let status = if shown.unread > 0 {
                    "NeedsAttention"
                } else {
                    "Active"
                };
                let _ = Item::new_status(emitter, status).await;
                let _ = Item::new_icon(emitter).await;
                let _ = Item::new_tool_tip(emitter).await;
            }
            if let Ok(menu) = server.interface::<_, Menu>(MENU_PATH).await {
                let _ = Menu::layout_updated(menu.signal_emitter(), revision, 0).await;
            }
        }

        pub fn service(&self) -> String {
            self.service.clone()
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use futures::channel::mpsc::UnboundedSender;

    use super::{Labels, Picture, Shown, TrayError, TrayEvent};

    #[derive(Debug, Clone)]
    pub struct Tray;

    impl Tray {
        pub async fn start(
            _address: Option<&str>,
            _labels: Labels,
            _icon: Picture,
            _shown: Shown,
            _events: UnboundedSender<TrayEvent>,
        ) -> Result<Tray, TrayError> {
            Err(TrayError::Unsupported)
        }

        pub async fn show(&self, _shown: Shown) {}

        pub fn service(&self) -> String {
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_badge_is_a_red_dot_in_the_top_right_corner_and_leaves_the_rest() {
        let plain = Picture {
            width: 32,
            height: 32,
            rgba: vec![0x10; 32 * 32 * 4],
        };
        let badged = with_badge(&plain);
        let at = |p: &Picture, x: u32, y: u32| {
            let i = ((y * 32 + x) * 4) as usize;
            [p.rgba[i], p.rgba[i + 1], p.rgba[i + 2], p.rgba[i + 3]]
        };
        assert_eq!(at(&badged, 24, 7), [0xE5, 0x39, 0x35, 0xFF]);
        assert_eq!(at(&badged, 4, 28), at(&plain, 4, 28));
        assert_eq!(badged.rgba.len(), plain.rgba.len());
    }
}
