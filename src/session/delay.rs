//! XEP-0203 Delayed Delivery: when a forwarded or stored message was really sent.

use chrono::{DateTime, Utc};
use xmpp_parsers::minidom::Element;

use super::ns;

pub fn stamp(parent: &Element) -> Option<DateTime<Utc>> {
    let delay = parent.get_child("delay", ns::DELAY)?;
    DateTime::parse_from_rfc3339(delay.attr("stamp")?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_stamp() {
        let el: Element = "<message xmlns='jabber:client'><delay xmlns='urn:xmpp:delay' stamp='2024-03-01T10:00:00Z'/></message>".parse().unwrap();
        assert_eq!(
            stamp(&el).unwrap().to_rfc3339(),
            "2024-03-01T10:00:00+00:00"
        );
        let bad: Element = "<message xmlns='jabber:client'><delay xmlns='urn:xmpp:delay' stamp='yesterday'/></message>".parse().unwrap();
        assert_eq!(stamp(&bad), None);
    }
}
