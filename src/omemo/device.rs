//! This device's keys: identity, signed prekeys (rotated weekly, the replaced ones kept for
//! a grace period) and one-time prekeys (100 per namespace, ids only grow).
//!
//! One signed prekey serves both namespaces (published in both bundles, each with its
//! namespace's encoding and signature). One-time prekeys do not: odd ids are published in the
//! legacy bundle, even ids in the OMEMO 2 bundle. A peer that speaks both and opens a session
//! in each would otherwise pick the same prekey from both bundles one time in a hundred, and
//! its second key exchange would fail for a prekey already used. Any prekey we hold still
//! answers a key exchange in either namespace (bundles published before the split had all).

use rand::CryptoRng;
use zeroize::{Zeroize, Zeroizing};

use super::codec::{Reader, Writer};
use super::keys::{Bundle, IdentityKeyPair, PreKey, SignedPreKey};
use super::{DeviceId, Error, Namespace};

/// Rotate the signed prekey weekly (python-omemo's default period).
pub const SIGNED_PREKEY_ROTATION_SECS: u64 = 7 * 24 * 3600;
/// Keep a replaced signed prekey this long, for key exchanges still in archives and offline
/// queues (python-omemo keeps one rotation period; we are more lenient).
pub const SIGNED_PREKEY_GRACE_SECS: u64 = 30 * 24 * 3600;
/// One-time prekeys kept available in each namespace's bundle (XEP-0384 asks for at least
/// 25; everyone uses 100).
pub const PREKEY_COUNT: usize = 100;
const FORMAT_VERSION: u8 = 1;

/// This device's keys. Serialise with [`OwnDevice::to_bytes`] (contains secrets).
#[derive(Clone)]
pub struct OwnDevice {
    pub(crate) device_id: DeviceId,
    pub(crate) identity: IdentityKeyPair,
    pub(crate) signed_prekey: SignedPreKey,
    /// Replaced signed prekeys with the time they were replaced.
    pub(crate) previous: Vec<(SignedPreKey, u64)>,
    pub(crate) prekeys: Vec<PreKey>,
    pub(crate) next_prekey_id: u32,
    /// One-time prekeys used in this stream session: no longer published nor stored, but
    /// still answering key exchanges until the next session starts. Two senders who fetched
    /// the bundle while we were away may have picked the same one, and the catch-up brings
    /// both (XEP-0384 asks to delete a used prekey only after the catch-up).
    pub(crate) spent: Vec<PreKey>,
}

/// Spent prekeys kept at most (the oldest go first).
const SPENT_KEPT: usize = 200;

impl std::fmt::Debug for OwnDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OwnDevice")
            .field("device_id", &self.device_id)
            .field("identity", &self.identity)
            .field("signed_prekey", &self.signed_prekey)
            .field("prekeys", &self.prekeys.len())
            .finish_non_exhaustive()
    }
}

