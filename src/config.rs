//! One typed configuration: built-in defaults, then the TOML file, then `BRIEFBOT_*`
//! environment variables (nested keys joined with `__`), then command-line overrides.

use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize, Serializer};

/// Where the config is looked for when `--config` is not given.
pub const DEFAULT_CONFIG_PATH: &str = "config/briefbot.toml";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// The sled database (and backups) live here.
    pub data_dir: PathBuf,
    /// Ingested when the store is empty; watched while the bot runs.
    pub briefs_dir: PathBuf,
    /// Default IANA zone for `/schedule daily`.
    pub timezone: String,
    /// `/position` lexicons: canonical actors with aliases, and topics with synonyms. A
    /// missing file falls back to the built-in copy.
    pub actors_file: PathBuf,
    pub topics_file: PathBuf,
    /// Princeton WordNet 3.0's database files (Debian's `wordnet-base`): related words
    /// for `/position` topics no lexicon foresaw. Without it, topics match as before.
    pub wordnet_dir: PathBuf,
    /// Brief files larger than this are rejected.
    pub max_brief_bytes: usize,
    /// sled's page cache in MiB (sled's own default is 1 GiB).
    pub cache_capacity_mb: u64,
    /// Briefs per page of `/brief list`.
    pub list_page_size: usize,
    /// `text` for people, `json` for log collectors.
    pub log_format: String,
    /// Seconds between looks at `briefs_dir` for new or changed files.
    pub watch_interval_secs: u64,
    /// Posts per second over the whole bot (Discord allows 50).
    pub delivery_rate_per_sec: f64,
    /// Deliveries in flight at once.
    pub delivery_concurrency: usize,
    /// After downtime, missed posts up to this many hours old still go out; older ones are
    /// skipped with a log line.
    pub catchup_hours: u64,
    /// The running bot writes a backup into `data_dir/backups` once a day.
    pub backup_enabled: bool,
    /// Daily backups kept.
    pub backup_keep: usize,
    pub discord: DiscordConfig,
    /// HTTP sources polled for new briefs (`[[sources]]`).
    pub sources: Vec<SourceConfig>,
    /// Limits for every fetch (sources and Discord attachments).
    pub fetch: FetchConfig,
}

