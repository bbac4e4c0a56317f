//! XEP-0060 as PEP (XEP-0163) uses it: publish with options, fetch items, read notifications.
//!
//! Who may send a notification is the caller's check: for a contact's node the outer `from`
//! must be that contact's bare JID; for our own private nodes it must be absent or our own
//! bare JID (Dino CVE-2023-28686).

use xmpp_parsers::minidom::Element;

use super::{ns, xml};

/// One item of a node: its id and payload (the first child).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: Option<String>,
    pub payload: Option<Element>,
}

/// A notification: which node, its new or changed items, and retracted item ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub node: String,
    pub items: Vec<Item>,
    pub retracted: Vec<String>,
}

fn item_of(element: &Element) -> Item {
    Item {
        id: element.attr("id").map(str::to_string),
        payload: element.children().next().cloned(),
    }
}

/// The `<event/>` in a message, if it carries one.
pub fn notification(message: &Element) -> Option<Notification> {
    let event = message.get_child("event", ns::PUBSUB_EVENT)?;
    let items = event.get_child("items", ns::PUBSUB_EVENT)?;
    let node = items.attr("node")?.to_string();
    Some(Notification {
        node,
        items: items
            .children()
            .filter(|c| c.is("item", ns::PUBSUB_EVENT))
            .map(item_of)
            .collect(),
        retracted: items
            .children()
            .filter(|c| c.is("retract", ns::PUBSUB_EVENT))
            .filter_map(|c| c.attr("id").map(str::to_string))
            .collect(),
    })
}

/// `<pubsub><items node=... [max_items]><item id=.../></items></pubsub>` for an IQ get.
pub fn items_request(node: &str, item: Option<&str>) -> Element {
    let mut items = xml::attr(xml::build("items", ns::PUBSUB), "node", node);
    if let Some(id) = item {
        items = items.append(xml::empty("item", ns::PUBSUB, &[("id", id)]));
    }
    xml::build("pubsub", ns::PUBSUB)
        .append(items.build())
        .build()
}

/// The items of an IQ result to `items_request`.
pub fn items_result(pubsub: &Element, node: &str) -> Vec<Item> {
    pubsub
        .get_child("items", ns::PUBSUB)
        .filter(|i| i.attr("node") == Some(node))
        .map(|items| {
            items
                .children()
                .filter(|c| c.is("item", ns::PUBSUB))
                .map(item_of)
                .collect()
        })
        .unwrap_or_default()
}

/// A publish with XEP-0223 publish-options (`pubsub#...` fields, without the prefix).
pub fn publish(node: &str, id: &str, payload: Element, options: &[(&str, &str)]) -> Element {
    let item = xml::attr(xml::build("item", ns::PUBSUB), "id", id)
        .append(payload)
        .build();
    let publish = xml::attr(xml::build("publish", ns::PUBSUB), "node", node)
        .append(item)
        .build();
    let mut pubsub = xml::build("pubsub", ns::PUBSUB).append(publish);
    if !options.is_empty() {
        let mut form = xml::attr(xml::build("x", ns::DATA_FORMS), "type", "submit").append(field(
            "FORM_TYPE",
            "http://jabber.org/protocol/pubsub#publish-options",
        ));
        for (name, value) in options {
            form = form.append(field(&format!("pubsub#{name}"), value));
        }
        pubsub = pubsub.append(
            xml::build("publish-options", ns::PUBSUB)
                .append(form.build())
                .build(),
        );
    }
    pubsub.build()
}

/// Where a publication with publish-options stands. A server that refuses the options
/// (`precondition-not-met`: the node exists with other settings) or does not know them gets
/// the node configured and the item published again without them (XEP-0060 §7.1.5); a node
/// that cannot be configured because it does not exist yet is created by a plain publish and
/// configured afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishStep {
    WithOptions,
    Configure,
    WithoutOptions,
    WithoutOptionsThenConfigure,
    ConfigureAfter,
}

