//! Application commands: the per-scope registry behind `.../commands`, normalized the way
//! Discord returns commands, and Discord's validation of command definitions.

use super::rest::{snowflake_field, Answer};
use super::*;

pub(super) fn commands_route(
    st: &mut State,
    method: &str,
    scope: Scope,
    rest: &[&str],
    body: Option<&Value>,
) -> Answer {
    let limit = st.cfg.daily_command_create_limit as usize;
    let stats = st.command_stats.entry(scope).or_default();
    let list = st.commands.entry(scope).or_default();
    match (method, rest) {
        ("GET", []) => {
            stats.gets += 1;
            Answer::json(200, Value::Array(list.clone()))
        }
        ("PUT", []) => {
            stats.overwrites += 1;
            let Some(defs) = body.and_then(Value::as_array) else {
                return form_error(&[], "BASE_TYPE_ARRAY", "Must be an array.");
            };
            if defs.len() > 100 {
                return form_error(
                    &[],
                    "BASE_TYPE_MAX_LENGTH",
                    "Must be 100 or fewer in length.",
                );
            }
            for (i, d) in defs.iter().enumerate() {
                if let Err(a) = validate_command(d, &[i.to_string()]) {
                    return a;
                }
                let key = command_key(d);
                if defs[..i].iter().any(|o| command_key(o) == key) {
                    return form_error(
                        &[i.to_string(), "name".into()],
                        "APPLICATION_COMMANDS_DUPLICATE_NAME",
                        "Application command names must be unique",
                    );
                }
            }
            let new_count = defs
                .iter()
                .filter(|d| !list.iter().any(|e| command_key(e) == command_key(d)))
                .count();
            if stats.created + new_count > limit {
                return daily_limit_answer(limit);
            }
            let mut next = Vec::new();
            for d in defs {
                let existing = list.iter().find(|e| command_key(e) == command_key(d));
                let cmd = match existing {
                    Some(e) => {
                        let id = snowflake_field(e, "id").unwrap_or_else(snowflake);
                        let same =
                            strip_identity(&normalize_command(d, scope, 0, 0)) == strip_identity(e);
                        let version = if same {
                            snowflake_field(e, "version").unwrap_or_else(snowflake)
                        } else {
                            stats.updated += 1;
                            snowflake()
                        };
                        normalize_command(d, scope, id, version)
                    }
                    None => {
                        stats.created += 1;
                        normalize_command(d, scope, snowflake(), snowflake())
                    }
                };
                next.push(cmd);
            }
            stats.removed += list
                .iter()
                .filter(|e| !next.iter().any(|n| command_key(n) == command_key(e)))
                .count();
            *list = next;
            Answer::json(200, Value::Array(list.clone()))
        }
        ("POST", []) => {
            stats.posts += 1;
            let Some(d) = body else {
                return form_error(&[], "BASE_TYPE_REQUIRED", "This field is required");
            };
            if let Err(a) = validate_command(d, &[]) {
                return a;
            }
            if let Some(pos) = list.iter().position(|e| command_key(e) == command_key(d)) {
                let id = snowflake_field(&list[pos], "id").unwrap_or_else(snowflake);
                let same = strip_identity(&normalize_command(d, scope, 0, 0))
                    == strip_identity(&list[pos]);
                let version = if same {
                    snowflake_field(&list[pos], "version").unwrap_or_else(snowflake)
                } else {
                    stats.updated += 1;
                    snowflake()
                };
                list[pos] = normalize_command(d, scope, id, version);
                return Answer::json(200, list[pos].clone());
            }
            if stats.created + 1 > limit {
                return daily_limit_answer(limit);
            }
            if list.len() >= 100 {
                return Answer::error(
                    400,
                    30032,
                    "Maximum number of application commands reached (100)",
                );
            }
            stats.created += 1;
            let cmd = normalize_command(d, scope, snowflake(), snowflake());
            list.push(cmd.clone());
            Answer::json(201, cmd)
        }
        ("GET", [id]) => match list.iter().find(|e| e["id"] == json!(id)) {
            Some(c) => Answer::json(200, c.clone()),
            None => Answer::error(404, 10063, "Unknown application command"),
        },
        ("PATCH", [id]) => {
            stats.patches += 1;
            let Some(pos) = list.iter().position(|e| e["id"] == json!(id)) else {
                return Answer::error(404, 10063, "Unknown application command");
            };
            let mut merged = list[pos].clone();
            if let (Some(m), Some(Value::Object(patch))) = (merged.as_object_mut(), body) {
                for (k, v) in patch {
                    m.insert(k.clone(), v.clone());
                }
            }
            if let Err(a) = validate_command(&merged, &[]) {
                return a;
            }
            let cmd_id = snowflake_field(&list[pos], "id").unwrap_or_else(snowflake);
            let same = strip_identity(&normalize_command(&merged, scope, 0, 0))
                == strip_identity(&list[pos]);
            let version = if same {
                snowflake_field(&list[pos], "version").unwrap_or_else(snowflake)
            } else {
                stats.updated += 1;
                snowflake()
            };
            list[pos] = normalize_command(&merged, scope, cmd_id, version);
            Answer::json(200, list[pos].clone())
        }
        ("DELETE", [id]) => {
            stats.deletes += 1;
            let before = list.len();
            list.retain(|e| e["id"] != json!(id));
            if list.len() == before {
                return Answer::error(404, 10063, "Unknown application command");
            }
            stats.removed += 1;
            Answer::no_content()
        }
        _ => Answer::not_found(),
    }
}

