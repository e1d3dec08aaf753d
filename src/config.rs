//! `statuslint.yaml` / `.statuslint.yaml`: per-project rule levels, exclusions, per-file
//! overrides and the team's own rule files.
//!
//! The file is read into the same span-keeping tree as specs, so every error points at the exact
//! key or value, with "did you mean" for near misses. Unknown keys are errors, not warnings: a
//! misspelt `rules:` would otherwise silently do nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::allowed::{self, AllowedStatuses};
use crate::engine::{Level, Levels, Preset};
use crate::load::normalize;
use crate::parse::{self, Format};
use crate::registry::RuleSet;
use crate::rule::Severity;
use crate::suggest::nearest;
use crate::tree::{NodeId, Span, Tree};

/// The names a configuration file may have, nearest directory first, these in order.
pub const FILE_NAMES: &[&str] = &["statuslint.yaml", ".statuslint.yaml"];

const KEYS: &[&str] = &[
    "preset",
    "rules",
    "fail-on",
    "exclude",
    "overrides",
    "rules-dir",
    "allowed-statuses",
    "rust",
];
const PRESETS: &[&str] = &["recommended", "strict"];
const RUST_KEYS: &[&str] = &["path-attributes"];
const OVERRIDE_KEYS: &[&str] = &["files", "rules"];
const LEVELS: &[&str] = &["off", "info", "warning", "error"];

/// A loaded configuration (or the defaults, when no file applies).
#[derive(Debug, Clone)]
pub struct Config {
    /// The configuration file, if any.
    pub path: Option<PathBuf>,
    /// The directory globs are relative to.
    pub dir: PathBuf,
    pub rules: Arc<RuleSet>,
    base: Vec<Level>,
    overrides: Vec<Override>,
    exclude: GlobSet,
    pub fail_on: Option<Severity>,
    /// The per-method status table (`allowed-statuses`), if configured.
    allowed: Option<Arc<AllowedStatuses>>,
}

#[derive(Debug, Clone)]
struct Override {
    files: GlobSet,
    levels: Vec<(usize, Level)>,
}

/// A configuration error, pointing into the configuration file.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub file: String,
    pub text: Arc<str>,
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

impl Config {
    /// The built-in rules at their default levels.
    pub fn defaults(rules: Arc<RuleSet>, dir: PathBuf) -> Config {
        Config {
            path: None,
            dir,
            base: Levels::all_default(&rules).0,
            rules,
            overrides: Vec::new(),
            exclude: GlobSet::empty(),
            fail_on: None,
            allowed: None,
        }
    }

    /// Reads and validates the configuration file at `path`.
    pub fn load(path: &Path, builtin: &Arc<RuleSet>) -> Result<Config, ConfigError> {
        let name = crate::source::display_name(path);
        let text: Arc<str> = match std::fs::read_to_string(path) {
            Ok(text) => text.into(),
            Err(e) => {
                return Err(ConfigError {
                    file: name,
                    text: "".into(),
                    span: Span::default(),
                    message: format!("cannot read the configuration: {e}"),
                    label: String::new(),
                    help: None,
                })
            }
        };
        Config::from_text(path, text, builtin)
    }

    /// Reads and validates configuration text that is not on disk (the playground's tab);
    /// `path` is where it would live: its directory is the base of the globs.
    pub fn from_text(
        path: &Path,
        text: Arc<str>,
        builtin: &Arc<RuleSet>,
    ) -> Result<Config, ConfigError> {
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Reader {
            name: crate::source::display_name(path),
            text,
            tree: Tree::default(),
        }
        .read(dir, path, builtin)
    }

    /// Whether `file` is excluded by an `exclude` glob.
    pub fn excludes(&self, file: &Path) -> bool {
        self.relative(file)
            .is_some_and(|rel| self.exclude.is_match(rel))
    }

    /// The rule levels for `file`: the base levels, then every override whose globs match.
    pub fn levels_for(&self, file: &Path) -> Levels {
        let mut levels = self.base.clone();
        if let Some(rel) = self.relative(file) {
            for o in &self.overrides {
                if o.files.is_match(&rel) {
                    for &(index, level) in &o.levels {
                        levels[index] = level;
                    }
                }
            }
        }
        Levels(levels, self.allowed.clone())
    }

    fn relative(&self, file: &Path) -> Option<PathBuf> {
        // Texts that are not on disk (the playground's tabs) are compared by their lexical paths.
        let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| normalize(p));
        let (abs, dir) = (real(file), real(&self.dir));
        abs.strip_prefix(dir).ok().map(Path::to_path_buf)
    }
}

/// The nearest configuration file at or above `dir`.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(dir).ok()?;
    start
        .ancestors()
        .find_map(|d| FILE_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()))
}

struct Reader {
    name: String,
    text: Arc<str>,
    tree: Tree,
}

