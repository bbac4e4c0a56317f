//! Between the crypto (keys.rs, session.rs) and the XML (legacy_xml.rs, stanza2.rs): our
//! bundles and device lists as PEP publications, others' as verified bundles, and the
//! `<encrypted>` element built for a set of devices or opened for our own.

use std::collections::BTreeSet;

use jid::BareJid;
use rand::CryptoRng;
use xmpp_parsers::minidom::Element;

use super::keys::{decode_public, encode_public};
use super::pep::{self, Publication};
use super::{
    Bundle, DeviceId, EncryptedPayload, Error, KeyElement, Namespace, OwnDevice, Session,
    encrypt_message, legacy_xml, sce, stanza2,
};

fn xml_error(_: xso::error::Error) -> Error {
    Error::Malformed("xml")
}

/// Our bundle in `ns`, ready to publish.
pub fn bundle_publication(own: &OwnDevice, ns: Namespace) -> Result<Publication, Error> {
    let b = own.bundle(ns);
    let device = own.device_id();
    match ns {
        Namespace::Legacy => {
            let xml = legacy_xml::Bundle {
                signed_pre_key: legacy_xml::SignedPreKeyPublic {
                    id: b.signed_prekey_id,
                    data: encode_public(ns, &b.signed_prekey),
                },
                signed_pre_key_signature: b.signature.to_vec(),
                identity_key: encode_public(ns, &b.identity_key),
                prekeys: b
                    .prekeys
                    .iter()
                    .map(|(id, key)| legacy_xml::PreKeyPublic {
                        id: *id,
                        data: encode_public(ns, key),
                    })
                    .collect(),
            };
            pep::legacy_bundle(device, &xml).map_err(xml_error)
        }
        Namespace::V2 => {
            let xml = stanza2::Bundle {
                spk: stanza2::SignedPreKey {
                    id: b.signed_prekey_id,
                    data: b.signed_prekey.to_vec(),
                },
                spks: b.signature.to_vec(),
                ik: b.identity_key.to_vec(),
                prekeys: b
                    .prekeys
                    .iter()
                    .map(|(id, key)| stanza2::PreKey {
                        id: *id,
                        data: key.to_vec(),
                    })
                    .collect(),
            };
            pep::v2_bundle(device, &xml).map_err(xml_error)
        }
    }
}

/// A device list in `ns` holding exactly `ids`, ready to publish.
pub fn device_list_publication(
    ns: Namespace,
    ids: &BTreeSet<DeviceId>,
) -> Result<Publication, Error> {
    match ns {
        Namespace::Legacy => {
            pep::legacy_device_list(&legacy_xml::DeviceList::from_ids(ids.iter().copied()))
        }
        Namespace::V2 => pep::v2_device_list(&stanza2::DeviceList::from_ids(ids.iter().copied())),
    }
    .map_err(xml_error)
}

/// The PEP node whose items are device lists in `ns`.
pub fn device_list_node(ns: Namespace) -> &'static str {
    match ns {
        Namespace::Legacy => legacy_xml::DEVICELIST_NODE,
        Namespace::V2 => stanza2::DEVICES_NODE,
    }
}

/// The namespace whose device lists live on `node`.
pub fn device_list_namespace(node: &str) -> Option<Namespace> {
    Namespace::ALL
        .into_iter()
        .find(|ns| device_list_node(*ns) == node)
}

/// The ids of a published device list; entries that do not parse are skipped, so that one
/// broken entry from another client never hides the others. None: not a list of `ns`.
pub fn device_list(ns: Namespace, payload: &Element) -> Option<BTreeSet<DeviceId>> {
    match ns {
        Namespace::Legacy => legacy_xml::DeviceList::from_element_lenient(payload).map(|l| l.ids()),
        Namespace::V2 => stanza2::DeviceList::from_element_lenient(payload).map(|l| l.ids()),
    }
}

/// Where a device's bundle is published: node and item id.
pub fn bundle_location(ns: Namespace, device: DeviceId) -> (String, String) {
    match ns {
        Namespace::Legacy => (
            legacy_xml::bundle_node(device),
            legacy_xml::ITEM_ID.to_string(),
        ),
        Namespace::V2 => (stanza2::BUNDLES_NODE.to_string(), device.to_string()),
    }
}