impl OwnDevice {
    /// A new device: random id, identity, signed prekey 1 and 100 one-time prekeys per
    /// namespace.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R, now: u64) -> Self {
        let device_id = DeviceId::random(rng);
        let identity = IdentityKeyPair::generate(rng);
        Self::with_identity(rng, device_id, identity, now)
    }

    pub fn with_identity<R: CryptoRng + ?Sized>(
        rng: &mut R,
        device_id: DeviceId,
        identity: IdentityKeyPair,
        now: u64,
    ) -> Self {
        let signed_prekey = SignedPreKey::generate(rng, &identity, 1, now);
        let mut own = OwnDevice {
            device_id,
            identity,
            signed_prekey,
            previous: Vec::new(),
            prekeys: Vec::new(),
            next_prekey_id: 1,
            spent: Vec::new(),
        };
        own.replenish_prekeys(rng);
        own
    }

    pub fn device_id(&self) -> DeviceId {
        self.device_id
    }

    pub fn identity(&self) -> &IdentityKeyPair {
        &self.identity
    }

    pub fn signed_prekey(&self) -> &SignedPreKey {
        &self.signed_prekey
    }

    pub fn prekeys(&self) -> &[PreKey] {
        &self.prekeys
    }

    /// Rotates the signed prekey if it is a week old (or `now` went backwards past its
    /// creation) and forgets replaced ones past the grace period. Returns whether the bundle
    /// changed and must be published again.
    pub fn rotate_signed_prekey<R: CryptoRng + ?Sized>(&mut self, rng: &mut R, now: u64) -> bool {
        self.previous
            .retain(|(_, replaced)| now.saturating_sub(*replaced) < SIGNED_PREKEY_GRACE_SECS);
        let age = now.wrapping_sub(self.signed_prekey.created_at);
        if age < SIGNED_PREKEY_ROTATION_SECS {
            return false;
        }
        let id = self
            .signed_prekey
            .id
            .checked_add(1)
            .filter(|i| *i <= DeviceId::MAX)
            .unwrap_or(1);
        let new = SignedPreKey::generate(rng, &self.identity, id, now);
        let old = std::mem::replace(&mut self.signed_prekey, new);
        self.previous.push((old, now));
        true
    }

    /// Tops the one-time prekeys of each namespace up to [`PREKEY_COUNT`]; returns how many
    /// were added. Ids are taken in order; one of the parity no namespace needs is skipped.
    pub fn replenish_prekeys<R: CryptoRng + ?Sized>(&mut self, rng: &mut R) -> usize {
        let have =
            |ns: Namespace, keys: &[PreKey]| keys.iter().filter(|p| serves(ns, p.id)).count();
        let mut missing = [Namespace::Legacy, Namespace::V2]
            .map(|ns| PREKEY_COUNT.saturating_sub(have(ns, &self.prekeys)));
        let mut added = 0;
        while missing.iter().any(|m| *m > 0) {
            let id = self.next_prekey_id;
            // 2^31 ids last forever at any realistic rate; wrap rather than fail.
            self.next_prekey_id = if id >= DeviceId::MAX { 1 } else { id + 1 };
            let slot = &mut missing[usize::from(serves(Namespace::V2, id))];
            if *slot > 0 && !self.prekeys.iter().any(|p| p.id == id) {
                *slot -= 1;
                self.prekeys.push(PreKey::generate(rng, id));
                added += 1;
            }
        }
        added
    }

    /// Removes a used one-time prekey from the bundles and the stored keys; returns whether
    /// it existed. It stays usable until [`OwnDevice::forget_spent_prekeys`].
    pub fn remove_prekey(&mut self, id: u32) -> bool {
        let Some(at) = self.prekeys.iter().position(|p| p.id == id) else {
            return false;
        };
        let key = self.prekeys.remove(at);
        if self.spent.len() >= SPENT_KEPT {
            self.spent.remove(0);
        }
        self.spent.push(key);
        true
    }

    /// The one-time prekey `id`, offered or spent in this session.
    pub(crate) fn find_prekey(&self, id: u32) -> Option<&PreKey> {
        self.prekeys
            .iter()
            .chain(self.spent.iter())
            .find(|p| p.id == id)
    }

    /// A new stream session: the prekeys used in the last one are gone for good.
    pub fn forget_spent_prekeys(&mut self) {
        self.spent.clear();
    }

    /// The public bundle for `ns`.
    pub fn bundle(&self, ns: Namespace) -> Bundle {
        Bundle {
            identity_key: self.identity.public(ns),
            signed_prekey_id: self.signed_prekey.id,
            signed_prekey: self.signed_prekey.public,
            signature: self.signed_prekey.signature(ns),
            prekeys: self
                .prekeys
                .iter()
                .filter(|p| serves(ns, p.id))
                .map(|p| (p.id, p.public))
                .collect(),
        }
    }

    pub(crate) fn find_signed_prekey(&self, id: u32) -> Result<&SignedPreKey, Error> {
        std::iter::once(&self.signed_prekey)
            .chain(self.previous.iter().map(|(s, _)| s))
            .find(|s| s.id == id)
            .ok_or(Error::UnknownSignedPreKey(id))
    }

    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut w = Writer(Vec::with_capacity(
            200 + (self.previous.len() + 1) * 180 + self.prekeys.len() * 68,
        ));
        w.u8(FORMAT_VERSION);
        w.u32(self.device_id.get());
        w.bytes(self.identity.seed());
        write_spk(&mut w, &self.signed_prekey);
        w.u32(self.previous.len() as u32);
        for (s, at) in &self.previous {
            write_spk(&mut w, s);
            w.u64(*at);
        }
        w.u32(self.prekeys.len() as u32);
        for p in &self.prekeys {
            w.u32(p.id);
            w.bytes(&p.secret);
            w.bytes(&p.public);
        }
        w.u32(self.next_prekey_id);
        Zeroizing::new(w.0)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader(bytes);
        let v = r.u8()?;
        if v != FORMAT_VERSION {
            return Err(Error::UnsupportedVersion(v));
        }
        let device_id = DeviceId::new(r.u32()?).ok_or(Error::Malformed("stored device id"))?;
        let mut seed: [u8; 32] = r.arr()?;
        let identity = IdentityKeyPair::from_seed(seed);
        seed.zeroize();
        let signed_prekey = read_spk(&mut r)?;
        let n = r.count(212)?;
        let mut previous = Vec::with_capacity(n);
        for _ in 0..n {
            let s = read_spk(&mut r)?;
            previous.push((s, r.u64()?));
        }
        let n = r.count(68)?;
        let mut prekeys = Vec::with_capacity(n);
        for _ in 0..n {
            prekeys.push(PreKey {
                id: r.u32()?,
                secret: r.arr()?,
                public: r.arr()?,
            });
        }
        let next_prekey_id = r.u32()?;
        r.end()?;
        Ok(OwnDevice {
            device_id,
            identity,
            signed_prekey,
            previous,
            prekeys,
            next_prekey_id,
            spent: Vec::new(),
        })
    }
}

