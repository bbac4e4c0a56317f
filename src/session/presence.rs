//! RFC 6121 presence of contacts' devices, and ours, with XEP-0319 idle times.
//!
//! Presence is kept in memory per device; the interface gets one aggregate per contact,
//! in batches. Only "last seen" is stored.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use xmpp_parsers::jid::BareJid;
use xmpp_parsers::minidom::Element;

use super::{disco, ns, xml};
use crate::core::{ContactPresence, DeviceStatus, OwnPresence, Show};

/// One device's presence.
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    pub show: Show,
    pub status: Option<String>,
    pub priority: i8,
    pub idle_since: Option<DateTime<Utc>>,
    pub client: Option<String>,
}

/// What an available presence from one device says.
pub fn device(presence: &Element) -> Device {
    let child = |name: &str| presence.get_child(name, ns::CLIENT).map(|c| c.text());
    let show = match child("show").as_deref().map(str::trim) {
        Some("chat") => Show::Chat,
        Some("away") => Show::Away,
        Some("xa") => Show::ExtendedAway,
        Some("dnd") => Show::DoNotDisturb,
        _ => Show::Available,
    };
    let status = child("status")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let priority = child("priority")
        .and_then(|p| p.trim().parse::<i8>().ok())
        .unwrap_or(0);
    Device {
        show,
        status,
        priority,
        idle_since: idle(presence),
        client: client(presence),
    }
}

/// The host of the XEP-0115 node URL (`https://gajim.org` gives "gajim.org"), bounded and
/// printable; anything else is no hint at all.
fn client(presence: &Element) -> Option<String> {
    let node = presence.get_child("c", ns::CAPS)?.attr("node")?;
    let rest = node.split_once("://").map_or(node, |(_, rest)| rest);
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .trim_start_matches("www.");
    let fine = !host.is_empty()
        && host.len() <= 64
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    fine.then(|| host.to_ascii_lowercase())
}

/// XEP-0319 `<idle since=.../>`; a time in the future is nonsense and ignored.
pub fn idle(presence: &Element) -> Option<DateTime<Utc>> {
    let since = presence.get_child("idle", ns::IDLE)?.attr("since")?;
    let since = DateTime::parse_from_rfc3339(since)
        .ok()?
        .with_timezone(&Utc);
    (since <= Utc::now()).then_some(since)
}

/// Devices per contact, and the aggregate the interface sees.
#[derive(Default)]
pub struct Tracker {
    devices: HashMap<BareJid, HashMap<String, Device>>,
}

impl Tracker {
    /// A device came online or changed; returns the contact's new aggregate.
    pub fn available(&mut self, jid: &BareJid, resource: &str, device: Device) -> ContactPresence {
        self.devices
            .entry(jid.clone())
            .or_default()
            .insert(resource.to_string(), device);
        self.aggregate(jid, None)
    }

    /// A device went offline (None: every device, as for a bare-JID unavailable).
    pub fn unavailable(
        &mut self,
        jid: &BareJid,
        resource: Option<&str>,
        now: DateTime<Utc>,
    ) -> ContactPresence {
        match (resource, self.devices.get_mut(jid)) {
            (Some(r), Some(devices)) => {
                devices.remove(r);
                if devices.is_empty() {
                    self.devices.remove(jid);
                }
            }
            _ => {
                self.devices.remove(jid);
            }
        }
        self.aggregate(jid, Some(now))
    }

    /// Everyone went offline with the connection.
    pub fn clear(&mut self) {
        self.devices.clear();
    }

    fn aggregate(&self, jid: &BareJid, gone_at: Option<DateTime<Utc>>) -> ContactPresence {
        let mut devices: Vec<DeviceStatus> = self
            .devices
            .get(jid)
            .into_iter()
            .flatten()
            .map(|(resource, d)| DeviceStatus {
                resource: resource.clone(),
                show: d.show,
                status: d.status.clone(),
                idle_since: d.idle_since,
                client: d.client.clone(),
            })
            .collect();
        devices.sort_by(|a, b| a.resource.cmp(&b.resource));
        let best = self.devices.get(jid).and_then(|devices| {
            devices.values().max_by_key(|d| {
                (
                    d.priority,
                    std::cmp::Reverse(d.show),
                    d.idle_since.is_none(),
                )
            })
        });
        match best {
            Some(d) => ContactPresence {
                show: Some(d.show),
                status: d.status.clone(),
                idle_since: d.idle_since,
                last_seen: None,
                devices,
            },
            None => ContactPresence {
                show: None,
                status: None,
                idle_since: None,
                last_seen: gone_at,
                devices,
            },
        }
    }
}