pub(super) fn daily_limit_answer(limit: usize) -> Answer {
    let mut a = Answer::json(
        429,
        json!({
            "message": format!("Max number of daily application command creates has been reached ({limit})"),
            "code": 30034,
            "retry_after": 3600.0,
            "global": false
        }),
    );
    a.headers.push(("retry-after".into(), "3600".into()));
    a
}

pub(super) fn command_key(c: &Value) -> (String, u64) {
    (
        c.get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        c.get("type").and_then(Value::as_u64).unwrap_or(1),
    )
}

pub(super) fn strip_identity(c: &Value) -> Value {
    let mut c = c.clone();
    if let Some(m) = c.as_object_mut() {
        for k in ["id", "version", "application_id"] {
            m.remove(k);
        }
    }
    c
}

/// Turns a command definition (what serenity's `CreateCommand` sends) into what Discord returns
/// from GET: defaults dropped or filled in, permissions as strings. A bot that compares its
/// builders with GET output field by field will see these differences, as it would in
/// production.
pub(super) fn normalize_command(d: &Value, scope: Scope, id: u64, version: u64) -> Value {
    let kind = d.get("type").and_then(Value::as_u64).unwrap_or(1);
    let mut out = Map::new();
    out.insert("id".into(), json!(id.to_string()));
    out.insert("application_id".into(), json!(APPLICATION_ID.to_string()));
    out.insert("version".into(), json!(version.to_string()));
    out.insert("type".into(), json!(kind));
    out.insert("name".into(), d.get("name").cloned().unwrap_or(json!("")));
    out.insert(
        "description".into(),
        d.get("description").cloned().unwrap_or(json!("")),
    );
    let perms = match d.get("default_member_permissions") {
        Some(Value::String(s)) => json!(s),
        Some(Value::Number(n)) => json!(n.to_string()),
        _ => Value::Null,
    };
    out.insert("default_member_permissions".into(), perms);
    out.insert(
        "nsfw".into(),
        json!(d.get("nsfw").and_then(Value::as_bool).unwrap_or(false)),
    );
    out.insert(
        "integration_types".into(),
        d.get("integration_types")
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or(json!([0])),
    );
    out.insert(
        "contexts".into(),
        d.get("contexts").cloned().unwrap_or(Value::Null),
    );
    match scope {
        Scope::Global => {
            let dm = d
                .get("dm_permission")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            out.insert("dm_permission".into(), json!(dm));
        }
        Scope::Guild(g) => {
            out.insert("guild_id".into(), json!(g.to_string()));
        }
    }
    for k in ["name_localizations", "description_localizations"] {
        if let Some(Value::Object(m)) = d.get(k) {
            if !m.is_empty() {
                out.insert(k.into(), Value::Object(m.clone()));
            }
        }
    }
    if let Some(Value::Array(opts)) = d.get("options") {
        if !opts.is_empty() {
            out.insert(
                "options".into(),
                Value::Array(opts.iter().map(normalize_option).collect()),
            );
        }
    }
    Value::Object(out)
}

