//! `/help`: what each command does, with an example.

use crate::reply::{Embed, Field, Reply, COLOR_BRIEF};

const COMMANDS: &[(&str, &str)] = &[
    (
        "/brief latest [section]",
        "The newest brief, or one section of it: `/brief latest section:Why It Matters`.",
    ),
    (
        "/brief date <date> [section]",
        "The brief of a day: `/brief date 2025-09-05`, `5 September 2025`, `Sept 5` or `yesterday`.",
    ),
    ("/brief list [page]", "Every stored brief, newest first."),
    (
        "/brief search <query> [page]",
        "Passages that match, ranked: `/brief search security guarantees`, then `page:2`.",
    ),
    (
        "/position <actor> <topic> [page]",
        "What an actor has said about a topic, quoted and dated: `/position russia troops`, then `page:2`. Topics may be in your own words (`war games`, `frontier`): statements found through related words come last, marked \"on a related topic\".",
    ),
    ("/subscribe [channel] [sections] [role]", "Moderators: post every new brief in a channel, all sections or the ones named (`sections:What Happened, Why It Matters`), mentioning a role if you pick one."),
    ("/unsubscribe [channel]", "Moderators: stop posting new briefs in a channel."),
    ("/schedule daily <time> [timezone] [channel] [sections] [role]", "Moderators: post the newest brief every day at a local time: `/schedule daily time:08:00 timezone:Europe/Kyiv`."),
    ("/schedule list · /schedule remove <id> · /schedule test <id>", "Moderators: this server's schedules and subscriptions, removing one, and posting the newest brief now as one of them would."),
    ("/library add <file> · /library sources", "Moderators: add a brief from an attached file to the library every server shares; see the feeds briefs are fetched from."),
    ("/help", "This list."),
];

pub(crate) fn help() -> Reply {
    Reply::from_embeds(
        vec![Embed {
            title: Some("briefbot commands".into()),
            description: Some("Briefs are short dated analyses. Ask for them by date, search them, or ask who said what.".into()),
            fields: COMMANDS
                .iter()
                .map(|(name, what)| Field { name: (*name).into(), value: (*what).into(), inline: false })
                .collect(),
            color: Some(COLOR_BRIEF),
            ..Embed::default()
        }],
        false,
    )
}