impl Reader {
    fn error(
        &self,
        node: NodeId,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> ConfigError {
        let span = if self.tree.nodes.is_empty() {
            Span::default()
        } else {
            self.tree.span(node)
        };
        ConfigError {
            file: self.name.clone(),
            text: self.text.clone(),
            span,
            message,
            label: label.to_string(),
            help,
        }
    }

    fn did_you_mean(word: &str, known: &[&str]) -> Option<String> {
        nearest(word, known.iter().copied()).map(|n| format!("did you mean `{n}`?"))
    }

    fn read(
        mut self,
        dir: PathBuf,
        path: &Path,
        builtin: &Arc<RuleSet>,
    ) -> Result<Config, ConfigError> {
        self.tree = match parse::parse(&self.text, Format::Yaml) {
            Ok(tree) => tree,
            Err(e) => {
                return Err(ConfigError {
                    file: self.name.clone(),
                    text: self.text.clone(),
                    span: Span::new(e.offset, (e.offset + 1).min(self.text.len())),
                    message: format!("the configuration is not valid YAML: {}", e.message),
                    label: e.message,
                    help: None,
                })
            }
        };
        let root = self.tree.root;
        let mut config = Config::defaults(builtin.clone(), dir.clone());
        config.path = Some(path.to_path_buf());
        if self.tree.str(root) == Some("") {
            return Ok(config); // An empty file is the defaults.
        }
        if !self.tree.is_map(root) {
            return Err(self.error(
                root,
                "the configuration must be a mapping".into(),
                "not a mapping",
                None,
            ));
        }
        for &(key, _) in self.tree.entries(root) {
            let name = self.tree.str(key).unwrap_or("");
            if !KEYS.contains(&name) {
                let help = Self::did_you_mean(name, KEYS)
                    .or_else(|| Some(format!("known keys: {}", KEYS.join(", "))));
                return Err(self.error(
                    key,
                    format!("unknown configuration key `{name}`"),
                    "unknown key",
                    help,
                ));
            }
        }
        // Team rules first: `rules:` may name them.
        if let Some(dirs) = self.tree.value(root, "rules-dir") {
            let mut rules = RuleSet::clone(builtin);
            for item in self.list(dirs, "rules-dir")? {
                let rel = self.string(item, "a directory")?;
                self.load_rules_dir(&mut rules, &dir.join(rel), item)?;
            }
            config.rules = Arc::new(rules);
        }
        // The preset is where levels start; a rule's own `rules:` entry wins over it.
        let preset = match self.tree.value(root, "preset") {
            Some(node) => self.preset(node)?,
            None => Preset::Recommended,
        };
        config.base = Levels::preset(&config.rules, preset).0;
        if let Some(table) = self.tree.value(root, "allowed-statuses") {
            config.allowed = Some(Arc::new(self.allowed_statuses(table)?));
        }
        if let Some(rules) = self.tree.value(root, "rules") {
            config.base = self.levels(rules, &config.rules)?.into_iter().fold(
                config.base,
                |mut base, (i, l)| {
                    base[i] = l;
                    base
                },
            );
        }
        if let Some(fail_on) = self.tree.value(root, "fail-on") {
            let value = self.string(fail_on, "a severity")?;
            config.fail_on = Some(match value {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "info" => Severity::Info,
                other => {
                    let help = Self::did_you_mean(other, &["error", "warning", "info"])
                        .or_else(|| Some("one of: error, warning, info".into()));
                    return Err(self.error(
                        fail_on,
                        format!("`fail-on` must be error, warning or info, not `{other}`"),
                        "not a severity",
                        help,
                    ));
                }
            });
        }
        if let Some(rust) = self.tree.value(root, "rust") {
            self.rust(rust)?;
        }
        if let Some(exclude) = self.tree.value(root, "exclude") {
            config.exclude = self.globs(exclude, "exclude")?;
        }
        if let Some(overrides) = self.tree.value(root, "overrides") {
            for item in self.list(overrides, "overrides")? {
                config
                    .overrides
                    .push(self.override_entry(item, &config.rules)?);
            }
        }
        Ok(config)
    }

    fn preset(&self, node: NodeId) -> Result<Preset, ConfigError> {
        match self.string(node, "a preset")? {
            "recommended" => Ok(Preset::Recommended),
            "strict" => Ok(Preset::Strict),
            other => {
                let help = Self::did_you_mean(other, PRESETS)
                    .or_else(|| Some("one of: recommended, strict".into()));
                Err(self.error(
                    node,
                    format!("`preset` must be recommended or strict, not `{other}`"),
                    "not a preset",
                    help,
                ))
            }
        }
    }

    /// `allowed-statuses`: method (or `all`) → the status keys it may declare.
    fn allowed_statuses(&self, map: NodeId) -> Result<AllowedStatuses, ConfigError> {
        let mut table = AllowedStatuses::default();
        if self.is_empty(map) {
            return Ok(table);
        }
        if !self.tree.is_map(map) {
            return Err(self.error(
                map,
                "`allowed-statuses` maps methods (or `all`) to lists of statuses".into(),
                "not a mapping",
                None,
            ));
        }
        for &(key, value) in self.tree.entries(map) {
            let method = self.tree.str(key).unwrap_or("").to_ascii_lowercase();
            if method != "all" && !crate::registry::METHODS.contains(&method.as_str()) {
                let mut known = vec!["all"];
                known.extend_from_slice(crate::registry::METHODS);
                let help = Self::did_you_mean(&method, &known)
                    .or_else(|| Some(format!("one of: {}", known.join(", "))));
                return Err(self.error(
                    key,
                    format!("`{method}` is not a method"),
                    "not a method",
                    help,
                ));
            }
            let mut entries = Vec::new();
            for item in self.list(value, "a method's statuses")? {
                let status = self.string(item, "a status")?;
                if !allowed::is_entry(status) {
                    return Err(self.error(
                        item,
                        format!(
                            "`{status}` is not a status code, a class like `4XX`, or `default`"
                        ),
                        "not a status",
                        None,
                    ));
                }
                entries.push(status.to_string());
            }
            if method == "all" {
                table.all.extend(entries);
            } else {
                table.methods.push((method, entries));
            }
        }
        Ok(table)
    }

    fn override_entry(&self, item: NodeId, rules: &RuleSet) -> Result<Override, ConfigError> {
        if !self.tree.is_map(item) {
            return Err(self.error(
                item,
                "an override is a mapping with `files` and `rules`".into(),
                "not a mapping",
                None,
            ));
        }
        for &(key, _) in self.tree.entries(item) {
            let name = self.tree.str(key).unwrap_or("");
            if !OVERRIDE_KEYS.contains(&name) {
                let help = Self::did_you_mean(name, OVERRIDE_KEYS)
                    .or_else(|| Some("an override has `files` and `rules`".into()));
                return Err(self.error(
                    key,
                    format!("unknown override key `{name}`"),
                    "unknown key",
                    help,
                ));
            }
        }
        let files = self.tree.value(item, "files").ok_or_else(|| {
            self.error(
                item,
                "an override needs `files`: the globs it applies to".into(),
                "no `files`",
                None,
            )
        })?;
        let levels = match self.tree.value(item, "rules") {
            Some(rules_node) => self.levels(rules_node, rules)?,
            None => Vec::new(),
        };
        Ok(Override {
            files: self.globs(files, "files")?,
            levels,
        })
    }

    /// A key written with nothing under it (or only comments, as in the starter file).
    fn is_empty(&self, node: NodeId) -> bool {
        matches!(self.tree.str(node), Some("" | "~" | "null"))
    }

    fn levels(&self, map: NodeId, rules: &RuleSet) -> Result<Vec<(usize, Level)>, ConfigError> {
        if self.is_empty(map) {
            return Ok(Vec::new());
        }
        if !self.tree.is_map(map) {
            return Err(self.error(
                map,
                "`rules` maps rule ids to off, info, warning or error".into(),
                "not a mapping",
                None,
            ));
        }
        let mut out = Vec::new();
        for &(key, value) in self.tree.entries(map) {
            let id = self.tree.str(key).unwrap_or("");
            let Some(index) = rules.index(id) else {
                let help = nearest(id, rules.rules.iter().map(|r| r.id()))
                    .map(|n| format!("did you mean `{n}`?"))
                    .or_else(|| Some("`statuslint rules` lists the rule ids".into()));
                return Err(self.error(key, format!("unknown rule `{id}`"), "unknown rule", help));
            };
            let level = match self.tree.str(value) {
                Some("off") => Level::Off,
                Some("info") => Level::Set(Severity::Info),
                Some("warning") => Level::Set(Severity::Warning),
                Some("error") => Level::Set(Severity::Error),
                other => {
                    let shown = other.unwrap_or("a collection");
                    let help = other
                        .and_then(|o| Self::did_you_mean(o, LEVELS))
                        .or_else(|| Some("one of: off, info, warning, error".into()));
                    return Err(self.error(
                        value,
                        format!("`{shown}` is not a level for `{id}`"),
                        "not a level",
                        help,
                    ));
                }
            };
            out.push((index, level));
        }
        Ok(out)
    }

    /// `rust: {path-attributes: [routes::path]}`: attributes read as `#[utoipa::path]`. They
    /// hold for the whole process (every configuration's list is added).
    fn rust(&self, node: NodeId) -> Result<(), ConfigError> {
        if !self.tree.is_map(node) {
            return Err(self.error(
                node,
                "`rust` must be a mapping".into(),
                "not a mapping",
                None,
            ));
        }
        for &(key, value) in self.tree.entries(node) {
            let name = self.tree.str(key).unwrap_or("");
            if !RUST_KEYS.contains(&name) {
                let help = Self::did_you_mean(name, RUST_KEYS)
                    .or_else(|| Some(format!("known keys: {}", RUST_KEYS.join(", "))));
                return Err(self.error(
                    key,
                    format!("unknown key `{name}` under `rust`"),
                    "unknown key",
                    help,
                ));
            }
            let mut paths = Vec::new();
            for item in self.list(value, "path-attributes")? {
                paths.push(
                    self.string(item, "an attribute path such as `routes::path`")?
                        .to_string(),
                );
            }
            crate::rust::utoipa::add_path_attributes(paths);
        }
        Ok(())
    }

    fn list(&self, node: NodeId, key: &str) -> Result<Vec<NodeId>, ConfigError> {
        if self.is_empty(node) {
            return Ok(Vec::new());
        }
        match &self.tree.node(self.tree.deref(node)).kind {
            crate::tree::Kind::Seq(items) => Ok(items.clone()),
            _ => Err(self.error(node, format!("`{key}` must be a list"), "not a list", None)),
        }
    }

    fn string<'t>(&'t self, node: NodeId, what: &str) -> Result<&'t str, ConfigError> {
        self.tree
            .str(node)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| self.error(node, format!("expected {what}"), "not a string", None))
    }

    /// Globs relative to the configuration's directory; one without a `/` matches at any depth
    /// (as in `.gitignore`).
    fn globs(&self, node: NodeId, key: &str) -> Result<GlobSet, ConfigError> {
        let mut set = GlobSetBuilder::new();
        for item in self.list(node, key)? {
            let pattern = self.string(item, "a glob")?;
            let pattern = if pattern.contains('/') {
                pattern.trim_start_matches("./").to_string()
            } else {
                format!("**/{pattern}")
            };
            let glob = GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| {
                    self.error(item, format!("invalid glob: {e}"), "invalid glob", None)
                })?;
            set.add(glob);
        }
        set.build()
            .map_err(|e| self.error(node, format!("invalid globs: {e}"), "invalid glob", None))
    }

    fn load_rules_dir(
        &self,
        rules: &mut RuleSet,
        dir: &Path,
        at: NodeId,
    ) -> Result<(), ConfigError> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            self.error(
                at,
                format!("cannot read the rules directory {}: {e}", dir.display()),
                "cannot read",
                None,
            )
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        files.sort();
        for file in files {
            let stem = file
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&file).map_err(|e| {
                self.error(
                    at,
                    format!("cannot read {}: {e}", file.display()),
                    "cannot read",
                    None,
                )
            })?;
            rules
                .add(&stem, &file.to_string_lossy(), &text)
                .map_err(|e| {
                    self.error(
                        at,
                        format!("invalid rule file {e}"),
                        "in this rules directory",
                        None,
                    )
                })?;
        }
        Ok(())
    }
}

