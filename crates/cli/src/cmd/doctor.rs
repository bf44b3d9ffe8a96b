//! `sverka doctor`: what this installation would use (dictionaries, cache
//! folder), what is missing and how to add it.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;
use sverka_pipeline::lexicon::{cache, installed_dictionaries, KNOWN_DICTIONARIES};

use crate::EngineArgs;

/// The Debian package of each of the lexicon crate's known dictionaries.
const DEBIAN_PACKAGES: &[(&str, &str)] = &[
    ("mueller7", "mueller7-dict"),
    ("freedict-eng-rus", "dict-freedict-eng-rus"),
];

/// The end of `sverka doctor --help`; a test runs every line as written.
const EXAMPLES: &str = "\
Examples:
  sverka doctor
  sverka doctor --no-lexicon
  SVERKA_CACHE_DIR=sverka-cache sverka doctor";

/// Show which dictionaries and cache folder sverka would use, what is
/// missing and how to add it.
///
/// Takes the engine flags of align, batch and eval, and reports the
/// lexicons they select: without flags, the dictionaries installed in
/// /usr/share/dictd. Each one is loaded, so a broken file shows here. Exit
/// status 2 when a lexicon cannot be loaded.
#[derive(Debug, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub engine: EngineArgs,
}

pub fn run(args: &DoctorArgs) -> Result<()> {
    println!("sverka {}", env!("CARGO_PKG_VERSION"));
    let paths = args.engine.settings().lexicon_paths();
    let mut broken = 0;
    if args.engine.no_lexicon {
        println!("lexicon: none (--no-lexicon)");
    } else if paths.is_empty() {
        println!(
            "lexicon: none found in {}",
            sverka_pipeline::lexicon::DICTD_DIRS.join(" or ")
        );
    } else {
        println!("lexicon:");
        for path in &paths {
            match sverka_pipeline::lexicon::load(path) {
                Ok(lexicon) => {
                    println!("  {}: {} translation pairs", path.display(), lexicon.len())
                }
                Err(err) => {
                    broken += 1;
                    println!("  cannot be loaded: {err}");
                }
            }
        }
    }
    println!("cache folder: {}", cache_line());
    // Suggesting the installed dictionaries only makes sense when they are
    // what the flags select.
    if args.engine.lexicon.is_empty() && !args.engine.no_lexicon {
        let missing = missing_dictionaries(&paths);
        if !missing.is_empty() {
            println!();
            println!("missing:");
            for (name, package) in &missing {
                println!("  {name}: apt-get install {package} (Debian, Ubuntu)");
            }
            println!(
                "  elsewhere: give a dictionary with --lexicon PATH (repeatable): a dictd \
                 NAME.index with NAME.dict or NAME.dict.dz beside it, or a .tsv glossary of \
                 Russian<TAB>English lines"
            );
        }
    }
    if broken > 0 {
        bail!("{broken} lexicon(s) cannot be loaded (see above)");
    }
    Ok(())
}

/// The rest of `sverka --version` after the version: the installed
/// dictionaries and the cache folder.
pub fn long_version() -> String {
    let found: Vec<String> = installed_dictionaries()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let dictionaries = if found.is_empty() {
        "none installed (see sverka doctor)".to_string()
    } else {
        found.join(", ")
    };
    format!(
        "{}\ndictionaries: {dictionaries}\ncache folder: {}",
        env!("CARGO_PKG_VERSION"),
        cache_line()
    )
}

/// Known dictionaries not among `found`, with their Debian packages.
fn missing_dictionaries(found: &[PathBuf]) -> Vec<(&'static str, &'static str)> {
    KNOWN_DICTIONARIES
        .iter()
        .filter(|name| {
            let index = format!("{name}.index");
            !found.iter().any(|p| p.file_name() == Some(index.as_ref()))
        })
        .map(|name| (*name, debian_package(name)))
        .collect()
}

fn debian_package(name: &str) -> &'static str {
    DEBIAN_PACKAGES
        .iter()
        .find(|(known, _)| *known == name)
        .map_or("a package holding it", |(_, package)| package)
}

fn cache_line() -> String {
    match cache::dir() {
        Some(dir) if dir.is_dir() => dir.display().to_string(),
        Some(dir) => format!("{} (created on first use)", dir.display()),
        None => "none: set SVERKA_CACHE_DIR (no HOME)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_dictionary_has_a_debian_package() {
        for name in KNOWN_DICTIONARIES {
            assert_ne!(debian_package(name), "a package holding it", "{name}");
        }
    }

    #[test]
    fn found_dictionaries_are_not_missing() {
        let found = [PathBuf::from("/usr/share/dictd/mueller7.index")];
        let missing: Vec<&str> = missing_dictionaries(&found)
            .iter()
            .map(|(name, _)| *name)
            .collect();
        assert_eq!(missing, ["freedict-eng-rus"]);
        assert_eq!(missing_dictionaries(&[]).len(), KNOWN_DICTIONARIES.len());
    }
}
