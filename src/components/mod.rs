//! Pieces shared by several routes.

pub mod error_view;
pub mod loading;
pub mod post_body;
pub mod post_card;
pub mod post_header;
pub mod post_list;
pub mod prefetch;
pub mod search_box;
pub mod search_keys;
pub mod search_list;
pub mod search_marks;
pub mod search_result;
pub mod search_state;
pub mod site_header;
pub mod site_link;
pub mod skeleton;
pub mod theme_toggle;
pub mod toc;
