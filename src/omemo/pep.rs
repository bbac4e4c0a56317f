//! PEP (XEP-0163 over XEP-0060) publications of OMEMO device lists and bundles in both
//! namespaces, with the node options XEP-0384 requires: access model `open` everywhere, and
//! for the OMEMO 2 bundles node, which holds one item per device, `max_items = max`. Our
//! avatar (XEP-0084), open to anyone too, is published the same way.
//!
//! A [`Publication`] gives the `<pubsub>` child of the `iq type='set'` with publish-options,
//! the same without them, and the owner `<configure>` request for servers that refuse the
//! options (`precondition-not-met`) or do not support them: on such an error, configure the
//! node and publish again (what slixmpp-omemo does). Building stanzas and sending them is the
//! session code's job.

use xmpp_parsers::data_forms::{DataForm, DataFormType, Field};
use xmpp_parsers::minidom::Element;
use xmpp_parsers::pubsub::owner::{Owner, Payload};
use xmpp_parsers::pubsub::pubsub::{Item, Publish, PublishOptions};
use xmpp_parsers::pubsub::{ItemId, NodeName, PubSub};
use xso::AsXml;
use xso::error::Error;

use super::stanza2::DeviceId;
use super::{legacy_xml, stanza2};

/// FORM_TYPE of publish-options (XEP-0060 §7.1.5).
pub const PUBLISH_OPTIONS: &str = "http://jabber.org/protocol/pubsub#publish-options";
/// FORM_TYPE of node configuration (XEP-0060 §8.2).
pub const NODE_CONFIG: &str = "http://jabber.org/protocol/pubsub#node_config";

/// Options of a device list node and of a legacy bundle node.
pub const OPEN: &[(&str, &str)] = &[("pubsub#access_model", "open")];
/// Options of the OMEMO 2 bundles node: one item per device must survive.
pub const OPEN_MAX_ITEMS: &[(&str, &str)] =
    &[("pubsub#access_model", "open"), ("pubsub#max_items", "max")];

/// A `jabber:x:data` submit form with the given FORM_TYPE and `(var, value)` fields.
pub fn options_form(form_type: &str, options: &[(&str, &str)]) -> DataForm {
    let fields = options
        .iter()
        .map(|(var, value)| Field::text_single(var, value))
        .collect();
    DataForm::new(DataFormType::Submit, form_type, fields)
}

/// The publish-options form as an element:
/// `<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>…`.
pub fn publish_options_element(options: &[(&str, &str)]) -> Element {
    Element::from(options_form(PUBLISH_OPTIONS, options))
}

/// One item to publish on one node, with the node options it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    /// The PEP node.
    pub node: String,
    /// The item id ("current", or the device id for OMEMO 2 bundles).
    pub item_id: String,
    /// The item's payload (`<devices>`, `<list>` or `<bundle>`).
    pub payload: Element,
    /// The node options to request.
    pub options: &'static [(&'static str, &'static str)],
}

impl Publication {
    /// Any other PEP item with options (our avatar's data and metadata).
    pub fn element(
        node: &str,
        item_id: &str,
        payload: Element,
        options: &'static [(&'static str, &'static str)],
    ) -> Self {
        Self {
            node: node.to_string(),
            item_id: item_id.to_string(),
            payload,
            options,
        }
    }

    fn new<T: AsXml>(
        node: String,
        item_id: String,
        payload: &T,
        options: &'static [(&'static str, &'static str)],
    ) -> Result<Self, Error> {
        Ok(Self {
            node,
            item_id,
            payload: xso::transform(payload)?,
            options,
        })
    }

    /// `<item xmlns='http://jabber.org/protocol/pubsub' id='…'>payload</item>`.
    pub fn item(&self) -> Element {
        Element::from(self.pubsub_item())
    }

    fn pubsub_item(&self) -> Item {
        Item {
            id: Some(ItemId(self.item_id.clone())),
            publisher: None,
            payload: Some(self.payload.clone()),
        }
    }

    /// The `<pubsub>` payload of the publish `iq type='set'`, with publish-options.
    pub fn pubsub(&self) -> Element {
        self.pubsub_with(true)
    }

    /// The same without publish-options, for servers that do not advertise
    /// `http://jabber.org/protocol/pubsub#publish-options` (configure the node first).
    pub fn pubsub_without_options(&self) -> Element {
        self.pubsub_with(false)
    }

    fn pubsub_with(&self, options: bool) -> Element {
        Element::from(PubSub::Publish {
            publish: Publish {
                node: NodeName(self.node.clone()),
                items: vec![self.pubsub_item()],
            },
            publish_options: options.then(|| PublishOptions {
                form: Some(options_form(PUBLISH_OPTIONS, self.options)),
            }),
        })
    }