/// A published bundle, decoded and its signed prekey signature verified.
pub fn parse_bundle(ns: Namespace, payload: &Element) -> Result<Bundle, Error> {
    let bundle = match ns {
        Namespace::Legacy => {
            let x: legacy_xml::Bundle = xso::transform(payload).map_err(xml_error)?;
            Bundle::from_wire(
                ns,
                &x.identity_key,
                x.signed_pre_key.id,
                &x.signed_pre_key.data,
                &x.signed_pre_key_signature,
                x.prekeys.iter().map(|p| (p.id, p.data.as_slice())),
            )?
        }
        Namespace::V2 => {
            let x: stanza2::Bundle = xso::transform(payload).map_err(xml_error)?;
            Bundle::from_wire(
                ns,
                &x.ik,
                x.spk.id,
                &x.spk.data,
                &x.spks,
                x.prekeys.iter().map(|p| (p.id, p.data.as_slice())),
            )?
        }
    };
    bundle.verify(ns)?;
    Ok(bundle)
}

/// One device a message is encrypted for, with its session (advanced by the encryption).
pub struct Recipient<'a> {
    pub jid: BareJid,
    pub device: DeviceId,
    pub session: &'a mut Session,
}

/// What OMEMO 2 encrypts: an XEP-0420 envelope around the body, with our address and the
/// conversation's, so the receiver can check both.
pub fn v2_plaintext(body: &str, from: &BareJid, to: &BareJid) -> Result<Vec<u8>, Error> {
    let body = Element::builder("body", "jabber:client")
        .append(body)
        .build();
    sce::Envelope::new(vec![body], from.clone(), Some(to.clone()))
        .to_bytes()
        .map_err(|_| Error::Malformed("envelope"))
}

/// The body of a decrypted OMEMO 2 envelope, once its affixes name the real sender and us.
pub fn v2_body(plaintext: &[u8], sender: &BareJid, recipient: &BareJid) -> Result<String, Error> {
    let envelope =
        sce::Envelope::from_bytes(plaintext).map_err(|_| Error::Malformed("envelope"))?;
    envelope
        .check_affixes(sender, recipient, false)
        .map_err(|_| Error::Malformed("envelope addressed by someone else"))?;
    envelope
        .body()
        .ok_or(Error::Malformed("envelope without body"))
}

/// `<encrypted>` in `ns` carrying `plaintext` (legacy: the body; OMEMO 2: an envelope), or an
/// empty message when `plaintext` is None, for every recipient. Each session advances.
pub fn encrypt<R: CryptoRng + ?Sized>(
    ns: Namespace,
    sender: DeviceId,
    recipients: &mut [Recipient<'_>],
    plaintext: Option<&[u8]>,
    rng: &mut R,
) -> Result<Element, Error> {
    let (payload, material) = match plaintext {
        Some(text) => encrypt_message(ns, text, rng)?,
        None => super::encrypt_empty(ns, rng),
    };
    let mut keys = Vec::with_capacity(recipients.len());
    for r in recipients.iter_mut() {
        keys.push((r.jid.clone(), r.device, r.session.encrypt_key(&material)?));
    }
    let element = match ns {
        Namespace::Legacy => {
            let header = legacy_xml::Header {
                sid: sender,
                keys: keys
                    .into_iter()
                    .map(|(_, rid, k)| legacy_xml::Key {
                        rid,
                        prekey: k.prekey,
                        data: k.data,
                    })
                    .collect(),
                iv: payload.iv,
            };
            legacy_xml::Encrypted {
                header,
                payload: payload.payload,
            }
            .to_element()
        }
        Namespace::V2 => {
            let mut by_jid: Vec<stanza2::Keys> = Vec::new();
            for (jid, rid, k) in keys {
                let key = stanza2::Key {
                    rid,
                    kex: k.prekey,
                    data: k.data,
                };
                match by_jid.iter_mut().find(|g| g.jid == jid) {
                    Some(group) => group.keys.push(key),
                    None => by_jid.push(stanza2::Keys {
                        jid,
                        keys: vec![key],
                    }),
                }
            }
            let header = stanza2::Header {
                sid: sender,
                keys: by_jid,
            };
            stanza2::Encrypted {
                header,
                payload: payload.payload,
            }
            .to_element()
        }
    };
    Ok(element)
}

/// An `<encrypted>` element, read: who sent it and the key addressed to our device.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub namespace: Namespace,
    pub sender_device: DeviceId,
    /// None: the sender did not encrypt for this device.
    pub key: Option<KeyElement>,
    pub payload: EncryptedPayload,
}

