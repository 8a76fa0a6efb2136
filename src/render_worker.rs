//! The render worker: a second wasm that the app runs in a Web Worker (see `render_client`),
//! rendering post bodies with `quire_core::render` and running search (`worker_search`), so
//! that the app's own wasm carries neither the Markdown parser nor the search engine. Every
//! request is answered under its id; a request it cannot read is answered with what went
//! wrong, never a panic.

mod fetch;
mod render_protocol;
mod worker_search;

use quire_core::Rendered;
use render_protocol::{FromWorker, Job, Outcome, Request};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let reply = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let text = event.data().as_string();
        let reply = reply.clone();
        // Searches wait for files; renders answer at once. Each answers under its own id.
        js_sys::futures::spawn_local(async move {
            let answer = match text {
                Some(text) => answer(&text).await,
                None => failed(0, "the request is not text".to_string()),
            };
            let _ = reply.post_message(&JsValue::from_str(&answer));
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(&to_json(&FromWorker::Ready)));
}

/// The answer to one request (JSON text in, JSON text out).
async fn answer(text: &str) -> String {
    match serde_json::from_str::<Request>(text) {
        Ok(Request { id, job }) => to_json(&FromWorker::Answer {
            id,
            outcome: run(job).await,
        }),
        Err(e) => {
            #[derive(serde::Deserialize)]
            struct Id {
                id: u32,
            }
            let id = serde_json::from_str::<Id>(text).map_or(0, |i| i.id);
            failed(id, format!("the request could not be read: {e}"))
        }
    }
}

async fn run(job: Job) -> Outcome {
    match job {
        Job::Render { markdown, options } => {
            let code = options.code_runs();
            let options = options.options(code.as_ref());
            let Rendered { html, toc, .. } = quire_core::render(&markdown, options);
            Outcome::Rendered { html, toc }
        }
        Job::LoadSearch { base_path } => worker_search::warm(&base_path).await,
        Job::Search {
            base_path,
            input,
            limit,
        } => worker_search::search(&base_path, &input, limit as usize).await,
        Job::BodySnippet { markdown, words } => Outcome::Snippet {
            parts: worker_search::body_snippet(&markdown, &words),
        },
    }
}

fn failed(id: u32, error: String) -> String {
    to_json(&FromWorker::Answer {
        id,
        outcome: Outcome::Failed { error },
    })
}

