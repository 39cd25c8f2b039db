//! Stage 2 and 3: validate the specs and lower them into the IR. Every
//! problem of every file is collected before failing.

mod example;
mod operation;
mod paging;
mod params;
pub mod patterns;
mod response;
mod schema;

use crate::docs;
use crate::error::{Diagnostics, Error};
use crate::ir::{Crate, Domain};
use crate::load::LoadedSpec;

/// Tool names are crate-wide: a name two APIs share is qualified with the
/// module in both (`chat_v1_fetchService`, `chat_v2_fetchService`).
fn qualify_shared_tool_names(domains: &mut [Domain]) {
    let mut count = std::collections::BTreeMap::<String, usize>::new();
    for op in domains.iter().flat_map(|d| &d.operations) {
        *count.entry(op.tool.clone()).or_default() += 1;
    }
    for domain in domains.iter_mut() {
        for op in &mut domain.operations {
            if count[&op.tool] > 1 {
                op.tool = format!("{}_{}", domain.module, op.tool);
            }
        }
    }
}

/// Lowers all specs into one crate.
pub fn lower(specs: &[LoadedSpec], package: &str) -> Result<Crate, Error> {
    let mut diagnostics = Diagnostics::default();
    let mut registry = patterns::PatternRegistry::default();
    let mut domains = Vec::new();
    let mut modules = std::collections::BTreeMap::new();
    for spec in specs {
        if let Some(other) = modules.insert(spec.module.clone(), spec.file.clone()) {
            let message = format!("becomes module `{}`, as `{other}` does", spec.module);
            diagnostics.error(&spec.file, "", message, Some("rename one of the files"));
            continue;
        }
        let mut cx = schema::DomainCx::new(spec, &mut diagnostics, &mut registry);
        let operations = operation::operations(&mut cx);
        let info = &spec.api.info;
        let docs = [Some(info.title.as_str()), info.description.as_deref()]
            .into_iter()
            .flatten()
            .map(docs::clean)
            .collect::<Vec<_>>()
            .join("\n\n");
        domains.push(Domain {
            module: spec.module.clone(),
            spec_file: spec.file.clone(),
            docs,
            operations,
            models: cx.models.into_values().collect(),
            enums: cx.enums.into_values().collect(),
        });
    }
    diagnostics.finish()?;
    domains.sort_by(|a, b| a.module.cmp(&b.module));
    qualify_shared_tool_names(&mut domains);
    Ok(Crate {
        package: package.to_owned(),
        domains,
        validated: registry.finish(),
    })
}
