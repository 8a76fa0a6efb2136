//! The shipped deployment files agree with the site: every video player `quire.toml` allows
//! is allowed by the Content-Security-Policy in `deploy/nginx/quire-headers.conf`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use quire_build::SiteSettings;
use quire_build::headers::{blocked_players, csp_sources};
use std::path::Path;

#[test]
fn every_video_host_of_the_site_can_play_under_the_shipped_policy() {
    let settings =
        SiteSettings::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../quire.toml"))
            .expect("the repository's quire.toml reads");
    let blocked = blocked_players(&settings.video_hosts);
    assert!(
        blocked.is_empty(),
        "quire.toml's video_hosts allow players that frame-src {:?} in deploy/nginx/quire-headers.conf blocks: {blocked:?}",
        csp_sources("frame-src")
    );
}
