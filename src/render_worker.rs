//! The render worker: a second wasm that the app runs in a Web Worker (see `render_client`),
//! rendering post bodies with `quire_core::render` and plain text for search snippets, so
//! that the app's own wasm carries no Markdown parser. Every request is answered under its
//! id; a request it cannot read is answered with what went wrong, never a panic.

mod render_protocol;

use quire_core::{RenderOptions, Rendered};
use render_protocol::{FromWorker, Job, Outcome, RenderSettings, Request};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let reply = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let answer = match event.data().as_string() {
            Some(text) => answer(&text),
            None => failed(0, "the request is not text".to_string()),
        };
        let _ = reply.post_message(&JsValue::from_str(&answer));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(&to_json(&FromWorker::Ready)));
}

/// The answer to one request (JSON text in, JSON text out).
fn answer(text: &str) -> String {
    match serde_json::from_str::<Request>(text) {
        Ok(Request { id, job }) => to_json(&FromWorker::Answer {
            id,
            outcome: run(job),
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

fn run(job: Job) -> Outcome {
    match job {
        Job::Render { markdown, options } => {
            let Rendered { html, toc, .. } =
                quire_core::render(&markdown, render_options(&options));
            Outcome::Rendered { html, toc }
        }
        Job::PlainText { markdown } => Outcome::Text {
            text: quire_core::markdown::plain_text(&markdown),
        },
    }
}

fn render_options(settings: &RenderSettings) -> RenderOptions<'_> {
    RenderOptions {
        site_url: settings.site_url.as_deref(),
        video_hosts: settings.video_hosts.as_deref(),
        remote_posters: settings.remote_posters,
        base_path: &settings.base_path,
        images: settings.images.as_ref(),
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

    fn parse_answer(answer: &str) -> (u32, Outcome) {
        match serde_json::from_str::<FromWorker>(answer) {
            Ok(FromWorker::Answer { id, outcome }) => (id, outcome),
            other => panic!("not an answer: {other:?} from {answer}"),
        }
    }

    #[test]
    fn a_body_is_rendered_with_its_options() {
        let request = Request {
            id: 7,
            job: Job::Render {
                markdown: "## One\n\n[home](https://blog.example/x/) <script>x</script>".into(),
                options: RenderSettings {
                    site_url: Some("https://blog.example/".into()),
                    base_path: "/blog/".into(),
                    ..RenderSettings::default()
                },
            },
        };
        let text = serde_json::to_string(&request).unwrap();
        let (id, outcome) = parse_answer(&answer(&text));
        assert_eq!(id, 7);
        let Outcome::Rendered { html, toc } = outcome else {
            panic!("{outcome:?}")
        };
        let expected = quire_core::render(
            "## One\n\n[home](https://blog.example/x/) <script>x</script>",
            RenderOptions {
                site_url: Some("https://blog.example/"),
                base_path: "/blog/",
                ..RenderOptions::default()
            },
        );
        assert_eq!(html, expected.html);
        assert!(html.contains("href=\"/blog/x/\""), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert_eq!(toc, expected.toc);
    }

    #[test]
    fn plain_text_is_answered() {
        let text = r#"{"id":3,"job":{"PlainText":{"markdown":"*a* `b`"}}}"#;
        let (id, outcome) = parse_answer(&answer(text));
        assert_eq!(id, 3);
        assert!(matches!(outcome, Outcome::Text { text } if text.trim() == "a b"));
    }

    #[test]
    fn an_unreadable_request_is_answered_with_an_error() {
        let (id, outcome) = parse_answer(&answer(r#"{"id":9,"job":{"Paint":{}}}"#));
        assert_eq!(id, 9);
        assert!(
            matches!(&outcome, Outcome::Failed { error } if error.contains("could not be read")),
            "{outcome:?}"
        );
        let (id, _) = parse_answer(&answer("not json"));
        assert_eq!(id, 0);
    }
}
