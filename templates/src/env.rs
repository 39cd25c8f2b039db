//! Configuration from the environment, for any API: credentials and a base
//! URL under variables named after the generated crate (`PET_CLINIC_TOKEN`,
//! `PET_CLINIC_BASE_URL`). A vendor's own variables are in its plug-in's module.

use super::{ClientBuilder, Credentials};

impl Credentials {
    /// Credentials from `{prefix}_TOKEN` (a bearer token), `{prefix}_API_KEY`
    /// (an API key), or `{prefix}_USERNAME` and `{prefix}_PASSWORD` (basic
    /// auth), the first that is set; none for an API that needs none.
    pub fn from_env_prefixed(prefix: &str) -> Self {
        Self::from_vars_prefixed(prefix, |name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env_prefixed`], reading the variables from
    /// `lookup` (a credentials file, say).
    pub fn from_vars_prefixed(prefix: &str, lookup: impl Fn(&str) -> Option<String>) -> Self {
        let var = |suffix: &str| lookup(&format!("{prefix}_{suffix}")).filter(|v| !v.is_empty());
        if let Some(token) = var("TOKEN") {
            return Self::bearer(token);
        }
        if let Some(key) = var("API_KEY") {
            return Self::key(key);
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
    }
}
