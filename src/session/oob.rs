//! XEP-0066 out-of-band data, as clients use it to share files: the message body is the
//! file's address and `<x xmlns='jabber:x:oob'><url>` repeats it. In encrypted conversations
//! the body alone is an XEP-0454 `aesgcm://` address (the OOB element would sit outside the
//! encryption). A message is a file only in those two shapes; any other link stays a link and
//! causes no request.

use xmpp_parsers::minidom::Element;

use super::sfs::FileMeta;
use super::xml;
use crate::core::Attachment;
use crate::media::{aesgcm::SharedFile, media_type, name};

pub const NS: &str = "jabber:x:oob";

/// The `<x/>` naming a shared file.
pub fn element(url: &str) -> Element {
    xml::build("x", NS)
        .append(xml::text("url", NS, url))
        .build()
}

/// The address an incoming message's `<x/>` names, if it has one.
pub fn url(message: &Element) -> Option<String> {
    let x = message.get_child("x", NS)?;
    Some(x.get_child("url", NS)?.text().trim().to_string()).filter(|u| !u.is_empty())
}

/// The file an incoming message shares, from its body, its out-of-band address and its
/// XEP-0447 metadata (whose name, size and type count when it names the same address).
pub fn attachment(body: &str, oob: Option<&str>, meta: Option<&FileMeta>) -> Option<Attachment> {
    let body = body.trim();
    if body.is_empty() || body.chars().any(char::is_whitespace) {
        return None;
    }
    let meta = meta.filter(|m| m.sources.iter().any(|s| s == body));
    let shared = if body.starts_with("aesgcm://") {
        SharedFile::parse(body).is_ok()
    } else {
        body.starts_with("https://") && (oob == Some(body) || meta.is_some())
    };
    if !shared {
        return None;
    }
    let named = meta.and_then(|m| m.name.clone());
    let name = name::sanitize(&named.unwrap_or_else(|| file_name(body)));
    let kind = meta
        .and_then(|m| m.media_type.clone())
        .unwrap_or_else(|| media_type(&name).to_string());
    Some(Attachment {
        url: body.to_string(),
        media_type: Some(kind),
        name,
        size: meta.and_then(|m| m.size),
        local_path: None,
        cached: None,
    })
}

/// The last path element of a URL, percent-decoded where that gives text.
fn file_name(url: &str) -> String {
    let path = url.split(['#', '?']).next().unwrap_or(url);
    let after_host = path.split_once("://").map_or(path, |(_, rest)| rest);
    let last = after_host
        .split_once('/')
        .map_or("", |(_, p)| p.rsplit('/').next().unwrap_or(""));
    percent_decode(last).unwrap_or_else(|| last.to_string())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str) -> Element {
        xml.parse().unwrap()
    }

    #[test]
    fn a_shared_file_repeats_its_body_in_oob() {
        let m = parse(
            "<message xmlns='jabber:client' to='a@example.org' type='chat'>\
               <body>https://up.example.org/abc/holiday%20photo.jpg</body>\
               <x xmlns='jabber:x:oob'><url>https://up.example.org/abc/holiday%20photo.jpg</url></x>\
             </message>",
        );
        let oob = url(&m);
        let body = m.get_child("body", "jabber:client").unwrap().text();
        let a = attachment(&body, oob.as_deref(), None).unwrap();
        assert_eq!(a.name, "holiday photo.jpg");
        assert_eq!(a.media_type.as_deref(), Some("image/jpeg"));
        assert!(!a.encrypted());
    }

    #[test]
    fn an_aesgcm_body_is_a_file_without_oob() {
        let body = format!(
            "aesgcm://up.example.org/abc/voice.ogg#{}{}",
            "ab".repeat(12),
            "cd".repeat(32)
        );
        let a = attachment(&body, None, None).unwrap();
        assert!(a.encrypted());
        assert_eq!(a.name, "voice.ogg");
        assert_eq!(a.media_type.as_deref(), Some("audio/ogg"));
        // A damaged key is no file: the text stays text.
        assert_eq!(
            attachment("aesgcm://up.example.org/x#abcd", None, None),
            None
        );
    }

    #[test]
    fn links_and_mismatches_stay_text() {
        let link = "https://example.org/page.html";
        assert_eq!(attachment(link, None, None), None);
        assert_eq!(
            attachment(link, Some("https://example.org/other.jpg"), None),
            None
        );
        assert_eq!(
            attachment(
                "look: https://x.example/a.jpg",
                Some("https://x.example/a.jpg"),
                None
            ),
            None
        );
        assert_eq!(
            attachment(
                "http://x.example/a.jpg",
                Some("http://x.example/a.jpg"),
                None
            ),
            None
        );
    }

    #[test]
    fn hostile_names_in_urls_are_made_safe() {
        let url = "https://x.example/%2e%2e%2f%2e%2e%2fetc%2fpasswd";
        assert_eq!(attachment(url, Some(url), None).unwrap().name, "passwd");
        let url = "https://x.example/";
        assert_eq!(attachment(url, Some(url), None).unwrap().name, "file");
        let url = "https://x.example/a/%E2%80%AEgpj.exe";
        assert_eq!(attachment(url, Some(url), None).unwrap().name, "gpj.exe");
    }

    #[test]
    fn the_element_we_send() {
        assert_eq!(
            xml::to_string(&element("https://x.example/a.jpg")),
            "<x xmlns='jabber:x:oob'><url>https://x.example/a.jpg</url></x>"
        );
    }
}

#[cfg(test)]
mod metadata_tests {
    use super::*;

    #[test]
    fn metadata_names_the_file_when_it_names_the_same_address() {
        let url = "https://up.example.org/x/abc123";
        let meta = FileMeta {
            name: Some("../Holiday.JPG".into()),
            size: Some(2_000_000),
            media_type: Some("image/jpeg".into()),
            sources: vec![url.into()],
        };
        // XEP-0447 alone (no OOB) is enough.
        let a = attachment(url, None, Some(&meta)).unwrap();
        assert_eq!((a.name.as_str(), a.size), ("Holiday.JPG", Some(2_000_000)));
        assert_eq!(a.media_type.as_deref(), Some("image/jpeg"));
        // Metadata about another address says nothing of this one.
        let other = FileMeta {
            sources: vec!["https://elsewhere.example/y".into()],
            ..meta
        };
        let a = attachment(url, Some(url), Some(&other)).unwrap();
        assert_eq!((a.name.as_str(), a.size), ("abc123", None));
        assert_eq!(attachment(url, None, Some(&other)), None);
    }
}