pub(super) fn normalize_option(o: &Value) -> Value {
    let mut out = Map::new();
    for k in ["type", "name", "description"] {
        out.insert(k.into(), o.get(k).cloned().unwrap_or(Value::Null));
    }
    for k in ["required", "autocomplete"] {
        if o.get(k).and_then(Value::as_bool) == Some(true) {
            out.insert(k.into(), json!(true));
        }
    }
    for k in ["min_value", "max_value", "min_length", "max_length"] {
        if let Some(v) = o.get(k).filter(|v| !v.is_null()) {
            out.insert(k.into(), v.clone());
        }
    }
    for k in ["name_localizations", "description_localizations"] {
        if let Some(Value::Object(m)) = o.get(k) {
            if !m.is_empty() {
                out.insert(k.into(), Value::Object(m.clone()));
            }
        }
    }
    if let Some(Value::Array(c)) = o.get("channel_types") {
        if !c.is_empty() {
            out.insert("channel_types".into(), Value::Array(c.clone()));
        }
    }
    if let Some(Value::Array(choices)) = o.get("choices") {
        if !choices.is_empty() {
            let choices = choices
                .iter()
                .map(|c| {
                    let mut m = Map::new();
                    m.insert("name".into(), c.get("name").cloned().unwrap_or(Value::Null));
                    m.insert(
                        "value".into(),
                        c.get("value").cloned().unwrap_or(Value::Null),
                    );
                    if let Some(Value::Object(l)) = c.get("name_localizations") {
                        if !l.is_empty() {
                            m.insert("name_localizations".into(), Value::Object(l.clone()));
                        }
                    }
                    Value::Object(m)
                })
                .collect();
            out.insert("choices".into(), Value::Array(choices));
        }
    }
    if let Some(Value::Array(opts)) = o.get("options") {
        if !opts.is_empty() {
            out.insert(
                "options".into(),
                Value::Array(opts.iter().map(normalize_option).collect()),
            );
        }
    }
    Value::Object(out)
}

pub(super) fn form_error(path: &[String], code: &str, message: &str) -> Answer {
    let mut errors = json!({ "_errors": [{ "code": code, "message": message }] });
    for key in path.iter().rev() {
        errors = json!({ key.clone(): errors });
    }
    Answer::json(
        400,
        json!({ "code": 50035, "message": "Invalid Form Body", "errors": errors }),
    )
}

pub(super) fn valid_command_name(name: &str, chat_input: bool) -> bool {
    let n = name.chars().count();
    if !(1..=32).contains(&n) {
        return false;
    }
    if !chat_input {
        return true;
    }
    name.chars()
        .all(|c| (c.is_alphanumeric() && !c.is_uppercase()) || c == '-' || c == '_')
}

pub(super) fn validate_command(d: &Value, path: &[String]) -> Result<(), Answer> {
    let at = |k: &[&str]| -> Vec<String> {
        path.iter()
            .cloned()
            .chain(k.iter().map(|s| s.to_string()))
            .collect()
    };
    let kind = d.get("type").and_then(Value::as_u64).unwrap_or(1);
    let chat = kind == 1;
    let name = d.get("name").and_then(Value::as_str).unwrap_or("");
    if !valid_command_name(name, chat) {
        return Err(form_error(
            &at(&["name"]),
            "APPLICATION_COMMAND_INVALID_NAME",
            "Command name is invalid",
        ));
    }
    let desc_len = d
        .get("description")
        .and_then(Value::as_str)
        .map_or(0, |s| s.chars().count());
    if chat && !(1..=100).contains(&desc_len) {
        return Err(form_error(
            &at(&["description"]),
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 100 in length.",
        ));
    }
    if let Some(p) = d.get("default_member_permissions") {
        let ok = p.is_null() || p.as_str().is_some_and(|s| s.parse::<u64>().is_ok());
        if !ok {
            return Err(form_error(
                &at(&["default_member_permissions"]),
                "NUMBER_TYPE_COERCE",
                "Value is not a valid permission string.",
            ));
        }
    }
    if let Some(Value::Array(opts)) = d.get("options") {
        validate_options(opts, &at(&["options"]), 0)?;
    }
    Ok(())
}

