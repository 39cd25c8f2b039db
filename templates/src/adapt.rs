//! `#[serde(with = "As::<C>")]` and the traits behind it: a value of type
//! `T` (de)serialized through a codec `C`, composed through `Vec` and
//! `BTreeMap` (`As::<Vec<Rfc2822>>`). The shape is `serde_with`'s; these
//! lines were all the runtime used of that crate, whose build was over a
//! second of every user's first build.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Serializes a `T` in the codec's way.
pub trait SerializeAs<T: ?Sized> {
    /// Writes `source` to `serializer`.
    fn serialize_as<S: Serializer>(source: &T, serializer: S) -> Result<S::Ok, S::Error>;
}

/// Deserializes a `T` in the codec's way.
pub trait DeserializeAs<'de, T>: Sized {
    /// Reads a `T` from `deserializer`.
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// The codec `C` as serde's `with` module: `#[serde(with = "As::<C>")]`.
pub struct As<C: ?Sized>(PhantomData<C>);

impl<C: ?Sized> As<C> {
    /// `with`'s serialize.
    pub fn serialize<S: Serializer, T: ?Sized>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
    where
        C: SerializeAs<T>,
    {
        C::serialize_as(value, serializer)
    }

    /// `with`'s deserialize.
    pub fn deserialize<'de, D: Deserializer<'de>, T>(deserializer: D) -> Result<T, D::Error>
    where
        C: DeserializeAs<'de, T>,
    {
        C::deserialize_as(deserializer)
    }
}

/// The value's own `Serialize` and `Deserialize`.
pub struct Same;

impl<T: Serialize + ?Sized> SerializeAs<T> for Same {
    fn serialize_as<S: Serializer>(source: &T, serializer: S) -> Result<S::Ok, S::Error> {
        source.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> DeserializeAs<'de, T> for Same {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

/// A reference to a `T` that serializes through `C`.
pub struct SerializeAsWrap<'a, T: ?Sized, C: ?Sized> {
    value: &'a T,
    codec: PhantomData<C>,
}

impl<'a, T: ?Sized, C: ?Sized> SerializeAsWrap<'a, T, C> {
    /// Wraps `value`.
    pub fn new(value: &'a T) -> Self {
        Self {
            value,
            codec: PhantomData,
        }
    }
}

impl<T: ?Sized, C: SerializeAs<T> + ?Sized> Serialize for SerializeAsWrap<'_, T, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        C::serialize_as(self.value, serializer)
    }
}

/// A whole body of type `T` decoded through `C`: a response that is a
/// date, or a list or map of them (`time` has no serde of its own here).
pub struct DecodedAs<T, C>(pub T, PhantomData<fn() -> C>);

impl<'de, T, C: DeserializeAs<'de, T>> Deserialize<'de> for DecodedAs<T, C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        C::deserialize_as(deserializer).map(|value| DecodedAs(value, PhantomData))
    }
}

/// A `T` read through `C`, where serde wants a seed (a list's items, a
/// map's keys and values, a struct's field).
pub(crate) struct Seed<C, T>(PhantomData<fn() -> (C, T)>);

impl<C, T> Seed<C, T> {
    pub(crate) fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<'de, C: DeserializeAs<'de, T>, T> DeserializeSeed<'de> for Seed<C, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        C::deserialize_as(deserializer)
    }
}

impl<T, C: SerializeAs<T>> SerializeAs<Vec<T>> for Vec<C> {
    fn serialize_as<S: Serializer>(source: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(source.iter().map(SerializeAsWrap::<T, C>::new))
    }
}

impl<'de, T, C: DeserializeAs<'de, T>> DeserializeAs<'de, Vec<T>> for Vec<C> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        struct Items<C, T>(PhantomData<fn() -> (C, T)>);
        impl<'de, T, C: DeserializeAs<'de, T>> Visitor<'de> for Items<C, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // A length hint from the input is not trusted past a small cap.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element_seed(Seed::<C, T>::new())? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        deserializer.deserialize_seq(Items::<C, T>(PhantomData))
    }
}

impl<K, V, KC: SerializeAs<K>, VC: SerializeAs<V>> SerializeAs<BTreeMap<K, V>> for BTreeMap<KC, VC> {
    fn serialize_as<S: Serializer>(source: &BTreeMap<K, V>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            source
                .iter()
                .map(|(k, v)| (SerializeAsWrap::<K, KC>::new(k), SerializeAsWrap::<V, VC>::new(v))),
        )
    }
}

impl<'de, K: Ord, V, KC: DeserializeAs<'de, K>, VC: DeserializeAs<'de, V>> DeserializeAs<'de, BTreeMap<K, V>>
    for BTreeMap<KC, VC>
{
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error> {
        struct Entries<KC, VC, K, V>(PhantomData<fn() -> (KC, VC)>, PhantomData<fn() -> (K, V)>);
        impl<'de, K: Ord, V, KC: DeserializeAs<'de, K>, VC: DeserializeAs<'de, V>> Visitor<'de> for Entries<KC, VC, K, V> {
            type Value = BTreeMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BTreeMap<K, V>, A::Error> {
                let mut entries = BTreeMap::new();
                while let Some((key, value)) = map.next_entry_seed(Seed::<KC, K>::new(), Seed::<VC, V>::new())? {
                    entries.insert(key, value);
                }
                Ok(entries)
            }
        }
        deserializer.deserialize_map(Entries::<KC, VC, K, V>(PhantomData, PhantomData))
    }
}