/// Our own available presence: show, status, idle, caps and the vCard-based avatar hash
/// (XEP-0153) for contacts whose clients only know that.
pub fn own(presence: &OwnPresence, avatar: Option<&str>) -> Element {
    let mut b = xml::build("presence", ns::CLIENT);
    let show = match presence.show {
        Show::Chat => Some("chat"),
        Show::Available => None,
        Show::Away => Some("away"),
        Show::ExtendedAway => Some("xa"),
        Show::DoNotDisturb => Some("dnd"),
    };
    if let Some(show) = show {
        b = b.append(xml::text("show", ns::CLIENT, show));
    }
    if let Some(status) = &presence.status {
        b = b.append(xml::text("status", ns::CLIENT, status));
    }
    if let Some(since) = presence.idle_since {
        let since = since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        b = b.append(xml::empty("idle", ns::IDLE, &[("since", &since)]));
    }
    b = b.append(disco::caps());
    if let Some(hash) = avatar {
        let photo = xml::text("photo", ns::VCARD_UPDATE, hash);
        b = b.append(xml::build("x", ns::VCARD_UPDATE).append(photo).build());
    }
    b.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Element {
        text.parse().unwrap()
    }

    #[test]
    fn reads_show_status_priority_and_idle() {
        let p = parse(
            "<presence xmlns='jabber:client' from='juliet@capulet.lit/balcony'>
               <show>away</show><status> at the ball </status><priority>5</priority>
               <idle xmlns='urn:xmpp:idle:1' since='1969-07-21T02:56:15Z'/>
             </presence>",
        );
        let d = device(&p);
        assert_eq!(d.show, Show::Away);
        assert_eq!(d.status.as_deref(), Some("at the ball"));
        assert_eq!(d.priority, 5);
        assert_eq!(
            d.idle_since.unwrap().to_rfc3339(),
            "1969-07-21T02:56:15+00:00"
        );
    }

    #[test]
    fn the_client_is_the_host_of_the_caps_node_or_nothing() {
        let with = |node: &str| {
            device(&parse(&format!(
                "<presence xmlns='jabber:client'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='{node}' ver='x'/></presence>"
            )))
            .client
        };
        assert_eq!(
            with("http://conversations.im").as_deref(),
            Some("conversations.im")
        );
        assert_eq!(
            with("https://www.Gajim.org/caps").as_deref(),
            Some("gajim.org")
        );
        assert_eq!(with("https://dino.im").as_deref(), Some("dino.im"));
        assert_eq!(
            with("https://evil.example/\u{202e}moc"),
            Some("evil.example".into())
        );
        assert_eq!(with("http://\u{202e}gro.mijag"), None);
        assert_eq!(with(""), None);
        assert_eq!(
            device(&parse("<presence xmlns='jabber:client'/>")).client,
            None
        );
    }

    #[test]
    fn idle_in_the_future_is_ignored() {
        let p = parse(
            "<presence xmlns='jabber:client'><idle xmlns='urn:xmpp:idle:1' since='2999-01-01T00:00:00Z'/></presence>",
        );
        assert_eq!(idle(&p), None);
    }

    #[test]
    fn the_most_available_device_wins_and_last_seen_follows_the_last() {
        let jid: BareJid = "juliet@capulet.lit".parse().unwrap();
        let mut t = Tracker::default();
        let away = Device {
            show: Show::Away,
            status: None,
            priority: 0,
            idle_since: None,
            client: Some("conversations.im".into()),
        };
        let chat = Device {
            show: Show::Chat,
            status: Some("here".into()),
            priority: 0,
            idle_since: None,
            client: None,
        };
        t.available(&jid, "phone", away);
        let both = t.available(&jid, "laptop", chat);
        assert_eq!(both.show, Some(Show::Chat));
        let listed: Vec<_> = both.devices.iter().map(|d| d.resource.as_str()).collect();
        assert_eq!(listed, ["laptop", "phone"]);
        assert_eq!(both.devices[1].client.as_deref(), Some("conversations.im"));
        let one = t.unavailable(&jid, Some("laptop"), Utc::now());
        assert_eq!(one.show, Some(Show::Away));
        assert_eq!(one.devices.len(), 1);
        let now = Utc::now();
        let none = t.unavailable(&jid, Some("phone"), now);
        assert_eq!(none.show, None);
        assert_eq!(none.last_seen, Some(now));
    }

    #[test]
    fn own_presence_carries_idle_caps_and_photo() {
        let since = DateTime::parse_from_rfc3339("2026-01-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let p = own(
            &OwnPresence {
                show: Show::DoNotDisturb,
                status: Some("busy".into()),
                idle_since: Some(since),
            },
            Some("abc"),
        );
        let text = xml::to_string(&p);
        assert!(text.contains("<show>dnd</show>"));
        assert!(text.contains("<status>busy</status>"));
        assert!(text.contains("since='2026-01-01T10:00:00Z'"));
        assert!(text.contains("<photo>abc</photo>"));
        assert!(text.contains("http://jabber.org/protocol/caps"));
        assert_eq!(device(&p).show, Show::DoNotDisturb);
    }
}