pub(super) fn validate_options(
    opts: &[Value],
    path: &[String],
    depth: usize,
) -> Result<(), Answer> {
    let at = |i: usize, k: &str| -> Vec<String> {
        path.iter()
            .cloned()
            .chain([i.to_string(), k.to_string()])
            .collect()
    };
    if opts.len() > 25 {
        return Err(form_error(
            path,
            "BASE_TYPE_MAX_LENGTH",
            "Must be 25 or fewer in length.",
        ));
    }
    let is_sub = |o: &Value| matches!(o.get("type").and_then(Value::as_u64), Some(1) | Some(2));
    let subs = opts.iter().filter(|o| is_sub(o)).count();
    if subs != 0 && subs != opts.len() {
        return Err(form_error(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command and sub-command group option types are mutually exclusive to all other types"));
    }
    let mut seen_optional = false;
    for (i, o) in opts.iter().enumerate() {
        let kind = o.get("type").and_then(Value::as_u64).unwrap_or(0);
        let name = o.get("name").and_then(Value::as_str).unwrap_or("");
        if !valid_command_name(name, true) {
            return Err(form_error(
                &at(i, "name"),
                "APPLICATION_COMMAND_INVALID_NAME",
                "Command name is invalid",
            ));
        }
        if opts[..i]
            .iter()
            .any(|p| p.get("name").and_then(Value::as_str) == Some(name))
        {
            return Err(form_error(
                &at(i, "name"),
                "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                "Option names must be unique",
            ));
        }
        let desc_len = o
            .get("description")
            .and_then(Value::as_str)
            .map_or(0, |s| s.chars().count());
        if !(1..=100).contains(&desc_len) {
            return Err(form_error(
                &at(i, "description"),
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            ));
        }
        let required = o.get("required").and_then(Value::as_bool) == Some(true);
        if required && seen_optional {
            return Err(form_error(
                &at(i, "required"),
                "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                "Required options must be placed before non-required options",
            ));
        }
        seen_optional |= !required;
        let choices = o
            .get("choices")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if choices > 25 {
            return Err(form_error(
                &at(i, "choices"),
                "BASE_TYPE_MAX_LENGTH",
                "Must be 25 or fewer in length.",
            ));
        }
        if choices > 0 && o.get("autocomplete").and_then(Value::as_bool) == Some(true) {
            return Err(form_error(
                &at(i, "autocomplete"),
                "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES",
                "Autocomplete cannot be set on options with choices",
            ));
        }
        let nested = o.get("options").and_then(Value::as_array);
        match kind {
            1 | 2 => {
                if depth >= 2 || (kind == 2 && depth >= 1) {
                    return Err(form_error(
                        &at(i, "type"),
                        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                        "Sub-commands cannot be nested this deep",
                    ));
                }
                if let Some(n) = nested {
                    if kind == 2
                        && n.iter()
                            .any(|x| x.get("type").and_then(Value::as_u64) != Some(1))
                    {
                        return Err(form_error(
                            &at(i, "options"),
                            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                            "A sub-command group may hold only sub-commands",
                        ));
                    }
                    validate_options(n, &at(i, "options"), depth + 1)?;
                }
            }
            3..=11 => {
                if nested.is_some_and(|n| !n.is_empty()) {
                    return Err(form_error(
                        &at(i, "options"),
                        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                        "Only sub-commands take options",
                    ));
                }
            }
            _ => {
                return Err(form_error(
                    &at(i, "type"),
                    "BASE_TYPE_CHOICES",
                    "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.",
                ));
            }
        }
    }
    Ok(())
}
