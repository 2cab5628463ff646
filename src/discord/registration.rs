//! The command contract as Discord application commands, registered on ready: per guild
//! when `discord.guilds` lists guilds (instant), globally otherwise — and only when what
//! Discord has differs, since Discord allows 200 creates a day per guild. The scope not
//! registered in is emptied, so switching between the two leaves no second set behind.

use serde_json::{json, Map, Value};
use serenity::all::{
    ChannelType, Command, CommandOptionType, CreateCommand, CreateCommandOption, GuildId, Http,
    Permissions,
};

/// Section names offered as choices (Discord allows 25).
const MAX_CHOICES: usize = 25;

fn section_option(sections: &[String]) -> CreateCommandOption {
    let mut o = CreateCommandOption::new(
        CommandOptionType::String,
        "section",
        "Only this section of the brief",
    )
    .required(false);
    for s in sections.iter().take(MAX_CHOICES) {
        o = o.add_string_choice(s, s);
    }
    o
}

fn channel_option(description: &str) -> CreateCommandOption {
    CreateCommandOption::new(CommandOptionType::Channel, "channel", description)
        .required(false)
        .channel_types(vec![ChannelType::Text, ChannelType::News])
}

fn sections_filter_option() -> CreateCommandOption {
    CreateCommandOption::new(
        CommandOptionType::String,
        "sections",
        "Sections to post, separated by commas (default: all)",
    )
    .required(false)
    .set_autocomplete(true)
}

fn role_option() -> CreateCommandOption {
    CreateCommandOption::new(
        CommandOptionType::Role,
        "role",
        "A role to mention with each post (default: none)",
    )
    .required(false)
}

fn page_option() -> CreateCommandOption {
    CreateCommandOption::new(CommandOptionType::Integer, "page", "Page number, from 1")
        .required(false)
        .min_int_value(1)
}

fn moderator(cmd: CreateCommand) -> CreateCommand {
    cmd.default_member_permissions(Permissions::MANAGE_GUILD)
        .dm_permission(false)
}

