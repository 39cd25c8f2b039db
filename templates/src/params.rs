//! How parameter values become query, form and path strings on the wire.

use super::ValidationError;

/// A value that can be sent as a query, form or path parameter.
///
/// Booleans are `true`/`false`, dates `YYYY-MM-DD`, date-times ISO 8601
/// (RFC 3339), as Twilio's own libraries send them.
pub trait ToParam {
    /// The wire text, or why this value may not be sent.
    fn to_param(&self) -> Result<String, ValidationError>;
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> Result<String, ValidationError> {
        (**self).to_param()
    }
}

impl ToParam for str {
    fn to_param(&self) -> Result<String, ValidationError> {
        Ok(self.to_owned())
    }
}

impl ToParam for String {
    fn to_param(&self) -> Result<String, ValidationError> {
        Ok(self.clone())
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {
        $(impl ToParam for $ty {
            fn to_param(&self) -> Result<String, ValidationError> {
                Ok(self.to_string())
            }
        })*
    };
}

display_param!(bool, i32, i64, u32, u64, f32, f64);

impl ToParam for serde_json::Value {
    /// Free-form values travel as their JSON text.
    fn to_param(&self) -> Result<String, ValidationError> {
        Ok(match self {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        })
    }
}

impl ToParam for time::Date {
    fn to_param(&self) -> Result<String, ValidationError> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        self.format(format).map_err(|error| ValidationError {
            type_name: "Date",
            value: self.to_string(),
            rule: error.to_string(),
        })
    }
}

impl ToParam for time::OffsetDateTime {
    fn to_param(&self) -> Result<String, ValidationError> {
        self.format(&time::format_description::well_known::Rfc3339)
            .map_err(|error| ValidationError {
                type_name: "OffsetDateTime",
                value: self.to_string(),
                rule: error.to_string(),
            })
    }
}
