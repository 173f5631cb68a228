//! Uses the generated sqlx structs (cargo check in CI; see ../README.md).
mod dbgen;

use dbgen::{PostInsert, Role, UserId};

fn main() {
    let post = PostInsert { author_id: UserId(1), title: "Hello".to_string(), status: None, tags: None, body: None };
    println!("{:?} {:?}", Role::Admin, post);
}