/// The `<encrypted>` child of a message, if it has one. Legacy keys name devices only; OMEMO
/// 2 keys also the account, which must be ours. A message may carry one element per namespace
/// (we send legacy to devices that have it and OMEMO 2 to the others): the one with a key for
/// our device is taken, else the legacy one.
pub fn open(message: &Element, own: &BareJid, device: DeviceId) -> Option<Result<Opened, Error>> {
    let legacy = message
        .get_child("encrypted", legacy_xml::NS)
        .map(|e| open_legacy(e, device));
    let v2 = message
        .get_child("encrypted", stanza2::NS)
        .map(|e| open_v2(e, own, device));
    let has_key = |o: &Option<Result<Opened, Error>>| matches!(o, Some(Ok(x)) if x.key.is_some());
    match (legacy, v2) {
        (l, v) if has_key(&l) => l.or(v),
        (l, v) if has_key(&v) => v.or(l),
        (Some(l), _) => Some(l),
        (None, v) => v,
    }
}

fn open_legacy(e: &Element, device: DeviceId) -> Result<Opened, Error> {
    let x: legacy_xml::Encrypted = xso::transform(e).map_err(xml_error)?;
    Ok(Opened {
        namespace: Namespace::Legacy,
        sender_device: x.header.sid,
        key: x.key_for(device).map(|k| KeyElement {
            data: k.data.clone(),
            prekey: k.prekey,
        }),
        payload: EncryptedPayload {
            iv: x.header.iv,
            payload: x.payload,
        },
    })
}

fn open_v2(e: &Element, own: &BareJid, device: DeviceId) -> Result<Opened, Error> {
    let x: stanza2::Encrypted = xso::transform(e).map_err(xml_error)?;
    Ok(Opened {
        namespace: Namespace::V2,
        sender_device: x.header.sid,
        key: x.key_for(own, device).map(|k| KeyElement {
            data: k.data.clone(),
            prekey: k.kex,
        }),
        payload: EncryptedPayload {
            iv: Vec::new(),
            payload: x.payload,
        },
    })
}

