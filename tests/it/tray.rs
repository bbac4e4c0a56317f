//! The tray icon on a real D-Bus session bus (dbus-daemon, started here), with this test as the
//! panel: the status notifier watcher the icon registers with, and the host that reads its
//! properties and menu and clicks them, as KDE Plasma or XFCE do. Also the file chooser
//! check, which asks the same bus for the desktop portal.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use tidings::platform::tray::{Labels, Picture, Shown, Tray, TrayError, TrayEvent};
use zbus::zvariant::{OwnedValue, Value};

/// A private session bus for one test.
pub struct Bus {
    daemon: Child,
    pub address: String,
    _dir: tempfile::TempDir,
}

impl Bus {
    pub fn start() -> Bus {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("bus");
        // A bus of its own with no services to start: nothing of this machine's answers.
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                "<busconfig><type>session</type><listen>unix:path={}</listen>\
                 <auth>EXTERNAL</auth><policy context=\"default\"><allow send_destination=\"*\"/>\
                 <allow receive_sender=\"*\"/><allow own=\"*\"/></policy></busconfig>",
                socket.display()
            ),
        )
        .unwrap();
        let mut daemon = Command::new("dbus-daemon")
            .args(["--nofork", "--print-address=1"])
            .arg(format!("--config-file={}", config.display()))
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon runs (scripts/test installs it)");
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(daemon.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        assert!(line.starts_with("unix:"), "dbus-daemon said {line:?}");
        Bus {
            daemon,
            address: line.trim().to_owned(),
            _dir: dir,
        }
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// The panel's watcher: it records who registered.
struct Watcher {
    registered: Arc<Mutex<Vec<String>>>,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    fn register_status_notifier_item(&self, service: String) {
        self.registered.lock().unwrap().push(service);
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

pub async fn watcher(address: &str) -> (zbus::Connection, Arc<Mutex<Vec<String>>>) {
    let registered = Arc::new(Mutex::new(Vec::new()));
    let connection = zbus::connection::Builder::address(address)
        .unwrap()
        .name("org.kde.StatusNotifierWatcher")
        .unwrap()
        .serve_at(
            "/StatusNotifierWatcher",
            Watcher {
                registered: registered.clone(),
            },
        )
        .unwrap()
        .build()
        .await
        .unwrap();
    (connection, registered)
}

pub fn labels() -> Labels {
    Labels {
        show: "Show Tidings".into(),
        hide: "Hide Tidings".into(),
        mute: "Mute notifications".into(),
        quit: "Quit".into(),
        unread: |n| (n > 0).then(|| format!("{n} unread")),
    }
}

pub fn icon() -> Picture {
    Picture {
        width: 32,
        height: 32,
        rgba: [0x20, 0x80, 0xC0, 0xFF].repeat(32 * 32),
    }
}

pub async fn proxy<'a>(
    connection: &zbus::Connection,
    service: &'a str,
    path: &'a str,
    interface: &'a str,
) -> zbus::Proxy<'a> {
    zbus::proxy::Builder::new(connection)
        .destination(service)
        .unwrap()
        .path(path)
        .unwrap()
        .interface(interface)
        .unwrap()
        // The icon announces changes with its own signals; read afresh each time.
        .cache_properties(zbus::proxy::CacheProperties::No)
        .build()
        .await
        .unwrap()
}

/// One entry of the tray menu as a panel reads it: its id, its label (or its type, for a
/// separator) and its check mark.
#[derive(Debug, PartialEq)]
pub struct MenuItem {
    pub id: i32,
    pub text: String,
    pub toggle: Option<i32>,
}

fn entry(id: i32, text: &str, toggle: Option<i32>) -> MenuItem {
    MenuItem {
        id,
        text: text.into(),
        toggle,
    }
}

/// An icon picture as StatusNotifierItem carries it, and its tooltip.
type Pixmap = (i32, i32, Vec<u8>);
type ToolTip = (String, Vec<Pixmap>, String, String);

pub type Layout = (u32, (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>));

/// The menu's items.
pub fn items(layout: &Layout) -> Vec<MenuItem> {
    layout
        .1
        .2
        .iter()
        .map(|child| {
            let Value::Structure(s) = &**child else {
                panic!("a menu item is a structure: {child:?}");
            };
            let [Value::I32(id), Value::Dict(properties), _] = s.fields() else {
                panic!("a menu item is (id, properties, children): {s:?}");
            };
            let properties: HashMap<String, OwnedValue> =
                properties.try_clone().unwrap().try_into().unwrap();
            let text = |key: &str| {
                properties
                    .get(key)
                    .and_then(|v| String::try_from(v.try_clone().unwrap()).ok())
            };
            let toggle = properties
                .get("toggle-state")
                .and_then(|v| i32::try_from(v.try_clone().unwrap()).ok());
            MenuItem {
                id: *id,
                text: text("label").or_else(|| text("type")).unwrap_or_default(),
                toggle,
            }
        })
        .collect()
}

async fn next(events: &mut futures::channel::mpsc::UnboundedReceiver<TrayEvent>) -> TrayEvent {
    tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .expect("the click came through")
        .expect("the tray is running")
}

#[tokio::test]
async fn the_tray_icon_registers_shows_unread_messages_and_its_menu_works() {
    let bus = Bus::start();

    // A desktop without a tray: a clear error, nothing else breaks.
    let refused = Tray::start_on(&bus.address, labels(), icon(), Shown::default()).await;
    assert!(matches!(refused, Err(TrayError::NoHost)), "{refused:?}");

    let (panel, registered) = watcher(&bus.address).await;
    let shown = Shown {
        unread: 0,
        muted: false,
        window_visible: true,
    };
    let (tray, mut events) = Tray::start_on(&bus.address, labels(), icon(), shown)
        .await
        .unwrap();
    assert_eq!(*registered.lock().unwrap(), [tray.service()]);

    let service = tray.service();
    let item = proxy(
        &panel,
        &service,
        "/StatusNotifierItem",
        "org.kde.StatusNotifierItem",
    )
    .await;
    assert_eq!(
        item.get_property::<String>("Status").await.unwrap(),
        "Active"
    );
    assert_eq!(
        item.get_property::<String>("Id").await.unwrap(),
        "im.tidings.Tidings"
    );
    let pixmaps: Vec<Pixmap> = item.get_property("IconPixmap").await.unwrap();
    assert_eq!(pixmaps[0].0, 32);
    // ARGB in network order: alpha first.
    assert_eq!(&pixmaps[0].2[..4], &[0xFF, 0x20, 0x80, 0xC0]);
    let menu_path: zbus::zvariant::OwnedObjectPath = item.get_property("Menu").await.unwrap();

    let menu = proxy(
        &panel,
        &service,
        menu_path.as_str(),
        "com.canonical.dbusmenu",
    )
    .await;
    let layout: Layout = menu
        .call("GetLayout", &(0i32, -1i32, Vec::<String>::new()))
        .await
        .unwrap();
    assert_eq!(
        items(&layout),
        [
            entry(1, "Hide Tidings", None),
            entry(2, "Mute notifications", Some(0)),
            entry(3, "separator", None),
            entry(4, "Quit", None),
        ]
    );

    // A click on the icon, then each menu item.
    let _: () = item.call("Activate", &(10i32, 10i32)).await.unwrap();
    assert_eq!(next(&mut events).await, TrayEvent::Activate);
    for (id, expected) in [
        (2, TrayEvent::ToggleMute),
        (1, TrayEvent::ToggleWindow),
        (4, TrayEvent::Quit),
    ] {
        let _: () = menu
            .call("Event", &(id, "clicked", Value::I32(0), 0u32))
            .await
            .unwrap();
        assert_eq!(next(&mut events).await, expected);
    }

    // Three unread messages while the window is hidden and notifications are muted.
    let mut status = item.receive_signal("NewStatus").await.unwrap();
    let mut relayout = menu.receive_signal("LayoutUpdated").await.unwrap();
    tray.show(Shown {
        unread: 3,
        muted: true,
        window_visible: false,
    })
    .await;
    let said: (String,) = tokio::time::timeout(Duration::from_secs(5), status.next())
        .await
        .unwrap()
        .unwrap()
        .body()
        .deserialize()
        .unwrap();
    assert_eq!(said.0, "NeedsAttention");
    tokio::time::timeout(Duration::from_secs(5), relayout.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        item.get_property::<String>("Status").await.unwrap(),
        "NeedsAttention"
    );
    let tip: ToolTip = item.get_property("ToolTip").await.unwrap();
    assert_eq!((tip.2.as_str(), tip.3.as_str()), ("Tidings", "3 unread"));
    let badged: Vec<Pixmap> = item.get_property("IconPixmap").await.unwrap();
    assert_ne!(badged[0].2, pixmaps[0].2, "the icon carries a badge");
    let later: Layout = menu
        .call("GetLayout", &(0i32, -1i32, Vec::<String>::new()))
        .await
        .unwrap();
    assert!(later.0 > layout.0, "the menu's revision moves on");
    assert_eq!(items(&later)[0], entry(1, "Show Tidings", None));
    assert_eq!(items(&later)[1].toggle, Some(1));

    // The panel restarts: the icon registers with the new watcher by itself.
    drop(panel);
    let (_again, registered_again) = watcher(&bus.address).await;
    for _ in 0..50 {
        if !registered_again.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(*registered_again.lock().unwrap(), [service]);
}

/// The file chooser check: a bus with no desktop portal has none, and one where the portal's
/// name is taken has one.
#[test]
fn a_file_chooser_is_there_only_where_the_portal_runs() {
    use tidings::platform::chooser::portal_on;
    let bus = Bus::start();
    let connect = || {
        zbus::blocking::connection::Builder::address(bus.address.as_str())
            .unwrap()
            .build()
            .unwrap()
    };
    let window = connect();
    assert!(!portal_on(&window));
    let portal = connect();
    portal
        .request_name("org.freedesktop.portal.Desktop")
        .unwrap();
    assert!(portal_on(&window));
}

/// The desktop's notification server, as far as Tidings uses it: it records what it was asked
/// to show, and the test plays the user's clicks and replies through its signals.
struct Notifications {
    shown: Arc<Mutex<Vec<Notified>>>,
}

/// One Notify call.
#[derive(Debug, Clone)]
struct Notified {
    replaces: u32,
    summary: String,
    actions: Vec<String>,
    hints: HashMap<String, OwnedValue>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Notifications {
    fn get_capabilities(&self) -> Vec<String> {
        vec!["actions".into(), "body".into(), "inline-reply".into()]
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        _app_name: String,
        replaces_id: u32,
        _app_icon: String,
        summary: String,
        _body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut shown = self.shown.lock().unwrap();
        shown.push(Notified {
            replaces: replaces_id,
            summary,
            actions,
            hints,
        });
        if replaces_id != 0 {
            replaces_id
        } else {
            shown.len() as u32
        }
    }

    #[zbus(signal)]
    async fn action_invoked(
        emitter: &zbus::object_server::SignalEmitter<'_>,
        id: u32,
        action_key: &str,
    ) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn notification_replied(
        emitter: &zbus::object_server::SignalEmitter<'_>,
        id: u32,
        text: &str,
    ) -> zbus::Result<()>;
}

/// A message's notification offers Mark as read and a reply field, a newer one of the same
/// conversation replaces it, and a click, a choice or a typed reply comes back to Tidings.
#[tokio::test(flavor = "multi_thread")]
async fn a_notification_replaces_its_conversations_last_and_brings_back_a_reply() {
    use tidings::platform::notify::{Note, Outcome, freedesktop};

    let bus = Bus::start();
    let shown = Arc::new(Mutex::new(Vec::new()));
    let desktop = zbus::connection::Builder::address(bus.address.as_str())
        .unwrap()
        .name("org.freedesktop.Notifications")
        .unwrap()
        .serve_at(
            "/org/freedesktop/Notifications",
            Notifications {
                shown: shown.clone(),
            },
        )
        .unwrap()
        .build()
        .await
        .unwrap();
    let emitter = desktop
        .object_server()
        .interface::<_, Notifications>("/org/freedesktop/Notifications")
        .await
        .unwrap();
    let note = |body: &str| Note {
        title: "bob@localhost".into(),
        body: body.into(),
        sound: true,
        group: Some("conversation 41".into()),
        mark_read: Some("Mark as read".into()),
        reply: Some("Reply".into()),
    };
    let show = |note: Note| {
        let address = bus.address.clone();
        tokio::task::spawn_blocking(move || {
            let window = zbus::blocking::connection::Builder::address(address.as_str())
                .unwrap()
                .build()
                .unwrap();
            freedesktop::show_on(&window, &note).unwrap()
        })
    };
    let wait_for = |count: usize| {
        let shown = shown.clone();
        async move {
            for _ in 0..100 {
                if shown.lock().unwrap().len() >= count {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            panic!("the notification never came");
        }
    };

    // The first, then a newer one of the same conversation, which takes its place.
    let first = show(note("are you there?"));
    wait_for(1).await;
    let second = show(note("hello?"));
    wait_for(2).await;
    {
        let shown = shown.lock().unwrap();
        assert_eq!(shown[0].replaces, 0);
        assert_eq!(shown[1].replaces, 1, "the second replaces the first");
        assert_eq!(shown[0].summary, "bob@localhost");
        for key in ["default", "read", "inline-reply"] {
            assert!(
                shown[0].actions.iter().any(|a| a == key),
                "{:?}",
                shown[0].actions
            );
        }
        let hint = |k: &str| String::try_from(shown[0].hints[k].try_clone().unwrap()).unwrap();
        assert_eq!(hint("desktop-entry"), "im.tidings.Tidings");
        assert_eq!(hint("x-kde-reply-placeholder-text"), "Reply");
    }
    // "Mark as read" on the one on screen: both waiting calls hear it.
    Notifications::action_invoked(emitter.signal_emitter(), 1, "read")
        .await
        .unwrap();
    assert_eq!(first.await.unwrap(), Outcome::MarkRead);
    assert_eq!(second.await.unwrap(), Outcome::MarkRead);

    // A reply typed into the next one comes back as the reply; another id's click does not.
    let third = show(note("lunch?"));
    wait_for(3).await;
    assert_eq!(
        shown.lock().unwrap()[2].replaces,
        0,
        "the last one was gone"
    );
    Notifications::action_invoked(emitter.signal_emitter(), 99, "default")
        .await
        .unwrap();
    Notifications::notification_replied(emitter.signal_emitter(), 3, "On my way")
        .await
        .unwrap();
    assert_eq!(third.await.unwrap(), Outcome::Replied("On my way".into()));
}