/// Every command of the contract (DESIGN.md). `sections` are the section names offered
/// as choices for `/brief ... section`.
pub fn definitions(sections: &[String]) -> Vec<CreateCommand> {
    let brief = CreateCommand::new("brief")
        .description("Read the news briefs")
        .add_option(
            CreateCommandOption::new(CommandOptionType::SubCommand, "latest", "The newest brief")
                .add_sub_option(section_option(sections)),
        )
        .add_option(
            CreateCommandOption::new(
                CommandOptionType::SubCommand,
                "date",
                "The brief of a given day",
            )
            .add_sub_option(
                CreateCommandOption::new(
                    CommandOptionType::String,
                    "date",
                    "Day of the brief: 2025-09-05, 5 September 2025, Sept 5, yesterday",
                )
                .required(true)
                .set_autocomplete(true),
            )
            .add_sub_option(section_option(sections)),
        )
        .add_option(
            CreateCommandOption::new(
                CommandOptionType::SubCommand,
                "list",
                "Every stored brief, newest first",
            )
            .add_sub_option(page_option()),
        )
        .add_option(
            CreateCommandOption::new(
                CommandOptionType::SubCommand,
                "search",
                "Search the text of every brief",
            )
            .add_sub_option(
                CreateCommandOption::new(CommandOptionType::String, "query", "Words to look for")
                    .required(true)
                    .max_length(200),
            )
            .add_sub_option(page_option()),
        );
    let position = CreateCommand::new("position")
        .description("What an actor has said about a topic, quoted and dated")
        .add_option(
            CreateCommandOption::new(
                CommandOptionType::String,
                "actor",
                "Country, body or person, e.g. russia",
            )
            .required(true)
            .set_autocomplete(true),
        )
        .add_option(
            CreateCommandOption::new(
                CommandOptionType::String,
                "topic",
                "What about, e.g. troops",
            )
            .required(true)
            .set_autocomplete(true),
        )
        .add_option(page_option());
    let subscribe = moderator(
        CreateCommand::new("subscribe")
            .description("Post every new brief to a channel")
            .add_option(channel_option("Channel to post in (default: this one)"))
            .add_option(sections_filter_option())
            .add_option(role_option()),
    );
    let unsubscribe = moderator(
        CreateCommand::new("unsubscribe")
            .description("Stop posting new briefs to a channel")
            .add_option(channel_option("Channel to stop (default: this one)")),
    );
    let schedule = moderator(
        CreateCommand::new("schedule")
            .description("Post the newest brief at a set time every day")
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::SubCommand,
                    "daily",
                    "Post every day at a local time",
                )
                .add_sub_option(
                    CreateCommandOption::new(
                        CommandOptionType::String,
                        "time",
                        "Local time, HH:MM (24-hour)",
                    )
                    .required(true),
                )
                .add_sub_option(
                    CreateCommandOption::new(
                        CommandOptionType::String,
                        "timezone",
                        "IANA time zone, e.g. Europe/Kyiv",
                    )
                    .required(false)
                    .set_autocomplete(true),
                )
                .add_sub_option(channel_option("Channel to post in (default: this one)"))
                .add_sub_option(sections_filter_option())
                .add_sub_option(role_option()),
            )
            .add_option(CreateCommandOption::new(
                CommandOptionType::SubCommand,
                "list",
                "This server's schedules and subscriptions",
            ))
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::SubCommand,
                    "test",
                    "Post the newest brief now, as a schedule or subscription would",
                )
                .add_sub_option(schedule_id()),
            )
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::SubCommand,
                    "remove",
                    "Remove a schedule or subscription",
                )
                .add_sub_option(schedule_id()),
            ),
    );
    // Adding briefs changes what every server reads, so it is a moderator's command of its
    // own: Discord's default permission applies to a top-level command, not a subcommand.
    let library = moderator(
        CreateCommand::new("library")
            .description("Moderators: add briefs, see where they come from")
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::SubCommand,
                    "add",
                    "Add a brief from a file",
                )
                .add_sub_option(
                    CreateCommandOption::new(
                        CommandOptionType::Attachment,
                        "file",
                        "The brief: .txt, .md or .html",
                    )
                    .required(true),
                ),
            )
            .add_option(CreateCommandOption::new(
                CommandOptionType::SubCommand,
                "sources",
                "The feeds and pages briefs are fetched from",
            )),
    );
    let help = CreateCommand::new("help").description("What briefbot can do");
    vec![
        brief,
        position,
        subscribe,
        unsubscribe,
        schedule,
        library,
        help,
    ]
}

/// A command reduced to what registration decides: names, descriptions, types, options,
/// choices, autocomplete, member permissions. Discord adds ids, versions and defaults; those are
/// not differences.
fn canonical_command(v: &Value) -> Value {
    let mut o = Map::new();
    o.insert("name".into(), v["name"].clone());
    o.insert("description".into(), v["description"].clone());
    o.insert(
        "type".into(),
        v.get("type")
            .cloned()
            .filter(|t| !t.is_null())
            .unwrap_or(json!(1)),
    );
    let perms = match &v["default_member_permissions"] {
        Value::String(s) => json!(s),
        Value::Number(n) => json!(n.to_string()),
        _ => Value::Null,
    };
    o.insert("default_member_permissions".into(), perms);
    // `dm_permission` is left out: Discord omits it for guild commands (and serenity reads
    // it back as null), so comparing it would overwrite on every start.
    o.insert("options".into(), canonical_options(&v["options"]));
    Value::Object(o)
}

fn canonical_options(v: &Value) -> Value {
    let Some(list) = v.as_array() else {
        return json!([]);
    };
    Value::Array(
        list.iter()
            .map(|opt| {
                json!({
                    "type": opt["type"],
                    "name": opt["name"],
                    "description": opt["description"],
                    "required": opt["required"].as_bool().unwrap_or(false),
                    "autocomplete": opt["autocomplete"].as_bool().unwrap_or(false),
                    "choices": opt["choices"].as_array().map(|c| c.iter().map(|ch| json!({"name": ch["name"], "value": ch["value"]})).collect::<Vec<_>>()).unwrap_or_default(),
                    "channel_types": opt["channel_types"].as_array().cloned().unwrap_or_default(),
                    "min_value": opt.get("min_value").cloned().unwrap_or(Value::Null),
                    "max_length": opt.get("max_length").cloned().unwrap_or(Value::Null),
                    "options": canonical_options(&opt["options"]),
                })
            })
            .collect(),
    )
}

