//! XEP-0363 HTTP File Upload: the server's upload service (found by disco, with its size
//! limit), a slot requested for one file, and the slot's PUT and GET addresses. The PUT
//! itself is media::http's.

use xmpp_parsers::http_upload::{SlotRequest, SlotResult};
use xmpp_parsers::minidom::Element;

use super::disco;

pub const NS: &str = "urn:xmpp:http:upload:0";

/// An upload service, from its disco#info.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The largest file it takes, in bytes, when it says.
    pub max_size: Option<u64>,
}

/// The service a disco#info result describes, if it is one.
pub fn service(query: &Element) -> Option<Service> {
    if !disco::features(query).iter().any(|f| f == NS) {
        return None;
    }
    let max_size =
        disco::info_field(query, NS, "max-file-size").and_then(|v| v.trim().parse().ok());
    Some(Service { max_size })
}

/// The request for a slot for one file.
pub fn request(name: &str, size: u64, media_type: &str) -> Element {
    SlotRequest {
        filename: name.to_string(),
        size,
        content_type: Some(media_type.to_string()),
    }
    .into()
}

/// Where to PUT the file and the headers to send with it, and where others GET it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub put: String,
    pub headers: Vec<(String, String)>,
    pub get: String,
}

/// The slot in the service's answer. Both addresses must be https: a file must never travel
/// in the clear, and XEP-0454 only turns https addresses into aesgcm:// ones.
pub fn slot(answer: Element) -> Result<Slot, String> {
    let result =
        SlotResult::try_from(answer).map_err(|e| format!("the upload slot is unreadable: {e}"))?;
    for url in [&result.put.url, &result.get.url] {
        if !url.starts_with("https://") || url.contains('#') || url.chars().any(char::is_whitespace)
        {
            return Err(format!(
                "the upload service gave an address that is not a plain https one: {url}"
            ));
        }
    }
    Ok(Slot {
        put: result.put.url,
        headers: result
            .put
            .headers
            .into_iter()
            .map(|h| (h.name.as_str().to_string(), h.value))
            .collect(),
        get: result.get.url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::xml;

    #[test]
    fn a_service_and_its_limit() {
        let info: Element = "<query xmlns='http://jabber.org/protocol/disco#info'>\
              <identity category='store' type='file' name='HTTP File Upload'/>\
              <feature var='urn:xmpp:http:upload:0'/>\
              <x xmlns='jabber:x:data' type='result'>\
                <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:http:upload:0</value></field>\
                <field var='max-file-size'><value>10485760</value></field>\
              </x></query>"
            .parse()
            .unwrap();
        assert_eq!(
            service(&info),
            Some(Service {
                max_size: Some(10_485_760)
            })
        );
        let room: Element = "<query xmlns='http://jabber.org/protocol/disco#info'>\
              <feature var='http://jabber.org/protocol/muc'/></query>"
            .parse()
            .unwrap();
        assert_eq!(service(&room), None);
    }

    #[test]
    fn the_request_we_send() {
        assert_eq!(
            xml::to_string(&request("photo.jpg", 23456, "image/jpeg")),
            "<request xmlns='urn:xmpp:http:upload:0' content-type='image/jpeg' filename='photo.jpg' size='23456'/>"
        );
    }

    #[test]
    fn a_slot_with_headers() {
        let answer: Element = "<slot xmlns='urn:xmpp:http:upload:0'>\
              <put url='https://up.example.org/u/abc/photo.jpg'>\
                <header name='Authorization'>Bearer 1234</header>\
              </put>\
              <get url='https://up.example.org/u/abc/photo.jpg'/></slot>"
            .parse()
            .unwrap();
        let s = slot(answer).unwrap();
        assert_eq!(s.put, "https://up.example.org/u/abc/photo.jpg");
        assert_eq!(
            s.headers,
            vec![("Authorization".to_string(), "Bearer 1234".to_string())]
        );
    }

    #[test]
    fn plain_http_slots_and_odd_headers_are_refused() {
        let plain: Element = "<slot xmlns='urn:xmpp:http:upload:0'>\
              <put url='http://up.example.org/u'/><get url='https://up.example.org/u'/></slot>"
            .parse()
            .unwrap();
        assert!(slot(plain).is_err());
        // XEP-0363 allows three header names; a slot with another is refused whole.
        let odd: Element = "<slot xmlns='urn:xmpp:http:upload:0'>\
              <put url='https://up.example.org/u'><header name='Host'>evil</header></put>\
              <get url='https://up.example.org/u'/></slot>"
            .parse()
            .unwrap();
        assert!(slot(odd).is_err());
    }
}
