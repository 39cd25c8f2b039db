//! Stage 2 and 3: validate the specs and lower them into the IR. Every
//! problem of every file is collected before failing.

mod all_of;
mod body;
mod codec;
mod context;
pub mod coverage;
pub mod features;
mod object;
mod operation;
mod paging;
mod params;
pub mod patterns;
mod response;
mod schema;
mod security;
mod table;
mod union;
mod union_choice;
mod webhooks;

use crate::docs;
use crate::error::{Diagnostics, Error};
use crate::ir::{Crate, Domain};
use crate::load::LoadedSpec;
pub(crate) use codec::body_codec;

/// Lowers all specs into one crate. With `skip_unsupported`, an operation
/// with problems is left out (and listed) instead of failing generation.
pub fn lower(specs: &[LoadedSpec], package: &str, skip_unsupported: bool) -> Result<Crate, Error> {
    let mut lowering = Lowering::new(skip_unsupported);
    for spec in specs {
        lowering.add(spec);
    }
    lowering.finish(package)
}

/// [`lower`] one spec at a time, so that lowering can start while later
/// files are still being parsed. The specs must come in the same order
/// every run (the files' order): types are numbered as they are met.
pub struct Lowering {
    diagnostics: Diagnostics,
    registry: patterns::PatternRegistry,
    table: table::TypeTable,
    domains: Vec<Domain>,
    /// Where each file's front-end moved parts from, by file.
    origins: std::collections::BTreeMap<String, crate::load::Origins>,
    /// The front-ends' warnings, already at the user's pointers.
    notes: Vec<(String, crate::load::Note)>,
}

impl Lowering {
    /// Nothing lowered yet; see [`lower`] for `skip_unsupported`.
    pub fn new(skip_unsupported: bool) -> Self {
        Self {
            diagnostics: if skip_unsupported {
                Diagnostics::skipping_operations()
            } else {
                Diagnostics::default()
            },
            registry: patterns::PatternRegistry::default(),
            table: table::TypeTable::default(),
            domains: Vec::new(),
            origins: Default::default(),
            notes: Vec::new(),
        }
    }

    /// Nothing lowered yet, with the packaging's choices: skipping
    /// unsupported operations, denying untyped schemas.
    pub fn for_packaging(packaging: &crate::Packaging) -> Self {
        let mut lowering = Self::new(packaging.skip_unsupported);
        if packaging.deny_untyped {
            lowering.diagnostics.deny_untyped();
        }
        lowering
    }

    /// Lowers one more spec; its problems are reported by [`Self::finish`].
    pub fn add(&mut self, spec: &LoadedSpec) {
        if let Some(other) = self.domains.iter().find(|d| d.module == spec.module) {
            let message = format!("becomes module `{}`, as `{}` does", spec.module, other.spec_file);
            self.diagnostics
                .error(&spec.file, "", message, Some("rename one of the files"));
            return;
        }
        if !spec.origins.is_empty() {
            self.origins.insert(spec.file.clone(), spec.origins.clone());
        }
        let notes = spec.notes.iter().filter(|note| !note.error);
        self.notes.extend(notes.map(|note| (spec.file.clone(), note.clone())));
        let mut cx = context::DomainCx::new(spec, &mut self.diagnostics, &mut self.registry, &mut self.table);
        let operations = operation::operations(&mut cx);
        let webhooks = webhooks::webhooks(&mut cx);
        let error_sets = std::mem::take(&mut cx.error_sets);
        let (home, mut namespace) = (cx.home.clone(), std::mem::take(&mut cx.types));
        self.table.finish_home(&home, &mut namespace);
        let info = &spec.api.info;
        let prose = [Some(info.title.as_str()), info.description.as_deref()]
            .into_iter()
            .flatten()
            .map(docs::clean)
            .collect::<Vec<_>>()
            .join("\n\n");
        self.domains.push(Domain {
            module: spec.module.clone(),
            spec_file: spec.file.clone(),
            docs: format!("{prose}\n\nGenerated from `{}`.", spec.file),
            operations,
            error_sets,
            tag_features: None,
            webhooks,
        });
    }

    /// The crate named `package`, or every problem of every spec added.
    pub fn finish(self, package: &str) -> Result<Crate, Error> {
        let Self {
            mut diagnostics,
            registry,
            mut table,
            mut domains,
            origins,
            notes,
        } = self;
        diagnostics.translate(
            |file, pointer| match origins.get(file) {
                Some(origins) => origins.original(pointer),
                None => pointer.to_owned(),
            },
            |file, message| match origins.get(file) {
                Some(origins) => origins.original_message(message),
                None => message.to_owned(),
            },
        );
        for (file, note) in notes {
            diagnostics.warning(&file, &note.pointer, note.message, note.hint);
        }
        let mut report = diagnostics.finish()?;
        report.paging = paging::coverage(&domains, table.types());
        registry.finish(&mut table);
        domains.sort_by(|a, b| a.module.cmp(&b.module));
        let servers = domains.iter().flat_map(|d| &d.operations).map(|op| op.server.as_str());
        let vendor = crate::vendor::of(servers);
        if vendor.is_some_and(|vendor| vendor.credentials_everywhere) {
            // The credentials go as they are, whatever the spec declares.
            for op in domains.iter_mut().flat_map(|d| &mut d.operations) {
                op.security = None;
            }
        }
        let core_apis = core_apis(&domains, vendor);
        Ok(Crate {
            package: package.to_owned(),
            domains,
            types: table.finish(),
            vendor,
            core_apis,
            report,
        })
    }
}

/// The vendor's core API where it is generated, else every API.
fn core_apis(domains: &[Domain], vendor: Option<&crate::vendor::Vendor>) -> Vec<String> {
    let core = vendor.and_then(|vendor| vendor.core_api);
    match domains.iter().find(|d| Some(d.module.as_str()) == core) {
        Some(core) => vec![core.module.clone()],
        None => domains.iter().map(|d| d.module.clone()).collect(),
    }
}