/// Whether what Discord has registered already matches what we would register.
pub fn matches(wanted: &[CreateCommand], registered: &[Command]) -> bool {
    let canon = |vs: Vec<Value>| {
        let mut c: Vec<Value> = vs.iter().map(canonical_command).collect();
        c.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
        c
    };
    let wanted = wanted
        .iter()
        .filter_map(|c| serde_json::to_value(c).ok())
        .collect();
    let registered = registered
        .iter()
        .filter_map(|c| serde_json::to_value(c).ok())
        .collect();
    canon(wanted) == canon(registered)
}

/// What registration did, for the log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registered {
    Unchanged,
    Overwritten,
}

/// Where commands go and which scopes must be emptied. Discord shows a guild's members the
/// global set and that guild's set together, so a set left behind in the scope the bot no
/// longer registers in shows every command twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scopes {
    /// Scopes to register the contract in: the configured guilds, or global (None).
    pub register: Vec<Option<GuildId>>,
    /// Scopes whose commands are stale: global when registering per guild, and every guild
    /// the bot is in (from READY) that it does not register in.
    pub clear: Vec<Option<GuildId>>,
}

/// The scopes for `configured` guilds (`discord.guilds`; empty means global) when the bot is
/// in the guilds `joined` (READY's list).
pub fn scopes(configured: &[u64], joined: &[u64]) -> Scopes {
    let others = joined
        .iter()
        .filter(|g| !configured.contains(g))
        .map(|g| Some(GuildId::new(*g)));
    if configured.is_empty() {
        Scopes {
            register: vec![None],
            clear: others.collect(),
        }
    } else {
        Scopes {
            register: configured.iter().map(|g| Some(GuildId::new(*g))).collect(),
            clear: std::iter::once(None).chain(others).collect(),
        }
    }
}

/// A scope as the log says it: `global` or `guild 123`.
pub fn scope_name(scope: Option<GuildId>) -> String {
    scope.map_or("global".to_string(), |g| format!("guild {g}"))
}

async fn registered(http: &Http, guild: Option<GuildId>) -> serenity::Result<Vec<Command>> {
    match guild {
        Some(g) => g.get_commands(http).await,
        None => Command::get_global_commands(http).await,
    }
}

async fn overwrite(
    http: &Http,
    guild: Option<GuildId>,
    commands: Vec<CreateCommand>,
) -> serenity::Result<()> {
    match guild {
        Some(g) => g.set_commands(http, commands).await?,
        None => Command::set_global_commands(http, commands).await?,
    };
    Ok(())
}

/// Registers `wanted` in one scope (a guild, or global when `guild` is None), overwriting
/// only when it differs from what is there.
pub async fn register(
    http: &Http,
    guild: Option<GuildId>,
    wanted: Vec<CreateCommand>,
) -> serenity::Result<Registered> {
    let existing = registered(http, guild).await?;
    if matches(&wanted, &existing) {
        return Ok(Registered::Unchanged);
    }
    overwrite(http, guild, wanted).await?;
    Ok(Registered::Overwritten)
}

/// Deletes every command registered in one scope, writing only when there is something to
/// delete (an empty scope costs one read). Returns the names of the commands deleted.
pub async fn clear(http: &Http, guild: Option<GuildId>) -> serenity::Result<Vec<String>> {
    let existing = registered(http, guild).await?;
    if existing.is_empty() {
        return Ok(Vec::new());
    }
    overwrite(http, guild, Vec::new()).await?;
    Ok(existing.into_iter().map(|c| c.name).collect())
}

