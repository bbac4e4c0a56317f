//! XEP-0447 stateless file sharing with XEP-0446 file metadata: what a shared file is (name,
//! size, media type, SHA-256) beside where it is. Dino sends it; we send it with plain files
//! (in an encrypted conversation it would tell the server what the encrypted file is) and read
//! it when its source is the message's own address.

use base64::Engine;
use xmpp_parsers::minidom::Element;

use super::xml;

pub const NS: &str = "urn:xmpp:sfs:0";
const METADATA: &str = "urn:xmpp:file:metadata:0";
const HASHES: &str = "urn:xmpp:hashes:2";
const URL_DATA: &str = "http://jabber.org/protocol/url-data";

/// What a sender says of a file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileMeta {
    pub name: Option<String>,
    pub size: Option<u64>,
    pub media_type: Option<String>,
    /// Where it can be fetched (url-data sources).
    pub sources: Vec<String>,
}

/// The `<file-sharing/>` for a plain file at `url`.
pub fn element(url: &str, name: &str, size: u64, media_type: &str, sha256: &[u8]) -> Element {
    let file = xml::build("file", METADATA)
        .append(xml::text("media-type", METADATA, media_type))
        .append(xml::text("name", METADATA, name))
        .append(xml::text("size", METADATA, &size.to_string()))
        .append(
            xml::attr(xml::build("hash", HASHES), "algo", "sha-256")
                .append(base64::engine::general_purpose::STANDARD.encode(sha256))
                .build(),
        )
        .build();
    let sources = xml::build("sources", NS)
        .append(xml::empty("url-data", URL_DATA, &[("target", url)]))
        .build();
    xml::attr(xml::build("file-sharing", NS), "disposition", "attachment")
        .append(file)
        .append(sources)
        .build()
}

/// The file metadata of an incoming message, if it has any.
pub fn parse(message: &Element) -> Option<FileMeta> {
    let sharing = message.get_child("file-sharing", NS)?;
    let file = sharing.get_child("file", METADATA)?;
    let text = |name: &str| {
        file.get_child(name, METADATA)
            .map(|e| e.text().trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let sources = sharing
        .get_child("sources", NS)
        .map(|s| {
            s.children()
                .filter(|c| c.is("url-data", URL_DATA))
                .filter_map(|c| c.attr("target").map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Some(FileMeta {
        name: text("name"),
        size: text("size").and_then(|s| s.parse().ok()),
        // Only a plausible type: the receiver picks previews and players by it.
        media_type: text("media-type").filter(|t| {
            t.len() < 100 && t.contains('/') && t.chars().all(|c| c.is_ascii_graphic())
        }),
        sources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_we_send_reads_back() {
        let e = element(
            "https://up.example.org/a/b.jpg",
            "b.jpg",
            1234,
            "image/jpeg",
            &[7; 32],
        );
        assert_eq!(
            xml::to_string(&e),
            "<file-sharing xmlns='urn:xmpp:sfs:0' disposition='attachment'>\
             <file xmlns='urn:xmpp:file:metadata:0'><media-type>image/jpeg</media-type>\
             <name>b.jpg</name><size>1234</size>\
             <hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=</hash>\
             </file><sources><url-data xmlns='http://jabber.org/protocol/url-data' \
             target='https://up.example.org/a/b.jpg'/></sources></file-sharing>"
        );
        let message = xml::build("message", "jabber:client").append(e).build();
        let meta = parse(&message).unwrap();
        assert_eq!(meta.name.as_deref(), Some("b.jpg"));
        assert_eq!(meta.size, Some(1234));
        assert_eq!(meta.media_type.as_deref(), Some("image/jpeg"));
        assert_eq!(
            meta.sources,
            vec!["https://up.example.org/a/b.jpg".to_string()]
        );
    }

    #[test]
    fn dino_style_metadata_and_nonsense_types() {
        let message: Element = "<message xmlns='jabber:client'>\
            <file-sharing xmlns='urn:xmpp:sfs:0'>\
              <file xmlns='urn:xmpp:file:metadata:0'>\
                <name>voice.m4a</name><size>not a number</size>\
                <media-type>text/html; charset=utf-8</media-type>\
              </file>\
            </file-sharing></message>"
            .parse()
            .unwrap();
        let meta = parse(&message).unwrap();
        assert_eq!(meta.name.as_deref(), Some("voice.m4a"));
        assert_eq!(
            (meta.size, meta.media_type, meta.sources.len()),
            (None, None, 0)
        );
    }
}
