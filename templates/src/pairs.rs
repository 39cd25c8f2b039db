//! Ordered name/value pairs of a query string or form body. A parameter may
//! own several pairs (a repeated key, or an object spelled `name[key]=…`):
//! setting it again replaces all of them.

use std::borrow::Cow;

#[derive(Debug, Default)]
pub(crate) struct Pairs {
    pairs: Vec<(Cow<'static, str>, String)>,
    /// For each parameter set with [`Pairs::set_object`], the keys it added.
    objects: Vec<(&'static str, Vec<String>)>,
}

impl Pairs {
    /// Removes every pair `name` owns.
    fn clear(&mut self, name: &'static str) {
        self.pairs.retain(|(key, _)| *key != name);
        if let Some(index) = self.objects.iter().position(|(owner, _)| *owner == name) {
            let (_, keys) = self.objects.remove(index);
            self.pairs.retain(|(key, _)| !keys.iter().any(|k| k == key));
        }
    }

    /// Sets `name` to these values, one pair each (none for an empty list).
    pub(crate) fn set(&mut self, name: &'static str, values: impl IntoIterator<Item = String>) {
        self.clear(name);
        self.pairs
            .extend(values.into_iter().map(|value| (Cow::Borrowed(name), value)));
    }

    /// Sets the pairs of an object or indexed list parameter `name`.
    pub(crate) fn set_object(&mut self, name: &'static str, pairs: Vec<(String, String)>) {
        self.clear(name);
        self.objects
            .push((name, pairs.iter().map(|(key, _)| key.clone()).collect()));
        self.pairs
            .extend(pairs.into_iter().map(|(key, value)| (Cow::Owned(key), value)));
    }

    /// Adds one pair unless `name` is set.
    pub(crate) fn set_default(&mut self, name: &'static str, value: String) {
        if !self.contains(name) {
            self.pairs.push((Cow::Borrowed(name), value));
        }
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.pairs.iter().any(|(key, _)| *key == name)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(key, value)| (key.as_ref(), value.as_str()))
    }
}
