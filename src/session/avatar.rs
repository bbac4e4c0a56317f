//! XEP-0084 User Avatar, with the vCard photo of XEP-0153/XEP-0054 as the fallback that older
//! clients and servers still use.
//!
//! An avatar is believed only when the SHA-1 of its bytes equals the id the contact
//! announced, and only up to `MAX_BYTES`: a contact cannot make us store something else.

use base64::Engine;
use sha1::{Digest, Sha1};
use xmpp_parsers::minidom::Element;

use super::{ns, xml};
use crate::core::AvatarImage;

/// Larger avatars are ignored (XEP-0084 suggests well under this).
pub const MAX_BYTES: usize = 256 * 1024;

pub fn hash(data: &[u8]) -> String {
    hex::encode(Sha1::digest(data))
}

/// The announced avatar: its SHA-1 id, or None when the contact removed theirs.
#[derive(Debug, Clone, PartialEq)]
pub enum Announced {
    Avatar { id: String, mime: String },
    Removed,
}

/// Reads `<metadata/>`; only `<info/>` entries with bytes in the PEP data node count (not
/// `url` ones, which would make us fetch from the web).
pub fn metadata(payload: &Element) -> Option<Announced> {
    if !payload.is("metadata", ns::AVATAR_METADATA) {
        return None;
    }
    let infos: Vec<&Element> = payload
        .children()
        .filter(|c| c.is("info", ns::AVATAR_METADATA))
        .collect();
    if infos.is_empty() {
        return Some(Announced::Removed);
    }
    infos
        .into_iter()
        .filter(|i| i.attr("url").is_none())
        .filter(|i| {
            i.attr("bytes")
                .and_then(|b| b.parse::<usize>().ok())
                .is_some_and(|b| b <= MAX_BYTES)
        })
        .find_map(|i| {
            let id = i.attr("id")?.to_ascii_lowercase();
            (id.len() == 40 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| {
                Announced::Avatar {
                    id,
                    mime: i.attr("type").unwrap_or("image/png").to_string(),
                }
            })
        })
}

/// Decodes `<data/>` and checks it against the announced id.
pub fn data(payload: &Element, id: &str, mime: &str) -> Option<AvatarImage> {
    if !payload.is("data", ns::AVATAR_DATA) {
        return None;
    }
    decode(&payload.text(), id, mime)
}

fn decode(text: &str, id: &str, mime: &str) -> Option<AvatarImage> {
    // Base64 of MAX_BYTES, plus line breaks some clients insert.
    if text.len() > MAX_BYTES / 3 * 4 + MAX_BYTES / 38 + 16 {
        return None;
    }
    let clean: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(clean)
        .ok()?;
    (bytes.len() <= MAX_BYTES && hash(&bytes) == id).then(|| AvatarImage {
        mime: mime.to_string(),
        data: bytes,
    })
}

/// The two payloads we publish: data first, then the metadata that announces it.
pub fn publish_payloads(image: &AvatarImage) -> (String, Element, Element) {
    let id = hash(&image.data);
    let data = xml::text(
        "data",
        ns::AVATAR_DATA,
        &base64::engine::general_purpose::STANDARD.encode(&image.data),
    );
    let info = xml::empty(
        "info",
        ns::AVATAR_METADATA,
        &[
            ("bytes", &image.data.len().to_string()),
            ("id", &id),
            ("type", &image.mime),
        ],
    );
    let metadata = xml::build("metadata", ns::AVATAR_METADATA)
        .append(info)
        .build();
    (id, data, metadata)
}

/// An empty `<metadata/>`: "no avatar any more".
pub fn removed() -> Element {
    xml::empty("metadata", ns::AVATAR_METADATA, &[])
}

/// XEP-0153: the photo hash a contact's presence announces. Some("") means "no photo";
/// None means the presence says nothing about it.
pub fn vcard_update(presence: &Element) -> Option<String> {
    let x = presence.get_child("x", ns::VCARD_UPDATE)?;
    let photo = x.get_child("photo", ns::VCARD_UPDATE)?;
    Some(photo.text().trim().to_ascii_lowercase())
}

pub fn vcard_request() -> Element {
    xml::empty("vCard", ns::VCARD, &[])
}

/// A vCard with only this photo (or none): what an owner sets as a room's picture
/// (XEP-0486, the room's own vcard-temp).
pub fn vcard_with_photo(image: Option<&AvatarImage>) -> Element {
    let vcard = xml::build("vCard", ns::VCARD);
    match image {
        None => vcard.build(),
        Some(image) => {
            let photo = xml::build("PHOTO", ns::VCARD)
                .append(xml::text("TYPE", ns::VCARD, &image.mime))
                .append(xml::text(
                    "BINVAL",
                    ns::VCARD,
                    &base64::engine::general_purpose::STANDARD.encode(&image.data),
                ))
                .build();
            vcard.append(photo).build()
        }
    }
}