/// What a source serves; `auto` decides from the Content-Type and the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    #[default]
    Auto,
    Rss,
    Atom,
    Json,
    Page,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SourceConfig {
    /// Shown in logs and `/sources`; defaults to the URL's host.
    pub name: String,
    pub url: String,
    pub kind: SourceKind,
    /// Seconds between polls (default 900).
    pub interval_secs: u64,
    /// For `page` sources: the CSS selector of the brief's content.
    pub selector: Option<String>,
    /// Allow addresses in private, loopback or link-local ranges (intranets, tests) for
    /// the source's own URL.
    pub allow_private: bool,
    /// Allow them for the pages the source's items link to as well. Separate from
    /// `allow_private` because a feed names those pages: an intranet feed that may be
    /// fetched must not, by that alone, have any private page fetched and posted.
    pub allow_private_links: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct FetchConfig {
    pub connect_timeout_secs: u64,
    pub timeout_secs: u64,
    /// Bodies larger than this are refused, counted while streaming.
    pub max_body_bytes: usize,
    pub max_redirects: usize,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            connect_timeout_secs: 5,
            timeout_secs: 20,
            max_body_bytes: 2 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DiscordConfig {
    /// The bot token. Prefer `DISCORD_TOKEN` or `DISCORD_TOKEN_FILE`; never logged.
    #[serde(serialize_with = "redacted")]
    pub token: Option<SecretString>,
    /// Guild ids to register commands in (instant); empty registers them globally.
    pub guilds: Vec<u64>,
    /// Optional REST base URL (a proxy); `DISCORD_API_BASE` overrides it.
    pub api_base: String,
    /// Role ids that count as moderators besides MANAGE_GUILD.
    pub moderator_roles: Vec<u64>,
    /// Channel id for notices to moderators; 0 = none.
    pub log_channel: u64,
    /// Guilds whose moderators may add briefs (`/brief add`), which every server's
    /// subscribers then get. Empty: the guilds in `guilds`; both empty: no guild may.
    pub publisher_guilds: Vec<u64>,
}

impl DiscordConfig {
    /// The guilds that may publish to the shared library.
    pub fn publishers(&self) -> &[u64] {
        if self.publisher_guilds.is_empty() {
            &self.guilds
        } else {
            &self.publisher_guilds
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("data"),
            briefs_dir: PathBuf::from("briefs"),
            timezone: "UTC".into(),
            actors_file: PathBuf::from("config/actors.toml"),
            topics_file: PathBuf::from("config/topics.toml"),
            wordnet_dir: PathBuf::from("/usr/share/wordnet"),
            max_brief_bytes: 1024 * 1024,
            cache_capacity_mb: 16,
            list_page_size: 10,
            log_format: "text".into(),
            watch_interval_secs: 2,
            delivery_rate_per_sec: 40.0,
            delivery_concurrency: 8,
            catchup_hours: 6,
            backup_enabled: true,
            backup_keep: 7,
            discord: DiscordConfig::default(),
            sources: Vec::new(),
            fetch: FetchConfig::default(),
        }
    }
}

/// Secrets serialize as a placeholder so a dumped config never shows them.
fn redacted<S: Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(if v.is_some() { "<redacted>" } else { "" })
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {path} not found")]
    Missing { path: PathBuf },
    #[error("invalid configuration: {0}")]
    Invalid(String),
    #[error("no Discord token: set DISCORD_TOKEN, or DISCORD_TOKEN_FILE to a file holding it, or discord.token in the config")]
    NoToken,
    // The OS error is part of the message and deliberately not a `source`: a chain printer
    // (`{:#}`) would repeat it.
    #[error("cannot read DISCORD_TOKEN_FILE {path}: {reason}")]
    TokenFile {
        path: PathBuf,
        reason: std::io::Error,
    },
    #[error("refusing to start: {}; `briefbot check` lists every problem", describe(.0))]
    Refused(Vec<ConfigProblem>),
}

fn describe(problems: &[ConfigProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.key, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A problem `briefbot check` reports, named by its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub key: String,
    pub message: String,
}

impl Config {
    /// Loads defaults → `path` (or `config/briefbot.toml` if present) → environment.
    /// An explicit `path` that does not exist is an error; the default one may be absent.
    pub fn load(path: Option<&Path>) -> Result<(Config, Option<PathBuf>), ConfigError> {
        let file = match path {
            Some(p) if !p.is_file() => {
                return Err(ConfigError::Missing {
                    path: p.to_path_buf(),
                })
            }
            Some(p) => Some(p.to_path_buf()),
            None => Some(PathBuf::from(DEFAULT_CONFIG_PATH)).filter(|p| p.is_file()),
        };
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Some(f) = &file {
            fig = fig.merge(Toml::file(f));
        }
        fig = fig.merge(Env::prefixed("BRIEFBOT_").split("__"));
        let config: Config = fig
            .extract()
            .map_err(|e| ConfigError::Invalid(describe_figment_error(e, file.as_deref())))?;
        Ok((config, file))
    }

    /// The bot token: `DISCORD_TOKEN`, else the file named by `DISCORD_TOKEN_FILE` (Docker
    /// secrets), else `discord.token`.
    pub fn discord_token(&self) -> Result<SecretString, ConfigError> {
        if let Ok(t) = std::env::var("DISCORD_TOKEN") {
            if !t.trim().is_empty() {
                return Ok(SecretString::new(t.trim().to_string()));
            }
        }
        if let Ok(path) = std::env::var("DISCORD_TOKEN_FILE") {
            let path = PathBuf::from(path);
            let t = std::fs::read_to_string(&path)
                .map_err(|reason| ConfigError::TokenFile { path, reason })?;
            if !t.trim().is_empty() {
                return Ok(SecretString::new(t.trim().to_string()));
            }
        }
        match &self.discord.token {
            Some(t) if !t.expose_secret().trim().is_empty() => {
                Ok(SecretString::new(t.expose_secret().trim().to_string()))
            }
            _ => Err(ConfigError::NoToken),
        }
    }

    /// The REST base URL: `DISCORD_API_BASE`, else `discord.api_base`; None for Discord itself.
    pub fn discord_api_base(&self) -> Option<String> {
        std::env::var("DISCORD_API_BASE")
            .ok()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| Some(self.discord.api_base.clone()).filter(|s| !s.trim().is_empty()))
            .map(|s| s.trim().trim_end_matches('/').to_string())
    }

    pub fn cache_capacity_bytes(&self) -> u64 {
        self.cache_capacity_mb.max(1) * 1024 * 1024
    }

    /// The problems the bot does not start with: all of [`Config::problems`] but a missing
    /// briefs folder (the bot runs without one, and watches for it).
    pub fn refuse_problems(&self, file: Option<&Path>) -> Result<(), ConfigError> {
        let fatal: Vec<ConfigProblem> = self
            .problems(file)
            .into_iter()
            .filter(|p| p.key != "briefs_dir")
            .collect();
        if fatal.is_empty() {
            Ok(())
        } else {
            Err(ConfigError::Refused(fatal))
        }
    }

    /// Problems a self-hoster should fix, each named by its key. Writes nothing.
    pub fn problems(&self, file: Option<&Path>) -> Vec<ConfigProblem> {
        let mut out = Vec::new();
        let mut bad = |key: &str, message: String| {
            out.push(ConfigProblem {
                key: key.into(),
                message,
            })
        };
        if self.timezone.parse::<chrono_tz::Tz>().is_err() {
            bad(
                "timezone",
                format!(
                    "{:?} is not an IANA time zone name (e.g. \"Europe/Kyiv\", \"UTC\")",
                    self.timezone
                ),
            );
        }
        if !(self.delivery_rate_per_sec > 0.0 && self.delivery_rate_per_sec <= 50.0) {
            bad(
                "delivery_rate_per_sec",
                format!(
                    "{} is outside (0, 50]: Discord allows 50 requests a second",
                    self.delivery_rate_per_sec
                ),
            );
        }
        if self.delivery_concurrency == 0 {
            bad("delivery_concurrency", "must be at least 1".into());
        }
        if self.watch_interval_secs == 0 {
            bad("watch_interval_secs", "must be at least 1".into());
        }
        for (i, src) in self.sources.iter().enumerate() {
            let key = format!("sources[{i}]");
            match reqwest::Url::parse(&src.url) {
                Ok(u) if u.scheme() == "http" || u.scheme() == "https" => {}
                Ok(u) => bad(
                    &format!("{key}.url"),
                    format!("only http and https are fetched, not {}", u.scheme()),
                ),
                Err(e) => bad(
                    &format!("{key}.url"),
                    format!("{:?} is not a URL: {e}", src.url),
                ),
            }
            if let Some(sel) = &src.selector {
                if scraper::Selector::parse(sel).is_err() {
                    bad(
                        &format!("{key}.selector"),
                        format!("{sel:?} is not a CSS selector"),
                    );
                }
            }
            if self.sources[..i].iter().any(|o| o.url == src.url) {
                bad(
                    &format!("{key}.url"),
                    "the same URL is configured twice".into(),
                );
            }
        }
        if self.max_brief_bytes == 0 {
            bad("max_brief_bytes", "must be greater than 0".into());
        }
        if self.list_page_size == 0 || self.list_page_size > 25 {
            bad(
                "list_page_size",
                format!("{} is outside 1..=25", self.list_page_size),
            );
        }
        if self.log_format != "text" && self.log_format != "json" {
            bad(
                "log_format",
                format!("{:?} is neither \"text\" nor \"json\"", self.log_format),
            );
        }
        let base = &self.discord.api_base;
        if !(base.is_empty() || base.starts_with("http://") || base.starts_with("https://")) {
            bad(
                "discord.api_base",
                format!("{:?} is not an http(s) URL", self.discord.api_base),
            );
        }
        if !self.briefs_dir.is_dir() {
            bad(
                "briefs_dir",
                format!("{} is not a readable folder", self.briefs_dir.display()),
            );
        }
        if self.data_dir.exists() && !self.data_dir.is_dir() {
            bad(
                "data_dir",
                format!("{} exists and is not a folder", self.data_dir.display()),
            );
        }
        if let Some(f) = file {
            for key in unknown_keys(f) {
                bad(
                    &key,
                    "unknown key (misspelt, or from another version?)".into(),
                );
            }
        }
        out
    }
}

/// Keys in the TOML file that no setting reads; figment would silently ignore them.
fn unknown_keys(file: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Vec::new();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let known = serde_json::to_value(Config::default()).unwrap_or_default();
    let mut out = Vec::new();
    collect_unknown(&table, &known, "", &mut out);
    out
}

fn collect_unknown(
    table: &toml::Table,
    known: &serde_json::Value,
    prefix: &str,
    out: &mut Vec<String>,
) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match known.get(k) {
            None => out.push(key),
            Some(serde_json::Value::Object(_)) => {
                if let toml::Value::Table(t) = v {
                    collect_unknown(t, &known[k], &key, out);
                }
            }
            Some(_) => {}
        }
    }
}