    /// `<pubsub xmlns='…#owner'><configure node='…'>` with the same options as a node_config
    /// form: the fallback when the server refuses the publish-options.
    pub fn configure(&self) -> Element {
        Element::from(Owner {
            payload: Payload::Configure {
                node: Some(NodeName(self.node.clone())),
                form: Some(options_form(NODE_CONFIG, self.options)),
            },
        })
    }
}

/// Our OMEMO 2 device list: item "current" of `urn:xmpp:omemo:2:devices`, access open.
pub fn v2_device_list(list: &stanza2::DeviceList) -> Result<Publication, Error> {
    Publication::new(
        stanza2::DEVICES_NODE.to_owned(),
        stanza2::DEVICE_LIST_ITEM_ID.to_owned(),
        list,
        OPEN,
    )
}

/// Our OMEMO 2 bundle: item `<device id>` of `urn:xmpp:omemo:2:bundles`, access open, max
/// items "max".
pub fn v2_bundle(device: DeviceId, bundle: &stanza2::Bundle) -> Result<Publication, Error> {
    Publication::new(
        stanza2::BUNDLES_NODE.to_owned(),
        device.to_string(),
        bundle,
        OPEN_MAX_ITEMS,
    )
}

/// Our legacy device list: item "current" of `eu.siacs.conversations.axolotl.devicelist`.
pub fn legacy_device_list(list: &legacy_xml::DeviceList) -> Result<Publication, Error> {
    Publication::new(
        legacy_xml::DEVICELIST_NODE.to_owned(),
        legacy_xml::ITEM_ID.to_owned(),
        list,
        OPEN,
    )
}

