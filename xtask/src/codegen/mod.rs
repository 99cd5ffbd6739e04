//! `cargo xtask codegen [--check]`: the generated files and their freshness check.

mod catalog;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::paths::{self, DEV_SPEC, GENERATED_CATALOG, MANAGEMENT_SPEC, MANIFEST_SCHEMA};

struct Options {
    check: bool,
    spec: Option<PathBuf>,
    dev_spec: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut options = Options {
        check: false,
        spec: None,
        dev_spec: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            "--spec" => options.spec = Some(args.next().context("--spec needs a path")?.into()),
            "--dev-spec" => {
                options.dev_spec = Some(args.next().context("--dev-spec needs a path")?.into())
            }
            other => bail!(
                "codegen: unknown argument `{other}`; usage: codegen [--check] [--spec PATH] [--dev-spec PATH]"
            ),
        }
    }
    Ok(options)
}

/// One generated file: where it goes and what it must hold.
pub(crate) struct Generated {
    pub(crate) path: &'static str,
    pub(crate) contents: String,
}

/// Everything codegen writes, and whether the catalog was left out because Okta's specs
/// are not at hand (the reason). A spec that is there but cannot be turned into the catalog
/// is an error, never a skip.
pub(crate) fn generate(
    spec: Option<&Path>,
    dev_spec: Option<&Path>,
) -> Result<(Vec<Generated>, Option<String>)> {
    let mut files = vec![Generated {
        path: MANIFEST_SCHEMA,
        contents: oin_scopes::manifest::schema_json(),
    }];
    let specs_dir = paths::okta_specs_dir();
    let spec = spec.map_or_else(|| specs_dir.join(MANAGEMENT_SPEC), Path::to_path_buf);
    let dev_spec = dev_spec.map_or_else(|| specs_dir.join(DEV_SPEC), Path::to_path_buf);
    if !(spec.is_file() && dev_spec.is_file()) {
        let reason = format!(
            "the catalog was not checked: Okta's specs are not at {} and {} (pass --spec and --dev-spec, or set OIN_OKTA_SPECS)",
            spec.display(),
            dev_spec.display()
        );
        return Ok((files, Some(reason)));
    }
    let contents = generate_catalog(&spec, &dev_spec)
        .context("Okta's specs are there, but the catalog cannot be generated from them")?;
    files.push(Generated {
        path: GENERATED_CATALOG,
        contents,
    });
    Ok((files, None))
}

fn generate_catalog(spec: &Path, dev_spec: &Path) -> Result<String> {
    let management = catalog::Spec::read(spec)?;
    let dev = catalog::Spec::read(dev_spec)?;
    catalog::generate(&management, &dev)
}

/// The generated files whose committed contents differ from what codegen makes now.
pub(crate) fn stale(files: &[Generated]) -> Vec<&'static str> {
    let root = paths::workspace_root();
    files
        .iter()
        .filter(|file| {
            std::fs::read_to_string(root.join(file.path))
                .ok()
                .as_deref()
                != Some(file.contents.as_str())
        })
        .map(|file| file.path)
        .collect()
}

pub(crate) fn run(args: &[String]) -> Result<ExitCode> {
    let options = parse(args)?;
    let explicit_specs = options.spec.is_some() || options.dev_spec.is_some();
    let (files, skipped) = generate(options.spec.as_deref(), options.dev_spec.as_deref())?;
    if let Some(reason) = &skipped {
        if explicit_specs || !options.check {
            bail!("{reason}");
        }
        eprintln!("note: {reason}");
    }
    if options.check {
        let stale = stale(&files);
        if stale.is_empty() {
            println!("codegen: {} generated file(s) are fresh", files.len());
            return Ok(ExitCode::SUCCESS);
        }
        for path in &stale {
            eprintln!("error: {path} is stale: run `cargo xtask codegen` and commit the result");
        }
        return Ok(ExitCode::FAILURE);
    }
    let root = paths::workspace_root();
    for file in &files {
        let path = root.join(file.path);
        std::fs::write(&path, &file.contents)
            .with_context(|| format!("writing {}", path.display()))?;
        println!("codegen: wrote {}", file.path);
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` is the one local gate: the committed generated files must be what
    /// codegen makes from the pinned specs (when they are at hand) and the manifest model.
    #[test]
    fn generated_files_are_fresh() {
        let (files, skipped) = generate(None, None).expect("the generators run");
        if let Some(reason) = skipped {
            eprintln!("note: {reason}");
        }
        let stale = stale(&files);
        assert!(
            stale.is_empty(),
            "stale generated files {stale:?}: run `cargo xtask codegen`"
        );
    }

    /// A spec that is there but broken fails codegen; it is never taken for a missing one.
    #[test]
    fn a_broken_spec_is_an_error_not_a_skip() {
        let dir =
            std::env::temp_dir().join(format!("oin-xtask-broken-spec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let broken = dir.join("broken.yaml");
        std::fs::write(&broken, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n").unwrap();
        let error = generate(Some(&broken), Some(&broken))
            .err()
            .expect("a spec without paths fails");
        assert!(format!("{error:#}").contains("has no paths"), "{error:#}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