fn describe_figment_error(e: figment::Error, file: Option<&Path>) -> String {
    let mut parts = Vec::new();
    for err in e {
        let key = err.path.join(".");
        let origin = err
            .metadata
            .as_ref()
            .map(|m| m.name.to_string())
            .or_else(|| file.map(|f| f.display().to_string()))
            .unwrap_or_default();
        if key.is_empty() {
            parts.push(format!("{} ({origin})", err.kind));
        } else {
            parts.push(format!("key `{key}`: {} ({origin})", err.kind));
        }
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_file_then_env_and_problems_by_key() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.toml");
        std::fs::write(
            &file,
            "timezone = \"Mars/Olympus\"\nlist_page_size = 5\nbriefs_dri = \"x\"\n[discord]\nguilds = [1, 2]\ncolour = 3\n",
        )
        .unwrap();
        let (c, used) = Config::load(Some(&file)).unwrap();
        assert_eq!(used.as_deref(), Some(file.as_path()));
        assert_eq!(c.list_page_size, 5);
        assert_eq!(c.discord.guilds, vec![1, 2]);
        assert_eq!(c.max_brief_bytes, 1024 * 1024);
        let keys: Vec<String> = c.problems(Some(&file)).into_iter().map(|p| p.key).collect();
        for k in ["timezone", "briefs_dri", "discord.colour"] {
            assert!(keys.contains(&k.to_string()), "{k} not in {keys:?}");
        }
    }

    #[test]
    fn a_wrong_type_names_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.toml");
        std::fs::write(&file, "max_brief_bytes = \"lots\"\n").unwrap();
        let err = Config::load(Some(&file)).unwrap_err().to_string();
        assert!(err.contains("max_brief_bytes"), "{err}");
        assert!(matches!(
            Config::load(Some(&dir.path().join("none.toml"))),
            Err(ConfigError::Missing { .. })
        ));
    }
}