/// Our legacy bundle: item "current" of its own node `…axolotl.bundles:<device id>`.
pub fn legacy_bundle(device: DeviceId, bundle: &legacy_xml::Bundle) -> Result<Publication, Error> {
    Publication::new(
        legacy_xml::bundle_node(device),
        legacy_xml::ITEM_ID.to_owned(),
        bundle,
        OPEN,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u32) -> DeviceId {
        DeviceId::new(n).unwrap()
    }

    /// The expected XML, whitespace between the XEP examples' lines stripped.
    fn xml(s: &str) -> String {
        let compact: String = s.lines().map(str::trim).collect();
        canon(&compact.parse().unwrap())
    }

    /// Serialise and parse again, so that built and parsed elements compare equal (minidom
    /// keeps the parsed xmlns declarations as part of an element).
    fn canon(e: &Element) -> String {
        let again: Element = String::from(e).parse().unwrap();
        String::from(&again)
    }

    // XEP-0384 example 'Adding the own device id to the list', pubsub part, without labels.
    #[test]
    fn v2_device_list_matches_the_xep() {
        let list = stanza2::DeviceList::from_ids([id(12345), id(4223), id(31415)]);
        let p = v2_device_list(&list).unwrap();
        assert_eq!(
            canon(&p.pubsub()),
            xml("<pubsub xmlns='http://jabber.org/protocol/pubsub'>
                <publish node='urn:xmpp:omemo:2:devices'>
                  <item id='current'>
                    <devices xmlns='urn:xmpp:omemo:2'>
                      <device id='12345'/><device id='4223'/><device id='31415'/>
                    </devices>
                  </item>
                </publish>
                <publish-options>
                  <x xmlns='jabber:x:data' type='submit'>
                    <field var='FORM_TYPE' type='hidden'>
                      <value>http://jabber.org/protocol/pubsub#publish-options</value>
                    </field>
                    <field var='pubsub#access_model'><value>open</value></field>
                  </x>
                </publish-options>
              </pubsub>")
        );
        // The item and payload parse back.
        let item = p.item();
        assert!(item.is("item", "http://jabber.org/protocol/pubsub"));
        assert_eq!(item.attr("id"), Some("current"));
        let back: stanza2::DeviceList =
            xso::transform(&item.children().next().unwrap().clone()).unwrap();
        assert_eq!(back, list);
    }

    // XEP-0384 example 'Publishing bundle information with an open access model'.
    #[test]
    fn v2_bundle_matches_the_xep() {
        let bundle = stanza2::Bundle {
            spk: stanza2::SignedPreKey {
                id: 1,
                data: vec![1],
            },
            spks: vec![2],
            ik: vec![3],
            prekeys: vec![stanza2::PreKey {
                id: 1,
                data: vec![4],
            }],
        };
        let p = v2_bundle(id(31415), &bundle).unwrap();
        assert_eq!(
            canon(&p.pubsub()),
            xml("<pubsub xmlns='http://jabber.org/protocol/pubsub'>
                <publish node='urn:xmpp:omemo:2:bundles'>
                  <item id='31415'>
                    <bundle xmlns='urn:xmpp:omemo:2'>
                      <spk id='1'>AQ==</spk><spks>Ag==</spks><ik>Aw==</ik>
                      <prekeys><pk id='1'>BA==</pk></prekeys>
                    </bundle>
                  </item>
                </publish>
                <publish-options>
                  <x xmlns='jabber:x:data' type='submit'>
                    <field var='FORM_TYPE' type='hidden'>
                      <value>http://jabber.org/protocol/pubsub#publish-options</value>
                    </field>
                    <field var='pubsub#access_model'><value>open</value></field>
                    <field var='pubsub#max_items'><value>max</value></field>
                  </x>
                </publish-options>
              </pubsub>")
        );
        assert_eq!(
            canon(&p.configure()),
            xml("<pubsub xmlns='http://jabber.org/protocol/pubsub#owner'>
                <configure node='urn:xmpp:omemo:2:bundles'>
                  <x xmlns='jabber:x:data' type='submit'>
                    <field var='FORM_TYPE' type='hidden'>
                      <value>http://jabber.org/protocol/pubsub#node_config</value>
                    </field>
                    <field var='pubsub#access_model'><value>open</value></field>
                    <field var='pubsub#max_items'><value>max</value></field>
                  </x>
                </configure>
              </pubsub>")
        );
        assert!(
            p.pubsub_without_options()
                .get_child("publish-options", xmpp_parsers::ns::PUBSUB)
                .is_none()
        );
    }

    // Conversations' layout: list under .devicelist, each bundle in its own node, both as
    // item "current", access model open.
    #[test]
    fn legacy_publications() {
        let list = legacy_xml::DeviceList::from_ids([id(5)]);
        let p = legacy_device_list(&list).unwrap();
        assert_eq!(p.node, "eu.siacs.conversations.axolotl.devicelist");
        assert_eq!(
            canon(&p.item()),
            xml(
                "<item xmlns='http://jabber.org/protocol/pubsub' id='current'>
                <list xmlns='eu.siacs.conversations.axolotl'><device id='5'/></list></item>"
            )
        );
        assert_eq!(p.options, OPEN);

        let bundle = legacy_xml::Bundle {
            signed_pre_key: legacy_xml::SignedPreKeyPublic {
                id: 2,
                data: vec![5],
            },
            signed_pre_key_signature: vec![6],
            identity_key: vec![5, 1],
            prekeys: vec![legacy_xml::PreKeyPublic {
                id: 9,
                data: vec![5, 2],
            }],
        };
        let p = legacy_bundle(id(31415), &bundle).unwrap();
        assert_eq!(
            canon(&p.pubsub()),
            xml("<pubsub xmlns='http://jabber.org/protocol/pubsub'>
                <publish node='eu.siacs.conversations.axolotl.bundles:31415'>
                  <item id='current'>
                    <bundle xmlns='eu.siacs.conversations.axolotl'>
                      <signedPreKeyPublic signedPreKeyId='2'>BQ==</signedPreKeyPublic>
                      <signedPreKeySignature>Bg==</signedPreKeySignature>
                      <identityKey>BQE=</identityKey>
                      <prekeys><preKeyPublic preKeyId='9'>BQI=</preKeyPublic></prekeys>
                    </bundle>
                  </item>
                </publish>
                <publish-options>
                  <x xmlns='jabber:x:data' type='submit'>
                    <field var='FORM_TYPE' type='hidden'>
                      <value>http://jabber.org/protocol/pubsub#publish-options</value>
                    </field>
                    <field var='pubsub#access_model'><value>open</value></field>
                  </x>
                </publish-options>
              </pubsub>")
        );
        // xmpp-parsers reads back what we publish.
        let ps = PubSub::try_from(p.pubsub()).unwrap();
        let PubSub::Publish {
            publish,
            publish_options,
        } = ps
        else {
            panic!("not a publish")
        };
        assert_eq!(
            publish.node.0,
            "eu.siacs.conversations.axolotl.bundles:31415"
        );
        let form = publish_options.unwrap().form.unwrap();
        assert_eq!(form.form_type(), Some(PUBLISH_OPTIONS));
        let payload = publish.items[0].payload.clone().unwrap();
        assert_eq!(
            xso::transform::<legacy_xml::Bundle, _>(&payload).unwrap(),
            bundle
        );
    }

    #[test]
    fn publish_options_element_alone() {
        assert_eq!(
            canon(&publish_options_element(OPEN)),
            xml("<x xmlns='jabber:x:data' type='submit'>
                <field var='FORM_TYPE' type='hidden'>
                  <value>http://jabber.org/protocol/pubsub#publish-options</value>
                </field>
                <field var='pubsub#access_model'><value>open</value></field>
              </x>")
        );
    }
}