impl PublishStep {
    /// The step after this one answered (`ok`), or None when the publication is done or has
    /// failed for good.
    pub fn next(self, ok: bool) -> Option<PublishStep> {
        match (self, ok) {
            (PublishStep::WithOptions, false) => Some(PublishStep::Configure),
            (PublishStep::Configure, true) => Some(PublishStep::WithoutOptions),
            (PublishStep::Configure, false) => Some(PublishStep::WithoutOptionsThenConfigure),
            (PublishStep::WithoutOptionsThenConfigure, true) => Some(PublishStep::ConfigureAfter),
            _ => None,
        }
    }

    /// Whether this step configures the node rather than publishing.
    pub fn configures(self) -> bool {
        matches!(self, PublishStep::Configure | PublishStep::ConfigureAfter)
    }
}

fn field(var: &str, value: &str) -> Element {
    xml::attr(xml::build("field", ns::DATA_FORMS), "var", var)
        .append(xml::text("value", ns::DATA_FORMS, value))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_notification() {
        let m: Element = "<message xmlns='jabber:client' from='juliet@capulet.lit'>
            <event xmlns='http://jabber.org/protocol/pubsub#event'>
              <items node='urn:xmpp:avatar:metadata'>
                <item id='abc'><metadata xmlns='urn:xmpp:avatar:metadata'/></item>
                <retract id='old'/>
              </items>
            </event></message>"
            .parse()
            .unwrap();
        let n = notification(&m).unwrap();
        assert_eq!(n.node, "urn:xmpp:avatar:metadata");
        assert_eq!(n.items.len(), 1);
        assert_eq!(n.items[0].id.as_deref(), Some("abc"));
        assert!(
            n.items[0]
                .payload
                .as_ref()
                .unwrap()
                .is("metadata", "urn:xmpp:avatar:metadata")
        );
        assert_eq!(n.retracted, vec!["old".to_string()]);
    }

    #[test]
    fn a_plain_message_is_no_notification() {
        let m: Element = "<message xmlns='jabber:client'><body>hi</body></message>"
            .parse()
            .unwrap();
        assert!(notification(&m).is_none());
    }

    #[test]
    fn publish_carries_options() {
        let p = publish(
            "urn:xmpp:mds:displayed:0",
            "juliet@capulet.lit",
            xml::empty("displayed", "urn:xmpp:mds:displayed:0", &[]),
            &[("access_model", "whitelist")],
        );
        let text = xml::to_string(&p);
        assert!(text.contains("<publish node='urn:xmpp:mds:displayed:0'>"));
        assert!(text.contains("<item id='juliet@capulet.lit'>"));
        assert!(text.contains("var='pubsub#access_model'"));
        assert!(text.contains("<value>whitelist</value>"));
    }

    #[test]
    fn a_refused_publication_configures_the_node_and_publishes_again() {
        use PublishStep::*;
        assert_eq!(WithOptions.next(true), None);
        // The node exists with other options: configure it, then publish plainly.
        assert_eq!(WithOptions.next(false), Some(Configure));
        assert_eq!(Configure.next(true), Some(WithoutOptions));
        assert_eq!(WithoutOptions.next(true), None);
        assert_eq!(WithoutOptions.next(false), None);
        // No such node to configure: create it by publishing, then configure it.
        assert_eq!(Configure.next(false), Some(WithoutOptionsThenConfigure));
        assert_eq!(WithoutOptionsThenConfigure.next(true), Some(ConfigureAfter));
        assert_eq!(WithoutOptionsThenConfigure.next(false), None);
        assert_eq!(ConfigureAfter.next(true), None);
        assert_eq!(ConfigureAfter.next(false), None);
        assert!(Configure.configures() && ConfigureAfter.configures());
        assert!(!WithOptions.configures() && !WithoutOptions.configures());
    }

    #[test]
    fn reads_items_of_the_asked_node_only() {
        let r: Element = "<pubsub xmlns='http://jabber.org/protocol/pubsub'>
            <items node='urn:xmpp:avatar:data'><item id='x'><data xmlns='urn:xmpp:avatar:data'>AA==</data></item></items>
            </pubsub>"
            .parse()
            .unwrap();
        assert_eq!(items_result(&r, "urn:xmpp:avatar:data").len(), 1);
        assert!(items_result(&r, "other").is_empty());
    }
}