fn to_json(message: &FromWorker) -> String {
    serde_json::to_string(message).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;
    use quire_core::RenderOptions;
    use render_protocol::RenderSettings;

    /// The answer to a request that needs no file (renders, plain text): ready at once.
    fn answer_now(text: &str) -> String {
        answer(text)
            .now_or_never()
            .expect("answered without waiting")
    }

    fn parse_answer(answer: &str) -> (u32, Outcome) {
        match serde_json::from_str::<FromWorker>(answer) {
            Ok(FromWorker::Answer { id, outcome }) => (id, outcome),
            other => panic!("not an answer: {other:?} from {answer}"),
        }
    }

    /// A runs file as the builder writes it: the first block's first two bytes a keyword.
    fn code_runs_file(text: &str) -> String {
        use quire_core::markdown::code::{BlockRuns, CODE_RUNS_VERSION, CodeRuns, text_hash};
        let runs = CodeRuns {
            version: CODE_RUNS_VERSION,
            blocks: vec![BlockRuns {
                block: 0,
                hash: text_hash(text),
                runs: vec![2, 1, text.len() as u32 - 2, 0],
            }],
        };
        serde_json::to_string(&runs).unwrap()
    }

    /// The runs file the app sends with a body colours its code; one the worker cannot read
    /// leaves it plain.
    #[test]
    fn a_body_is_rendered_with_its_code_runs() {
        use quire_core::json::ToJson;
        let markdown = "```rust\nfn x\n```\n";
        let render = |code: Option<String>| {
            let request = Request {
                id: 3,
                job: Job::Render {
                    markdown: markdown.into(),
                    options: RenderSettings {
                        code,
                        ..RenderSettings::default()
                    },
                },
            };
            match parse_answer(&answer_now(&request.to_json())) {
                (3, Outcome::Rendered { html, .. }) => html,
                other => panic!("{other:?}"),
            }
        };
        let html = render(Some(code_runs_file("fn x\n")));
        assert!(
            html.contains("<code class=\"language-rust\"><span class=\"hl-keyword\">fn</span> x"),
            "{html}"
        );
        let plain = quire_core::render_markdown(markdown);
        assert_eq!(render(Some("{not json".into())), plain);
        assert_eq!(render(None), plain);
    }

    #[test]
    fn a_body_is_rendered_with_its_options() {
        let site = quire_core::SiteInfo::default();
        let options = RenderOptions::for_site(&site, "https://blog.example/", "/blog/");
        let request = Request {
            id: 7,
            job: Job::Render {
                markdown: "## One\n\n[home](https://blog.example/x/) <script>x</script>".into(),
                options: RenderSettings::from(options),
            },
        };
        let text = serde_json::to_string(&request).unwrap();
        let (id, outcome) = parse_answer(&answer_now(&text));
        assert_eq!(id, 7);
        let Outcome::Rendered { html, toc } = outcome else {
            panic!("{outcome:?}")
        };
        let expected = quire_core::render(
            "## One\n\n[home](https://blog.example/x/) <script>x</script>",
            options,
        );
        assert_eq!(html, expected.html);
        assert!(html.contains("href=\"/blog/x/\""), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert_eq!(toc, expected.toc);
    }

    #[test]
    fn a_body_snippet_is_cut_from_the_readable_text() {
        let text = r#"{"id":3,"job":{"BodySnippet":{"markdown":"Intro *with* `code`.\n\n## Cargo\n\nWe build with **cargo** daily.","words":["cargo"]}}}"#;
        let (id, outcome) = parse_answer(&answer_now(text));
        assert_eq!(id, 3);
        let Outcome::Snippet { parts: Some(parts) } = outcome else {
            panic!("{outcome:?}")
        };
        let marked: Vec<_> = parts
            .iter()
            .filter(|p| p.marked)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["Cargo", "cargo"]);
        let whole: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert!(!whole.contains('*') && !whole.contains('#'), "{whole}");
        let none =
            r#"{"id":4,"job":{"BodySnippet":{"markdown":"nothing here","words":["cargo"]}}}"#;
        let (_, outcome) = parse_answer(&answer_now(none));
        assert!(
            matches!(outcome, Outcome::Snippet { parts: None }),
            "{outcome:?}"
        );
    }

    /// The app reads answers with `quire_core::json`, the worker writes them with serde:
    /// every kind reads back equal.
    #[test]
    fn the_app_reads_every_answer_as_the_worker_writes_it() {
        use quire_core::search::{HighlightEntry, SnippetPart};
        let parts = vec![
            SnippetPart {
                text: "a ".into(),
                marked: false,
            },
            SnippetPart {
                text: "cargo".into(),
                marked: true,
            },
        ];
        let outcomes = [
            Outcome::Rendered {
                html: "<p>x</p>\n".into(),
                toc: vec![quire_core::markdown::TocEntry {
                    level: 2,
                    id: "a".into(),
                    text: "A".into(),
                }],
            },
            Outcome::SearchReady,
            Outcome::Found {
                total: 12,
                words: vec!["cargo".into()],
                found: vec![
                    render_protocol::FoundPost {
                        post: 3,
                        highlight: Some(HighlightEntry {
                            post: 0,
                            name: "Cargo".into(),
                            url: None,
                            text: "t".into(),
                            section: Some("s".into()),
                        }),
                        snippet: Some(parts.clone()),
                    },
                    render_protocol::FoundPost {
                        post: 0,
                        highlight: None,
                        snippet: None,
                    },
                ],
                rank_us: 1234,
            },
            Outcome::Snippet { parts: Some(parts) },
            Outcome::Snippet { parts: None },
            Outcome::Failed {
                error: "could not \u{1} reach".into(),
            },
        ];
        let messages = std::iter::once(FromWorker::Ready).chain(
            outcomes
                .into_iter()
                .map(|outcome| FromWorker::Answer { id: 7, outcome }),
        );
        for message in messages {
            let text = to_json(&message);
            assert_eq!(
                quire_core::json::from_str::<FromWorker>(&text),
                Ok(message),
                "{text}"
            );
        }
        assert!(
            quire_core::json::from_str::<FromWorker>(r#"{"Answer":{"id":1,"outcome":"Paint"}}"#)
                .is_err()
        );
        assert!(quire_core::json::from_str::<FromWorker>(r#"{"Ready":{},"Answer":{}}"#).is_err());
    }

    /// The app writes requests with `quire_core::json`, the worker reads them with serde:
    /// every kind reads back as written.
    #[test]
    fn the_worker_reads_every_request_as_the_app_writes_it() {
        use quire_core::json::ToJson;
        let site = quire_core::SiteInfo::default();
        let sizes = quire_core::ImageSizes::from(vec!["640 480 [480] /a \"b\".png".to_string()]);
        let files = ["figure.png".to_string(), "data/run \"1\".csv".to_string()];
        let jobs = [
            Job::Render {
                markdown: "# T\n\n\u{1}\"q\" é 😀".into(),
                options: RenderSettings::from(
                    RenderOptions::for_site(&site, "https://x.example/", "/blog/")
                        .with_images(&sizes)
                        .with_files("/blog/2024/05/b/", &files),
                ),
            },
            Job::Render {
                markdown: String::new(),
                options: RenderSettings::default(),
            },
            Job::Render {
                markdown: "```rust\nfn x\n```\n".into(),
                options: RenderSettings {
                    code: Some(code_runs_file("fn x\n")),
                    ..RenderSettings::default()
                },
            },
            Job::LoadSearch {
                base_path: "/".into(),
            },
            Job::Search {
                base_path: "/blog/".into(),
                input: "cargo \\ build".into(),
                limit: 8,
            },
            Job::BodySnippet {
                markdown: "x".into(),
                words: vec!["a".into(), "b".into()],
            },
        ];
        for job in jobs {
            let request = Request { id: 42, job };
            let text = request.to_json();
            assert_eq!(text, serde_json::to_string(&request).unwrap());
        }
    }

    #[test]
    fn an_unreadable_request_is_answered_with_an_error() {
        let (id, outcome) = parse_answer(&answer_now(r#"{"id":9,"job":{"Paint":{}}}"#));
        assert_eq!(id, 9);
        assert!(
            matches!(&outcome, Outcome::Failed { error } if error.contains("could not be read")),
            "{outcome:?}"
        );
        let (id, _) = parse_answer(&answer_now("not json"));
        assert_eq!(id, 0);
    }
}