/// Whether a bundle's identity key (as `ns` sends it) is well formed; used before storing a
/// fingerprint from a key exchange.
pub fn identity_of(ns: Namespace, wire: &[u8]) -> Result<[u8; 32], Error> {
    decode_public(ns, wire)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::omemo::receive_key;
    use crate::omemo::testutil::rng;

    fn jid(s: &str) -> BareJid {
        s.parse().unwrap()
    }

    /// What a peer's client does with our publication: read it back as a bundle.
    fn published_bundle(own: &OwnDevice, ns: Namespace) -> Bundle {
        let publication = bundle_publication(own, ns).unwrap();
        parse_bundle(ns, &publication.payload).unwrap()
    }

    #[test]
    fn our_bundles_read_back_verified_in_both_namespaces() {
        let mut r = rng(7);
        let own = OwnDevice::generate(&mut r, 1_000);
        for ns in Namespace::ALL {
            let back = published_bundle(&own, ns);
            assert_eq!(back, own.bundle(ns));
            assert_eq!(back.prekeys.len(), 100);
        }
        let (node, item) = bundle_location(Namespace::Legacy, own.device_id());
        assert_eq!(
            (node.as_str(), item.as_str()),
            (
                format!("eu.siacs.conversations.axolotl.bundles:{}", own.device_id()).as_str(),
                "current"
            )
        );
    }

    #[test]
    fn a_bundle_with_a_forged_signature_is_refused() {
        let mut r = rng(8);
        let own = OwnDevice::generate(&mut r, 1_000);
        for ns in Namespace::ALL {
            let mut publication = bundle_publication(&own, ns).unwrap();
            let text = String::from(&publication.payload);
            // Replace the signature with another valid-looking one.
            let other = OwnDevice::generate(&mut r, 1_000);
            let theirs = String::from(&bundle_publication(&other, ns).unwrap().payload);
            let signature = |t: &str| {
                let tag = match ns {
                    Namespace::Legacy => "signedPreKeySignature",
                    Namespace::V2 => "spks",
                };
                let start = t.find(&format!("<{tag}>")).unwrap();
                let end = t.find(&format!("</{tag}>")).unwrap();
                t[start..end].to_string()
            };
            let forged = text.replace(&signature(&text), &signature(&theirs));
            publication.payload = forged.parse().unwrap();
            assert_eq!(
                parse_bundle(ns, &publication.payload),
                Err(Error::BadSignature)
            );
        }
    }

    #[test]
    fn device_lists_round_trip_and_skip_broken_entries() {
        let ids: BTreeSet<DeviceId> = [5, 9].into_iter().filter_map(DeviceId::new).collect();
        for ns in Namespace::ALL {
            let publication = device_list_publication(ns, &ids).unwrap();
            assert_eq!(device_list_namespace(&publication.node), Some(ns));
            assert_eq!(device_list(ns, &publication.payload), Some(ids.clone()));
        }
        let broken: Element = "<list xmlns='eu.siacs.conversations.axolotl'>\
            <device id='5'/><device id='zero'/><device id='0'/></list>"
            .parse()
            .unwrap();
        let read = device_list(Namespace::Legacy, &broken).unwrap();
        assert_eq!(read.into_iter().map(DeviceId::get).collect::<Vec<_>>(), [5]);
        assert_eq!(device_list(Namespace::V2, &broken), None);
    }

    #[test]
    fn a_message_built_for_two_devices_opens_for_each() {
        let mut r = rng(9);
        let alice = OwnDevice::generate(&mut r, 1_000);
        let bob_phone = OwnDevice::generate(&mut r, 1_000);
        let bob_laptop = OwnDevice::generate(&mut r, 1_000);
        let bob = jid("bob@example.org");
        for ns in Namespace::ALL {
            let mut s1 =
                Session::initiate(ns, &alice, &published_bundle(&bob_phone, ns), &mut r).unwrap();
            let mut s2 =
                Session::initiate(ns, &alice, &published_bundle(&bob_laptop, ns), &mut r).unwrap();
            let plaintext = match ns {
                Namespace::Legacy => b"hello bob".to_vec(),
                Namespace::V2 => {
                    v2_plaintext("hello bob", &jid("alice@example.org"), &bob).unwrap()
                }
            };
            let mut recipients = [
                Recipient {
                    jid: bob.clone(),
                    device: bob_phone.device_id(),
                    session: &mut s1,
                },
                Recipient {
                    jid: bob.clone(),
                    device: bob_laptop.device_id(),
                    session: &mut s2,
                },
            ];
            let element = encrypt(
                ns,
                alice.device_id(),
                &mut recipients,
                Some(&plaintext),
                &mut r,
            )
            .unwrap();
            let message = Element::builder("message", "jabber:client")
                .append(element)
                .build();
            for device in [&bob_phone, &bob_laptop] {
                let opened = open(&message, &bob, device.device_id()).unwrap().unwrap();
                assert_eq!(opened.namespace, ns);
                assert_eq!(opened.sender_device, alice.device_id());
                let key = opened.key.unwrap();
                assert!(key.prekey, "the first message carries the key exchange");
                let got = receive_key(ns, device, None, &key, &mut r).unwrap();
                let text = super::super::decrypt_payload(ns, &got.material, &opened.payload)
                    .unwrap()
                    .unwrap();
                let body = match ns {
                    Namespace::Legacy => String::from_utf8(text.to_vec()).unwrap(),
                    Namespace::V2 => v2_body(&text, &jid("alice@example.org"), &bob).unwrap(),
                };
                assert_eq!(body, "hello bob");
            }
            // A device it was not encrypted for finds no key; another account's neither.
            let stranger = OwnDevice::generate(&mut r, 1_000);
            let opened = open(&message, &bob, stranger.device_id()).unwrap().unwrap();
            assert!(opened.key.is_none());
            if ns == Namespace::V2 {
                let other = open(&message, &jid("carol@example.org"), bob_phone.device_id());
                assert!(other.unwrap().unwrap().key.is_none());
            }
        }
    }

    #[test]
    fn an_envelope_from_someone_else_is_refused() {
        let bob = jid("bob@example.org");
        let forged = v2_plaintext("hi", &jid("mallory@example.org"), &bob).unwrap();
        assert!(v2_body(&forged, &jid("alice@example.org"), &bob).is_err());
        let misaddressed =
            v2_plaintext("hi", &jid("alice@example.org"), &jid("eve@x.org")).unwrap();
        assert!(v2_body(&misaddressed, &jid("alice@example.org"), &bob).is_err());
    }

    #[test]
    fn a_plain_message_has_nothing_to_open() {
        let m: Element = "<message xmlns='jabber:client'><body>hi</body></message>"
            .parse()
            .unwrap();
        assert!(open(&m, &jid("bob@example.org"), DeviceId::new(1).unwrap()).is_none());
        let broken: Element = "<message xmlns='jabber:client'>\
            <encrypted xmlns='urn:xmpp:omemo:2'><header sid='0'/></encrypted></message>"
            .parse()
            .unwrap();
        assert!(
            open(&broken, &jid("bob@example.org"), DeviceId::new(1).unwrap())
                .unwrap()
                .is_err()
        );
    }
}