/// Whether the one-time prekey `id` is published in `ns`'s bundle: odd ids in legacy, even
/// ids in OMEMO 2.
fn serves(ns: Namespace, id: u32) -> bool {
    match ns {
        Namespace::Legacy => !id.is_multiple_of(2),
        Namespace::V2 => id.is_multiple_of(2),
    }
}

fn write_spk(w: &mut Writer, s: &SignedPreKey) {
    w.u32(s.id);
    w.bytes(&s.secret);
    w.bytes(&s.public);
    w.bytes(&s.signature_legacy);
    w.bytes(&s.signature_v2);
    w.u64(s.created_at);
}

fn read_spk(r: &mut Reader<'_>) -> Result<SignedPreKey, Error> {
    Ok(SignedPreKey {
        id: r.u32()?,
        secret: r.arr()?,
        public: r.arr()?,
        signature_legacy: r.arr()?,
        signature_v2: r.arr()?,
        created_at: r.u64()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::omemo::testutil::rng;

    #[test]
    fn own_device_round_trip_and_ids_only_grow() {
        let mut r = rng(43);
        let mut d = OwnDevice::generate(&mut r, 5);
        assert_eq!(d.prekeys().len(), 2 * PREKEY_COUNT);
        assert!(d.remove_prekey(1) && d.remove_prekey(50));
        assert!(!d.remove_prekey(1));
        assert_eq!(d.replenish_prekeys(&mut r), 2);
        let ids: Vec<u32> = d.prekeys().iter().map(|p| p.id()).collect();
        assert_eq!(ids.iter().max(), Some(&202));
        assert!(!ids.contains(&1));
        d.rotate_signed_prekey(&mut r, SIGNED_PREKEY_ROTATION_SECS + 10);
        let bytes = d.to_bytes();
        let back = OwnDevice::from_bytes(&bytes).unwrap();
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(back.bundle(Namespace::V2), d.bundle(Namespace::V2));
        assert_eq!(back.bundle(Namespace::Legacy), d.bundle(Namespace::Legacy));
        assert!(!format!("{back:?}").contains(&crate::omemo::fingerprint(d.identity().seed())));
        for cut in 0..bytes.len() {
            assert!(OwnDevice::from_bytes(&bytes[..cut]).is_err());
        }
    }

    #[test]
    fn the_two_bundles_share_no_one_time_prekey() {
        let mut r = rng(44);
        let mut d = OwnDevice::generate(&mut r, 5);
        for _ in 0..3 {
            let legacy = d.bundle(Namespace::Legacy).prekeys;
            let v2 = d.bundle(Namespace::V2).prekeys;
            assert_eq!((legacy.len(), v2.len()), (PREKEY_COUNT, PREKEY_COUNT));
            assert!(
                legacy
                    .iter()
                    .all(|(id, _)| v2.iter().all(|(other, _)| other != id))
            );
            // Used prekeys of one namespace are replaced in that namespace.
            let used: Vec<u32> = legacy.iter().take(7).map(|(id, _)| *id).collect();
            for id in used {
                assert!(d.remove_prekey(id));
            }
            assert_eq!(d.replenish_prekeys(&mut r), 7);
        }
        // Ids wrap: the last id is odd (legacy); then held ids are skipped.
        d.next_prekey_id = DeviceId::MAX;
        let legacy = d.bundle(Namespace::Legacy).prekeys[0].0;
        let v2 = d.bundle(Namespace::V2).prekeys[0].0;
        assert!(d.remove_prekey(legacy) && d.remove_prekey(v2));
        assert_eq!(d.replenish_prekeys(&mut r), 2);
        let mut ids: Vec<u32> = d.prekeys().iter().map(|p| p.id()).collect();
        assert!(ids.contains(&DeviceId::MAX));
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 2 * PREKEY_COUNT, "no id twice");
        assert_eq!(d.bundle(Namespace::Legacy).prekeys.len(), PREKEY_COUNT);
        assert_eq!(d.bundle(Namespace::V2).prekeys.len(), PREKEY_COUNT);
    }
}