/// The PHOTO of a vCard result, checked against the hash the presence announced.
pub fn vcard_photo(vcard: &Element, id: &str) -> Option<AvatarImage> {
    let photo = vcard.get_child("PHOTO", ns::VCARD)?;
    let mime = photo
        .get_child("TYPE", ns::VCARD)
        .map(|t| t.text())
        .unwrap_or_else(|| "image/png".into());
    let binval = photo.get_child("BINVAL", ns::VCARD)?;
    decode(&binval.text(), id, &mime)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot really";

    fn b64(data: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(data)
    }

    /// A room's picture as its owner sets it, read back by the hash its presence gives.
    #[test]
    fn a_room_picture_is_a_vcard_photo() {
        let image = AvatarImage {
            mime: "image/png".into(),
            data: PNG.to_vec(),
        };
        let vcard = vcard_with_photo(Some(&image));
        assert_eq!(
            xml::to_string(&vcard),
            format!(
                "<vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE><BINVAL>{}</BINVAL>\
                 </PHOTO></vCard>",
                b64(PNG)
            )
        );
        assert_eq!(vcard_photo(&vcard, &hash(PNG)), Some(image));
        assert_eq!(
            xml::to_string(&vcard_with_photo(None)),
            "<vCard xmlns='vcard-temp'/>"
        );
    }

    #[test]
    fn reads_metadata_and_checks_data() {
        let id = hash(PNG);
        let m: Element = format!(
            "<metadata xmlns='urn:xmpp:avatar:metadata'>
               <info bytes='{}' id='{id}' type='image/png' width='64' height='64'/>
             </metadata>",
            PNG.len()
        )
        .parse()
        .unwrap();
        let announced = metadata(&m).unwrap();
        assert_eq!(
            announced,
            Announced::Avatar {
                id: id.clone(),
                mime: "image/png".into()
            }
        );
        let d: Element = format!("<data xmlns='urn:xmpp:avatar:data'>{}</data>", b64(PNG))
            .parse()
            .unwrap();
        assert_eq!(data(&d, &id, "image/png").unwrap().data, PNG);
    }

    #[test]
    fn data_that_does_not_match_its_id_is_refused() {
        let other = hash(b"something else");
        let d: Element = format!("<data xmlns='urn:xmpp:avatar:data'>{}</data>", b64(PNG))
            .parse()
            .unwrap();
        assert!(data(&d, &other, "image/png").is_none());
    }

    #[test]
    fn empty_metadata_removes_and_url_only_is_ignored() {
        let m: Element = "<metadata xmlns='urn:xmpp:avatar:metadata'/>"
            .parse()
            .unwrap();
        assert_eq!(metadata(&m), Some(Announced::Removed));
        let u: Element = "<metadata xmlns='urn:xmpp:avatar:metadata'>
            <info bytes='10' id='0123456789012345678901234567890123456789' type='image/png' url='http://evil.example/x.png'/>
            </metadata>"
            .parse()
            .unwrap();
        assert_eq!(metadata(&u), None);
    }

    #[test]
    fn oversized_avatars_are_ignored() {
        let m: Element = format!(
            "<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='{}' id='{}' type='image/png'/></metadata>",
            MAX_BYTES + 1,
            hash(PNG)
        )
        .parse()
        .unwrap();
        assert_eq!(metadata(&m), None);
    }

    #[test]
    fn vcard_fallback() {
        let id = hash(PNG);
        let p: Element = format!(
            "<presence xmlns='jabber:client'><x xmlns='vcard-temp:x:update'><photo>{}</photo></x></presence>",
            id.to_uppercase()
        )
        .parse()
        .unwrap();
        assert_eq!(vcard_update(&p).as_deref(), Some(id.as_str()));
        let v: Element = format!(
            "<vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE><BINVAL>{}</BINVAL></PHOTO></vCard>",
            b64(PNG)
        )
        .parse()
        .unwrap();
        assert_eq!(vcard_photo(&v, &id).unwrap().data, PNG);
    }

    #[test]
    fn publish_round_trip() {
        let image = AvatarImage {
            mime: "image/png".into(),
            data: PNG.to_vec(),
        };
        let (id, d, m) = publish_payloads(&image);
        assert_eq!(
            metadata(&m),
            Some(Announced::Avatar {
                id: id.clone(),
                mime: "image/png".into()
            })
        );
        assert_eq!(data(&d, &id, "image/png").unwrap(), image);
    }
}