/// The commented starter configuration `statuslint init` writes.
pub const STARTER: &str = r#"# statuslint configuration: https://github.com/statuslint/statuslint#configuration
# statuslint finds the nearest statuslint.yaml (or .statuslint.yaml) above each linted file.

# Where rule levels start: `recommended` (the default) or `strict` (opt-in rules on too).
# preset: recommended

# Rule levels: off, info, warning or error (`statuslint rules` lists the ids and defaults);
# a rule's entry here wins over the preset.
rules:
  # ok-without-content: off
  # error-without-content: warning

# The lowest severity that makes statuslint exit with 1 (error, warning or info).
fail-on: error

# Files never linted: globs relative to this file; a glob without `/` matches at any depth.
exclude:
  # - vendor/**
  # - "*.generated.yaml"

# Different levels for some files.
overrides:
  # - files: ["legacy/**"]
  #   rules:
  #     created-without-location: off

# The statuses each method may declare, for the opt-in rule status-not-allowed-for-method
# (turn it on under `rules:` or with `preset: strict`). `all` applies to every method; codes,
# classes (4XX) and `default`. Zalando's guideline 150 as Zally's tests configure it:
# allowed-statuses:
#   all: ["200", "301", "400", "401", "403", "404", "405", "406", "408", "410", "428", "429", "500", "501", "503", "default"]
#   get: ["304"]
#   post: ["201", "202", "207", "303", "415"]
#   put: ["201", "202", "204", "303", "409", "412", "415", "423"]
#   patch: ["202", "204", "303", "409", "412", "415", "423"]
#   delete: ["202", "204", "303", "409", "412", "415", "423"]

# Directories of your own rule files, in the format of statuslint's rules/ directory.
# rules-dir:
#   - statuslint-rules
"#;
