//! How the CLI prints records: one JSON object per line, or one readable line.

use serde_json::json;

use crate::core::{BareJid, Device, Message, Occupant, PublicRoom, RosterItem, fingerprint_blocks};

pub struct Printer {
    pub json: bool,
    /// Our own address, the `to` of incoming messages.
    pub own: String,
}

impl Printer {
    pub fn message(&self, m: &Message) {
        // A private conversation's other party is the occupant's address in the room.
        let peer = match &m.private {
            Some(nick) => format!("{}/{nick}", m.peer),
            None => m.peer.to_string(),
        };
        let (from, to) = match (m.direction, &m.private) {
            (crate::core::Direction::In, None) => (m.sender.to_string(), self.own.clone()),
            (crate::core::Direction::In, Some(_)) => (peer.clone(), self.own.clone()),
            (crate::core::Direction::Out, _) => (m.sender.to_string(), peer.clone()),
        };
        if self.json {
            let line = json!({
                "id": m.id.0,
                "account": m.account.0,
                "conversation": m.conversation.0,
                "from": from,
                "to": to,
                "body": m.body,
                "timestamp": m.timestamp.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                "direction": m.direction.as_str(),
                "state": m.state.as_str(),
                "encrypted": m.encrypted,
                "namespaces": m.namespaces.iter().map(|n| n.label()).collect::<Vec<_>>(),
                "edited": m.edited,
                "retracted": m.retracted,
                "origin_id": m.origin_id,
                "stanza_id": m.stanza_id,
                "reply_to": m.reply_to,
                "nick": m.nick,
                "private": m.private.is_some(),
                "error": m.error,
                "attachments": m.attachment.iter().map(|a| json!({
                    "url": a.url,
                    "name": a.name,
                    "size": a.size,
                    "media_type": a.media_type,
                    "local_path": a.local_path,
                    "encrypted": a.encrypted(),
                })).collect::<Vec<_>>(),
            });
            println!("{line}");
        } else {
            let arrow = if m.direction == crate::core::Direction::In {
                "<"
            } else {
                ">"
            };
            let time = m
                .timestamp
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M");
            let peer = match (&m.nick, &m.private) {
                (_, Some(_)) => format!("{peer} (private)"),
                (Some(nick), None) => format!("{peer} {nick}"),
                (None, None) => peer,
            };
            let text = match &m.attachment {
                // The address of an encrypted file holds its key: not for a terminal's scrollback.
                Some(a) => match &a.local_path {
                    Some(path) => format!("[file {}: {}]", a.name, path.display()),
                    None => format!("[file {}]", a.name),
                },
                None => m.body.clone(),
            };
            println!("{time} {arrow} {peer}: {text} [{}]", m.state.as_str());
        }
    }

    pub fn occupants(&self, occupants: &[Occupant]) {
        for o in occupants {
            let jid = o.jid.as_ref().map(|j| j.to_string());
            if self.json {
                let line = json!({
                    "nick": o.nick,
                    "role": o.role.as_str(),
                    "affiliation": o.affiliation.as_str(),
                    "jid": jid,
                    "occupant_id": o.occupant_id,
                    "hats": o.hats.iter().map(|h| json!({"uri": h.uri, "title": h.title})).collect::<Vec<_>>(),
                });
                println!("{line}");
            } else {
                let jid = jid.map(|j| format!(" <{j}>")).unwrap_or_default();
                let hats: String = o.hats.iter().map(|h| format!(" [{}]", h.title)).collect();
                println!(
                    "{}{jid} {} {}{hats}",
                    o.nick,
                    o.role.as_str(),
                    o.affiliation.as_str()
                );
            }
        }
    }

    pub fn public_rooms(&self, rooms: &[&PublicRoom]) {
        for r in rooms {
            if self.json {
                let line = json!({
                    "room": r.jid.to_string(),
                    "name": r.name,
                    "description": r.description,
                    "occupants": r.occupants,
                });
                println!("{line}");
            } else {
                let name = r.name.as_deref().unwrap_or("");
                let count = r.occupants.map(|n| format!(" ({n})")).unwrap_or_default();
                let about = r
                    .description
                    .as_deref()
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default();
                println!("{} {name}{count}{about}", r.jid);
            }
        }
    }

    /// An invitation to a room: shown, never acted on.
    pub fn invitation(
        &self,
        room: &BareJid,
        from: &BareJid,
        reason: Option<&str>,
        password: Option<&str>,
    ) {
        if self.json {
            let line = json!({
                "event": "invitation",
                "room": room.to_string(),
                "from": from.to_string(),
                "reason": reason,
                "password": password,
            });
            println!("{line}");
        } else {
            let why = reason.map(|r| format!(" ({r})")).unwrap_or_default();
            let password = password
                .map(|p| format!(" --password {p}"))
                .unwrap_or_default();
            println!("{from} invites you to {room}{why}: tidings room join {room}{password}");
        }
    }

    /// A visitor of a room we moderate asks for a voice.
    pub fn voice_request(&self, room: &BareJid, nick: &str) {
        if self.json {
            let line = json!({
                "event": "voice_request",
                "room": room.to_string(),
                "nick": nick,
            });
            println!("{line}");
        } else {
            println!(
                "{nick} asks to speak in {room}: tidings room role {room} '{nick}' participant"
            );
        }
    }

    pub fn roster(&self, items: &[RosterItem]) {
        for i in items {
            if self.json {
                println!(
                    "{}",
                    json!({
                        "jid": i.jid.to_string(),
                        "name": i.name,
                        "subscription": i.subscription.as_str(),
                        "pending_out": i.pending_out,
                        "pending_in": i.pending_in,
                        "groups": i.groups,
                    })
                );
            } else {
                let name = i.name.as_deref().unwrap_or("");
                let pending = if i.pending_in {
                    " (asks to subscribe)"
                } else if i.pending_out {
                    " (waiting)"
                } else {
                    ""
                };
                println!("{} {name} [{}]{pending}", i.jid, i.subscription.as_str());
            }
        }
    }
}

/// OMEMO devices, one a line.
pub fn devices(devices: &[Device], json: bool) {
    for d in devices {
        if json {
            let line = json!({
                "jid": d.jid.to_string(),
                "namespace": d.namespace.label(),
                "device": d.id,
                "active": d.active,
                "fingerprint": d.fingerprint,
                "trust": d.trust.label(),
            });
            println!("{line}");
        } else {
            let fingerprint = d
                .fingerprint
                .as_deref()
                .map(fingerprint_blocks)
                .unwrap_or_else(|| "(key not fetched yet)".into());
            let gone = if d.active { "" } else { " (no longer listed)" };
            println!(
                "{} {} [{}] {fingerprint} {}{gone}",
                d.namespace.label(),
                d.id,
                d.trust.label(),
                d.jid
            );
        }
    }
}
