//! The values a builder records into its [`Call`]: query and form pairs in
//! every style, JSON, raw and multipart bodies.

use std::borrow::Cow;

use super::super::body::Part;
use super::super::params::object_pairs;
use super::super::{FilePart, ToParam, ValidationError};
use super::Call;

impl Call {
    /// Sets a query parameter, replacing an earlier value of the same name.
    pub fn query(&mut self, name: &'static str, value: &(impl ToParam + ?Sized)) {
        let text = self.wire(name, value);
        self.query.set(name, text);
    }

    /// Sets a repeated query parameter: the key once per value, in order.
    pub fn query_list<T: ToParam>(&mut self, name: &'static str, values: &[T]) {
        let texts = self.wire_all(name, values);
        self.query.set(name, texts);
    }

    /// Sets an object query parameter as `deepObject`: `name[key]=value`.
    pub fn query_deep(&mut self, name: &'static str, value: &serde_json::Value) {
        self.query.set_object(name, object_pairs(name, true, value));
    }

    /// Sets a list query parameter as `deepObject`: `name[0]=value`, … .
    pub fn query_indexed<T: ToParam>(&mut self, name: &'static str, values: &[T]) {
        let pairs = self.indexed(name, values);
        self.query.set_object(name, pairs);
    }

    /// Sets an object query parameter as exploded `form`: one `key=value`
    /// pair per property.
    pub fn query_exploded(&mut self, name: &'static str, value: &serde_json::Value) {
        self.query.set_object(name, object_pairs(name, false, value));
    }

    fn wire_all<T: ToParam>(&mut self, name: &'static str, values: &[T]) -> Vec<String> {
        values.iter().filter_map(|value| self.wire(name, value)).collect()
    }

    fn indexed<T: ToParam>(&mut self, name: &'static str, values: &[T]) -> Vec<(String, String)> {
        let texts = self.wire_all(name, values);
        texts
            .into_iter()
            .enumerate()
            .map(|(index, text)| (format!("{name}[{index}]"), text))
            .collect()
    }

    /// Sets a form field, replacing an earlier value of the same name.
    pub fn form(&mut self, name: &'static str, value: &(impl ToParam + ?Sized)) {
        let text = self.wire(name, value);
        self.form.set(name, text);
    }

    /// Sets a repeated form field: the key once per value, in order.
    pub fn form_list<T: ToParam>(&mut self, name: &'static str, values: &[T]) {
        let texts = self.wire_all(name, values);
        self.form.set(name, texts);
    }

    /// Sets an object form field as `deepObject`: `name[key]=value`.
    pub fn form_deep(&mut self, name: &'static str, value: &serde_json::Value) {
        self.form.set_object(name, object_pairs(name, true, value));
    }

    /// Sets a list form field as `deepObject`: `name[0]=value`, … .
    pub fn form_indexed<T: ToParam>(&mut self, name: &'static str, values: &[T]) {
        let pairs = self.indexed(name, values);
        self.form.set_object(name, pairs);
    }

    /// Sets an object form field as exploded `form`: one pair per property.
    pub fn form_exploded(&mut self, name: &'static str, value: &serde_json::Value) {
        self.form.set_object(name, object_pairs(name, false, value));
    }

    /// Sets a JSON body of the given media type.
    pub fn json(&mut self, content_type: &'static str, value: &impl serde::Serialize) {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.payload = Some((Cow::Borrowed(content_type), bytes)),
            Err(error) => {
                let source = ValidationError {
                    type_name: "JSON body",
                    value: Default::default(),
                    rule: error.to_string().into(),
                };
                self.fail("body", source);
            }
        }
    }

    /// Sets a body of raw bytes or text, sent as is with `content_type`.
    pub fn raw_body(&mut self, content_type: &'static str, bytes: Vec<u8>) {
        self.payload = Some((Cow::Borrowed(content_type), bytes));
    }

    /// Sets a text part of a `multipart/form-data` body, replacing an earlier
    /// one of the same name.
    pub fn part(&mut self, name: &'static str, value: &(impl ToParam + ?Sized)) {
        self.parts.retain(|(key, _)| *key != name);
        if let Some(text) = self.wire(name, value) {
            self.parts.push((name, Part::Text(text)));
        }
    }

    /// Sets a repeated text part: one part per value, in order.
    pub fn part_list<T: ToParam>(&mut self, name: &'static str, values: &[T]) {
        self.parts.retain(|(key, _)| *key != name);
        for value in values {
            if let Some(text) = self.wire(name, value) {
                self.parts.push((name, Part::Text(text)));
            }
        }
    }

    /// Sets a file part of a `multipart/form-data` body.
    pub fn file_part(&mut self, name: &'static str, file: FilePart) {
        self.parts.retain(|(key, _)| *key != name);
        self.parts.push((name, Part::File(file)));
    }

    /// Sets a repeated file part: one part per file, in order.
    pub fn file_parts(&mut self, name: &'static str, files: Vec<FilePart>) {
        self.parts.retain(|(key, _)| *key != name);
        self.parts
            .extend(files.into_iter().map(|file| (name, Part::File(file))));
    }
}
