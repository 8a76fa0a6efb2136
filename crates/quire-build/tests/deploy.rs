//! The shipped deployment files agree with the site and with each other: every video player
//! `quire.toml` allows is allowed by the Content-Security-Policy in
//! `deploy/nginx/quire-headers.conf`, and the deploy guide quotes that policy as it is.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use quire_build::headers::{blocked_players, csp_sources};
use quire_build::settings;
use std::path::Path;

#[test]
fn every_video_host_of_the_site_can_play_under_the_shipped_policy() {
    let settings = settings::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../quire.toml"))
        .expect("the repository's quire.toml reads");
    let blocked = blocked_players(&settings.video_hosts);
    assert!(
        blocked.is_empty(),
        "quire.toml's video_hosts allow players that frame-src {:?} in deploy/nginx/quire-headers.conf blocks: {blocked:?}",
        csp_sources("frame-src")
    );
}

#[test]
fn the_deploy_guide_quotes_the_shipped_policy() {
    let guide = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/README.md"),
    )
    .expect("deploy/README.md reads");
    let policy = quire_build::headers::security_headers()
        .into_iter()
        .find(|(name, _)| *name == "Content-Security-Policy")
        .map(|(_, value)| value)
        .expect("the nginx snippet has a policy");
    assert!(
        guide.contains(&format!("Content-Security-Policy = \"{policy}\"")),
        "deploy/README.md's netlify.toml example must quote the policy of deploy/nginx/quire-headers.conf: {policy}"
    );
}