/// The `id` of `/schedule test` and `/schedule remove`: one of this server's schedules or
/// subscriptions, offered by autocomplete.
fn schedule_id() -> CreateCommandOption {
    CreateCommandOption::new(
        CommandOptionType::String,
        "id",
        "Its id, from /schedule list",
    )
    .required(true)
    .set_autocomplete(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_registered(defs: &[CreateCommand]) -> Vec<Command> {
        // What Discord gives back: our JSON plus ids, versions and defaults.
        defs.iter()
            .enumerate()
            .map(|(i, c)| {
                let mut v = serde_json::to_value(c).unwrap();
                v["id"] = json!((i + 1).to_string());
                v["application_id"] = json!("1");
                v["version"] = json!("1");
                v["type"] = json!(1);
                if v.get("default_member_permissions").is_none() {
                    v["default_member_permissions"] = Value::Null;
                }
                serde_json::from_value(v).expect("registered command deserializes")
            })
            .collect()
    }

    #[test]
    fn the_contract_has_every_command_and_subcommand() {
        let defs: Vec<Value> = definitions(&["What Happened".into()])
            .iter()
            .map(|c| serde_json::to_value(c).unwrap())
            .collect();
        let names: Vec<&str> = defs.iter().map(|d| d["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            [
                "brief",
                "position",
                "subscribe",
                "unsubscribe",
                "schedule",
                "library",
                "help"
            ]
        );
        let subs = |d: &Value| {
            d["options"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["name"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        // Nothing a member may not use sits under the public `/brief`.
        assert_eq!(subs(&defs[0]), ["latest", "date", "list", "search"]);
        assert_eq!(subs(&defs[4]), ["daily", "list", "test", "remove"]);
        assert_eq!(subs(&defs[5]), ["add", "sources"]);
        assert_eq!(defs[5]["options"][0]["options"][0]["name"], "file");
        assert_eq!(defs[5]["options"][0]["options"][0]["type"], 11);
        for d in &defs {
            assert!(!d["description"].as_str().unwrap().is_empty());
            let moderator = ["subscribe", "unsubscribe", "schedule", "library"]
                .contains(&d["name"].as_str().unwrap());
            assert_eq!(
                d["default_member_permissions"] == json!("32"),
                moderator,
                "{}",
                d["name"]
            );
        }
        assert_eq!(
            defs[0]["options"][0]["type"], 1,
            "subcommands are option type 1"
        );
        assert_eq!(defs[0]["options"][1]["options"][0]["autocomplete"], true);
        assert_eq!(
            defs[0]["options"][0]["options"][0]["choices"][0]["value"],
            "What Happened"
        );
        assert_eq!(defs[1]["options"][0]["autocomplete"], true);
        assert_eq!(defs[0]["options"][3]["options"][1]["name"], "page");
        assert_eq!(defs[1]["options"][2]["name"], "page");
        assert_eq!(defs[1]["options"][2]["type"], 4);
        assert_eq!(defs[2]["options"][1]["name"], "sections");
        assert_eq!(defs[2]["options"][1]["autocomplete"], true);
        assert_eq!(defs[2]["options"][2]["name"], "role");
        assert_eq!(defs[2]["options"][2]["type"], 8);
        assert_eq!(defs[4]["options"][0]["options"][4]["name"], "role");
        assert_eq!(defs[4]["options"][0]["options"][3]["autocomplete"], true);
        for sub in [2, 3] {
            assert_eq!(defs[4]["options"][sub]["options"][0]["name"], "id");
            assert_eq!(defs[4]["options"][sub]["options"][0]["autocomplete"], true);
        }
    }

    #[test]
    fn the_scope_not_registered_in_is_cleared() {
        let g = |id: u64| Some(GuildId::new(id));
        // Per guild: the global set and the sets of other guilds the bot is in are stale.
        assert_eq!(
            scopes(&[1, 2], &[1, 2, 3]),
            Scopes {
                register: vec![g(1), g(2)],
                clear: vec![None, g(3)],
            }
        );
        // Global: every guild's set is stale.
        assert_eq!(
            scopes(&[], &[1, 3]),
            Scopes {
                register: vec![None],
                clear: vec![g(1), g(3)],
            }
        );
        assert_eq!(scope_name(None), "global");
        assert_eq!(scope_name(g(7)), "guild 7");
    }

    #[test]
    fn registered_commands_match_until_something_changes() {
        let defs = definitions(&["What Happened".into()]);
        let registered = as_registered(&defs);
        assert!(matches(&defs, &registered));
        assert!(!matches(
            &definitions(&["Why It Matters".into()]),
            &registered
        ));
        assert!(!matches(&defs, &registered[1..]));
    }
}
