//! Configuration from the environment, for any API: credentials and a base
//! URL under variables named after the generated crate (`PET_CLINIC_TOKEN`,
//! `PET_CLINIC_BASE_URL`). A vendor's own variables are in its plug-in's module.

use super::{ClientBuilder, Credentials};

/// An API key scheme's own variable: the scheme's name in the spec's
/// `components.securitySchemes`, and the variable (`("app_key", "PETS_APP_KEY")`).
pub type KeyVariable = (&'static str, &'static str);

impl Credentials {
    /// Credentials from `{prefix}_TOKEN` (a bearer token), `{prefix}_API_KEY`
    /// (an API key), `{prefix}_CLIENT_ID` and `{prefix}_CLIENT_SECRET` (OAuth
    /// 2.0 client credentials), or `{prefix}_USERNAME` and `{prefix}_PASSWORD`
    /// (basic auth), the first that is set; none for an API that needs none.
    pub fn from_env_prefixed(prefix: &str) -> Self {
        Self::from_vars_prefixed(prefix, |name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env_prefixed`], reading the variables from
    /// `lookup` (a credentials file, say).
    pub fn from_vars_prefixed(prefix: &str, lookup: impl Fn(&str) -> Option<String>) -> Self {
        Self::from_vars_with_keys(prefix, &[], lookup)
    }

    /// [`Credentials::from_env_prefixed`], and each API key scheme's own
    /// variable in `keys`, for an API whose operations take different keys:
    /// a scheme's own variable wins over `{prefix}_API_KEY`, which goes to
    /// the schemes without one.
    pub fn from_env_with_keys(prefix: &str, keys: &[KeyVariable]) -> Self {
        Self::from_vars_with_keys(prefix, keys, |name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env_with_keys`], reading the variables from `lookup`.
    pub fn from_vars_with_keys(prefix: &str, keys: &[KeyVariable], lookup: impl Fn(&str) -> Option<String>) -> Self {
        let set = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let var = |suffix: &str| set(&format!("{prefix}_{suffix}"));
        if let Some(token) = var("TOKEN") {
            return Self::bearer(token);
        }
        let mut own: Vec<(Option<String>, String)> = keys
            .iter()
            .filter_map(|(scheme, variable)| set(variable).map(|value| (Some((*scheme).to_owned()), value)))
            .collect();
        if let Some(key) = var("API_KEY") {
            own.push((None, key));
        }
        if !own.is_empty() {
            return Self::with_keys(own);
        }
        if let (Some(id), Some(secret)) = (var("CLIENT_ID"), var("CLIENT_SECRET")) {
            return Self::client_credentials(id, secret);
        }
        match (var("USERNAME"), var("PASSWORD")) {
            (Some(username), Some(password)) => Self::basic(username, password),
            _ => Self::none(),
        }
    }
}

impl<C> ClientBuilder<C> {
    /// The value of `variable`, where set, as the base URL of every
    /// operation (a mock server such as Prism, in tests); plain `http` is
    /// accepted only on loopback.
    pub fn base_url_from_env(self, variable: &str) -> Self {
        match std::env::var(variable) {
            Ok(base) if !base.is_empty() => {
                let loopback = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
                    .iter()
                    .any(|prefix| base.starts_with(prefix));
                self.base_url(base).allow_insecure_http(loopback)
            }
            _ => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_kind_of_credentials_set_is_taken() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
        };
        let bearer = Credentials::from_vars_prefixed("PETS", vars(&[("PETS_TOKEN", "t"), ("PETS_API_KEY", "k")]));
        assert_eq!(format!("{bearer:?}"), format!("{:?}", Credentials::bearer("t")));
        let key = Credentials::from_vars_prefixed("PETS", vars(&[("PETS_API_KEY", "k")]));
        assert_eq!(format!("{key:?}"), format!("{:?}", Credentials::key("k")));
        let basic = Credentials::from_vars_prefixed("PETS", vars(&[("PETS_USERNAME", "u"), ("PETS_PASSWORD", "p")]));
        assert_eq!(format!("{basic:?}"), format!("{:?}", Credentials::basic("u", "p")));
        let none = Credentials::from_vars_prefixed("PETS", vars(&[("PETS_USERNAME", "u"), ("OTHER_TOKEN", "t")]));
        assert_eq!(format!("{none:?}"), format!("{:?}", Credentials::none()));
        let oauth =
            Credentials::from_vars_prefixed("PETS", vars(&[("PETS_CLIENT_ID", "i"), ("PETS_CLIENT_SECRET", "s")]));
        assert_eq!(
            format!("{oauth:?}"),
            format!("{:?}", Credentials::client_credentials("i", "s"))
        );
    }

    #[test]
    fn each_api_key_scheme_may_have_its_own_variable() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
        };
        let keys: &[KeyVariable] = &[("app_id", "PETS_APP_ID"), ("app_key", "PETS_APP_KEY")];
        let both = Credentials::from_vars_with_keys(
            "PETS",
            keys,
            vars(&[("PETS_APP_ID", "id"), ("PETS_APP_KEY", "key"), ("PETS_API_KEY", "any")]),
        );
        assert_eq!(both.key_for("app_id"), Some("id"));
        assert_eq!(both.key_for("app_key"), Some("key"));
        assert_eq!(
            both.key_for("other"),
            Some("any"),
            "the generic key for schemes without their own"
        );
        let one = Credentials::from_vars_with_keys("PETS", keys, vars(&[("PETS_APP_KEY", "key")]));
        assert_eq!((one.key_for("app_key"), one.key_for("app_id")), (Some("key"), None));
    }
}
